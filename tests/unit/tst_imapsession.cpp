// ImapSession against scripted servers: 4.x login variants, tags, the command queue, STARTTLS
// refusal, and the deliberate end of a session on protocol errors, disconnects and timeouts.
#include "ScriptedServer.h"
#include "imap/ImapSession.h"

#include <QEventLoop>
#include <QSignalSpy>
#include <QTest>
#include <QTimer>

using namespace msim;
using msim::testsupport::ScriptedServer;

namespace {

imap::SessionOptions optionsFor(quint16 port, net::Security security = net::Security::None)
{
    imap::SessionOptions o;
    o.endpoint.host = QStringLiteral("127.0.0.1");
    o.endpoint.port = port;
    o.endpoint.security = security;
    o.credentials = {"test", "secret"};
    o.commandTimeoutMs = 5000;
    o.drainTimeoutMs = 1000;
    return o;
}

bool openSession(imap::ImapSession &s)
{
    // Waits on whichever of the two signals comes first.
    QEventLoop loop;
    bool ok = false;
    QObject::connect(&s, &imap::ImapSession::opened, &loop, [&] {
        ok = true;
        loop.quit();
    });
    QObject::connect(&s, &imap::ImapSession::failed, &loop, &QEventLoop::quit);
    QTimer::singleShot(10000, &loop, &QEventLoop::quit);
    s.open();
    loop.exec();
    return ok;
}

QString transcriptText(const imap::ImapSession &s)
{
    return s.transcript()->renderText();
}

// A scenario written as a transcript in a raw string literal (the first newline is dropped).
QString script(const char *text)
{
    QString s = QString::fromUtf8(text);
    if (s.startsWith(QLatin1Char('\n')))
        s.remove(0, 1);
    return s;
}

struct Drain
{
    imap::PendingCommand::Outcome outcome{};
    imap::PendingCommand::DrainEnd how{};
    QByteArray drained;
};

// Runs one command whose reply ends the session and returns what its drain saw.
Drain fetchUntilClosed(imap::ImapSession &s, const imap::Command &command)
{
    auto *cmd = s.execute(command);
    Drain d;
    QObject::connect(cmd, &imap::PendingCommand::finished, cmd, [&d, cmd] {
        d.outcome = cmd->outcome();
        d.how = cmd->drainEnd();
        d.drained = cmd->drained();
    });
    QSignalSpy closed(&s, &imap::ImapSession::closed);
    closed.wait(5000);
    return d;
}

} // namespace

