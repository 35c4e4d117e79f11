// SPDX-License-Identifier: MIT
// The ticket reports (DESIGN.md §4 `--report DIR`): the chunk picture's geometry on the cases of
// MESSENGER45.md §5 (unframed overrun, framed overrun, a whole fetch, a failed chunk), its SVG as
// XML, the files writeFetch and writeMatrix write, escaping of hostile server text, and that the
// password of the LOGIN never reaches a written file.
#include "FetchRun.h"
#include "ImapScript.h"
#include "ReportFiles.h"
#include "ScriptedServer.h"
#include "emulator/Corpus.h"
#include "fetch/FetchRunner.h"
#include "prefs/Presets.h"
#include "scenario/ChunkPicture.h"
#include "scenario/JsonOutput.h"
#include "scenario/Report.h"
#include "scenario/ReportPage.h"

#include <QBuffer>
#include <QDirIterator>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QXmlStreamReader>

using namespace msim;
using namespace msim::testsupport;
using Message = ImapScript::Message;
using scenario::ChunkPicture;
using scenario::JsonOutput;
using scenario::Report;
using Kind = ChunkPicture::Bar::Kind;

namespace {

// UID 320 with the kb-q194998 preset, on the ScriptedServer playFetch() starts.
fetch::FetchRequest kbRequest(const QStringList &sets = {})
{
    return loopbackRequest(0, QStringLiteral("kb-q194998"), {320}, sets);
}

QList<ChunkPicture::Bar> barsOf(const ChunkPicture &p, Kind kind, int row = -1)
{
    QList<ChunkPicture::Bar> out;
    for (const auto &b : p.bars)
        if (b.kind == kind && (row < 0 || b.row == row))
            out << b;
    return out;
}

QList<QPair<qint64, qint64>> spans(const QList<ChunkPicture::Bar> &bars)
{
    QList<QPair<qint64, qint64>> out;
    for (const auto &b : bars)
        out << qMakePair(b.from, b.to);
    return out;
}

QString xmlError(const QString &svg)
{
    QXmlStreamReader r(svg);
    bool sawSvg = false;
    while (!r.atEnd()) {
        r.readNext();
        if (r.isStartElement() && !sawSvg) {
            if (r.name() != QLatin1String("svg"))
                return QStringLiteral("the root element is %1").arg(r.name().toString());
            sawSvg = true;
        }
    }
    if (r.hasError())
        return QStringLiteral("line %1: %2").arg(r.lineNumber()).arg(r.errorString());
    return sawSvg ? QString() : QStringLiteral("no <svg> element");
}

// What the report makes of plain text (QXmlStreamWriter escapes & < > and ", not ').
QString escaped(const QString &text)
{
    return text.toHtmlEscaped();
}

} // namespace

class tst_Report : public QObject
{
    Q_OBJECT
    Message m_msg = Message::sized(320, 20000);
    fetch::FetchOutcome m_unframed; // KB Q194998: chunk 1 carries 1500 unframed octets
    fetch::FetchOutcome m_framed;   // every chunk short of the end 1500 octets longer, counted
    fetch::FetchOutcome m_whole;    // fetch_by_chunks off
    fetch::FetchOutcome m_error;    // BAD to chunk 2, then the rest: a gap
    fetch::FetchOutcome m_hostile;  // a greeting with markup in it

private Q_SLOTS:
    // Streamed to a sink in pieces (msim-cli fetch --json), the fetch object is the same octets.
    void jsonStreamedToASinkIsTheSame()
    {
        fetch::FetchOutcome o;
        o.server.host = QStringLiteral("h\u00e9st");
        for (quint32 uid = 1; uid <= 2000; ++uid) {
            fetch::MessageOutcome m;
            m.uid = uid;
            m.rfc822Size = uid * 10;
            m.displayed = QByteArray(int(uid % 50), 'x');
            m.findings << QStringLiteral("finding \u00e9 %1").arg(uid);
            o.messages << m;
        }
        const QByteArray whole = scenario::JsonOutput::fetch(o);
        QVERIFY(whole.size() > 4 * 64 * 1024); // several pieces
        QBuffer sink;
        QVERIFY(sink.open(QIODevice::WriteOnly));
        scenario::JsonWriter w(&sink);
        scenario::JsonOutput::writeFetch(w, o);
        QCOMPARE(w.take(), QByteArray());
        QCOMPARE(sink.data(), whole);
    }

