// SPDX-License-Identifier: MIT
// The built-in server under abuse (label "faults"): 200 concurrent connections, slow-loris
// clients, oversized commands, clients that never read, idle clients. Through all of it the
// server keeps serving an ordinary client, holds bounded memory per connection, and listens on
// loopback unless told otherwise.
#include "FetchRun.h"
#include "RawClient.h"
#include "emulator/CertificateMint.h"
#include "emulator/EmulatedServer.h"
#include "emulator/EmulatedSession.h"
#include "fetch/FetchRunner.h"
#include "prefs/Presets.h"

#include <QFile>
#include <QTcpSocket>
#include <QTest>
#include <QTimer>

#ifdef __SANITIZE_ADDRESS__
// From the sanitizer allocator interface (GCC installs no header for it; libasan has it).
extern "C" void __sanitizer_purge_allocator();
#endif

using namespace msim;
using msim::testsupport::RawClient;

namespace {

// Resident memory in KiB. Under AddressSanitizer, freed memory waits in a quarantine (up to
// 256 MiB) instead of being reused, so RSS would measure allocation churn, not what is kept:
// drain the quarantine and give free pages back first.
qint64 rssKb()
{
#ifdef __SANITIZE_ADDRESS__
    __sanitizer_purge_allocator();
#endif
    QFile f(QStringLiteral("/proc/self/status"));
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : f.readAll().split('\n'))
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').first().toLongLong();
    return -1;
}

} // namespace

class tst_Abuse : public QObject
{
    Q_OBJECT
    std::unique_ptr<emulator::EmulatedServer> server;

    // An ordinary client fetching the 1 MiB message in 6144-octet chunks must still be served.
    bool ordinaryFetchWorks()
    {
        fetch::FetchRequest r;
        r.session.endpoint = {QStringLiteral("127.0.0.1"), server->tlsPort(), net::Security::Ssl};
        r.session.tls.pins = {server->fingerprint()};
        r.session.credentials = {"test", "secret"};
        r.uids = {9};
        QString e;
        r.client.prefs = *prefs::Presets::make(QStringLiteral("kb-q194998"), &e);
        r.verify = false;
        r.keepSeen = true;
        const auto o = msim::testsupport::runFetch(r, nullptr, 60000);
        if (!o)
            return false;
        return !o->error && o->messages.value(0).displayed.size() == 1024 * 1024 &&
               o->messages.value(0).comparison.verdict == fetch::Verdict::Complete;
    }

private Q_SLOTS:
    void initTestCase()
    {
        emulator::ServerOptions o;
        o.profile = QStringLiteral("rfc3501");
        QString e;
        o.identity = *emulator::CertificateMint::mint({}, &e);
        o.limits.authDeadlineMs = 4000;
        server = std::make_unique<emulator::EmulatedServer>(o, emulator::Mailbox::sample());
        QVERIFY2(server->start(&e), qPrintable(e));
    }

    void loopbackByDefault()
    {
        QCOMPARE(emulator::ServerOptions().listen, QHostAddress(QHostAddress::LocalHost));
        QVERIFY(
            server->listenerLines().join(QLatin1Char(' ')).contains(QLatin1String("127.0.0.1:")));
    }

    void twoHundredConcurrentConnections()
    {
        std::vector<std::unique_ptr<QTcpSocket>> clients;
        for (int i = 0; i < 200; ++i) {
            clients.push_back(std::make_unique<QTcpSocket>());
            clients.back()->connectToHost(QHostAddress::LocalHost, server->port());
        }
        // Every one of them is greeted.
        auto greeted = [&] {
            return int(std::count_if(clients.begin(), clients.end(),
                                     [](const auto &c) { return c->canReadLine(); }));
        };
        QTRY_COMPARE_WITH_TIMEOUT(greeted(), 200, 30000);
        QTRY_COMPARE_WITH_TIMEOUT(server->sessionCount(), 200, 10000);
        for (auto &c : clients)
            QVERIFY(c->readLine().startsWith("* OK"));
        QVERIFY(ordinaryFetchWorks());
        clients.clear();
        QTRY_COMPARE_WITH_TIMEOUT(server->sessionCount(), 0, 10000);
    }