class tst_ImapSession : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void plainLoginSelectLogout()
    {
        ScriptedServer server;
        server.addScenario(QStringLiteral("S: * OK [CAPABILITY IMAP4rev1] ready\n"
                                          "C: 1 capability\n"
                                          "S: * CAPABILITY IMAP4rev1 AUTH=PLAIN\n"
                                          "S: 1 OK done\n"
                                          "C: 2 login \"test\" \"secret\"\n"
                                          "S: 2 OK logged in\n"
                                          "C: 3 select \"INBOX\"\n"
                                          "S: * 13 EXISTS\n"
                                          "S: * OK [UIDVALIDITY 1998] ok\n"
                                          "S: 3 OK [READ-WRITE] selected\n"
                                          "C: 4 noop\n"
                                          "S: 4 OK\n"
                                          "C: 5 logout\n"
                                          "S: * BYE bye\n"
                                          "S: 5 OK logged out\n"
                                          "W:\n"));
        QVERIFY(server.listenLoopback());
        imap::ImapSession s(optionsFor(server.serverPort()));
        QVERIFY2(openSession(s), qPrintable(s.errorString()));
        QVERIFY(s.hasCapability("imap4rev1"));
        QVERIFY(s.hasCapability("AUTH=PLAIN"));
        QCOMPARE(s.greeting(), QByteArray("* OK [CAPABILITY IMAP4rev1] ready"));

        // Two commands queued at once go out one after the other.
        auto *sel = s.execute(imap::CommandBuilder::select("INBOX"));
        auto *noop = s.execute(imap::CommandBuilder::noop());
        QSignalSpy selDone(sel, &imap::PendingCommand::finished);
        QSignalSpy noopDone(noop, &imap::PendingCommand::finished);
        QVERIFY(noopDone.wait(5000));
        QCOMPARE(selDone.count(), 1);
        QSignalSpy closed(&s, &imap::ImapSession::closed);
        s.logout();
        QVERIFY(closed.wait(5000));
        QCOMPARE(s.end(), imap::SessionEnd::Logout);
        MSIM_VERIFY_SCRIPT(server);
        // Credentials never reach the transcript.
        const QString t = transcriptText(s);
        QVERIFY2(!t.contains(QLatin1String("secret")), qPrintable(t));
        QVERIFY2(t.contains(QLatin1String("2 login <redacted> <redacted>")), qPrintable(t));
        for (const auto &e : s.transcript()->entries())
            QVERIFY(!e.bytes.contains("secret"));
    }

    void selectCollectsUntagged()
    {
        ScriptedServer server;
        server.addScenario(
            QStringLiteral("S: * OK ready\nC: 1 capability\nS: * CAPABILITY IMAP4rev1\nS: 1 OK\n"
                           "C: 2 login \"test\" \"secret\"\nS: 2 OK\n"
                           "C: 3 select \"INBOX\"\nS: * FLAGS (\\Seen)\nS: * 2 EXISTS\nS: 3 OK\n"));
        QVERIFY(server.listenLoopback());
        imap::ImapSession s(optionsFor(server.serverPort()));
        QVERIFY(openSession(s));
        auto *sel = s.execute(imap::CommandBuilder::select("INBOX"));
        QList<imap::Response> got;
        imap::PendingCommand::Outcome outcome{};
        connect(sel, &imap::PendingCommand::finished, this, [&] {
            got = sel->responses();
            outcome = sel->outcome();
        });
        QTRY_COMPARE(got.size(), 2);
        QCOMPARE(outcome, imap::PendingCommand::Outcome::Ok);
        QVERIFY(got[1].as<imap::NumberResponse>());
        QCOMPARE(got[1].as<imap::NumberResponse>()->number, 2u);
        MSIM_VERIFY_SCRIPT(server);
    }

    void authenticateLoginAs4x()
    {
        ScriptedServer server;
        server.addScenario(QStringLiteral(
            "S: * OK ready\nC: 1 capability\nS: * CAPABILITY IMAP4rev1 AUTH=LOGIN\nS: 1 OK\n"
            "C: 2 authenticate login\nS: + VXNlcm5hbWU6\nC: dGVzdA==\nS: + UGFzc3dvcmQ6\n"
            "C: c2VjcmV0\nS: 2 OK [CAPABILITY IMAP4rev1 IDLE] welcome\n"));
        QVERIFY(server.listenLoopback());
        imap::ImapSession s(optionsFor(server.serverPort()));
        QVERIFY2(openSession(s), qPrintable(s.errorString()));
        QVERIFY(s.hasCapability("IDLE")); // taken from the OK's code
        MSIM_VERIFY_SCRIPT(server);
        const QString t = transcriptText(s);
        QVERIFY(!t.contains(QLatin1String("dGVzdA==")));
        QVERIFY(!t.contains(QLatin1String("c2VjcmV0")));
    }

    void authenticateLoginFallsBackToLogin()
    {
        ScriptedServer server;
        server.addScenario(QStringLiteral(
            "S: * OK ready\nC: 1 capability\nS: * CAPABILITY IMAP4rev1 AUTH=LOGIN\nS: 1 OK\n"
            "C: 2 authenticate login\nS: 2 NO not today\n"
            "C: 3 login \"test\" \"secret\"\nS: 3 OK\n"));
        QVERIFY(server.listenLoopback());
        imap::ImapSession s(optionsFor(server.serverPort()));
        QVERIFY(openSession(s));
        MSIM_VERIFY_SCRIPT(server);
    }

    void loginDisabledUsesAuthenticatePlain()
    {
        ScriptedServer server;
        server.addScenario(QStringLiteral(
            "S: * OK ready\nC: 1 capability\nS: * CAPABILITY IMAP4rev1 LOGINDISABLED AUTH=PLAIN\n"
            "S: 1 OK\nC: 2 authenticate plain\nS: +\nC: AHRlc3QAc2VjcmV0\nS: 2 OK\n"));
        QVERIFY(server.listenLoopback());
        imap::ImapSession s(optionsFor(server.serverPort()));
        QVERIFY(openSession(s));
        MSIM_VERIFY_SCRIPT(server);
    }

    void loginDisabledWithoutMechanism()
    {
        ScriptedServer server;
        server.addScenario(QStringLiteral("S: * OK ready\nC: 1 capability\nS: * CAPABILITY "
                                          "IMAP4rev1 LOGINDISABLED\nS: 1 OK\nW:\n"));
        QVERIFY(server.listenLoopback());
        imap::ImapSession s(optionsFor(server.serverPort()));
        QVERIFY(!openSession(s));
        QCOMPARE(s.error(), imap::ImapSession::Error::NoLoginMethod);
        QVERIFY(s.errorString().contains(QLatin1String("LOGINDISABLED")));
        MSIM_VERIFY_SCRIPT(server);
    }

    void loginRefused()
    {
        ScriptedServer server;
        server.addScenario(
            QStringLiteral("S: * OK ready\nC: 1 capability\nS: * CAPABILITY IMAP4rev1\nS: 1 OK\n"
                           "C: 2 login \"test\" \"secret\"\nS: 2 NO [AUTHENTICATIONFAILED] "
                           "Authentication failed.\nW:\n"));
        QVERIFY(server.listenLoopback());
        imap::ImapSession s(optionsFor(server.serverPort()));
        QVERIFY(!openSession(s));
        QCOMPARE(s.error(), imap::ImapSession::Error::LoginRefused);
        QVERIFY2(s.errorString().contains(QLatin1String("Authentication failed")),
                 qPrintable(s.errorString()));
        QVERIFY(!s.errorString().contains(QLatin1String("secret")));
        MSIM_VERIFY_SCRIPT(server);
    }

    void preauthSkipsLogin()
    {
        ScriptedServer server;
        server.addScenario(QStringLiteral(
            "S: * PREAUTH welcome back\nC: 1 capability\nS: * CAPABILITY IMAP4rev1\nS: 1 OK\n"
            "C: 2 select \"INBOX\"\nS: 2 OK\n"));
        QVERIFY(server.listenLoopback());
        imap::ImapSession s(optionsFor(server.serverPort()));
        QVERIFY(openSession(s));
        QVERIFY(s.preauthenticated());
        auto *sel = s.execute(imap::CommandBuilder::select("INBOX"));
        QSignalSpy done(sel, &imap::PendingCommand::finished);
        QVERIFY(done.wait(5000));
        MSIM_VERIFY_SCRIPT(server);
    }

    void byeAtGreeting()
    {
        ScriptedServer server;
        server.addScenario(QStringLiteral("S: * BYE too many connections\nX\n"));
        QVERIFY(server.listenLoopback());
        imap::ImapSession s(optionsFor(server.serverPort()));
        QVERIFY(!openSession(s));
        QCOMPARE(s.error(), imap::ImapSession::Error::Greeting);
        QVERIFY(s.errorString().contains(QLatin1String("too many connections")));
        MSIM_VERIFY_SCRIPT(server);
    }

    void garbageGreeting()
    {
        ScriptedServer server;
        server.addScenario(QStringLiteral("S: HTTP/1.1 400 Bad Request\nW:\n"));
        QVERIFY(server.listenLoopback());
        imap::ImapSession s(optionsFor(server.serverPort()));
        QVERIFY(!openSession(s));
        QVERIFY(s.error() == imap::ImapSession::Error::Protocol ||
                s.error() == imap::ImapSession::Error::Greeting);
        QVERIFY2(s.errorString().contains(QLatin1String("HTTP/1.1")), qPrintable(s.errorString()));
        MSIM_VERIFY_SCRIPT(server);
    }

    void silentGreetingTimesOut()
    {
        ScriptedServer server;
        server.addScenario(QStringLiteral("C: xxxx logout\nW:\n"));
        QVERIFY(server.listenLoopback());
        auto o = optionsFor(server.serverPort());
        o.commandTimeoutMs = 300;
        imap::ImapSession s(o);
        QVERIFY(!openSession(s));
        QCOMPARE(s.error(), imap::ImapSession::Error::Timeout);
        QVERIFY(s.errorString().contains(QLatin1String("no greeting")));
        MSIM_VERIFY_SCRIPT(server);
    }

    void connectionRefused()
    {
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        const quint16 port = probe.serverPort();
        probe.close();
        imap::ImapSession s(optionsFor(port));
        QVERIFY(!openSession(s));
        QCOMPARE(s.error(), imap::ImapSession::Error::Connection);
        QCOMPARE(s.connectionError(), net::Connection::Error::ConnectionRefused);
        QVERIFY(s.errorString().contains(QLatin1String("refused")));
    }

    void starttlsNotOfferedNeverFallsBack()
    {
        ScriptedServer server;
        server.addScenario(QStringLiteral(
            "S: * OK ready\nC: 1 capability\nS: * CAPABILITY IMAP4rev1 AUTH=PLAIN\nS: 1 OK\nW:\n"));
        QVERIFY(server.listenLoopback());
        imap::ImapSession s(optionsFor(server.serverPort(), net::Security::StartTls));
        QVERIFY(!openSession(s));
        QCOMPARE(s.error(), imap::ImapSession::Error::StartTlsUnavailable);
        QVERIFY(s.errorString().contains(QLatin1String("will not fall back")));
        MSIM_VERIFY_SCRIPT(server); // W: proves no login was sent
        QVERIFY(!server.clientLines().join('\n').contains("login"));
    }

    void starttlsRefused()
    {
        ScriptedServer server;
        server.addScenario(QStringLiteral(
            "S: * OK ready\nC: 1 capability\nS: * CAPABILITY IMAP4rev1 STARTTLS\nS: 1 OK\n"
            "C: 2 starttls\nS: 2 NO TLS is broken today\nW:\n"));
        QVERIFY(server.listenLoopback());
        imap::ImapSession s(optionsFor(server.serverPort(), net::Security::StartTls));
        QVERIFY(!openSession(s));
        QCOMPARE(s.error(), imap::ImapSession::Error::StartTlsRefused);
        QVERIFY(s.errorString().contains(QLatin1String("TLS is broken today")));
        MSIM_VERIFY_SCRIPT(server);
    }

    void parseErrorDrainsThenEmergencyLogout()
    {
        ScriptedServer server;
        server.addScenario(
            QStringLiteral("S: * OK ready\nC: 1 capability\nS: * CAPABILITY IMAP4rev1\nS: 1 OK\n"
                           "C: 2 login \"test\" \"secret\"\nS: 2 OK\n"
                           "C: 3 UID fetch 320 (UID RFC822.SIZE BODY[]<0.10>)\n"
                           "R: * 1 FETCH (UID 320 RFC822.SIZE 30 BODY[]<0> "
                           "{10}\\r\\n0123456789ABCDE)\\r\\n3 OK done\\r\\n\n"
                           "C: xxxx logout\nW:\n"));
        QVERIFY(server.listenLoopback());
        imap::ImapSession s(optionsFor(server.serverPort()));
        QVERIFY(openSession(s));
        auto *cmd = s.execute(imap::CommandBuilder::uidFetchChunk(320, 0, 10, false));
        std::optional<imap::ParseError> err;
        QByteArray drained;
        imap::PendingCommand::DrainEnd how{};
        imap::PendingCommand::Outcome outcome{};
        connect(cmd, &imap::PendingCommand::finished, this, [&] {
            err = cmd->parseError();
            drained = cmd->drained();
            how = cmd->drainEnd();
            outcome = cmd->outcome();
        });
        QSignalSpy closed(&s, &imap::ImapSession::closed);
        QVERIFY(closed.wait(5000));
        QCOMPARE(outcome, imap::PendingCommand::Outcome::ParseError);
        QVERIFY(err && err->afterLiteral);
        QCOMPARE(err->partialFetch->bodies[0].data, QByteArray("0123456789"));
        QCOMPARE(how, imap::PendingCommand::DrainEnd::TaggedCompletion);
        QCOMPARE(drained, QByteArray("ABCDE)\r\n"));
        QCOMPARE(s.end(), imap::SessionEnd::EmergencyLogout);
        MSIM_VERIFY_SCRIPT(server);
        QVERIFY(transcriptText(s).contains(QLatin1String("xxxx logout")));
    }

    void disconnectMidLiteralKeepsWhatArrived()
    {
        ScriptedServer server;
        server.addScenario(
            QStringLiteral("S: * OK ready\nC: 1 capability\nS: * CAPABILITY IMAP4rev1\nS: 1 OK\n"
                           "C: 2 login \"test\" \"secret\"\nS: 2 OK\n"
                           "C: 3 UID fetch 320 (UID RFC822.SIZE BODY[])\n"
                           "R: * 1 FETCH (UID 320 BODY[] {100}\\r\\n0123456789\nX\n"));
        QVERIFY(server.listenLoopback());
        imap::ImapSession s(optionsFor(server.serverPort()));
        QVERIFY(openSession(s));
        auto *cmd = s.execute(imap::CommandBuilder::uidFetchWhole(320, false));
        std::optional<imap::RawResponse> incomplete;
        imap::PendingCommand::Outcome outcome{};
        connect(cmd, &imap::PendingCommand::finished, this, [&] {
            incomplete = cmd->incomplete();
            outcome = cmd->outcome();
        });
        QSignalSpy closed(&s, &imap::ImapSession::closed);
        QVERIFY(closed.wait(5000));
        QCOMPARE(outcome, imap::PendingCommand::Outcome::Disconnected);
        QVERIFY(incomplete);
        QCOMPARE(incomplete->literals.value(0), QByteArray("0123456789"));
        QCOMPARE(s.end(), imap::SessionEnd::Disconnected);
        MSIM_VERIFY_SCRIPT(server);
    }

    void commandTimeout()
    {
        ScriptedServer server;
        server.addScenario(QStringLiteral(
            "S: * OK ready\nC: 1 capability\nS: * CAPABILITY IMAP4rev1\nS: 1 OK\n"
            "C: 2 login \"test\" \"secret\"\nS: 2 OK\nC: 3 noop\nC: xxxx logout\nW:\n"));
        QVERIFY(server.listenLoopback());
        auto o = optionsFor(server.serverPort());
        o.commandTimeoutMs = 400;
        imap::ImapSession s(o);
        QVERIFY(openSession(s));
        auto *cmd = s.execute(imap::CommandBuilder::noop());
        imap::PendingCommand::Outcome outcome{};
        connect(cmd, &imap::PendingCommand::finished, this, [&] { outcome = cmd->outcome(); });
        QSignalSpy closed(&s, &imap::ImapSession::closed);
        QVERIFY(closed.wait(5000));
        QCOMPARE(outcome, imap::PendingCommand::Outcome::Timeout);
        QCOMPARE(s.end(), imap::SessionEnd::EmergencyLogout);
        MSIM_VERIFY_SCRIPT(server);
    }

    void unknownTagIsAProtocolError()
    {
        ScriptedServer server;
        server.addScenario(
            QStringLiteral("S: * OK ready\nC: 1 capability\nS: * CAPABILITY IMAP4rev1\nS: 1 OK\n"
                           "C: 2 login \"test\" \"secret\"\nS: 2 OK\nC: 3 noop\nS: 99 OK noop\n"
                           "C: xxxx logout\nW:\n"));
        QVERIFY(server.listenLoopback());
        auto o = optionsFor(server.serverPort());
        o.drainTimeoutMs = 200;
        imap::ImapSession s(o);
        QVERIFY(openSession(s));
        auto *cmd = s.execute(imap::CommandBuilder::noop());
        QString error;
        connect(cmd, &imap::PendingCommand::finished, this, [&] { error = cmd->errorString(); });
        QSignalSpy closed(&s, &imap::ImapSession::closed);
        QVERIFY(closed.wait(5000));
        QVERIFY2(error.contains(QLatin1String("tag '99'")), qPrintable(error));
        MSIM_VERIFY_SCRIPT(server);
    }

    void commandsAfterTheEndAreAborted()
    {
        ScriptedServer server;
        server.addScenario(QStringLiteral(
            "S: * OK ready\nC: 1 capability\nS: * CAPABILITY IMAP4rev1\nS: 1 OK\n"
            "C: 2 login \"test\" \"secret\"\nS: 2 OK\nC: 3 logout\nS: * BYE\nS: 3 OK\nW:\n"));
        QVERIFY(server.listenLoopback());
        imap::ImapSession s(optionsFor(server.serverPort()));
        QVERIFY(openSession(s));
        QSignalSpy closed(&s, &imap::ImapSession::closed);
        s.logout();
        QVERIFY(closed.wait(5000));
        auto *late = s.execute(imap::CommandBuilder::noop());
        QSignalSpy done(late, &imap::PendingCommand::finished);
        QVERIFY(done.wait(2000));
        MSIM_VERIFY_SCRIPT(server);
    }

    // ---- xxxx logout at the moment 4.5 writes it ----

    // The reply overruns its literal: `xxxx logout` goes out at once, before the server sends
    // the rest of the failing reply; the drain then reads on to the tagged line, and the
    // server's answers to `xxxx logout` are not in drained().
    void emergencyLogoutBeforeTheRestOfTheReply()
    {
        ScriptedServer server;
        server.addScenario(script(R"(
S: * OK ready
C: 1 capability
S: * CAPABILITY IMAP4rev1
S: 1 OK
C: 2 login "test" "secret"
S: 2 OK
C: 3 UID fetch 320 (UID RFC822.SIZE BODY[]<0.10>)
R: * 1 FETCH (UID 320 RFC822.SIZE 30 BODY[]<0> {10}\r\n0123456789ABCDE\r\n
C: xxxx logout
R: FGHIJ)\r\n3 OK done\r\n* BYE logging out\r\nxxxx OK logged out\r\n
W:
)"));
        QVERIFY(server.listenLoopback());
        imap::ImapSession s(optionsFor(server.serverPort()));
        QVERIFY(openSession(s));
        const auto r = fetchUntilClosed(s, imap::CommandBuilder::uidFetchChunk(320, 0, 10, false));
        QCOMPARE(r.outcome, imap::PendingCommand::Outcome::ParseError);
        QCOMPARE(r.how, imap::PendingCommand::DrainEnd::TaggedCompletion);
        QCOMPARE(r.drained, QByteArray("ABCDE\r\nFGHIJ)\r\n"));
        QCOMPARE(s.end(), imap::SessionEnd::EmergencyLogout);
        MSIM_VERIFY_SCRIPT(server);
        QCOMPARE(server.clientLines().last(), QByteArray("xxxx logout"));
        // In the transcript too, the client's line comes before the rest of the reply.
        qsizetype xxxx = -1, rest = -1;
        const auto &entries = s.transcript()->entries();
        for (qsizetype i = 0; i < entries.size(); ++i) {
            if (entries[i].direction == net::Transcript::Direction::Client &&
                entries[i].bytes == "xxxx logout\r\n" && xxxx < 0)
                xxxx = i;
            if (entries[i].direction == net::Transcript::Direction::Server &&
                entries[i].bytes.contains("FGHIJ") && rest < 0)
                rest = i;
        }
        QVERIFY(xxxx >= 0 && rest >= 0);
        QVERIFY(xxxx < rest);
    }

    // No tagged line for the failing command: the server answers `xxxx logout` and closes. The
    // drain ends with the close, without the server's BYE and xxxx OK.
    void drainExcludesTheAnswerToXxxxLogout()
    {
        ScriptedServer server;
        server.addScenario(script(R"(
S: * OK ready
C: 1 capability
S: * CAPABILITY IMAP4rev1
S: 1 OK
C: 2 login "test" "secret"
S: 2 OK
C: 3 UID fetch 320 (UID RFC822.SIZE BODY[]<0.10>)
R: * 1 FETCH (UID 320 RFC822.SIZE 30 BODY[]<0> {10}\r\n0123456789ABCDE\r\n
C: xxxx logout
R: FGHIJ)\r\n* BYE logging out\r\nxxxx OK logged out\r\n
X
)"));
        QVERIFY(server.listenLoopback());
        imap::ImapSession s(optionsFor(server.serverPort()));
        QVERIFY(openSession(s));
        const auto r = fetchUntilClosed(s, imap::CommandBuilder::uidFetchChunk(320, 0, 10, false));
        QCOMPARE(r.outcome, imap::PendingCommand::Outcome::ParseError);
        QCOMPARE(r.how, imap::PendingCommand::DrainEnd::Closed);
        QCOMPARE(r.drained, QByteArray("ABCDE\r\nFGHIJ)\r\n"));
        QCOMPARE(s.end(), imap::SessionEnd::EmergencyLogout);
        MSIM_VERIFY_SCRIPT(server);
    }
};

QTEST_GUILESS_MAIN(tst_ImapSession)
#include "tst_imapsession.moc"
