// SPDX-License-Identifier: MIT
#include "net/TlsPolicy.h"

#include <QCryptographicHash>
#include <QFile>
#include <QSslCipher>
#include <QSslConfiguration>
#include <QSslSocket>

#include <cctype>

namespace msim::net {

std::optional<QByteArray> TlsPolicy::parsePin(QStringView text, QString *error)
{
    QString t = text.trimmed().toString();
    if (t.startsWith(QLatin1String("sha256:"), Qt::CaseInsensitive))
        t = t.mid(7);
    t.remove(QLatin1Char(':'));
    const QByteArray hex = t.toLatin1();
    bool ok = hex.size() == 64;
    for (char c : hex)
        ok = ok && std::isxdigit(static_cast<unsigned char>(c));
    if (!ok) {
        if (error)
            *error = QStringLiteral("a pin is sha256: followed by 64 hexadecimal digits (the "
                                    "SHA-256 of the certificate's DER), got '%1'")
                         .arg(text);
        return std::nullopt;
    }
    return QByteArray::fromHex(hex);
}

QString TlsPolicy::formatPin(const QByteArray &sha256)
{
    return QStringLiteral("sha256:") + QString::fromLatin1(sha256.toHex());
}

QString TlsPolicy::formatColons(const QByteArray &sha256)
{
    return QString::fromLatin1(sha256.toHex(':').toUpper());
}

QByteArray TlsPolicy::fingerprint(const QSslCertificate &cert)
{
    return cert.isNull() ? QByteArray() : cert.digest(QCryptographicHash::Sha256);
}

bool TlsPolicy::pinned(const QSslCertificate &cert) const
{
    const QByteArray fp = fingerprint(cert);
    return !fp.isEmpty() && pins.contains(fp);
}

bool TlsPolicy::configure(QSslConfiguration &cfg, QString *error) const
{
    cfg.setPeerVerifyMode(QSslSocket::VerifyPeer);
    if (legacy) {
        // Old servers (Exchange 5.5 era) speak TLS 1.0 and RSA key exchange; OpenSSL 3 refuses
        // them at the default security level, so both the protocol floor and the level drop.
        QT_WARNING_PUSH
        QT_WARNING_DISABLE_DEPRECATED
        cfg.setProtocol(QSsl::TlsV1_0OrLater);
        QT_WARNING_POP
        cfg.setCiphers(QSslConfiguration::supportedCiphers());
        cfg.setBackendConfigurationOption("MinProtocol", QByteArray("TLSv1"));
        cfg.setBackendConfigurationOption("CipherString", QByteArray("ALL:@SECLEVEL=0"));
    } else {
        cfg.setProtocol(QSsl::SecureProtocols);
    }
    if (!caFile.isEmpty()) {
        QFile f(caFile);
        if (!f.open(QIODevice::ReadOnly)) {
            if (error)
                *error = QStringLiteral("cannot read the CA file %1: %2").arg(caFile, f.errorString());
            return false;
        }
        const QList<QSslCertificate> extra = QSslCertificate::fromData(f.readAll(), QSsl::Pem);
        if (extra.isEmpty()) {
            if (error)
                *error = QStringLiteral("the CA file %1 holds no PEM certificate").arg(caFile);
            return false;
        }
        cfg.setCaCertificates(QSslConfiguration::systemCaCertificates() + extra);
    }
    return true;
}

QString TlsPolicy::describe(const QSslError &error)
{
    const QSslCertificate c = error.certificate();
    switch (error.error()) {
    case QSslError::SelfSignedCertificate:
        return QStringLiteral("the certificate is self-signed");
    case QSslError::SelfSignedCertificateInChain:
        return QStringLiteral("the chain ends in a self-signed certificate that is not trusted");
    case QSslError::UnableToGetLocalIssuerCertificate:
    case QSslError::UnableToGetIssuerCertificate:
    case QSslError::UnableToVerifyFirstCertificate:
        return QStringLiteral("the certificate's issuer is not a trusted CA");
    case QSslError::CertificateUntrusted:
    case QSslError::CertificateRejected:
        return QStringLiteral("the certificate is not trusted");
    case QSslError::HostNameMismatch:
        return QStringLiteral("the certificate does not name the server msim connected to");
    case QSslError::CertificateExpired:
        return QStringLiteral("the certificate expired on %1")
            .arg(c.isNull() ? QStringLiteral("?") : c.expiryDate().toString(Qt::ISODate));
    case QSslError::CertificateNotYetValid:
        return QStringLiteral("the certificate is not valid before %1")
            .arg(c.isNull() ? QStringLiteral("?") : c.effectiveDate().toString(Qt::ISODate));
    default:
        return error.errorString();
    }
}

TlsPolicy::Decision TlsPolicy::evaluate(const QList<QSslError> &errors,
                                        const QSslCertificate &peer) const
{
    Decision d;
    for (const QSslError &e : errors)
        d.reasons << describe(e);
    if (errors.isEmpty()) {
        d.accept = true;
        return d;
    }
    if (pinned(peer)) {
        d.accept = true;
        d.overridden = d.reasons;
        return d;
    }
    // The first reason in this order names the failure; all reasons go into the message.
    auto has = [&](std::initializer_list<QSslError::SslError> kinds) {
        for (const QSslError &e : errors)
            for (auto k : kinds)
                if (e.error() == k)
                    return true;
        return false;
    };
    if (has({QSslError::SelfSignedCertificate, QSslError::SelfSignedCertificateInChain,
             QSslError::UnableToGetLocalIssuerCertificate, QSslError::UnableToGetIssuerCertificate,
             QSslError::UnableToVerifyFirstCertificate, QSslError::CertificateUntrusted,
             QSslError::CertificateRejected}))
        d.failure = Failure::UntrustedIssuer;
    else if (has({QSslError::CertificateExpired}))
        d.failure = Failure::Expired;
    else if (has({QSslError::CertificateNotYetValid}))
        d.failure = Failure::NotYetValid;
    else if (has({QSslError::HostNameMismatch}))
        d.failure = Failure::HostNameMismatch;
    else
        d.failure = Failure::Other;
    return d;
}

} // namespace msim::net
