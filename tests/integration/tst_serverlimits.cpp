// SPDX-License-Identifier: MIT
// The built-in server's limits against hostile clients (emulator/ServerLimits.h, DESIGN.md §5),
// each at the limit and one past it, as protocol transcripts: keywords per message and per
// session, duplicate and too many FETCH body items, one message's reply size, the absolute
// authentication deadline, the command deadline (slow loris), pre-auth memory per session and
// in total, sessions per address (the attacker bound to 127.0.0.2) and the failed-login delay.
#include "RawClient.h"
#include "TestIdentity.h"
#include "emulator/EmulatedServer.h"
#include "emulator/EmulatedSession.h"

#include <QLoggingCategory>
#include <QMutex>
#include <QRegularExpression>
#include <QTest>
#include <QTimer>

using namespace msim;
using msim::testsupport::RawClient;

namespace {

// Every test runs twice (initTestCase_data): sessions on the server's thread, as in the GUI,
// and on two worker threads, as `msim-cli serve` runs them.
std::unique_ptr<emulator::EmulatedServer>
startServer(const emulator::ServerLimits &limits,
            emulator::Mailbox mailbox = emulator::Mailbox::sample())
{
    QFETCH_GLOBAL(int, workers);
    emulator::ServerOptions o;
    o.workers = workers;
    o.limits = limits;
    o.identity = testsupport::testIdentity();
    auto s = std::make_unique<emulator::EmulatedServer>(o, std::move(mailbox));
    QString err;
    if (!s->start(&err))
        qWarning("server did not start: %s", qPrintable(err));
    return s;
}

bool greeted(RawClient &c)
{
    const auto g = c.response();
    return g && g->firstLine().startsWith("* OK");
}

bool loginSelect(RawClient &c)
{
    return greeted(c) && c.command("a1", "login test secret").contains("a1 OK") &&
           c.command("a2", "select INBOX").contains("a2 OK");
}

// The server's trace (msim.emulator, debug) while it lives: the order in which the sessions'
// threads ran commands ("session: command TAG ...") and ended FETCHes ("session: fetch TAG
// completed"), as "TAG" / "TAG completed".
class ServerTrace
{
public:
    ServerTrace()
    {
        {
            QMutexLocker lock(&s_lock);
            s_self = this;
        }
        QLoggingCategory::setFilterRules(QStringLiteral("msim.emulator.debug=true"));
        m_previous = qInstallMessageHandler(&ServerTrace::handler);
    }
    ~ServerTrace()
    {
        qInstallMessageHandler(m_previous);
        QLoggingCategory::setFilterRules(QString());
        QMutexLocker lock(&s_lock); // a worker may be logging right now
        s_self = nullptr;
    }
    QList<QByteArray> events() const
    {
        QMutexLocker lock(&s_lock);
        return m_events;
    }

private:
    static void handler(QtMsgType type, const QMessageLogContext &context, const QString &text)
    {
        static const QRegularExpression command(QStringLiteral("^session: command \"([^\"]*)\""));
        static const QRegularExpression fetch(
            QStringLiteral("^session: fetch \"([^\"]*)\" completed"));
        if (type != QtDebugMsg) {
            QMutexLocker lock(&s_lock);
            if (s_self && s_self->m_previous)
                s_self->m_previous(type, context, text);
            return;
        }
        QByteArray event;
        if (const auto m = command.match(text); m.hasMatch())
            event = m.captured(1).toLatin1();
        else if (const auto f = fetch.match(text); f.hasMatch())
            event = f.captured(1).toLatin1() + " completed";
        QMutexLocker lock(&s_lock);
        if (!event.isEmpty() && s_self)
            s_self->m_events << event;
    }
    static inline QMutex s_lock; // s_self and its events: workers log from their threads
    static inline ServerTrace *s_self = nullptr;
    QtMessageHandler m_previous = nullptr;
    QList<QByteArray> m_events;
};

// "(k0 k1 ... kN-1)" with the given prefix.
QByteArray keywordList(const QByteArray &prefix, int n)
{
    QByteArray out = "(";
    for (int i = 0; i < n; ++i)
        out += (i ? " " : "") + prefix + QByteArray::number(i);
    return out + ')';
}

// The last line of a reply (its tagged line).
QByteArray taggedLine(const QByteArray &reply)
{
    const QList<QByteArray> lines = reply.trimmed().split('\n');
    return lines.last().trimmed();
}

} // namespace

