// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QList>
#include <QSslCertificate>
#include <QSslError>
#include <QString>
#include <QStringList>

#include <optional>

class QSslConfiguration;

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
    static QString formatPin(const QByteArray &sha256);   // "sha256:<lowercase hex>"
    static QString formatColons(const QByteArray &sha256); // "AB:CD:..." for dialogs
    static QByteArray fingerprint(const QSslCertificate &cert); // SHA-256 of the DER

    bool pinned(const QSslCertificate &cert) const;

    // The configuration for a QSslSocket. Loads the system CA store only when a CA file is
    // given (the two are combined); otherwise Qt's on-demand lookup is kept, which is free.
    // Returns false with *error set when the CA file cannot be read.
    bool configure(QSslConfiguration &cfg, QString *error) const;

    enum class Failure { None, UntrustedIssuer, HostNameMismatch, Expired, NotYetValid, Other };
    struct Decision
    {
        bool accept = false;
        Failure failure = Failure::None;
        QStringList reasons;    // one per certificate error, plain words
        QStringList overridden; // errors a pin overrode (when accepted by pin)
    };
    Decision evaluate(const QList<QSslError> &errors, const QSslCertificate &peer) const;

    static QString describe(const QSslError &error);
};

} // namespace msim::net
