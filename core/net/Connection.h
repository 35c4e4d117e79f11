// SPDX-License-Identifier: MIT
#pragma once

#include "net/Security.h"
#include "net/TlsPolicy.h"
#include "net/Transcript.h"

#include <QObject>
#include <QPointer>
#include <QSslCertificate>
#include <QTimer>

class QTcpSocket;
class QSslSocket;

namespace msim::net {

// Where to connect and how (DESIGN.md §4 CONNECTION options, minus the credentials).
struct Endpoint
{
    QString host = QStringLiteral("127.0.0.1");
    quint16 port = 0;
    Security security = Security::Ssl;
};

// What a TLS session ended up as; reported beside every result.
struct TlsInfo
{
    QString protocol; // "TLSv1.3"
    QString cipher;   // "TLS_AES_256_GCM_SHA384"
    QByteArray peerSha256;
    QSslCertificate peer;
    QStringList overridden; // certificate errors a pin overrode
    bool legacy = false;
};

// One client connection: plain TCP, STARTTLS-upgradable, or implicit TLS, over QSslSocket with
// the OpenSSL backend. Every octet goes through the Transcript. Certificate trust follows the
// TlsPolicy and fails with a specific error, never silently. Reads set TCP_QUICKACK and writes
// go out with TCP_NODELAY, so a server that writes a reply in several small segments with Nagle
// on cannot stall the client on delayed ACKs (docs/PERFORMANCE.md).
class Connection : public QObject
{
    Q_OBJECT
public:
    enum class Error {
        None,
        HostNotFound,
        ConnectionRefused,
        ConnectTimeout,
        TlsUntrustedIssuer,
        TlsHostNameMismatch,
        TlsExpired,
        TlsNotYetValid,
        TlsHandshakeFailed,
        TlsConfiguration,
        RemoteClosed,
        Network,
    };
    Q_ENUM(Error)

    static constexpr qint64 kMaxReadPerEvent = 256 * 1024;

    Connection(Endpoint endpoint, TlsPolicy policy, TranscriptPtr transcript,
               QObject *parent = nullptr);
    ~Connection() override;

    void setConnectTimeout(int msecs) { m_connectTimeoutMs = msecs; }

    // Connects; emits ready() once usable (TCP up, and for Security::Ssl the handshake done).
    void open();
    // Upgrades a plain connection after the server accepted STARTTLS; emits tlsReady().
    void startTls();
    void write(const QByteArray &bytes, const QList<Transcript::Secret> &secrets = {});
    // Flushes pending writes and closes; closed() follows.
    void close();
    void abort();

    bool isOpen() const;
    bool isEncrypted() const;
    const Endpoint &endpoint() const { return m_endpoint; }
    const TlsPolicy &policy() const { return m_policy; }
    std::optional<TlsInfo> tlsInfo() const { return m_tls; }
    TranscriptPtr transcript() const { return m_transcript; }

    // After a refused certificate: the certificate and the reasons (for a "pin it?" dialog).
    QSslCertificate rejectedCertificate() const { return m_rejected; }
    QStringList rejectionReasons() const { return m_rejectedReasons; }

    Error error() const { return m_error; }
    QString errorString() const { return m_errorString; }
    static bool isTlsError(Error e);

Q_SIGNALS:
    void ready();
    void tlsReady();
    void received(const QByteArray &bytes);
    void errorOccurred(msim::net::Connection::Error error);
    void closed();

private:
    void fail(Error error, const QString &message);
    void onConnected();
    void onEncrypted();
    void onSslErrors(const QList<QSslError> &errors);
    void onReadyRead();
    void queueRead(); // one onReadyRead on the next turn of the event loop
    void onSocketError();
    void onDisconnected();
    void setupTls();
    QString where() const;

    Endpoint m_endpoint;
    TlsPolicy m_policy;
    TranscriptPtr m_transcript;
    QTcpSocket *m_socket = nullptr;
    QSslSocket *m_ssl = nullptr; // same object as m_socket when TLS may be used
    QTimer m_connectTimer;
    int m_connectTimeoutMs = 30000;
    Error m_error = Error::None;
    QString m_errorString;
    std::optional<TlsInfo> m_tls;
    TlsPolicy::Decision m_decision;
    QSslCertificate m_rejected;
    QStringList m_rejectedReasons;
    bool m_decided = false;
    bool m_closedEmitted = false;
    bool m_handshaking = false;
    bool m_readQueued = false;
    bool m_delivering = false; // inside Q_EMIT received(): a nested readyRead is queued
};

} // namespace msim::net
