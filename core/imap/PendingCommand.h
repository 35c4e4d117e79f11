// SPDX-License-Identifier: MIT
#pragma once

#include "imap/CommandBuilder.h"
#include "imap/RawResponse.h"
#include "imap/Response.h"
#include "imap/ResponseFramer.h"
#include "net/Transcript.h"

#include <QObject>

#include <functional>
#include <optional>

namespace msim::imap {

// One command in flight or queued. It collects the untagged responses that arrive while it
// is the command in flight, and ends with an outcome. The session deletes it after finished()
// when the next octets arrive, or with itself; take what you need in the slot.
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

    // Ends unsent: Aborted with `why`; finished() (then deleteLater) now, or from the event loop
    // when `later` (execute() on a session that is not open returns first).
    void abortUnsent(const QString &why, bool later);
    // Keeps what has arrived of the reply (the framer's unfinished response, its last literal
    // marked in the transcript) in incomplete(), once.
    void keepIncomplete(const ResponseFramer &framer, net::Transcript &transcript);

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

} // namespace msim::imap
