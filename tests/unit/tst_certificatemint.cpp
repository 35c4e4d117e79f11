// SPDX-License-Identifier: MIT
// CertificateMint: what a minted certificate holds (names, dates, extensions, key), real TLS
// handshakes on 127.0.0.1 that show the errors a client sees (untrusted, wrong name, expired),
// and the server identity kept on disk (permissions, reuse, replacement of unusable files).
#include "emulator/CertificateMint.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QHostAddress>
#include <QMetaEnum>
#include <QPointer>
#include <QSignalSpy>
#include <QSslConfiguration>
#include <QSslSocket>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <memory>
#include <optional>

using msim::emulator::CertificateMint;
using msim::emulator::TlsIdentity;

namespace {

struct OpenSslFree
{
    void operator()(X509 *p) const { X509_free(p); }
    void operator()(EVP_PKEY *p) const { EVP_PKEY_free(p); }
    void operator()(BIO *p) const { BIO_free_all(p); }
};

std::unique_ptr<X509, OpenSslFree> x509(const QByteArray &pem)
{
    std::unique_ptr<BIO, OpenSslFree> bio(BIO_new_mem_buf(pem.constData(), int(pem.size())));
    return std::unique_ptr<X509, OpenSslFree>(
        bio ? PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr) : nullptr);
}

std::unique_ptr<EVP_PKEY, OpenSslFree> privateKey(const QByteArray &pem)
{
    std::unique_ptr<BIO, OpenSslFree> bio(BIO_new_mem_buf(pem.constData(), int(pem.size())));
    return std::unique_ptr<EVP_PKEY, OpenSslFree>(
        bio ? PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr) : nullptr);
}

bool isCritical(X509 *certificate, int nid)
{
    const int index = X509_get_ext_by_NID(certificate, nid, -1);
    return index >= 0 && X509_EXTENSION_get_critical(X509_get_ext(certificate, index)) == 1;
}

QByteArray octets(const ASN1_OCTET_STRING *s)
{
    return s ? QByteArray(reinterpret_cast<const char *>(ASN1_STRING_get0_data(s)),
                          ASN1_STRING_length(s))
             : QByteArray();
}

// Permissions without the "User" flags, which on Unix repeat the owner's for the owner.
QFile::Permissions modeOf(const QString &path)
{
    return QFile::permissions(path) & ~(QFile::ReadUser | QFile::WriteUser | QFile::ExeUser);
}

constexpr QFile::Permissions kMode0600 = QFile::ReadOwner | QFile::WriteOwner;
constexpr QFile::Permissions kMode0644 = kMode0600 | QFile::ReadGroup | QFile::ReadOther;
constexpr QFile::Permissions kMode0700 = kMode0600 | QFile::ExeOwner;

// A TLS server on 127.0.0.1 that presents `identity` to every client and asks for no client
// certificate.
class TlsServer : public QTcpServer
{
public:
    explicit TlsServer(const TlsIdentity &identity)
        : m_identity(identity)
    {}
    QSslSocket *socket() const { return m_socket; }

protected:
    void incomingConnection(qintptr descriptor) override
    {
        auto *socket = new QSslSocket(this);
        if (!socket->setSocketDescriptor(descriptor)) {
            delete socket;
            return;
        }
        socket->setLocalCertificate(m_identity.certificate);
        socket->setPrivateKey(m_identity.key);
        socket->setPeerVerifyMode(QSslSocket::VerifyNone);
        m_socket = socket;
        addPendingConnection(socket);
        socket->startServerEncryption();
    }

private:
    TlsIdentity m_identity;
    QPointer<QSslSocket> m_socket;
};

struct Handshake
{
    bool encrypted = false;
    QList<QSslError::SslError> errors;
};

} // namespace

class tst_CertificateMint : public QObject
{
    Q_OBJECT

    static TlsIdentity mintOrFail(const CertificateMint::Options &options)
    {
        QString error;
        const std::optional<TlsIdentity> identity = CertificateMint::mint(options, &error);
        if (!identity)
            qFatal("cannot mint: %s", qPrintable(error));
        return *identity;
    }