    void initTestCase()
    {
        QString why;
        const Message &m = m_msg;
        {
            ImapScript s;
            s.open().headers({m});
            s.client("UID fetch 320 (UID RFC822.SIZE BODY[]<0.6144>)");
            s.server(ImapScript::fetchReply(1, m, 0, m.body.left(6144), m.body.mid(6144, 1500)));
            s.ok();
            s.emergencyLogout();
            auto out = playFetch({s.build(), ImapScript::verification(m)}, kbRequest(), &why);
            QVERIFY2(out, qPrintable(why));
            m_unframed = *out;
        }
        {
            ImapScript s;
            s.open().headers({m});
            const QList<QPair<qint64, qint64>> reqs = {
                {0, 6144}, {6144, 6144}, {12288, 6144}, {18432, 1568}};
            for (const auto &[start, len] : reqs) {
                s.client("UID fetch 320 (UID RFC822.SIZE BODY[]<" + QByteArray::number(start) +
                         '.' + QByteArray::number(len) + ">)");
                const bool end = start + len >= 20000;
                s.server(
                    ImapScript::fetchReply(1, m, start, m.body.mid(start, end ? len : len + 1500)));
                s.ok();
            }
            s.logout();
            auto out = playFetch({s.build(), ImapScript::verification(m)}, kbRequest(), &why);
            QVERIFY2(out, qPrintable(why));
            m_framed = *out;
        }
        {
            ImapScript s;
            s.open().headers({m});
            s.client("UID fetch 320 (UID RFC822.SIZE BODY[])");
            s.server(ImapScript::fetchReply(1, m, std::nullopt, m.body));
            s.ok();
            s.logout();
            auto out =
                playFetch({s.build(), ImapScript::verification(m)},
                          kbRequest({QStringLiteral("mail.imap.fetch_by_chunks=false")}), &why);
            QVERIFY2(out, qPrintable(why));
            m_whole = *out;
        }
        {
            ImapScript s;
            s.open().headers({m});
            s.client("UID fetch 320 (UID RFC822.SIZE BODY[]<0.6144>)");
            s.server(ImapScript::fetchReply(1, m, 0, m.body.left(6144)));
            s.ok();
            s.client("UID fetch 320 (UID RFC822.SIZE BODY[]<6144.6144>)");
            s.line(s.lastTag() + " BAD Invalid partial");
            // 4.5 shows the alert and goes on with the next request (MESSENGER45.md §2).
            s.client("UID fetch 320 (UID RFC822.SIZE BODY[]<12288.6144>)");
            s.server(ImapScript::fetchReply(1, m, 12288, m.body.mid(12288, 6144)));
            s.ok();
            s.client("UID fetch 320 (UID RFC822.SIZE BODY[]<18432.1568>)");
            s.server(ImapScript::fetchReply(1, m, 18432, m.body.mid(18432)));
            s.ok();
            s.logout();
            auto out = playFetch({s.build(), ImapScript::verification(m)}, kbRequest(), &why);
            QVERIFY2(out, qPrintable(why));
            m_error = *out;
        }
        {
            ImapScript s;
            s.open().headers({m});
            s.client("UID fetch 320 (UID RFC822.SIZE BODY[]<0.6144>)");
            s.server(ImapScript::fetchReply(1, m, 0, m.body.left(6144), m.body.mid(6144, 1500)));
            s.ok();
            s.emergencyLogout();
            auto scenario = s.build();
            scenario[0] = ScriptedServer::Step::serverLine(
                "* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] <script>alert('x')</script> & <b>ready");
            auto out = playFetch({scenario, ImapScript::verification(m)}, kbRequest(), &why);
            QVERIFY2(out, qPrintable(why));
            m_hostile = *out;
        }
    }

    void pictureOfAnUnframedOverrun()
    {
        QCOMPARE(m_unframed.messages.size(), 1);
        const auto &m = m_unframed.messages[0];
        QCOMPARE(m.chunks.size(), 1);
        const ChunkPicture p = ChunkPicture::build(m, m_unframed.client);
        QCOMPARE(p.rows.size(), 2);
        QCOMPARE(p.rows[0].label, QStringLiteral("chunk 1 <0.6144>"));
        QCOMPARE(p.rows[0].status, QStringLiteral("overrun_unframed"));
        QCOMPARE(p.rows[1].label, QStringLiteral("displayed by Messenger 4.5"));
        QCOMPARE(p.rows[1].status, QStringLiteral("truncated"));
        QCOMPARE(p.messageSize, 20000);
        QCOMPARE(p.extent, 20000);
        QCOMPARE(spans(barsOf(p, Kind::Requested, 0)), (QList<QPair<qint64, qint64>>{{0, 6144}}));
        QCOMPARE(spans(barsOf(p, Kind::Literal, 0)), (QList<QPair<qint64, qint64>>{{0, 6144}}));
        // The 1500 extra octets, in red right after the literal.
        QCOMPARE(spans(barsOf(p, Kind::Overrun)), (QList<QPair<qint64, qint64>>{{6144, 7644}}));
        QCOMPARE(barsOf(p, Kind::Overrun).first().row, 0);
        QVERIFY(barsOf(p, Kind::Overrun).first().tip.contains(QLatin1String("next octets")));
        // What 4.5 shows, and the lost tail.
        QCOMPARE(spans(barsOf(p, Kind::Displayed, 1)), (QList<QPair<qint64, qint64>>{{0, 6144}}));
        QCOMPARE(spans(barsOf(p, Kind::Missing, 1)), (QList<QPair<qint64, qint64>>{{6144, 20000}}));
        QVERIFY(barsOf(p, Kind::Duplicate).isEmpty());
        QVERIFY(barsOf(p, Kind::Error).isEmpty());
        // Without a client name the last row still reads naturally.
        QCOMPARE(ChunkPicture::build(m).rows.last().label,
                 QStringLiteral("displayed by Messenger 4.5"));
    }