    void slowLorisClients()
    {
        // Five clients dribble a command one octet at a time; an ordinary client is served
        // meanwhile.
        std::vector<std::unique_ptr<QTcpSocket>> loris;
        const QByteArray cmd = "a1 LOGIN test secret\r\n";
        for (int i = 0; i < 5; ++i) {
            loris.push_back(std::make_unique<QTcpSocket>());
            loris.back()->connectToHost(QHostAddress::LocalHost, server->port());
        }
        int sent = 0;
        QTimer drip;
        connect(&drip, &QTimer::timeout, this, [&] {
            if (sent < cmd.size())
                for (auto &c : loris)
                    c->write(cmd.mid(sent, 1));
            ++sent;
        });
        drip.start(100);
        QVERIFY(ordinaryFetchWorks());
        QTRY_VERIFY_WITH_TIMEOUT(sent > cmd.size(), 10000);
        for (auto &c : loris) { // they were served too, just slowly
            QByteArray got;
            QTRY_VERIFY_WITH_TIMEOUT((got += c->readAll()).contains("a1 OK"), 10000);
        }
    }

    void oversizedCommandsAreRefused()
    {
        RawClient c;
        QVERIFY(c.connectPlain(server->port()));
        QVERIFY(c.response());
        c.send("1 NOOP " + QByteArray(1024 * 1024, 'x') + "\r\n");
        QVERIFY(c.waitClosed());
        QVERIFY(c.received().contains("* BAD"));
        RawClient big;
        QVERIFY(big.connectPlain(server->port()));
        QVERIFY(big.response());
        big.send("2 LOGIN {9999999}\r\n"); // a literal over the server's 1 MiB limit
        QVERIFY(big.waitClosed());
        QVERIFY(ordinaryFetchWorks());
    }

    void clientsThatNeverRead()
    {
        const qint64 before = rssKb();
        std::vector<std::unique_ptr<QTcpSocket>> greedy;
        for (int i = 0; i < 3; ++i) {
            greedy.push_back(std::make_unique<QTcpSocket>());
            QTcpSocket &s = *greedy.back();
            s.setReadBufferSize(1024); // read almost nothing: the kernel buffers fill up
            s.connectToHost(QHostAddress::LocalHost, server->port());
            QVERIFY(s.waitForConnected(5000));
            QByteArray script = "a LOGIN test secret\r\nb SELECT INBOX\r\n";
            for (int k = 0; k < 30; ++k) // 30 x 5 MiB asked for, never read
                script += "c" + QByteArray::number(k) + " UID FETCH 10 (BODY.PEEK[])\r\n";
            s.write(script);
        }
        // The server stops producing for each of them at its per-connection bound, and goes on
        // serving others.
        QVERIFY(ordinaryFetchWorks());
        const qint64 grown = rssKb() - before;
        const qint64 bound =
            3 * (emulator::EmulatedSession::kMaxPendingOutput + 6 * 1024 * 1024) / 1024;
        qInfo("RSS grew by %lld KiB with three clients that never read (bound %lld KiB)", grown,
              bound + 64 * 1024);
        QVERIFY2(grown < bound + 64 * 1024,
                 qPrintable(QStringLiteral("RSS grew by %1 KiB").arg(grown)));
        QCOMPARE(server->sessionCount() >= 3, true);
        greedy.clear();
        QTRY_COMPARE_WITH_TIMEOUT(server->sessionCount(), 0, 15000);
    }

    void idleClientsAreLoggedOut()
    {
        RawClient idle;
        QVERIFY(idle.connectPlain(server->port()));
        QVERIFY(idle.waitClosed(10000));
        QVERIFY(idle.received().contains("* BYE Autologout"));
    }
};

QTEST_GUILESS_MAIN(tst_Abuse)
#include "tst_abuse.moc"
