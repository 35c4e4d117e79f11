// SPDX-License-Identifier: MIT
#include "emulator/CertificateMint.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLockFile>
#include <QSaveFile>
#include <QStandardPaths>
#include <QUrl>

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <ctime>
#include <memory>

namespace msim::emulator {

namespace {

// A PEM certificate or key of this server is well under 4 KiB, and a user's own certificate with
// its chain well under 64 KiB; a larger file in the folder is not an identity, and reading it
// whole would only waste memory.
constexpr qint64 kMaxPemSize = 64 * 1024;
// A stored certificate is reused only while it stays valid at least this long, so that a server
// started now does not begin serving an expired certificate during a long run.
constexpr qint64 kMinRemainingValiditySecs = 24 * 60 * 60;
// The default notBefore lies this far in the past, for clients whose clock is a little behind.
constexpr qint64 kDefaultBackdateSecs = 60 * 60;
constexpr int kDefaultLifetimeYears = 10;
// 128-bit serial numbers (RFC 5280 §4.1.2.2 allows up to 20 octets).
constexpr int kSerialOctets = 16;
// Another process minting the identity at the same moment is done in well under a second.
constexpr int kLockTimeoutMs = 30 * 1000;

// Frees any OpenSSL object this file allocates; one overload per type.
struct OpenSslFree
{
    void operator()(EVP_PKEY *p) const { EVP_PKEY_free(p); }
    void operator()(X509 *p) const { X509_free(p); }
    void operator()(X509_EXTENSION *p) const { X509_EXTENSION_free(p); }
    void operator()(BIO *p) const { BIO_free_all(p); }
    void operator()(BIGNUM *p) const { BN_free(p); }
    void operator()(ASN1_STRING *p) const { ASN1_STRING_free(p); } // also IA5 and OCTET strings
    void operator()(GENERAL_NAME *p) const { GENERAL_NAME_free(p); }
    void operator()(GENERAL_NAMES *p) const { GENERAL_NAMES_free(p); }
};
template<typename T>
using OpenSslPtr = std::unique_ptr<T, OpenSslFree>;

// Drains OpenSSL's (per-thread) error queue into one line.
QString takeOpenSslErrors()
{
    QStringList parts;
    while (const unsigned long code = ERR_get_error()) {
        char text[256];
        ERR_error_string_n(code, text, sizeof text);
        parts.append(QString::fromLatin1(text));
    }
    if (parts.isEmpty())
        return QStringLiteral("no OpenSSL error reported");
    return parts.join(QStringLiteral("; "));
}

std::nullopt_t fail(QString *error, const QString &message)
{
    if (error)
        *error = message;
    ERR_clear_error();
    return std::nullopt;
}

std::nullopt_t failOpenSsl(QString *error, const QString &what)
{
    const QString errors = takeOpenSslErrors();
    return fail(error, what + QStringLiteral(": ") + errors);
}

// Keys are never encrypted here; without this callback OpenSSL would prompt on the terminal.
int noPassphrase(char *, int, int, void *)
{
    return 0;
}

QString utcText(const QDateTime &time)
{
    return time.toUTC().toString(Qt::ISODate);
}

QByteArray memoryBioContents(BIO *bio)
{
    char *data = nullptr;
    const long size = BIO_get_mem_data(bio, &data);
    return size > 0 ? QByteArray(data, qsizetype(size)) : QByteArray();
}

OpenSslPtr<BIO> readOnlyBio(const QByteArray &pem)
{
    if (pem.isEmpty() || pem.size() > kMaxPemSize)
        return nullptr;
    return OpenSslPtr<BIO>(BIO_new_mem_buf(pem.constData(), int(pem.size())));
}

OpenSslPtr<X509> readCertificate(const QByteArray &pem)
{
    const OpenSslPtr<BIO> bio = readOnlyBio(pem);
    if (!bio)
        return nullptr;
    return OpenSslPtr<X509>(PEM_read_bio_X509(bio.get(), nullptr, noPassphrase, nullptr));
}

OpenSslPtr<EVP_PKEY> readPrivateKey(const QByteArray &pem)
{
    const OpenSslPtr<BIO> bio = readOnlyBio(pem);
    if (!bio)
        return nullptr;
    return OpenSslPtr<EVP_PKEY>(PEM_read_bio_PrivateKey(bio.get(), nullptr, noPassphrase, nullptr));
}

// The TlsIdentity of an OpenSSL certificate and key: canonical PEM and the Qt objects made from it.
std::optional<TlsIdentity> makeIdentity(X509 *certificate, EVP_PKEY *key, QString *error)
{
    QSsl::KeyAlgorithm algorithm = QSsl::Opaque;
    switch (EVP_PKEY_get_base_id(key)) {
    case EVP_PKEY_EC:
        algorithm = QSsl::Ec;
        break;
    case EVP_PKEY_RSA:
        algorithm = QSsl::Rsa;
        break;
    case EVP_PKEY_DSA:
        algorithm = QSsl::Dsa;
        break;
    default:
        return fail(error, QStringLiteral("unsupported private key type %1 (use EC or RSA)")
                               .arg(QString::fromLatin1(OBJ_nid2sn(EVP_PKEY_get_base_id(key)))));
    }

    TlsIdentity identity;
    const OpenSslPtr<BIO> certBio(BIO_new(BIO_s_mem()));
    if (!certBio || PEM_write_bio_X509(certBio.get(), certificate) != 1)
        return failOpenSsl(error, QStringLiteral("could not encode the certificate as PEM"));
    identity.certificatePem = memoryBioContents(certBio.get());

    const OpenSslPtr<BIO> keyBio(BIO_new(BIO_s_mem()));
    if (!keyBio ||
        PEM_write_bio_PrivateKey(keyBio.get(), key, nullptr, nullptr, 0, nullptr, nullptr) != 1)
        return failOpenSsl(error, QStringLiteral("could not encode the private key as PEM"));
    identity.keyPem = memoryBioContents(keyBio.get());

    identity.certificate = QSslCertificate(identity.certificatePem, QSsl::Pem);
    if (identity.certificate.isNull())
        return fail(error, QStringLiteral("Qt could not read the certificate (is Qt's OpenSSL TLS "
                                          "backend available?)"));
    identity.key = QSslKey(identity.keyPem, algorithm, QSsl::Pem, QSsl::PrivateKey);
    if (identity.key.isNull())
        return fail(error, QStringLiteral("Qt could not read the private key (is Qt's OpenSSL TLS "
                                          "backend available?)"));
    return identity;
}

// A DNS name as it goes into a SAN: ASCII as given (wildcards included), anything else in its
// IDNA (ACE) form.
QByteArray sanDnsName(const QString &name)
{
    bool ascii = true;
    for (const QChar c : name)
        ascii = ascii && c.unicode() > 0x20 && c.unicode() < 0x7f;
    return ascii ? name.toLatin1() : QUrl::toAce(name);
}

bool addDnsName(GENERAL_NAMES *names, const QByteArray &dns)
{
    OpenSslPtr<GENERAL_NAME> entry(GENERAL_NAME_new());
    OpenSslPtr<ASN1_STRING> value(ASN1_IA5STRING_new());
    if (!entry || !value || ASN1_STRING_set(value.get(), dns.constData(), int(dns.size())) != 1)
        return false;
    GENERAL_NAME_set0_value(entry.get(), GEN_DNS, value.release());
    if (sk_GENERAL_NAME_push(names, entry.get()) <= 0)
        return false;
    entry.release();
    return true;
}

bool addIpAddress(GENERAL_NAMES *names, OpenSslPtr<ASN1_STRING> address)
{
    OpenSslPtr<GENERAL_NAME> entry(GENERAL_NAME_new());
    if (!entry)
        return false;
    GENERAL_NAME_set0_value(entry.get(), GEN_IPADD, address.release());
    if (sk_GENERAL_NAME_push(names, entry.get()) <= 0)
        return false;
    entry.release();
    return true;
}

bool addExtension(X509 *certificate, X509V3_CTX *context, int nid, const char *value)
{
    const OpenSslPtr<X509_EXTENSION> extension(X509V3_EXT_conf_nid(nullptr, context, nid, value));
    return extension && X509_add_ext(certificate, extension.get(), -1) == 1;
}

bool setTime(ASN1_TIME *field, qint64 secondsSinceEpoch)
{
    return ASN1_TIME_set(field, std::time_t(secondsSinceEpoch)) != nullptr;
}

std::optional<QByteArray> readSmallFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly) || file.size() > kMaxPemSize)
        return std::nullopt;
    return file.read(kMaxPemSize + 1);
}