    void pictureOfAFramedOverrun()
    {
        const auto &m = m_framed.messages[0];
        QCOMPARE(m.comparison.verdict, fetch::Verdict::Duplicated);
        const ChunkPicture p = ChunkPicture::build(m, m_framed.client);
        QCOMPARE(p.rows.size(), 5);
        QCOMPARE(p.rows[0].status, QStringLiteral("overrun_framed"));
        QCOMPARE(p.rows[4].status, QStringLiteral("duplicated"));
        QCOMPARE(spans(barsOf(p, Kind::Literal, 0)), (QList<QPair<qint64, qint64>>{{0, 7644}}));
        QCOMPARE(spans(barsOf(p, Kind::Requested, 0)), (QList<QPair<qint64, qint64>>{{0, 6144}}));
        // Each chunk after the first repeats the 1500 octets its predecessor sent too many.
        QCOMPARE(spans(barsOf(p, Kind::Duplicate, 1)),
                 (QList<QPair<qint64, qint64>>{{6144, 7644}}));
        QCOMPARE(spans(barsOf(p, Kind::Duplicate, 2)),
                 (QList<QPair<qint64, qint64>>{{12288, 13788}}));
        QCOMPARE(spans(barsOf(p, Kind::Duplicate, 3)),
                 (QList<QPair<qint64, qint64>>{{18432, 19932}}));
        QVERIFY(barsOf(p, Kind::Duplicate, 0).isEmpty());
        // The displayed row hatches the comparison's duplicated ranges.
        QCOMPARE(spans(barsOf(p, Kind::Duplicate, 4)),
                 (QList<QPair<qint64, qint64>>{{6144, 7644}, {12288, 13788}, {18432, 19932}}));
        QCOMPARE(spans(barsOf(p, Kind::Displayed, 4)), (QList<QPair<qint64, qint64>>{{0, 20000}}));
        QVERIFY(barsOf(p, Kind::Missing).isEmpty());
        QVERIFY(barsOf(p, Kind::Overrun).isEmpty());
        QCOMPARE(p.extent, 20000);
    }

    void pictureOfAWholeFetch()
    {
        const auto &m = m_whole.messages[0];
        QCOMPARE(m.strategy, msim::fetch::Strategy::Whole);
        const ChunkPicture p = ChunkPicture::build(m, m_whole.client);
        QCOMPARE(p.rows.size(), 2);
        QCOMPARE(p.rows[0].label, QStringLiteral("whole message BODY[]"));
        QCOMPARE(p.rows[0].status, QStringLiteral("ok"));
        QCOMPARE(p.rows[1].status, QStringLiteral("complete"));
        QCOMPARE(spans(barsOf(p, Kind::Requested)), (QList<QPair<qint64, qint64>>{{0, 20000}}));
        QCOMPARE(spans(barsOf(p, Kind::Literal)), (QList<QPair<qint64, qint64>>{{0, 20000}}));
        QCOMPARE(spans(barsOf(p, Kind::Displayed)), (QList<QPair<qint64, qint64>>{{0, 20000}}));
        QCOMPARE(p.bars.size(), 3);
        QCOMPARE(p.extent, 20000);
    }

    void pictureOfAnErrorChunk()
    {
        const auto &m = m_error.messages[0];
        QCOMPARE(m.chunks.size(), 4);
        const ChunkPicture p = ChunkPicture::build(m, m_error.client);
        QCOMPARE(p.rows.size(), 5);
        QCOMPARE(p.rows[1].status, QStringLiteral("error"));
        const auto errors = barsOf(p, Kind::Error);
        QCOMPARE(errors.size(), 1);
        QCOMPARE(errors[0].row, 1);
        QCOMPARE(qMakePair(errors[0].from, errors[0].to), qMakePair(qint64(6144), qint64(12288)));
        QVERIFY2(errors[0].tip.contains(QLatin1String("BAD Invalid partial")),
                 qPrintable(errors[0].tip));
        QVERIFY(barsOf(p, Kind::Literal, 1).isEmpty());
        QCOMPARE(spans(barsOf(p, Kind::Missing, 4)), (QList<QPair<qint64, qint64>>{{6144, 12288}}));
    }

