#pragma once

#include "fetch/ClientSettings.h"
#include "fetch/FetchOutcome.h"
#include "fetch/FetchStrategy.h"
#include "imap/ImapSession.h"

#include <QObject>
#include <QPointer>
#include <QSet>

#include <memory>

namespace msim::fetch {

// What to fetch and how (DESIGN.md §4, `msim-cli fetch`).
struct FetchRequest
{
    imap::SessionOptions session;
    QByteArray mailbox = "INBOX";
    QList<quint32> uids;
    bool all = false;
    ClientSettings client;
    bool verify = true;                     // reference copy with BODY.PEEK[] on a fresh connection
    std::optional<QByteArray> referenceEml; // or the user's own copy (single message)
    QString referenceEmlPath;
    bool keepSeen = false;
};

// Runs one fetch the way the emulated client would (DESIGN.md §3–§4): log in and select, the
// header download `UID fetch <set> (UID RFC822.SIZE BODY.PEEK[HEADER] FLAGS)` for the messages
// asked for, then each message as a user opening it (chunked when MESSENGER45.md §2 says so),
// a new connection after an emergency logout, the normal logout; then, beside the emulation on
// a fresh connection, the reference copy and the restoring of \Seen; then verdicts and
// findings. Asynchronous; finished() carries the FetchOutcome.
class FetchRunner : public QObject
{
    Q_OBJECT
public:
    explicit FetchRunner(FetchRequest request, QObject *parent = nullptr);
    ~FetchRunner() override;

    void setClock(const Clock *clock) { m_clock = clock; } // for tests; default: the wall clock
    void start();
    // Stops the run: the request in flight is recorded (error_kind cancelled) with what had
    // arrived, the connection is closed without a word, and no verdict is judged. A body
    // fetch sets \Seen, so unless keepSeen each message that was unread before and had a
    // BODY[] request sent is marked unread again on a fresh connection, as at the end of a
    // normal run; a note says so, or a warning says plainly why it could not be. finished()
    // follows: at once when there is nothing to restore, else after the restore.
    void cancel();

    const FetchOutcome &outcome() const { return m_outcome; }
    const FetchRequest &request() const { return m_request; }
    bool isRunning() const { return m_running; }

Q_SIGNALS:
    // What is going on, for progress displays: the message being fetched, octets so far of
    // its size, chunks so far.
    void progress(const QString &stage, quint32 uid, qint64 octets, qint64 total, int chunks);
    void messageDone(int index);
    void finished();

private:
    // `emulated`: a connection of the emulated client (its capability cache and login prefs);
    // false for msim's own verification connection.
    void openSession(const QString &purpose, std::function<void()> then,
                     std::function<void(const QString &)> failed, bool emulated = true);
    void headerDownload();
    void nextMessage();
    void startMessage(MessageOutcome &m);
    void messageFinished();
    void finishEmulation();
    void verification();
    void analyse();
    void finish();
    void fail(const QString &error);
    void failRemaining(const QString &error);
    // What the strategy of message `m` recorded, and how its connection ended.
    void collect(MessageOutcome &m, const FetchStrategy &s);
    // Closes the current session without a word; none of its signals reach the runner again.
    void detachSession();
    void restoreAfterCancel();
    bool needsSeenRestore(const MessageOutcome &m) const;

    FetchRequest m_request;
    FetchOutcome m_outcome;
    WallClock m_wall;
    const Clock *m_clock = nullptr;
    QPointer<imap::ImapSession> m_session;
    std::unique_ptr<ChunkSizer> m_sizer; // one per connection
    QPointer<FetchStrategy> m_strategy;
    int m_connections = 0;
    int m_current = -1;
    bool m_headersDone = false;
    bool m_running = false;
    bool m_cancelled = false;
    bool m_restoringAfterCancel = false;
    QSet<int> m_restoreAnswered; // messages whose \Seen restore got an answer
    QElapsedTimer m_elapsed;
};

} // namespace msim::fetch
