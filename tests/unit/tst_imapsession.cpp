// SPDX-License-Identifier: MIT
// ImapSession against scripted servers: 4.x login variants (raw quoting, mail.auth_login), where
// capabilities come from and the per-host:port cache, tags, the command queue, STARTTLS refusal,
// and the deliberate end of a session (`xxxx logout` at once) on protocol errors, disconnects and
// timeouts (MESSENGER45.md §3).
#include "ScriptedServer.h"
#include "SessionWait.h"
#include "imap/ImapSession.h"

#include <QSignalSpy>
#include <QTest>

using namespace msim;
using msim::testsupport::loopbackOptions;
using msim::testsupport::openSession;
using msim::testsupport::ScriptedServer;

namespace {

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

bool logoutAndWait(imap::ImapSession &s)
{
    QSignalSpy closed(&s, &imap::ImapSession::closed);
    s.logout();
    return closed.wait(5000);
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
        imap::ImapSession s(loopbackOptions(server.serverPort()));
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
            QVERIFY(!s.transcript()->octets(e).contains("secret"));
    }

    void selectCollectsUntagged()
    {
        ScriptedServer server;
        server.addScenario(
            QStringLiteral("S: * OK ready\nC: 1 capability\nS: * CAPABILITY IMAP4rev1\nS: 1 OK\n"
                           "C: 2 login \"test\" \"secret\"\nS: 2 OK\n"
                           "C: 3 select \"INBOX\"\nS: * FLAGS (\\Seen)\nS: * 2 EXISTS\nS: 3 OK\n"));
        QVERIFY(server.listenLoopback());
        imap::ImapSession s(loopbackOptions(server.serverPort()));
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
        imap::ImapSession s(loopbackOptions(server.serverPort()));
        QVERIFY2(openSession(s), qPrintable(s.errorString()));
        QVERIFY(!s.hasCapability("IDLE")); // the OK's [CAPABILITY] code is ignored
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
        imap::ImapSession s(loopbackOptions(server.serverPort()));
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
        imap::ImapSession s(loopbackOptions(server.serverPort()));
        QVERIFY(openSession(s));
        MSIM_VERIFY_SCRIPT(server);
        QVERIFY(transcriptText(s).contains(
            QLatin1String("AUTHENTICATE PLAIN is msim's addition, not Messenger 4.5 behaviour")));
    }

    void loginDisabledWithoutMechanism()
    {
        ScriptedServer server;
        server.addScenario(QStringLiteral("S: * OK ready\nC: 1 capability\nS: * CAPABILITY "
                                          "IMAP4rev1 LOGINDISABLED\nS: 1 OK\nW:\n"));
        QVERIFY(server.listenLoopback());
        imap::ImapSession s(loopbackOptions(server.serverPort()));
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
        imap::ImapSession s(loopbackOptions(server.serverPort()));
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
        imap::ImapSession s(loopbackOptions(server.serverPort()));
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
        imap::ImapSession s(loopbackOptions(server.serverPort()));
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
        imap::ImapSession s(loopbackOptions(server.serverPort()));
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
        auto o = loopbackOptions(server.serverPort());
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
        imap::ImapSession s(loopbackOptions(port));
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
        imap::ImapSession s(loopbackOptions(server.serverPort(), net::Security::StartTls));
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
        imap::ImapSession s(loopbackOptions(server.serverPort(), net::Security::StartTls));
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
        imap::ImapSession s(loopbackOptions(server.serverPort()));
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
        imap::ImapSession s(loopbackOptions(server.serverPort()));
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
        auto o = loopbackOptions(server.serverPort());
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
        auto o = loopbackOptions(server.serverPort());
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
        imap::ImapSession s(loopbackOptions(server.serverPort()));
        QVERIFY(openSession(s));
        QSignalSpy closed(&s, &imap::ImapSession::closed);
        s.logout();
        QVERIFY(closed.wait(5000));
        auto *late = s.execute(imap::CommandBuilder::noop());
        QSignalSpy done(late, &imap::PendingCommand::finished);
        QVERIFY(done.wait(2000));
        MSIM_VERIFY_SCRIPT(server);
    }