class tst_ServerLimits : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase_data()
    {
        QTest::addColumn<int>("workers");
        QTest::newRow("server thread") << 0;
        QTest::newRow("2 workers (serve)") << 2;
    }

    void keywordsPerMessage()
    {
        emulator::ServerLimits l;
        l.maxKeywordsPerMessage = 4;
        auto server = startServer(l);
        RawClient c;
        QVERIFY(c.connectPlain(server->port()));
        QVERIFY(loginSelect(c));
        QCOMPARE(c.command("3", "UID STORE 1 +FLAGS (a b c \\Seen a)"),
                 QByteArray("* 1 FETCH (FLAGS (a b c \\Seen) UID 1)\r\n3 OK Store completed\r\n"));
        QCOMPARE(c.command("4", "UID STORE 1 +FLAGS.SILENT (d)"),
                 QByteArray("4 OK Store completed\r\n")); // at the limit: 4
        QCOMPARE(c.command("5", "UID STORE 1:2 +FLAGS (e)"),
                 QByteArray("5 NO [LIMIT] At most 4 keywords on one message; nothing was "
                            "changed\r\n"));
        QCOMPARE(c.command("6", "UID FETCH 1:2 (FLAGS)"),
                 QByteArray("* 1 FETCH (UID 1 FLAGS (a b c \\Seen d))\r\n"
                            "* 2 FETCH (UID 2 FLAGS ())\r\n6 OK Fetch completed\r\n"));
        QCOMPARE(taggedLine(c.command("7", "STORE 2 FLAGS (v w x y z)")),
                 QByteArray("7 NO [LIMIT] At most 4 keywords on one message; nothing was "
                            "changed"));
        QCOMPARE(taggedLine(c.command("8", "STORE 2 FLAGS (\\seen \\Bogus)")),
                 QByteArray("8 BAD Not a system flag: \\Bogus"));
    }

    void keywordsPerSession()
    {
        emulator::ServerLimits l;
        l.maxKeywordsPerMessage = 10;
        l.maxKeywordsPerSession = 20;
        auto server = startServer(l);
        RawClient c;
        QVERIFY(c.connectPlain(server->port()));
        QVERIFY(loginSelect(c));
        QCOMPARE(taggedLine(c.command("3", "STORE 1 +FLAGS.SILENT " + keywordList("k", 10))),
                 QByteArray("3 OK Store completed"));
        QCOMPARE(taggedLine(c.command("4", "STORE 2 +FLAGS.SILENT " + keywordList("j", 10))),
                 QByteArray("4 OK Store completed")); // 20: at the limit
        QCOMPARE(taggedLine(c.command("5", "STORE 3 +FLAGS.SILENT (k1 j2)")),
                 QByteArray("5 OK Store completed")); // not new to this session
        QCOMPARE(taggedLine(c.command("6", "STORE 3 +FLAGS.SILENT (new)")),
                 QByteArray("6 NO [LIMIT] At most 20 different keywords in one session; "
                            "nothing was changed"));
        // Another session has its own count.
        RawClient d;
        QVERIFY(d.connectPlain(server->port()));
        QVERIFY(loginSelect(d));
        QCOMPARE(taggedLine(d.command("3", "STORE 3 +FLAGS.SILENT (new)")),
                 QByteArray("3 OK Store completed"));
    }

    // Issue 22: `x UID FETCH 10 (BODY.PEEK[] ×40)` asked for 40 copies of a 5 MiB message.
    void duplicateAndTooManyBodyItems()
    {
        emulator::ServerLimits l;
        auto server = startServer(l);
        RawClient c;
        QVERIFY(c.connectPlain(server->port()));
        QVERIFY(loginSelect(c));
        QByteArray items;
        for (int i = 0; i < 40; ++i)
            items += " BODY.PEEK[]<0.100>";
        const QByteArray once = c.command("3", "UID FETCH 1 (UID" + items + " UID)");
        QCOMPARE(once.count("BODY[]<0> {100}"), 1);
        QVERIFY2(once.endsWith("3 OK Fetch completed\r\n"), once.constData());
        QByteArray eight;
        for (int i = 0; i < l.maxFetchBodyItems; ++i)
            eight += " BODY.PEEK[]<" + QByteArray::number(i) + ".10>";
        const QByteArray at = c.command("4", "UID FETCH 1 (" + eight.mid(1) + ")");
        QCOMPARE(at.count("{10}"), l.maxFetchBodyItems);
        QCOMPARE(
            taggedLine(c.command("5", "UID FETCH 1 (" + eight.mid(1) + " BODY.PEEK[]<99.10>)")),
            "5 BAD More than " + QByteArray::number(l.maxFetchBodyItems) +
                " different body items in one FETCH");
    }

    void replyOctetsPerMessage()
    {
        emulator::ServerLimits l;
        l.maxReplyOctetsPerMessage = 2048;
        auto server = startServer(l);
        RawClient c;
        QVERIFY(c.connectPlain(server->port()));
        QVERIFY(loginSelect(c));
        // UID 1 is 1024 octets (the sample corpus): twice is 2048, at the limit.
        const QByteArray at = c.command("3", "UID FETCH 1 (BODY.PEEK[] BODY.PEEK[TEXT])");
        QVERIFY2(at.endsWith("3 OK Fetch completed\r\n"), at.constData());
        QCOMPARE(taggedLine(c.command("4", "UID FETCH 1 (BODY.PEEK[] RFC822 RFC822.HEADER)")),
                 QByteArray("4 NO [LIMIT] The reply for message 1 would carry more than 2048 "
                            "octets"));
        QVERIFY(c.command("5", "NOOP").endsWith("5 OK NOOP completed\r\n"));
    }

    // Absolute: octets keep arriving, and still the session ends at the deadline.
    void authenticationDeadline()
    {
        emulator::ServerLimits l;
        l.authDeadlineMs = 600;
        auto server = startServer(l);
        RawClient ok;
        QVERIFY(ok.connectPlain(server->port()));
        QVERIFY(loginSelect(ok)); // logged in before the deadline: kept
        RawClient slow;
        QVERIFY(slow.connectPlain(server->port()));
        QVERIFY(greeted(slow));
        QTimer drip;
        int sent = 0;
        connect(&drip, &QTimer::timeout, &slow,
                [&] { slow.send(QByteArray::number(sent++ % 10) + " NOOP\r\n"); });
        drip.start(50);
        QVERIFY(slow.waitClosed(10000));
        QVERIFY2(slow.received().contains("* BYE Autologout; authentication took too long"),
                 slow.received().constData());
        QVERIFY(sent > 3); // it was busy all along
        QVERIFY(ok.isConnected());
        QVERIFY(ok.command("3", "NOOP").endsWith("3 OK NOOP completed\r\n"));
    }

    void commandDeadline()
    {
        emulator::ServerLimits l;
        l.commandDeadlineMs = 600;
        auto server = startServer(l);
        RawClient c;
        QVERIFY(c.connectPlain(server->port()));
        QVERIFY(loginSelect(c));
        // A command sent in pieces but whole in time is answered.
        c.send("3 NO");
        c.send("OP\r\n");
        QVERIFY(c.untilTagged("3").size() == 1);
        // One that never ends is dropped, however its octets trickle.
        QTimer drip;
        connect(&drip, &QTimer::timeout, &c, [&] { c.send("x"); });
        c.send("4 NOOP ");
        drip.start(50);
        QVERIFY(c.waitClosed(10000));
        QVERIFY2(c.received().contains("* BYE Autologout; command not completed in time"),
                 c.received().constData());
    }

    void preAuthOctetsPerSession()
    {
        emulator::ServerLimits l;
        l.maxPreAuthOctets = 4096;
        auto server = startServer(l);
        RawClient at;
        QVERIFY(at.connectPlain(server->port()));
        QVERIFY(greeted(at));
        const QByteArray line = "1 LOGIN {5000+}\r\n";
        at.send(line + QByteArray(4096 - line.size(), 'x')); // 4096 held: at the limit
        QTRY_COMPARE_WITH_TIMEOUT(server->preAuthOctets(), qint64(4096), 10000);
        QVERIFY(at.isConnected());
        at.send("y"); // one past it
        QVERIFY(at.waitClosed(10000));
        QVERIFY2(at.received().contains("* BYE Too much data before login"),
                 at.received().constData());
        QTRY_COMPARE_WITH_TIMEOUT(server->preAuthOctets(), qint64(0), 10000);
    }

    void preAuthOctetsInTotal()
    {
        emulator::ServerLimits l;
        l.maxPreAuthOctets = 4096;
        l.maxPreAuthTotalOctets = 8192;
        auto server = startServer(l);
        const QByteArray line = "1 LOGIN {9000+}\r\n";
        RawClient a;
        RawClient b;
        for (RawClient *c : {&a, &b}) {
            QVERIFY(c->connectPlain(server->port()));
            QVERIFY(greeted(*c));
            c->send(line + QByteArray(4096 - line.size(), 'x'));
        }
        QTRY_COMPARE_WITH_TIMEOUT(server->preAuthOctets(), qint64(8192), 10000); // at it
        RawClient third;
        QVERIFY(third.connectPlain(server->port()));
        QVERIFY(greeted(third));
        third.send("1");
        QVERIFY(third.waitClosed(10000));
        QVERIFY2(third.received().contains("* BYE Too much unauthenticated data; try again later"),
                 third.received().constData());
        QVERIFY(a.isConnected() && b.isConnected());
        // A closed session gives its octets back, and so does a finished login.
        a.socket().abort();
        QTRY_COMPARE_WITH_TIMEOUT(server->preAuthOctets(), qint64(4096), 10000);
        RawClient d;
        QVERIFY(d.connectPlain(server->port()));
        QVERIFY(loginSelect(d));
        QCOMPARE(server->preAuthOctets(), qint64(4096));
    }

    void sessionsPerAddress()
    {
        emulator::ServerLimits l;
        l.maxSessionsPerAddress = 2;
        auto server = startServer(l);
        RawClient a;
        RawClient b;
        QVERIFY(a.connectPlain(server->port()) && greeted(a));
        QVERIFY(b.connectPlain(server->port()) && greeted(b)); // 2: at the limit
        QTRY_COMPARE_WITH_TIMEOUT(server->sessionsFrom(QHostAddress::LocalHost), 2, 10000);
        RawClient third;
        QVERIFY(third.connectPlain(server->port()));
        const auto bye = third.response();
        QVERIFY(bye);
        QCOMPARE(bye->firstLine(),
                 QByteArray("* BYE Too many connections from your address to the msim built-in "
                            "server"));
        // Another address is not counted with them (DESIGN.md §5: attackers on 127.0.0.2).
        RawClient other;
        QVERIFY(other.socket().bind(QHostAddress(QStringLiteral("127.0.0.2"))));
        QVERIFY(other.connectPlain(server->port()));
        QVERIFY(loginSelect(other));
        // A closed session frees its place.
        a.socket().disconnectFromHost();
        QTRY_COMPARE_WITH_TIMEOUT(server->sessionsFrom(QHostAddress::LocalHost), 1, 10000);
        RawClient again;
        QVERIFY(again.connectPlain(server->port()));
        QVERIFY(loginSelect(again));
    }

    // A silent authenticated session ends at the idle limit; one that speaks within it stays.
    void idleTimeout()
    {
        emulator::ServerLimits l;
        l.idleTimeoutMs = 1000;
        auto server = startServer(l);
        RawClient busy;
        RawClient silent;
        QVERIFY(busy.connectPlain(server->port()) && loginSelect(busy));
        QVERIFY(silent.connectPlain(server->port()) && loginSelect(silent));
        // A NOOP every 100 ms for 1.5 s: never 1000 ms without a command.
        QTimer noop;
        int sent = 0;
        connect(&noop, &QTimer::timeout, &busy, [&] {
            if (++sent == 15)
                noop.stop();
            busy.send("n" + QByteArray::number(sent) + " NOOP\r\n");
        });
        noop.start(100);
        QVERIFY(silent.waitClosed(10000));
        QVERIFY2(silent.received().contains("* BYE Autologout; idle for too long"),
                 silent.received().constData());
        QTRY_VERIFY_WITH_TIMEOUT(!noop.isActive(), 10000);
        QVERIFY(busy.isConnected());
        QVERIFY(busy.command("z", "NOOP").endsWith("z OK NOOP completed\r\n"));
        QVERIFY(!busy.received().contains("* BYE"));
    }

    // One session's pipeline of 1000 NOOPs, sent in one write, does not hold up another
    // session on the same thread: the other's NOOP runs after at most a few turns of
    // EmulatedSession::kCommandsPerTurn (16) commands, not after all 1000 (checked on the
    // server's thread). With two workers (a third session in between puts both on the same
    // worker) every NOOP is still answered, in order.
    void commandsPerTurn()
    {
        auto server = startServer({});
        RawClient a;
        RawClient between;
        RawClient b;
        QVERIFY(a.connectPlain(server->port()) && loginSelect(a));
        QVERIFY(between.connectPlain(server->port()) && loginSelect(between));
        QVERIFY(b.connectPlain(server->port()) && loginSelect(b));
        const ServerTrace trace;
        QByteArray pipeline;
        for (int i = 0; i < 1000; ++i)
            pipeline += "p" + QByteArray::number(i) + " NOOP\r\n";
        a.send(pipeline);
        a.socket().flush();
        b.send("b1 NOOP\r\n");
        b.socket().flush();
        QByteArray raw;
        a.untilTagged("p999", &raw, 30000);
        QVERIFY(b.command("b2", "NOOP").contains("b1 OK NOOP completed\r\n"));
        QCOMPARE(raw.count(" OK NOOP completed\r\n"), 1000);
        QVERIFY(raw.indexOf("p998 OK") < raw.indexOf("p999 OK"));
        // The order is certain on the server's thread, where both commands wait in the kernel
        // before it runs; on a worker, b1 may come in after any number of turns.
        QFETCH_GLOBAL(int, workers);
        if (workers > 0)
            return;
        const QList<QByteArray> events = trace.events();
        const qsizetype at = events.indexOf("b1");
        QVERIFY2(at >= 0, events.join(' ').left(400).constData());
        // Before the turns, b1 ran after all 1000 (or, with bytesWritten re-entering the
        // loop, after 17 × 16 = 272); now after at most a few turns of 16.
        QVERIFY2(at < 100,
                 ("b1 ran after " + QByteArray::number(at) + " of the pipeline").constData());
    }

    // A FETCH of a whole 3000-message mailbox (about 4 MB) to a client that reads does not
    // hold up another session on the same thread: the other's NOOP runs before the FETCH ends
    // (it goes on in turns of EmulatedSession::kFetchOctetsPerTurn octets; checked on the
    // server's thread), and the FETCH's reply is still whole on both.
    void fetchOctetsPerTurn()
    {
        const emulator::Mailbox mailbox = emulator::Mailbox::generated(3000);
        qint64 total = 0;
        for (const emulator::StoredMessage &m : mailbox.messages)
            total += m.data.size();
        QVERIFY2(total > 3 * 1024 * 1024, QByteArray::number(total).constData());
        auto server = startServer({}, mailbox);
        RawClient a;
        RawClient between;
        RawClient b;
        QVERIFY(a.connectPlain(server->port()) && loginSelect(a));
        QVERIFY(between.connectPlain(server->port()) && loginSelect(between));
        QVERIFY(b.connectPlain(server->port()) && loginSelect(b));
        const ServerTrace trace;
        a.send("f UID FETCH 1:* (BODY.PEEK[])\r\n");
        a.socket().flush();
        b.send("b1 NOOP\r\n");
        b.socket().flush();
        QByteArray raw;
        const auto replies = a.untilTagged("f", &raw, 30000);
        QVERIFY(raw.endsWith("f OK Fetch completed\r\n"));
        QCOMPARE(replies.size(), 3001); // 3000 FETCH responses and the tagged OK
        QVERIFY(b.command("b2", "NOOP").contains("b1 OK NOOP completed\r\n"));
        QFETCH_GLOBAL(int, workers);
        if (workers > 0)
            return; // the order is certain on the server's thread only (commandsPerTurn)
        const QList<QByteArray> events = trace.events();
        QVERIFY2(events.indexOf("b1") >= 0 && events.indexOf("f completed") >= 0 &&
                     events.indexOf("b1") < events.indexOf("f completed"),
                 events.join(' ').constData());
    }

    void sessionsInTotal()
    {
        emulator::ServerLimits l;
        l.maxSessions = 2;
        auto server = startServer(l);
        RawClient a;
        RawClient b;
        QVERIFY(a.socket().bind(QHostAddress(QStringLiteral("127.0.0.2"))));
        QVERIFY(b.socket().bind(QHostAddress(QStringLiteral("127.0.0.3"))));
        QVERIFY(a.connectPlain(server->port()) && greeted(a));
        QVERIFY(b.connectPlain(server->port()) && greeted(b)); // 2: at the limit
        QTRY_COMPARE_WITH_TIMEOUT(server->sessionCount(), 2, 10000);
        RawClient third;
        QVERIFY(third.socket().bind(QHostAddress(QStringLiteral("127.0.0.4"))));
        QVERIFY(third.connectPlain(server->port()));
        const auto bye = third.response();
        QVERIFY(bye);
        QCOMPARE(bye->firstLine(), QByteArray("* BYE Too many connections to the msim built-in "
                                              "server"));
        QVERIFY(third.waitClosed(10000));
        QCOMPARE(server->sessionCount(), 2);
        b.socket().disconnectFromHost();
        QTRY_COMPARE_WITH_TIMEOUT(server->sessionCount(), 1, 10000);
        RawClient again;
        QVERIFY(again.connectPlain(server->port()));
        QVERIFY(loginSelect(again));
        QVERIFY(a.command("3", "NOOP").endsWith("3 OK NOOP completed\r\n"));
    }

    // Failures are forgotten failedLoginMemoryMs after the last one, not before.
    void failedLoginMemory()
    {
        emulator::ServerLimits l;
        l.failedLoginMemoryMs = 1500;
        auto server = startServer(l);
        RawClient c;
        QVERIFY(c.connectPlain(server->port()) && greeted(c));
        const QHostAddress local(QHostAddress::LocalHost);
        QVERIFY(c.command("1", "login test wrong").contains("1 NO"));
        QVERIFY(c.command("2", "login test wrong").contains("2 NO"));
        QCOMPARE(server->failedLogins(local, "test"), 2); // well within the memory
        QTest::qWait(1700);                               // past it
        QCOMPARE(server->failedLogins(local, "test"), 0);
        QVERIFY(c.command("3", "login test wrong").contains("3 NO"));
        QCOMPARE(server->failedLogins(local, "test"), 1); // counting starts again
    }

    // The table of addresses and user names holds maxFailedLoginEntries; a new one past it
    // forgets the oldest.
    void failedLoginEntries()
    {
        emulator::ServerLimits l;
        l.maxFailedLoginEntries = 4;
        l.freeFailedLogins = 100; // no delays here
        auto server = startServer(l);
        RawClient c;
        QVERIFY(c.connectPlain(server->port()) && greeted(c));
        const QHostAddress elsewhere(QStringLiteral("127.0.0.9")); // never failed: user counts
        // "a:127.0.0.1", "u:u1", "u:u2", "u:u3": 4 entries, at the limit.
        for (int i = 1; i <= 3; ++i) {
            const QByteArray n = QByteArray::number(i);
            QVERIFY(c.command(n, "login u" + n + " wrong").contains(n + " NO"));
            QTest::qWait(20); // each entry a different age
        }
        for (const QByteArray user : {"u1", "u2", "u3"})
            QCOMPARE(server->failedLogins(elsewhere, user), 1);
        // A fifth entry: u1, the oldest, is forgotten; the address (just updated) is kept.
        QVERIFY(c.command("4", "login u4 wrong").contains("4 NO"));
        QCOMPARE(server->failedLogins(elsewhere, "u1"), 0);
        for (const QByteArray user : {"u2", "u3", "u4"})
            QCOMPARE(server->failedLogins(elsewhere, user), 1);
        QCOMPARE(server->failedLogins(QHostAddress(QHostAddress::LocalHost), "nobody"), 4);
    }

    void failedLoginDelay_data()
    {
        QTest::addColumn<int>("failures");
        QTest::addColumn<int>("delayMs");
        QTest::newRow("1") << 1 << 0;
        QTest::newRow("3: the last free one") << 3 << 0;
        QTest::newRow("4: one past") << 4 << 250;
        QTest::newRow("5") << 5 << 500;
        QTest::newRow("9") << 9 << 8000;
        QTest::newRow("10: capped") << 10 << 10000;
        QTest::newRow("1000: capped") << 1000 << 10000;
    }

    void failedLoginDelay()
    {
        QFETCH(int, failures);
        QFETCH(int, delayMs);
        QCOMPARE(emulator::ServerLimits().failedLoginDelay(failures), delayMs);
    }

    // Per address and per user; a NO held back still comes, in order.
    void failedLoginsAreCountedAndHeldBack()
    {
        emulator::ServerLimits l;
        l.failedLoginDelayMs = 20;
        auto server = startServer(l);
        RawClient c;
        QVERIFY(c.connectPlain(server->port()));
        QVERIFY(greeted(c));
        const QHostAddress local(QHostAddress::LocalHost);
        for (int i = 1; i <= 4; ++i) {
            const QByteArray tag = QByteArray::number(i);
            QCOMPARE(taggedLine(c.command(tag, "login test wrong")),
                     tag + " NO [AUTHENTICATIONFAILED] Authentication failed.");
            QCOMPARE(server->failedLogins(local, "test"), i);
        }
        // Held back (the 4th was too); the NOOP behind it waits its turn.
        c.send("5 login test wrong\r\n6 NOOP\r\n");
        const auto replies = c.untilTagged("6");
        QCOMPARE(replies.size(), 2);
        QCOMPARE(replies[0].firstLine(),
                 QByteArray("5 NO [AUTHENTICATIONFAILED] Authentication failed."));
        // Another address trying the same user is counted by the user name.
        RawClient other;
        QVERIFY(other.socket().bind(QHostAddress(QStringLiteral("127.0.0.2"))));
        QVERIFY(other.connectPlain(server->port()));
        QVERIFY(greeted(other));
        QCOMPARE(server->failedLogins(QHostAddress(QStringLiteral("127.0.0.2")), "test"), 5);
        QVERIFY(other.command("1", "login test secret").contains("1 OK"));
        QCOMPARE(server->failedLogins(local, "test"), 5); // this address still failed 5 times
        // The success forgot the user name's failures (and 127.0.0.2's), not 127.0.0.1's.
        QCOMPARE(server->failedLogins(QHostAddress(QStringLiteral("127.0.0.3")), "test"), 0);
        QCOMPARE(server->failedLogins(QHostAddress(QStringLiteral("127.0.0.2")), "nobody"), 0);
    }
};

QTEST_GUILESS_MAIN(tst_ServerLimits)
#include "tst_serverlimits.moc"
