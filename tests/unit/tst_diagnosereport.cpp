// SPDX-License-Identifier: MIT
// `msim-cli diagnose --report DIR` (DESIGN.md §4): the files DiagnoseReport writes and what its
// report.html says, on hand-built results: faults found (modelled on exchange55-presp2, whose
// partial FETCH replies overrun their literal over SSL only: KB Q194998), conformant, could not
// run, and a hostile server whose text holds markup and control characters.
#include "ReportFiles.h"
#include "diagnose/DiagnoseOutput.h"
#include "diagnose/DiagnoseReport.h"
#include "diagnose/DiagnoseReportHtml.h"
#include "net/Transcript.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>
#include <QXmlStreamReader>

using namespace msim;
using namespace msim::diagnose;
using namespace msim::testsupport;
using namespace Qt::StringLiterals;

namespace {

const QString kOverrun = QStringLiteral("partial-overrun-unframed");

// A table row of the page: its class and the text of each cell.
struct Row
{
    QString cls;
    QStringList cells;
    bool operator==(const Row &) const = default;
};

// The rows of the first <table> whose `attribute` is `value` (none: an empty list).
QList<Row> tableRows(const QString &html, const QString &attribute, const QString &value)
{
    QXmlStreamReader r(html);
    QList<Row> rows;
    int depth = 0; // inside the table: its element depth; 0 outside
    int level = 0;
    while (!r.atEnd()) {
        r.readNext();
        if (r.isStartElement()) {
            ++level;
            const QString name = r.name().toString();
            if (depth == 0 && name == QLatin1String("table") &&
                r.attributes().value(attribute) == value)
                depth = level;
            else if (depth && name == QLatin1String("tr"))
                rows << Row{r.attributes().value(QLatin1String("class")).toString(), {}};
            else if (depth && (name == QLatin1String("td") || name == QLatin1String("th"))) {
                rows.last().cells << r.readElementText(QXmlStreamReader::IncludeChildElements);
                --level; // readElementText consumed the end element
            }
        } else if (r.isEndElement()) {
            if (depth == level)
                return rows;
            --level;
        }
    }
    return rows;
}

// The text of the element whose id is `id`, with its children's ("" when there is none).
QString textOf(const QString &html, const QString &id)
{
    QXmlStreamReader r(html);
    while (!r.atEnd()) {
        r.readNext();
        if (r.isStartElement() && r.attributes().value(QLatin1String("id")) == id)
            return r.readElementText(QXmlStreamReader::IncludeChildElements);
    }
    return {};
}

ProbeResult probe(net::Security transport, const QString &name, const QByteArray &text,
                  ProbeVerdict verdict, const QString &evidence, int tag)
{
    ProbeResult p;
    p.spec.name = name;
    p.spec.uid = text.isEmpty() ? 0 : 320; // latency is about no message
    p.spec.text = text;
    p.transport = transport;
    p.command = text.isEmpty() ? QByteArray() : QByteArray::number(tag) + ' ' + text;
    p.verdict = verdict;
    p.evidence = evidence;
    return p;
}

fetch::ServerInfo serverInfo(net::Security security, quint16 port)
{
    fetch::ServerInfo s;
    s.host = QStringLiteral("127.0.0.1");
    s.port = port;
    s.security = security;
    s.greeting = "* OK Microsoft Exchange IMAP4rev1 server version 5.5.2232.0 ready";
    s.capabilities = {"IMAP4rev1", "AUTH=NTLM"};
    if (security != net::Security::None) {
        s.tls.emplace();
        s.tls->protocol = QStringLiteral("TLSv1.2");
        s.tls->cipher = QStringLiteral("ECDHE-RSA-AES256-GCM-SHA384");
    }
    return s;
}

// A probe connection as the battery records it: the LOGIN's password redacted.
net::TranscriptPtr loginTranscript(const QString &label)
{
    auto t = std::make_shared<net::Transcript>(label);
    t->recordReceived("* OK Microsoft Exchange IMAP4rev1 server version 5.5.2232.0 ready\r\n");
    const QByteArray login = "1 login test secret\r\n";
    t->recordSent(login, {{login.indexOf("secret"), login.indexOf("secret") + 6}});
    t->recordReceived("1 OK LOGIN completed\r\n");
    return t;
}

// exchange55-presp2 probed over plain text and SSL: the 4.5 chunk overruns over SSL only.
DiagnoseResult faultsFound()
{
    DiagnoseResult r;
    r.server = serverInfo(net::Security::None, 1143);
    r.transports = {r.server, serverInfo(net::Security::Ssl, 1993)};
    ProbedMessage m;
    m.uid = 320;
    m.rfc822Size = 20000;
    m.wasSeen = false;
    m.reference = QByteArray("Subject: probe\r\n\r\n") + QByteArray(19982, 'x');
    r.messages = {m};
    const QByteArray ref = "UID fetch 320 (UID RFC822.SIZE BODY.PEEK[])";
    const QByteArray chunk1 = "UID fetch 320 (UID RFC822.SIZE BODY[]<0.6144>)";
    const QByteArray first = "UID fetch 320 (UID BODY.PEEK[]<0.1024>)";
    int tag = 2;
    for (net::Security s : {net::Security::None, net::Security::Ssl}) {
        const bool ssl = s == net::Security::Ssl;
        r.probes << probe(s, QStringLiteral("reference"), ref, ProbeVerdict::Pass,
                          QStringLiteral("20000 octets, as RFC822.SIZE says."), tag++);
        r.probes << probe(s, QStringLiteral("messenger45-chunk-1"), chunk1,
                          ssl ? ProbeVerdict::Fail : ProbeVerdict::Pass,
                          ssl ? QStringLiteral("1500 octets followed the 6144-octet literal.")
                              : QStringLiteral("6144 octets at origin 0, as asked."),
                          tag++);
        if (ssl)
            r.probes.last().observations << QString::fromLatin1(observation::kOverrunUnframed);
        r.probes << probe(s, QStringLiteral("first"), first, ProbeVerdict::Pass,
                          QStringLiteral("1024 octets at origin 0, as asked."), tag++);
        r.probes << probe(s, QStringLiteral("latency"), {}, ProbeVerdict::Skipped,
                          QStringLiteral("No chunk reply to time."), tag++);
    }

    DiagnosedFault f;
    f.id = kOverrun;
    f.title = QStringLiteral(
        "Unframed overrun: octets after a chunk's literal that the literal did not count");
    f.references = {QStringLiteral("KB Q194998")};
    f.transports = {net::Security::Ssl};
    f.clean = {net::Security::None};
    f.sentence = QStringLiteral(
        "Unframed overrun: octets after a chunk's literal that the literal did not count "
        "(partial-overrun-unframed) over ssl only, not over none; this is KB Q194998.");
    f.serverFix = FaultCatalogue::shared().fault(kOverrun)->serverFix;
    f.evidence = QStringLiteral("Over ssl, messenger45-chunk-1 received 1500 octets after its "
                                "6144-octet literal.");
    f.uid = 320;
    const auto affect = [](const char *preset, const char *sentence,
                           std::optional<fetch::Verdict> v) {
        return AffectedClient{QString::fromLatin1(preset), QString::fromLatin1(sentence), v};
    };
    f.affects = {
        affect("messenger45", "truncated: shows 6144 of 20000 octets, then logs out",
               fetch::Verdict::Truncated),
        affect("kb-q194998", "truncated: shows 6144 of 20000 octets, then logs out",
               fetch::Verdict::Truncated),
        affect("messenger407", "truncated: shows 10240 of 20000 octets, then logs out",
               fetch::Verdict::Truncated),
        affect("thunderbird", "fine: shows all 20000 octets", fetch::Verdict::Complete),
    };
    WorkaroundCandidate whole;
    whole.prefs = {{QStringLiteral("mail.imap.fetch_by_chunks"), QStringLiteral("false")}};
    whole.verified = true;
    whole.evidence = QStringLiteral("The re-run shows all 20000 octets.");
    WorkaroundCandidate tb;
    tb.preset = QStringLiteral("thunderbird");
    tb.prefs = {{QStringLiteral("mail.server.default.fetch_by_chunks"), QStringLiteral("false")}};
    tb.verified = false;
    tb.evidence = QStringLiteral("Not tried: Thunderbird is fine without it.");
    f.candidates = {whole, tb};
    f.workaround = 0;
    r.faults = {f};
    r.notes = {QStringLiteral("STARTTLS is not advertised on the plain port.")};
    r.transcripts = {loginTranscript(QStringLiteral("probe connection 1 (none)")),
                     loginTranscript(QStringLiteral("probe connection 2 (ssl)"))};
    return r;
}

// The same server with nothing wrong: every probe passes.
DiagnoseResult conformant()
{
    DiagnoseResult r = faultsFound();
    r.faults.clear();
    for (ProbeResult &p : r.probes) {
        if (p.verdict == ProbeVerdict::Fail) {
            p.verdict = ProbeVerdict::Pass;
            p.evidence = QStringLiteral("6144 octets at origin 0, as asked.");
            p.observations.clear();
        }
    }
    return r;
}

DiagnoseResult couldNotRun()
{
    DiagnoseResult r;
    r.error = QStringLiteral("could not connect to 127.0.0.1:1143: connection refused");
    return r;
}

const QString kScript = QStringLiteral("<script>alert(1)</script>");

// A server whose greeting and evidence hold markup, ESC and a NUL.
DiagnoseResult hostile()
{
    DiagnoseResult r = faultsFound();
    const QByteArray greeting = QByteArray("* OK ") + kScript.toLatin1() + "\x1b]0;owned\x07" +
                                QByteArray(1, '\0') + " ready";
    r.server.greeting = greeting;
    r.transports[0].greeting = greeting;
    r.transports[1].capabilities << "<img src=x onerror=alert(2)>";
    r.probes[5].evidence = QStringLiteral("the server said ") + kScript +
                           QStringLiteral("\x1b[2J") + QChar(0) + QStringLiteral(" twice");
    r.faults[0].evidence = r.probes[5].evidence;
    r.faults[0].candidates[0].evidence = kScript;
    r.warnings = {QStringLiteral("<iframe src=\"http://example.invalid\">")};
    return r;
}

} // namespace