    // ---- where capabilities come from (MESSENGER45.md §3) ----

    // [CAPABILITY] codes in the greeting and in the OKs are not believed: the client still asks,
    // only the untagged reply to its `capability` counts, and an unsolicited * CAPABILITY later
    // changes nothing.
    void capabilityCodesIgnored()
    {
        ScriptedServer server;
        server.addScenario(script(R"(
S: * OK [CAPABILITY IMAP4rev1 AUTH=LOGIN XSENDER] ready
C: 1 capability
S: * CAPABILITY IMAP4rev1 AUTH=PLAIN
S: 1 OK [CAPABILITY IMAP4rev1 AUTH=LOGIN XSENDER] done
C: 2 login "test" "secret"
S: 2 OK [CAPABILITY IMAP4rev1 IDLE XSENDER] logged in
C: 3 noop
S: * CAPABILITY IMAP4rev1 XSENDER
S: 3 OK
)"));
        QVERIFY(server.listenLoopback());
        imap::ImapSession s(loopbackOptions(server.serverPort()));
        QVERIFY2(openSession(s), qPrintable(s.errorString()));
        QCOMPARE(s.capabilities(), QList<QByteArray>({"IMAP4REV1", "AUTH=PLAIN"}));
        auto *noop = s.execute(imap::CommandBuilder::noop());
        QSignalSpy done(noop, &imap::PendingCommand::finished);
        QVERIFY(done.wait(5000));
        QCOMPARE(s.capabilities(), QList<QByteArray>({"IMAP4REV1", "AUTH=PLAIN"}));
        QVERIFY(!s.hasCapability("XSENDER"));
        QVERIFY(!s.hasCapability("IDLE"));
        MSIM_VERIFY_SCRIPT(server);
    }

    // The greeting's code lists IMAP4rev1, but the reply to `capability` has no * CAPABILITY:
    // 4.5 knows of no IMAP4 and refuses the server.
    void capabilityFromCodeOnlyIsNotBelieved()
    {
        ScriptedServer server;
        server.addScenario(script(R"(
S: * OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] ready
C: 1 capability
S: 1 OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] done
W:
)"));
        QVERIFY(server.listenLoopback());
        imap::ImapSession s(loopbackOptions(server.serverPort()));
        QVERIFY(!openSession(s));
        QCOMPARE(s.error(), imap::ImapSession::Error::NotImap4);
        QCOMPARE(s.errorString(),
                 QStringLiteral("the server did not list IMAP4 or IMAP4rev1 in reply to the "
                                "capability command (it sent no * CAPABILITY line), so Messenger "
                                "4.5 refuses it as not an IMAP4 server"));
        QVERIFY(s.capabilities().isEmpty());
        MSIM_VERIFY_SCRIPT(server); // W: proves no login was sent
    }

