// SPDX-License-Identifier: MIT
#include "net/Connection.h"

#include "net/Logging.h"
#include "net/Printable.h"

#include "net/TlsClient.h"

#include <QCryptographicHash>
#include <QHostInfo>
#include <QSocketNotifier>
#include <algorithm>
#include <cerrno>
#include <cstring>
#include <tuple>
#include <utility>

#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

namespace msim::net {

namespace {

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

// A server that answers a TLS handshake in plain text (an IMAP greeting on the TLS port):
// what it said, for the error message. A TLS record starts with a content type of 20-23.
QString plainTextAnswer(const QByteArray &start)
{
    if (start.isEmpty() || uchar(start.front()) < 0x20 || uchar(start.front()) > 0x7e)
        return QString();
    QByteArrayView line(start);
    if (const qsizetype eol = line.indexOf('\n'); eol >= 0)
        line = line.first(eol);
    if (line.endsWith('\r'))
        line.chop(1);
    return QStringLiteral("; the server answered in plain text: \"%1\" (is this its plain-text "
                          "port?)")
        .arg(printable::octets(line.first(std::min<qsizetype>(line.size(), 120))));
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
                 .arg(where(), m_phase == Phase::Handshaking
                                   ? QStringLiteral("complete the TLS handshake")
                                   : QStringLiteral("accept the connection"))
                 .arg(m_connectTimeoutMs / 1000.0));
    });
}

Connection::~Connection()
{
    closeSocket();
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
    Q_ASSERT(m_phase == Phase::Idle);
    m_transcript->note(
        QStringLiteral("connecting to %1 (%2)").arg(where(), securityName(m_endpoint.security)));
    qCDebug(lcNet) << "connecting to" << where() << securityName(m_endpoint.security);
    if (m_policy.legacy && m_endpoint.security != Security::None)
        m_transcript->note(QStringLiteral(
            "WARNING: --tls-legacy is on: TLS 1.0/1.1 and weak ciphers are allowed"));
    m_phase = Phase::Resolving;
    if (m_endpoint.security != Security::None) {
        QString err;
        m_context = TlsContext::forPolicy(m_policy, &err);
        if (!m_context) {
            QMetaObject::invokeMethod(
                this, [this, err] { fail(Error::TlsConfiguration, err); }, Qt::QueuedConnection);
            return;
        }
    }
    m_connectTimer.start(m_connectTimeoutMs);
    const QHostAddress literal(m_endpoint.host);
    if (!literal.isNull()) {
        m_addresses = {literal};
        connectNext();
        return;
    }
    QHostInfo::lookupHost(m_endpoint.host, this, [this](const QHostInfo &info) {
        if (m_phase != Phase::Resolving)
            return;
        m_addresses = info.addresses();
        if (info.error() != QHostInfo::NoError || m_addresses.isEmpty()) {
            fail(Error::HostNotFound,
                 QStringLiteral("the host name %1 could not be resolved").arg(m_endpoint.host));
            return;
        }
        connectNext();
    });
}