class tst_DiagnoseReport : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void theFolderHoldsEveryFile()
    {
        QTemporaryDir tmp;
        QVERIFY(tmp.isValid());
        const DiagnoseResult r = faultsFound();
        QString error;
        scenario::ReportContext ctx;
        ctx.command = QStringLiteral("msim-cli diagnose --port 1143 --tls-port 1993 --user test "
                                     "--report out");
        const QString dir = tmp.filePath(QStringLiteral("out/diag"));
        QVERIFY2(DiagnoseReport::write(dir, r, ctx, &error), qPrintable(error));
        QCOMPARE(filesUnder(dir),
                 (QStringList{QStringLiteral("320.reference.eml"), QStringLiteral("capture.pcapng"),
                              QStringLiteral("report.html"), QStringLiteral("report.json"),
                              QStringLiteral("transcript.txt")}));
        QCOMPARE(readAll(dir + QStringLiteral("/320.reference.eml")), *r.messages[0].reference);
        QCOMPARE(readAll(dir + QStringLiteral("/transcript.txt")), r.transcriptText().toUtf8());
        QVERIFY(r.transcriptText().contains(QLatin1String("login test <redacted>")));
        QCOMPARE(readAll(dir + QStringLiteral("/report.json")), DiagnoseOutput::json(r));
        QJsonParseError parse;
        const QJsonDocument json =
            QJsonDocument::fromJson(readAll(dir + QStringLiteral("/report.json")), &parse);
        QCOMPARE(parse.error, QJsonParseError::NoError);
        QCOMPARE(json.object().value(QLatin1String("verdict")).toString(),
                 QStringLiteral("faults_found"));
        // The page on disk links the files beside it; the page alone does not.
        const QString page = QString::fromUtf8(readAll(dir + QStringLiteral("/report.html")));
        QVERIFY(page.contains(QLatin1String("href=\"320.reference.eml\"")));
        QVERIFY(page.contains(QLatin1String("href=\"transcript.txt\"")));
        const QString alone = QString::fromUtf8(DiagnoseReport::html(r, ctx));
        QVERIFY(!alone.contains(QLatin1String("href=\"320.reference.eml\"")));
        QVERIFY(!alone.contains(QLatin1String("href=\"transcript.txt\"")));
        // No password anywhere.
        const QStringList leaks = filesContaining(dir, "secret");
        QVERIFY2(leaks.isEmpty(), qPrintable(leaks.join(QLatin1Char('\n'))));
    }

    // A message whose reference probe failed has no reference file.
    void noReferenceNoFile()
    {
        QTemporaryDir tmp;
        DiagnoseResult r = faultsFound();
        r.messages[0].reference.reset();
        QString error;
        QVERIFY2(DiagnoseReport::write(tmp.path(), r, {}, &error), qPrintable(error));
        QCOMPARE(filesUnder(tmp.path()),
                 (QStringList{QStringLiteral("capture.pcapng"), QStringLiteral("report.html"),
                              QStringLiteral("report.json"), QStringLiteral("transcript.txt")}));
        QCOMPARE(tableRows(DiagnoseReportHtml::page(r, {}, true), QStringLiteral("class"),
                           QStringLiteral("messages"))
                     .value(1)
                     .cells,
                 (QStringList{QStringLiteral("320"), QStringLiteral("20000"),
                              QStringLiteral("not fetched")}));
    }

    void writeReportsFailure()
    {
        QTemporaryDir tmp;
        const QString blocked = unwritableFolder(tmp);
        QVERIFY(!blocked.isEmpty());
        QString error;
        QVERIFY(!DiagnoseReport::write(blocked, faultsFound(), {}, &error));
        QVERIFY2(error.contains(QLatin1String("file/report")), qPrintable(error));
    }

    void theBanner_data()
    {
        QTest::addColumn<int>("which");
        QTest::addColumn<QString>("banner");
        QTest::addColumn<QString>("cls");
        QTest::newRow("faults found")
            << 0 << QStringLiteral("1 known fault found") << QStringLiteral("banner faults");
        QTest::newRow("conformant")
            << 1 << QStringLiteral("Conformant: no known partial-FETCH fault found")
            << QStringLiteral("banner conformant");
        QTest::newRow("could not run")
            << 2
            << QStringLiteral(
                   "Could not run: could not connect to 127.0.0.1:1143: connection refused")
            << QStringLiteral("banner error");
    }
    void theBanner()
    {
        QFETCH(int, which);
        QFETCH(QString, banner);
        QFETCH(QString, cls);
        const DiagnoseResult r = QList{faultsFound(), conformant(), couldNotRun()}[which];
        const QString html = DiagnoseReportHtml::page(r, {}, true);
        const QString err = pageMarkupError(html);
        QVERIFY2(err.isEmpty(), qPrintable(err));
        QCOMPARE(textOf(html, QStringLiteral("verdict")), banner);
        QVERIFY(html.contains(QStringLiteral("<div class=\"%1\" id=\"verdict\">").arg(cls)));
        // Only a result with faults says it found one, and only it has fault sections.
        const bool found = !r.faults.isEmpty();
        QCOMPARE(banner.contains(QLatin1String("known fault found")) ||
                     banner.contains(QLatin1String("known faults found")),
                 found);
        QCOMPARE(html.contains(QLatin1String("<h4>Workaround</h4>")), found);
        QCOMPARE(html.contains(QLatin1String("class=\"candidates\"")), found);
        QCOMPARE(html.contains(QLatin1String("class=\"fault\"")), found);
    }

    void twoFaultsAreCounted()
    {
        DiagnoseResult r = faultsFound();
        r.faults << r.faults[0];
        r.faults[1].id = QStringLiteral("size-under-reported");
        QCOMPARE(DiagnoseReportHtml::banner(r), QStringLiteral("2 known faults found"));
    }

    void theFaultSection()
    {
        const DiagnoseResult r = faultsFound();
        const DiagnosedFault &f = r.faults[0];
        scenario::ReportContext ctx;
        ctx.command = QStringLiteral("msim-cli diagnose --port 1143 --tls-port 1993");
        const QString html = QString::fromUtf8(DiagnoseReport::html(r, ctx));
        QVERIFY(html.contains(QLatin1String("<h1>msim diagnose</h1>")));
        QVERIFY(html.contains(QLatin1String("<p class=\"meta\">Made with <span class=\"mono\">"
                                            "msim-cli diagnose --port 1143 --tls-port 1993"
                                            "</span></p>")));
        const QString section = textOf(html, u"fault-"_s + kOverrun);
        QVERIFY(section.trimmed().startsWith(f.title + u" "_s + kOverrun));
        QVERIFY(html.contains(u"<h3>"_s + f.title.toHtmlEscaped() + u" <span class=\"mono\">"_s +
                              kOverrun + u"</span></h3>"_s));
        QVERIFY(html.contains(u"<p class=\"sentence\">"_s +
                              DiagnoseOutput::faultSentence(f).toHtmlEscaped() + u"</p>"_s));
        // The reference, with the catalogue's title for it.
        const FaultEntry *entry = FaultCatalogue::shared().fault(kOverrun);
        QVERIFY(entry);
        QVERIFY(html.contains(u"<li>KB Q194998: "_s + entry->references[0].title.toHtmlEscaped() +
                              u"</li>"_s));
        QVERIFY(html.contains(
            QLatin1String("Seen over <b>SSL</b>, not over <b>plain text</b> on UID <b>320</b>")));
        QVERIFY(section.contains(f.evidence));
        QCOMPARE(tableRows(html, QStringLiteral("class"), QStringLiteral("affects")),
                 (QList<Row>{
                     {{}, {u"client preset"_s, u"verdict"_s, u"what it shows"_s}},
                     {{},
                      {u"messenger45"_s, u"truncated"_s,
                       u"truncated: shows 6144 of 20000 octets, then logs out"_s}},
                     {{},
                      {u"kb-q194998"_s, u"truncated"_s,
                       u"truncated: shows 6144 of 20000 octets, then logs out"_s}},
                     {{},
                      {u"messenger407"_s, u"truncated"_s,
                       u"truncated: shows 10240 of 20000 octets, then logs out"_s}},
                     {{}, {u"thunderbird"_s, u"complete"_s, u"fine: shows all 20000 octets"_s}},
                 }));
        // The verified candidate is highlighted; the other is not.
        QCOMPARE(tableRows(html, QStringLiteral("class"), QStringLiteral("candidates")),
                 (QList<Row>{
                     {{}, {u"prefs"_s, u"verified"_s, u"evidence"_s}},
                     {u"verified"_s,
                      {DiagnoseOutput::candidateText(f.candidates[0]), u"yes"_s,
                       u"The re-run shows all 20000 octets."_s}},
                     {{},
                      {DiagnoseOutput::candidateText(f.candidates[1]), u"no"_s,
                       u"Not tried: Thunderbird is fine without it."_s}},
                 }));
        QVERIFY(html.contains(u"Verified: <span class=\"mono\">"_s +
                              DiagnoseOutput::candidateText(f.candidates[0]).toHtmlEscaped()));
        QVERIFY(!f.serverFix.isEmpty());
        QVERIFY(
            html.contains(u"<p class=\"server-fix\">"_s + f.serverFix.toHtmlEscaped() + u"</p>"_s));
    }

    // A contrast: no candidate verified, so none is highlighted and none is called verified.
    void noVerifiedWorkaround()
    {
        DiagnoseResult r = faultsFound();
        r.faults[0].candidates[0].verified = false;
        r.faults[0].workaround = -1;
        const QString html = DiagnoseReportHtml::page(r, {}, false);
        QVERIFY(html.contains(QLatin1String(
            "<p class=\"workaround\">No candidate came back complete: none is verified.</p>")));
        QVERIFY(!html.contains(QLatin1String("Verified:")));
        QVERIFY(!html.contains(QLatin1String("<tr class=\"verified\">")));
        // Probed over SSL only: nothing is said of a transport that was not probed.
        DiagnoseResult sslOnly = faultsFound();
        sslOnly.faults[0].clean.clear();
        const QString one = DiagnoseReportHtml::page(sslOnly, {}, false);
        QVERIFY(one.contains(QLatin1String("<p class=\"meta\">Seen over <b>SSL</b> on UID "
                                           "<b>320</b></p>")));
        QVERIFY(!one.contains(QLatin1String(", not over <b>")));
    }

    // A reference with a public address in the catalogue is a link.
    void referenceLinks()
    {
        const FaultCatalogue &cat = FaultCatalogue::shared();
        const FaultEntry *linked = nullptr;
        for (const FaultEntry &e : cat.faults())
            for (const FaultReference &ref : e.references)
                if (!linked && !ref.url.isEmpty())
                    linked = &e;
        if (!linked)
            QSKIP("the built-in catalogue has no reference with an address");
        DiagnoseResult r = faultsFound();
        r.faults[0].id = linked->id;
        r.faults[0].references.clear();
        for (const FaultReference &ref : linked->references)
            r.faults[0].references << ref.id;
        const QString html = DiagnoseReportHtml::page(r, {}, false);
        for (const FaultReference &ref : linked->references) {
            if (ref.url.isEmpty())
                QVERIFY(!html.contains(u">"_s + ref.id.toHtmlEscaped() + u"</a>"_s));
            else
                QVERIFY2(html.contains(u"<a href=\""_s + ref.url.toHtmlEscaped() + u"\">"_s +
                                       ref.id.toHtmlEscaped() + u"</a>"_s),
                         qPrintable(ref.id));
        }
        // KB Q194998 has no address: plain text.
        QVERIFY(!DiagnoseReportHtml::page(faultsFound(), {}, false)
                     .contains(QLatin1String(">KB Q194998</a>")));
    }

    void theProbeTables()
    {
        const QString html = DiagnoseReportHtml::page(faultsFound(), {}, true);
        const Row heading{{}, {u"probe"_s, u"UID"_s, u"command"_s, u"result"_s, u"evidence"_s}};
        QCOMPARE(
            tableRows(html, QStringLiteral("id"), QStringLiteral("probes-none")),
            (QList<Row>{
                heading,
                {{},
                 {u"reference"_s, u"320"_s, u"2 UID fetch 320 (UID RFC822.SIZE BODY.PEEK[])"_s,
                  u"pass"_s, u"20000 octets, as RFC822.SIZE says."_s}},
                {{},
                 {u"messenger45-chunk-1"_s, u"320"_s,
                  u"3 UID fetch 320 (UID RFC822.SIZE BODY[]<0.6144>)"_s, u"pass"_s,
                  u"6144 octets at origin 0, as asked."_s}},
                {{},
                 {u"first"_s, u"320"_s, u"4 UID fetch 320 (UID BODY.PEEK[]<0.1024>)"_s, u"pass"_s,
                  u"1024 octets at origin 0, as asked."_s}},
                {{}, {u"latency"_s, u"—"_s, QString(), u"skipped"_s, u"No chunk reply to time."_s}},
            }));
        const QList<Row> ssl = tableRows(html, QStringLiteral("id"), QStringLiteral("probes-ssl"));
        QCOMPARE(ssl.size(), 5);
        QCOMPARE(ssl[2], (Row{u"finding"_s,
                              {u"messenger45-chunk-1"_s, u"320"_s,
                               u"7 UID fetch 320 (UID RFC822.SIZE BODY[]<0.6144>)"_s, u"fail"_s,
                               u"1500 octets followed the 6144-octet literal."_s}}));
        // Only the failed row is marked.
        for (const QList<Row> &rows :
             {ssl, tableRows(html, QStringLiteral("id"), QStringLiteral("probes-none"))})
            for (const Row &row : rows)
                QCOMPARE(row.cls == u"finding"_s, row.cells.value(3) == u"fail"_s);
        QVERIFY(html.indexOf(QLatin1String("id=\"probes-none\"")) <
                html.indexOf(QLatin1String("id=\"probes-ssl\"")));
        QCOMPARE(tableRows(html, QStringLiteral("class"), QStringLiteral("messages")),
                 (QList<Row>{{{}, {u"UID"_s, u"RFC822.SIZE"_s, u"reference copy"_s}},
                             {{}, {u"320"_s, u"20000"_s, u"320.reference.eml: 20000 octets"_s}}}));
    }

    void notesWarningsAndServers()
    {
        DiagnoseResult r = faultsFound();
        r.warnings = {QStringLiteral("The SSL certificate was pinned.")};
        const QString html = DiagnoseReportHtml::page(r, {}, true);
        QVERIFY(html.contains(
            QLatin1String("<h2>Notes</h2>\n<ul>\n<li>STARTTLS is not advertised on the plain "
                          "port.</li>\n</ul>")));
        QVERIFY(html.contains(QLatin1String("<h2>Warnings</h2>\n<ul class=\"warnings\">\n<li>The "
                                            "SSL certificate was pinned.</li>\n</ul>")));
        // Each transport's server, in order, after the probes.
        const qsizetype servers = html.indexOf(QLatin1String("<h2>Server and TLS</h2>"));
        QVERIFY(servers > html.indexOf(QLatin1String("<h2>Probes</h2>")));
        const qsizetype plain = html.indexOf(QLatin1String("<h3>Over plain text</h3>"), servers);
        const qsizetype ssl = html.indexOf(QLatin1String("<h3>Over SSL</h3>"), servers);
        QVERIFY(plain > servers);
        QVERIFY(ssl > plain);
        QVERIFY(html.indexOf(QLatin1String("<td>TLSv1.2</td>"), ssl) > ssl);
        QVERIFY(html.indexOf(QLatin1String("none: the session was not encrypted"), plain) < ssl);
        QCOMPARE(html.count(QLatin1String("Microsoft Exchange IMAP4rev1 server version 5.5.2232.0 "
                                          "ready")),
                 2);
        // A conformant run without notes or warnings has neither heading.
        DiagnoseResult quiet = conformant();
        quiet.notes.clear();
        const QString plainPage = DiagnoseReportHtml::page(quiet, {}, true);
        QVERIFY(!plainPage.contains(QLatin1String("<h2>Notes</h2>")));
        QVERIFY(!plainPage.contains(QLatin1String("<h2>Warnings</h2>")));
    }

    void couldNotRunShowsNoProbe()
    {
        const QString html = DiagnoseReportHtml::page(couldNotRun(), {}, true);
        QVERIFY(html.contains(QLatin1String("<p>No probe was sent.</p>")));
        QVERIFY(!html.contains(QLatin1String("<h2>Messages probed</h2>")));
        QVERIFY(!html.contains(QLatin1String("<h2>Server and TLS</h2>")));
    }

    void hostileServerTextIsEscaped()
    {
        const DiagnoseResult r = hostile();
        const QString html = DiagnoseReportHtml::page(r, {}, true);
        const QString err = pageMarkupError(html);
        QVERIFY2(err.isEmpty(), qPrintable(err));
        QVERIFY(!html.contains(QLatin1String("<script")));
        QVERIFY(!html.contains(QLatin1String("<img")));
        QVERIFY(!html.contains(QLatin1String("<iframe")));
        QVERIFY(!html.contains(QChar(0x1b)));
        QVERIFY(!html.contains(QChar(0)));
        QVERIFY(!html.contains(QChar(7)));
        // The greeting, as octets: ESC, BEL and NUL shown as \xHH.
        QVERIFY(html.contains(QLatin1String(
            "* OK &lt;script&gt;alert(1)&lt;/script&gt;\\x1b]0;owned\\x07\\x00 ready")));
        // The probe's evidence, as text, in the probe table and the fault's evidence.
        const QString evidence =
            QStringLiteral("the server said <script>alert(1)</script>\\x1b[2J\\x00 twice");
        QCOMPARE(tableRows(html, QStringLiteral("id"), QStringLiteral("probes-ssl"))[2].cells[4],
                 evidence);
        QVERIFY(textOf(html, u"fault-"_s + kOverrun).contains(evidence));
        QCOMPARE(html.count(evidence.toHtmlEscaped()), 2);
        QVERIFY(html.contains(QLatin1String("&lt;img src=x onerror=alert(2)&gt;")));
        QVERIFY(
            html.contains(QLatin1String("&lt;iframe src=&quot;http://example.invalid&quot;&gt;")));
        // The written folder, too.
        QTemporaryDir tmp;
        QString error;
        QVERIFY2(DiagnoseReport::write(tmp.path(), r, {}, &error), qPrintable(error));
        QVERIFY(!readAll(tmp.filePath(QStringLiteral("report.html"))).contains("<script"));
    }
};

QTEST_GUILESS_MAIN(tst_DiagnoseReport)
#include "tst_diagnosereport.moc"
