// SPDX-License-Identifier: MIT
#pragma once

#include "diagnose/Probe.h"
#include "fetch/FetchOutcome.h"
#include "imap/SessionOptions.h"

#include <QElapsedTimer>
#include <QHash>
#include <QObject>
#include <QPointer>

namespace msim::fetch {
class OpenSessionJob;
}
namespace msim::imap {
class ImapSession;
}

namespace msim::diagnose {

class ProbeStrategy;

// A message the probes ran on: its UID, the RFC822.SIZE the server reported, its flags before.
struct ProbedMessage
{
    quint32 uid = 0;
    qint64 rfc822Size = -1;
    bool wasSeen = true;
    std::optional<QByteArray> reference; // the reference probe's octets (null: it failed)
};

// What a battery needs: one transport of the server and which message.
struct BatteryRequest
{
    imap::SessionOptions session; // its security and port decide the transport
    QByteArray mailbox = "INBOX";
    std::optional<quint32> uid; // null: chosen (see ProbeBattery)
    int noops = 5;              // NOOP round trips for the latency evidence
    bool keepSeen = false;      // leave \Seen as the 4.5 chunk probes set it
    // Non-empty: of the probes after the reference, only those named here are sent (tests of
    // one signature at a time; {"reference"}: the reference alone).
    QStringList only;
};

// The probe battery of `msim-cli diagnose` on one transport (DESIGN.md §4). On msim's own
// connection: login and `select`, the sizes and flags of the mailbox
// (`UID FETCH 1:* (UID RFC822.SIZE FLAGS)`, or of --uid only), the choice of message (the
// smallest over kMinProbeSize octets; also the smallest over 1 MiB when there is one, for
// past-1mib), then per message the reference probe and the partial probes of Probe.h, then the
// NOOP round trips; then `\Seen` restored where a 4.5 chunk probe set it. A probe that ends the
// connection is a result, not a failure: the next probe gets a new connection (at most
// kMaxConnections). Each command has the session's timeout (SessionOptions, seconds); the whole
// battery at most kMaxBatteryMs. Nothing else on the server is changed.
class ProbeBattery : public QObject
{
    Q_OBJECT
public:
    enum class Error {
        None,
        Connection, // connect, TLS, greeting, login or select failed on the first connection
        NoMessage,  // the mailbox is empty, has no message big enough, or --uid is not there
        Cancelled,
    };
    Q_ENUM(Error)

    // 2 x 6144 + 1: three 4.5 chunks of KB Q194998's size, the last one short (octets).
    static constexpr qint64 kMinProbeSize = 2 * 6144 + 1;
    static constexpr qint64 kOneMiB = 1024 * 1024;
    // A message msim chooses by itself is at most this big: its reference copy is held in
    // memory (an untrusted RFC822.SIZE of gigabytes must not be fetched whole); --uid may
    // name a bigger one.
    static constexpr qint64 kMaxChosenSize = 64 * kOneMiB;
    static constexpr int kMaxConnections = 16;
    static constexpr qint64 kMaxBatteryMs = 10 * 60 * 1000;
    // Messenger 4.5's chunk probes stop after this many commands (a 5 MiB message would take
    // 854; the first few show what every one does).
    static constexpr int kMaxChunkProbes = 8;
    // Messages whose sizes are listed when choosing (a bigger mailbox: the first ones).
    static constexpr int kMaxListed = 100000;

    explicit ProbeBattery(BatteryRequest request, QObject *parent = nullptr);
    ~ProbeBattery() override;

    void start();
    // Stops now: the probe in flight is skipped, \Seen is restored, finished() follows.
    void cancel();

    net::Security transport() const { return m_request.session.endpoint.security; }
    const QList<ProbeResult> &results() const { return m_results; }
    const QList<ProbedMessage> &messages() const { return m_messages; }
    // The server as the first connection saw it (greeting, capabilities, TLS).
    const fetch::ServerInfo &server() const { return m_server; }
    const QList<net::TranscriptPtr> &transcripts() const { return m_transcripts; }
    const QStringList &notes() const { return m_notes; }
    const QStringList &warnings() const { return m_warnings; }
    Error error() const { return m_error; }
    QString errorString() const { return m_errorString; }
    bool isRunning() const { return m_running; }

    // The probes of Probe.h for a message of `rfc822Size` octets of which `held` are held
    // (the reference's length; -1 unknown: RFC822.SIZE stands in), in the order sent.
    static QList<ProbeSpec> plan(quint32 uid, qint64 rfc822Size, qint64 held);
    // The probe past 1 MiB on a message of `held` octets (> kOneMiB).
    static ProbeSpec pastOneMiB(quint32 uid, qint64 held);
    // The UID to probe among (uid, size) pairs (size: RFC822.SIZE in octets): the smallest of
    // at least kMinProbeSize (0 when none), and the smallest over kOneMiB (0 when none, or
    // when it is the first one); neither above kMaxChosenSize.
    static QPair<quint32, quint32> choose(const QList<QPair<quint32, qint64>> &sizes);
    // Judges one probe's reply (pass/fail, evidence, observations) against the message's
    // reference octets (null: none) and the RFC822.SIZE learned before the probes.
    static void judge(ProbeResult &r, const std::optional<QByteArray> &reference,
                      qint64 rfc822Size);

Q_SIGNALS:
    void probeFinished(int index); // results()[index] is complete
    void finished();

private:
    void openSession(void (ProbeBattery::*then)());
    void openFailed(const QString &why);
    void listSizes();
    void nextProbe();
    void fetchProbeDone();
    void skip(const ProbeSpec &spec, const QString &why);
    void runNoops();
    void noopsDone(const QList<double> &times, const QString &refused);
    void restoreSeen();
    void stopProbing(); // cancel or the battery's deadline: skip the rest, restore \Seen
    void fail(Error error, const QString &why);
    void finish();
    ProbedMessage *message(quint32 uid);

    BatteryRequest m_request;
    QPointer<imap::ImapSession> m_session;
    QPointer<fetch::OpenSessionJob> m_open;
    QPointer<ProbeStrategy> m_probe;
    void (ProbeBattery::*m_afterOpen)() = nullptr;
    QList<ProbeSpec> m_queue;
    ProbeSpec m_current;
    QByteArray m_cmdTag;
    QList<ProbeResult> m_results;
    QList<ProbedMessage> m_messages;
    fetch::ServerInfo m_server;
    QList<net::TranscriptPtr> m_transcripts;
    QStringList m_notes;
    QStringList m_warnings;
    Error m_error = Error::None;
    QString m_errorString;
    QElapsedTimer m_elapsed;
    int m_connections = 0;
    bool m_running = false;
    bool m_cancelled = false;
    bool m_listed = false;
    bool m_restoring = false;
    bool m_seenRestoreSent = false;
    bool m_noopsDone = false;
    bool m_finished = false;
};

} // namespace msim::diagnose