    static TlsIdentity makeCa()
    {
        CertificateMint::Options options;
        options.commonName = QStringLiteral("msim test CA");
        options.dnsNames = {};
        options.ipAddresses = {};
        options.isCa = true;
        return mintOrFail(options);
    }

    // A client on this test's event loop that trusts `trusted` (the system CAs when empty) and
    // verifies the name "localhost", against a TlsServer presenting `identity`.
    static void handshake(const TlsIdentity &identity, const QList<QSslCertificate> &trusted,
                          Handshake *result)
    {
        TlsServer server(identity);
        QVERIFY(server.listen(QHostAddress::LocalHost, 0));
        QSslSocket client;
        QSslConfiguration config = QSslConfiguration::defaultConfiguration();
        if (!trusted.isEmpty())
            config.setCaCertificates(trusted);
        config.setPeerVerifyMode(QSslSocket::VerifyPeer);
        client.setSslConfiguration(config);
        bool sawErrors = false;
        connect(&client, &QSslSocket::sslErrors, &client, [&](const QList<QSslError> &errors) {
            sawErrors = true;
            for (const QSslError &e : errors)
                result->errors.append(e.error());
        });
        QSignalSpy encrypted(&client, &QSslSocket::encrypted);
        client.connectToHostEncrypted(QStringLiteral("127.0.0.1"), server.serverPort(),
                                      QStringLiteral("localhost"));
        QTRY_VERIFY_WITH_TIMEOUT(encrypted.count() > 0 || sawErrors, 20000);
        result->encrypted = encrypted.count() > 0;
        if (result->encrypted)
            QTRY_VERIFY_WITH_TIMEOUT(server.socket() && server.socket()->isEncrypted(), 20000);
    }

    static void writeIdentity(const QString &dir, const TlsIdentity &identity)
    {
        QFile cert(QDir(dir).filePath(CertificateMint::kCertificateFile));
        QVERIFY(cert.open(QIODevice::WriteOnly | QIODevice::Truncate));
        QCOMPARE(cert.write(identity.certificatePem), identity.certificatePem.size());
        QFile key(QDir(dir).filePath(CertificateMint::kKeyFile));
        QVERIFY(key.open(QIODevice::WriteOnly | QIODevice::Truncate));
        QCOMPARE(key.write(identity.keyPem), identity.keyPem.size());
    }

private Q_SLOTS:
    void defaults()
    {
        const QDateTime before = QDateTime::currentDateTimeUtc();
        const TlsIdentity id = mintOrFail({});
        QVERIFY(!id.isNull());
        const QSslCertificate &cert = id.certificate;

        QCOMPARE(cert.subjectInfo(QSslCertificate::CommonName),
                 QStringList{QStringLiteral("localhost")});
        QCOMPARE(cert.subjectInfo(QSslCertificate::Organization),
                 QStringList{QStringLiteral("msim built-in IMAP server")});
        QCOMPARE(cert.issuerInfo(QSslCertificate::CommonName),
                 QStringList{QStringLiteral("localhost")});
        QCOMPARE(cert.version(), QByteArray("3"));

        const auto names = cert.subjectAlternativeNames();
        QCOMPARE(names.size(), 2);
        QCOMPARE(names.values(QSsl::DnsEntry), QStringList{QStringLiteral("localhost")});
        QCOMPARE(names.values(QSsl::IpAddressEntry), QStringList{QStringLiteral("127.0.0.1")});

        // notBefore = now - 1 hour (whole seconds), notAfter 10 years later.
        const QDateTime after = QDateTime::currentDateTimeUtc();
        QVERIFY(cert.effectiveDate() >= before.addSecs(-3600 - 1));
        QVERIFY(cert.effectiveDate() <= after.addSecs(-3600));
        QCOMPARE(cert.expiryDate(), cert.effectiveDate().addYears(10));

        QCOMPARE(id.key.algorithm(), QSsl::Ec);
        QCOMPARE(id.key.type(), QSsl::PrivateKey);
        QCOMPARE(id.key.length(), 256);
        QCOMPARE(cert.publicKey().algorithm(), QSsl::Ec);
        QVERIFY(id.certificatePem.startsWith("-----BEGIN CERTIFICATE-----\n"));
        QVERIFY(id.keyPem.startsWith("-----BEGIN PRIVATE KEY-----\n"));

        // 128-bit serials, random.
        QCOMPARE(cert.serialNumber().split(':').size(), 16);
        QVERIFY(mintOrFail({}).certificate.serialNumber() != cert.serialNumber());
    }

