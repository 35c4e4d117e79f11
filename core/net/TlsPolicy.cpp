// SPDX-License-Identifier: MIT
#include "net/TlsPolicy.h"

#include <QCryptographicHash>

#include <algorithm>
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

QByteArray TlsPolicy::fingerprint(const QSslCertificate &cert)
{
    return cert.isNull() ? QByteArray() : cert.digest(QCryptographicHash::Sha256);
}

bool TlsPolicy::pinned(const QSslCertificate &cert) const
{
    return pinned(fingerprint(cert));
}

TlsPolicy::Decision TlsPolicy::evaluate(const QList<Problem> &problems,
                                        const QByteArray &peerSha256) const
{
    Decision d;
    for (const Problem &p : problems)
        d.reasons << p.reason;
    if (problems.isEmpty()) {
        d.accept = true;
        return d;
    }
    if (pinned(peerSha256)) {
        d.accept = true;
        d.overridden = d.reasons;
        return d;
    }
    d.failure = Failure::Other;
    for (Failure f : {Failure::UntrustedIssuer, Failure::Expired, Failure::NotYetValid,
                      Failure::HostNameMismatch}) {
        if (std::any_of(problems.begin(), problems.end(),
                        [f](const Problem &p) { return p.failure == f; })) {
            d.failure = f;
            break;
        }
    }
    return d;
}

} // namespace msim::net
