// SPDX-License-Identifier: MIT
#pragma once

#include "imap/ImapSession.h"

#include <QObject>
#include <QPointer>

namespace msim::fetch {

// The shape msim's own steps beside the emulation share (DESIGN.md §3: the reference copy, the
// \Seen restore): one command per message, queued in order on an open, selected session that
// the caller owns, each answer reported as it comes (answered()), finished() when every
// command has ended. A subclass says which command and what a success is. At most kWindow
// commands wait at once (the session sends one at a time anyway): 20 000 queued commands cost
// tens of MB.
class PerMessageJob : public QObject
{
    Q_OBJECT
public:
    enum class State { Idle, Running, Done };
    Q_ENUM(State)
    enum class Error {
        None,
        SomeFailed, // at least one command did not succeed; answered() said which and why
    };
    Q_ENUM(Error)

    // Queues one command per UID, in the order given, kWindow at a time (the next as each one
    // ends); allQueued() once the last is queued. Ends with finished() (at once when there are
    // no UIDs); errorOccurred(error()) comes first when a command did not succeed.
    void start();
    static constexpr int kWindow = 64;

    State state() const { return m_state; }
    Error error() const { return m_error; }
    QString errorString() const { return m_errorString; }
    const QList<quint32> &uids() const { return m_uids; }
    // Whether the command for uids()[position] succeeded (after its answered()).
    bool succeeded(int position) const { return m_succeeded.value(position); }

Q_SIGNALS:
    // The command for uids()[position] ended; `command` is valid only during the emission.
    void answered(int position, const msim::imap::PendingCommand *command);
    void errorOccurred(msim::fetch::PerMessageJob::Error error);
    void finished();
    void allQueued(); // the command for the last UID is queued (also emitted for no UIDs)

protected:
    PerMessageJob(imap::ImapSession *session, QList<quint32> uids, QObject *parent);
    virtual imap::Command command(quint32 uid) const = 0;
    // Called once the command for uids()[position] is queued, before it is sent.
    virtual void prepare(int position, imap::PendingCommand *command);
    virtual bool isSuccess(int position, const imap::PendingCommand &command) const;

private:
    void setState(State state);
    void onAnswered(int position, const imap::PendingCommand *command);
    void queueNext();

    QPointer<imap::ImapSession> m_session;
    QList<quint32> m_uids;
    QList<bool> m_succeeded;
    int m_answered = 0;
    int m_queued = 0;
    State m_state = State::Idle;
    Error m_error = Error::None;
    QString m_errorString;
};

} // namespace msim::fetch
