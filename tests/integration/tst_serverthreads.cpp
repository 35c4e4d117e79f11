// SPDX-License-Identifier: MIT
// The built-in server's sessions on worker threads (ServerOptions::workers, as `msim-cli serve`
// runs them; issue 22, DESIGN.md §5): a session is served while the server's own thread is
// blocked, STOREs and \Seen from sessions on different threads lose no flag, and stop() ends the
// sessions on every worker, gives back every file descriptor and lets the server start again;
// and under each attack of issue 22 a good client's fetches and TLS greetings stay true.
#include "Attacks.h"
#include "RawClient.h"
#include "TestIdentity.h"
#include "emulator/EmulatedServer.h"

#include <QDir>
#include <QTcpSocket>
#include <QTest>

#include <algorithm>
#include <thread>

using namespace msim;
using msim::testsupport::RawClient;

namespace {

std::unique_ptr<emulator::EmulatedServer> startServer(int workers)
{
    emulator::ServerOptions o;
    o.workers = workers;
    o.identity = testsupport::testIdentity();
    auto s = std::make_unique<emulator::EmulatedServer>(o, emulator::Mailbox::sample());
    QString err;
    if (!s->start(&err))
        qWarning("server did not start: %s", qPrintable(err));
    return s;
}

bool loginSelect(RawClient &c)
{
    const auto g = c.response();
    return g && g->firstLine().startsWith("* OK") &&
           c.command("a1", "login test secret").contains("a1 OK") &&
           c.command("a2", "select INBOX").contains("a2 OK");
}

int openDescriptors()
{
    return int(QDir(QStringLiteral("/proc/self/fd")).entryList(QDir::Files | QDir::System).size());
}

QList<QByteArray> sorted(QList<QByteArray> l)
{
    std::sort(l.begin(), l.end());
    return l;
}

} // namespace

