// SPDX-License-Identifier: MIT
#pragma once

#include "imap/CommandBuilder.h"
#include "imap/ErrorDrain.h"
#include "imap/PendingCommand.h"
#include "imap/Response.h"
#include "imap/ResponseFramer.h"
#include "imap/SessionDeadline.h"
#include "imap/SessionOptions.h"
#include "net/Connection.h"
#include "net/NameTable.h"

#include <QElapsedTimer>
#include <QObject>
#include <QPointer>
#include <QTimer>

#include <functional>
#include <memory>

namespace msim::imap {

class LoginJob;

// How a session ended (or that it has not).
enum class SessionEnd { Open, Logout, EmergencyLogout, Disconnected };
inline constexpr auto kSessionEndNames =
    net::nameTable<SessionEnd>({{SessionEnd::Open, "open"},
                                {SessionEnd::Logout, "logout"},
                                {SessionEnd::EmergencyLogout, "emergency_logout"},
                                {SessionEnd::Disconnected, "disconnected"}});
inline QString sessionEndName(SessionEnd e)
{
    return kSessionEndNames.name(e);
}

// An IMAP client session as Messenger 4.x ran one (MESSENGER45.md §3): greeting (OK or
// PREAUTH); `capability`, unless the client's CapabilityCache already holds this host:port
// (capabilities come only from the untagged * CAPABILITY reply to that command, never from
// [CAPABILITY] codes); a server listing no IMAP4, IMAP4rev1 or IMAP4* is refused (NotImap4);
// login as 4.x did it (`authenticate login` when AUTH=LOGIN is advertised and authLogin is set,
// else `login "user" "password"` with the arguments unescaped); then a queue of commands, one
// in flight at a time, decimal tags from 1. msim's additions, each noted in the transcript as
// not 4.5's: STARTTLS when asked (never a fallback to plain text; `capability` is always sent
// again after it) and AUTHENTICATE PLAIN when LOGINDISABLED demands it. A protocol error ends
// the session deliberately: the emulated `xxxx logout` goes out at once, then the analysis
// reads on without answering until the failing command's tagged completion (or close, or a
// short timeout) and the socket is closed. Every octet goes to the Transcript.
class ImapSession : public QObject
{
    Q_OBJECT
    friend class LoginJob; // the login steps run on the session's command queue and capabilities
public:
    enum class State {
        Idle,
        Connecting,
        Greeting,
        Authenticating,
        Authenticated,
        Draining,
        Closing,
        Closed
    };
    Q_ENUM(State)
    enum class Error {
        None,
        Connection, // see connectionError()
        Greeting,   // BYE or garbage instead of a greeting
        StartTlsUnavailable,
        StartTlsRefused,
        LoginRefused,
        NoLoginMethod,
        NotImap4, // the capability reply lists no IMAP4, IMAP4rev1 or IMAP4*: 4.5 refuses it
        Protocol,
        Timeout,
        Disconnected,
        Limit,
    };
    Q_ENUM(Error)

    explicit ImapSession(SessionOptions options, QObject *parent = nullptr);
    ~ImapSession() override;

    // Connects, reads the greeting and logs in (LoginJob). Ends with opened(), or with
    // errorOccurred(error()) when the session could not be opened (connect, TLS, greeting,
    // capability, STARTTLS, login). Errors after opened() end the command in flight (its
    // outcome says how) and closed() follows; error() and errorString() then say why too.
    void open();
    PendingCommand *execute(const Command &command);
    PendingCommand *execute(const Command &command, PendingCommand::ContinuationHandler handler);
    void logout();          // queued `logout`; closed() follows
    void emergencyLogout(); // `xxxx logout` now, then close
    // The emulated client's own reading of a response that did parse failed (MESSENGER45.md
    // §4: an item 4.x did not know, a NUL in a literal). Treated as a protocol error on the
    // command in flight: `xxxx logout` now, then the analysis reads on to the command's tagged
    // completion, the close or the drain timeout, and the command ends with ParseError and
    // `why` (sanitised by the caller). No command in flight: the same as emergencyLogout().
    void clientParseError(const QString &why);
    void abort(); // close without a word
    // Keeps what has arrived of the reply in flight (the framer's unfinished response) in the
    // command's incomplete(), so that a cancel, a timeout or a close loses no octet. Idempotent.
    void keepPartialReply();

