// SPDX-License-Identifier: MIT
#include "emulator/EmulatedServer.h"

#include "emulator/EmulatedSession.h"
#include "emulator/Logging.h"
#include "net/TlsPolicy.h"

#include <QSslConfiguration>
#include <QSslSocket>

#include <array>
#include <memory>

#include <openssl/crypto.h>

#include <unistd.h>
#if defined(__GLIBC__)
#include <malloc.h>
#endif

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

int ServerOptions::defaultWorkers()
{
    return std::clamp(QThread::idealThreadCount(), 2, 16);
}

EmulatedServer::EmulatedServer(ServerOptions options, Mailbox mailbox, QObject *parent)
    : QObject(parent)
    , m_options(std::move(options))
    , m_mailbox(std::move(mailbox))
    , m_identity(m_options.identity)
{
    // Made the only owner of its array now, so that a STORE in a session's thread never
    // reallocates it while another session reads the UIDs (unlocked: they never change).
    m_mailbox.messages.detach();
    m_clock.start();
    // No session for a second: what the sessions freed goes back to the system (glibc keeps
    // freed memory in each thread's arena, and RSS would stay at its peak after an attack).
    // At most once a second, however often clients come and go.
    m_idleTrim.setSingleShot(true);
    m_idleTrim.setInterval(1000);
    connect(&m_idleTrim, &QTimer::timeout, this, [this] {
        if (sessionCount() == 0) {
#if defined(__GLIBC__)
            malloc_trim(0);
#endif
        }
    });
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
    if (m_options.workers < 0 || m_options.workers > ServerOptions::kMaxWorkers) {
        *error = QStringLiteral("the server takes 0 to %1 worker threads, not %2")
                     .arg(ServerOptions::kMaxWorkers)
                     .arg(m_options.workers);
        return false;
    }
    for (int i = 0; i < m_options.workers; ++i) {
        Worker w;
        w.thread = new QThread(this);
        w.thread->setObjectName(QStringLiteral("msim server worker %1").arg(i + 1));
        w.home = new QObject;
        w.home->moveToThread(w.thread);
        // Sessions still there when the thread ends go with their parent, in that thread.
        connect(w.thread, &QThread::finished, w.home, &QObject::deleteLater);
        w.thread->start();
        m_workers << w;
        if (!w.thread->isRunning()) {
            stop();
            *error = QStringLiteral("could not start the server's worker thread %1 of %2")
                         .arg(i + 1)
                         .arg(m_options.workers);
            return false;
        }
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
    delete m_plain; // first: nothing new is accepted
    m_plain = nullptr;
    delete m_tls;
    m_tls = nullptr;
    if (m_workers.isEmpty()) {
        const QList<EmulatedSession *> sessions = std::exchange(m_sessions, {});
        for (EmulatedSession *s : sessions)
            delete s;
    }
    // Each worker deletes its sessions in its own thread: those it started from connections
    // accepted before the listeners closed too (the call queues behind them).
    for (const Worker &w : std::as_const(m_workers)) {
        if (!w.thread->isRunning()) { // it never started (start() failed): nothing runs there
            delete w.home;
            delete w.thread;
            continue;
        }
        QMetaObject::invokeMethod(
            w.home,
            [home = w.home] {
                // The sessions, and the refused connections still saying BYE.
                const QObjectList children = home->children(); // a copy: deleting shrinks it
                qDeleteAll(children);
                // The thread's OpenSSL state is freed here, not at its exit: wait() returns
                // before the thread's key destructors run, and a process that then exits
                // (serve) cleans OpenSSL up first, so that state would leak (LeakSanitizer).
                OPENSSL_thread_stop();
            },
            Qt::BlockingQueuedConnection);
        w.thread->quit();
        w.thread->wait();
        delete w.thread;
    }
    m_workers.clear();
    {
        QMutexLocker lock(&m_lock);
        m_sessions.clear();
        m_perAddress.clear();
        m_preAuthOctets = 0;
    }
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

void EmulatedServer::setCapture(net::CaptureFilePtr capture)
{
    QMutexLocker lock(&m_lock);
    m_options.capture = std::move(capture);
}

void EmulatedServer::accept(qintptr descriptor, bool implicitTls)
{
    if (m_workers.isEmpty())
        return startSession(descriptor, implicitTls, this);
    const Worker &w = m_workers[m_nextWorker++ % m_workers.size()];
    // The descriptor is closed if the worker ends before it takes it (stop()).
    const auto owned = std::shared_ptr<qintptr>(new qintptr(descriptor), [](qintptr *d) {
        if (*d >= 0)
            ::close(int(*d));
        delete d;
    });
    QMetaObject::invokeMethod(
        w.home,
        [this, owned, implicitTls, home = w.home] {
            startSession(std::exchange(*owned, -1), implicitTls, home);
        },
        Qt::QueuedConnection);
}

void EmulatedServer::startSession(qintptr descriptor, bool implicitTls, QObject *home)
{
    // Parented to `home` so that a refused connection still waiting for its BYE to go out
    // ends with its thread (stop()).
    auto *socket = new QSslSocket(home);
    if (!socket->setSocketDescriptor(descriptor)) {
        delete socket;
        ::close(int(descriptor)); // Qt did not take it
        return;
    }
    const QHostAddress peer = socket->peerAddress();
    QMutexLocker lock(&m_lock);
    const qsizetype open = m_sessions.size() + m_admitting;
    const int fromPeer = m_perAddress.value(peer);
    const bool full = open >= m_options.limits.maxSessions;
    if (full || fromPeer >= m_options.limits.maxSessionsPerAddress) {
        lock.unlock();
        qCDebug(lcEmulator) << "session refused: already" << open << "sessions," << fromPeer
                            << "from" << peer.toString();
        socket->write(full ? "* BYE Too many connections to the msim built-in server\r\n"
                           : "* BYE Too many connections from your address to the msim "
                             "built-in server\r\n");
        socket->disconnectFromHost();
        connect(socket, &QSslSocket::disconnected, socket, &QObject::deleteLater);
        QTimer::singleShot(2000, socket, &QObject::deleteLater);
        return;
    }
    ++m_perAddress[peer];
    ++m_admitting; // counted against maxSessions until it is in m_sessions
    const quint64 number = ++m_served;
    const net::CaptureFilePtr capture = m_options.capture;
    lock.unlock();
    socket->setLocalCertificate(m_identity.certificate);
    socket->setPrivateKey(m_identity.key);
    socket->setPeerVerifyMode(QSslSocket::VerifyNone);
    auto *session = new EmulatedSession(socket, this, home, implicitTls, number, capture);
    qCDebug(lcEmulator) << "session" << number << "opened" << (implicitTls ? "(imaps)" : "(imap)")
                        << "from" << peer.toString() << socket->peerPort();
    // Queued on the session's own thread: its bookkeeping never waits for another thread.
    connect(
        session, &EmulatedSession::finished, session, [this, session] { sessionClosed(session); },
        Qt::QueuedConnection);
    lock.relock();
    --m_admitting;
    m_sessions.append(session);
    const int active = int(m_sessions.size());
    lock.unlock();
    Q_EMIT sessionsChanged(active);
}

void EmulatedServer::sessionClosed(EmulatedSession *s)
{
    QMutexLocker lock(&m_lock);
    if (!m_sessions.removeOne(s))
        return;
    if (auto it = m_perAddress.find(s->peerAddress()); it != m_perAddress.end() && --*it <= 0)
        m_perAddress.erase(it);
    const int active = int(m_sessions.size());
    lock.unlock();
    s->deleteLater();
    qCDebug(lcEmulator) << "session closed," << active << "still open";
    if (active == 0) // on the server's thread: its timer
        QMetaObject::invokeMethod(
            this, [this] { m_idleTrim.start(); }, Qt::QueuedConnection);
    Q_EMIT sessionsChanged(active);
}

QList<QByteArray> EmulatedServer::flagsOf(qsizetype index) const
{
    QMutexLocker lock(&m_lock);
    if (index < 0 || index >= m_mailbox.messages.size())
        return {};
    // A list of its own: one sharing the mailbox's array could see a STORE on a session's
    // thread write that array in place (EmulatedSession's flagsCopy()).
    const QList<QByteArray> &flags = m_mailbox.messages[index].flags;
    return QList<QByteArray>(flags.cbegin(), flags.cend());
}

int EmulatedServer::sessionCount() const
{
    QMutexLocker lock(&m_lock);
    return int(m_sessions.size());
}

int EmulatedServer::sessionsFrom(const QHostAddress &address) const
{
    QMutexLocker lock(&m_lock);
    return m_perAddress.value(address);
}

qint64 EmulatedServer::preAuthOctets() const
{
    QMutexLocker lock(&m_lock);
    return m_preAuthOctets;
}

quint64 EmulatedServer::sessionsServed() const
{
    QMutexLocker lock(&m_lock);
    return m_served;
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
    QMutexLocker lock(&m_lock);
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
    QMutexLocker lock(&m_lock);
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
    QMutexLocker lock(&m_lock);
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
    QMutexLocker lock(&m_lock);
    for (const QByteArray &key : failureKeys(address, user))
        m_failures.remove(key);
}

} // namespace msim::emulator
