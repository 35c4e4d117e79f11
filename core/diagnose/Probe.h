// SPDX-License-Identifier: MIT
#pragma once

#include "fetch/FetchAudit.h"
#include "net/NameTable.h"
#include "net/Security.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <optional>

namespace msim::diagnose {

// What a probe concluded (DESIGN.md §4 diagnose "result").
enum class ProbeVerdict { Pass, Fail, Skipped };
inline constexpr auto kProbeVerdictNames =
    net::nameTable<ProbeVerdict>({{ProbeVerdict::Pass, "pass"},
                                  {ProbeVerdict::Fail, "fail"},
                                  {ProbeVerdict::Skipped, "skipped"}});

// The observations a probe can record: the words a catalogue signature names (FaultSignature).
// Stable, like the fault ids; resources/diagnose/fault-catalogue.json documents each.
namespace observation {
inline constexpr char kOverrunUnframed[] = "overrun_unframed"; // octets after the literal
inline constexpr char kOverrunFramed[] = "overrun_framed";     // a literal longer than asked
inline constexpr char kNoOrigin[] = "no_origin";               // a partial answered without <s>
inline constexpr char kWholeFromZero[] = "whole_from_zero";    // the whole message again, origin 0
inline constexpr char kOriginMismatch[] = "origin_mismatch";   // another origin than asked
inline constexpr char kOriginWithLength[] = "origin_with_length"; // <s.l> echoed as the origin
inline constexpr char kEmptyBeforeEnd[] = "empty_before_end"; // {0} for a range inside the message
inline constexpr char kNil[] = "nil";                         // BODY[]<s> NIL
inline constexpr char kNoBody[] = "no_body";                  // a FETCH reply without a body item
inline constexpr char kRefused[] = "refused";                 // a tagged NO or BAD
inline constexpr char kDropped[] = "dropped";            // the connection ended under the probe
inline constexpr char kTimeout[] = "timeout";            // no answer within the probe's time
inline constexpr char kOctetsDiffer[] = "octets_differ"; // not the reference's octets there
inline constexpr char kSizeUnder[] = "size_under";       // RFC822.SIZE below the octets held
inline constexpr char kSizeOver[] = "size_over";         // RFC822.SIZE above the octets held
inline constexpr char kLfCount[] = "lf_count"; // the literal counted LF line ends, sent CRLF
inline constexpr char kSlow[] = "slow";        // chunk replies much slower than NOOP round trips
} // namespace observation

// One probe of `msim-cli diagnose` (DESIGN.md §4): a command msim sends on its own connection
// to see how the server answers a partial FETCH (RFC 3501 §6.4.5). Names (stable, JSON "name"):
//   reference              UID FETCH u (UID RFC822.SIZE BODY.PEEK[]): the true message
//   messenger45-chunk-K    Messenger 4.5's own K-th chunk command of KB Q194998's conditions,
//                          `UID fetch u (UID RFC822.SIZE BODY[]<s.6144>)` (sets \Seen; restored)
//   first, middle, last    BODY.PEEK[]<0.1024>, a range in the middle, one ending at the end
//   at-end                 BODY.PEEK[]<size.6144>: starts at the end (RFC 3501: empty string)
//   past-1mib              BODY.PEEK[]<1048576.6144> on a message over 1 MiB
//   noop                   NOOP round trips (latency; evidence only)
//   latency                chunk reply times against NOOP times (evidence only, never a fault)
struct ProbeSpec
{
    QString name;
    quint32 uid = 0;
    std::optional<qint64> start;  // octets; null for a whole fetch
    std::optional<qint64> length; // octets; null for a whole fetch
    QByteArray text;              // the command without tag and CRLF; empty for latency
};

// What one probe saw and concluded. `record` is the reply classified as a chunk (DESIGN.md §3;
// its rfc822 size the one learned before the probes); `octets` the literal as it arrived.
struct ProbeResult
{
    ProbeSpec spec;
    net::Security transport = net::Security::None;
    QByteArray command; // tag and text as sent; empty for a probe that was not sent
    ProbeVerdict verdict = ProbeVerdict::Skipped;
    QString evidence;         // one sentence
    QStringList observations; // observation:: words, each once
    fetch::ChunkRecord record;
    QByteArray octets;
    QByteArray originText;            // between '<' and '>' verbatim
    std::optional<qint64> rfc822Size; // what the reply said
    bool connectionKept = true;       // the session was still usable after it
    double latencyMs = 0;             // send to tagged completion (noop: median of the trips)

    bool observed(QStringView word) const { return observations.contains(word); }
};

} // namespace msim::diagnose