    void fingerprint()
    {
        const TlsIdentity id = mintOrFail({});
        QCOMPARE(id.sha256().size(), 32);
        QCOMPARE(id.sha256(), id.certificate.digest(QCryptographicHash::Sha256));
        QCOMPARE(id.sha256(),
                 QCryptographicHash::hash(id.certificate.toDer(), QCryptographicHash::Sha256));
        QVERIFY(mintOrFail({}).sha256() != id.sha256());
        QVERIFY(TlsIdentity{}.sha256().isEmpty());
        QVERIFY(TlsIdentity{}.isNull());
    }

    void keyMatchesCertificate()
    {
        const TlsIdentity id = mintOrFail({});
        const auto cert = x509(id.certificatePem);
        QVERIFY(cert);
        // The PEM and the Qt objects hold the same certificate and key.
        QCOMPARE(QSslCertificate(id.certificatePem), id.certificate);
        QCOMPARE(id.key.toPem(), QSslKey(id.keyPem, QSsl::Ec).toPem());
        for (const QByteArray &keyPem : {id.keyPem, id.key.toPem()}) {
            const auto key = privateKey(keyPem);
            QVERIFY(key);
            QCOMPARE(X509_check_private_key(cert.get(), key.get()), 1);
        }
        const auto otherKey = privateKey(mintOrFail({}).keyPem);
        QCOMPARE(X509_check_private_key(cert.get(), otherKey.get()), 0);
    }

    void leafExtensions()
    {
        const TlsIdentity id = mintOrFail({});
        const auto cert = x509(id.certificatePem);
        QVERIFY(cert);
        QCOMPARE(X509_get_signature_nid(cert.get()), NID_ecdsa_with_SHA256);
        QCOMPARE(X509_check_ca(cert.get()), 0);
        QVERIFY(isCritical(cert.get(), NID_basic_constraints));
        QVERIFY(X509_get_extension_flags(cert.get()) & EXFLAG_BCONS);
        QCOMPARE(X509_get_key_usage(cert.get()),
                 quint32(KU_DIGITAL_SIGNATURE | KU_KEY_ENCIPHERMENT));
        QCOMPARE(X509_get_extended_key_usage(cert.get()), quint32(XKU_SSL_SERVER));
        QCOMPARE(octets(X509_get0_subject_key_id(cert.get())).size(), 20);
        // Self-signed: issuer == subject, signed by its own key, no authorityKeyIdentifier.
        // (QSslCertificate::isSelfSigned() says false: it asks X509_check_issued, which wants
        // keyCertSign, a bit RFC 5280 §4.2.1.9 allows only with CA:TRUE. OpenSSL's verification
        // still reports SelfSignedCertificate; see handshakeErrors.)
        QCOMPARE(X509_NAME_cmp(X509_get_issuer_name(cert.get()), X509_get_subject_name(cert.get())),
                 0);
        QCOMPARE(X509_verify(cert.get(), X509_get0_pubkey(cert.get())), 1);
        QVERIFY(!X509_get0_authority_key_id(cert.get()));
        QVERIFY(!isCritical(cert.get(), NID_subject_alt_name));
    }