void Connection::connectNext()
{
    while (!m_addresses.isEmpty()) {
        const QHostAddress address = m_addresses.takeFirst();
        sockaddr_storage sa = {};
        socklen_t len = 0;
        if (address.protocol() == QAbstractSocket::IPv6Protocol) {
            auto *in6 = reinterpret_cast<sockaddr_in6 *>(&sa);
            in6->sin6_family = AF_INET6;
            in6->sin6_port = htons(m_endpoint.port);
            const Q_IPV6ADDR a = address.toIPv6Address();
            std::memcpy(&in6->sin6_addr, &a, sizeof a);
            in6->sin6_scope_id = address.scopeId().toUInt();
            len = sizeof(sockaddr_in6);
        } else {
            auto *in4 = reinterpret_cast<sockaddr_in *>(&sa);
            in4->sin_family = AF_INET;
            in4->sin_port = htons(m_endpoint.port);
            in4->sin_addr.s_addr = htonl(address.toIPv4Address());
            len = sizeof(sockaddr_in);
        }
        m_fd = ::socket(sa.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
        if (m_fd < 0) {
            m_connectErrno = errno;
            continue;
        }
        int one = 1;
        ::setsockopt(m_fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        m_readNotifier = new QSocketNotifier(m_fd, QSocketNotifier::Read, this);
        m_writeNotifier = new QSocketNotifier(m_fd, QSocketNotifier::Write, this);
        m_readNotifier->setEnabled(false);
        connect(m_readNotifier, &QSocketNotifier::activated, this, &Connection::onReadable);
        connect(m_writeNotifier, &QSocketNotifier::activated, this, &Connection::onWritable);
        m_phase = Phase::Connecting;
        if (::connect(m_fd, reinterpret_cast<sockaddr *>(&sa), len) == 0 || errno == EINPROGRESS)
            return; // writable when the connection is up or refused
        m_connectErrno = errno;
        closeSocket();
    }
    m_phase = Phase::Resolving;
    if (m_connectErrno == ECONNREFUSED)
        fail(Error::ConnectionRefused,
             QStringLiteral("%1 refused the connection (is the server running on that port?)")
                 .arg(where()));
    else
        fail(Error::Network,
             QStringLiteral("network error with %1: %2")
                 .arg(where(), QString::fromLocal8Bit(std::strerror(m_connectErrno))));
}

void Connection::onConnectDone()
{
    int err = 0;
    socklen_t len = sizeof err;
    if (::getsockopt(m_fd, SOL_SOCKET, SO_ERROR, &err, &len) != 0)
        err = errno;
    if (err != 0) {
        m_connectErrno = err;
        closeSocket();
        connectNext();
        return;
    }
    m_writeNotifier->setEnabled(false);
    m_readNotifier->setEnabled(true);
    recordWire();
    if (m_endpoint.security == Security::Ssl) {
        startHandshake();
        return;
    }
    m_phase = Phase::Open;
    m_connectTimer.stop();
    m_transcript->note(QStringLiteral("connected"));
    qCDebug(lcNet) << "connected to" << where();
    Q_EMIT ready();
}

void Connection::recordWire()
{
    sockaddr_storage local = {};
    sockaddr_storage peer = {};
    socklen_t localLen = sizeof local;
    socklen_t peerLen = sizeof peer;
    if (::getsockname(m_fd, reinterpret_cast<sockaddr *>(&local), &localLen) != 0 ||
        ::getpeername(m_fd, reinterpret_cast<sockaddr *>(&peer), &peerLen) != 0)
        return; // no addresses: a capture leaves this connection out and says so
    const auto port = [](const sockaddr_storage &sa) {
        return quint16(ntohs(sa.ss_family == AF_INET6
                                 ? reinterpret_cast<const sockaddr_in6 &>(sa).sin6_port
                                 : reinterpret_cast<const sockaddr_in &>(sa).sin_port));
    };
    Transcript::Wire wire;
    wire.local = QHostAddress(reinterpret_cast<const sockaddr *>(&local));
    wire.localPort = port(local);
    wire.peer = QHostAddress(reinterpret_cast<const sockaddr *>(&peer));
    wire.peerPort = port(peer);
    wire.security = securityName(m_endpoint.security);
    wire.usecs = m_transcript->usecsSinceStart();
    m_transcript->setWire(std::move(wire));
}

void Connection::startTls()
{
    Q_ASSERT(m_phase == Phase::Open && !m_tls && m_context);
    if (m_phase != Phase::Open || m_tls || !m_context)
        return;
    m_connectTimer.start(m_connectTimeoutMs);
    m_transcript->note(QStringLiteral("starting TLS"));
    qCDebug(lcNet) << "starting TLS with" << where();
    startHandshake();
}

void Connection::startHandshake()
{
    m_phase = Phase::Handshaking;
    m_tls = std::make_unique<TlsClient>(
        m_context, m_policy, m_policy.peerName.isEmpty() ? m_endpoint.host : m_policy.peerName);
    continueHandshake();
}

void Connection::continueHandshake()
{
    const TlsClient::Step step = m_tls->handshake();
    m_tls->takeOutput(m_pending);
    QPointer<Connection> self(this);
    sendPending();
    if (!self || m_phase != Phase::Handshaking)
        return;
    switch (step) {
    case TlsClient::Step::Done:
        handshakeDone();
        break;
    case TlsClient::Step::More:
        break;
    case TlsClient::Step::Closed:
        fail(Error::TlsHandshakeFailed,
             QStringLiteral("%1 closed the connection during the TLS handshake").arg(where()));
        break;
    case TlsClient::Step::Failed:
        if (m_tls->decided() && !m_tls->decision().accept) {
            tlsRejected();
            break;
        }
        {
            // A plain-text answer is its own explanation; otherwise an old server may only
            // speak what --tls-legacy allows.
            const QString plain = plainTextAnswer(m_handshakeStart);
            fail(Error::TlsHandshakeFailed,
                 QStringLiteral("TLS handshake with %1 failed: %2%3")
                     .arg(where(), m_tls->errorString(),
                          !plain.isEmpty() ? plain
                          : m_policy.legacy
                              ? QString()
                              : QStringLiteral(" (if this is a 1990s server that only speaks TLS "
                                               "1.0, try --tls-legacy)")));
        }
        break;
    }
}

void Connection::handshakeDone()
{
    m_connectTimer.stop();
    m_phase = Phase::Open;
    TlsInfo info;
    info.protocol = m_tls->protocol();
    info.cipher = m_tls->cipher();
    info.peer = QSslCertificate(m_tls->peerDer(), QSsl::Der);
    info.peerSha256 = QCryptographicHash::hash(m_tls->peerDer(), QCryptographicHash::Sha256);
    info.overridden =
        m_tls->decided() && m_tls->decision().accept ? m_tls->decision().overridden : QStringList();
    info.legacy = m_policy.legacy;
    m_tlsInfo = info;
    m_transcript->note(QStringLiteral("TLS established: %1 %2, server certificate %3%4")
                           .arg(info.protocol, info.cipher, TlsPolicy::formatPin(info.peerSha256),
                                info.overridden.isEmpty()
                                    ? QString()
                                    : QStringLiteral(" (pinned; the pin overrode: %1)")
                                          .arg(info.overridden.join(QStringLiteral("; ")))));
    qCDebug(lcNet) << "TLS established with" << where() << info.protocol << info.cipher
                   << (info.overridden.isEmpty() ? "verified" : "pinned");
    // Application octets that came with the end of the handshake are read on the next turn.
    queueRead();
    if (m_endpoint.security == Security::Ssl)
        Q_EMIT ready();
    else
        Q_EMIT tlsReady();
}

void Connection::tlsRejected()
{
    const QSslCertificate peer(m_tls->peerDer(), QSsl::Der);
    const QByteArray fp = TlsPolicy::fingerprint(peer);
    const TlsPolicy::Decision &decision = m_tls->decision();
    m_rejected = peer;
    m_rejectedReasons = decision.reasons;
    const auto [e, what] = rejection(decision.failure);
    const QString verifyName = m_policy.peerName.isEmpty() ? m_endpoint.host : m_policy.peerName;
    QString msg = QStringLiteral("TLS certificate of %1 rejected (%2): %3. Certificate "
                                 "subject '%4', issuer '%5', valid %6 to %7, checked "
                                 "against the name '%8'.")
                      .arg(where(), what, decision.reasons.join(QStringLiteral("; ")),
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
}

void Connection::write(const QByteArray &bytes, const QList<Transcript::Secret> &secrets)
{
    if (m_phase != Phase::Open) {
        m_transcript->note(
            QStringLiteral("%1 octets not sent: the connection is not open").arg(bytes.size()));
        return;
    }
    m_transcript->recordSent(bytes, secrets);
    if (m_tls) {
        if (!m_tls->write(bytes)) {
            fail(Error::Network,
                 QStringLiteral("TLS error with %1: %2").arg(where(), m_tls->errorString()));
            return;
        }
        m_tls->takeOutput(m_pending);
    } else if (m_pending.isEmpty()) {
        // Straight from the caller's octets: nothing to copy when the socket takes them all.
        const ssize_t n = ::send(m_fd, bytes.constData(), size_t(bytes.size()), MSG_NOSIGNAL);
        if (n == bytes.size())
            return;
        m_pending = bytes.mid(std::max<ssize_t>(n, 0));
        if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
            // The peer is gone (EPIPE, ECONNRESET): what it sent is still read and delivered,
            // and the read that finds the end closes the connection.
            m_pending.clear();
            queueRead();
            return;
        }
    } else {
        m_pending.append(bytes);
    }
    sendPending();
}

void Connection::sendPending()
{
    while (m_fd >= 0 && m_pendingPos < m_pending.size()) {
        const ssize_t n = ::send(m_fd, m_pending.constData() + m_pendingPos,
                                 size_t(m_pending.size() - m_pendingPos), MSG_NOSIGNAL);
        if (n > 0) {
            m_pendingPos += n;
            continue;
        }
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            m_writeNotifier->setEnabled(true);
            return;
        }
        // The peer is gone (EPIPE, ECONNRESET): what it sent is still read and delivered.
        m_pending.truncate(0);
        m_pendingPos = 0;
        if (m_phase == Phase::Handshaking)
            fail(Error::TlsHandshakeFailed,
                 QStringLiteral("%1 closed the connection during the TLS handshake").arg(where()));
        else
            queueRead();
        return;
    }
    m_pending.truncate(0); // keeps its capacity for the next request
    m_pendingPos = 0;
    if (m_writeNotifier)
        m_writeNotifier->setEnabled(false);
    if (m_closeRequested && !m_delivering)
        finishClose();
}

void Connection::onWritable()
{
    if (m_phase == Phase::Connecting)
        onConnectDone();
    else
        sendPending();
}

void Connection::quickAck()
{
    if (m_fd < 0)
        return;
    int one = 1;
    ::setsockopt(m_fd, IPPROTO_TCP, TCP_QUICKACK, &one, sizeof one);
}

void Connection::onReadable()
{
    // One read of everything the socket holds (at most kMaxReadPerEvent octets per turn of the
    // event loop, the rest on the next turn: a server that delivers megabytes at once cannot
    // stall the GUI while they are parsed), decrypted in one pass and delivered in one
    // received(). Octets are delivered strictly in order, one delivery at a time.
    if (m_delivering) {
        queueRead();
        return;
    }
    if (m_fd < 0 || (m_phase != Phase::Open && m_phase != Phase::Handshaking))
        return;
    if (m_wire.size() < kMaxReadPerEvent)
        m_wire.resize(kMaxReadPerEvent);
    bool eof = false;
    const ssize_t n = ::recv(m_fd, m_wire.data(), size_t(kMaxReadPerEvent), 0);
    if (n == 0) {
        eof = true;
    } else if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
        if (errno != ECONNRESET) {
            fail(Error::Network, QStringLiteral("network error with %1: %2")
                                     .arg(where(), QString::fromLocal8Bit(std::strerror(errno))));
            return;
        }
        m_transcript->note(QStringLiteral("the server reset the connection"));
        eof = true;
    }
    QByteArray bytes;
    if (!m_tls) {
        if (n > 0)
            bytes = QByteArray(m_wire.constData(), n);
    } else {
        if (n > 0)
            m_tls->feed(m_wire.constData(), n);
        if (m_phase == Phase::Handshaking) {
            if (n > 0 && m_handshakeStart.size() < kHandshakeStartKept)
                m_handshakeStart.append(
                    m_wire.constData(),
                    std::min<qsizetype>(n, kHandshakeStartKept - m_handshakeStart.size()));
            QPointer<Connection> self(this);
            continueHandshake();
            if (self && eof && m_phase == Phase::Handshaking)
                fail(Error::TlsHandshakeFailed,
                     QStringLiteral("%1 closed the connection during the TLS handshake")
                         .arg(where()));
            return; // application octets that came with it: handshakeDone queued a read
        }
        // Decrypted into a buffer that keeps its capacity, then handed over at its exact size:
        // every delivered block is kept (the transcript), so no slack may ride along.
        m_plain.truncate(0);
        const TlsClient::Step step = m_tls->read(m_plain, kMaxReadPerEvent);
        if (!m_plain.isEmpty())
            bytes = QByteArray(m_plain.constData(), m_plain.size());
        m_tls->takeOutput(m_pending); // a key update or an alert
        if (!m_pending.isEmpty())
            sendPending();
        if (step == TlsClient::Step::Failed) {
            if (!bytes.isEmpty() && !deliver(bytes))
                return;
            fail(Error::Network,
                 QStringLiteral("TLS error with %1: %2").arg(where(), m_tls->errorString()));
            return;
        }
        if (step == TlsClient::Step::Done)
            queueRead(); // more decrypted octets than one turn takes
        if (step == TlsClient::Step::Closed) {
            m_transcript->note(QStringLiteral("the server ended TLS (close_notify)"));
            eof = true;
        }
    }
    if (!bytes.isEmpty() && !deliver(bytes))
        return;
    if (eof)
        peerClosed();
}

