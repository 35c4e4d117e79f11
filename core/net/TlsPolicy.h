// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QList>
#include <QSslCertificate>
#include <QString>
#include <QStringList>

#include <optional>

namespace msim::net {

// What a client trusts when it speaks TLS (DESIGN.md §4): the system CAs, plus an optional CA
// file, plus per-server SHA-256 pins of the certificate's DER. A pin trusts exactly that
// certificate whatever its chain, name and dates; what it overrode is reported, never hidden.
// `legacy` opens TLS 1.0/1.1 and weak ciphers for 1990s servers and must be reported loudly.
class TlsPolicy
{
public:
    QString caFile;
    QList<QByteArray> pins; // raw 32-octet SHA-256 digests
    QString peerName;       // name to verify instead of the host (--tls-name)
    bool legacy = false;

    // "sha256:HEX" or plain HEX, any case, colons allowed.
    static std::optional<QByteArray> parsePin(QStringView text, QString *error = nullptr);
    // "sha256:<lowercase hex>": the one form msim shows, copies and prints a fingerprint in.
    static QString formatPin(const QByteArray &sha256);
    static QByteArray fingerprint(const QSslCertificate &cert); // SHA-256 of the DER

    bool pinned(const QSslCertificate &cert) const;
    bool pinned(const QByteArray &sha256) const
    {
        return !sha256.isEmpty() && pins.contains(sha256);
    }

    enum class Failure { None, UntrustedIssuer, HostNameMismatch, Expired, NotYetValid, Other };
    // One thing wrong with the peer's chain, as the verification found it.
    struct Problem
    {
        Failure failure = Failure::Other;
        QString reason; // plain words: "the certificate expired on 2026-01-02T00:00:00Z"
    };
    struct Decision
    {
        bool accept = false;
        Failure failure = Failure::None;
        QStringList reasons;    // one per certificate problem, plain words
        QStringList overridden; // problems a pin overrode (when accepted by pin)
    };
    // Accepts a chain without problems, or any chain whose leaf's DER SHA-256 is pinned;
    // otherwise names the failure: the first of untrusted issuer, expired, not yet valid, host
    // name mismatch, other that any problem has.
    Decision evaluate(const QList<Problem> &problems, const QByteArray &peerSha256) const;
};

} // namespace msim::net
