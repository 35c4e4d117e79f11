// SPDX-License-Identifier: MIT
// A report folder read back (scenario::ReportReader): a real fetch against the built-in server
// written with Report::writeFetch and read again gives the same values (the JSON it writes is the
// same octets, the transcript the same text, the chunks link to the same transcript lines), and a
// damaged or hostile folder gives a clear error or note, never a crash.
#include "FetchRun.h"
#include "TestIdentity.h"
#include "emulator/Corpus.h"
#include "emulator/EmulatedServer.h"
#include "net/TranscriptTextReader.h"
#include "scenario/JsonOutput.h"
#include "scenario/Report.h"
#include "scenario/ReportReader.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace msim;
using scenario::ReportReader;

namespace {

// UID 6 (20000 octets) under kb-q194998 against `profile` over `security`, pinned.
std::optional<fetch::FetchOutcome> fetchFromBuiltIn(const QString &profile, net::Security security)
{
    emulator::ServerOptions o;
    o.profile = profile;
    o.identity = testsupport::testIdentity();
    emulator::EmulatedServer server(o, emulator::Mailbox::sample());
    QString err;
    if (!server.start(&err))
        return std::nullopt;
    const fetch::FetchRequest r = testsupport::builtInRequest(
        server.port(), server.tlsPort(), server.fingerprint(), security,
        QStringLiteral("kb-q194998"), {emulator::Corpus::uidOfSize(20000)});
    return testsupport::runFetch(r, nullptr, 60000);
}

void write(const QString &path, const QByteArray &bytes)
{
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    QCOMPARE(f.write(bytes), bytes.size());
}

QByteArray readAll(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

// Each chunk's transcript link: (connection, stream offset of its literal).
QList<QPair<int, qint64>> links(const fetch::FetchOutcome &o)
{
    QList<QPair<int, qint64>> out;
    for (const auto &m : o.messages)
        for (const auto &c : m.chunks)
            out.append({c.connection, c.literalStreamOffset});
    return out;
}

} // namespace

class tst_ReportReader : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void roundTrip_data()
    {
        QTest::addColumn<QString>("profile");
        QTest::addColumn<int>("security");
        QTest::addColumn<QString>("verdict");
        // KB Q194998: the first chunk overruns unframed over SSL, 6144 of 20000 octets shown.
        QTest::newRow("exchange55-presp2-ssl-kb-q194998")
            << QStringLiteral("exchange55-presp2") << int(net::Security::Ssl)
            << QStringLiteral("truncated");
        QTest::newRow("rfc3501-plain-kb-q194998")
            << QStringLiteral("rfc3501") << int(net::Security::None) << QStringLiteral("complete");
    }
    void roundTrip()
    {
        QFETCH(QString, profile);
        QFETCH(int, security);
        QFETCH(QString, verdict);
        const auto run = fetchFromBuiltIn(profile, net::Security(security));
        QVERIFY2(run, "the fetch did not finish");
        const fetch::FetchOutcome &o = *run;
        QCOMPARE(fetch::verdictName(o.messages.value(0).comparison.verdict), verdict);
        QTemporaryDir tmp;
        const QString dir = tmp.filePath(QStringLiteral("customer/report"));
        const QByteArray json = scenario::JsonOutput::fetch(o);
        QString error;
        scenario::ReportContext ctx;
        ctx.generated = QDateTime(QDate(2026, 11, 30), QTime(12, 0), Qt::UTC);
        QVERIFY2(scenario::Report::writeFetch(dir, o, ctx, json, &error), qPrintable(error));

        const ReportReader::Result r = ReportReader::read(dir);
        QVERIFY2(r.outcome, qPrintable(r.error));
        QCOMPARE(r.error, QString());
        QCOMPARE(r.notes, QStringList());
        QCOMPARE(r.kind, ReportReader::Kind::Fetch);
        const fetch::FetchOutcome &back = *r.outcome;
        // The whole fetch object: every field the JSON holds came back as it was.
        QCOMPARE(scenario::JsonOutput::fetch(back), json);
        QCOMPARE(back.client, o.client);
        QCOMPARE(back.preset, o.preset);
        QCOMPARE(back.prefs, o.prefs);
        QCOMPARE(back.messages.size(), 1);
        QCOMPARE(back.messages[0].displayed, o.messages[0].displayed);
        QCOMPARE(back.messages[0].reference, o.messages[0].reference);
        QCOMPARE(back.messages[0].comparison.verdict, o.messages[0].comparison.verdict);
        QCOMPARE(back.messages[0].comparison.displayedLength,
                 o.messages[0].comparison.displayedLength);
        QCOMPARE(back.messages[0].comparison.expectedLength,
                 o.messages[0].comparison.expectedLength);
        // The transcript: as many connections, the same text line for line.
        QCOMPARE(back.transcripts.size(), o.transcripts.size());
        QCOMPARE(back.transcriptText(), o.transcriptText());
        for (qsizetype t = 0; t < o.transcripts.size(); ++t)
            QCOMPARE(back.transcripts[t]->lines().size(), o.transcripts[t]->lines().size());
        QCOMPARE(links(back), links(o));
        QCOMPARE(r.made, ctx.generated);
        QVERIFY(!r.madeFromFileTime);
        QCOMPARE(r.banner(), QStringLiteral("Report opened from %1 (made 2026-11-30 12:00 UTC "
                                            "against 127.0.0.1:%2, %3): read-only")
                                 .arg(QDir(dir).absolutePath())
                                 .arg(o.server.port)
                                 .arg(net::securityName(o.server.security)));
    }