// The identity stored in `certPath` and `keyPath` when it can be served: both parse, the key
// matches the certificate, and the certificate is valid now and for at least another day.
std::optional<TlsIdentity> readStoredIdentity(const QString &certPath, const QString &keyPath)
{
    const std::optional<QByteArray> certPem = readSmallFile(certPath);
    const std::optional<QByteArray> keyPem = readSmallFile(keyPath);
    if (!certPem || !keyPem)
        return std::nullopt;
    const OpenSslPtr<X509> certificate = readCertificate(*certPem);
    const OpenSslPtr<EVP_PKEY> key = readPrivateKey(*keyPem);
    if (!certificate || !key || X509_check_private_key(certificate.get(), key.get()) != 1)
        return fail(nullptr, {});
    std::time_t now = std::time_t(QDateTime::currentSecsSinceEpoch());
    std::time_t later = now + std::time_t(kMinRemainingValiditySecs);
    // X509_cmp_time: -1 when the certificate's time is at or before the given one, 1 after it.
    if (X509_cmp_time(X509_get0_notBefore(certificate.get()), &now) != -1 ||
        X509_cmp_time(X509_get0_notAfter(certificate.get()), &later) != 1)
        return fail(nullptr, {});
    return makeIdentity(certificate.get(), key.get(), nullptr);
}