    void pictureOfALiteralCutShort()
    {
        // A drop in the middle of a literal: what arrived, then what never came, marked.
        fetch::MessageOutcome m;
        m.uid = 9;
        m.rfc822Size = 20000;
        m.strategy = msim::fetch::Strategy::Chunked;
        fetch::ChunkRecord c;
        c.index = 1;
        c.command = "5 UID fetch 9 (UID RFC822.SIZE BODY[]<0.6144>)";
        c.requestedStart = 0;
        c.requestedLength = 6144;
        c.origin = 0;
        c.literalLength = 6144;
        c.received = 1000;
        c.status = fetch::ChunkStatus::Error;
        c.detail = QStringLiteral("the server closed the connection");
        m.chunks << c;
        m.displayed = QByteArray(1000, 'x');
        m.pieces = {{0, 1000}};
        m.comparison = fetch::Comparison::judge(m.displayed, std::nullopt, 20000, m.pieces);
        const ChunkPicture p = ChunkPicture::build(m);
        QCOMPARE(spans(barsOf(p, Kind::Literal, 0)), (QList<QPair<qint64, qint64>>{{0, 1000}}));
        QCOMPARE(spans(barsOf(p, Kind::Error, 0)), (QList<QPair<qint64, qint64>>{{1000, 6144}}));
        QCOMPARE(spans(barsOf(p, Kind::Missing, 1)), (QList<QPair<qint64, qint64>>{{1000, 20000}}));
        QCOMPARE(p.messageSize, 20000); // no reference: RFC822.SIZE
        QVERIFY(xmlError(p.toSvg()).isEmpty());
    }

    void svgIsWellFormed()
    {
        for (const fetch::FetchOutcome *o : {&m_unframed, &m_framed, &m_whole, &m_error}) {
            const ChunkPicture p = ChunkPicture::build(o->messages[0], o->client);
            for (int width : {900, 480, 1400}) {
                const QString svg = p.toSvg(width);
                const QString err = xmlError(svg);
                QVERIFY2(err.isEmpty(), qPrintable(err + QLatin1Char('\n') + svg));
                QVERIFY(svg.startsWith(QLatin1String("<svg ")));
            }
        }
        const QString svg = ChunkPicture::build(m_unframed.messages[0]).toSvg();
        QVERIFY(svg.contains(ChunkPicture::colour(Kind::Overrun)));
        QVERIFY(svg.contains(QLatin1String("+1500 unframed")));
        QVERIFY(svg.contains(QLatin1String("url(#msim-hatch)")) == false); // nothing duplicated
        QVERIFY(ChunkPicture::build(m_framed.messages[0])
                    .toSvg()
                    .contains(QLatin1String("url(#msim-hatch)")));
        QVERIFY(svg.contains(QLatin1String("end of message (20000)")));
    }

    void svgOfHostileAndHugeInput()
    {
        // Server text with markup and control characters must stay well-formed XML.
        fetch::MessageOutcome m;
        m.uid = 1;
        m.rfc822Size = 5000;
        fetch::ChunkRecord c;
        c.index = 1;
        c.command = "5 UID fetch 1 (UID RFC822.SIZE BODY[]<0.6144>)";
        c.requestedStart = 0;
        c.requestedLength = 6144;
        c.status = fetch::ChunkStatus::Error;
        c.detail = QStringLiteral("BAD <script>&\x01\x1b]0;x\x07 \"'");
        m.chunks << c;
        QString err = xmlError(ChunkPicture::build(m).toSvg());
        QVERIFY2(err.isEmpty(), qPrintable(err));
        // Many chunks: compact rows, elided beyond kMaxSvgRows, still XML.
        m.chunks.clear();
        for (int i = 0; i < 500; ++i) {
            fetch::ChunkRecord k;
            k.index = i + 1;
            k.requestedStart = i * 10;
            k.requestedLength = 10;
            k.origin = i * 10;
            k.literalLength = 10;
            k.received = 10;
            m.chunks << k;
        }
        m.rfc822Size = 5000;
        const ChunkPicture p = ChunkPicture::build(m);
        QCOMPARE(p.rows.size(), 501);
        const QString svg = p.toSvg();
        err = xmlError(svg);
        QVERIFY2(err.isEmpty(), qPrintable(err));
        QVERIFY(svg.contains(QLatin1String("200 more chunks not drawn")));
    }

    void ticks()
    {
        QCOMPARE(
            ChunkPicture::ticks(20000, 10),
            (QList<qint64>{0, 2000, 4000, 6000, 8000, 10000, 12000, 14000, 16000, 18000, 20000}));
        QCOMPARE(ChunkPicture::ticks(7644, 5), (QList<qint64>{0, 2000, 4000, 6000}));
        QCOMPARE(ChunkPicture::ticks(1, 10), (QList<qint64>{0, 1}));
        QCOMPARE(ChunkPicture::ticks(0, 10), (QList<qint64>{0}));
    }

