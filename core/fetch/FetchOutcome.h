#pragma once

#include "fetch/FetchAudit.h"
#include "fetch/Verdict.h"
#include "net/Connection.h"
#include "net/Transcript.h"

#include <QJsonObject>
#include <QVariant>

namespace msim::fetch {

struct ServerInfo
{
    QString host;
    quint16 port = 0;
    net::Security security = net::Security::Ssl;
    QByteArray greeting;
    QList<QByteArray> capabilities;
    std::optional<net::TlsInfo> tls;
    bool tlsLegacy = false;
    // When the certificate was refused: it, and why (the GUI offers to pin it).
    QSslCertificate rejectedCertificate{};
    QStringList rejectionReasons;
};

// Everything about one message of a run: what was asked, what came back chunk by chunk, what
// the emulated client displayed, the true message beside it, and the plain-sentence findings.
struct MessageOutcome
{
    quint32 uid = 0;
    bool exists = true;     // the header download knew it
    qint64 rfc822Size = -1; // from the header download
    QByteArray header;      // BODY.PEEK[HEADER] from the header download
    QList<QByteArray> flagsBefore;
    QString strategy; // "chunked" | "whole" | "" (never fetched)
    QList<ChunkRecord> chunks;
    QList<Range> pieces; // (origin, end) of each literal displayed
    QByteArray displayed;
    std::optional<QByteArray> reference;
    QString referenceSource; // "server" (BODY.PEEK[] on a fresh connection) or a file path
    Comparison comparison;
    QString sessionEnd; // "continued" | "logout" | "emergency_logout" | "disconnected"
    QStringList findings;
    bool clientReportsTruncation = false; // Thunderbird since 2026
    bool stoppedByLimit = false;
    bool completedByRule = false; // the client's completion rule ended the download
    bool stoppedByTime = false;   // with stoppedByLimit: the wall-time cap stopped it
    int repeatedRequest = 0;      // with stoppedByLimit: the earlier request the last repeated
    bool sizeZeroSeen = false;    // RFC822.SIZE 0 in the header download or a body reply
    bool seenRestored = false;
    // The user cancelled the run before this message's download ended (cut short, or never
    // begun); what had arrived is in chunks and displayed, and no verdict was judged.
    bool cancelled = false;
    QString error; // why it could not be fetched at all

    // The requests in order, as scenario files name them: "<start.length>" for a partial,
    // "BODY[]" for a whole (range-less) fetch.
    QStringList requests() const;
};

// The result of `msim-cli fetch` (and of each matrix cell): DESIGN.md §4's JSON object.
struct FetchOutcome
{
    ServerInfo server;
    QString client; // "Messenger 4.5" or "Thunderbird"
    QString preset;
    QList<QPair<QString, QVariant>> prefs; // every effective pref
    QList<MessageOutcome> messages;
    QString sessionEnd; // the worst of the messages'
    QStringList warnings;
    QStringList notes; // what msim did besides the emulation (\Seen restored, ...)
    std::optional<QString> error;
    // The user cancelled the run (FetchRunner::cancel()): error says so, \Seen was put back
    // (a note) or could not be (a warning), and no message has a verdict.
    bool cancelled = false;
    QList<net::TranscriptPtr> transcripts;
    qint64 elapsedMs = 0;

    bool hasFindings() const;
    // 0: every message complete and no finding; 3: any finding; 1: nothing could be fetched.
    int exitCode() const;
    QJsonObject toJson() const;
    // The same object as JSON text, keys in DESIGN.md's order, written without building a
    // QJsonObject (an 854-chunk fetch spent half its per-chunk CPU time there).
    QByteArray toJsonText() const;
    QString transcriptText() const; // every connection, redacted, literals summarised

    static QString worstSessionEnd(const QStringList &ends);
    static QJsonObject chunkToJson(const ChunkRecord &c);
};

} // namespace msim::fetch