bool Connection::deliver(const QByteArray &bytes)
{
    m_transcript->recordReceived(bytes);
    QPointer<Connection> self(this);
    m_delivering = true;
    Q_EMIT received(bytes);
    if (!self)
        return false;
    m_delivering = false;
    if (m_closeRequested && m_phase != Phase::Closed) {
        finishClose();
        return false;
    }
    return m_phase == Phase::Open;
}

void Connection::queueRead()
{
    if (m_readQueued)
        return;
    m_readQueued = true;
    QMetaObject::invokeMethod(
        this,
        [this] {
            m_readQueued = false;
            onReadable();
        },
        Qt::QueuedConnection);
}

void Connection::peerClosed()
{
    if (m_phase == Phase::Closed)
        return;
    if (m_delivering) {
        // Closed while a receiver handles earlier octets: the close comes after them.
        QMetaObject::invokeMethod(this, &Connection::peerClosed, Qt::QueuedConnection);
        return;
    }
    // End our side too: our close_notify (for TLS) and FIN.
    if (m_tls && m_phase == Phase::Open) {
        m_tls->shutdown();
        m_tls->takeOutput(m_pending);
        sendPending();
    }
    closeSocket();
    emitClosed();
}

void Connection::fail(Error error, const QString &message)
{
    if (m_error != Error::None)
        return;
    m_connectTimer.stop();
    const bool wasConnected = m_phase == Phase::Handshaking || m_phase == Phase::Open;
    m_error = error;
    m_errorString = message;
    m_transcript->note(QStringLiteral("error: ") + message);
    qCDebug(lcNet) << "connection with" << where() << "failed:" << error
                   << (m_phase == Phase::Handshaking ? "during the TLS handshake" : "");
    QPointer<Connection> self(this);
    Q_EMIT errorOccurred(error);
    if (!self)
        return;
    closeSocket();
    if (wasConnected)
        emitClosed();
}