    void writeFetchWritesEveryFile()
    {
        QTemporaryDir tmp;
        QVERIFY(tmp.isValid());
        const QString dir = tmp.filePath(QStringLiteral("a/new/folder"));
        const QByteArray json = JsonOutput::fetch(m_unframed);
        scenario::ReportContext ctx;
        ctx.title = QStringLiteral("Messages over 6 KB are cut off over SSL");
        ctx.ticket = QStringLiteral("KB Q194998");
        ctx.command = QStringLiteral("msim-cli fetch --uid 320 --report out");
        QString error;
        QVERIFY2(Report::writeFetch(dir, m_unframed, ctx, json, &error), qPrintable(error));
        QCOMPARE(
            filesUnder(dir),
            (QStringList{QStringLiteral("320.displayed.eml"), QStringLiteral("320.reference.eml"),
                         QStringLiteral("capture.pcapng"), QStringLiteral("report.html"),
                         QStringLiteral("report.json"), QStringLiteral("transcript.txt")}));
        QJsonParseError pe;
        const QJsonDocument doc =
            QJsonDocument::fromJson(readAll(dir + QStringLiteral("/report.json")), &pe);
        QCOMPARE(pe.error, QJsonParseError::NoError);
        QCOMPARE(readAll(dir + QStringLiteral("/report.json")), json);
        QCOMPARE(doc.object()[QStringLiteral("messages")].toArray().size(), 1);
        const auto &m = m_unframed.messages[0];
        QCOMPARE(readAll(dir + QStringLiteral("/320.displayed.eml")), m.displayed);
        QCOMPARE(readAll(dir + QStringLiteral("/320.displayed.eml")), m_msg.body.left(6144));
        QCOMPARE(readAll(dir + QStringLiteral("/320.reference.eml")), m_msg.body);
        QCOMPARE(QString::fromUtf8(readAll(dir + QStringLiteral("/transcript.txt"))),
                 m_unframed.transcriptText());

        const QString html = QString::fromUtf8(readAll(dir + QStringLiteral("/report.html")));
        QVERIFY(html.startsWith(QLatin1String("<!DOCTYPE html>")));
        QVERIFY(html.contains(QLatin1String("Messages over 6 KB are cut off over SSL")));
        QVERIFY(html.contains(QLatin1String("KB Q194998")));
        QVERIFY(html.contains(QLatin1String(">truncated</span>")));
        QVERIFY(html.contains(QLatin1String("Messenger 4.5 shows 6144 of 20000 octets")));
        QVERIFY(html.contains(QLatin1String("<svg ")));
        QVERIFY(html.contains(QLatin1String("href=\"320.displayed.eml\"")));
        QVERIFY(html.contains(QLatin1String("href=\"transcript.txt\"")));
        QVERIFY(html.contains(QLatin1String("class=\"t-overrun\"")));
        QVERIFY(html.contains(QLatin1String("mail.imap.fetch_by_chunks")));
        QVERIFY(html.contains(QLatin1String("msim-cli fetch --uid 320 --report out")));
        for (const QString &f : m.findings)
            QVERIFY2(html.contains(escaped(f)), qPrintable(f));
        // The sections in the agreed order.
        const QStringList order = {QStringLiteral("<h1>"), QStringLiteral("<h2>Findings"),
                                   QStringLiteral("<h2>Chunk by chunk"),
                                   QStringLiteral("<h2>Server and TLS"),
                                   QStringLiteral("<h2>Transcript")};
        qsizetype at = -1;
        for (const QString &h : order) {
            const qsizetype next = html.indexOf(h);
            QVERIFY2(next > at, qPrintable(h));
            at = next;
        }
        // html() alone is the same page without the links to neighbouring files.
        const QString alone = Report::html(m_unframed, ctx);
        QVERIFY(!alone.contains(QLatin1String("href=\"transcript.txt\"")));
        QVERIFY(alone.contains(QLatin1String("Messenger 4.5 shows 6144 of 20000 octets")));
    }

    void theStoryAndTheExpectation()
    {
        scenario::ReportContext ctx;
        ctx.title = QStringLiteral("KB Q194998");
        ctx.description = QStringLiteral("Customer: \"messages over 6 KB are cut off\"\n<when> "
                                         "using SSL & chunks.");
        ctx.expectationMet = false;
        ctx.differences = {QStringLiteral("UID 320: expected verdict complete, got truncated")};
        ctx.generated = QDateTime(QDate(1998, 11, 2), QTime(9, 30), Qt::UTC);
        const QString html = Report::html(m_unframed, ctx);
        QVERIFY(html.contains(QLatin1String("&lt;when&gt; using SSL &amp; chunks.")));
        QVERIFY(html.contains(QLatin1String("expectation did not hold")));
        QVERIFY(html.contains(QLatin1String("expected verdict complete, got truncated")));
        QVERIFY(html.contains(QLatin1String("1998-11-02 09:30:00 UTC")));
        QVERIFY(html.indexOf(QLatin1String("class=\"story\"")) <
                html.indexOf(QLatin1String("<h2>Findings")));
        ctx.expectationMet = true;
        ctx.differences.clear();
        QVERIFY(Report::html(m_unframed, ctx).contains(QLatin1String("expectation held")));
    }

