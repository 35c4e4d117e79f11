// SPDX-License-Identifier: MIT
#pragma once

#include "fetch/ChunkSizer.h"
#include "fetch/Clock.h"
#include "fetch/FetchAudit.h"
#include "fetch/Strategy.h"
#include "fetch/Verdict.h"
#include "imap/ImapSession.h"

#include <QHash>
#include <QObject>
#include <QPointer>

#include <memory>

namespace msim::fetch {

// What a strategy needs to know about the message: what the header download learned.
struct MessageJob
{
    quint32 uid = 0;
    qint64 rfc822Size = 0; // from the header download; never asked again (MESSENGER45.md §2)
    int connection = 1;    // index of the connection, for the audit rows
    // Messenger 4.5 adapts the chunk size after every body fetch, whole ones included
    // (MESSENGER45.md §2); Thunderbird only after a full chunk.
    bool adaptAfterWholeFetch = true;
    // Replies are read the way 4.x's parser read them (Messenger45Reading): unknown FETCH
    // items and NULs in literals abort the download. Thunderbird reads everything.
    bool messenger45Reading = true;
};

// How one message's body is downloaded: the emulated client's loop (MESSENGER45.md §2–§5). It
// decides the requests and what is displayed; beside it, every reply is classified into a
// ChunkRecord (which never changes what the emulated client does). Displayed octets follow
// DESIGN.md §3: every literal as announced, in arrival order, restarting on origin 0 or no
// origin; after an emergency teardown what arrived stays displayed.
class FetchStrategy : public QObject
{
    Q_OBJECT
public:
    FetchStrategy(imap::ImapSession *session, ChunkSizer *sizer, const Clock *clock, MessageJob job,
                  QObject *parent = nullptr);

    virtual void start() = 0;
    virtual Strategy strategy() const = 0; // the JSON's strategy
    // Stops the download now (the user cancelled): the request waiting for its reply becomes
    // a row with status error, error_kind cancelled, and what had arrived for it displayed;
    // the connection is closed without a word; finished() follows at once.
    void cancel();
    bool isCancelled() const { return m_cancelled; }
    bool isFinished() const { return m_finished; }

    const MessageJob &job() const { return m_job; }
    const QByteArray &displayed() const { return m_displayed; }
    const QList<ChunkRecord> &chunks() const { return m_chunks; }
    const QList<Range> &pieces() const { return m_pieces; } // (origin, length) per literal shown
    bool sessionBroken() const { return m_broken; }
    bool clientReportsTruncation() const { return m_clientReportsTruncation; }
    // A loop that would never end (MESSENGER45.md §2 followed to the letter) is stopped: at
    // once when the client repeats a state it was already in (the same request text without
    // its tag, answered the same way: classification and server text), or at the hard cap.
    bool stoppedByLimit() const { return m_stoppedByLimit; }
    // With stoppedByLimit(): the 1-based index of the earlier request the last one repeated
    // (0 when the hard cap stopped it).
    int repeatedRequest() const { return m_repeatedRequest; }
    // With stoppedByLimit(): the wall-time cap (kMaxMessageMs) stopped it.
    bool stoppedByTime() const { return m_stoppedByTime; }
    // The download ended because a reply met the completion rule (not by an abort, a close,
    // a refusal or the loop guard). Thunderbird's rule is not 4.5's: false for it.
    bool completedByRule() const { return m_lastComplete && !m_cancelled; }
    // A FETCH reply of this download said RFC822.SIZE 0 (MESSENGER45.md §8).
    bool sawSizeZero() const { return m_sawSizeZero; }

    // Requests per message before msim stops a loop that 4.5 would have run for ever, if no
    // state repeated before (a 2 GiB message in 6144-octet chunks is about 350 000 requests;
    // anything beyond this bound is a server that keeps moving the target).
    static constexpr int kMaxRequestsPerMessage = 100000;
    // Wall time per message before msim stops, for the same reason: a loop that moves its
    // target slowly enough for no state to repeat (4 hours; a 2 GiB message over a slow link
    // takes less). Measured by the strategy's Clock from the first request.
    static constexpr qint64 kMaxMessageMs = 4LL * 3600 * 1000;
    // At most this much is set aside ahead for the displayed text (RFC822.SIZE is untrusted);
    // past it the text grows as it arrives.
    static constexpr qint64 kMaxDisplayReserve = 64 * 1024 * 1024;

Q_SIGNALS:
    void progress(qint64 displayedOctets, int chunks);
    void finished();

protected:
    struct Reply
    {
        bool haveBody = false;
        bool isNil = false;
        std::optional<qint64> origin;
        QByteArray originText; // between '<' and '>' verbatim ("0.6144" from a server that
                               // echoes the range); empty without one
        std::optional<qint64> rfc822Size; // the same FETCH response's RFC822.SIZE, if it had one
        QByteArray data;
        qint64 literalLength = -1;
        qint64 streamOffset = -1; // where the literal began in the connection's stream
        // 4.x read it as C string lines (a NUL in it: MESSENGER45.md §4): displayed as
        // Messenger45Reading::asCStringLines(data), while `data` keeps what arrived.
        bool cStrings = false;
    };
    // The facts of a chunk body item (BODY[] or RFC822), for display and classification.
    static Reply replyOf(const imap::BodyItem &b);
    // Sends one command; classifies the reply into a ChunkRecord (appended to chunks()) and
    // calls chunkDone() with it.
    void issue(const imap::Command &command, std::optional<qint64> start,
               std::optional<qint64> length);
    // Subclasses decide what comes next. `last` is the record just appended; `reply` the last
    // body that arrived for it (haveBody false when none did).
    virtual void chunkDone(const ChunkRecord &last, const Reply &reply) = 0;
    void display(const Reply &reply);
    void done();
    // Whether the emulated client just repeated a state it was in before (see
    // stoppedByLimit()); if so, records it and ends the download.
    bool stopIfRepeated(const ChunkRecord &last);
    // The hard caps behind the loop guard (kMaxRequestsPerMessage, kMaxMessageMs): true, with
    // the download ended and stoppedByLimit() set, once either is reached.
    bool stopAtCap();
    // 4.5's adaptive rule after a body fetch: t from the send to the end of the last request.
    void adaptAfterFetch();
    // The reply met 4.5's completion rule (MESSENGER45.md §4): no origin, or origin + literal
    // length >= the size from the header download. A NIL body completes nothing.
    bool completes(const Reply &reply) const;
    // How the connection ended under a command that did not complete: bye, reset, tls, closed.
    ErrorKind errorKindOfClose() const;

