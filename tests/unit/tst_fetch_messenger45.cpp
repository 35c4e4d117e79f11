// The Messenger 4.5 fetch behaviour against scripted servers: every row of MESSENGER45.md §5, the
// exact 4.x command strings and tags, the threshold edge, the adaptive sequence on slow and
// fast clocks, fetch_by_chunks off, and the verification connection (reference, \Seen).
#include "ImapScript.h"
#include "ScriptedServer.h"
#include "emulator/Corpus.h"
#include "fetch/FetchRunner.h"
#include "prefs/Presets.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTest>

#include <algorithm>

using namespace msim;
using msim::testsupport::ImapScript;
using msim::testsupport::ScriptedServer;
using Message = ImapScript::Message;
using fetch::ChunkStatus;
using fetch::Verdict;

namespace {

// A clock that moves by `step` ms each time it is read: every chunk "takes" that long.
class SteppingClock : public fetch::Clock
{
public:
    explicit SteppingClock(qint64 step)
        : m_step(step)
    {}
    qint64 nowMs() const override { return m_now += m_step; }
    void jump(qint64 ms) { m_now += ms; }

private:
    qint64 m_step;
    mutable qint64 m_now = 0;
};

// A clock whose readings are scripted: each read returns the next value (MESSENGER45.md §2: one
// reading when a body fetch is sent, one when it ends). Reads past the script are counted.
class ScriptedClock : public fetch::Clock
{
public:
    explicit ScriptedClock(QList<qint64> readings)
        : m_readings(std::move(readings))
    {}
    qint64 nowMs() const override
    {
        if (m_next < m_readings.size())
            return m_readings[m_next++];
        ++m_overrun;
        return m_readings.isEmpty() ? 0 : m_readings.last();
    }
    qsizetype unread() const { return m_readings.size() - m_next; }
    int overrun() const { return m_overrun; }

private:
    QList<qint64> m_readings;
    mutable qsizetype m_next = 0;
    mutable int m_overrun = 0;
};

Message message(quint32 uid, qint64 size)
{
    Message m;
    m.uid = uid;
    m.body = emulator::Corpus::sized(size, "test " + QByteArray::number(size),
                                     QByteArray::number(size) + "@test");
    return m;
}

fetch::FetchRequest request(quint16 port, const QString &preset, QList<quint32> uids,
                            const QStringList &sets = {})
{
    fetch::FetchRequest r;
    r.session.endpoint.host = QStringLiteral("127.0.0.1");
    r.session.endpoint.port = port;
    r.session.endpoint.security = net::Security::None;
    r.session.credentials = {"test", "secret"};
    r.session.commandTimeoutMs = 5000;
    r.session.drainTimeoutMs = 1000;
    r.uids = uids;
    QString err;
    r.client.prefs = *prefs::Presets::make(preset, &err);
    r.client.presetName = preset;
    r.client.kind = fetch::ClientSettings::kindForPreset(preset);
    for (const QString &s : sets)
        r.client.prefs.setFromText(s, &err);
    return r;
}

fetch::FetchOutcome run(fetch::FetchRequest req, const fetch::Clock *clock = nullptr)
{
    fetch::FetchRunner runner(std::move(req));
    if (clock)
        runner.setClock(clock);
    QSignalSpy done(&runner, &fetch::FetchRunner::finished);
    runner.start();
    if (!done.wait(20000))
        qWarning("the fetch did not finish");
    return runner.outcome();
}

QByteArray chunkCmd(int tag, quint32 uid, qint64 s, qint64 l)
{
    return QByteArray::number(tag) + " UID fetch " + QByteArray::number(uid) +
           " (UID RFC822.SIZE BODY[]<" + QByteArray::number(s) + '.' + QByteArray::number(l) + ">)";
}

QList<QByteArray> commands(const fetch::MessageOutcome &m)
{
    QList<QByteArray> out;
    for (const auto &c : m.chunks)
        out << c.command;
    return out;
}

// A compliant server's answers to a sequence of chunk requests, scripted.
void compliantChunks(ImapScript &s, const Message &m, const QList<QPair<qint64, qint64>> &reqs)
{
    for (const auto &[start, len] : reqs) {
        s.client("UID fetch " + QByteArray::number(m.uid) + " (UID RFC822.SIZE BODY[]<" +
                 QByteArray::number(start) + '.' + QByteArray::number(len) + ">)");
        s.server(ImapScript::fetchReply(1, m, start, m.body.mid(start, len)));
        s.ok();
    }
}

// A compliant answer to one 4.5 body request (its text without the tag): `BODY[]<s.l>` gets
// those octets with origin s, a range-less `BODY[]` the whole message without origin.
void answer(ImapScript &s, const QList<Message> &messages, const QByteArray &request)
{
    s.client(request);
    const quint32 uid = request.split(' ').value(2).toUInt();
    const auto m = std::find_if(messages.begin(), messages.end(),
                                [uid](const Message &x) { return x.uid == uid; });
    Q_ASSERT(m != messages.end());
    const qsizetype lt = request.indexOf("BODY[]<");
    if (lt < 0) {
        s.server(ImapScript::fetchReply(1, *m, std::nullopt, m->body));
    } else {
        const QList<QByteArray> range =
            request.mid(lt + 7, request.indexOf('>', lt) - lt - 7).split('.');
        const qint64 start = range.value(0).toLongLong();
        s.server(
            ImapScript::fetchReply(1, *m, start, m->body.mid(start, range.value(1).toLongLong())));
    }
    s.ok();
}

// Runs the fetch and cancels it the moment connection `at` (0-based) of the server reaches its
// W: step: a user pressing Esc while msim waits for a reply that has not come.
fetch::FetchOutcome runCancelled(ScriptedServer &server, fetch::FetchRequest req, int at = 0)
{
    fetch::FetchRunner runner(std::move(req));
    QObject::connect(&server, &ScriptedServer::waitingForClose, &runner, [&runner, at](int index) {
        if (index == at)
            runner.cancel();
    });
    QSignalSpy done(&runner, &fetch::FetchRunner::finished);
    runner.start();
    if (!done.count() && !done.wait(20000))
        qWarning("the fetch did not finish");
    return runner.outcome();
}

ScriptedServer::Scenario verification(const Message &m, bool restore = true)
{
    ImapScript v;
    v.open().reference(m, restore).logout();
    return v.build();
}

} // namespace

