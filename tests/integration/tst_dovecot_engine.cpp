// SPDX-License-Identifier: MIT
// msim's engine against a real Dovecot: login, select and a fetch over all three transports,
// byte for byte against the Maildir file, and the TLS trust decisions on a real certificate.
#include "DovecotFixture.h"
#include "SessionWait.h"
#include "emulator/Corpus.h"
#include "imap/ImapSession.h"
#include "net/TlsPolicy.h"

#include <QDir>
#include <QFile>
#include <QSignalSpy>
#include <QSslCertificate>
#include <QTest>

using namespace msim;
using msim::testsupport::DovecotFixture;
using msim::testsupport::openSession;

class tst_DovecotEngine : public QObject
{
    Q_OBJECT
    DovecotFixture fx;
    QByteArray fingerprint;

    imap::SessionOptions options(net::Security security)
    {
        imap::SessionOptions o;
        o.endpoint.host = QStringLiteral("127.0.0.1");
        o.endpoint.port = security == net::Security::Ssl ? fx.imapsPort : fx.imapPort;
        o.endpoint.security = security;
        o.credentials = {fx.user.toUtf8(), fx.password};
        o.commandTimeoutMs = 10000;
        return o;
    }

private Q_SLOTS:
    void initTestCase()
    {
        MSIM_LOAD_DOVECOT(fx);
        const auto certs = QSslCertificate::fromPath(fx.certFile);
        QCOMPARE(certs.size(), 1);
        fingerprint = net::TlsPolicy::fingerprint(certs.first());
    }

    void fetchOverEachTransport_data()
    {
        QTest::addColumn<int>("security");
        QTest::newRow("none") << int(net::Security::None);
        QTest::newRow("starttls") << int(net::Security::StartTls);
        QTest::newRow("ssl") << int(net::Security::Ssl);
    }
    void fetchOverEachTransport()
    {
        QFETCH(int, security);
        auto o = options(net::Security(security));
        o.tls.caFile = fx.certFile;
        imap::ImapSession s(o);
        QVERIFY2(openSession(s), qPrintable(s.errorString()));
        QVERIFY(s.hasCapability("IMAP4REV1"));
        if (security != int(net::Security::None)) {
            QVERIFY(s.tlsInfo());
            QCOMPARE(s.tlsInfo()->peerSha256, fingerprint);
            QVERIFY(s.tlsInfo()->protocol.startsWith(QLatin1String("TLSv1.")));
            QVERIFY(!s.tlsInfo()->cipher.isEmpty());
        } else {
            QVERIFY(!s.tlsInfo());
        }
        auto *sel = s.execute(imap::CommandBuilder::select("INBOX"));
        QSignalSpy selDone(sel, &imap::PendingCommand::finished);
        QVERIFY(selDone.wait(10000));

        // The Maildir file of UID 6, served with CRLF (the bare-LF one too).
        const auto corpus = emulator::Corpus::sample();
        for (const auto &m : {corpus[5], corpus[12]}) {
            QDir cur(fx.maildir + QStringLiteral("/cur"));
            const QStringList files =
                cur.entryList({QStringLiteral("%1.*").arg(900000000 + m.uid)});
            QCOMPARE(files.size(), 1);
            QFile file(cur.filePath(files.first()));
            QVERIFY(file.open(QIODevice::ReadOnly));
            QByteArray onDisk = file.readAll();
            QCOMPARE(onDisk, m.stored);
            if (!onDisk.contains('\r'))
                onDisk.replace("\n", "\r\n");

            auto *cmd = s.execute(imap::CommandBuilder::uidFetchPeek(QByteArray::number(m.uid)));
            QByteArray body;
            std::optional<qint64> size;
            bool ok = false;
            connect(cmd, &imap::PendingCommand::finished, this, [&] {
                ok = cmd->isOk();
                for (const auto &r : cmd->responses())
                    if (const auto *f = r.as<imap::FetchResponse>()) {
                        // Other tests share the mailbox: Dovecot may also send unsolicited
                        // FLAGS updates, which carry no body.
                        if (const auto *b = f->body("")) {
                            body = b->data;
                            size = f->rfc822Size;
                        }
                    }
            });
            QTRY_VERIFY_WITH_TIMEOUT(ok, 10000);
            QCOMPARE(size.value(), qint64(onDisk.size()));
            QCOMPARE(body, onDisk);
        }
        QSignalSpy closed(&s, &imap::ImapSession::closed);
        s.logout();
        QVERIFY(closed.wait(10000));
        QCOMPARE(s.end(), imap::SessionEnd::Logout);
        QVERIFY(!s.transcript()->renderText().contains(QString::fromUtf8(fx.password)));
    }

    void selfSignedWithoutPinIsRefused()
    {
        imap::ImapSession s(options(net::Security::Ssl));
        QVERIFY(!openSession(s));
        QCOMPARE(s.connectionError(), net::Connection::Error::TlsUntrustedIssuer);
        QVERIFY2(s.errorString().contains(QLatin1String("self-signed")),
                 qPrintable(s.errorString()));
        QVERIFY(s.errorString().contains(net::TlsPolicy::formatPin(fingerprint)));
        // Nothing but the handshake happened: no LOGIN went out.
        QCOMPARE(s.transcript()->sentTotal(), 0);
    }

    void selfSignedWithPinIsAccepted()
    {
        auto o = options(net::Security::Ssl);
        o.tls.pins = {fingerprint};
        imap::ImapSession s(o);
        QVERIFY2(openSession(s), qPrintable(s.errorString()));
        QVERIFY(s.tlsInfo());
        QVERIFY(!s.tlsInfo()->overridden.isEmpty()); // the report lists what the pin overrode
        QVERIFY(
            s.tlsInfo()->overridden.join(QLatin1Char(' ')).contains(QLatin1String("self-signed")));
    }

    void starttlsWithPinToo()
    {
        auto o = options(net::Security::StartTls);
        o.tls.pins = {fingerprint};
        imap::ImapSession s(o);
        QVERIFY2(openSession(s), qPrintable(s.errorString()));
        QVERIFY(s.tlsInfo());
    }

    void wrongHostNameIsRefused()
    {
        auto o = options(net::Security::Ssl);
        o.tls.caFile = fx.certFile; // trusted issuer, so only the name is wrong
        o.tls.peerName = QStringLiteral("mail.example.invalid");
        imap::ImapSession s(o);
        QVERIFY(!openSession(s));
        QCOMPARE(s.connectionError(), net::Connection::Error::TlsHostNameMismatch);
        QVERIFY2(s.errorString().contains(QLatin1String("mail.example.invalid")),
                 qPrintable(s.errorString()));
        QVERIFY(s.errorString().contains(QLatin1String("--tls-name")));
    }

    void wrongPasswordIsAClearError()
    {
        auto o = options(net::Security::None);
        o.credentials.password = "not-the-password";
        imap::ImapSession s(o);
        QVERIFY(!openSession(s));
        QCOMPARE(s.error(), imap::ImapSession::Error::LoginRefused);
        QVERIFY(!s.errorString().contains(QLatin1String("not-the-password")));
    }
};

QTEST_GUILESS_MAIN(tst_DovecotEngine)
#include "tst_dovecot_engine.moc"