    void shows()
    {
        QCOMPARE(Report::shows(m_unframed.messages[0], m_unframed.client),
                 QStringLiteral("Messenger 4.5 shows 6144 of 20000 octets"));
        QCOMPARE(Report::shows(m_whole.messages[0], m_whole.client),
                 QStringLiteral("Messenger 4.5 shows all 20000 octets"));
        QCOMPARE(Report::shows(m_framed.messages[0], m_framed.client),
                 QStringLiteral("Messenger 4.5 shows 24500 octets for a 20000-octet message"));
    }

    void htmlEscapesHostileServerText()
    {
        fetch::FetchOutcome o = m_hostile;
        QVERIFY(o.server.greeting.contains("<script>"));
        o.server.capabilities << "<img src=x onerror=alert(1)>";
        o.warnings << QStringLiteral("<iframe src=\"http://example.invalid\">");
        o.messages[0].findings << QStringLiteral("a finding with <b>markup</b>");
        o.prefs << qMakePair(QStringLiteral("mail.<evil>"), QVariant(QStringLiteral("</td>")));
        const QString html = Report::html(o, {});
        QVERIFY(!html.contains(QLatin1String("<script")));
        QVERIFY(!html.contains(QLatin1String("<img")));
        QVERIFY(!html.contains(QLatin1String("<iframe")));
        QVERIFY(!html.contains(QLatin1String("<b>markup")));
        QVERIFY(!html.contains(QLatin1String("<evil>")));
        QVERIFY(html.contains(QLatin1String("&lt;script&gt;alert('x')&lt;/script&gt;")));
        QVERIFY(html.contains(QLatin1String("&lt;img src=x onerror=alert(1)&gt;")));
        QVERIFY(html.contains(QLatin1String("a finding with &lt;b&gt;markup&lt;/b&gt;")));
        // The greeting in the transcript is escaped too (it appears there as a server line).
        QVERIFY(html.count(QStringLiteral("&lt;script&gt;")) >= 2);
    }

    // DESIGN.md §4: the connection decides the transport and port; the prefs that would have
    // decided them are reported as read and marked overridden when they disagree (and only then).
    void prefsOverriddenByTheConnection_data()
    {
        QTest::addColumn<int>("security");
        QTest::addColumn<int>("port");
        QTest::addColumn<bool>("serverSsl");
        QTest::addColumn<QVariant>("isSecure"); // the host's own switch, or invalid: not set
        QTest::addColumn<QStringList>("overridden");
        const int ssl = int(net::Security::Ssl);
        const int none = int(net::Security::None);
        const int starttls = int(net::Security::StartTls);
        QTest::newRow("ssl run, server_ssl false, another port")
            << ssl << 40993 << false << QVariant()
            << QStringList{QStringLiteral("mail.imap.server_ssl"),
                           QStringLiteral("mail.imap.ssl_port")};
        QTest::newRow("ssl run, server_ssl false, port 993")
            << ssl << 993 << false << QVariant()
            << QStringList{QStringLiteral("mail.imap.server_ssl")};
        QTest::newRow("ssl run, server_ssl true, port 993: agrees")
            << ssl << 993 << true << QVariant() << QStringList{};
        QTest::newRow("plain run, server_ssl false: agrees")
            << none << 143 << false << QVariant() << QStringList{};
        QTest::newRow("plain run, server_ssl true")
            << none << 143 << true << QVariant()
            << QStringList{QStringLiteral("mail.imap.server_ssl")};
        QTest::newRow("starttls run, the host's isSecure true")
            << starttls << 143 << false << QVariant(true)
            << QStringList{QStringLiteral("mail.imap.server.imap.example.com.isSecure")};
    }
    void prefsOverriddenByTheConnection()
    {
        QFETCH(int, security);
        QFETCH(int, port);
        QFETCH(bool, serverSsl);
        QFETCH(QVariant, isSecure);
        QFETCH(QStringList, overridden);
        fetch::FetchOutcome o;
        o.server.host = QStringLiteral("imap.example.com");
        o.server.port = quint16(port);
        o.server.security = net::Security(security);
        o.prefs = {{QStringLiteral("mail.imap.server_ssl"), serverSsl},
                   {QStringLiteral("mail.imap.ssl_port"), 993},
                   {QStringLiteral("mail.imap.chunk_size"), 6144}};
        if (isSecure.isValid())
            o.prefs.append(
                {QStringLiteral("mail.imap.server.imap.example.com.isSecure"), isSecure});
        QCOMPARE(o.overriddenPrefs().keys(), overridden);
        const QString html = Report::html(o, {});
        const QString used = QStringLiteral(" — overridden: the connection used %1 on port %2")
                                 .arg(net::securityName(o.server.security))
                                 .arg(port);
        for (const auto &[name, value] : o.prefs) {
            const bool marked = overridden.contains(name);
            const QString row =
                QStringLiteral("<tr class=\"overridden\"><td class=\"mono\">%1</td>").arg(name);
            QVERIFY2(html.contains(row) == marked, qPrintable(name));
        }
        QCOMPARE(html.count(used), overridden.size());
        // The JSON keeps the values as read, unmarked (its shape is the contract's).
        QVERIFY(JsonOutput::fetch(o).contains(QByteArray("\"mail.imap.server_ssl\": ") +
                                              (serverSsl ? "true" : "false")));
    }