class tst_FetchMessenger45 : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void kbPresetCompliantServer()
    {
        const Message m = message(320, 20000);
        ImapScript s;
        s.open().headers({m});
        compliantChunks(s, m, {{0, 6144}, {6144, 6144}, {12288, 6144}, {18432, 1568}});
        s.logout();
        ScriptedServer server;
        server.addScenario(s.build());
        server.addScenario(verification(m));
        QVERIFY(server.listenLoopback());
        const auto out = run(request(server.serverPort(), QStringLiteral("kb-q194998"), {320}));
        MSIM_VERIFY_SCRIPT(server);
        QCOMPARE(out.messages.size(), 1);
        const auto &msg = out.messages[0];
        QCOMPARE(commands(msg),
                 QList<QByteArray>({chunkCmd(5, 320, 0, 6144), chunkCmd(6, 320, 6144, 6144),
                                    chunkCmd(7, 320, 12288, 6144), chunkCmd(8, 320, 18432, 1568)}));
        QCOMPARE(msg.strategy, QStringLiteral("chunked"));
        for (const auto &c : msg.chunks)
            QCOMPARE(c.status, ChunkStatus::Ok);
        QCOMPARE(msg.displayed, m.body);
        QCOMPARE(msg.comparison.verdict, Verdict::Complete);
        QCOMPARE(msg.sessionEnd, QStringLiteral("logout"));
        QVERIFY2(msg.findings.isEmpty(), qPrintable(msg.findings.join(QLatin1Char('\n'))));
        QVERIFY(msg.seenRestored);
        QCOMPARE(out.exitCode(), 0);
        QCOMPARE(out.transcripts.size(), 2);
        QVERIFY(out.transcriptText().contains(QLatin1String("[literal: 6144 octets]")));
        QCOMPARE(QJsonDocument::fromJson(out.toJsonText()).object(), out.toJson());
    }

    void unframedOverrunTruncates()
    {
        // KB Q194998: 1500 octets more than the literal announced, the message's next octets.
        const Message m = message(320, 20000);
        ImapScript s;
        s.open().headers({m});
        s.client("UID fetch 320 (UID RFC822.SIZE BODY[]<0.6144>)");
        s.server(ImapScript::fetchReply(1, m, 0, m.body.left(6144), m.body.mid(6144, 1500)));
        s.ok();
        s.emergencyLogout();
        ScriptedServer server;
        server.addScenario(s.build());
        server.addScenario(verification(m));
        QVERIFY(server.listenLoopback());
        const auto out = run(request(server.serverPort(), QStringLiteral("kb-q194998"), {320}));
        MSIM_VERIFY_SCRIPT(server);
        const auto &msg = out.messages[0];
        QCOMPARE(msg.chunks.size(), 1);
        const auto &c = msg.chunks[0];
        QCOMPARE(c.status, ChunkStatus::OverrunUnframed);
        QCOMPARE(c.unframedExtra, 1500);
        QVERIFY(c.unframedExtraExact);
        QCOMPARE(c.literalLength, 6144);
        QCOMPARE(c.received, 7644);
        QCOMPARE(c.extraIsNextOctets, std::optional<bool>(true));
        QCOMPARE(msg.displayed, m.body.left(6144));
        QCOMPARE(msg.comparison.verdict, Verdict::Truncated);
        QCOMPARE(msg.sessionEnd, QStringLiteral("emergency_logout"));
        QCOMPARE(out.sessionEnd, QStringLiteral("emergency_logout"));
        QCOMPARE(out.exitCode(), 3);
        // The streamed JSON text says exactly what the QJsonObject form says.
        QCOMPARE(QJsonDocument::fromJson(out.toJsonText()).object(), out.toJson());
        const QString all = msg.findings.join(QLatin1Char('\n'));
        QVERIFY2(all.contains(QLatin1String(
                     "chunk 1: the server sent 1500 octets beyond the 6144-octet literal it "
                     "announced (unframed overrun) over plain text; Messenger 4.5 aborts the "
                     "download and logs out, so the message shows 6144 of 20000 octets.")),
                 qPrintable(all));
        QVERIFY(all.contains(QStringLiteral("next 1500 octets (offsets 6144–7643)")));
        QVERIFY(all.contains(QLatin1String("Messenger 4.5 shows 6144 of 20000 octets")));
        QVERIFY(all.contains(QLatin1String("xxxx logout")));
        // The overrun octets are marked in the transcript.
        bool marked = false;
        for (const auto &mk : out.transcripts[0]->marks())
            marked = marked || (mk.kind == net::Transcript::MarkKind::Overrun && mk.length == 1500);
        QVERIFY(marked);
    }

    void framedOverrunDuplicates()
    {
        const Message m = message(320, 20000);
        ImapScript s;
        s.open().headers({m});
        // Every reply short of the end carries 1500 more octets, honestly counted.
        const QList<QPair<qint64, qint64>> reqs = {
            {0, 6144}, {6144, 6144}, {12288, 6144}, {18432, 1568}};
        for (const auto &[start, len] : reqs) {
            s.client("UID fetch 320 (UID RFC822.SIZE BODY[]<" + QByteArray::number(start) + '.' +
                     QByteArray::number(len) + ">)");
            const bool end = start + len >= 20000;
            s.server(
                ImapScript::fetchReply(1, m, start, m.body.mid(start, end ? len : len + 1500)));
            s.ok();
        }
        s.logout();
        ScriptedServer server;
        server.addScenario(s.build());
        server.addScenario(verification(m));
        QVERIFY(server.listenLoopback());
        const auto out = run(request(server.serverPort(), QStringLiteral("kb-q194998"), {320}));
        MSIM_VERIFY_SCRIPT(server);
        const auto &msg = out.messages[0];
        QCOMPARE(msg.chunks.size(), 4);
        QCOMPARE(msg.chunks[0].status, ChunkStatus::OverrunFramed);
        QCOMPARE(msg.chunks[3].status, ChunkStatus::Ok);
        QCOMPARE(msg.displayed.size(), 3 * 7644 + 1568);
        QCOMPARE(msg.comparison.verdict, Verdict::Duplicated);
        QCOMPARE(msg.comparison.duplicated,
                 QList<fetch::Range>({{6144, 7644}, {12288, 13788}, {18432, 19932}}));
        QVERIFY(msg.findings.join(QLatin1Char(' '))
                    .contains(QStringLiteral("octets 6144–7643 are shown twice")));
        QCOMPARE(out.exitCode(), 3);
    }

    void noOriginIsComplete()
    {
        const Message m = message(320, 20000);
        ImapScript s;
        s.open().headers({m});
        s.client("UID fetch 320 (UID RFC822.SIZE BODY[]<0.6144>)");
        s.server(ImapScript::fetchReply(1, m, std::nullopt, m.body));
        s.ok();
        s.logout();
        ScriptedServer server;
        server.addScenario(s.build());
        server.addScenario(verification(m));
        QVERIFY(server.listenLoopback());
        const auto out = run(request(server.serverPort(), QStringLiteral("kb-q194998"), {320}));
        MSIM_VERIFY_SCRIPT(server);
        const auto &msg = out.messages[0];
        QCOMPARE(msg.chunks.size(), 1);
        QCOMPARE(msg.chunks[0].status, ChunkStatus::NoOrigin);
        QCOMPARE(msg.comparison.verdict, Verdict::Complete);
        QCOMPARE(out.exitCode(), 3); // a no_origin chunk is a finding
    }

    void rfc822SizeTooSmallLosesTheTail()
    {
        Message m = message(320, 20000);
        m.reportedSize = 19700; // KB Q191504
        ImapScript s;
        s.open().headers({m});
        compliantChunks(s, m, {{0, 6144}, {6144, 6144}, {12288, 6144}, {18432, 1268}});
        s.logout();
        ScriptedServer server;
        server.addScenario(s.build());
        server.addScenario(verification(m));
        QVERIFY(server.listenLoopback());
        const auto out = run(request(server.serverPort(), QStringLiteral("kb-q194998"), {320}));
        MSIM_VERIFY_SCRIPT(server);
        const auto &msg = out.messages[0];
        QCOMPARE(msg.displayed, m.body.left(19700));
        QCOMPARE(msg.comparison.verdict, Verdict::Truncated);
        QCOMPARE(msg.comparison.missingTail, 300);
        QVERIFY(msg.findings.join(QLatin1Char(' ')).contains(QLatin1String("KB Q191504")));
    }

    void rfc822SizeOverReportedEndsWithARangelessFetch()
    {
        // MESSENGER45.md §2, §5: the short last literal does not complete (18432 + 1568 <
        // 20100); start reaches the size, so 4.5 asks without a range, never <20100.0>.
        Message m = message(320, 20000);
        m.reportedSize = 20100;
        ImapScript s;
        s.open().headers({m});
        compliantChunks(s, m, {{0, 6144}, {6144, 6144}, {12288, 6144}, {18432, 1668}});
        s.client("UID fetch 320 (UID RFC822.SIZE BODY[])");
        s.server(ImapScript::fetchReply(1, m, std::nullopt, m.body));
        s.ok();
        s.logout();
        ScriptedServer server;
        server.addScenario(s.build());
        server.addScenario(verification(m));
        QVERIFY(server.listenLoopback());
        const auto out = run(request(server.serverPort(), QStringLiteral("kb-q194998"), {320}));
        MSIM_VERIFY_SCRIPT(server);
        const auto &msg = out.messages[0];
        QCOMPARE(commands(msg),
                 QList<QByteArray>({chunkCmd(5, 320, 0, 6144), chunkCmd(6, 320, 6144, 6144),
                                    chunkCmd(7, 320, 12288, 6144), chunkCmd(8, 320, 18432, 1668),
                                    "9 UID fetch 320 (UID RFC822.SIZE BODY[])"}));
        QCOMPARE(msg.chunks[3].status, ChunkStatus::Short);
        QCOMPARE(msg.chunks[4].status, ChunkStatus::Ok);
        QCOMPARE(msg.chunks[4].requestedStart, std::nullopt);
        QCOMPARE(msg.chunks[4].origin, std::nullopt);
        QCOMPARE(msg.displayed, m.body);
        QCOMPARE(msg.comparison.verdict, Verdict::Complete);
        QCOMPARE(msg.findings,
                 QStringList({QStringLiteral(
                     "The server reported RFC822.SIZE 20100 but holds 20000 octets (100 more than "
                     "the message); the short last chunk did not complete the download, so "
                     "Messenger 4.5 asked again without a range (`BODY[]`): one extra round "
                     "trip.")}));
        QCOMPARE(out.exitCode(), 3);
    }

    void emptyChunksThenTheRangelessFetch()
    {
        // exchange2010-1mb in small: the last chunk comes back empty, start reaches the size,
        // and 4.5 asks once more without a range; the whole answer restarts the display.
        const Message m = message(320, 20000);
        ImapScript s;
        s.open().headers({m});
        compliantChunks(s, m, {{0, 6144}, {6144, 6144}, {12288, 6144}});
        s.client("UID fetch 320 (UID RFC822.SIZE BODY[]<18432.1568>)");
        s.server(ImapScript::fetchReply(1, m, 18432, QByteArray()));
        s.ok();
        s.client("UID fetch 320 (UID RFC822.SIZE BODY[])");
        s.server(ImapScript::fetchReply(1, m, std::nullopt, m.body));
        s.ok();
        s.logout();
        ScriptedServer server;
        server.addScenario(s.build());
        server.addScenario(verification(m));
        QVERIFY(server.listenLoopback());
        const auto out = run(request(server.serverPort(), QStringLiteral("kb-q194998"), {320}));
        MSIM_VERIFY_SCRIPT(server);
        const auto &msg = out.messages[0];
        QCOMPARE(msg.displayed, m.body);
        QCOMPARE(msg.comparison.verdict, Verdict::Complete);
        QCOMPARE(msg.findings,
                 QStringList({QStringLiteral("chunk 4: the server answered `<18432.1568>` with no "
                                             "octets; Messenger 4.5 went on with the next "
                                             "request."),
                              QStringLiteral("request 5: the start had reached RFC822.SIZE 20000 "
                                             "without the last chunk, so Messenger 4.5 asked once "
                                             "more without a range (`BODY[]`); the server's whole "
                                             "answer restarted the display with all 20000 "
                                             "octets.")}));
    }

    void originZeroRestartsTheDisplay()
    {
        const Message m = message(320, 20000);
        ImapScript s;
        s.open().headers({m});
        s.client("UID fetch 320 (UID RFC822.SIZE BODY[]<0.6144>)");
        s.server(ImapScript::fetchReply(1, m, 0, m.body.left(6144)));
        s.ok();
        s.client("UID fetch 320 (UID RFC822.SIZE BODY[]<6144.6144>)");
        s.server(ImapScript::fetchReply(1, m, 0, m.body.left(6144))); // origin 0 again
        s.ok();
        compliantChunks(s, m, {{12288, 6144}, {18432, 1568}});
        s.logout();
        ScriptedServer server;
        server.addScenario(s.build());
        server.addScenario(verification(m));
        QVERIFY(server.listenLoopback());
        const auto out = run(request(server.serverPort(), QStringLiteral("kb-q194998"), {320}));
        MSIM_VERIFY_SCRIPT(server);
        const auto &msg = out.messages[0];
        QCOMPARE(msg.chunks[1].status, ChunkStatus::OriginMismatch);
        QCOMPARE(msg.displayed, m.body.left(6144) + m.body.mid(12288));
        QCOMPARE(msg.comparison.verdict, Verdict::Corrupted); // shorter, but not a prefix
        QVERIFY(
            msg.findings.join(QLatin1Char(' ')).contains(QLatin1String("restarts the display")));
    }

    void thresholdEdge_data()
    {
        QTest::addColumn<QString>("preset");
        QTest::addColumn<qint64>("size");
        QTest::addColumn<bool>("chunked");
        QTest::newRow("kb: equal to the threshold")
            << QStringLiteral("kb-q194998") << qint64(6144) << false;
        QTest::newRow("kb: one above") << QStringLiteral("kb-q194998") << qint64(6145) << true;
        QTest::newRow("4.5: equal to the threshold")
            << QStringLiteral("messenger45") << qint64(15360) << false;
        QTest::newRow("4.5: one above") << QStringLiteral("messenger45") << qint64(15361) << true;
    }
    void thresholdEdge()
    {
        QFETCH(QString, preset);
        QFETCH(qint64, size);
        QFETCH(bool, chunked);
        const Message m = message(7, size);
        ImapScript s;
        s.open().headers({m});
        if (chunked) {
            const qint64 first = preset == QLatin1String("kb-q194998") ? 6144 : 10240;
            compliantChunks(s, m, {{0, first}, {first, size - first}});
        } else {
            s.client("UID fetch 7 (UID RFC822.SIZE BODY[])");
            s.server(ImapScript::fetchReply(1, m, std::nullopt, m.body));
            s.ok();
        }
        s.logout();
        ScriptedServer server;
        server.addScenario(s.build());
        server.addScenario(verification(m));
        QVERIFY(server.listenLoopback());
        SteppingClock clock(3000); // "ideal" for messenger45: the size does not move
        const auto out = run(request(server.serverPort(), preset, {7}), &clock);
        MSIM_VERIFY_SCRIPT(server);
        QCOMPARE(out.messages[0].strategy,
                 chunked ? QStringLiteral("chunked") : QStringLiteral("whole"));
        QCOMPARE(out.messages[0].comparison.verdict, Verdict::Complete);
        QCOMPARE(out.exitCode(), 0);
    }

    // The wall-time cap behind the loop guard: a download that never repeats itself but goes
    // on for more than FetchStrategy::kMaxMessageMs is stopped, and the sentence says so.
    void wallTimeCapStopsADownload()
    {
        const Message m = message(7, 20000);
        ImapScript s;
        s.open().headers({m});
        compliantChunks(s, m, {{0, 6144}, {6144, 6144}, {12288, 6144}});
        s.logout();
        ScriptedServer server;
        server.addScenario(s.build());
        QVERIFY(server.listenLoopback());
        SteppingClock clock(3000); // 3 s a chunk: the size does not move
        auto req = request(server.serverPort(), QStringLiteral("kb-q194998"), {7});
        req.verify = false;
        req.keepSeen = true;
        fetch::FetchRunner runner(req);
        runner.setClock(&clock);
        // After each chunk 2 hours pass: the third reply ends past 4 hours from the first request.
        connect(&runner, &fetch::FetchRunner::progress, this,
                [&clock](const QString &, quint32 uid, qint64, qint64, int chunks) {
                    if (uid != 0 && chunks > 0)
                        clock.jump(2 * 3600 * 1000);
                });
        QSignalSpy done(&runner, &fetch::FetchRunner::finished);
        runner.start();
        QVERIFY(done.wait(20000));
        MSIM_VERIFY_SCRIPT(server);
        const auto &msg = runner.outcome().messages[0];
        QCOMPARE(msg.chunks.size(), 3);
        QVERIFY(msg.stoppedByLimit && msg.stoppedByTime);
        QCOMPARE(msg.comparison.verdict, Verdict::Truncated);
        QCOMPARE(msg.findings.last(),
                 QStringLiteral("msim stopped after 3 requests and 4 hours on this message (its "
                                "limit for one message): Messenger 4.5 would have gone on "
                                "asking."));
    }

    void adaptiveShrinkOnASlowLink()
    {
        // 4.5 defaults, every chunk "takes" 5 s (slower than chunk_ideal 4 s):
        // 10240 -> 8192 -> 6144 -> 4096, the last request clamped to the size.
        const Message m = message(7, 26000);
        ImapScript s;
        s.open().headers({m});
        compliantChunks(s, m, {{0, 10240}, {10240, 8192}, {18432, 6144}, {24576, 1424}});
        s.logout();
        ScriptedServer server;
        server.addScenario(s.build());
        server.addScenario(verification(m));
        QVERIFY(server.listenLoopback());
        SteppingClock clock(5000);
        const auto out =
            run(request(server.serverPort(), QStringLiteral("messenger45"), {7}), &clock);
        MSIM_VERIFY_SCRIPT(server);
        QCOMPARE(out.messages[0].comparison.verdict, Verdict::Complete);
    }

    void adaptiveGrowthOnAFastLink()
    {
        // Every chunk under a second: 10240 -> 12288 -> 14336 -> ... (MESSENGER45.md §1 note).
        const Message m = message(8, 102400);
        ImapScript s;
        s.open().headers({m});
        compliantChunks(s, m,
                        {{0, 10240},
                         {10240, 12288},
                         {22528, 14336},
                         {36864, 16384},
                         {53248, 18432},
                         {71680, 20480},
                         {92160, 10240}});
        s.logout();
        ScriptedServer server;
        server.addScenario(s.build());
        server.addScenario(verification(m));
        QVERIFY(server.listenLoopback());
        SteppingClock clock(100);
        const auto out =
            run(request(server.serverPort(), QStringLiteral("messenger45"), {8}), &clock);
        MSIM_VERIFY_SCRIPT(server);
        QCOMPARE(out.messages[0].comparison.verdict, Verdict::Complete);
    }

    void fetchByChunksOff()
    {
        // The KB's workaround: user_pref("mail.imap.fetch_by_chunks", false);
        const Message m = message(320, 20000);
        ImapScript s;
        s.open().headers({m});
        s.client("UID fetch 320 (UID RFC822.SIZE BODY[])");
        s.server(ImapScript::fetchReply(1, m, std::nullopt, m.body));
        s.ok();
        s.logout();
        ScriptedServer server;
        server.addScenario(s.build());
        server.addScenario(verification(m));
        QVERIFY(server.listenLoopback());
        const auto out = run(request(server.serverPort(), QStringLiteral("kb-q194998"), {320},
                                     {QStringLiteral("mail.imap.fetch_by_chunks=false")}));
        MSIM_VERIFY_SCRIPT(server);
        const auto &msg = out.messages[0];
        QCOMPARE(msg.strategy, QStringLiteral("whole"));
        QCOMPARE(commands(msg), QList<QByteArray>({"5 UID fetch 320 (UID RFC822.SIZE BODY[])"}));
        QVERIFY(!msg.chunks[0].requestedStart);
        QCOMPARE(msg.comparison.verdict, Verdict::Complete);
        QCOMPARE(out.exitCode(), 0);
    }

    void notImap4rev1GetsRfc822()
    {
        const Message m = message(3, 20000);
        ImapScript s("IMAP4 AUTH=PLAIN");
        s.open().headers({m});
        s.client("UID fetch 3 (UID RFC822.SIZE RFC822)");
        s.server("* 1 FETCH (UID 3 RFC822.SIZE 20000 RFC822 {20000}\r\n" + m.body + ")\r\n");
        s.ok();
        s.logout();
        ScriptedServer server;
        server.addScenario(s.build());
        ImapScript v("IMAP4 AUTH=PLAIN");
        v.open().reference(m, true).logout();
        server.addScenario(v.build());
        QVERIFY(server.listenLoopback());
        const auto out = run(request(server.serverPort(), QStringLiteral("kb-q194998"), {3}));
        MSIM_VERIFY_SCRIPT(server);
        QCOMPARE(out.messages[0].comparison.verdict, Verdict::Complete);
    }

    void xsenderStartsTheItemList()
    {
        const Message m = message(320, 8000);
        ImapScript s("IMAP4rev1 XSENDER AUTH=PLAIN");
        s.open().headers({m});
        s.client("UID fetch 320 (XSENDER UID RFC822.SIZE BODY[]<0.6144>)");
        s.server("* 1 FETCH (XSENDER \"joe@example.com\" UID 320 BODY[]<0> {6144}\r\n" +
                 m.body.left(6144) + ")\r\n");
        s.ok();
        s.client("UID fetch 320 (XSENDER UID RFC822.SIZE BODY[]<6144.1856>)");
        s.server(ImapScript::fetchReply(1, m, 6144, m.body.mid(6144)));
        s.ok();
        s.logout();
        ScriptedServer server;
        server.addScenario(s.build());
        ImapScript v("IMAP4rev1 XSENDER AUTH=PLAIN");
        v.open().reference(m, true).logout();
        server.addScenario(v.build());
        QVERIFY(server.listenLoopback());
        const auto out = run(request(server.serverPort(), QStringLiteral("kb-q194998"), {320}));
        MSIM_VERIFY_SCRIPT(server);
        QCOMPARE(out.messages[0].comparison.verdict, Verdict::Complete);
    }

    void withoutVerifyOrSeenRestoreOneConnection()
    {
        Message m = message(320, 20000);
        m.flags = "\\Seen"; // already read: nothing to restore
        ImapScript s;
        s.open().headers({m});
        compliantChunks(s, m, {{0, 6144}, {6144, 6144}, {12288, 6144}, {18432, 1568}});
        s.logout();
        ScriptedServer server;
        server.addScenario(s.build());
        QVERIFY(server.listenLoopback());
        auto req = request(server.serverPort(), QStringLiteral("kb-q194998"), {320});
        req.verify = false;
        const auto out = run(req);
        MSIM_VERIFY_SCRIPT(server);
        QCOMPARE(server.connectionCount(), 1);
        QVERIFY(!out.messages[0].reference);
        QCOMPARE(out.messages[0].comparison.verdict, Verdict::Complete);
        QVERIFY(!out.messages[0].comparison.againstReference);
    }

    void keepSeenSkipsTheRestore()
    {
        const Message m = message(5, 1024);
        ImapScript s;
        s.open().headers({m});
        s.client("UID fetch 5 (UID RFC822.SIZE BODY[])");
        s.server(ImapScript::fetchReply(1, m, std::nullopt, m.body));
        s.ok();
        s.logout();
        ScriptedServer server;
        server.addScenario(s.build());
        server.addScenario(verification(m, false));
        QVERIFY(server.listenLoopback());
        auto req = request(server.serverPort(), QStringLiteral("kb-q194998"), {5});
        req.keepSeen = true;
        const auto out = run(req);
        MSIM_VERIFY_SCRIPT(server);
        QVERIFY(!out.messages[0].seenRestored);
        QVERIFY(out.notes.isEmpty());
    }

    void referenceFromAFile()
    {
        const Message m = message(320, 20000);
        ImapScript s;
        s.open().headers({m});
        s.client("UID fetch 320 (UID RFC822.SIZE BODY[]<0.6144>)");
        s.server(ImapScript::fetchReply(1, m, 0, m.body.left(6144), m.body.mid(6144, 700)));
        s.ok();
        s.emergencyLogout();
        ScriptedServer server;
        server.addScenario(s.build());
        ImapScript restore;
        restore.open().client("uid store 320 -FLAGS (\\Seen)").ok("Store completed").logout();
        server.addScenario(restore.build());
        QVERIFY(server.listenLoopback());
        auto req = request(server.serverPort(), QStringLiteral("kb-q194998"), {320});
        req.referenceEml = m.body;
        req.referenceEmlPath = QStringLiteral("customer.eml");
        const auto out = run(req);
        MSIM_VERIFY_SCRIPT(server);
        QCOMPARE(out.messages[0].referenceSource, QStringLiteral("customer.eml"));
        QCOMPARE(out.messages[0].chunks[0].unframedExtra, 700);
        QCOMPARE(out.messages[0].comparison.verdict, Verdict::Truncated);
    }

    void missingUidIsAFinding()
    {
        const Message m = message(5, 1024);
        ImapScript s;
        s.open();
        s.client("UID fetch 5:6 (UID RFC822.SIZE BODY.PEEK[HEADER] FLAGS)");
        s.server(
            "* 1 FETCH (UID 5 RFC822.SIZE 1024 FLAGS (\\Seen) BODY[HEADER] {4}\r\nab\r\n)\r\n");
        s.ok();
        s.client("UID fetch 5 (UID RFC822.SIZE BODY[])");
        s.server(ImapScript::fetchReply(1, m, std::nullopt, m.body));
        s.ok();
        s.logout();
        ScriptedServer server;
        server.addScenario(s.build());
        QVERIFY(server.listenLoopback());
        auto req = request(server.serverPort(), QStringLiteral("kb-q194998"), {5, 6});
        req.verify = false;
        const auto out = run(req);
        MSIM_VERIFY_SCRIPT(server);
        QCOMPARE(out.messages.size(), 2);
        QVERIFY(!out.messages[1].exists);
        QVERIFY(out.messages[1]
                    .findings.join(QLatin1Char(' '))
                    .contains(QLatin1String("not in the mailbox")));
        QCOMPARE(out.exitCode(), 3);
    }

    void newConnectionAfterAnEmergencyLogout()
    {
        const Message a = message(6, 20000);
        const Message b = message(7, 26000);
        ImapScript s;
        s.open(2).headers({a, b});
        s.client("UID fetch 6 (UID RFC822.SIZE BODY[]<0.6144>)");
        s.server(ImapScript::fetchReply(1, a, 0, a.body.left(6144), a.body.mid(6144, 1500)));
        s.ok();
        s.emergencyLogout();
        ImapScript s2;
        // A new connection: capabilities are cached for the host:port, so `1 login` first;
        // select again, no second header download.
        s2.reopen(2);
        compliantChunks(s2, b,
                        {{0, 6144}, {6144, 6144}, {12288, 6144}, {18432, 6144}, {24576, 1424}});
        s2.logout();
        ScriptedServer server;
        server.addScenario(s.build());
        server.addScenario(s2.build());
        QVERIFY(server.listenLoopback());
        auto req = request(server.serverPort(), QStringLiteral("kb-q194998"), {6, 7});
        req.verify = false;
        req.keepSeen = true;
        const auto out = run(req);
        MSIM_VERIFY_SCRIPT(server);
        QCOMPARE(out.messages[0].sessionEnd, QStringLiteral("emergency_logout"));
        QCOMPARE(out.messages[1].sessionEnd, QStringLiteral("logout"));
        QCOMPARE(out.messages[1].comparison.verdict, Verdict::Complete);
        QCOMPARE(out.messages[1].chunks[0].connection, 2);
        QCOMPARE(out.sessionEnd, QStringLiteral("emergency_logout"));
    }

    void badToAChunkRequest()
    {
        // MESSENGER45.md §2: a tagged BAD does not stop the loop; the next request goes out and
        // what is displayed has a gap.
        const Message m = message(320, 20000);
        ImapScript s;
        s.open().headers({m});
        compliantChunks(s, m, {{0, 6144}});
        s.client("UID fetch 320 (UID RFC822.SIZE BODY[]<6144.6144>)");
        s.line(s.lastTag() + " BAD Invalid partial");
        compliantChunks(s, m, {{12288, 6144}, {18432, 1568}});
        s.logout();
        ScriptedServer server;
        server.addScenario(s.build());
        QVERIFY(server.listenLoopback());
        auto req = request(server.serverPort(), QStringLiteral("kb-q194998"), {320});
        req.verify = false;
        req.keepSeen = true;
        const auto out = run(req);
        MSIM_VERIFY_SCRIPT(server);
        const auto &msg = out.messages[0];
        QCOMPARE(msg.chunks.size(), 4);
        QCOMPARE(msg.chunks[1].status, ChunkStatus::Error);
        QCOMPARE(msg.chunks[1].errorKind, fetch::ErrorKind::Bad);
        QCOMPARE(msg.chunks[1].serverText, QStringLiteral("Invalid partial"));
        QCOMPARE(msg.displayed, m.body.left(6144) + m.body.mid(12288));
        QCOMPARE(msg.sessionEnd, QStringLiteral("logout"));
        QCOMPARE(msg.comparison.verdict, Verdict::Corrupted); // a gap in the middle
        QCOMPARE(msg.findings.value(0),
                 QStringLiteral("chunk 2: the server refused `<6144.6144>` with BAD \"Invalid "
                                "partial\"; Messenger 4.5 shows the server's text in an alert and "
                                "goes on with the next request, leaving a gap in the message."));
    }

    void dropDuringAChunk()
    {
        const Message m = message(320, 20000);
        ImapScript s;
        s.open().headers({m});
        s.client("UID fetch 320 (UID RFC822.SIZE BODY[]<0.6144>)");
        s.server("* 1 FETCH (UID 320 BODY[]<0> {6144}\r\n" + m.body.left(1000));
        s.close();
        ScriptedServer server;
        server.addScenario(s.build());
        QVERIFY(server.listenLoopback());
        auto req = request(server.serverPort(), QStringLiteral("kb-q194998"), {320});
        req.verify = false;
        req.keepSeen = true;
        const auto out = run(req);
        MSIM_VERIFY_SCRIPT(server);
        const auto &msg = out.messages[0];
        QCOMPARE(msg.chunks[0].status, ChunkStatus::Error);
        QCOMPARE(msg.chunks[0].received, 1000);
        QCOMPARE(msg.chunks[0].literalLength, 6144);
        QCOMPARE(msg.displayed, m.body.left(1000));
        QCOMPARE(msg.sessionEnd, QStringLiteral("disconnected"));
    }

    void thunderbirdAsksFullChunks()
    {
        const Message m = message(8, 102400);
        ImapScript s;
        s.open().headers({m});
        // The size grows after the first full chunk, but the growth shows one request later.
        compliantChunks(s, m, {{0, 65536}, {65536, 65536}});
        s.logout();
        ScriptedServer server;
        server.addScenario(s.build());
        server.addScenario(verification(m));
        QVERIFY(server.listenLoopback());
        SteppingClock clock(100);
        const auto out =
            run(request(server.serverPort(), QStringLiteral("thunderbird"), {8}), &clock);
        MSIM_VERIFY_SCRIPT(server);
        QCOMPARE(out.client, QStringLiteral("Thunderbird"));
        QCOMPARE(out.messages[0].comparison.verdict, Verdict::Complete);
        QCOMPARE(out.messages[0].chunks[1].status, ChunkStatus::Short);
    }

    void loginFailureExitsOne()
    {
        ScriptedServer server;
        server.addScenario(
            QStringLiteral("S: * OK ready\nC: 1 capability\nS: * CAPABILITY IMAP4rev1\nS: 1 OK\n"
                           "C: 2 login \"test\" \"secret\"\nS: 2 NO [AUTHENTICATIONFAILED] "
                           "Authentication failed.\nW:\n"));
        QVERIFY(server.listenLoopback());
        const auto out = run(request(server.serverPort(), QStringLiteral("kb-q194998"), {320}));
        MSIM_VERIFY_SCRIPT(server);
        QVERIFY(out.error);
        QVERIFY(out.error->contains(QLatin1String("Authentication failed")));
        QCOMPARE(out.exitCode(), 1);
        QVERIFY(!out.toJson().isEmpty());
    }

    // MESSENGER45.md §2: t is the difference of two whole-second readings, so the same 2 ms
    // counts 1 when it crosses a second boundary and 0 when it does not. With chunk_fast 0 that
    // decides whether the next chunk grows (t 0) or keeps its size (t 1 ≤ chunk_ideal).
    void adaptiveTIsWholeSecondReadings_data()
    {
        QTest::addColumn<QList<qint64>>("readings"); // ms: send, end of each body fetch
        QTest::addColumn<QList<QByteArray>>("requests");
        QTest::newRow("MESSENGER45.md §2: 999→1001 ms crosses a second: t 1, not fast")
            << QList<qint64>{999, 1001, 5000, 6000, 7000, 8000}
            << QList<QByteArray>{chunkCmd(5, 7, 0, 10240), chunkCmd(6, 7, 10240, 10240),
                                 chunkCmd(7, 7, 20480, 9520)};
        QTest::newRow("MESSENGER45.md §2: 100→102 ms within a second: t 0, fast")
            << QList<qint64>{100, 102, 5000, 6000, 7000, 8000}
            << QList<QByteArray>{chunkCmd(5, 7, 0, 10240), chunkCmd(6, 7, 10240, 12288),
                                 chunkCmd(7, 7, 22528, 7472)};
    }
    void adaptiveTIsWholeSecondReadings()
    {
        QFETCH(QList<qint64>, readings);
        QFETCH(QList<QByteArray>, requests);
        const Message m = message(7, 30000);
        ImapScript s;
        s.open().headers({m});
        for (const QByteArray &r : requests)
            answer(s, {m}, r.mid(r.indexOf(' ') + 1));
        s.logout();
        ScriptedServer server;
        server.addScenario(s.build());
        server.addScenario(verification(m));
        QVERIFY(server.listenLoopback());
        ScriptedClock clock(readings);
        const auto out = run(request(server.serverPort(), QStringLiteral("messenger45"), {7},
                                     {QStringLiteral("mail.imap.chunk_fast=0")}),
                             &clock);
        MSIM_VERIFY_SCRIPT(server);
        QCOMPARE(commands(out.messages[0]), requests);
        QCOMPARE(clock.unread(), 0);
        QCOMPARE(clock.overrun(), 0);
        QCOMPARE(out.messages[0].comparison.verdict, Verdict::Complete);
        QCOMPARE(out.exitCode(), 0);
    }

    // MESSENGER45.md §2: the rule applies after whole fetches too, so a fast whole fetch of a
    // small message raises the threshold (15360 → 18432) and the next, larger message of the
    // same run is fetched whole as well.
    void fastWholeFetchRaisesTheThreshold_data()
    {
        QTest::addColumn<QList<qint64>>("sizes"); // UIDs 11, 12, ... in this order
        QTest::addColumn<QList<QByteArray>>("requests");
        QTest::addColumn<QStringList>("strategies");
        QTest::newRow("MESSENGER45.md §2: 12288 whole and fast, then 17472 ≤ 18432 whole")
            << QList<qint64>{12288, 17472}
            << QList<QByteArray>{"5 UID fetch 11 (UID RFC822.SIZE BODY[])",
                                 "6 UID fetch 12 (UID RFC822.SIZE BODY[])"}
            << QStringList{QStringLiteral("whole"), QStringLiteral("whole")};
        QTest::newRow("MESSENGER45.md §2: 17472 alone > 15360 is chunked")
            << QList<qint64>{17472}
            << QList<QByteArray>{chunkCmd(5, 11, 0, 10240), chunkCmd(6, 11, 10240, 7232)}
            << QStringList{QStringLiteral("chunked")};
    }
    void fastWholeFetchRaisesTheThreshold()
    {
        QFETCH(QList<qint64>, sizes);
        QFETCH(QList<QByteArray>, requests);
        QFETCH(QStringList, strategies);
        QList<Message> messages;
        QList<quint32> uids;
        for (qint64 size : sizes) {
            messages << message(quint32(11 + messages.size()), size);
            uids << messages.last().uid;
        }
        ImapScript s;
        s.open(int(messages.size())).headers(messages);
        for (const QByteArray &r : requests)
            answer(s, messages, r.mid(r.indexOf(' ') + 1));
        s.logout();
        ScriptedServer server;
        server.addScenario(s.build());
        QVERIFY(server.listenLoopback());
        auto req = request(server.serverPort(), QStringLiteral("messenger45"), uids);
        req.verify = false;
        req.keepSeen = true;
        SteppingClock clock(100); // every body fetch well under a second: fast
        const auto out = run(req, &clock);
        MSIM_VERIFY_SCRIPT(server);
        QList<QByteArray> sent;
        QStringList used;
        for (const auto &msg : out.messages) {
            sent << commands(msg);
            used << msg.strategy;
            QCOMPARE(msg.displayed, messages[used.size() - 1].body);
        }
        QCOMPARE(sent, requests);
        QCOMPARE(used, strategies);
        QCOMPARE(out.exitCode(), 0);
    }

    // MESSENGER45.md §8: 4.x marks a message whose RFC822.SIZE is 0 \Deleted and expunges it;
    // msim only says so. Size 0 is not above any threshold, so 4.5 fetches it whole, and the
    // whole answer (no origin) completes the download.
    void rfc822SizeZero_data()
    {
        QTest::addColumn<qint64>("reportedSize"); // -1: the true size
        QTest::addColumn<QStringList>("findings");
        QTest::newRow("MESSENGER45.md §8: the header download says RFC822.SIZE 0")
            << qint64(0)
            << QStringList{
                   QStringLiteral("The server reported RFC822.SIZE 0 but holds 2000 octets "
                                  "(2000 fewer than the message); Messenger 4.5 still "
                                  "shows it complete."),
                   QStringLiteral(
                       "The server reported RFC822.SIZE 0 for UID 9: Messenger 4.x marks such a "
                       "message \\Deleted and expunges it (a workaround for an old Netscape "
                       "server), so a 4.5 user would lose it; msim did not do that.")};
        // DESIGN.md §3: an under-reported size is a finding even when nothing is lost (KB
        // Q191504's size at or under the threshold: fetched whole).
        QTest::newRow("KB Q191504 under the threshold: RFC822.SIZE 1900 of 2000, fetched whole")
            << qint64(1900)
            << QStringList{QStringLiteral("The server reported RFC822.SIZE 1900 but holds 2000 "
                                          "octets (100 fewer than the message); Messenger 4.5 "
                                          "still shows it complete.")};
        QTest::newRow("MESSENGER45.md §8 contrast: RFC822.SIZE right")
            << qint64(-1) << QStringList{};
    }
    void rfc822SizeZero()
    {
        QFETCH(qint64, reportedSize);
        QFETCH(QStringList, findings);
        Message m = message(9, 2000);
        m.reportedSize = reportedSize;
        ImapScript s;
        s.open().headers({m});
        answer(s, {m}, "UID fetch 9 (UID RFC822.SIZE BODY[])");
        s.logout();
        ScriptedServer server;
        server.addScenario(s.build());
        server.addScenario(verification(m));
        QVERIFY(server.listenLoopback());
        const auto out = run(request(server.serverPort(), QStringLiteral("messenger45"), {9}));
        MSIM_VERIFY_SCRIPT(server);
        const auto &msg = out.messages[0];
        QCOMPARE(msg.strategy, QStringLiteral("whole"));
        QCOMPARE(commands(msg), QList<QByteArray>({"5 UID fetch 9 (UID RFC822.SIZE BODY[])"}));
        QCOMPARE(msg.displayed, m.body);
        QCOMPARE(msg.comparison.verdict, Verdict::Complete);
        QCOMPARE(msg.findings, findings);
        QCOMPARE(out.exitCode(), findings.isEmpty() ? 0 : 3);
    }

    // Issue 14: an honest 0-octet message (Dovecot serves an empty Maildir file or mbox entry
    // as RFC822.SIZE 0 and a {0} literal) is complete and not the server's fault; the notes
    // say what 4.x would have done with it (MESSENGER45.md §8). A Thunderbird run has no note.
    void emptyMessageIsNotAServerFault_data()
    {
        QTest::addColumn<QString>("preset");
        QTest::addColumn<QStringList>("notes");
        QTest::newRow("issue 14: messenger45")
            << QStringLiteral("messenger45")
            << QStringList{QStringLiteral(
                   "UID 9 is an empty message (0 octets, RFC822.SIZE 0), and the server served "
                   "it so. Messenger 4.x would have marked it \\Deleted and expunged it (its "
                   "workaround for an old Netscape server), so a 4.x user would not see it "
                   "again; msim did not do that.")};
        QTest::newRow("issue 14: thunderbird") << QStringLiteral("thunderbird") << QStringList{};
    }
    void emptyMessageIsNotAServerFault()
    {
        QFETCH(QString, preset);
        QFETCH(QStringList, notes);
        Message m;
        m.uid = 9;
        m.flags = "\\Seen"; // nothing to restore: the notes hold only the empty-message one
        ImapScript s;
        s.open().headers({m});
        answer(s, {m}, "UID fetch 9 (UID RFC822.SIZE BODY[])");
        s.logout();
        ScriptedServer server;
        server.addScenario(s.build());
        server.addScenario(verification(m, false));
        QVERIFY(server.listenLoopback());
        const auto out = run(request(server.serverPort(), preset, {9}));
        MSIM_VERIFY_SCRIPT(server);
        const auto &msg = out.messages[0];
        QCOMPARE(msg.displayed, QByteArray());
        QCOMPARE(msg.chunks.size(), 1);
        QCOMPARE(msg.chunks[0].status, fetch::ChunkStatus::Ok);
        QCOMPARE(msg.comparison.verdict, Verdict::Complete);
        QCOMPARE(msg.findings, QStringList{});
        QCOMPARE(out.notes, notes);
        QCOMPARE(out.exitCode(), 0);
    }

    // The contrast: a 0-octet message whose fetch gets no answer (the server closes) is not
    // "complete" because nothing was expected; it failed.
    void emptyMessageCutOffIsStillFailed()
    {
        Message m;
        m.uid = 9;
        m.flags = "\\Seen";
        ImapScript s;
        s.open().headers({m});
        s.client("UID fetch 9 (UID RFC822.SIZE BODY[])").close();
        ScriptedServer server;
        server.addScenario(s.build());
        server.addScenario(verification(m, false));
        QVERIFY(server.listenLoopback());
        const auto out = run(request(server.serverPort(), QStringLiteral("messenger45"), {9}));
        const auto &msg = out.messages[0];
        QCOMPARE(msg.chunks.size(), 1);
        QCOMPARE(msg.chunks[0].status, fetch::ChunkStatus::Error);
        QCOMPARE(msg.comparison.verdict, Verdict::Failed);
        QVERIFY(out.notes.isEmpty());
        QVERIFY(out.exitCode() != 0);
    }

    // MESSENGER45.md §3: 4.5 puts the password between quotes unescaped; a `"` in it breaks
    // the login command, and msim explains that instead of escaping it.
    void rawLoginQuoting_data()
    {
        QTest::addColumn<QByteArray>("password");
        QTest::addColumn<QString>("error"); // empty: logged in, fetched
        QTest::addColumn<int>("exitCode");
        QTest::newRow("MESSENGER45.md §3: a quote in the password")
            << QByteArray("pa\"ss")
            << QStringLiteral(
                   "the server refused the login: BAD Error in IMAP command LOGIN: Invalid "
                   "arguments.; Messenger 4.5 inserts the user name and password between quotes "
                   "without escaping them, and this password contains a \", so 4.5's login "
                   "command was malformed (an unescaped \" ends the quoted string early): the "
                   "password itself may be right")
            << 1;
        QTest::newRow("MESSENGER45.md §3 contrast: no quote logs in")
            << QByteArray("secret") << QString() << 0;
    }
    // Esc during the chunk loop: the request in flight is a row of its own (error, cancelled),
    // what came before it stays displayed, no verdict is judged, and \Seen is put back on a
    // fresh connection as a finished fetch would.
    void cancelMidChunkLoopRestoresSeen()
    {
        const Message m = message(320, 20000); // unread
        ImapScript s;
        s.open().headers({m});
        compliantChunks(s, m, {{0, 6144}});
        s.client("UID fetch 320 (UID RFC822.SIZE BODY[]<6144.6144>)");
        auto emulation = s.build();
        emulation << ScriptedServer::Step::waitClose(); // no reply: the user cancels
        ScriptedServer server;
        server.addScenario(emulation);
        ImapScript restore;
        restore.open().client("uid store 320 -FLAGS (\\Seen)");
        restore.line("* 1 FETCH (FLAGS ())").ok("Store completed").logout();
        server.addScenario(restore.build());
        QVERIFY(server.listenLoopback());
        const auto out =
            runCancelled(server, request(server.serverPort(), QStringLiteral("kb-q194998"), {320}));
        MSIM_VERIFY_SCRIPT(server);
        QCOMPARE(server.connectionCount(), 2);
        QVERIFY(out.cancelled);
        QCOMPARE(out.error, QStringLiteral("cancelled by the user"));
        const auto &msg = out.messages[0];
        QVERIFY(msg.cancelled);
        QCOMPARE(commands(msg),
                 QList<QByteArray>({chunkCmd(5, 320, 0, 6144), chunkCmd(6, 320, 6144, 6144)}));
        QCOMPARE(msg.chunks[0].status, ChunkStatus::Ok);
        QCOMPARE(msg.chunks[1].status, ChunkStatus::Error);
        QCOMPARE(fetch::errorKindName(msg.chunks[1].errorKind), QStringLiteral("cancelled"));
        QCOMPARE(msg.chunks[1].received, 0);
        QCOMPARE(msg.displayed, m.body.left(6144));
        QCOMPARE(msg.sessionEnd, QStringLiteral("cancelled"));
        QVERIFY(msg.findings.isEmpty()); // no verdict, no findings: the fetch did not end
        QVERIFY(!msg.reference);
        QVERIFY(msg.seenRestored);
        // The JSON (both writers alike): no verdict, "cancelled": true, the row's error_kind.
        const QJsonObject json = out.toJson();
        QCOMPARE(QJsonDocument::fromJson(out.toJsonText()).object(), json);
        const QJsonObject jm = json[QStringLiteral("messages")].toArray()[0].toObject();
        QVERIFY(jm[QStringLiteral("verdict")].isNull());
        QCOMPARE(jm[QStringLiteral("cancelled")], QJsonValue(true));
        QCOMPARE(jm[QStringLiteral("session_end")], QJsonValue(QStringLiteral("cancelled")));
        QCOMPARE(jm[QStringLiteral("chunks")].toArray()[1].toObject()[QStringLiteral("error_kind")],
                 QJsonValue(QStringLiteral("cancelled")));
        QCOMPARE(out.notes,
                 QStringList{QStringLiteral(
                     "Cancelled. UID 320 was unread before; the BODY[] requests sent before the "
                     "cancel could have marked it read, so msim marked it unread again.")});
        QVERIFY2(out.warnings.isEmpty(), qPrintable(out.warnings.join(u'\n')));
    }

    // The server refuses the restore after a cancel: a plain warning, its text (control
    // characters escaped, response code kept) quoted.
    void cancelRestoreRefusedIsSaidPlainly()
    {
        const Message m = message(320, 20000);
        ImapScript s;
        s.open().headers({m});
        compliantChunks(s, m, {{0, 6144}});
        s.client("UID fetch 320 (UID RFC822.SIZE BODY[]<6144.6144>)");
        auto emulation = s.build();
        emulation << ScriptedServer::Step::waitClose();
        ScriptedServer server;
        server.addScenario(emulation);
        ImapScript restore;
        restore.open().client("uid store 320 -FLAGS (\\Seen)");
        restore.line(restore.lastTag() + " NO [CANNOT] Mailbox is read-only\x1b]0;owned\x07");
        restore.logout();
        server.addScenario(restore.build());
        QVERIFY(server.listenLoopback());
        const auto out =
            runCancelled(server, request(server.serverPort(), QStringLiteral("kb-q194998"), {320}));
        MSIM_VERIFY_SCRIPT(server);
        QVERIFY(out.cancelled);
        QVERIFY(!out.messages[0].seenRestored);
        QVERIFY(out.notes.isEmpty());
        QCOMPARE(out.warnings,
                 QStringList{QStringLiteral(
                     "Cancelled. \\Seen could not be restored on UID 320: the server answered NO "
                     "[CANNOT] Mailbox is read-only\\x1b]0;owned\\x07; it may stay marked as "
                     "read.")});
    }

    // Cancelled before any body request: nothing set \Seen, so nothing is restored and the
    // run ends at once, on the one connection.
    void cancelBeforeAnyBodyRequestRestoresNothing()
    {
        ImapScript s;
        s.open().client("UID fetch 320 (UID RFC822.SIZE BODY.PEEK[HEADER] FLAGS)");
        auto emulation = s.build();
        emulation << ScriptedServer::Step::waitClose();
        ScriptedServer server;
        server.addScenario(emulation);
        QVERIFY(server.listenLoopback());
        const auto out =
            runCancelled(server, request(server.serverPort(), QStringLiteral("kb-q194998"), {320}));
        MSIM_VERIFY_SCRIPT(server);
        QCOMPARE(server.connectionCount(), 1);
        QVERIFY(out.cancelled);
        QVERIFY(out.messages[0].cancelled);
        QVERIFY(out.messages[0].chunks.isEmpty());
        QVERIFY(out.messages[0].error.isEmpty());
        QVERIFY(out.notes.isEmpty());
        QVERIFY(out.warnings.isEmpty());
    }

    // The same cancel with --keep-seen: the user asked to leave \Seen as the fetch left it.
    void cancelWithKeepSeenRestoresNothing()
    {
        const Message m = message(320, 20000);
        ImapScript s;
        s.open().headers({m});
        compliantChunks(s, m, {{0, 6144}});
        s.client("UID fetch 320 (UID RFC822.SIZE BODY[]<6144.6144>)");
        auto emulation = s.build();
        emulation << ScriptedServer::Step::waitClose();
        ScriptedServer server;
        server.addScenario(emulation);
        QVERIFY(server.listenLoopback());
        auto req = request(server.serverPort(), QStringLiteral("kb-q194998"), {320});
        req.keepSeen = true;
        const auto out = runCancelled(server, req);
        MSIM_VERIFY_SCRIPT(server);
        QCOMPARE(server.connectionCount(), 1);
        QVERIFY(out.cancelled);
        QCOMPARE(out.messages[0].chunks.size(), 2);
        QVERIFY(!out.messages[0].seenRestored);
        QVERIFY(out.notes.isEmpty());
        QVERIFY(out.warnings.isEmpty());
    }

    void rawLoginQuoting()
    {
        QFETCH(QByteArray, password);
        QFETCH(QString, error);
        QFETCH(int, exitCode);
        const Message m = message(5, 1024);
        ScriptedServer server;
        if (!error.isEmpty()) {
            server.addScenario(QStringLiteral(
                "S: * OK ready\nC: 1 capability\nS: * CAPABILITY IMAP4rev1 AUTH=PLAIN\nS: 1 OK\n"
                "C: 2 login \"test\" \"pa\"ss\"\n"
                "S: 2 BAD Error in IMAP command LOGIN: Invalid arguments.\nW:\n"));
        } else {
            ImapScript s; // C: 2 login "test" "secret"
            s.open().headers({m});
            answer(s, {m}, "UID fetch 5 (UID RFC822.SIZE BODY[])");
            s.logout();
            server.addScenario(s.build());
        }
        QVERIFY(server.listenLoopback());
        auto req = request(server.serverPort(), QStringLiteral("messenger45"), {5});
        req.session.credentials.password = password;
        req.verify = false;
        req.keepSeen = true;
        const auto out = run(req);
        MSIM_VERIFY_SCRIPT(server);
        QCOMPARE(out.error.value_or(QString()), error);
        QCOMPARE(out.exitCode(), exitCode);
        const QByteArray json = out.toJsonText();
        QCOMPARE(QJsonDocument::fromJson(json).object().value(u"error").toString(), error);
        QVERIFY2(!json.contains(password), json.constData());
        QVERIFY2(!json.contains(QJsonDocument(QJsonObject{{QStringLiteral("p"),
                                                           QString::fromLatin1(password)}})
                                    .toJson(QJsonDocument::Compact)
                                    .mid(6)
                                    .chopped(2)),
                 json.constData()); // nor its JSON-escaped form
        if (error.isEmpty())
            QCOMPARE(out.messages[0].comparison.verdict, Verdict::Complete);
    }
};

QTEST_GUILESS_MAIN(tst_FetchMessenger45)
#include "tst_fetch_messenger45.moc"
