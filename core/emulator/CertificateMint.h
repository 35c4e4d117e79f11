// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QSslCertificate>
#include <QSslKey>
#include <QString>
#include <QStringList>

#include <optional>

namespace msim::emulator {

// A certificate with its private key, as Qt objects and as PEM (the certificate as
// "BEGIN CERTIFICATE", the key unencrypted as PKCS#8 "BEGIN PRIVATE KEY").
struct TlsIdentity
{
    QSslCertificate certificate{}; // {}: lets `TlsIdentity{}` use the explicit default constructor
    QSslKey key;
    QByteArray certificatePem;
    QByteArray keyPem;

    // SHA-256 of the certificate's DER (32 raw octets): what `--pin sha256:HEX` names.
    QByteArray sha256() const;
    bool isNull() const;
};

// Makes the TLS identity of the built-in server (DESIGN.md §5): a self-signed certificate minted
// with OpenSSL at first start, kept in the app's data folder with owner-only permissions, reused
// on later starts, its SHA-256 fingerprint printed so clients can pin it. Tests also mint
// certificates with chosen properties (expired, wrong host name, issued by a test CA) to check the
// client's TLS errors. EC P-256 keys, X.509 v3, SHA-256 signatures. Static functions only, no
// shared state: safe to call from any thread. Never throws; every failure returns nullopt and a
// sentence in *error (with OpenSSL's error queue when OpenSSL failed).
class CertificateMint
{
public:
    struct Options
    {
        QString commonName = QStringLiteral("localhost");        // empty: no CN in the subject
        QStringList dnsNames = {QStringLiteral("localhost")};    // SAN DNS: entries
        QStringList ipAddresses = {QStringLiteral("127.0.0.1")}; // SAN IP: entries (v4 or v6)
        QString organization = QStringLiteral("msim built-in IMAP server"); // empty: no O
        // Both may be in the past (an expired certificate). Whole seconds, UTC.
        QDateTime notBefore; // invalid = now - 1 hour (or notAfter - 10 years, see below)
        QDateTime notAfter;  // invalid = notBefore + 10 years
        bool isCa = false;   // basicConstraints CA:TRUE, keyUsage keyCertSign, cRLSign
        // Sign with this identity's key and name it as the issuer instead of self-signing. It is
        // not required to be a CA, so tests can also mint a leaf issued by a leaf.
        const TlsIdentity *issuer = nullptr;
    };

    // The files loadOrCreate keeps in its folder.
    static constexpr QLatin1String kCertificateFile{"server-cert.pem"};
    static constexpr QLatin1String kKeyFile{"server-key.pem"};
    static constexpr QLatin1String kLockFile{"server-identity.lock"};

    static std::optional<TlsIdentity> mint(const Options &options, QString *error);

    // The server identity in `dir` (files server-cert.pem and server-key.pem): read it when it is
    // there, valid now and for at least another day, and the key matches the certificate;
    // otherwise mint a new self-signed one with the default Options and write it (dir created
    // 0700, key file 0600, certificate 0644; each written atomically). A lock file in `dir` keeps
    // two processes starting at once from writing a mismatched pair. *created tells which
    // happened (false on failure).
    static std::optional<TlsIdentity> loadOrCreate(const QString &dir, QString *error,
                                                   bool *created = nullptr);

    // Where the app keeps it: QStandardPaths::AppDataLocation + "/tls" (callers set the app name).
    // Empty when the platform has no writable data location.
    static QString defaultDirectory();
};

} // namespace msim::emulator