void Connection::closeSocket()
{
    if (m_readNotifier) {
        m_readNotifier->setEnabled(false);
        m_readNotifier->deleteLater();
        m_readNotifier = nullptr;
    }
    if (m_writeNotifier) {
        m_writeNotifier->setEnabled(false);
        m_writeNotifier->deleteLater();
        m_writeNotifier = nullptr;
    }
    if (m_fd >= 0) {
        ::close(m_fd);
        m_fd = -1;
    }
    m_phase = Phase::Closed;
}

void Connection::emitClosed()
{
    if (m_closedEmitted)
        return;
    if (m_delivering) {
        QMetaObject::invokeMethod(this, &Connection::emitClosed, Qt::QueuedConnection);
        return;
    }
    m_closedEmitted = true;
    if (m_error == Error::None)
        m_transcript->note(QStringLiteral("connection closed"));
    qCDebug(lcNet) << "connection with" << where() << "closed";
    Q_EMIT closed();
}

void Connection::close()
{
    if (m_fd < 0 || m_phase == Phase::Closed) {
        if (!m_closedEmitted) {
            m_closedEmitted = true;
            QMetaObject::invokeMethod(this, &Connection::closed, Qt::QueuedConnection);
        }
        return;
    }
    m_closeRequested = true;
    if (!m_delivering)
        finishClose();
}

void Connection::finishClose()
{
    if (m_phase == Phase::Closed)
        return;
    if (m_pendingPos < m_pending.size())
        return; // sendPending() comes back here once the socket took everything
    m_closeRequested = false;
    if (m_tls && m_phase == Phase::Open) {
        m_tls->shutdown();
        m_tls->takeOutput(m_pending);
        sendPending(); // best effort: a full socket buffer drops our close_notify
    }
    closeSocket();
    emitClosed();
}

void Connection::abort()
{
    m_connectTimer.stop();
    const bool wasConnected = m_phase == Phase::Handshaking || m_phase == Phase::Open;
    closeSocket();
    if (wasConnected)
        emitClosed();
}

bool Connection::isOpen() const
{
    return m_phase == Phase::Open;
}

bool Connection::isEncrypted() const
{
    return m_tls && m_phase == Phase::Open;
}

} // namespace msim::net
