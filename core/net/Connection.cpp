// SPDX-License-Identifier: MIT
#include "net/Connection.h"

#include "net/Logging.h"

#include <QSslCipher>
#include <QSslConfiguration>
#include <QSslSocket>
#include <QTcpSocket>
#include <algorithm>
#include <tuple>
#include <utility>

#ifdef Q_OS_LINUX
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#endif

namespace msim::net {

namespace {

QString protocolName(QSsl::SslProtocol p)
{
    QT_WARNING_PUSH
    QT_WARNING_DISABLE_DEPRECATED
    static constexpr std::pair<QSsl::SslProtocol, const char *> kNames[] = {
        {QSsl::TlsV1_0, "TLSv1.0"},
        {QSsl::TlsV1_1, "TLSv1.1"},
        {QSsl::TlsV1_2, "TLSv1.2"},
        {QSsl::TlsV1_3, "TLSv1.3"}};
    QT_WARNING_POP
    for (const auto &[protocol, name] : kNames)
        if (protocol == p)
            return QString::fromLatin1(name);
    return QStringLiteral("unknown");
}

// A certificate rejected by the policy: the error it is, and how a message names it.
std::pair<Connection::Error, QString> rejection(TlsPolicy::Failure failure)
{
    using Error = Connection::Error;
    static constexpr std::tuple<TlsPolicy::Failure, Error, const char *> kRejections[] = {
        {TlsPolicy::Failure::UntrustedIssuer, Error::TlsUntrustedIssuer, "untrusted issuer"},
        {TlsPolicy::Failure::HostNameMismatch, Error::TlsHostNameMismatch, "host name mismatch"},
        {TlsPolicy::Failure::Expired, Error::TlsExpired, "expired certificate"},
        {TlsPolicy::Failure::NotYetValid, Error::TlsNotYetValid, "certificate not yet valid"}};
    for (const auto &[f, error, what] : kRejections)
        if (f == failure)
            return {error, QString::fromLatin1(what)};
    return {Error::TlsHandshakeFailed, QStringLiteral("certificate rejected")};
}

} // namespace

Connection::Connection(Endpoint endpoint, TlsPolicy policy, TranscriptPtr transcript,
                       QObject *parent)
    : QObject(parent)
    , m_endpoint(std::move(endpoint))
    , m_policy(std::move(policy))
    , m_transcript(transcript ? std::move(transcript) : std::make_shared<Transcript>())
{
    m_connectTimer.setSingleShot(true);
    connect(&m_connectTimer, &QTimer::timeout, this, [this] {
        fail(Error::ConnectTimeout,
             QStringLiteral("%1 did not %2 within %3 s")
                 .arg(where(), m_handshaking ? QStringLiteral("complete the TLS handshake")
                                             : QStringLiteral("accept the connection"))
                 .arg(m_connectTimeoutMs / 1000.0));
    });
}

Connection::~Connection()
{
    if (m_socket) {
        m_socket->disconnect(this);
        m_socket->abort();
    }
}

QString Connection::where() const
{
    return QStringLiteral("%1:%2").arg(m_endpoint.host).arg(m_endpoint.port);
}

bool Connection::isTlsError(Error e)
{
    switch (e) {
    case Error::TlsUntrustedIssuer:
    case Error::TlsHostNameMismatch:
    case Error::TlsExpired:
    case Error::TlsNotYetValid:
    case Error::TlsHandshakeFailed:
    case Error::TlsConfiguration:
        return true;
    default:
        return false;
    }
}

void Connection::open()
{
    Q_ASSERT(!m_socket);
    if (m_endpoint.security == Security::None) {
        m_socket = new QTcpSocket(this);
    } else {
        // Only a TLS-capable connection loads the TLS backend.
        m_ssl = new QSslSocket(this);
        m_socket = m_ssl;
        QSslConfiguration cfg = QSslConfiguration::defaultConfiguration();
        QString err;
        if (!m_policy.configure(cfg, &err)) {
            QMetaObject::invokeMethod(
                this, [this, err] { fail(Error::TlsConfiguration, err); }, Qt::QueuedConnection);
            return;
        }
        m_ssl->setSslConfiguration(cfg);
        if (!m_policy.peerName.isEmpty())
            m_ssl->setPeerVerifyName(m_policy.peerName);
        connect(m_ssl, &QSslSocket::encrypted, this, &Connection::onEncrypted);
        connect(m_ssl, &QSslSocket::sslErrors, this, &Connection::onSslErrors);
    }
    // Bounded buffering: TLS decrypts at most this much ahead of what msim has read.
    m_socket->setReadBufferSize(kMaxReadPerEvent * 2);
    connect(m_socket, &QTcpSocket::connected, this, &Connection::onConnected);
    connect(m_socket, &QTcpSocket::readyRead, this, &Connection::onReadyRead);
    connect(m_socket, &QTcpSocket::errorOccurred, this, &Connection::onSocketError);
    connect(m_socket, &QTcpSocket::disconnected, this, &Connection::onDisconnected);

    m_transcript->note(
        QStringLiteral("connecting to %1 (%2)").arg(where(), securityName(m_endpoint.security)));
    qCDebug(lcNet) << "connecting to" << where() << securityName(m_endpoint.security);
    if (m_policy.legacy && m_endpoint.security != Security::None)
        m_transcript->note(QStringLiteral(
            "WARNING: --tls-legacy is on: TLS 1.0/1.1 and weak ciphers are allowed"));
    m_connectTimer.start(m_connectTimeoutMs);
    if (m_endpoint.security == Security::Ssl) {
        m_handshaking = true;
        m_ssl->connectToHostEncrypted(m_endpoint.host, m_endpoint.port,
                                      m_policy.peerName.isEmpty() ? m_endpoint.host
                                                                  : m_policy.peerName);
    } else {
        m_socket->connectToHost(m_endpoint.host, m_endpoint.port);
    }
}

void Connection::onConnected()
{
    m_socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    if (m_endpoint.security == Security::Ssl)
        return; // ready after the handshake
    m_connectTimer.stop();
    m_transcript->note(QStringLiteral("connected"));
    qCDebug(lcNet) << "connected to" << where();
    Q_EMIT ready();
}

void Connection::startTls()
{
    Q_ASSERT(m_ssl);
    if (!m_ssl)
        return;
    m_handshaking = true;
    m_connectTimer.start(m_connectTimeoutMs);
    m_transcript->note(QStringLiteral("starting TLS"));
    qCDebug(lcNet) << "starting TLS with" << where();
    m_ssl->startClientEncryption();
}

void Connection::onSslErrors(const QList<QSslError> &errors)
{
    m_decision = m_policy.evaluate(errors, m_ssl->peerCertificate());
    m_decided = true;
    if (m_decision.accept)
        m_ssl->ignoreSslErrors(errors);
}

void Connection::onEncrypted()
{
    m_connectTimer.stop();
    m_handshaking = false;
    TlsInfo info;
    info.protocol = protocolName(m_ssl->sessionProtocol());
    info.cipher = m_ssl->sessionCipher().name();
    info.peer = m_ssl->peerCertificate();
    info.peerSha256 = TlsPolicy::fingerprint(info.peer);
    info.overridden = m_decided && m_decision.accept ? m_decision.overridden : QStringList();
    info.legacy = m_policy.legacy;
    m_tls = info;
    m_transcript->note(QStringLiteral("TLS established: %1 %2, server certificate %3%4")
                           .arg(info.protocol, info.cipher, TlsPolicy::formatPin(info.peerSha256),
                                info.overridden.isEmpty()
                                    ? QString()
                                    : QStringLiteral(" (pinned; the pin overrode: %1)")
                                          .arg(info.overridden.join(QStringLiteral("; ")))));
    qCDebug(lcNet) << "TLS established with" << where() << info.protocol << info.cipher
                   << (info.overridden.isEmpty() ? "verified" : "pinned");
    if (m_endpoint.security == Security::Ssl)
        Q_EMIT ready();
    else
        Q_EMIT tlsReady();
}

void Connection::write(const QByteArray &bytes, const QList<Transcript::Secret> &secrets)
{
    m_transcript->recordSent(bytes, secrets);
    if (m_socket && m_socket->state() == QAbstractSocket::ConnectedState) {
        m_socket->write(bytes);
        // Out now, not on the next turn of the event loop: a chunked fetch is one round trip
        // per chunk, and each turn saved is latency saved.
        m_socket->flush();
    }
}

void Connection::onReadyRead()
{
    // At most kMaxReadPerEvent octets per turn of the event loop, the rest on the next turn:
    // a server that delivers megabytes at once cannot stall the GUI while they are parsed.
    // Ask for what is there, not for the limit: QIODevice::read(n) allocates n octets and keeps
    // that capacity after shrinking, and every received block is kept in the transcript. When
    // the request matches the socket's next buffered block, Qt hands it over without a copy.
    // Octets are delivered strictly in order, one delivery at a time: QSslSocket's flush() in
    // write() can read and signal readyRead inside a receiver's own handling of earlier
    // octets; such a nested read waits for the next turn of the event loop instead.
    if (m_delivering) {
        queueRead();
        return;
    }
    const QByteArray bytes = m_socket->read(std::min(m_socket->bytesAvailable(), kMaxReadPerEvent));
    if (m_socket->bytesAvailable() > 0)
        queueRead();
#ifdef Q_OS_LINUX
    // Leave Linux's delayed-ACK ("pingpong") mode after every read: a server that holds its
    // next small segment back until our ACK (Nagle) then gets it at once, not after ~40 ms.
    const qintptr fd = m_socket->socketDescriptor();
    if (fd >= 0) {
        int one = 1;
        ::setsockopt(int(fd), IPPROTO_TCP, TCP_QUICKACK, &one, sizeof one);
    }
#endif
    if (bytes.isEmpty())
        return;
    m_transcript->recordReceived(bytes);
    QPointer<Connection> self(this);
    m_delivering = true;
    Q_EMIT received(bytes);
    if (self)
        m_delivering = false;
}

void Connection::queueRead()
{
    if (!m_readQueued) {
        m_readQueued = true;
        QMetaObject::invokeMethod(
            this,
            [this] {
                m_readQueued = false;
                if (m_socket)
                    onReadyRead();
            },
            Qt::QueuedConnection);
    }
}

void Connection::fail(Error error, const QString &message)
{
    if (m_error != Error::None)
        return;
    m_connectTimer.stop();
    m_error = error;
    m_errorString = message;
    m_transcript->note(QStringLiteral("error: ") + message);
    qCDebug(lcNet) << "connection with" << where() << "failed:" << error
                   << (m_handshaking ? "during the TLS handshake" : "");
    Q_EMIT errorOccurred(error);
    if (m_socket)
        m_socket->abort();
}

void Connection::onSocketError()
{
    if (!m_socket)
        return;
    const auto se = m_socket->error();
    if (se == QAbstractSocket::RemoteHostClosedError) {
        // A close is reported through closed(); only during the handshake is it an error.
        if (m_handshaking) {
            fail(Error::TlsHandshakeFailed,
                 QStringLiteral("%1 closed the connection during the TLS handshake").arg(where()));
        } else if (m_ssl) {
            // The server's TLS close_notify. Qt 6.4 reports it here and neither signals the
            // octets decrypted in the same read nor closes the socket: a server that waits for
            // our close_notify before its FIN would leave them unread until a timeout. The
            // close is the end of the stream: deliver what arrived, then close (next turn, so
            // the octets come first and never inside Qt's own error handling), and end our side
            // too (our close_notify and FIN).
            m_transcript->note(QStringLiteral("the server ended TLS (close_notify)"));
            QMetaObject::invokeMethod(
                this,
                [this] {
                    QPointer<Connection> self(this);
                    onDisconnected();
                    if (self && m_socket && m_socket->state() != QAbstractSocket::UnconnectedState)
                        m_socket->disconnectFromHost();
                },
                Qt::QueuedConnection);
        }
        return;
    }
    if (se == QAbstractSocket::SslHandshakeFailedError && m_decided && !m_decision.accept) {
        const QSslCertificate peer = m_ssl ? m_ssl->peerCertificate() : QSslCertificate();
        const QByteArray fp = TlsPolicy::fingerprint(peer);
        m_rejected = peer;
        m_rejectedReasons = m_decision.reasons;
        const auto [e, what] = rejection(m_decision.failure);
        const QString verifyName =
            m_policy.peerName.isEmpty() ? m_endpoint.host : m_policy.peerName;
        QString msg = QStringLiteral("TLS certificate of %1 rejected (%2): %3. Certificate "
                                     "subject '%4', issuer '%5', valid %6 to %7, checked "
                                     "against the name '%8'.")
                          .arg(where(), what, m_decision.reasons.join(QStringLiteral("; ")),
                               peer.subjectDisplayName(), peer.issuerDisplayName(),
                               peer.effectiveDate().toString(Qt::ISODate),
                               peer.expiryDate().toString(Qt::ISODate), verifyName);
        if (!fp.isEmpty())
            msg += QStringLiteral(" If you have checked this certificate, trust exactly it with "
                                  "--pin %1")
                       .arg(TlsPolicy::formatPin(fp));
        if (e == Error::TlsHostNameMismatch)
            msg += QStringLiteral(" (or give the name it was issued for with --tls-name)");
        fail(e, msg);
        return;
    }
    switch (se) {
    case QAbstractSocket::ConnectionRefusedError:
        fail(Error::ConnectionRefused,
             QStringLiteral("%1 refused the connection (is the server running on that port?)")
                 .arg(where()));
        break;
    case QAbstractSocket::HostNotFoundError:
        fail(Error::HostNotFound,
             QStringLiteral("the host name %1 could not be resolved").arg(m_endpoint.host));
        break;
    case QAbstractSocket::SslHandshakeFailedError:
    case QAbstractSocket::SslInternalError:
    case QAbstractSocket::SslInvalidUserDataError:
        fail(Error::TlsHandshakeFailed,
             QStringLiteral("TLS handshake with %1 failed: %2%3")
                 .arg(where(), m_socket->errorString(),
                      m_policy.legacy ? QString()
                                      : QStringLiteral(" (if this is a 1990s server that only "
                                                       "speaks TLS 1.0, try --tls-legacy)")));
        break;
    default:
        fail(Error::Network,
             QStringLiteral("network error with %1: %2").arg(where(), m_socket->errorString()));
        break;
    }
}

void Connection::onDisconnected()
{
    m_connectTimer.stop();
    if (m_handshaking && m_error == Error::None)
        fail(Error::TlsHandshakeFailed,
             QStringLiteral("%1 closed the connection during the TLS handshake").arg(where()));
    if (m_closedEmitted)
        return;
    if (m_delivering) {
        // Closed while a receiver handles earlier octets: the close comes after them.
        QMetaObject::invokeMethod(this, &Connection::onDisconnected, Qt::QueuedConnection);
        return;
    }
    // Whatever the socket still holds is delivered before the close, so no octet is lost.
    QPointer<Connection> self(this);
    while (self && m_socket && m_socket->bytesAvailable() > 0 && !m_closedEmitted) {
        onReadyRead();
        if (!self || m_delivering)
            return;
    }
    if (!self || m_closedEmitted)
        return;
    m_closedEmitted = true;
    if (m_error == Error::None)
        m_transcript->note(QStringLiteral("connection closed"));
    qCDebug(lcNet) << "connection with" << where() << "closed";
    Q_EMIT closed();
}

void Connection::close()
{
    if (!m_socket || m_socket->state() == QAbstractSocket::UnconnectedState) {
        if (!m_closedEmitted) {
            m_closedEmitted = true;
            QMetaObject::invokeMethod(this, &Connection::closed, Qt::QueuedConnection);
        }
        return;
    }
    m_socket->disconnectFromHost();
}

void Connection::abort()
{
    if (m_socket)
        m_socket->abort();
}

bool Connection::isOpen() const
{
    return m_socket && m_socket->state() == QAbstractSocket::ConnectedState;
}

bool Connection::isEncrypted() const
{
    return m_ssl && m_ssl->isEncrypted();
}

} // namespace msim::net
