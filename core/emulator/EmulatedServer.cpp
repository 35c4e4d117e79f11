// SPDX-License-Identifier: MIT
#include "emulator/EmulatedServer.h"

#include "emulator/EmulatedSession.h"
#include "emulator/Logging.h"
#include "net/TlsPolicy.h"

#include <QSslConfiguration>
#include <QSslSocket>

#include <array>

namespace msim::emulator {

class EmulatedServer::Listener : public QTcpServer
{
public:
    Listener(EmulatedServer *server, bool implicitTls)
        : QTcpServer(server)
        , m_server(server)
        , m_implicitTls(implicitTls)
    {
        // A burst of connections (a matrix, a load test) must not overflow the kernel's accept
        // queue: with SYN cookies the overflowing clients would believe they were connected
        // and wait for a greeting that never comes.
        setListenBacklogSize(1024);
    }

protected:
    void incomingConnection(qintptr descriptor) override
    {
        m_server->accept(descriptor, m_implicitTls);
    }

private:
    EmulatedServer *m_server;
    bool m_implicitTls;
};

EmulatedServer::EmulatedServer(ServerOptions options, Mailbox mailbox, QObject *parent)
    : QObject(parent)
    , m_options(std::move(options))
    , m_mailbox(std::move(mailbox))
    , m_identity(m_options.identity)
{
    m_clock.start();
    if (const ServerProfile *p = ServerProfile::find(m_options.profile))
        m_profile = *p;
}

EmulatedServer::~EmulatedServer()
{
    stop();
}

bool EmulatedServer::start(QString *error)
{
    if (m_running)
        return true;
    if (m_profile.name.isEmpty()) {
        QStringList names;
        for (const ServerProfile &p : ServerProfile::all())
            names << p.name;
        *error = QStringLiteral("unknown profile '%1' (the profiles are: %2)")
                     .arg(m_options.profile, names.join(QStringLiteral(", ")));
        return false;
    }
    if (!m_options.port && !m_options.tlsPort) {
        *error = QStringLiteral("the server needs at least one listener");
        return false;
    }
    if (m_identity.isNull()) {
        QString why;
        auto id = CertificateMint::loadOrCreate(CertificateMint::defaultDirectory(), &why);
        if (!id) {
            *error = QStringLiteral("cannot make the server's TLS certificate: ") + why;
            return false;
        }
        m_identity = *id;
    }
    // One listener per port asked for: plain IMAP, then IMAP over implicit TLS.
    for (const auto &[port, implicitTls] :
         {std::pair{m_options.port, false}, std::pair{m_options.tlsPort, true}}) {
        if (!port)
            continue;
        auto *listener = new Listener(this, implicitTls);
        (implicitTls ? m_tls : m_plain) = listener;
        if (!listener->listen(m_options.listen, *port)) {
            *error = QStringLiteral("cannot listen on %1:%2: %3")
                         .arg(m_options.listen.toString())
                         .arg(*port)
                         .arg(listener->errorString());
            stop();
            return false;
        }
    }
    m_running = true;
    for (const QString &line : listenerLines())
        qCDebug(lcEmulator) << "built-in server" << line;
    return true;
}

void EmulatedServer::stop()
{
    for (EmulatedSession *s : std::as_const(m_sessions)) {
        s->disconnect(this);
        delete s;
    }
    m_sessions.clear();
    m_perAddress.clear();
    m_preAuthOctets = 0;
    delete m_plain;
    m_plain = nullptr;
    delete m_tls;
    m_tls = nullptr;
    if (m_running) {
        qCDebug(lcEmulator) << "built-in server stopped after" << m_served << "sessions";
        m_running = false;
        Q_EMIT sessionsChanged(0);
    }
}

quint16 EmulatedServer::port() const
{
    return m_plain ? m_plain->serverPort() : 0;
}

quint16 EmulatedServer::tlsPort() const
{
    return m_tls ? m_tls->serverPort() : 0;
}

QStringList EmulatedServer::listenerLines() const
{
    QStringList out;
    const QString host = m_options.listen.toString();
    if (m_plain)
        out << QStringLiteral("listening imap %1:%2").arg(host).arg(port());
    if (m_tls)
        out << QStringLiteral("listening imaps %1:%2 %3")
                   .arg(host)
                   .arg(tlsPort())
                   .arg(net::TlsPolicy::formatPin(fingerprint())); // as --pin takes it
    return out;
}

void EmulatedServer::accept(qintptr descriptor, bool implicitTls)
{
    auto *socket = new QSslSocket;
    if (!socket->setSocketDescriptor(descriptor)) {
        delete socket;
        return;
    }
    const QHostAddress peer = socket->peerAddress();
    const bool full = m_sessions.size() >= m_options.limits.maxSessions;
    if (full || m_perAddress.value(peer) >= m_options.limits.maxSessionsPerAddress) {
        qCDebug(lcEmulator) << "session refused: already" << m_sessions.size() << "sessions,"
                            << m_perAddress.value(peer) << "from" << peer.toString();
        socket->write(full ? "* BYE Too many connections to the msim built-in server\r\n"
                           : "* BYE Too many connections from your address to the msim "
                             "built-in server\r\n");
        socket->disconnectFromHost();
        connect(socket, &QSslSocket::disconnected, socket, &QObject::deleteLater);
        QTimer::singleShot(2000, socket, &QObject::deleteLater);
        return;
    }
    socket->setLocalCertificate(m_identity.certificate);
    socket->setPrivateKey(m_identity.key);
    socket->setPeerVerifyMode(QSslSocket::VerifyNone);
    auto *session = new EmulatedSession(socket, this, implicitTls);
    m_sessions.append(session);
    ++m_perAddress[peer];
    ++m_served;
    qCDebug(lcEmulator) << "session" << m_served << "opened" << (implicitTls ? "(imaps)" : "(imap)")
                        << "from" << socket->peerAddress().toString() << socket->peerPort();
    connect(
        session, &EmulatedSession::finished, this, [this, session] { sessionClosed(session); },
        Qt::QueuedConnection);
    Q_EMIT sessionsChanged(int(m_sessions.size()));
}

void EmulatedServer::sessionClosed(EmulatedSession *s)
{
    if (!m_sessions.removeOne(s))
        return;
    if (auto it = m_perAddress.find(s->peerAddress()); it != m_perAddress.end() && --*it <= 0)
        m_perAddress.erase(it);
    s->deleteLater();
    qCDebug(lcEmulator) << "session closed," << m_sessions.size() << "still open";
    Q_EMIT sessionsChanged(int(m_sessions.size()));
}

namespace {

// The failed-login table's keys: one per client address, one per user name.
std::array<QByteArray, 2> failureKeys(const QHostAddress &address, const QByteArray &user)
{
    return {QByteArray("a:") + address.toString().toUtf8(), QByteArray("u:") + user};
}

} // namespace

bool EmulatedServer::countPreAuth(qint64 delta)
{
    if (delta > 0 && m_preAuthOctets + delta > m_options.limits.maxPreAuthTotalOctets)
        return false;
    m_preAuthOctets = std::max<qint64>(0, m_preAuthOctets + delta);
    return true;
}

EmulatedServer::Failures *EmulatedServer::failuresFor(const QByteArray &key, bool create)
{
    const qint64 now = m_clock.elapsed();
    auto it = m_failures.find(key);
    if (it != m_failures.end() && now - it->lastMs > m_options.limits.failedLoginMemoryMs) {
        m_failures.erase(it);
        it = m_failures.end();
    }
    if (it != m_failures.end() || !create)
        return it == m_failures.end() ? nullptr : &*it;
    if (m_failures.size() >= m_options.limits.maxFailedLoginEntries) {
        // Forget the oldest (a linear pass, only when the table is full).
        auto oldest = m_failures.begin();
        for (auto i = m_failures.begin(); i != m_failures.end(); ++i)
            if (i->lastMs < oldest->lastMs)
                oldest = i;
        m_failures.erase(oldest);
    }
    return &*m_failures.insert(key, {});
}

int EmulatedServer::failedLogins(const QHostAddress &address, const QByteArray &user) const
{
    const qint64 now = m_clock.elapsed();
    int most = 0;
    for (const QByteArray &key : failureKeys(address, user)) {
        const auto it = m_failures.constFind(key);
        if (it != m_failures.cend() && now - it->lastMs <= m_options.limits.failedLoginMemoryMs)
            most = std::max(most, it->count);
    }
    return most;
}

int EmulatedServer::loginFailed(const QHostAddress &address, const QByteArray &user)
{
    int most = 0;
    for (const QByteArray &key : failureKeys(address, user)) {
        Failures *f = failuresFor(key, true);
        f->count = std::min(f->count + 1, 1 << 20);
        f->lastMs = m_clock.elapsed();
        most = std::max(most, f->count);
    }
    return m_options.limits.failedLoginDelay(most);
}

void EmulatedServer::loginSucceeded(const QHostAddress &address, const QByteArray &user)
{
    for (const QByteArray &key : failureKeys(address, user))
        m_failures.remove(key);
}

} // namespace msim::emulator
