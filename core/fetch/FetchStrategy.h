#pragma once

#include "fetch/ChunkSizer.h"
#include "fetch/Clock.h"
#include "fetch/FetchAudit.h"
#include "fetch/Verdict.h"
#include "imap/ImapSession.h"

#include <QObject>
#include <QPointer>

namespace msim::fetch {

// What a strategy needs to know about the message: what the header download learned.
struct MessageJob
{
    quint32 uid = 0;
    qint64 rfc822Size = 0; // from the header download; never asked again (MESSENGER45.md §2)
    int connection = 1;    // index of the connection, for the audit rows
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
    virtual QString name() const = 0; // "chunked" or "whole" (the JSON's strategy)
    void cancel();

    const MessageJob &job() const { return m_job; }
    const QByteArray &displayed() const { return m_displayed; }
    const QList<ChunkRecord> &chunks() const { return m_chunks; }
    const QList<Range> &pieces() const { return m_pieces; } // (origin, length) per literal shown
    bool sessionBroken() const { return m_broken; }
    bool clientReportsTruncation() const { return m_clientReportsTruncation; }
    // A loop that would never end (MESSENGER45.md §2 followed to the letter) is stopped here.
    bool stoppedByLimit() const { return m_stoppedByLimit; }

    // Requests per message before msim stops a loop that 4.5 would have run forever.
    static constexpr int kMaxRequestsPerMessage = 100000;
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
        std::optional<qint64> origin;
        QByteArray data;
        qint64 literalLength = -1;
        qint64 streamOffset = -1; // where the literal began in the connection's stream
    };
    // Sends one command; classifies the reply into a ChunkRecord (appended to chunks()) and
    // calls chunkDone() with it.
    void issue(const imap::Command &command, std::optional<qint64> start,
               std::optional<qint64> length);
    // Subclasses decide what comes next. `last` is the record just appended.
    virtual void chunkDone(const ChunkRecord &last, const Reply &reply) = 0;
    void display(const Reply &reply);
    void done();

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

private:
    QPointer<imap::PendingCommand> m_pending;
};

// Messenger 4.5 with fetch_by_chunks (MESSENGER45.md §2, §4): length = min(chunk size, size -
// start), start advances by the requested length, complete when a reply has no origin or
// origin + literal length >= the size from the header download; the chunk size adapts per
// connection, measured in whole seconds between requests.
class Messenger45Chunked : public FetchStrategy
{
    Q_OBJECT
public:
    using FetchStrategy::FetchStrategy;
    void start() override;
    QString name() const override { return QStringLiteral("chunked"); }

protected:
    void chunkDone(const ChunkRecord &last, const Reply &reply) override;

private:
    void next();
    qint64 m_start = 0;
    qint64 m_lastSend = -1;
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
    QString name() const override { return QStringLiteral("whole"); }

protected:
    void chunkDone(const ChunkRecord &last, const Reply &reply) override;
};

// Thunderbird's modern rule (MESSENGER45.md §1): every request asks for a full chunk (no
// clamping), the download ends when a literal's length differs from the request or has no
// origin, the size grows only after a full chunk came fast (max_chunk_size is not read), and a
// body shorter than RFC822.SIZE is reported as truncated.
class ThunderbirdChunked : public FetchStrategy
{
    Q_OBJECT
public:
    using FetchStrategy::FetchStrategy;
    void start() override;
    QString name() const override { return QStringLiteral("chunked"); }

protected:
    void chunkDone(const ChunkRecord &last, const Reply &reply) override;

private:
    void next();
    qint64 m_start = 0;
    qint64 m_lastSend = -1;
    qint64 m_lastLength = 0;
};

} // namespace msim::fetch
