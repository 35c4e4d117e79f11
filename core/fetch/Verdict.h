// SPDX-License-Identifier: MIT
#pragma once

#include "net/NameTable.h"

#include <QByteArray>
#include <QList>
#include <QString>

#include <optional>

namespace msim::fetch {

// The verdict per message, first match wins (DESIGN.md §3): failed (nothing displayed; a
// 0-octet message the server answered with `{0}` is judged complete by FetchRunner instead),
// truncated (shorter than the reference, or than RFC822.SIZE without one), duplicated (longer,
// repeating ranges of the reference), corrupted (different otherwise), complete.
enum class Verdict { Complete, Truncated, Duplicated, Corrupted, Failed };
inline constexpr auto kVerdictNames = net::nameTable<Verdict>({{Verdict::Complete, "complete"},
                                                               {Verdict::Truncated, "truncated"},
                                                               {Verdict::Duplicated, "duplicated"},
                                                               {Verdict::Corrupted, "corrupted"},
                                                               {Verdict::Failed, "failed"}});
inline QString verdictName(Verdict v)
{
    return kVerdictNames.name(v);
}

struct Range
{
    qint64 begin = 0; // offsets in the reference (or the message), [begin, end)
    qint64 end = 0;
    bool operator==(const Range &) const = default;
};

// How the displayed octets map onto the reference copy: runs of the reference in the order they
// were displayed. A run starts where the last one ended unless the display repeated an earlier
// range (a restart) or skipped ahead (a gap). With `resync`, displayed octets that are not the
// message's become `foreign` pieces (each at the reference offset the display had reached) and
// the walk goes on after them; without it, and past its budget, `unexplainedFrom` is the first
// displayed offset no run explains (-1: every octet is placed). Bounded: at most kMaxRuns runs
// and foreign pieces, 256 earlier places per restart looked for, and resynchronising scans
// about kMaxResyncScan octets of the reference in all.
struct Alignment
{
    static constexpr int kMaxRuns = 100000;
    static constexpr qint64 kMaxResyncScan = 256LL * 1024 * 1024;
    struct Run
    {
        qint64 displayed = 0; // where the run starts in the displayed octets
        qint64 reference = 0; // where it starts in the reference (foreign: the offset reached)
        qint64 length = 0;    // octets
        bool operator==(const Run &) const = default;
    };
    QList<Run> runs;
    QList<Run> foreign;
    qint64 unexplainedFrom = -1;
    qint64 unexplainedAt = -1; // the reference offset the display had reached there

    static Alignment of(const QByteArray &displayed, const QByteArray &reference,
                        bool resync = true);
};

// What the displayed octets are, compared with the true message.
struct Comparison
{
    Verdict verdict = Verdict::Failed;
    qint64 displayedLength = 0;
    qint64 expectedLength = 0; // reference length, or RFC822.SIZE without a reference
    bool againstReference = false;
    std::optional<qint64> firstDifference; // first displayed offset that differs, if any
    QList<Range> duplicated;               // reference ranges shown more than once
    qint64 missingTail = 0;                // octets of the end that were never shown
    QList<Range> gaps; // without a reference: message ranges no literal covered, before its end

    // `pieces` are the (origin, end) of the literals as displayed, for judging duplication
    // and gaps when there is no reference. `completedByRule`: the emulated client's own
    // completion rule ended the download (a no-origin reply, or origin + length reaching the
    // known size; MESSENGER45.md §4): without a reference that is complete unless the pieces
    // overlap (duplicated) or leave a gap (corrupted), whatever RFC822.SIZE said (DESIGN.md §3).
    static Comparison judge(const QByteArray &displayed, const std::optional<QByteArray> &reference,
                            qint64 rfc822Size, const QList<Range> &pieces = {},
                            bool completedByRule = false);
};

} // namespace msim::fetch
