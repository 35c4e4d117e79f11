// SPDX-License-Identifier: MIT
#pragma once

#include "net/NameTable.h"

#include <QByteArray>
#include <QString>

#include <optional>

namespace msim::fetch {

// How one chunk reply compares with its request (DESIGN.md §3). The analysis sits beside the
// emulation and never changes what Messenger 4.5 would have done.
enum class ChunkStatus {
    Ok,              // the literal has the asked length at the asked origin
    Short,           // fewer octets than asked (legal at the end of the message)
    OverrunFramed,   // a literal longer than asked, honestly counted
    OverrunUnframed, // octets after the literal that do not parse
    NoOrigin,        // BODY[] without <origin> in reply to a partial request
    OriginMismatch,  // an origin other than the requested start
    Empty,           // a `{0}` literal
    Error,           // the reply did not complete: see ErrorKind
    Nil,             // `BODY[]<s> NIL`: completes nothing, the loop goes on
    NoBody,          // a FETCH reply without any body item: the loop goes on
};
// The one name table of ChunkStatus (JSON, text, scenario files).
inline constexpr auto kChunkStatusNames =
    net::nameTable<ChunkStatus>({{ChunkStatus::Ok, "ok"},
                                 {ChunkStatus::Short, "short"},
                                 {ChunkStatus::OverrunFramed, "overrun_framed"},
                                 {ChunkStatus::OverrunUnframed, "overrun_unframed"},
                                 {ChunkStatus::NoOrigin, "no_origin"},
                                 {ChunkStatus::OriginMismatch, "origin_mismatch"},
                                 {ChunkStatus::Empty, "empty"},
                                 {ChunkStatus::Error, "error"},
                                 {ChunkStatus::Nil, "nil"},
                                 {ChunkStatus::NoBody, "no_body"}});
inline QString chunkStatusName(ChunkStatus s)
{
    return kChunkStatusNames.name(s);
}
inline const char *chunkStatusKey(ChunkStatus s) // the same name, static Latin-1 text
{
    return kChunkStatusNames.key(s);
}
inline QStringList chunkStatusNames() // every name, in table order
{
    return kChunkStatusNames.names();
}

// Which way a reply did not complete (DESIGN.md §3 `error_kind`). A tagged NO or BAD does not
// stop Messenger 4.5's loop (MESSENGER45.md §2); the others end the download. Cancelled: the
// user stopped the fetch while this request waited for its reply, and msim closed the
// connection (nothing the server did).
enum class ErrorKind { None, No, Bad, Bye, Timeout, Closed, Reset, Tls, Parse, Cancelled };
// The one name table of ErrorKind; None has no name ("").
inline constexpr auto kErrorKindNames =
    net::nameTable<ErrorKind>({{ErrorKind::No, "no"},
                               {ErrorKind::Bad, "bad"},
                               {ErrorKind::Bye, "bye"},
                               {ErrorKind::Timeout, "timeout"},
                               {ErrorKind::Closed, "closed"},
                               {ErrorKind::Reset, "reset"},
                               {ErrorKind::Tls, "tls"},
                               {ErrorKind::Parse, "parse"},
                               {ErrorKind::Cancelled, "cancelled"}});
inline QString errorKindName(ErrorKind k)
{
    return kErrorKindNames.name(k);
}

// One row per chunk (or per whole-message command): the FetchAudit of DESIGN.md §2.
struct ChunkRecord
{
    int index = 0;      // 1-based
    int connection = 1; // which connection of the run carried it
    QByteArray command; // tag and text, no CRLF, e.g. "11 UID fetch 320 (...<0.6144>)"
    std::optional<qint64> requestedStart;  // null for a whole fetch
    std::optional<qint64> requestedLength; // null for a whole fetch
    std::optional<qint64> origin;          // null when the reply had none
    qint64 literalLength = -1;             // -1: no literal arrived (announced length otherwise)
    qint64 received = 0;            // body octets that actually arrived, unframed extra included
    qint64 unframedExtra = 0;       // octets after the literal that did not parse
    bool unframedExtraExact = true; // false when the count ended at a close/timeout, not a tag
    std::optional<bool> extraIsNextOctets; // with a reference: were they the message's next octets
    QByteArray extraBytes;                 // the first kMaxKeptExtra of them, for the report
    qint64 literalStreamOffset = -1;       // where the literal began in that connection's stream
    ChunkStatus status = ChunkStatus::Ok;
    qint64 elapsedMs = 0;                  // send to tagged completion
    QString detail;                        // the error or protocol message, when there was one
    ErrorKind errorKind = ErrorKind::None; // set when status is Error
    QString serverText; // the server's own text for an error (tagged NO/BAD, BYE), raw

    static constexpr qsizetype kMaxKeptExtra = 64 * 1024;
};

} // namespace msim::fetch