class tst_ServerThreads : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void servedWhileTheServerThreadIsBlocked_data()
    {
        QTest::addColumn<int>("workers");
        QTest::newRow("2 workers (serve): answered") << 2;
        // The control: sessions on the blocked thread itself cannot answer.
        QTest::newRow("server thread: not answered") << 0;
    }

    // The test's thread is the server's thread. Once the session has started, that thread
    // blocks in a blocking socket read and runs no event at all; with workers, the session
    // still answers LOGIN, SELECT and a FETCH.
    void servedWhileTheServerThreadIsBlocked()
    {
        QFETCH(int, workers);
        const emulator::Mailbox mailbox = emulator::Mailbox::sample();
        auto server = startServer(workers);
        QTcpSocket s;
        s.connectToHost(QHostAddress::LocalHost, server->port());
        QVERIFY(s.waitForConnected(10000));
        QTRY_COMPARE_WITH_TIMEOUT(server->sessionCount(), 1, 10000);
        QTRY_VERIFY_WITH_TIMEOUT(s.bytesAvailable() > 0, 10000); // the greeting
        // From here on, no event loop runs on this thread.
        const auto readUntil = [&s](const QByteArray &end, int timeoutMs) {
            QByteArray got = s.readAll();
            QElapsedTimer t;
            t.start();
            while (!got.contains(end) && t.elapsed() < timeoutMs &&
                   s.waitForReadyRead(int(timeoutMs - t.elapsed())))
                got += s.readAll();
            return got;
        };
        QVERIFY(readUntil("\r\n", 10000).startsWith("* OK"));
        s.write("1 LOGIN test secret\r\n2 SELECT INBOX\r\n3 UID FETCH 1 (BODY.PEEK[])\r\n");
        QVERIFY(s.waitForBytesWritten(10000));
        const QByteArray end = "3 OK Fetch completed\r\n";
        const QByteArray reply = readUntil(end, workers ? 10000 : 1000);
        if (workers) {
            QVERIFY2(reply.endsWith(end), reply.constData());
            QVERIFY(reply.contains("1 OK"));
            QVERIFY(reply.contains("2 OK"));
            const QByteArray &data = mailbox.messages[0].data;
            QVERIFY(reply.contains("BODY[] {" + QByteArray::number(data.size()) + "}\r\n" + data +
                                   ")\r\n"));
        } else {
            QCOMPARE(reply, QByteArray());
        }
    }

    // K sessions spread over 4 workers each add and take away their own keywords on every
    // message, 39 STOREs apiece sent at once, while another session FETCHes BODY[] (which sets
    // \Seen) over and over: every message ends with exactly its own flags, \Seen and each
    // session's last keyword. A lost update (two threads changing one flag list) fails here.
    void concurrentStoresLoseNoFlag()
    {
        constexpr int kSessions = 6;
        constexpr int kRounds = 20;
        auto server = startServer(4);
        const emulator::Mailbox before = emulator::Mailbox::sample();
        std::vector<std::unique_ptr<RawClient>> clients;
        for (int i = 0; i < kSessions + 1; ++i) {
            clients.push_back(std::make_unique<RawClient>());
            QVERIFY(clients.back()->connectPlain(server->port()));
            QVERIFY(loginSelect(*clients.back()));
        }
        for (int i = 0; i < kSessions; ++i) {
            QByteArray stream;
            for (int r = 0; r < kRounds; ++r) {
                const QByteArray kw = "c" + QByteArray::number(i) + "r" + QByteArray::number(r);
                stream += "s" + QByteArray::number(r) + " STORE 1:* +FLAGS.SILENT (" + kw + ")\r\n";
                if (r + 1 < kRounds)
                    stream +=
                        "t" + QByteArray::number(r) + " STORE 1:* -FLAGS.SILENT (" + kw + ")\r\n";
            }
            clients[size_t(i)]->send(stream);
        }
        RawClient &reader = *clients.back();
        QByteArray fetches;
        for (int r = 0; r < 5; ++r)
            fetches += "f" + QByteArray::number(r) + " FETCH 1:* (BODY[])\r\n";
        reader.send(fetches);
        for (int i = 0; i < kSessions; ++i) {
            QByteArray raw;
            const auto replies =
                clients[size_t(i)]->untilTagged("s" + QByteArray::number(kRounds - 1), &raw, 60000);
            QVERIFY2(!replies.isEmpty(), "a session's STOREs did not all end within 60 s");
            QCOMPARE(raw.count(" OK Store completed\r\n"), qsizetype(2 * kRounds - 1));
        }
        QVERIFY(!reader.untilTagged("f4", nullptr, 60000).isEmpty());
        QCOMPARE(reader.received().count(" OK Fetch completed\r\n"), qsizetype(5));
        for (qsizetype m = 0; m < before.messages.size(); ++m) {
            QList<QByteArray> want = before.messages[m].flags;
            if (!want.contains("\\Seen"))
                want << "\\Seen";
            for (int i = 0; i < kSessions; ++i)
                want << "c" + QByteArray::number(i) + "r" + QByteArray::number(kRounds - 1);
            QCOMPARE(sorted(server->flagsOf(m)), sorted(want));
        }
    }

    void goodClientUnderEachAttack_data()
    {
        QTest::addColumn<int>("index");
        const QList<testsupport::Attack> attacks = testsupport::issue22Attacks();
        for (int i = 0; i < attacks.size(); ++i)
            QTest::newRow(qPrintable(attacks[i].name)) << i;
    }

    // bench_isolation's attacks against the server as `serve` runs it, while the good clients
    // (each on a thread of its own) fetch and connect over TLS for 1.5 s: every fetch answered
    // with the stored octets, every greeting given; once the attackers go, every session closes
    // and no pre-auth octet stays counted. (Their latency is the bench's, never a test's.)
    void goodClientUnderEachAttack()
    {
        QFETCH(int, index);
        const testsupport::Attack attack = testsupport::issue22Attacks()[index];
        auto server = startServer(2);
        const QByteArray expected = emulator::Mailbox::sample().messages[5].data.left(6144);
        auto owner = std::make_unique<QObject>();
        attack.start(owner.get(), server->port(), server->tlsPort());
        std::atomic<bool> stop{false};
        testsupport::GoodResult good;
        testsupport::GoodResult greet;
        std::thread t([&] { good = testsupport::goodClient(server->port(), expected, stop); });
        std::thread g([&] { greet = testsupport::goodGreetings(server->tlsPort(), stop); });
        QTest::qWait(1500); // the attackers and the listener run on this thread meanwhile
        stop = true;
        // The good clients end their current request (each gives up after 30 s without a
        // reply) while this thread's loop goes on serving the listener and the attackers.
        QElapsedTimer joinWait;
        joinWait.start();
        std::atomic<bool> done{false};
        std::thread joiner([&] {
            t.join();
            g.join();
            done = true;
        });
        while (!done && joinWait.elapsed() < 60000)
            QTest::qWait(20);
        joiner.join();
        QVERIFY2(good.error.isEmpty(), qPrintable(good.error));
        QVERIFY2(greet.error.isEmpty(), qPrintable(greet.error));
        QVERIFY(!good.ms.empty());
        QVERIFY(!greet.ms.empty());
        QCOMPARE(good.wrong, 0);
        owner.reset(); // the attackers go
        QTRY_COMPARE_WITH_TIMEOUT(server->sessionCount(), 0, 15000);
        QCOMPARE(server->preAuthOctets(), qint64(0));
    }

    // stop() with sessions open on every worker, in every state: each client sees its
    // connection close, the server counts none, every descriptor (sockets, threads) is given
    // back, and the server starts again with its workers.
    void stopEndsSessionsOnEveryWorker()
    {
        const auto round = [](bool check) {
            const int baseline = openDescriptors();
            auto server = startServer(3);
            QCOMPARE(server->workerCount(), 3);
            RawClient loggedIn;
            RawClient tls;
            RawClient midLiteral;
            RawClient notReading;
            RawClient greetedOnly;
            QVERIFY(loggedIn.connectPlain(server->port()) && loginSelect(loggedIn));
            QVERIFY(tls.connectTls(server->tlsPort()) && loginSelect(tls));
            QVERIFY(midLiteral.connectPlain(server->port()) && midLiteral.response());
            midLiteral.send("1 LOGIN {100}\r\n");
            QVERIFY(midLiteral.response()); // "+ Ready for literal data"
            midLiteral.send("half");
            notReading.socket().setReadBufferSize(1024);
            QVERIFY(notReading.connectPlain(server->port()));
            notReading.send("1 LOGIN test secret\r\n2 SELECT INBOX\r\n"
                            "3 FETCH 1:* (BODY.PEEK[] BODY.PEEK[TEXT])\r\n");
            QVERIFY(greetedOnly.connectPlain(server->port()));
            QTRY_COMPARE_WITH_TIMEOUT(server->sessionCount(), 5, 10000);
            server->stop();
            QCOMPARE(server->workerCount(), 0);
            QVERIFY(!server->isRunning());
            for (RawClient *c : {&loggedIn, &tls, &midLiteral, &notReading, &greetedOnly})
                QVERIFY(c->waitClosed(10000));
            // Again, with fresh workers.
            QString err;
            QVERIFY2(server->start(&err), qPrintable(err));
            QCOMPARE(server->workerCount(), 3);
            RawClient after;
            QVERIFY(after.connectPlain(server->port()) && loginSelect(after));
            QVERIFY(after.command("3", "UID FETCH 1 (FLAGS)").contains("3 OK"));
            after.socket().abort();
            server.reset();
            if (check)
                QTRY_COMPARE_WITH_TIMEOUT(openDescriptors(), baseline, 10000);
        };
        round(false); // what Qt and OpenSSL open once, for good
        if (QTest::currentTestFailed())
            return;
        round(true);
    }
};

QTEST_GUILESS_MAIN(tst_ServerThreads)
#include "tst_serverthreads.moc"