    void caAndIssuedLeaf()
    {
        const TlsIdentity ca = makeCa();
        const auto caCert = x509(ca.certificatePem);
        QVERIFY(caCert);
        QCOMPARE(X509_check_ca(caCert.get()), 1);
        QVERIFY(isCritical(caCert.get(), NID_basic_constraints));
        QCOMPARE(X509_get_key_usage(caCert.get()), quint32(KU_KEY_CERT_SIGN | KU_CRL_SIGN));
        QVERIFY(!(X509_get_extension_flags(caCert.get()) & EXFLAG_XKUSAGE));
        QVERIFY(ca.certificate.isSelfSigned());
        QVERIFY(ca.certificate.subjectAlternativeNames().isEmpty());

        CertificateMint::Options options;
        options.issuer = &ca;
        const TlsIdentity leaf = mintOrFail(options);
        const auto leafCert = x509(leaf.certificatePem);
        QVERIFY(leafCert);
        QCOMPARE(leaf.certificate.issuerDisplayName(), QStringLiteral("msim test CA"));
        QCOMPARE(leaf.certificate.issuerInfo(QSslCertificate::Organization),
                 ca.certificate.subjectInfo(QSslCertificate::Organization));
        QCOMPARE(X509_NAME_cmp(X509_get_issuer_name(leafCert.get()),
                               X509_get_subject_name(caCert.get())),
                 0);
        QCOMPARE(X509_check_issued(caCert.get(), leafCert.get()), X509_V_OK);
        const auto caKey = privateKey(ca.keyPem);
        QCOMPARE(X509_verify(leafCert.get(), caKey.get()), 1);
        QCOMPARE(octets(X509_get0_authority_key_id(leafCert.get())),
                 octets(X509_get0_subject_key_id(caCert.get())));
        QVERIFY(!leaf.certificate.isSelfSigned());
        // The leaf has its own key, not the CA's.
        QVERIFY(leaf.keyPem != ca.keyPem);
        QCOMPARE(X509_check_private_key(leafCert.get(), privateKey(leaf.keyPem).get()), 1);
    }

    void chosenNames()
    {
        CertificateMint::Options options;
        options.commonName = QStringLiteral("imap.example.test");
        options.organization = QStringLiteral("Ünïcode Org");
        options.dnsNames = {QStringLiteral("imap.example.test"), QStringLiteral("*.example.test"),
                            QStringLiteral("bücher.example")};
        options.ipAddresses = {QStringLiteral("192.0.2.7"), QStringLiteral("::1")};
        const TlsIdentity id = mintOrFail(options);
        const auto names = id.certificate.subjectAlternativeNames();
        QStringList dns = names.values(QSsl::DnsEntry);
        dns.sort();
        QCOMPARE(dns,
                 (QStringList{QStringLiteral("*.example.test"), QStringLiteral("imap.example.test"),
                              QStringLiteral("xn--bcher-kva.example")}));
        QList<QHostAddress> ips;
        for (const QString &ip : names.values(QSsl::IpAddressEntry))
            ips.append(QHostAddress(ip));
        QCOMPARE(ips.size(), 2);
        QVERIFY(ips.contains(QHostAddress(QStringLiteral("192.0.2.7"))));
        QVERIFY(ips.contains(QHostAddress::LocalHostIPv6));
        QCOMPARE(id.certificate.subjectInfo(QSslCertificate::Organization),
                 QStringList{QStringLiteral("Ünïcode Org")});
        QCOMPARE(id.certificate.subjectInfo(QSslCertificate::CommonName),
                 QStringList{QStringLiteral("imap.example.test")});
    }

    void nameOnlyInSubjectAltName()
    {
        // Without any subject name the SAN carries the identity and must be critical.
        CertificateMint::Options options;
        options.commonName.clear();
        options.organization.clear();
        const TlsIdentity id = mintOrFail(options);
        QVERIFY(id.certificate.subjectInfo(QSslCertificate::CommonName).isEmpty());
        const auto cert = x509(id.certificatePem);
        QVERIFY(isCritical(cert.get(), NID_subject_alt_name));
    }

