// SPDX-License-Identifier: MIT
// TLS trust decisions on certificates minted for the purpose, against a scripted server: each
// failure is specific (untrusted issuer, expired, host name mismatch, handshake failure), a pin
// trusts exactly its certificate and the overridden errors are reported, STARTTLS never lets a
// login out before the handshake, and --tls-legacy is noted.
#include "ScriptedServer.h"
#include "SessionWait.h"
#include "emulator/CertificateMint.h"
#include "imap/ImapSession.h"
#include "net/TlsContext.h"
#include "net/TlsPolicy.h"

#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

using namespace msim;
using msim::emulator::CertificateMint;
using msim::emulator::TlsIdentity;
using msim::testsupport::openSession;
using msim::testsupport::ScriptedServer;

namespace {

const QString kLogin =
    QStringLiteral("S: * OK ready\nC: 1 capability\nS: * CAPABILITY IMAP4rev1\nS: 1 OK\n"
                   "C: 2 login \"test\" \"secret\"\nS: 2 OK\n");

} // namespace

class tst_Tls : public QObject
{
    Q_OBJECT
    QTemporaryDir dir;
    TlsIdentity ca;
    QString caFile;

    TlsIdentity mint(CertificateMint::Options o)
    {
        QString err;
        auto id = CertificateMint::mint(o, &err);
        if (!id)
            qFatal("%s", qPrintable(err));
        return *id;
    }

    // Loopback options over `security`, with a 5 s connect timeout for the handshake cases.
    imap::SessionOptions options(quint16 port, net::Security security = net::Security::Ssl)
    {
        imap::SessionOptions o = msim::testsupport::loopbackOptions(port, security);
        o.connectTimeoutMs = 5000;
        return o;
    }

private Q_SLOTS:
    void initTestCase()
    {
        CertificateMint::Options o;
        o.isCa = true;
        o.commonName = QStringLiteral("msim test CA");
        o.dnsNames.clear();
        o.ipAddresses.clear();
        ca = mint(o);
        caFile = dir.filePath(QStringLiteral("ca.pem"));
        QFile f(caFile);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(ca.certificatePem);
    }

