// SPDX-License-Identifier: MIT
#pragma once

#include "imap/ImapSession.h"

#include <QDateTime>
#include <QObject>
#include <QPointer>
#include <QTimer>

namespace msim::fetch {

// One row of a message list.
struct MessageSummary
{
    quint32 uid = 0;
    qint64 size = 0;
    QList<QByteArray> flags;
    QString from;
    QString subject;
    QDateTime date;
};

// Loads a mailbox's message list the way a 4.x client fills its thread pane: one connection,
// SELECT, then `UID fetch 1:* (UID RFC822.SIZE FLAGS BODY.PEEK[HEADER.FIELDS (FROM SUBJECT
// DATE)])`, streamed: rows come out in batches while the reply arrives (every kBatchRows rows
// or kBatchMs milliseconds), so a 100 000-message mailbox fills a view progressively without
// stalling the event loop. The connection is logged out at the end.
class MailboxLoader : public QObject
{
    Q_OBJECT
public:
    enum class Error {
        None,
        Session, // connect, TLS, greeting or login: see session()->error()
        Select,  // the server refused to open the mailbox
        Fetch,   // the message list was refused or did not complete
    };
    Q_ENUM(Error)
    static constexpr int kBatchRows = 5000;
    static constexpr int kBatchMs = 30;

    MailboxLoader(imap::SessionOptions options, QByteArray mailbox, QObject *parent = nullptr);
    ~MailboxLoader() override;

    void start();
    void cancel();
    int exists() const { return m_exists; }
    imap::ImapSession *session() const { return m_session; }
    Error error() const { return m_error; }
    QString errorString() const { return m_errorString; } // one sentence, for the status bar

    static MessageSummary summarize(const imap::FetchResponse &f);
    // RFC 2047 encoded-words and raw 8-bit header text (UTF-8, else Latin-1), unfolded, with
    // control characters escaped for display (net::printable::text).
    static QString decodeHeader(QByteArrayView raw);

Q_SIGNALS:
    void opened(int exists);
    void rows(const QList<msim::fetch::MessageSummary> &batch);
    void finished();
    // The list could not be loaded (error(), errorString()); nothing follows.
    void errorOccurred(msim::fetch::MailboxLoader::Error error);

private:
    static QString decodeHeaderText(QByteArrayView raw);
    void flush();
    void fail(Error error, const QString &text);

    imap::SessionOptions m_options;
    QByteArray m_mailbox;
    QPointer<imap::ImapSession> m_session;
    QList<MessageSummary> m_pending;
    QTimer m_flush;
    int m_exists = 0;
    bool m_done = false;
    Error m_error = Error::None;
    QString m_errorString;
};

} // namespace msim::fetch
