// SPDX-License-Identifier: MIT
// The test harness itself: a scripted exchange passes, a wrong client line is reported with
// both lines, an unplayed scenario is noticed, and a scenario file loads.
#include "ImapScript.h"
#include "ScriptedServer.h"

#include <QSignalSpy>
#include <QTcpSocket>
#include <QTemporaryFile>
#include <QTest>

using msim::testsupport::ScriptedServer;

class tst_ScriptedServer : public QObject
{
    Q_OBJECT

    // The server runs on this thread's event loop, so the client waits on signals.
    static QByteArray readLine(QTcpSocket &s)
    {
        QSignalSpy ready(&s, &QTcpSocket::readyRead);
        while (!s.canReadLine())
            if (!ready.wait(5000))
                return {};
        return s.readLine();
    }
    static bool connectTo(QTcpSocket &client, quint16 port)
    {
        QSignalSpy connected(&client, &QTcpSocket::connected);
        client.connectToHost(QHostAddress::LocalHost, port);
        return connected.wait(5000);
    }

private Q_SLOTS:
    void playsAScenario()
    {
        ScriptedServer server;
        server.addScenario(QStringLiteral("S: * OK hello\n"
                                          "C: 1 capability\n"
                                          "S: * CAPABILITY IMAP4rev1\n"
                                          "S: 1 OK done\n"
                                          "C: xxxx logout\n"
                                          "W:\n"));
        QVERIFY(server.listenLoopback());
        QTcpSocket client;
        QVERIFY(connectTo(client, server.serverPort()));
        QCOMPARE(readLine(client), QByteArray("* OK hello\r\n"));
        client.write("1 capability\r\n");
        QCOMPARE(readLine(client), QByteArray("* CAPABILITY IMAP4rev1\r\n"));
        QCOMPARE(readLine(client), QByteArray("1 OK done\r\n"));
        QVERIFY(!server.allConsumed());
        client.write("xxxx logout\r\n");
        client.disconnectFromHost();
        MSIM_VERIFY_SCRIPT(server);
        QCOMPARE(server.clientLines(), QList<QByteArray>({"1 capability", "xxxx logout"}));
    }

    void reportsAMismatchWithBothLines()
    {
        ScriptedServer server;
        server.addScenario(QStringLiteral("S: * OK hello\nC: 1 select \"INBOX\"\nS: 1 OK\n"));
        QVERIFY(server.listenLoopback());
        QTcpSocket client;
        QVERIFY(connectTo(client, server.serverPort()));
        readLine(client);
        client.write("1 select INBOX\r\n");
        QTRY_VERIFY(!server.failure().isEmpty());
        QVERIFY2(server.failure().contains(QLatin1String("expected C: 1 select \"INBOX\"")),
                 qPrintable(server.failure()));
        QVERIFY2(server.failure().contains(QLatin1String("sent: 1 select INBOX")),
                 qPrintable(server.failure()));
        QSignalSpy closed(&client, &QTcpSocket::disconnected);
        QVERIFY(client.state() == QAbstractSocket::UnconnectedState || closed.wait(5000));
    }

    void noticesAnUnplayedScenario()
    {
        ScriptedServer server;
        server.addScenario(QStringLiteral("S: * OK one\nX\n"));
        server.addScenario(QStringLiteral("S: * OK two\nX\n"));
        QVERIFY(server.listenLoopback());
        QTcpSocket client;
        QVERIFY(connectTo(client, server.serverPort()));
        QCOMPARE(readLine(client), QByteArray("* OK one\r\n"));
        QTRY_VERIFY(client.state() == QAbstractSocket::UnconnectedState ||
                    client.bytesAvailable() == 0);
        QVERIFY(!server.allConsumed());
        QVERIFY(server.progress().contains(QLatin1String("1 of 2 scenarios connected")));
    }

    void clientClosingEarlyIsAMismatch()
    {
        ScriptedServer server;
        server.addScenario(QStringLiteral("S: * OK\nC: 1 noop\nS: 1 OK\n"));
        QVERIFY(server.listenLoopback());
        QTcpSocket client;
        QVERIFY(connectTo(client, server.serverPort()));
        readLine(client);
        client.disconnectFromHost();
        QTRY_VERIFY(!server.failure().isEmpty());
        QVERIFY(server.failure().contains(QLatin1String("closed the connection")));
    }

    void loadsAFileAndUnescapes()
    {
        QTemporaryFile f;
        QVERIFY(f.open());
        f.write("# a comment\n\nS: * OK\\x41\\r\\n\nR: {3}\\r\\nabc\nT\nW:\nX\n");
        f.close();
        QString err;
        const auto s = ScriptedServer::load(f.fileName(), &err);
        QVERIFY2(err.isEmpty(), qPrintable(err));
        QCOMPARE(s.size(), 5);
        QCOMPARE(s[0].data, QByteArray("* OKA\r\n\r\n"));
        QCOMPARE(s[1].data, QByteArray("{3}\r\nabc"));
        QCOMPARE(s[2].kind, ScriptedServer::Step::Kind::StartTls);
        QCOMPARE(s[3].kind, ScriptedServer::Step::Kind::WaitClose);
        QCOMPARE(s[4].kind, ScriptedServer::Step::Kind::Close);
        QString bad;
        QVERIFY(ScriptedServer::parse(QStringLiteral("Q: what\n"), &bad).isEmpty());
        QVERIFY(bad.contains(QLatin1String("line 1")));
    }

    // Scripts tag their client lines with the client's own rule (imap::TagGenerator): a decimal
    // counter per connection from 1, so they read like the KB's `11 UID fetch 320 (...)`.
    void imapScriptTagsCountFromOne()
    {
        msim::testsupport::ImapScript s;
        s.client("capability").client("login \"a\" \"b\"").ok("completed");
        const QList<ScriptedServer::Step> steps = s.build();
        QCOMPARE(steps.size(), 3);
        QCOMPARE(steps[0].data, QByteArray("1 capability"));
        QCOMPARE(steps[1].data, QByteArray("2 login \"a\" \"b\""));
        QCOMPARE(steps[2].data, QByteArray("2 OK completed\r\n"));
        QCOMPARE(s.lastTag(), QByteArray("2"));
    }
};

QTEST_GUILESS_MAIN(tst_ScriptedServer)
#include "tst_scriptedserver.moc"
