// SPDX-License-Identifier: MIT
#pragma once

#include "imap/ImapSession.h"

#include <QHash>
#include <QObject>
#include <QPointer>

namespace msim::fetch {

// What the header download learned of one message.
struct MessageHeader
{
    quint32 uid = 0;
    qint64 rfc822Size = -1; // -1: the reply had no RFC822.SIZE
    QList<QByteArray> flags;
    QByteArray header;
};

// The header download that comes first, as in 4.5 (DESIGN.md §4, MESSENGER45.md §3):
// `UID fetch <set> (UID RFC822.SIZE BODY.PEEK[HEADER] FLAGS)`, RFC822.HEADER instead of
// BODY.PEEK[HEADER] on a server that is not IMAP4rev1. It learns each message's RFC822.SIZE
// (the size that decides chunking and completion), flags and header, on an open, selected
// session that the caller owns.
class HeaderDownloadJob : public QObject
{
    Q_OBJECT
public:
    enum class State { Idle, Fetching, Done, Failed };
    Q_ENUM(State)
    enum class Error {
        None,
        Refused, // the server answered NO or BAD
        Failed,  // the reply did not complete (close, timeout, parse error, limit)
    };
    Q_ENUM(Error)

    // `set`: a UID set in IMAP syntax ("1:*", "5,7:9").
    HeaderDownloadJob(imap::ImapSession *session, QByteArray set, QObject *parent = nullptr);

    // Sends the command. Ends with finished(); on failure errorOccurred(error()) comes first.
    void start();

    State state() const { return m_state; }
    Error error() const { return m_error; }
    QString errorString() const { return m_errorString; } // one sentence
    // The messages the server answered for, by UID, and their UIDs in order of first arrival.
    const QHash<quint32, MessageHeader> &headers() const { return m_headers; }
    const QList<quint32> &order() const { return m_order; }

Q_SIGNALS:
    void errorOccurred(msim::fetch::HeaderDownloadJob::Error error);
    void finished();

private:
    void setState(State state);
    void take(const imap::Response &r);

    QPointer<imap::ImapSession> m_session;
    QByteArray m_set;
    State m_state = State::Idle;
    Error m_error = Error::None;
    QString m_errorString;
    QHash<quint32, MessageHeader> m_headers;
    QList<quint32> m_order;
};

} // namespace msim::fetch