    void pagesAreWellFormedMarkup()
    {
        // Written with QXmlStreamWriter: well-formed whatever the server sent.
        fetch::FetchOutcome hostile = m_hostile;
        hostile.server.capabilities << "<img src=x onerror=alert(1)>"
                                    << "\x01\x1b]0;x\x07";
        hostile.warnings << QStringLiteral("<iframe src=\"http://example.invalid\"> & \x0c");
        hostile.notes << QStringLiteral("\xfffe \xffff");
        hostile.prefs << qMakePair(QStringLiteral("mail.<evil>"),
                                   QVariant(QStringLiteral("</td>")));
        hostile.error = QStringLiteral("]]> <!-- --> <![CDATA[");
        scenario::ReportContext ctx;
        ctx.title = QStringLiteral("<h1>title</h1>");
        ctx.ticket = QStringLiteral("KB & \"Q194998\"");
        ctx.description = QStringLiteral("a story with <markup> & \x1b[2J");
        ctx.command = QStringLiteral("msim-cli fetch --user '<x>'");
        ctx.up = QStringLiteral("../report.html?a=1&b=\"2\"");
        ctx.expectationMet = false;
        ctx.differences = {QStringLiteral("<b>difference</b>")};
        for (const fetch::FetchOutcome *o :
             {&m_unframed, &m_framed, &m_whole, &m_error, &hostile}) {
            const QString err = pageMarkupError(Report::html(*o, ctx));
            QVERIFY2(err.isEmpty(), qPrintable(err));
        }
        const QString page = Report::html(hostile, ctx);
        QVERIFY(!page.contains(QLatin1String("<h1>title")));
        QVERIFY(page.contains(QLatin1String("<h1>&lt;h1&gt;title&lt;/h1&gt;</h1>")));
        QVERIFY(page.contains(QLatin1String("\\x1b]0;x\\x07")));
        QVERIFY(!page.contains(QChar(0x1b)));
        QList<scenario::MatrixCell> cells;
        for (const fetch::FetchOutcome *o : {&m_unframed, &hostile}) {
            scenario::MatrixCell cell;
            cell.chunkSize = 6144;
            cell.result = *o;
            cells << cell;
        }
        const QString err = pageMarkupError(Report::matrixHtml(cells, ctx));
        QVERIFY2(err.isEmpty(), qPrintable(err));
    }

    void theStyleSheetComesFromTheResources()
    {
        const QString css = scenario::ReportPage::styleSheet();
        QVERIFY(css.contains(QLatin1String("svg.chunk-picture")));
        // A style element's text is not unescaped by HTML parsers: nothing in it may need it.
        for (const QChar c :
             {QLatin1Char('<'), QLatin1Char('>'), QLatin1Char('&'), QLatin1Char('"')})
            QVERIFY2(!css.contains(c), qPrintable(QString(c)));
        // Inlined as it is in both pages, so a report stays one self-contained file.
        const QString inlined = QStringLiteral("<style>\n") + css + QStringLiteral("</style>");
        QVERIFY(Report::html(m_unframed, {}).contains(inlined));
        QVERIFY(Report::matrixHtml({}, {}).contains(inlined));
        QVERIFY(!Report::html(m_unframed, {}).contains(QLatin1String("<link")));
    }

    void thePasswordIsInNoFile()
    {
        QTemporaryDir tmp;
        QVERIFY(tmp.isValid());
        // The LOGIN did go out, redacted in the transcript.
        const QString text = m_unframed.transcriptText();
        QVERIFY(text.contains(QLatin1String("login")));
        QVERIFY(text.contains(QLatin1String("<redacted>")));
        QString error;
        scenario::ReportContext ctx;
        ctx.command = QStringLiteral("msim-cli fetch --uid 320 --user test --report out");
        for (const fetch::FetchOutcome *o :
             {&m_unframed, &m_framed, &m_whole, &m_error, &m_hostile}) {
            const QString dir = tmp.filePath(QString::number(quintptr(o)));
            QVERIFY2(Report::writeFetch(dir, *o, ctx, JsonOutput::fetch(*o), &error),
                     qPrintable(error));
        }
        QVERIFY(filesUnder(tmp.path()).size() >= 25);
        const QStringList leaks = filesContaining(tmp.path(), "secret");
        QVERIFY2(leaks.isEmpty(), qPrintable(leaks.join(QLatin1Char('\n'))));
        // A pref that names a password is not printed either.
        fetch::FetchOutcome o = m_whole;
        o.prefs << qMakePair(QStringLiteral("mail.imap.password"),
                             QVariant(QStringLiteral("hunter2")));
        QVERIFY(!Report::html(o, ctx).contains(QLatin1String("hunter2")));
    }