bool writeFileAtomically(const QString &path, const QByteArray &contents,
                         QFile::Permissions permissions, QString *error)
{
    QSaveFile file(path);
    // The permissions are set before the contents are written: the key never sits in a file
    // others may read, not even in the temporary one.
    if (!file.open(QIODevice::WriteOnly) || !file.setPermissions(permissions) ||
        file.write(contents) != contents.size() || !file.commit()) {
        if (error)
            *error = QStringLiteral("could not write %1: %2").arg(path, file.errorString());
        return false;
    }
    return true;
}

constexpr QFile::Permissions kOwnerOnlyFolder =
    QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner;
constexpr QFile::Permissions kOwnerOnlyFile = QFile::ReadOwner | QFile::WriteOwner;
constexpr QFile::Permissions kPublicFile =
    QFile::ReadOwner | QFile::WriteOwner | QFile::ReadGroup | QFile::ReadOther;

} // namespace

QByteArray TlsIdentity::sha256() const
{
    if (certificate.isNull())
        return {};
    return QCryptographicHash::hash(certificate.toDer(), QCryptographicHash::Sha256);
}

bool TlsIdentity::isNull() const
{
    return certificate.isNull() || key.isNull();
}

std::optional<TlsIdentity> CertificateMint::mint(const Options &options, QString *error)
{
    ERR_clear_error();

    // Validity. With only a notAfter before the default notBefore (an expired certificate), the
    // certificate was valid for the default lifetime up to that notAfter.
    QDateTime notBefore = options.notBefore;
    QDateTime notAfter = options.notAfter;
    if (!notBefore.isValid()) {
        notBefore = QDateTime::currentDateTimeUtc().addSecs(-kDefaultBackdateSecs);
        if (notAfter.isValid() && notAfter <= notBefore)
            notBefore = notAfter.addYears(-kDefaultLifetimeYears);
    }
    if (!notAfter.isValid())
        notAfter = notBefore.addYears(kDefaultLifetimeYears);
    const qint64 validFrom = notBefore.toSecsSinceEpoch();
    const qint64 validUntil = notAfter.toSecsSinceEpoch();
    if (validUntil <= validFrom)
        return fail(error, QStringLiteral("the certificate's notAfter (%1) is not later than its "
                                          "notBefore (%2)")
                               .arg(utcText(notAfter), utcText(notBefore)));

    // Subject alternative names, checked before any key is made.
    const OpenSslPtr<GENERAL_NAMES> altNames(sk_GENERAL_NAME_new_null());
    if (!altNames)
        return failOpenSsl(error, QStringLiteral("out of memory"));
    for (const QString &name : options.dnsNames) {
        const QByteArray dns = sanDnsName(name);
        if (dns.isEmpty())
            return fail(error, QStringLiteral("\"%1\" is not a valid DNS name").arg(name));
        if (!addDnsName(altNames.get(), dns))
            return failOpenSsl(error, QStringLiteral("could not add the DNS name %1").arg(name));
    }
    for (const QString &text : options.ipAddresses) {
        OpenSslPtr<ASN1_STRING> address(a2i_IPADDRESS(text.toLatin1().constData()));
        if (!address)
            return fail(error, QStringLiteral("\"%1\" is not an IP address").arg(text));
        if (!addIpAddress(altNames.get(), std::move(address)))
            return failOpenSsl(error, QStringLiteral("could not add the IP address %1").arg(text));
    }
    const bool hasAltNames = sk_GENERAL_NAME_num(altNames.get()) > 0;
    if (options.commonName.isEmpty() && options.organization.isEmpty() && !hasAltNames)
        return fail(error, QStringLiteral("a certificate needs a common name, an organization, a "
                                          "DNS name or an IP address"));

    // The issuer, when the certificate is not self-signed.
    OpenSslPtr<X509> issuerCertificate;
    OpenSslPtr<EVP_PKEY> issuerKey;
    if (options.issuer) {
        const TlsIdentity &issuer = *options.issuer;
        const QByteArray certPem =
            issuer.certificatePem.isEmpty() ? issuer.certificate.toPem() : issuer.certificatePem;
        const QByteArray keyPem = issuer.keyPem.isEmpty() ? issuer.key.toPem() : issuer.keyPem;
        if (certPem.isEmpty() || keyPem.isEmpty())
            return fail(error, QStringLiteral("the issuer has no certificate or no private key"));
        issuerCertificate = readCertificate(certPem);
        if (!issuerCertificate)
            return failOpenSsl(error, QStringLiteral("could not read the issuer's certificate"));
        issuerKey = readPrivateKey(keyPem);
        if (!issuerKey)
            return failOpenSsl(error, QStringLiteral("could not read the issuer's private key"));
        if (X509_check_private_key(issuerCertificate.get(), issuerKey.get()) != 1)
            return failOpenSsl(error, QStringLiteral("the issuer's private key does not match its "
                                                     "certificate"));
    }

    const OpenSslPtr<EVP_PKEY> key(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256"));
    if (!key)
        return failOpenSsl(error, QStringLiteral("could not generate an EC P-256 key"));

    const OpenSslPtr<X509> certificate(X509_new());
    if (!certificate || X509_set_version(certificate.get(), X509_VERSION_3) != 1)
        return failOpenSsl(error, QStringLiteral("could not create the certificate"));

    // A random 128-bit serial; the top bit set keeps it exactly 128 bits long (and never zero).
    unsigned char serial[kSerialOctets];
    if (RAND_bytes(serial, kSerialOctets) != 1)
        return failOpenSsl(error, QStringLiteral("could not make a random serial number"));
    serial[0] |= 0x80;
    const OpenSslPtr<BIGNUM> serialNumber(BN_bin2bn(serial, kSerialOctets, nullptr));
    if (!serialNumber ||
        !BN_to_ASN1_INTEGER(serialNumber.get(), X509_get_serialNumber(certificate.get())))
        return failOpenSsl(error, QStringLiteral("could not set the serial number"));

    if (!setTime(X509_getm_notBefore(certificate.get()), validFrom) ||
        !setTime(X509_getm_notAfter(certificate.get()), validUntil))
        return failOpenSsl(error, QStringLiteral("could not set the validity %1 to %2")
                                      .arg(utcText(notBefore), utcText(notAfter)));

    X509_NAME *subject = X509_get_subject_name(certificate.get());
    const QByteArray organization = options.organization.toUtf8();
    if (!organization.isEmpty() &&
        X509_NAME_add_entry_by_txt(
            subject, "O", MBSTRING_UTF8,
            reinterpret_cast<const unsigned char *>(organization.constData()),
            int(organization.size()), -1, 0) != 1)
        return failOpenSsl(
            error,
            QStringLiteral("could not set the organization \"%1\"").arg(options.organization));
    const QByteArray commonName = options.commonName.toUtf8();
    if (!commonName.isEmpty() &&
        X509_NAME_add_entry_by_txt(subject, "CN", MBSTRING_UTF8,
                                   reinterpret_cast<const unsigned char *>(commonName.constData()),
                                   int(commonName.size()), -1, 0) != 1)
        return failOpenSsl(
            error, QStringLiteral("could not set the common name \"%1\"").arg(options.commonName));
    X509_NAME *issuerName =
        issuerCertificate ? X509_get_subject_name(issuerCertificate.get()) : subject;
    if (X509_set_issuer_name(certificate.get(), issuerName) != 1 ||
        X509_set_pubkey(certificate.get(), key.get()) != 1)
        return failOpenSsl(error, QStringLiteral("could not set the issuer and the public key"));

    // Extensions (RFC 5280 §4.2). A name-less subject makes the SAN critical (§4.2.1.6).
    X509V3_CTX context;
    X509V3_set_ctx(&context, issuerCertificate ? issuerCertificate.get() : certificate.get(),
                   certificate.get(), nullptr, nullptr, 0);
    const bool extensionsAdded =
        addExtension(certificate.get(), &context, NID_basic_constraints,
                     options.isCa ? "critical,CA:TRUE" : "critical,CA:FALSE") &&
        addExtension(certificate.get(), &context, NID_key_usage,
                     options.isCa ? "critical,keyCertSign,cRLSign"
                                  : "critical,digitalSignature,keyEncipherment") &&
        (options.isCa ||
         addExtension(certificate.get(), &context, NID_ext_key_usage, "serverAuth")) &&
        (!hasAltNames ||
         X509_add1_ext_i2d(certificate.get(), NID_subject_alt_name, altNames.get(),
                           X509_NAME_entry_count(subject) == 0 ? 1 : 0, X509V3_ADD_DEFAULT) == 1) &&
        addExtension(certificate.get(), &context, NID_subject_key_identifier, "hash") &&
        (!issuerCertificate ||
         addExtension(certificate.get(), &context, NID_authority_key_identifier, "keyid:always"));
    if (!extensionsAdded)
        return failOpenSsl(error, QStringLiteral("could not add the X.509 v3 extensions"));

    EVP_PKEY *signingKey = issuerKey ? issuerKey.get() : key.get();
    if (X509_sign(certificate.get(), signingKey, EVP_sha256()) <= 0)
        return failOpenSsl(error, QStringLiteral("could not sign the certificate"));

    return makeIdentity(certificate.get(), key.get(), error);
}

std::optional<TlsIdentity> CertificateMint::loadOrCreate(const QString &dir, QString *error,
                                                         bool *created)
{
    if (created)
        *created = false;
    if (dir.isEmpty())
        return fail(error, QStringLiteral("no folder for the server's TLS identity (the platform "
                                          "has no writable data location)"));
    const QString path = QDir::cleanPath(QDir(dir).absolutePath());
    const QFileInfo info(path);
    if (info.exists() && !info.isDir())
        return fail(error, QStringLiteral("%1 is not a folder").arg(path));
    if (!info.exists()) {
        const QString parent = info.absolutePath();
        if (!QDir().mkpath(parent) || !QDir().mkdir(path, kOwnerOnlyFolder) ||
            !QFile::setPermissions(path, kOwnerOnlyFolder))
            return fail(error, QStringLiteral("could not create the folder %1").arg(path));
    }

    const QDir folder(path);
    const QString lockPath = folder.filePath(kLockFile);
    QLockFile lock(lockPath);
    const bool locked = lock.tryLock(kLockTimeoutMs);
    if (!locked && lock.error() == QLockFile::LockFailedError)
        return fail(error,
                    QStringLiteral("could not lock %1: another process holds it").arg(lockPath));

    // A usable identity in a folder that cannot be written to (no lock) is still served.
    const QString certPath = folder.filePath(kCertificateFile);
    const QString keyPath = folder.filePath(kKeyFile);
    ERR_clear_error();
    if (std::optional<TlsIdentity> stored = readStoredIdentity(certPath, keyPath))
        return stored;
    ERR_clear_error();
    if (!locked)
        return fail(
            error,
            QStringLiteral("could not create %1 (cannot write to the folder)").arg(lockPath));

    std::optional<TlsIdentity> identity = mint(Options{}, error);
    if (!identity)
        return std::nullopt;
    // The key first: if the certificate cannot be written, the pair on disk no longer matches and
    // the next start mints again.
    if (!writeFileAtomically(keyPath, identity->keyPem, kOwnerOnlyFile, error) ||
        !writeFileAtomically(certPath, identity->certificatePem, kPublicFile, error))
        return std::nullopt;
    if (created)
        *created = true;
    return identity;
}

QString CertificateMint::defaultDirectory()
{
    const QString base = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    if (base.isEmpty())
        return {};
    return base + QStringLiteral("/tls");
}

} // namespace msim::emulator
