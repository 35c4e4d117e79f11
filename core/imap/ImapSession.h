#pragma once

#include "imap/CapabilityCache.h"
#include "imap/CommandBuilder.h"
#include "imap/Response.h"
#include "imap/ResponseFramer.h"
#include "net/Connection.h"
#include "net/NameTable.h"

#include <QElapsedTimer>
#include <QObject>
#include <QPointer>
#include <QTimer>

#include <functional>
#include <memory>

namespace msim::imap {

struct Credentials
{
    QByteArray user;
    QByteArray password; // kept in memory only; every write of it is marked secret
};

struct SessionOptions
{
    net::Endpoint endpoint;
    net::TlsPolicy tls;
    Credentials credentials;
    int connectTimeoutMs = 30000;
    int commandTimeoutMs = 30000; // silence allowed while a command (or the greeting) is pending
    int drainTimeoutMs = 1500;    // after a parse error, how long the analysis reads on
    // Pref mail.auth_login: `authenticate login` when the server advertises AUTH=LOGIN.
    bool authLogin = true;
    // The emulated client's capability cache (MESSENGER45.md §3), shared by all its sessions;
    // nullptr: none, every connection sends `capability`.
    std::shared_ptr<CapabilityCache> capabilityCache;
};

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

// One command in flight or queued. It collects the untagged responses that arrive while it
// is the command in flight, and ends with an outcome. It deletes itself (deleteLater) after
// finished(); take what you need in the slot.
class PendingCommand : public QObject
{
    Q_OBJECT
public:
    enum class Outcome { Pending, Ok, No, Bad, ParseError, Disconnected, Timeout, Limit, Aborted };
    Q_ENUM(Outcome)
    enum class DrainEnd { None, TaggedCompletion, Closed, Timeout, Limit };

    QByteArray tag() const { return m_tag; }
    QByteArray text() const { return m_command.text; } // without secrets' redaction: internal
    Outcome outcome() const { return m_outcome; }
    bool isOk() const { return m_outcome == Outcome::Ok; }
    const TaggedResponse &tagged() const { return m_tagged; }
    QString errorString() const { return m_errorString; }
    const std::optional<ParseError> &parseError() const { return m_parseError; }
    const QList<Response> &responses() const { return m_responses; }
    void setCollect(bool collect) { m_collect = collect; }

    // Monotonic times (ms since the session began) of the send and of the end.
    qint64 sentAt() const { return m_sentAt; }
    qint64 finishedAt() const { return m_finishedAt; }

    // After a parse error: the raw octets from the end of the literal before the error (or the
    // start of the failing response) up to this command's tagged completion line (excluded),
    // the close or the timeout. `xxxx logout` was written when the error happened; the server's
    // answers to it (`* BYE`, `xxxx OK`) are never part of drained().
    qint64 drainOffset() const { return m_drainOffset; }
    const QByteArray &drained() const { return m_drained; }
    DrainEnd drainEnd() const { return m_drainEnd; }
    // After a disconnect in the middle of a response: what arrived of it.
    const std::optional<RawResponse> &incomplete() const { return m_incomplete; }

    using ContinuationHandler = std::function<std::optional<Command>(const Continuation &)>;

Q_SIGNALS:
    void untagged(const msim::imap::Response &response);
    void finished();

private:
    friend class ImapSession;
    explicit PendingCommand(Command command, QObject *parent)
        : QObject(parent)
        , m_command(std::move(command))
    {}

    Command m_command;
    QByteArray m_tag;
    Outcome m_outcome = Outcome::Pending;
    TaggedResponse m_tagged;
    QString m_errorString;
    std::optional<ParseError> m_parseError;
    QList<Response> m_responses;
    bool m_collect = true;
    qint64 m_untaggedCount = 0;
    qint64 m_sentAt = -1;
    qint64 m_finishedAt = -1;
    qint64 m_drainOffset = -1;
    QByteArray m_drained;
    DrainEnd m_drainEnd = DrainEnd::None;
    std::optional<RawResponse> m_incomplete;
    ContinuationHandler m_onContinuation;
};

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