    State state() const { return m_state; }
    bool isUsable() const { return m_state == State::Authenticated; }
    SessionEnd end() const { return m_end; }
    Error error() const { return m_error; }
    QString errorString() const { return m_errorString; }
    net::Connection::Error connectionError() const
    {
        return m_connection ? m_connection->error() : net::Connection::Error::None;
    }

    const SessionOptions &options() const { return m_options; }
    QByteArray greeting() const { return m_greeting; }
    // What the `capability` command (or the cache) said; upper-cased.
    const QList<QByteArray> &capabilities() const { return m_capabilities; }
    bool hasCapability(QByteArrayView cap) const;
    bool capabilitiesFromCache() const { return m_capabilitiesFromCache; }
    // Server text as msim shows it: the password (and its base64 / AUTHENTICATE PLAIN forms)
    // masked, control octets escaped (Transcript::escape).
    QString sanitisedServerText(QByteArrayView text) const;
    std::optional<net::TlsInfo> tlsInfo() const
    {
        return m_connection ? m_connection->tlsInfo() : std::nullopt;
    }
    QSslCertificate rejectedCertificate() const
    {
        return m_connection ? m_connection->rejectedCertificate() : QSslCertificate();
    }
    QStringList rejectionReasons() const
    {
        return m_connection ? m_connection->rejectionReasons() : QStringList();
    }
    net::TranscriptPtr transcript() const { return m_transcript; }
    qint64 elapsed() const { return m_clock.elapsed(); }
    bool preauthenticated() const { return m_preauth; }
    bool byeReceived() const { return m_byeSeen; } // an untagged BYE arrived on this session
    // The last BYE's text with its response code ("[ALERT] closing"), sanitised; empty if none.
    const QString &byeText() const { return m_byeText; }

Q_SIGNALS:
    void opened();
    // The session could not be opened; error() and errorString() say why.
    void errorOccurred(msim::imap::ImapSession::Error error);
    void untagged(const msim::imap::Response &response);
    void closed();

private:
    void onConnectionReady();
    void onTlsReady();
    void onReceived(const QByteArray &bytes);
    void process(const QByteArray &bytes); // onReceived() without the ACK decision
    void onConnectionError();
    void onConnectionClosed();
    void onTimeout();

    void handleResponse(const Response &r);
    void protocolError(const ParseError &e);
    void startDrain(qint64 from);
    void appendDrain(const QByteArray &bytes);
    void finishDrain(PendingCommand::DrainEnd how);
    void sendNext();
    void finishCommand(PendingCommand *cmd, PendingCommand::Outcome outcome, const QString &error);
    void failOpen(Error e, const QString &message);
    void keepFirstError(Error e, const QString &message); // unless an error is already known
    // After opened(): the command in flight ends with `outcome` (what arrived of its reply
    // kept), then `xxxx logout` and the close (a timeout, a limit).
    void endInFlight(Error e, PendingCommand::Outcome outcome, const QString &message);
    void teardown(SessionEnd end, bool sendXxxx);

    void writeEmergencyLogout();

    void setState(State state);
    void abortQueued(); // every queued command ends Aborted
    void loginFinished();
    QString taggedText(const TaggedResponse &t) const; // "NO [CODE x] text", sanitised

    SessionOptions m_options;
    net::TranscriptPtr m_transcript;
    QPointer<net::Connection> m_connection;
    ResponseFramer m_framer;
    TagGenerator m_tags;
    QElapsedTimer m_clock;
    SessionDeadline m_timer;
    QList<PendingCommand *> m_finished; // answered, deleted on the next read
    State m_state = State::Idle;
    SessionEnd m_end = SessionEnd::Open;
    Error m_error = Error::None;
    QString m_errorString;
    QByteArray m_greeting;
    QList<QByteArray> m_capabilities;
    bool m_capabilitiesFromCache = false;
    bool m_capabilityLearned = false; // a * CAPABILITY answered the last `capability`
    QPointer<PendingCommand> m_capabilityCommand;
    LoginJob *m_login = nullptr; // a child; created at the greeting
    bool m_preauth = false;
    bool m_opened = false;
    bool m_byeSeen = false;
    QString m_byeText;
    bool m_logoutSent = false;
    bool m_xxxxSent = false;
    bool m_startTlsPending = false;
    QList<PendingCommand *> m_queue;
    QPointer<PendingCommand> m_current;
    // draining after a protocol error
    QPointer<PendingCommand> m_drainCommand;
    ErrorDrain m_drain;
};

} // namespace msim::imap