    void chosenValidity_data()
    {
        QTest::addColumn<QDateTime>("notBefore");
        QTest::addColumn<QDateTime>("notAfter");
        QTest::addColumn<QDateTime>("expectedNotBefore");
        const QDateTime now = QDateTime::currentDateTimeUtc();
        const QDateTime yesterday =
            QDateTime::fromSecsSinceEpoch(now.addDays(-1).toSecsSinceEpoch(), Qt::UTC);
        const QDateTime lastYear =
            QDateTime::fromSecsSinceEpoch(now.addYears(-1).toSecsSinceEpoch(), Qt::UTC);
        const QDateTime utc2020(QDate(2020, 1, 1), QTime(0, 0), Qt::UTC);
        const QDateTime utc2060(QDate(2060, 6, 30), QTime(12, 34, 56), Qt::UTC);
        QTest::newRow("expired, both dates") << lastYear << yesterday << lastYear;
        QTest::newRow("expired, notAfter only")
            << QDateTime() << yesterday << yesterday.addYears(-10);
        QTest::newRow("past 2049 (GeneralizedTime)") << utc2020 << utc2060 << utc2020;
        QTest::newRow("not yet valid") << utc2060.addYears(-1) << utc2060 << utc2060.addYears(-1);
    }

    void chosenValidity()
    {
        QFETCH(QDateTime, notBefore);
        QFETCH(QDateTime, notAfter);
        QFETCH(QDateTime, expectedNotBefore);
        CertificateMint::Options options;
        options.notBefore = notBefore;
        options.notAfter = notAfter;
        const TlsIdentity id = mintOrFail(options);
        QCOMPARE(id.certificate.effectiveDate(), expectedNotBefore);
        QCOMPARE(id.certificate.expiryDate(), notAfter);
    }

    void defaultNotAfterFollowsNotBefore()
    {
        CertificateMint::Options options;
        options.notBefore = QDateTime(QDate(2021, 3, 4), QTime(5, 6, 7), Qt::UTC);
        const TlsIdentity id = mintOrFail(options);
        QCOMPARE(id.certificate.effectiveDate(), options.notBefore);
        QCOMPARE(id.certificate.expiryDate(), options.notBefore.addYears(10));
    }

    void badOptions_data()
    {
        QTest::addColumn<int>("row");
        QTest::addColumn<QString>("errorPart");
        QTest::newRow("notAfter before notBefore") << 0 << QStringLiteral("notAfter");
        QTest::newRow("notAfter equals notBefore") << 1 << QStringLiteral("notAfter");
        QTest::newRow("bad IP address") << 2 << QStringLiteral("999.1.1.1");
        QTest::newRow("empty DNS name") << 3 << QStringLiteral("DNS name");
        QTest::newRow("no name at all") << 4 << QStringLiteral("needs");
        QTest::newRow("null issuer") << 5 << QStringLiteral("issuer");
        QTest::newRow("issuer key mismatch") << 6 << QStringLiteral("issuer");
        QTest::newRow("common name over 64") << 7 << QStringLiteral("common name");
    }

    void badOptions()
    {
        QFETCH(int, row);
        QFETCH(QString, errorPart);
        const TlsIdentity nullIssuer;
        TlsIdentity mismatched = makeCa();
        mismatched.keyPem = mintOrFail({}).keyPem;
        CertificateMint::Options options;
        const QDateTime t(QDate(2022, 1, 1), QTime(0, 0), Qt::UTC);
        switch (row) {
        case 0:
            options.notBefore = t;
            options.notAfter = t.addSecs(-1);
            break;
        case 1:
            options.notBefore = t;
            options.notAfter = t;
            break;
        case 2:
            options.ipAddresses = {QStringLiteral("999.1.1.1")};
            break;
        case 3:
            options.dnsNames = {QString()};
            break;
        case 4:
            options = {};
            options.commonName.clear();
            options.organization.clear();
            options.dnsNames.clear();
            options.ipAddresses.clear();
            break;
        case 5:
            options.issuer = &nullIssuer;
            break;
        case 6:
            options.issuer = &mismatched;
            break;
        case 7:
            options.commonName = QString(65, QLatin1Char('a'));
            break;
        }
        QString error;
        QVERIFY(!CertificateMint::mint(options, &error));
        QVERIFY2(error.contains(errorPart), qPrintable(error));
        // A null error pointer is allowed.
        QVERIFY(!CertificateMint::mint(options, nullptr));
    }

