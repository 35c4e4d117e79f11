// SPDX-License-Identifier: MIT
#pragma once

#include "net/Security.h"
#include "net/TlsPolicy.h"
#include "net/Transcript.h"

#include <QHostAddress>
#include <QObject>
#include <QPointer>
#include <QSslCertificate>
#include <QTimer>

#include <memory>

class QSocketNotifier;

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

class TlsClient;
class TlsContext;

// One client connection: plain TCP, STARTTLS-upgradable, or implicit TLS (RFC 8314), on a
// non-blocking socket that msim reads and writes itself, with OpenSSL (TlsClient) for TLS. Every
// octet goes through the Transcript. Certificate trust follows the TlsPolicy and fails with a
// specific error, never silently. A readable socket is read in one system call and everything
// it held is decrypted and delivered in one received() (at most kMaxReadPerEvent octets per
// turn of the event loop); a write goes to the socket at once (TCP_NODELAY). quickAck() lets a
// receiver whose reply is still incomplete ACK at once, so a server that writes a reply in
// several small segments with Nagle on cannot stall it on delayed ACKs (docs/PERFORMANCE.md).
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
    // Leaves Linux's delayed-ACK mode for the octets read so far (TCP_QUICKACK): for a receiver
    // that has part of a reply and waits for the rest.
    void quickAck();
    // Flushes pending writes and closes; closed() follows.
    void close();
    void abort();

    bool isOpen() const;
    bool isEncrypted() const;
    const Endpoint &endpoint() const { return m_endpoint; }
    const TlsPolicy &policy() const { return m_policy; }
    std::optional<TlsInfo> tlsInfo() const { return m_tlsInfo; }
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
    enum class Phase { Idle, Resolving, Connecting, Handshaking, Open, Closed };

    void fail(Error error, const QString &message);
    void connectNext();
    void onConnectDone();
    void recordWire(); // the socket's addresses into the transcript, for a capture
    void onReadable();
    void onWritable();
    void queueRead(); // one onReadable on the next turn of the event loop
    void startHandshake();
    void continueHandshake();
    void handshakeDone();
    void tlsRejected();
    void sendPending();
    bool deliver(const QByteArray &bytes); // false: stop reading (closed, or `this` is gone)
    void peerClosed();
    void finishClose();
    void closeSocket();
    void emitClosed();
    QString where() const;

    Endpoint m_endpoint;
    TlsPolicy m_policy;
    TranscriptPtr m_transcript;
    Phase m_phase = Phase::Idle;
    int m_fd = -1;
    QList<QHostAddress> m_addresses; // still to try
    int m_connectErrno = 0;          // of the last address tried
    QSocketNotifier *m_readNotifier = nullptr;
    QSocketNotifier *m_writeNotifier = nullptr;
    std::shared_ptr<TlsContext> m_context;
    std::unique_ptr<TlsClient> m_tls;
    static constexpr qsizetype kHandshakeStartKept = 256;
    QByteArray m_handshakeStart; // the first octets of the peer's handshake, for a message
    QByteArray m_wire;           // one read's wire octets, reused
    QByteArray m_plain;          // one read's decrypted octets, reused
    QByteArray m_pending;        // wire octets (ciphertext or plain) the socket has not taken yet
    qsizetype m_pendingPos = 0;
    QTimer m_connectTimer;
    int m_connectTimeoutMs = 30000;
    Error m_error = Error::None;
    QString m_errorString;
    std::optional<TlsInfo> m_tlsInfo;
    QSslCertificate m_rejected;
    QStringList m_rejectedReasons;
    bool m_closedEmitted = false;
    bool m_closeRequested = false;
    bool m_readQueued = false;
    bool m_delivering = false; // inside Q_EMIT received(): a nested read is queued
};

} // namespace msim::net
