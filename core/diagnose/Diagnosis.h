// SPDX-License-Identifier: MIT
#pragma once

#include "diagnose/FaultCatalogue.h"
#include "diagnose/ProbeBattery.h"
#include "fetch/FetchRunner.h"
#include "net/Capture.h"

#include <QObject>
#include <QPointer>

namespace msim::diagnose {

// What `msim-cli diagnose` (and the GUI's Account > Diagnose server...) is asked (DESIGN.md §4).
struct DiagnoseRequest
{
    // Host, user, password, TLS trust and timeout (seconds); security and port are set per
    // transport from the two ports below.
    imap::SessionOptions base;
    std::optional<quint16> plainPort; // plain text, and STARTTLS when the server advertises it
    std::optional<quint16> tlsPort;   // implicit TLS
    QByteArray mailbox = "INBOX";
    std::optional<quint32> uid; // null: chosen (ProbeBattery::choose)
    bool keepSeen = false;
};

// One client preset's outcome on the faulty message (DESIGN.md §4 "affects").
struct AffectedClient
{
    QString preset; // messenger45, kb-q194998, messenger407, thunderbird
    QString sentence;
    std::optional<fetch::Verdict> verdict; // null: the run could not fetch
};

// A workaround tried (DESIGN.md §4 "candidates"): prefs over a preset, re-run on the message.
struct WorkaroundCandidate
{
    QString preset = QStringLiteral("messenger45"); // the client the prefs apply to
    QList<QPair<QString, QString>> prefs;           // NAME, VALUE (the --set form)
    bool verified = false;                          // the re-run came back complete
    QString evidence;                               // what the re-run showed, one sentence

    friend bool operator==(const WorkaroundCandidate &, const WorkaroundCandidate &) = default;
};

// A catalogue fault the probes showed, with who suffers and what makes it go away.
struct DiagnosedFault
{
    QString id;
    QString title;
    QStringList references;          // "KB Q194998", ...
    QList<net::Security> transports; // where the probes showed it
    QList<net::Security> clean;      // probed there, and not shown
    // The one sentence a summary starts with: the title, the id, where (and where not), and
    // the first reference ("this is KB Q194998"; "it matches the pattern of KB Q194998, which
    // was reported over ssl" on another transport).
    QString sentence;
    QString evidence;  // one sentence naming the probe and what it saw
    QString serverFix; // the catalogue's server-side fix (may be empty)
    quint32 uid = 0;   // the message it showed on
    QList<AffectedClient> affects;
    QList<WorkaroundCandidate> candidates;
    int workaround = -1; // index of the first verified candidate; -1 none

    const WorkaroundCandidate *verifiedWorkaround() const
    {
        return workaround >= 0 ? &candidates[workaround] : nullptr;
    }
};

// Everything a diagnosis found (DESIGN.md §4 diagnose JSON).
struct DiagnoseResult
{
    fetch::ServerInfo server;            // the first transport that answered
    QList<fetch::ServerInfo> transports; // each transport probed, in probe order
    QList<ProbedMessage> messages;       // of the first transport that chose them
    QList<ProbeResult> probes;           // every transport's, in order
    QList<DiagnosedFault> faults;
    QStringList notes;
    QStringList warnings;
    std::optional<QString> error; // why it could not run (exit 1), or that it was cancelled
    bool cancelled = false;
    QList<net::TranscriptPtr> transcripts; // the probes' connections (not the re-runs')
    // Each re-run's connections, labelled with its fault and client, for the capture.
    QList<net::CaptureSource> rerunConnections;
    qint64 elapsedMs = 0;

    bool conformant() const { return !error && faults.isEmpty(); }
    QString verdict() const; // "conformant" | "faults_found"; empty when it could not run
    // 0 conformant, 3 faults found, 1 could not run (or cancelled).
    int exitCode() const;
    QString transcriptText() const; // every probe connection, redacted
    // Every connection, probes then re-runs, for a capture (net::writeCapture).
    QList<net::CaptureSource> captureSources() const;
    // The transports at least one probe was sent on (one that could not be reached is a
    // warning, not "probed"), in probe order.
    QList<net::Security> probedTransports() const;
};

// Diagnoses a server (DESIGN.md §4 `diagnose`): a ProbeBattery per transport (plain, STARTTLS
// when the plain port advertises it, implicit TLS), the catalogue's signatures matched against
// the probes (FaultSignature), then for each fault found, on the transport and message that
// showed it, the emulation run with each preset (messenger45, kb-q194998, messenger407,
// thunderbird: "who suffers", measured) and each candidate workaround re-run (`verified` only
// when it came back complete). The re-runs use the reference probe's octets as their
// reference copy. Asynchronous; finished() carries result().
class Diagnosis : public QObject
{
    Q_OBJECT
public:
    // The presets "affects" reports, in order.
    static const QStringList &affectedPresets();

    Diagnosis(DiagnoseRequest request, FaultCatalogue catalogue, QObject *parent = nullptr);
    ~Diagnosis() override;

    void start();
    void cancel(); // the run in flight stops (\Seen restored); finished() follows
    const DiagnoseResult &result() const { return m_result; }
    bool isRunning() const { return m_running; }

    // The candidate workarounds for `fault` on a message of `size` octets, in the order tried:
    // the catalogue's own `set` over messenger45, a chunk size that covers the message, and
    // Thunderbird's per-server switch (mail.server.default.fetch_by_chunks=false).
    static QList<WorkaroundCandidate> candidatesFor(const FaultEntry &fault, qint64 size);
    // One sentence for what `preset` suffered (the run's first message): "truncated: shows
    // 6144 of 20000 octets, then logs out", "fine: shows all 20000 octets", ...
    static QString affectSentence(const QString &preset, const fetch::FetchOutcome &run);

Q_SIGNALS:
    // What is going on: a sentence for a progress display, and steps done of a total known
    // so far (it grows when faults add re-runs).
    void progress(const QString &stage, int done, int total);
    void probeFinished(const msim::diagnose::ProbeResult &result);
    void finished();

private:
    struct Transport
    {
        net::Security security;
        quint16 port;
    };
    struct Rerun
    {
        int fault;     // index into m_result.faults
        int candidate; // -1: an "affects" run of affects[affect]; else candidates[candidate]
        int affect;
    };
    void nextBattery();
    void batteryDone();
    void matchFaults();
    void nextRerun();
    void rerunDone();
    void finish();
    fetch::FetchRequest rerunRequest(const Rerun &r, QString *error) const;
    void step(const QString &stage);

    DiagnoseRequest m_request;
    FaultCatalogue m_catalogue;
    DiagnoseResult m_result;
    QList<Transport> m_transports;
    int m_nextTransport = 0;
    bool m_starttlsAdded = false;
    QPointer<ProbeBattery> m_battery;
    QHash<quint32, QByteArray> m_references; // per UID, the first transport's reference
    QList<Rerun> m_reruns;
    int m_nextRerun = 0;
    QPointer<fetch::FetchRunner> m_runner;
    QElapsedTimer m_elapsed;
    int m_done = 0;
    int m_total = 0;
    bool m_running = false;
    bool m_cancelled = false;
};

} // namespace msim::diagnose