    // Each row damages a copy of a real report (exchange55-presp2 over SSL) one way.
    void damaged_data()
    {
        QTest::addColumn<QString>("damage");
        QTest::addColumn<bool>("opens");
        QTest::addColumn<QString>("said"); // in the error (does not open) or a note (opens)
        QTest::newRow("reproduce-shaped") << QStringLiteral("reproduce") << true << QString();
        QTest::newRow("truncated report.json")
            << QStringLiteral("truncate") << false
            << QStringLiteral("report.json: not valid JSON at line ");
        QTest::newRow("garbage report.json")
            << QStringLiteral("garbage") << false
            << QStringLiteral("report.json: not valid JSON at line 1, offset 1 (illegal value), "
                              "near \"GIF89a\\x1b[2J\"");
        QTest::newRow("a wrong field") << QStringLiteral("field") << false
                                       << QStringLiteral("report.json: $.messages[0].chunks[0]."
                                                         "status: 'exploded' is not one of: ok,");
        QTest::newRow("no transcript.txt")
            << QStringLiteral("no-transcript") << true
            << QStringLiteral("transcript.txt is missing: no transcript is shown.");
        QTest::newRow("a bad transcript line")
            << QStringLiteral("bad-line") << true
            << QStringLiteral("transcript.txt line 3: not a transcript line: \"hello\\x07\"");
        QTest::newRow("oversized report.json")
            << QStringLiteral("oversized") << false
            << QStringLiteral("report.json: %1 octets, more than the %2 a report's file may have")
                   .arg(ReportReader::kMaxJsonBytes + 1)
                   .arg(ReportReader::kMaxJsonBytes);
        QTest::newRow("no report.json")
            << QStringLiteral("no-json") << false
            << QStringLiteral("no report.json: not a report folder written by msim");
        QTest::newRow("a matrix: its first cell")
            << QStringLiteral("matrix-cells") << true
            << QStringLiteral("A matrix report (cells: ssl-chunks-6144, ssl-whole): showing its "
                              "first cell, ssl-chunks-6144. Open another cell's sub-folder to see "
                              "it.");
        QTest::newRow("a matrix without its cells")
            << QStringLiteral("matrix") << false
            << QStringLiteral("report.json: a matrix report; its cells are in the sub-folders "
                              "ssl-chunks-6144, ssl-whole, and ssl-chunks-6144 is not there");
    }
    void damaged()
    {
        QFETCH(QString, damage);
        QFETCH(bool, opens);
        QFETCH(QString, said);
        if (!m_report)
            QSKIP("the fetch for the reports did not run");
        QTemporaryDir tmp;
        const QString dir = tmp.path();
        QString error;
        scenario::ReportContext ctx;
        QVERIFY2(scenario::Report::writeFetch(dir, *m_report, ctx,
                                              scenario::JsonOutput::fetch(*m_report), &error),
                 qPrintable(error));
        const QString json = QDir(dir).filePath(QStringLiteral("report.json"));
        const QByteArray original = readAll(json);
        if (damage == u"reproduce")
            write(json, "{\"scenario\": {\"title\": \"KB Q194998 over SSL\", \"ticket\": \"T-1\"},"
                        " \"expectation_met\": true, \"differences\": [], \"result\": " +
                            original + "}");
        else if (damage == u"truncate")
            write(json, original.first(original.size() / 2));
        else if (damage == u"garbage")
            write(json, "GIF89a\x1b[2J");
        else if (damage == u"field")
            write(json, QByteArray(original).replace("\"status\": \"overrun_unframed\"",
                                                     "\"status\": \"exploded\""));
        else if (damage == u"no-transcript")
            QVERIFY(QFile::remove(QDir(dir).filePath(QStringLiteral("transcript.txt"))));
        else if (damage == u"bad-line") {
            const QString t = QDir(dir).filePath(QStringLiteral("transcript.txt"));
            QList<QByteArray> lines = readAll(t).split('\n');
            lines.insert(2, "hello\x07");
            write(t, lines.join('\n'));
        } else if (damage == u"oversized") {
            QFile f(json);
            QVERIFY(f.resize(ReportReader::kMaxJsonBytes + 1)); // sparse: nothing is written
        } else if (damage == u"no-json")
            QVERIFY(QFile::remove(json));
        else if (damage == u"matrix")
            write(json, "{\"cells\": [{\"security\": \"ssl\", \"fetch_by_chunks\": true, "
                        "\"chunk_size\": 6144, \"result\": {}}, {\"security\": \"ssl\", "
                        "\"fetch_by_chunks\": false, \"chunk_size\": null, \"result\": {}}]}");

        else if (damage == u"matrix-cells") {
            scenario::MatrixCell chunks{net::Security::Ssl, true, 6144, *m_report};
            scenario::MatrixCell whole{net::Security::Ssl, false, std::nullopt, *m_report};
            QVERIFY2(scenario::Report::writeMatrix(dir, {chunks, whole}, ctx,
                                                   scenario::JsonOutput::matrix({chunks, whole}),
                                                   &error),
                     qPrintable(error));
        }

        const ReportReader::Result r = ReportReader::read(dir);
        QCOMPARE(bool(r.outcome), opens);
        if (!opens) {
            QVERIFY2(r.error.startsWith(QDir::toNativeSeparators(QDir(dir).absolutePath()) +
                                        QStringLiteral(": ") + said),
                     qPrintable(r.error));
            return;
        }
        QCOMPARE(r.error, QString());
        QCOMPARE(r.outcome->messages.value(0).displayed, m_report->messages.value(0).displayed);
        if (said.isEmpty())
            QCOMPARE(r.notes, QStringList());
        else
            QVERIFY2(r.notes.join(u'\n').contains(said), qPrintable(r.notes.join(u'\n')));
        if (damage == u"reproduce") {
            QCOMPARE(r.kind, ReportReader::Kind::Reproduce);
            QCOMPARE(r.title, QStringLiteral("KB Q194998 over SSL"));
            QCOMPARE(r.expectationMet, std::optional<bool>(true));
            QCOMPARE(scenario::JsonOutput::fetch(*r.outcome),
                     scenario::JsonOutput::fetch(*m_report));
            QVERIFY(r.banner().startsWith(
                QStringLiteral("Report of the scenario \"KB Q194998 over SSL\" opened from ")));
        }
        if (damage == u"matrix-cells") {
            QCOMPARE(r.kind, ReportReader::Kind::Matrix);
            QCOMPARE(r.cells,
                     (QStringList{QStringLiteral("ssl-chunks-6144"), QStringLiteral("ssl-whole")}));
            QCOMPARE(r.folder, QDir(dir).absoluteFilePath(QStringLiteral("ssl-chunks-6144")));
            QVERIFY(r.banner().startsWith(
                QStringLiteral("Matrix cell ssl-chunks-6144 of the report opened from ")));
        }
        if (damage == u"no-transcript")
            QCOMPARE(r.outcome->transcripts.size(), 0);
        if (damage == u"bad-line") { // what came before the bad line is kept
            QCOMPARE(r.outcome->transcripts.size(), 1);
            QCOMPARE(r.outcome->transcripts[0]->lines().size(), 1);
        }
    }