    void trustDecisions_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<bool>("useCa");
        QTest::addColumn<bool>("pin");
        QTest::addColumn<int>("expected"); // net::Connection::Error
        QTest::addColumn<QString>("words");
        using E = net::Connection::Error;
        QTest::newRow("CA-issued, CA file") << "good" << true << false << int(E::None) << QString();
        QTest::newRow("self-signed, no pin")
            << "self" << false << false << int(E::TlsUntrustedIssuer)
            << QStringLiteral("untrusted issuer");
        QTest::newRow("self-signed, pinned")
            << "self" << false << true << int(E::None) << QString();
        QTest::newRow("expired, CA file")
            << "expired" << true << false << int(E::TlsExpired) << QStringLiteral("expired");
        QTest::newRow("expired, pinned") << "expired" << true << true << int(E::None) << QString();
        QTest::newRow("wrong host, CA file")
            << "wronghost" << true << false << int(E::TlsHostNameMismatch)
            << QStringLiteral("host name mismatch");
        QTest::newRow("not yet valid, CA file")
            << "future" << true << false << int(E::TlsNotYetValid)
            << QStringLiteral("not yet valid");
    }
    void trustDecisions()
    {
        QFETCH(QString, kind);
        QFETCH(bool, useCa);
        QFETCH(bool, pin);
        QFETCH(int, expected);
        QFETCH(QString, words);
        CertificateMint::Options o;
        if (kind != QLatin1String("self"))
            o.issuer = &ca;
        if (kind == QLatin1String("expired"))
            o.notAfter = QDateTime::currentDateTimeUtc().addDays(-2);
        if (kind == QLatin1String("future")) {
            o.notBefore = QDateTime::currentDateTimeUtc().addDays(2);
            o.notAfter = o.notBefore.addDays(30);
        }
        if (kind == QLatin1String("wronghost")) {
            o.dnsNames = {QStringLiteral("mail.other.invalid")};
            o.ipAddresses.clear();
            o.commonName = QStringLiteral("mail.other.invalid");
        }
        const TlsIdentity leaf = mint(o);
        ScriptedServer server;
        server.setTlsIdentity(leaf.certificate, leaf.key, true);
        if (expected == int(net::Connection::Error::None))
            server.addScenario(kLogin);
        else
            server.addScenario(QStringLiteral("W:\n")); // the handshake fails; nothing is sent
        QVERIFY(server.listenLoopback());
        auto opts = options(server.serverPort());
        if (useCa)
            opts.tls.caFile = caFile;
        if (pin)
            opts.tls.pins = {leaf.sha256()};
        imap::ImapSession s(opts);
        const bool ok = openSession(s);
        QCOMPARE(int(s.connectionError()), expected);
        QCOMPARE(ok, expected == int(net::Connection::Error::None));
        if (!ok) {
            QVERIFY2(s.errorString().contains(words), qPrintable(s.errorString()));
            QVERIFY(s.errorString().contains(net::TlsPolicy::formatPin(leaf.sha256())));
            QCOMPARE(s.transcript()->sentTotal(), 0); // no LOGIN (nothing at all) went out
        } else {
            QVERIFY(s.tlsInfo());
            QCOMPARE(s.tlsInfo()->peerSha256, leaf.sha256());
            if (pin && kind != QLatin1String("good"))
                QVERIFY(!s.tlsInfo()->overridden.isEmpty());
            if (!pin)
                QVERIFY(s.tlsInfo()->overridden.isEmpty());
        }
        MSIM_VERIFY_SCRIPT(server);
    }

    void caFileProblemsAreConfigurationErrors_data()
    {
        QTest::addColumn<QByteArray>("content"); // empty: the file does not exist
        QTest::addColumn<QString>("words");
        QTest::newRow("missing file") << QByteArray() << QStringLiteral("cannot read the CA file");
        QTest::newRow("no PEM certificate in it")
            << QByteArray("just text\n") << QStringLiteral("holds no PEM certificate");
    }
    void caFileProblemsAreConfigurationErrors()
    {
        QFETCH(QByteArray, content);
        QFETCH(QString, words);
        const QString path = dir.filePath(
            QStringLiteral("bad-ca-%1.pem").arg(QLatin1String(QTest::currentDataTag())));
        if (!content.isEmpty()) {
            QFile f(path);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(content);
        }
        ScriptedServer server;
        const TlsIdentity leaf = mint({});
        server.setTlsIdentity(leaf.certificate, leaf.key, true);
        server.addScenario(QStringLiteral("W:\n"));
        QVERIFY(server.listenLoopback());
        auto opts = options(server.serverPort());
        opts.tls.caFile = path;
        imap::ImapSession s(opts);
        QVERIFY(!openSession(s));
        QCOMPARE(s.connectionError(), net::Connection::Error::TlsConfiguration);
        QVERIFY2(s.errorString().contains(words) && s.errorString().contains(path),
                 qPrintable(s.errorString()));
    }

    // The trust of a CA file is read once per process (DESIGN.md §7), and again when the file
    // changes; the legacy setting is a context of its own.
    void trustContextIsSharedPerConfiguration()
    {
        net::TlsPolicy a;
        a.caFile = caFile;
        QString err;
        const auto first = net::TlsContext::forPolicy(a, &err);
        QVERIFY2(first, qPrintable(err));
        QCOMPARE(net::TlsContext::forPolicy(a, &err), first);
        net::TlsPolicy pinned = a;
        pinned.pins = {QByteArray(32, 'x')};
        pinned.peerName = QStringLiteral("imap.customer.invalid");
        QCOMPARE(net::TlsContext::forPolicy(pinned, &err), first); // pins and names are per session
        net::TlsPolicy legacy = a;
        legacy.legacy = true;
        QVERIFY(net::TlsContext::forPolicy(legacy, &err) != first);

        const QString copy = dir.filePath(QStringLiteral("ca-copy.pem"));
        QFile::remove(copy);
        QVERIFY(QFile::copy(caFile, copy));
        net::TlsPolicy b;
        b.caFile = copy;
        const auto before = net::TlsContext::forPolicy(b, &err);
        QVERIFY(before && before != first);
        {
            QFile f(copy);
            QVERIFY(f.open(QIODevice::Append));
            f.write(ca.certificatePem); // the same CA twice: a changed file
        }
        const auto after = net::TlsContext::forPolicy(b, &err);
        QVERIFY(after && after != before);
    }

    void aPinForAnotherCertificateDoesNotHelp()
    {
        const TlsIdentity leaf = mint({});
        const TlsIdentity other = mint({});
        ScriptedServer server;
        server.setTlsIdentity(leaf.certificate, leaf.key, true);
        server.addScenario(QStringLiteral("W:\n"));
        QVERIFY(server.listenLoopback());
        auto opts = options(server.serverPort());
        opts.tls.pins = {other.sha256()};
        imap::ImapSession s(opts);
        QVERIFY(!openSession(s));
        QCOMPARE(s.connectionError(), net::Connection::Error::TlsUntrustedIssuer);
    }

    void tlsNameNamesTheCertificate()
    {
        CertificateMint::Options o;
        o.issuer = &ca;
        o.dnsNames = {QStringLiteral("imap.customer.invalid")};
        o.ipAddresses.clear();
        const TlsIdentity leaf = mint(o);
        ScriptedServer server;
        server.setTlsIdentity(leaf.certificate, leaf.key, true);
        server.addScenario(kLogin);
        QVERIFY(server.listenLoopback());
        auto opts = options(server.serverPort());
        opts.tls.caFile = caFile;
        opts.tls.peerName = QStringLiteral("imap.customer.invalid");
        imap::ImapSession s(opts);
        QVERIFY2(openSession(s), qPrintable(s.errorString()));
        MSIM_VERIFY_SCRIPT(server);
    }

    void starttlsLogsInOnlyAfterTheHandshake()
    {
        const TlsIdentity leaf = mint({});
        ScriptedServer server;
        server.setTlsIdentity(leaf.certificate, leaf.key, false);
        server.addScenario(
            QStringLiteral("S: * OK ready\nC: 1 capability\nS: * CAPABILITY IMAP4rev1 STARTTLS "
                           "LOGINDISABLED\nS: 1 OK\n"
                           "C: 2 starttls\nS: 2 OK begin TLS\nT\n"
                           "C: 3 capability\nS: * CAPABILITY IMAP4rev1 AUTH=PLAIN\nS: 3 OK\n"
                           "C: 4 login \"test\" \"secret\"\nS: 4 OK\n"));
        QVERIFY(server.listenLoopback());
        auto opts = options(server.serverPort(), net::Security::StartTls);
        opts.tls.pins = {leaf.sha256()};
        imap::ImapSession s(opts);
        QVERIFY2(openSession(s), qPrintable(s.errorString()));
        QVERIFY(s.tlsInfo());
        QVERIFY(!s.hasCapability("LOGINDISABLED")); // the pre-TLS capabilities were forgotten
        MSIM_VERIFY_SCRIPT(server);
    }

    void starttlsWithAnUntrustedCertificateStops()
    {
        const TlsIdentity leaf = mint({});
        ScriptedServer server;
        server.setTlsIdentity(leaf.certificate, leaf.key, false);
        server.addScenario(QStringLiteral(
            "S: * OK ready\nC: 1 capability\nS: * CAPABILITY IMAP4rev1 STARTTLS\nS: 1 OK\n"
            "C: 2 starttls\nS: 2 OK begin TLS\nT\nW:\n"));
        QVERIFY(server.listenLoopback());
        imap::ImapSession s(options(server.serverPort(), net::Security::StartTls));
        QVERIFY(!openSession(s));
        QCOMPARE(s.connectionError(), net::Connection::Error::TlsUntrustedIssuer);
        QVERIFY(!server.clientLines().join('\n').contains("login"));
    }

    // What the server answered decides the advice: its plain text is quoted (and no
    // --tls-legacy hint, which would be a false lead); a real TLS answer that fails gets the
    // hint and never the plain-text sentence.
    void aFailedHandshakeSaysWhatTheServerAnswered_data()
    {
        QTest::addColumn<QByteArray>("answer");
        QTest::addColumn<QString>("says");
        QTest::addColumn<QString>("neverSays");
        QTest::newRow("an IMAP greeting on the TLS port")
            << QByteArray("* OK I do not speak TLS\r\n")
            << QStringLiteral("; the server answered in plain text: \"* OK I do not speak TLS\" "
                              "(is this its plain-text port?)")
            << QStringLiteral("--tls-legacy");
        QTest::newRow("a TLS alert (handshake_failure), not plain text")
            << QByteArray("\x15\x03\x03\x00\x02\x02\x28", 7)
            << QStringLiteral(" (if this is a 1990s server that only speaks TLS 1.0, try "
                              "--tls-legacy)")
            << QStringLiteral("plain text");
    }
    void aFailedHandshakeSaysWhatTheServerAnswered()
    {
        QFETCH(QByteArray, answer);
        QFETCH(QString, says);
        QFETCH(QString, neverSays);
        QTcpServer server;
        QVERIFY(server.listen(QHostAddress::LocalHost));
        connect(&server, &QTcpServer::newConnection, &server, [&] {
            QTcpSocket *peer = server.nextPendingConnection();
            peer->write(answer);
            peer->flush();
        });
        imap::ImapSession s(options(server.serverPort()));
        QVERIFY(!openSession(s));
        QCOMPARE(s.connectionError(), net::Connection::Error::TlsHandshakeFailed);
        QVERIFY2(
            s.errorString().startsWith(QStringLiteral("TLS handshake with 127.0.0.1:%1 failed: ")
                                           .arg(server.serverPort())),
            qPrintable(s.errorString()));
        QVERIFY2(s.errorString().endsWith(says), qPrintable(s.errorString()));
        QVERIFY2(!s.errorString().contains(neverSays), qPrintable(s.errorString()));
        QCOMPARE(s.transcript()->sentTotal(), 0);
    }

    void legacyIsNoted()
    {
        const TlsIdentity leaf = mint({});
        ScriptedServer server;
        server.setTlsIdentity(leaf.certificate, leaf.key, true);
        server.addScenario(kLogin);
        QVERIFY(server.listenLoopback());
        auto opts = options(server.serverPort());
        opts.tls.pins = {leaf.sha256()};
        opts.tls.legacy = true;
        imap::ImapSession s(opts);
        QVERIFY2(openSession(s), qPrintable(s.errorString()));
        QVERIFY(s.tlsInfo() && s.tlsInfo()->legacy);
        QVERIFY(s.transcript()->renderText().contains(QLatin1String("--tls-legacy is on")));
        MSIM_VERIFY_SCRIPT(server);
    }

    void pinsParse_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("ok");
        const QString hex = QStringLiteral("ab").repeated(32);
        QTest::newRow("prefixed") << QStringLiteral("sha256:") + hex << true;
        QTest::newRow("bare upper") << hex.toUpper() << true;
        QTest::newRow("colons") << QStringLiteral("SHA256:") + QStringLiteral("AB:").repeated(31) +
                                       QStringLiteral("AB")
                                << true;
        QTest::newRow("short") << QStringLiteral("sha256:abcd") << false;
        QTest::newRow("not hex") << QStringLiteral("sha256:") + QStringLiteral("zz").repeated(32)
                                 << false;
    }
    void pinsParse()
    {
        QFETCH(QString, text);
        QFETCH(bool, ok);
        QString err;
        const auto pin = net::TlsPolicy::parsePin(text, &err);
        QCOMPARE(pin.has_value(), ok);
        if (ok)
            QCOMPARE(*pin, QByteArray(32, char(0xab)));
        else
            QVERIFY(!err.isEmpty());
    }
};

QTEST_GUILESS_MAIN(tst_Tls)
#include "tst_tls.moc"
