// SPDX-License-Identifier: MIT
#pragma once

#include "fetch/FetchAudit.h"
#include "fetch/MimeDamage.h"
#include "fetch/Strategy.h"
#include "fetch/Verdict.h"
#include "net/Connection.h"
#include "net/Transcript.h"

#include <QMap>
#include <QVariant>

namespace msim::fetch {

// How the emulated client's connection ended after a message (DESIGN.md §4 `session_end`):
// Continued (the next message used it), the normal logout, msim's emergency `xxxx logout`,
// the server's close, or the user's cancel. None: no download began (named "").
enum class MessageEnd { None, Continued, Logout, EmergencyLogout, Disconnected, Cancelled };
inline constexpr auto kMessageEndNames =
    net::nameTable<MessageEnd>({{MessageEnd::Continued, "continued"},
                                {MessageEnd::Logout, "logout"},
                                {MessageEnd::EmergencyLogout, "emergency_logout"},
                                {MessageEnd::Disconnected, "disconnected"},
                                {MessageEnd::Cancelled, "cancelled"}});

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
    Strategy strategy = Strategy::None;
    QList<ChunkRecord> chunks;
    QList<Range> pieces; // (origin, end) of each literal displayed
    QByteArray displayed;
    std::optional<QByteArray> reference;
    QString referenceSource; // "server" (BODY.PEEK[] on a fresh connection) or a file path
    Comparison comparison;
    // Which MIME parts the displayed octets kept, cut or lost (null without a reference, or for
    // a message that is not MIME).
    std::optional<MimeDamage> mime;
    MessageEnd sessionEnd = MessageEnd::None;
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
    MessageEnd sessionEnd = MessageEnd::None; // the worst of the messages'
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
    QString transcriptText() const; // every connection, redacted, literals summarised
    // The prefs the connection overrode (DESIGN.md §4: the CONNECTION options, or a GUI
    // account's settings, decide the transport and port; the prefs that would have decided them
    // are reported as read and marked): pref name -> why, e.g. "mail.imap.server_ssl" ->
    // "the connection used ssl". mail.imap.server_ssl and a per-server
    // mail.imap.server.<host>.isSecure when they disagree with server.security being ssl;
    // mail.imap.ssl_port when the connection used ssl on another port. Empty when nothing was
    // connected (server.host empty).
    QMap<QString, QString> overriddenPrefs() const;

    // emergency_logout > disconnected > logout > the rest (the first of those).
    static MessageEnd worstSessionEnd(const QList<MessageEnd> &ends);
    // The SHA-256 of `octets` as lowercase hex (the JSON's displayed_sha256), with OpenSSL's
    // implementation: Qt's portable one was most of a 5 MiB fetch's CPU time.
    static QString sha256(const QByteArray &octets);
};

} // namespace msim::fetch