    // Real handshakes: what a client verifying "localhost" sees.
    void handshakeWithTrustedCa()
    {
        const TlsIdentity ca = makeCa();
        CertificateMint::Options options;
        options.issuer = &ca;
        Handshake result;
        handshake(mintOrFail(options), {ca.certificate}, &result);
        if (QTest::currentTestFailed())
            return;
        QCOMPARE(result.errors, QList<QSslError::SslError>{});
        QVERIFY(result.encrypted);
    }

    void handshakeErrors_data()
    {
        QTest::addColumn<int>("row");
        QTest::addColumn<QSslError::SslError>("expected");
        QTest::newRow("wrong host name") << 0 << QSslError::HostNameMismatch;
        QTest::newRow("expired") << 1 << QSslError::CertificateExpired;
        QTest::newRow("not yet valid") << 2 << QSslError::CertificateNotYetValid;
        QTest::newRow("untrusted self-signed") << 3 << QSslError::SelfSignedCertificate;
    }

    void handshakeErrors()
    {
        QFETCH(int, row);
        QFETCH(QSslError::SslError, expected);
        const TlsIdentity ca = makeCa();
        CertificateMint::Options options;
        options.issuer = &ca;
        QList<QSslCertificate> trusted{ca.certificate};
        const QDateTime now = QDateTime::currentDateTimeUtc();
        switch (row) {
        case 0:
            options.commonName = QStringLiteral("other.invalid");
            options.dnsNames = {QStringLiteral("other.invalid")};
            options.ipAddresses = {};
            break;
        case 1:
            options.notBefore = now.addDays(-30);
            options.notAfter = now.addDays(-1);
            break;
        case 2:
            options.notBefore = now.addDays(1);
            options.notAfter = now.addDays(30);
            break;
        case 3:
            options.issuer = nullptr;
            trusted.clear(); // the system CAs only
            break;
        }
        Handshake result;
        handshake(mintOrFail(options), trusted, &result);
        if (QTest::currentTestFailed())
            return;
        QVERIFY(!result.encrypted);
        QStringList seen;
        for (const QSslError::SslError e : result.errors)
            seen.append(
                QString::fromLatin1(QMetaEnum::fromType<QSslError::SslError>().valueToKey(int(e))));
        const QString errors = seen.join(QLatin1Char(','));
        QVERIFY2(result.errors.contains(expected), qPrintable(errors));
        // With the test CA trusted, the one property chosen is the only error.
        if (row != 3)
            QCOMPARE(result.errors.size(), 1);
    }

    void selfSignedServerIdentityTrustedAsCaFile()
    {
        // `--ca-file server-cert.pem`: the built-in server's own certificate as the trust anchor.
        const TlsIdentity id = mintOrFail({});
        Handshake result;
        handshake(id, {id.certificate}, &result);
        if (QTest::currentTestFailed())
            return;
        QCOMPARE(result.errors, QList<QSslError::SslError>{});
        QVERIFY(result.encrypted);
    }

