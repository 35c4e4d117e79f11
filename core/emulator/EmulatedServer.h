// SPDX-License-Identifier: MIT
#pragma once

#include "emulator/CertificateMint.h"
#include "emulator/Mailbox.h"
#include "emulator/ServerLimits.h"
#include "emulator/ServerProfile.h"
#include "net/Capture.h"

#include <QElapsedTimer>
#include <QHash>
#include <QHostAddress>
#include <QMutex>
#include <QObject>
#include <QPointer>
#include <QTcpServer>
#include <QThread>
#include <QTimer>

#include <optional>

namespace msim::emulator {

class EmulatedSession;

struct ServerOptions
{
    QHostAddress listen = QHostAddress::LocalHost; // loopback unless told otherwise
    std::optional<quint16> port = quint16(0);      // plain + STARTTLS listener (0: any free)
    std::optional<quint16> tlsPort = quint16(0);   // implicit-TLS listener (0: any free)
    QString profile = QStringLiteral("rfc3501");
    ServerKnobs knobs;
    QByteArray user = "test";
    QByteArray password = "secret";
    TlsIdentity
        identity;        // null: CertificateMint::loadOrCreate(CertificateMint::defaultDirectory())
    ServerLimits limits; // against hostile clients (ServerLimits.h)
    // serve --pcap: every session's decrypted octets, recorded as they pass (net::CaptureFile).
    net::CaptureFilePtr capture;
    // Threads that serve the sessions (DESIGN.md §5: one session's work never holds up another
    // for long). 0: every session runs on the thread that runs the server (the GUI, scenarios,
    // most tests). N > 0: each accepted connection is handed to one of N worker threads in
    // turn, each with its own event loop, so that TLS handshakes and commands of sessions on
    // different workers run in parallel; `serve` uses defaultWorkers(). At most kMaxWorkers.
    int workers = 0;
    static constexpr int kMaxWorkers = 64;
    // The processor's threads (QThread::idealThreadCount()), at least 2, at most 16.
    static int defaultWorkers();
};

// The built-in fault-injecting IMAP server (DESIGN.md §5): a plain + STARTTLS listener and an
// implicit-TLS listener, loopback by default, many concurrent sessions (on the server's thread
// or on ServerOptions::workers worker threads), each with its own fault state and bounded
// buffers. It answers CAPABILITY, LOGIN, AUTHENTICATE PLAIN
// (SASL-IR too), STARTTLS, LIST, LSUB, SELECT, EXAMINE, (UID) FETCH, (UID) STORE, NOOP, LOGOUT
// as RFC 3501 says, and misbehaves as the profile says.
class EmulatedServer : public QObject
{
    Q_OBJECT
public:
    explicit EmulatedServer(ServerOptions options, Mailbox mailbox, QObject *parent = nullptr);
    ~EmulatedServer() override;

    bool start(QString *error);
    // Records the sessions accepted from now on (serve --pcap: made after start() so that its
    // comment can name the listeners' ports).
    void setCapture(net::CaptureFilePtr capture);
    // Closes the listeners, ends every session (in its own thread) and the worker threads.
    void stop();
    bool isRunning() const { return m_running; }

    quint16 port() const;                                          // 0 when not listening
    quint16 tlsPort() const;                                       // 0 when not listening
    QByteArray fingerprint() const { return m_identity.sha256(); } // SHA-256 of the DER
    const TlsIdentity &identity() const { return m_identity; }
    const ServerOptions &options() const { return m_options; }
    const ServerProfile &profile() const { return m_profile; }
    // The messages served. Their number, UIDs and octets never change once the server is made;
    // their flags do (STORE, FETCH setting \Seen), in the sessions' threads: read those with
    // flagsOf().
    const Mailbox &mailbox() const { return m_mailbox; }
    // The flags of the message at `index` (0-based) now; empty when there is none.
    QList<QByteArray> flagsOf(qsizetype index) const;

    // The counts below may be read from any thread.
    int sessionCount() const;
    int sessionsFrom(const QHostAddress &address) const;
    // Octets buffered by not-yet-authenticated sessions, in all (ServerLimits).
    qint64 preAuthOctets() const;
    // Failed logins in a row now remembered for this address / this user name (ServerLimits).
    int failedLogins(const QHostAddress &address, const QByteArray &user) const;
    quint64 sessionsServed() const;
    int workerCount() const { return int(m_workers.size()); }

    // "listening imap 127.0.0.1:PORT" / "listening imaps 127.0.0.1:PORT sha256:HEX"
    QStringList listenerLines() const;

Q_SIGNALS:
    // Emitted from the thread of the session that opened or closed (connect with a context
    // object to receive it on yours).
    void sessionsChanged(int active);

private:
    friend class EmulatedSession;
    // On the listener's (the server's) thread: hands the descriptor to a worker, or starts
    // its session here when there are none.
    void accept(qintptr descriptor, bool implicitTls);
    // On the thread the session will live on: admits it (ServerLimits) or answers BYE.
    void startSession(qintptr descriptor, bool implicitTls, QObject *home);
    void sessionClosed(EmulatedSession *s);
    // A session's buffered pre-auth octets changed by `delta`; false (and nothing counted)
    // when the total would pass ServerLimits::maxPreAuthTotalOctets.
    bool countPreAuth(qint64 delta);
    // Records a failed login and returns how long to hold its NO (ms); a success forgets both.
    int loginFailed(const QHostAddress &address, const QByteArray &user);
    void loginSucceeded(const QHostAddress &address, const QByteArray &user);

    class Listener;
    // Everything below that sessions change (the sessions, the counts and tables, the
    // messages' flags) is read and written under m_lock; sessions never call back into the
    // server while they hold it.
    mutable QMutex m_lock;
    ServerOptions m_options;
    ServerProfile m_profile;
    Mailbox m_mailbox;
    TlsIdentity m_identity;
    Listener *m_plain = nullptr;
    Listener *m_tls = nullptr;
    struct Worker
    {
        QThread *thread = nullptr;
        QObject *home = nullptr; // lives in `thread`: its sessions' parent
    };
    QList<Worker> m_workers; // made by start(), ended by stop()
    qsizetype m_nextWorker = 0;
    int m_admitting = 0; // sessions admitted and not yet in m_sessions
    QTimer m_idleTrim;   // malloc_trim once no session is left for a second
    QList<EmulatedSession *> m_sessions;
    QHash<QHostAddress, int> m_perAddress;
    qint64 m_preAuthOctets = 0;
    struct Failures
    {
        int count = 0;
        qint64 lastMs = 0; // on m_clock
    };
    QHash<QByteArray, Failures> m_failures; // "a:" + address, "u:" + user name
    QElapsedTimer m_clock;
    Failures *failuresFor(const QByteArray &key, bool create); // (m_lock held)
    quint64 m_served = 0;
    bool m_running = false;
};

} // namespace msim::emulator
