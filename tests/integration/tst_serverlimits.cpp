// SPDX-License-Identifier: MIT
// The built-in server's limits against hostile clients (emulator/ServerLimits.h, DESIGN.md §5),
// each at the limit and one past it, as protocol transcripts: keywords per message and per
// session, duplicate and too many FETCH body items, one message's reply size, the absolute
// authentication deadline, the command deadline (slow loris), pre-auth memory per session and
// in total, sessions per address (the attacker bound to 127.0.0.2) and the failed-login delay.
#include "RawClient.h"
#include "TestIdentity.h"
#include "emulator/EmulatedServer.h"

#include <QTest>
#include <QTimer>

using namespace msim;
using msim::testsupport::RawClient;

namespace {

std::unique_ptr<emulator::EmulatedServer> startServer(const emulator::ServerLimits &limits)
{
    emulator::ServerOptions o;
    o.limits = limits;
    o.identity = testsupport::testIdentity();
    auto s = std::make_unique<emulator::EmulatedServer>(o, emulator::Mailbox::sample());
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
        QCOMPARE(server->failedLogins(QHostAddress(QStringLiteral("127.0.0.2")), "nobody"), 0);
    }
};

QTEST_GUILESS_MAIN(tst_ServerLimits)
#include "tst_serverlimits.moc"