    // The server identity on disk.
    void loadOrCreateCreatesThenReuses()
    {
        QTemporaryDir tmp;
        QVERIFY(tmp.isValid());
        const QString dir = tmp.filePath(QStringLiteral("data/msim/tls"));
        QString error;
        bool created = false;
        const auto first = CertificateMint::loadOrCreate(dir, &error, &created);
        QVERIFY2(first, qPrintable(error));
        QVERIFY(created);
        QVERIFY(!first->isNull());
        const QString certPath = QDir(dir).filePath(QStringLiteral("server-cert.pem"));
        const QString keyPath = QDir(dir).filePath(QStringLiteral("server-key.pem"));
        QVERIFY(QFile::exists(certPath));
        QVERIFY(QFile::exists(keyPath));
        QCOMPARE(modeOf(dir), kMode0700);
        QCOMPARE(modeOf(keyPath), kMode0600);
        QCOMPARE(modeOf(certPath), kMode0644);
        QFile certFile(certPath);
        QVERIFY(certFile.open(QIODevice::ReadOnly));
        QCOMPARE(certFile.readAll(), first->certificatePem);
        QFile keyFile(keyPath);
        QVERIFY(keyFile.open(QIODevice::ReadOnly));
        QCOMPARE(keyFile.readAll(), first->keyPem);
        // Default options: a self-signed localhost leaf.
        QCOMPARE(first->certificate.subjectAlternativeNames().values(QSsl::DnsEntry),
                 QStringList{QStringLiteral("localhost")});

        created = true;
        const auto second = CertificateMint::loadOrCreate(dir, &error, &created);
        QVERIFY2(second, qPrintable(error));
        QVERIFY(!created);
        QCOMPARE(second->sha256(), first->sha256());
        QCOMPARE(second->certificatePem, first->certificatePem);
        QCOMPARE(second->key, first->key);
        QVERIFY(!second->isNull());
        // `created` is optional.
        QCOMPARE(CertificateMint::loadOrCreate(dir, &error)->sha256(), first->sha256());
    }

    void loadOrCreateReplacesUnusableFiles_data()
    {
        QTest::addColumn<int>("row");
        QTest::newRow("corrupted key") << 0;
        QTest::newRow("corrupted certificate") << 1;
        QTest::newRow("expired certificate") << 2;
        QTest::newRow("expires within a day") << 3;
        QTest::newRow("not yet valid") << 4;
        QTest::newRow("key of another certificate") << 5;
        QTest::newRow("key missing") << 6;
        QTest::newRow("certificate missing") << 7;
        QTest::newRow("empty files") << 8;
    }

    void loadOrCreateReplacesUnusableFiles()
    {
        QFETCH(int, row);
        QTemporaryDir tmp;
        QVERIFY(tmp.isValid());
        const QString dir = tmp.filePath(QStringLiteral("tls"));
        const QString certPath = QDir(dir).filePath(QStringLiteral("server-cert.pem"));
        const QString keyPath = QDir(dir).filePath(QStringLiteral("server-key.pem"));
        QString error;
        const auto original = CertificateMint::loadOrCreate(dir, &error);
        QVERIFY2(original, qPrintable(error));

        const QDateTime now = QDateTime::currentDateTimeUtc();
        CertificateMint::Options options;
        switch (row) {
        case 0:
        case 1: {
            QFile file(row == 0 ? keyPath : certPath);
            QVERIFY(file.open(QIODevice::ReadWrite));
            QByteArray pem = file.readAll();
            pem[pem.size() / 2] = '!';
            QVERIFY(file.seek(0));
            QCOMPARE(file.write(pem), pem.size());
            break;
        }
        case 2:
            options.notAfter = now.addSecs(-60);
            writeIdentity(dir, mintOrFail(options));
            break;
        case 3:
            options.notAfter = now.addSecs(12 * 3600);
            writeIdentity(dir, mintOrFail(options));
            break;
        case 4:
            options.notBefore = now.addSecs(3600);
            writeIdentity(dir, mintOrFail(options));
            break;
        case 5: {
            TlsIdentity mixed = *original;
            mixed.keyPem = mintOrFail({}).keyPem;
            writeIdentity(dir, mixed);
            break;
        }
        case 6:
            QVERIFY(QFile::remove(keyPath));
            break;
        case 7:
            QVERIFY(QFile::remove(certPath));
            break;
        case 8:
            writeIdentity(dir, TlsIdentity{});
            break;
        }
        if (QTest::currentTestFailed())
            return;

        bool created = false;
        const auto replaced = CertificateMint::loadOrCreate(dir, &error, &created);
        QVERIFY2(replaced, qPrintable(error));
        QVERIFY(created);
        QVERIFY(!replaced->isNull());
        QVERIFY(replaced->sha256() != original->sha256());
        QVERIFY(replaced->certificate.expiryDate() > now.addYears(9));
        QCOMPARE(modeOf(keyPath), kMode0600);
        QCOMPARE(modeOf(certPath), kMode0644);

        // The replacement is what the next start reads.
        const auto reread = CertificateMint::loadOrCreate(dir, &error, &created);
        QVERIFY2(reread, qPrintable(error));
        QVERIFY(!created);
        QCOMPARE(reread->sha256(), replaced->sha256());
    }

