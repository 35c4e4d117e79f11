// SPDX-License-Identifier: MIT
#pragma once

#include "imap/ImapSession.h"

#include <QObject>
#include <QPointer>

namespace msim::fetch {

// Opens one connection for a fetch, in the manner of Trojita's OpenConnectionTask: the
// session's connect, greeting and login (imap::ImapSession::open, imap::LoginJob), then
// `select` of the mailbox, as 4.x did before any FETCH (MESSENGER45.md §3). The session is the
// caller's (it outlives the job); the job only drives it.
class OpenSessionJob : public QObject
{
    Q_OBJECT
public:
    enum class State { Idle, Opening, Selecting, Done, Failed };
    Q_ENUM(State)
    enum class Error {
        None,
        Session, // connect, TLS, greeting or login: see session()->error()
        Select,  // the server refused `select` (or the session ended during it)
    };
    Q_ENUM(Error)

    OpenSessionJob(imap::ImapSession *session, QByteArray mailbox, QObject *parent = nullptr);

    // Opens the session. Ends with finished(); on failure errorOccurred(error()) comes first.
    void start();

    imap::ImapSession *session() const { return m_session; }
    State state() const { return m_state; }
    // True once the session logged in (even when `select` failed afterwards).
    bool sessionOpened() const { return m_sessionOpened; }
    Error error() const { return m_error; }
    // One sentence: the session's own error, or why `select` failed.
    QString errorString() const { return m_errorString; }

Q_SIGNALS:
    void errorOccurred(msim::fetch::OpenSessionJob::Error error);
    void finished();

private:
    void setState(State state);
    void fail(Error error, const QString &message);
    void select();

    QPointer<imap::ImapSession> m_session;
    QByteArray m_mailbox;
    State m_state = State::Idle;
    bool m_sessionOpened = false;
    Error m_error = Error::None;
    QString m_errorString;
};

} // namespace msim::fetch