    void serverWithoutImap4Refused()
    {
        ScriptedServer server;
        server.addScenario(script(R"(
S: * OK ready
C: 1 capability
S: * CAPABILITY IMAP2bis AUTH=PLAIN
S: 1 OK
W:
)"));
        QVERIFY(server.listenLoopback());
        imap::ImapSession s(loopbackOptions(server.serverPort()));
        QVERIFY(!openSession(s));
        QCOMPARE(s.error(), imap::ImapSession::Error::NotImap4);
        QCOMPARE(s.errorString(),
                 QStringLiteral("the server did not list IMAP4 or IMAP4rev1 in reply to the "
                                "capability command (it listed: IMAP2BIS AUTH=PLAIN), so "
                                "Messenger 4.5 refuses it as not an IMAP4 server"));
        MSIM_VERIFY_SCRIPT(server);
    }

    void imap4VariantsAccepted_data()
    {
        QTest::addColumn<QString>("capabilities");
        QTest::newRow("IMAP4 only (RFC 1730)") << QStringLiteral("IMAP4 AUTH=PLAIN");
        QTest::newRow("IMAP4rev1") << QStringLiteral("IMAP4rev1");
        QTest::newRow("another IMAP4*") << QStringLiteral("IMAP4rev2");
    }
    void imap4VariantsAccepted()
    {
        QFETCH(QString, capabilities);
        ScriptedServer server;
        server.addScenario(QStringLiteral("S: * OK ready\nC: 1 capability\nS: * CAPABILITY %1\n"
                                          "S: 1 OK\nC: 2 login \"test\" \"secret\"\nS: 2 OK\n")
                               .arg(capabilities));
        QVERIFY(server.listenLoopback());
        imap::ImapSession s(loopbackOptions(server.serverPort()));
        QVERIFY2(openSession(s), qPrintable(s.errorString()));
        MSIM_VERIFY_SCRIPT(server);
    }

    // ---- the capability cache: per host:port for the life of one emulated client ----

    void cacheKeyIsHostAndPort()
    {
        net::Endpoint e;
        e.host = QStringLiteral("mail.example.com");
        e.port = 143;
        QCOMPARE(imap::CapabilityCache::key(e), QStringLiteral("mail.example.com:143"));
        imap::CapabilityCache cache;
        QVERIFY(!cache.find(imap::CapabilityCache::key(e)));
        cache.store(imap::CapabilityCache::key(e), {"IMAP4REV1"});
        e.port = 993;
        QVERIFY(!cache.find(imap::CapabilityCache::key(e))); // another port: not known
    }

    void cacheSecondConnectionStartsWithLogin()
    {
        ScriptedServer server;
        server.addScenario(script(R"(
S: * OK ready
C: 1 capability
S: * CAPABILITY IMAP4rev1 XSENDER
S: 1 OK
C: 2 login "test" "secret"
S: 2 OK
C: 3 logout
S: * BYE
S: 3 OK
W:
)"));
        server.addScenario(script(R"(
S: * OK [CAPABILITY IMAP4rev1] ready
C: 1 login "test" "secret"
S: 1 OK
C: 2 logout
S: * BYE
S: 2 OK
W:
)"));
        QVERIFY(server.listenLoopback());
        auto o = loopbackOptions(server.serverPort());
        o.capabilityCache = std::make_shared<imap::CapabilityCache>();
        {
            imap::ImapSession first(o);
            QVERIFY2(openSession(first), qPrintable(first.errorString()));
            QVERIFY(!first.capabilitiesFromCache());
            QVERIFY(logoutAndWait(first));
        }
        QCOMPARE(o.capabilityCache->find(QStringLiteral("127.0.0.1:%1").arg(server.serverPort())),
                 QList<QByteArray>({"IMAP4REV1", "XSENDER"}));
        imap::ImapSession second(o);
        QVERIFY2(openSession(second), qPrintable(second.errorString()));
        QVERIFY(second.capabilitiesFromCache());
        QVERIFY(second.hasCapability("XSENDER")); // answered from the cache
        QCOMPARE(second.capabilities(), QList<QByteArray>({"IMAP4REV1", "XSENDER"}));
        QVERIFY(logoutAndWait(second));
        MSIM_VERIFY_SCRIPT(server);
        QVERIFY(transcriptText(second).contains(
            QLatin1String("no capability command: this client already learned the capabilities "
                          "of 127.0.0.1:")));
    }

    void cacheSecondConnectionStartsWithAuthenticateLogin()
    {
        ScriptedServer server;
        server.addScenario(script(R"(
S: * OK ready
C: 1 capability
S: * CAPABILITY IMAP4rev1 AUTH=LOGIN
S: 1 OK
C: 2 authenticate login
S: + VXNlcm5hbWU6
C: dGVzdA==
S: + UGFzc3dvcmQ6
C: c2VjcmV0
S: 2 OK
)"));
        server.addScenario(script(R"(
S: * OK ready
C: 1 authenticate login
S: + VXNlcm5hbWU6
C: dGVzdA==
S: + UGFzc3dvcmQ6
C: c2VjcmV0
S: 1 OK
)"));
        QVERIFY(server.listenLoopback());
        auto o = loopbackOptions(server.serverPort());
        o.capabilityCache = std::make_shared<imap::CapabilityCache>();
        {
            imap::ImapSession first(o);
            QVERIFY2(openSession(first), qPrintable(first.errorString()));
        }
        imap::ImapSession second(o);
        QVERIFY2(openSession(second), qPrintable(second.errorString()));
        MSIM_VERIFY_SCRIPT(server);
    }

    void cacheAfterPreauthSendsNothing()
    {
        ScriptedServer server;
        server.addScenario(script(R"(
S: * PREAUTH welcome back
C: 1 capability
S: * CAPABILITY IMAP4rev1
S: 1 OK
)"));
        server.addScenario(script(R"(
S: * PREAUTH welcome back
C: 1 select "INBOX"
S: 1 OK
)"));
        QVERIFY(server.listenLoopback());
        auto o = loopbackOptions(server.serverPort());
        o.capabilityCache = std::make_shared<imap::CapabilityCache>();
        {
            imap::ImapSession first(o);
            QVERIFY2(openSession(first), qPrintable(first.errorString()));
        }
        imap::ImapSession second(o);
        QVERIFY2(openSession(second), qPrintable(second.errorString()));
        QVERIFY(second.preauthenticated());
        auto *sel = second.execute(imap::CommandBuilder::select("INBOX"));
        QSignalSpy done(sel, &imap::PendingCommand::finished);
        QVERIFY(done.wait(5000));
        MSIM_VERIFY_SCRIPT(server);
    }

    // STARTTLS (msim's addition) with a cache that knows host:port: no `capability` before it,
    // and the transcript labels STARTTLS as not 4.5's. (After the handshake `capability` is
    // always sent again: tst_tls.)
    void cachedStarttlsSkipsTheFirstCapability()
    {
        ScriptedServer server;
        server.addScenario(script(R"(
S: * OK ready
C: 1 starttls
S: 1 NO TLS is broken today
W:
)"));
        QVERIFY(server.listenLoopback());
        auto o = loopbackOptions(server.serverPort(), net::Security::StartTls);
        o.capabilityCache = std::make_shared<imap::CapabilityCache>();
        o.capabilityCache->store(imap::CapabilityCache::key(o.endpoint), {"IMAP4REV1"});
        imap::ImapSession s(o);
        QVERIFY(!openSession(s));
        QCOMPARE(s.error(), imap::ImapSession::Error::StartTlsRefused);
        QCOMPARE(s.errorString(), QStringLiteral("the server refused STARTTLS (NO TLS is broken "
                                                 "today); msim will not fall back to plain text"));
        MSIM_VERIFY_SCRIPT(server);
        QVERIFY(transcriptText(s).contains(
            QLatin1String("STARTTLS is msim's addition, not Messenger 4.5 behaviour")));
    }

    // ---- login as 4.5 wrote it ----

    // `login "user" "password"` with the arguments unescaped (a real 4.5 bug), and the sentence
    // that explains a refusal, compared whole. Server text is masked and escaped.
    void rawLoginRefusal_data()
    {
        QTest::addColumn<QByteArray>("user");
        QTest::addColumn<QByteArray>("password");
        QTest::addColumn<QString>("exchange"); // C: login line and the server's answer
        QTest::addColumn<QString>("expected");
        const QString why = QStringLiteral(
            "; Messenger 4.5 inserts the user name and password between quotes without escaping "
            "them, and ");
        QTest::newRow("quote in the password")
            << QByteArray("user") << QByteArray("pa\"ss")
            << QStringLiteral("C: 2 login \"user\" \"pa\"ss\"\n"
                              "S: 2 BAD Error in IMAP command LOGIN: Invalid arguments.\n")
            << QStringLiteral("the server refused the login: BAD Error in IMAP command LOGIN: "
                              "Invalid arguments.") +
                   why +
                   QStringLiteral("this password contains a \", so 4.5's login command was "
                                  "malformed (an unescaped \" ends the quoted string early): the "
                                  "password itself may be right");
        QTest::newRow("backslash in the password")
            << QByteArray("user") << QByteArray("pa\\ss")
            << QStringLiteral("C: 2 login \"user\" \"pa\\ss\"\n"
                              "S: 2 NO [AUTHENTICATIONFAILED] Authentication failed.\n")
            << QStringLiteral("the server refused the login: NO [AUTHENTICATIONFAILED] "
                              "Authentication failed.") +
                   why +
                   QStringLiteral("this password contains a \\, so the server could not read it "
                                  "as typed (inside quotes IMAP reads \\ as an escape character): "
                                  "the password itself may be right");
        QTest::newRow("quote in the user name")
            << QByteArray("us\"er") << QByteArray("secret")
            << QStringLiteral("C: 2 login \"us\"er\" \"secret\"\nS: 2 BAD Invalid arguments.\n")
            << QStringLiteral("the server refused the login: BAD Invalid arguments.") + why +
                   QStringLiteral("this user name contains a \", so 4.5's login command was "
                                  "malformed (an unescaped \" ends the quoted string early): the "
                                  "user name itself may be right");
        QTest::newRow("backslash in both")
            << QByteArray("dom\\user") << QByteArray("pa\\ss")
            << QStringLiteral("C: 2 login \"dom\\user\" \"pa\\ss\"\nS: 2 NO Login failed.\n")
            << QStringLiteral("the server refused the login: NO Login failed.") + why +
                   QStringLiteral("this user name and this password contain a \\, so the server "
                                  "could not read them as typed (inside quotes IMAP reads \\ as "
                                  "an escape character): the user name and password themselves "
                                  "may be right");
        QTest::newRow("plain credentials: no explanation")
            << QByteArray("user") << QByteArray("secret")
            << QStringLiteral("C: 2 login \"user\" \"secret\"\n"
                              "S: 2 NO [AUTHENTICATIONFAILED] Authentication failed.\n")
            << QStringLiteral("the server refused the login: NO [AUTHENTICATIONFAILED] "
                              "Authentication failed.");
        QTest::newRow("password echoed by the server is masked")
            << QByteArray("user") << QByteArray("secret")
            << QStringLiteral("C: 2 login \"user\" \"secret\"\n"
                              "S: 2 NO wrong password \"secret\" (c2VjcmV0) for user\n")
            << QStringLiteral("the server refused the login: NO wrong password \"<redacted>\" "
                              "(<redacted>) for user");
        QTest::newRow("control octets escaped")
            << QByteArray("user") << QByteArray("secret")
            << QStringLiteral("C: 2 login \"user\" \"secret\"\nS: 2 NO \\x1b[31mdenied\\x07\n")
            << QStringLiteral("the server refused the login: NO \\x1b[31mdenied\\x07");
    }
    void rawLoginRefusal()
    {
        QFETCH(QByteArray, user);
        QFETCH(QByteArray, password);
        QFETCH(QString, exchange);
        QFETCH(QString, expected);
        ScriptedServer server;
        server.addScenario(QStringLiteral("S: * OK ready\nC: 1 capability\n"
                                          "S: * CAPABILITY IMAP4rev1\nS: 1 OK\n") +
                           exchange + QStringLiteral("W:\n"));
        QVERIFY(server.listenLoopback());
        auto o = loopbackOptions(server.serverPort());
        o.credentials = {user, password};
        imap::ImapSession s(o);
        QVERIFY(!openSession(s));
        QCOMPARE(s.error(), imap::ImapSession::Error::LoginRefused);
        QCOMPARE(s.errorString(), expected);
        MSIM_VERIFY_SCRIPT(server);
        const QString t = transcriptText(s);
        QVERIFY2(t.contains(QLatin1String("2 login <redacted> <redacted>")), qPrintable(t));
        for (const auto &e : s.transcript()->entries())
            if (e.direction == net::Transcript::Direction::Client)
                QVERIFY(!s.transcript()->octets(e).contains(password));
    }

    // mail.auth_login = false: `login` even though AUTH=LOGIN is advertised.
    void authLoginPrefOff()
    {
        ScriptedServer server;
        server.addScenario(script(R"(
S: * OK ready
C: 1 capability
S: * CAPABILITY IMAP4rev1 AUTH=LOGIN
S: 1 OK
C: 2 login "test" "secret"
S: 2 OK
)"));
        QVERIFY(server.listenLoopback());
        auto o = loopbackOptions(server.serverPort());
        o.authLogin = false;
        imap::ImapSession s(o);
        QVERIFY2(openSession(s), qPrintable(s.errorString()));
        MSIM_VERIFY_SCRIPT(server);
        QVERIFY(transcriptText(s).contains(QLatin1String("mail.auth_login is false")));
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
        imap::ImapSession s(loopbackOptions(server.serverPort()));
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
                s.transcript()->octets(entries[i]) == "xxxx logout\r\n" && xxxx < 0)
                xxxx = i;
            if (entries[i].direction == net::Transcript::Direction::Server &&
                s.transcript()->octets(entries[i]).contains("FGHIJ") && rest < 0)
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
        imap::ImapSession s(loopbackOptions(server.serverPort()));
        QVERIFY(openSession(s));
        const auto r = fetchUntilClosed(s, imap::CommandBuilder::uidFetchChunk(320, 0, 10, false));
        QCOMPARE(r.outcome, imap::PendingCommand::Outcome::ParseError);
        QCOMPARE(r.how, imap::PendingCommand::DrainEnd::Closed);
        QCOMPARE(r.drained, QByteArray("ABCDE\r\nFGHIJ)\r\n"));
        QCOMPARE(s.end(), imap::SessionEnd::EmergencyLogout);
        MSIM_VERIFY_SCRIPT(server);
    }

    // A server quoting the password after a reply failed to parse: the drained octets (shown
    // in reports as the overrun's extra octets) are masked like the transcript (issue 22).
    void drainedOctetsAreMasked()
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
R: * 1 FETCH (UID 320 RFC822.SIZE 30 BODY[]<0> {10}\r\n0123456789ABCDE\r\nsec
C: xxxx logout
R: ret FGHIJ secret)\r\n
X
)"));
        QVERIFY(server.listenLoopback());
        imap::ImapSession s(loopbackOptions(server.serverPort()));
        QVERIFY(openSession(s));
        const auto r = fetchUntilClosed(s, imap::CommandBuilder::uidFetchChunk(320, 0, 10, false));
        QCOMPARE(r.outcome, imap::PendingCommand::Outcome::ParseError);
        QCOMPARE(r.drained, QByteArray("ABCDE\r\n****** FGHIJ ******)\r\n"));
        QVERIFY(!s.transcript()->renderText().contains(QLatin1String("secret")));
        MSIM_VERIFY_SCRIPT(server);
    }

    // The server closes while msim drains a failed reply, and the fetch layer, told of the
    // failure, asks for another command at once (a \Seen restore): the command is refused and
    // the session closes, instead of waiting for ever on no connection (tests/hostile seed 26).
    void commandAskedWhenADrainEndsWithTheConnection()
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
X
)"));
        QVERIFY(server.listenLoopback());
        imap::ImapSession s(loopbackOptions(server.serverPort()));
        QVERIFY(openSession(s));
        auto *cmd = s.execute(imap::CommandBuilder::uidFetchChunk(320, 0, 10, false));
        QPointer<imap::PendingCommand> next;
        QObject::connect(cmd, &imap::PendingCommand::finished, cmd, [&s, &next] {
            next = s.execute(imap::CommandBuilder::uidStoreFlags("320", false, "\\Seen"));
        });
        QSignalSpy closed(&s, &imap::ImapSession::closed);
        QVERIFY(closed.wait(5000));
        QCOMPARE(cmd->outcome(), imap::PendingCommand::Outcome::ParseError);
        QCOMPARE(cmd->drainEnd(), imap::PendingCommand::DrainEnd::Closed);
        QVERIFY(next);
        QVERIFY(next->outcome() != imap::PendingCommand::Outcome::Pending);
        QCOMPARE(s.end(), imap::SessionEnd::EmergencyLogout);
        MSIM_VERIFY_SCRIPT(server);
    }
};

QTEST_GUILESS_MAIN(tst_ImapSession)
#include "tst_imapsession.moc"
