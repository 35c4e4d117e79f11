// SPDX-License-Identifier: MIT
#pragma once

#include "imap/ImapSession.h"

#include <QObject>

namespace msim::imap {

// One ImapSession's way from the greeting to an authenticated session, as Messenger 4.x
// logged in (MESSENGER45.md §3), in the manner of KIMAP's LoginJob: `capability` unless the
// client's CapabilityCache already holds this host:port (capabilities come only from the
// untagged * CAPABILITY reply to that command); STARTTLS when the session asks for it (msim's
// addition, never a fallback to plain text, `capability` always sent again after it); refuse a
// server that lists no IMAP4*; then the login variants: `authenticate login` when AUTH=LOGIN is
// advertised and mail.auth_login is set (4.x falls back to `login` when refused), else the raw
// `login "user" "password"`, or AUTHENTICATE PLAIN (msim's addition) when LOGINDISABLED
// demands it. A BYE or garbage greeting fails; a PREAUTH greeting skips the login. Owned by the
// session, which it drives through its command queue (a friend of ImapSession); the session ends it
// early (timeout, close, parse error) by failing the open itself, and then the job hears no more.
class LoginJob : public QObject
{
    Q_OBJECT
public:
    enum class State {
        Idle,
        Greeting,           // waiting for the server's greeting
        Capability,         // `capability` before any STARTTLS (or the cached capabilities)
        StartTls,           // STARTTLS sent
        TlsHandshake,       // STARTTLS accepted; the handshake is running
        CapabilityAfterTls, // `capability` again over TLS (RFC 3501 §6.2.1)
        AuthenticateLogin,  // 4.x: `authenticate login`, user and password in base64
        Login,              // 4.x: `login "user" "password"`, unescaped
        AuthenticatePlain,  // msim's addition when the server says LOGINDISABLED
        Done,
        Failed
    };
    Q_ENUM(State)
    // The subset: Greeting, StartTls*, LoginRefused, NoLoginMethod, NotImap4.
    using Error = ImapSession::Error;

    explicit LoginJob(ImapSession *session);

    // Begins once the connection is up (the session's Greeting state). Ends with finished();
    // on failure errorOccurred(error()) comes first.
    void start();
    // The session's first response: * OK or * PREAUTH goes on, anything else fails (Greeting).
    void greeting(const Response &r);
    // The STARTTLS handshake completed (the session forwards Connection::tlsReady).
    void tlsReady();

    State state() const { return m_state; }
    Error error() const { return m_error; }
    QString errorString() const { return m_errorString; }

Q_SIGNALS:
    void errorOccurred(msim::imap::ImapSession::Error error);
    void finished();

private:
    void setState(State state);
    void fail(Error error, const QString &message);
    void succeed();
    bool takeCachedCapabilities();
    void sendCapability(bool store);
    void capabilitiesKnown();
    bool listsImap4() const;
    void refusePreauthWithoutTls();
    void startTls();
    void startLogin();
    void authenticateLogin();
    void login();
    void authenticatePlain();
    QString loginRefusal(const TaggedResponse &t) const;
    QString cacheKey() const;
    // A continuation line that is a secret as a whole (transcript-redacted).
    static Command secretLine(QByteArray text);
    // A command of the login ended with OK, NO or BAD; otherwise the session already failed.
    static bool answered(const PendingCommand &c);

    // Capabilities quoted in notes and errors.
    static constexpr qsizetype kMaxQuotedCapabilities = 400;

    ImapSession *m_session;
    State m_state = State::Idle;
    Error m_error = Error::None;
    QString m_errorString;
};

} // namespace msim::imap
