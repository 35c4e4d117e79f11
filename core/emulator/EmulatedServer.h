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
#include <QObject>
#include <QPointer>
#include <QTcpServer>

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
};

// The built-in fault-injecting IMAP server (DESIGN.md §5): a plain + STARTTLS listener and an
// implicit-TLS listener, loopback by default, many concurrent sessions on one event loop, each
// with its own fault state and bounded buffers. It answers CAPABILITY, LOGIN, AUTHENTICATE PLAIN
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
    void setCapture(net::CaptureFilePtr capture) { m_options.capture = std::move(capture); }
    void stop();
    bool isRunning() const { return m_running; }

    quint16 port() const;                                          // 0 when not listening
    quint16 tlsPort() const;                                       // 0 when not listening
    QByteArray fingerprint() const { return m_identity.sha256(); } // SHA-256 of the DER
    const TlsIdentity &identity() const { return m_identity; }
    const ServerOptions &options() const { return m_options; }
    const ServerProfile &profile() const { return m_profile; }
    Mailbox &mailbox() { return m_mailbox; }
    const Mailbox &mailbox() const { return m_mailbox; }

    int sessionCount() const { return int(m_sessions.size()); }
    int sessionsFrom(const QHostAddress &address) const { return m_perAddress.value(address); }
    // Octets buffered by not-yet-authenticated sessions, in all (ServerLimits).
    qint64 preAuthOctets() const { return m_preAuthOctets; }
    // Failed logins in a row now remembered for this address / this user name (ServerLimits).
    int failedLogins(const QHostAddress &address, const QByteArray &user) const;
    quint64 sessionsServed() const { return m_served; }

    // "listening imap 127.0.0.1:PORT" / "listening imaps 127.0.0.1:PORT sha256:HEX"
    QStringList listenerLines() const;

Q_SIGNALS:
    void sessionsChanged(int active);

private:
    friend class EmulatedSession;
    void accept(qintptr descriptor, bool implicitTls);
    void sessionClosed(EmulatedSession *s);
    // A session's buffered pre-auth octets changed by `delta`; false (and nothing counted)
    // when the total would pass ServerLimits::maxPreAuthTotalOctets.
    bool countPreAuth(qint64 delta);
    // Records a failed login and returns how long to hold its NO (ms); a success forgets both.
    int loginFailed(const QHostAddress &address, const QByteArray &user);
    void loginSucceeded(const QHostAddress &address, const QByteArray &user);

    class Listener;
    ServerOptions m_options;
    ServerProfile m_profile;
    Mailbox m_mailbox;
    TlsIdentity m_identity;
    Listener *m_plain = nullptr;
    Listener *m_tls = nullptr;
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
    Failures *failuresFor(const QByteArray &key, bool create);
    quint64 m_served = 0;
    bool m_running = false;
};

} // namespace msim::emulator