    // transcript.txt connection headers: a label, or not a header at all.
    void transcriptHeader_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("error");
        QTest::addColumn<QStringList>("labels");
        QTest::newRow("msim's own header")
            << QStringLiteral(
                   "=== connection 1: Messenger 4.5 emulation to 127.0.0.1:993 (ssl) ===\n")
            << QString()
            << QStringList{
                   QStringLiteral("connection 1: Messenger 4.5 emulation to 127.0.0.1:993 (ssl)")};
        // fuzz_report's crash: a header with an empty label read as a connection that rendered
        // as nothing, so the text did not read back the same.
        QTest::newRow("fuzz_report: an empty label")
            << QStringLiteral("===  ===\n") << QStringLiteral("not a transcript line: \"===  ===\"")
            << QStringList();
    }
    void transcriptHeader()
    {
        QFETCH(QString, text);
        QFETCH(QString, error);
        QFETCH(QStringList, labels);
        const auto r = net::TranscriptTextReader::read(text.toUtf8());
        QCOMPARE(r.error, error);
        QStringList read;
        for (const auto &t : r.transcripts)
            read << t->label();
        QCOMPARE(read, labels);
    }

    // transcript.txt lines: each kind, and lines that are not in the format.
    void transcriptLine_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("ok");
        QTest::addColumn<int>("kind");
        QTest::addColumn<qint64>("msecs");
        QTest::addColumn<qint64>("offset");
        QTest::addColumn<QString>("lineText");
        using K = net::Transcript::Line::Kind;
        QTest::newRow("client") << QStringLiteral("    0.012 C: @0        1 capability") << true
                                << int(K::Client) << qint64(12) << qint64(0)
                                << QStringLiteral("1 capability");
        QTest::newRow("literal") << QStringLiteral("    1.500 S: @6144     [literal: 6144 octets]")
                                 << true << int(K::Literal) << qint64(1500) << qint64(6144)
                                 << QStringLiteral("[literal: 6144 octets]");
        QTest::newRow("overrun, offset of 9 digits")
            << QStringLiteral("  100.000 S! @123456789 6145 Line six") << true << int(K::Overrun)
            << qint64(100000) << qint64(123456789) << QStringLiteral("6145 Line six");
        QTest::newRow("note") << QStringLiteral("    0.000 --           TLS: TLSv1.3") << true
                              << int(K::Note) << qint64(0) << qint64(0)
                              << QStringLiteral("TLS: TLSv1.3");
        QTest::newRow("server, text with leading spaces")
            << QStringLiteral("    0.001 S: @10         x") << true << int(K::Server) << qint64(1)
            << qint64(10) << QStringLiteral("  x");
        QTest::newRow("control characters escaped")
            << QStringLiteral("    0.001 S: @10       \x1b[2J") << true << int(K::Server)
            << qint64(1) << qint64(10) << QStringLiteral("\\x1b[2J");
        QTest::newRow("unknown prefix") << QStringLiteral("    0.001 X: @10       x") << false << 0
                                        << qint64(0) << qint64(0) << QString();
        QTest::newRow("no offset") << QStringLiteral("    0.001 S: x") << false << 0 << qint64(0)
                                   << qint64(0) << QString();
        QTest::newRow("two decimals") << QStringLiteral("    0.01 S: @10       x") << false << 0
                                      << qint64(0) << qint64(0) << QString();
        QTest::newRow("huge time") << QStringLiteral("99999999999999999999.000 S: @1        x")
                                   << false << 0 << qint64(0) << qint64(0) << QString();
    }
    void transcriptLine()
    {
        QFETCH(QString, text);
        QFETCH(bool, ok);
        net::Transcript::Line line;
        QCOMPARE(net::TranscriptTextReader::parseLine(text, line), ok);
        if (!ok)
            return;
        QFETCH(int, kind);
        QFETCH(qint64, msecs);
        QFETCH(qint64, offset);
        QFETCH(QString, lineText);
        QCOMPARE(int(line.kind), kind);
        QCOMPARE(line.msecs, msecs);
        QCOMPARE(line.offset, offset);
        QCOMPARE(line.text, lineText);
    }

    void initTestCase()
    {
        m_report = fetchFromBuiltIn(QStringLiteral("exchange55-presp2"), net::Security::Ssl);
        QVERIFY2(m_report, "the fetch did not finish");
    }

private:
    std::optional<fetch::FetchOutcome> m_report;
};

QTEST_GUILESS_MAIN(tst_ReportReader)
#include "tst_reportreader.moc"