    void loadOrCreateKeepsAUsersOwnIdentity()
    {
        // A valid pair the user put there (here issued by a CA) is served as it is.
        QTemporaryDir tmp;
        QVERIFY(tmp.isValid());
        const TlsIdentity ca = makeCa();
        CertificateMint::Options options;
        options.issuer = &ca;
        const TlsIdentity own = mintOrFail(options);
        writeIdentity(tmp.path(), own);
        QString error;
        bool created = true;
        const auto loaded = CertificateMint::loadOrCreate(tmp.path(), &error, &created);
        QVERIFY2(loaded, qPrintable(error));
        QVERIFY(!created);
        QCOMPARE(loaded->sha256(), own.sha256());
        QCOMPARE(loaded->key, own.key);
    }

    void loadOrCreateFailures()
    {
        QTemporaryDir tmp;
        QVERIFY(tmp.isValid());
        QFile plain(tmp.filePath(QStringLiteral("plain-file")));
        QVERIFY(plain.open(QIODevice::WriteOnly));
        plain.close();

        for (const QString &dir :
             {QString(), plain.fileName(), QString(plain.fileName() + QStringLiteral("/tls"))}) {
            QString error;
            bool created = true;
            QVERIFY(!CertificateMint::loadOrCreate(dir, &error, &created));
            QVERIFY(!created);
            QVERIFY2(!error.isEmpty(), qPrintable(dir));
        }
    }

    void loadOrCreateReadOnlyFolder()
    {
        QTemporaryDir tmp;
        QVERIFY(tmp.isValid());
        const QString dir = tmp.filePath(QStringLiteral("read-only"));
        QString error;
        const auto stored = CertificateMint::loadOrCreate(dir, &error);
        QVERIFY2(stored, qPrintable(error));
        QVERIFY(QFile::setPermissions(dir, QFile::ReadOwner | QFile::ExeOwner));

        // A usable identity is served from a folder that cannot be written to.
        bool created = true;
        const auto loaded = CertificateMint::loadOrCreate(dir, &error, &created);
        QVERIFY2(loaded, qPrintable(error));
        QVERIFY(!created);
        QCOMPARE(loaded->sha256(), stored->sha256());

        // An unusable one cannot be replaced there (root can write anyway).
        QVERIFY(QFile::setPermissions(dir, kMode0700));
        QVERIFY(QFile::remove(QDir(dir).filePath(CertificateMint::kKeyFile)));
        QVERIFY(QFile::setPermissions(dir, QFile::ReadOwner | QFile::ExeOwner));
        QFile probe(QDir(dir).filePath(QStringLiteral("probe")));
        const bool writable = probe.open(QIODevice::WriteOnly);
        if (writable)
            probe.remove();
        if (!writable) {
            QVERIFY(!CertificateMint::loadOrCreate(dir, &error, &created));
            QVERIFY(!created);
            QVERIFY2(error.contains(dir), qPrintable(error));
        }
        QVERIFY(QFile::setPermissions(dir, kMode0700));
        if (writable)
            QSKIP("running as root: a read-only folder is writable");
    }

    void defaultDirectory()
    {
        const QString dir = CertificateMint::defaultDirectory();
        QCOMPARE(dir, QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) +
                          QStringLiteral("/tls"));
    }
};

QTEST_GUILESS_MAIN(tst_CertificateMint)
#include "tst_certificatemint.moc"