    void open(); // -> opened() or failed()
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
    net::Connection::Error connectionError() const;

    const SessionOptions &options() const { return m_options; }
    QByteArray greeting() const { return m_greeting; }
    // What the `capability` command (or the cache) said; upper-cased.
    const QList<QByteArray> &capabilities() const { return m_capabilities; }
    bool hasCapability(QByteArrayView cap) const;
    bool capabilitiesFromCache() const { return m_capabilitiesFromCache; }
    // Server text as msim shows it: the password (and its base64 / AUTHENTICATE PLAIN forms)
    // masked, control octets escaped (Transcript::escape).
    QString sanitisedServerText(QByteArrayView text) const;
    std::optional<net::TlsInfo> tlsInfo() const;
    QSslCertificate rejectedCertificate() const;
    QStringList rejectionReasons() const;
    net::TranscriptPtr transcript() const { return m_transcript; }
    qint64 elapsed() const { return m_clock.elapsed(); }
    bool preauthenticated() const { return m_preauth; }
    bool byeReceived() const { return m_byeSeen; } // an untagged BYE arrived on this session
    // The last BYE's text with its response code ("[ALERT] closing"), sanitised; empty if none.
    const QString &byeText() const { return m_byeText; }

Q_SIGNALS:
    void opened();
    void failed();
    void untagged(const msim::imap::Response &response);
    void closed();

private:
    void onConnectionReady();
    void onTlsReady();
    void onReceived(const QByteArray &bytes);
    void onConnectionError();
    void onConnectionClosed();
    void onTimeout();

    void handleResponse(const Response &r);
    void handleGreeting(const Response &r);
    void protocolError(const ParseError &e);
    void startDrain(qint64 from);
    void appendDrain(const QByteArray &bytes);
    void finishDrain(PendingCommand::DrainEnd how);
    void sendNext();
    void finishCommand(PendingCommand *cmd, PendingCommand::Outcome outcome, const QString &error);
    void failOpen(Error e, const QString &message);
    void teardown(SessionEnd end, bool sendXxxx);

    void writeEmergencyLogout();
    static void trimLogoutReplies(QByteArray &drained);

    QString cacheKey() const;
    void learnCapabilities(std::function<void()> then, bool store);
    void sendCapability(std::function<void()> then, bool store);
    bool listsImap4() const;
    void refusePreauthWithoutTls();
    void startTls();
    void startLogin();
    void tryLogin();
    void tryAuthenticatePlain();
    void loggedIn();
    QString loginRefusal(const TaggedResponse &t) const;
    QString taggedText(const TaggedResponse &t) const; // "NO [CODE x] text", sanitised
    QByteArray maskSecrets(QByteArray text) const;

    // A password shorter than this is not masked in server text: masking every occurrence of a
    // one- to three-octet string would garble the text and still give the password away.
    static constexpr qsizetype kMinMaskedSecretOctets = 4;
    // Capabilities quoted in notes and errors.
    static constexpr qsizetype kMaxQuotedCapabilities = 400;

    SessionOptions m_options;
    net::TranscriptPtr m_transcript;
    QPointer<net::Connection> m_connection;
    ResponseFramer m_framer;
    TagGenerator m_tags;
    QElapsedTimer m_clock;
    QTimer m_timer;
    State m_state = State::Idle;
    SessionEnd m_end = SessionEnd::Open;
    Error m_error = Error::None;
    QString m_errorString;
    QByteArray m_greeting;
    QList<QByteArray> m_capabilities;
    bool m_capabilitiesFromCache = false;
    bool m_capabilityLearned = false; // a * CAPABILITY answered the last `capability`
    QPointer<PendingCommand> m_capabilityCommand;
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
    QByteArray m_drainTag;
    qsizetype m_drainScan = 0;
};

} // namespace msim::imap
