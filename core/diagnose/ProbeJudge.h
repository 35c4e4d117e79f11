// SPDX-License-Identifier: MIT
#pragma once

#include "diagnose/Probe.h"

#include <QList>

namespace msim::diagnose {

// What one probe's reply shows (DESIGN.md §4 diagnose; RFC 3501 §6.4.5, §7.4.2): pure
// functions of the recorded reply, the reference copy and the RFC822.SIZE the server reported
// before the probes. Checks: literal length against the request, octets after the literal (and
// whether they are the message's next octets, or the line ends a literal counted as LF), the
// origin, the octets against the reference, RFC822.SIZE against the reference length, and the
// connection staying up. Each check adds an observation word (Probe.h) and a clause to the
// evidence sentence; a probe passes when it observed nothing.
class ProbeJudge
{
public:
    // Fills r.verdict, r.observations and r.evidence. `reference`: the true message (null:
    // none, octets not compared); `rfc822Size`: as listed before the probes (-1 unknown).
    static void judge(ProbeResult &r, const std::optional<QByteArray> &reference,
                      qint64 rfc822Size);
    // The true message from a reference probe's reply: its literal; with a literal that counted
    // LF line ends but carried CRLF, the literal and the octets after it; null when the reply
    // held no usable body (refused, NIL, no body, an empty literal, a dropped connection).
    static std::optional<QByteArray> referenceOf(const ProbeResult &r);
    // True when the octets after a literal are the CRs its count left out: `extra` equals the
    // number of CRLF line ends in the literal and the octets after it together.
    static bool countedLf(const ProbeResult &r);
    // A short phrase of how a reply ended, for notes ("the server answered NO [...]").
    static QString describe(const ProbeResult &r);
    // The latency probe: the median time of the fetch probes' replies against `noopMs` (the
    // NOOP median). Slow (evidence only, never a fault) when the median chunk takes over
    // kSlowMs more than a NOOP and over kSlowFactor times as long.
    static ProbeResult latency(const QList<ProbeResult> &probes, double noopMs);
    static constexpr double kSlowMs = 150;
    static constexpr double kSlowFactor = 4;
};

} // namespace msim::diagnose