    imap::ImapSession *m_session;
    ChunkSizer *m_sizer;
    const Clock *m_clock;
    MessageJob m_job;
    QByteArray m_displayed;
    QList<ChunkRecord> m_chunks;
    QList<Range> m_pieces;
    bool m_broken = false;
    bool m_finished = false;
    bool m_cancelled = false;
    bool m_clientReportsTruncation = false;
    bool m_stoppedByLimit = false;
    bool m_stoppedByTime = false;
    qint64 m_firstSentMs = -1;
    int m_repeatedRequest = 0;
    bool m_sawSizeZero = false;
    qint64 m_sentMs = 0;         // wall-clock reading when the last request went out
    qint64 m_endedMs = 0;        // and when its reply ended (completed, failed or aborted)
    bool m_lastComplete = false; // a body of the last reply met the completion rule

private:
    struct InFlight;
    // Classifies the reply to `cmd` into a ChunkRecord, appends it and goes on (chunkDone()),
    // or, cancelled, records what had arrived so far and ends the download.
    void record(imap::PendingCommand *cmd, const InFlight &seen, bool cancelled);

    QPointer<imap::PendingCommand> m_pending;
    std::shared_ptr<InFlight> m_inflight;
    QHash<QByteArray, int> m_states; // state key -> index of the request that first had it
};

// What the chunked loops share (MESSENGER45.md §1, §2): the JSON's strategy name "chunked", the
// start of the next range, and next(), which sends the next request.
class ChunkedFetch : public FetchStrategy
{
    Q_OBJECT
public:
    using FetchStrategy::FetchStrategy;
    Strategy strategy() const override { return Strategy::Chunked; }

protected:
    virtual void next() = 0; // sends the request for the range at m_start (or ends the loop)
    qint64 m_start = 0;      // octet offset of the next range
};

// Messenger 4.5 with fetch_by_chunks (MESSENGER45.md §2, §4): length = min(chunk size, size -
// start), start advances by the requested length, complete when a reply has no origin or
// origin + literal length >= the size from the header download. When start reaches the size
// and the last chunk has not arrived, the request goes out without a range (`BODY[]`); never
// `<n.0>`. A tagged NO or BAD, a NIL body or a reply without a body leaves a gap and the loop
// goes on; a parse error, a close or a timeout ends it. The chunk size adapts per connection
// after every request (t as Clock::wholeSecondsBetween()).
class Messenger45Chunked : public ChunkedFetch
{
    Q_OBJECT
public:
    using ChunkedFetch::ChunkedFetch;
    void start() override;

protected:
    void chunkDone(const ChunkRecord &last, const Reply &reply) override;
    void next() override;

private:
    bool m_xsender = false;
};

// The whole message in one command: Messenger 4.07 (or 4.5 with chunking off or a small
// message): `UID fetch <uid> (UID RFC822.SIZE BODY[])`; `RFC822` for a server that is not
// IMAP4rev1 (MESSENGER45.md §3).
class WholeFetch : public FetchStrategy
{
    Q_OBJECT
public:
    using FetchStrategy::FetchStrategy;
    void start() override;
    Strategy strategy() const override { return Strategy::Whole; }

protected:
    void chunkDone(const ChunkRecord &last, const Reply &reply) override;
};

// Thunderbird's modern rule (MESSENGER45.md §1): every request asks for a full chunk (no
// clamping), the download ends when a literal's length differs from the request or has no
// origin, the size adapts only after a full chunk (max_chunk_size is not read) and the new size
// shows one request later; the sizer is shared by all connections of the run. A body shorter
// than RFC822.SIZE is reported as truncated.
class ThunderbirdChunked : public ChunkedFetch
{
    Q_OBJECT
public:
    using ChunkedFetch::ChunkedFetch;
    void start() override { next(); }

protected:
    void chunkDone(const ChunkRecord &last, const Reply &reply) override;
    void next() override;

private:
    qint64 m_lastLength = 0;
    qint64 m_nextLength = -1; // the size the next request uses (one request behind the sizer)
};

} // namespace msim::fetch