    void writeFetchReportsFailure()
    {
        QTemporaryDir tmp;
        const QString blocked = unwritableFolder(tmp);
        QVERIFY(!blocked.isEmpty());
        QString error;
        QVERIFY(!Report::writeFetch(blocked, m_whole, {}, JsonOutput::fetch(m_whole), &error));
        QVERIFY2(error.contains(QLatin1String("file/report")), qPrintable(error));
    }

    void transcriptIsCapped()
    {
        fetch::FetchOutcome o = m_whole;
        auto t = std::make_shared<net::Transcript>(QStringLiteral("connection 9: a chatty one"));
        for (int i = 0; i < Report::kMaxTranscriptLines + 200; ++i)
            t->recordReceived("* OK line " + QByteArray::number(i) + "\r\n");
        o.transcripts = {t};
        const QString html = Report::html(o, {});
        QVERIFY(html.contains(QLatin1String("* OK line 4999")));
        QVERIFY(!html.contains(QLatin1String("* OK line 5000")));
        QVERIFY(html.contains(QLatin1String("200 more lines: transcript.txt has them all")));
    }

    void writeMatrixWritesACellPerFolder()
    {
        QList<scenario::MatrixCell> cells;
        auto cell = [](net::Security sec, std::optional<qint64> size,
                       const fetch::FetchOutcome &r) {
            scenario::MatrixCell c;
            c.security = sec;
            c.fetchByChunks = size.has_value();
            c.chunkSize = size;
            c.result = r;
            return c;
        };
        cells << cell(net::Security::None, 6144, m_whole) << cell(net::Security::None, {}, m_whole)
              << cell(net::Security::StartTls, 6144, m_whole)
              << cell(net::Security::StartTls, {}, m_whole)
              << cell(net::Security::Ssl, 6144, m_unframed)
              << cell(net::Security::Ssl, {}, m_whole);
        QTemporaryDir tmp;
        const QString dir = tmp.filePath(QStringLiteral("matrix"));
        const QByteArray json = JsonOutput::matrix(cells);
        scenario::ReportContext ctx;
        ctx.title = QStringLiteral("SSL is the trigger");
        ctx.ticket = QStringLiteral("KB Q194998");
        ctx.expectationMet = true;
        QString error;
        QVERIFY2(Report::writeMatrix(dir, cells, ctx, json, &error), qPrintable(error));

        const QStringList folders = {
            QStringLiteral("none-chunks-6144"),     QStringLiteral("none-whole"),
            QStringLiteral("starttls-chunks-6144"), QStringLiteral("starttls-whole"),
            QStringLiteral("ssl-chunks-6144"),      QStringLiteral("ssl-whole")};
        QStringList expected = {QStringLiteral("capture.pcapng"), QStringLiteral("report.html"),
                                QStringLiteral("report.json")};
        for (const QString &f : folders)
            for (const QString &file :
                 {QStringLiteral("320.displayed.eml"), QStringLiteral("320.reference.eml"),
                  QStringLiteral("capture.pcapng"), QStringLiteral("report.html"),
                  QStringLiteral("report.json"), QStringLiteral("transcript.txt")})
                expected << f + QLatin1Char('/') + file;
        expected.sort();
        QCOMPARE(filesUnder(dir), expected);

        QCOMPARE(readAll(dir + QStringLiteral("/report.json")), json);
        for (qsizetype i = 0; i < cells.size(); ++i)
            QCOMPARE(readAll(dir + QLatin1Char('/') + folders[i] + QStringLiteral("/report.json")),
                     JsonOutput::fetch(cells[i].result));

        const QString top = QString::fromUtf8(readAll(dir + QStringLiteral("/report.html")));
        for (const QString &f : folders)
            QVERIFY2(top.contains(QStringLiteral("href=\"%1/report.html\"").arg(f)), qPrintable(f));
        QVERIFY(top.contains(QLatin1String("SSL is the trigger")));
        QVERIFY(top.contains(QLatin1String("expectation held")));
        QVERIFY(top.contains(QLatin1String("Complete in 5 of 6 cells.")));
        QVERIFY(top.contains(escaped(m_unframed.messages[0].findings.first())));
        // Rows none, starttls, ssl in that order.
        QVERIFY(top.indexOf(QLatin1String("<th>plain text</th>")) <
                top.indexOf(QLatin1String("<th>STARTTLS</th>")));
        QVERIFY(top.indexOf(QLatin1String("<th>STARTTLS</th>")) <
                top.indexOf(QLatin1String("<th>SSL</th>")));
        const QString sslCell =
            QString::fromUtf8(readAll(dir + QStringLiteral("/ssl-chunks-6144/report.html")));
        QVERIFY(sslCell.contains(QLatin1String("href=\"../report.html\"")));
        QVERIFY(sslCell.contains(QLatin1String("Messenger 4.5 shows 6144 of 20000 octets")));
        QVERIFY(filesContaining(dir, "secret").isEmpty());
    }
};

QTEST_GUILESS_MAIN(tst_Report)
#include "tst_report.moc"
