// SPDX-License-Identifier: MIT
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

class HeaderDownloadJob;
class OpenSessionJob;
class ReferenceCopyJob;
class SeenRestoreJob;

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
// findings. Each step is a job (OpenSessionJob, HeaderDownloadJob, FetchStrategy per message,
// ReferenceCopyJob, SeenRestoreJob); the runner composes them. Asynchronous; finished() carries
// the FetchOutcome.
class FetchRunner : public QObject
{
    Q_OBJECT
public:
    enum class Error {
        None,
        Connection,     // connect, TLS, greeting, login or select: nothing could be fetched
        HeaderDownload, // the header download was refused or did not complete
        Cancelled,      // cancel()
    };
    Q_ENUM(Error)

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
    // Why nothing could be fetched (or that the user cancelled): the outcome's "error" sentence.
    Error error() const { return m_error; }
    QString errorString() const { return m_outcome.error.value_or(QString()); }
    const FetchRequest &request() const { return m_request; }
    bool isRunning() const { return m_running; }

Q_SIGNALS:
    // What is going on, for progress displays: the message being fetched, octets so far of
    // its size, chunks so far.
    void progress(const QString &stage, quint32 uid, qint64 octets, qint64 total, int chunks);
    void messageDone(int index);
    // The run failed (error()), or was cancelled; finished() still follows.
    void errorOccurred(msim::fetch::FetchRunner::Error error);
    void finished();

private:
    // Opens a connection (OpenSessionJob: connect, login, select) and goes on with `then`, or
    // with `failed` and the sentence that says why. `emulated`: a connection of the emulated
    // client (its capability cache and login prefs); false for msim's own connections.
    void openSession(const QString &purpose, bool emulated, void (FetchRunner::*then)(),
                     void (FetchRunner::*failed)(const QString &));
    void openFailed(const QString &text);
    void reopenFailed(const QString &text);
    void headerDownload();
    void headersKnown(const HeaderDownloadJob &job);
    void nextMessage();
    void startMessage(); // the message at m_current
    void messageFinished();
    void finishEmulation();
    // Beside the emulation, on msim's own connection: the reference copies (m_reference) and
    // the \Seen restores (m_restore); also the restore after a cancel.
    void verification();
    void verificationConnectionFailed(const QString &text);
    void startVerificationJobs();
    void referenceAnswered(int position, const imap::PendingCommand *cmd);
    void seenRestoreAnswered(int position, const imap::PendingCommand *cmd);
    void verificationJobFinished();
    void analyse();
    void finish();
    void fail(Error error, const QString &text);
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
    // The step running (one at a time, but the reference copy and \Seen restore together).
    QPointer<OpenSessionJob> m_openJob;
    QPointer<HeaderDownloadJob> m_headerJob;
    QPointer<ReferenceCopyJob> m_referenceJob;
    QPointer<SeenRestoreJob> m_restoreJob;
    QList<int> m_reference; // indexes into m_outcome.messages, as the jobs' positions
    QList<int> m_restore;
    Error m_error = Error::None;
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
