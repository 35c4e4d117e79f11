// SPDX-License-Identifier: MIT
#include "fetch/Verdict.h"

#include <algorithm>
#include <cstring>

namespace msim::fetch {

namespace {

qint64 commonPrefix(QByteArrayView a, QByteArrayView b)
{
    const qint64 n = std::min(a.size(), b.size());
    qint64 i = 0;
    // word-at-a-time would be faster; memcmp on blocks is enough here
    constexpr qint64 kBlock = 4096;
    while (i + kBlock <= n && std::memcmp(a.data() + i, b.data() + i, kBlock) == 0)
        i += kBlock;
    while (i < n && a[i] == b[i])
        ++i;
    return i;
}

// Explains `displayed` as consecutive runs of `ref`, allowing a run to restart earlier in the
// reference (a repeat). Returns false when some run cannot be found or skips ahead (a gap).
bool explainAsRepeats(const QByteArray &displayed, const QByteArray &ref, QList<Range> &dups)
{
    const Alignment a = Alignment::of(displayed, ref, false);
    if (a.unexplainedFrom >= 0 || a.runs.isEmpty() || a.runs.first().reference != 0)
        return false;
    for (qsizetype k = 1; k < a.runs.size(); ++k) {
        const qint64 reached = a.runs[k - 1].reference + a.runs[k - 1].length;
        if (a.runs[k].reference >= reached)
            return false; // a jump forward (a gap)
        dups.append({a.runs[k].reference, reached});
    }
    return true;
}

constexpr int kMaxProbeHits = 256;

} // namespace

namespace {

// Where the displayed octets from `i` continue in the reference, given that it had reached `j`:
// the place (of those the probe occurs at) that explains the longest run of what follows, or -1.
qint64 continuation(const QByteArray &displayed, const QByteArray &ref, qint64 i, qint64 j,
                    qint64 probeLen)
{
    probeLen = std::min<qint64>(probeLen, displayed.size() - i);
    const QByteArrayView probe = QByteArrayView(displayed).sliced(i, probeLen);
    qint64 best = -1;
    qint64 bestRun = -1;
    int tries = 0;
    // Nearest first, backwards from j: a repeat normally starts just before where the
    // reference had got to, and text whose lines repeat (every message line of a corpus
    // saying the same sentence) would otherwise spend the tries on the message's start.
    for (qint64 at = j > 0 ? ref.lastIndexOf(probe, j - 1) : -1;
         at >= 0 && tries<kMaxProbeHits; at = at> 0 ? ref.lastIndexOf(probe, at - 1) : -1,
                ++tries) {
        const qint64 len =
            commonPrefix(QByteArrayView(displayed).sliced(i), QByteArrayView(ref).sliced(at));
        if (len > bestRun) {
            best = at;
            bestRun = len;
        }
    }
    // No earlier place: the display skipped ahead (a gap), to the nearest later place.
    if (best < 0)
        best = ref.indexOf(probe, j);
    return best;
}

} // namespace

Alignment Alignment::of(const QByteArray &displayed, const QByteArray &ref, bool resync)
{
    Alignment a;
    qint64 i = 0; // displayed position
    qint64 j = 0; // reference position
    // Resynchronising scans the reference once per probe and displayed octet tried: bounded.
    qint64 budget =
        resync ? std::max<qint64>(64, kMaxResyncScan / std::max<qint64>(1, 3 * ref.size())) : 0;
    while (i < displayed.size()) {
        const qint64 run =
            commonPrefix(QByteArrayView(displayed).sliced(i),
                         QByteArrayView(ref).sliced(std::min<qint64>(j, ref.size())));
        if (run > 0) {
            if (a.runs.size() >= kMaxRuns) {
                a.unexplainedFrom = i;
                a.unexplainedAt = j;
                return a;
            }
            a.runs.append({i, j, run});
        }
        i += run;
        j += run;
        if (i >= displayed.size())
            break;
        // Find where the displayed octets continue in the reference: a probe of 64 octets, and
        // when resynchronising also of 16 and 8 (a run shorter than 64 octets, e.g. one ended
        // by a restart, is found too).
        qint64 best = continuation(displayed, ref, i, j, 64);
        if (resync)
            for (qint64 len : {16, 8})
                if (best < 0)
                    best = continuation(displayed, ref, i, j, len);
        if (best >= 0) {
            j = best;
            continue;
        }
        // Octets that are not the message's: with resync, skip one and try again.
        if (budget-- <= 0 || a.foreign.size() >= kMaxRuns) {
            a.unexplainedFrom = i;
            a.unexplainedAt = j;
            return a;
        }
        if (!a.foreign.isEmpty() && a.foreign.last().displayed + a.foreign.last().length == i)
            ++a.foreign.last().length; // the same foreign piece goes on
        else
            a.foreign.append({i, j, 1});
        ++i;
    }
    return a;
}

Comparison Comparison::judge(const QByteArray &displayed,
                             const std::optional<QByteArray> &reference, qint64 rfc822Size,
                             const QList<Range> &pieces, bool completedByRule)
{
    Comparison c;
    c.displayedLength = displayed.size();
    c.againstReference = reference.has_value();
    c.expectedLength = reference ? reference->size() : rfc822Size;
    if (displayed.isEmpty()) {
        c.verdict = Verdict::Failed;
        c.missingTail = c.expectedLength;
        if (c.expectedLength > 0)
            c.firstDifference = 0;
        return c;
    }
    if (reference) {
        const QByteArray &ref = *reference;
        const qint64 prefix = commonPrefix(displayed, ref);
        if (prefix == displayed.size() && prefix == ref.size()) {
            c.verdict = Verdict::Complete;
            return c;
        }
        c.firstDifference = prefix;
        if (displayed.size() < ref.size() && prefix == displayed.size()) {
            // A strict prefix of the true message (DESIGN.md §3); shorter and different is
            // corrupted (a gap, or a restart), below.
            c.verdict = Verdict::Truncated;
            c.missingTail = ref.size() - prefix;
            return c;
        }
        QList<Range> dups;
        if (displayed.size() > ref.size() && explainAsRepeats(displayed, ref, dups) &&
            !dups.isEmpty()) {
            c.verdict = Verdict::Duplicated;
            c.duplicated = dups;
            return c;
        }
        c.verdict = Verdict::Corrupted;
        return c;
    }
    // No reference: only the size and the literals' own origins can speak.
    if (completedByRule) {
        qint64 covered = 0;
        bool gap = false;
        for (const Range &p : pieces) {
            if (p.begin < covered)
                c.duplicated.append({p.begin, std::min(covered, p.end)});
            if (p.begin > covered) {
                gap = true;
                c.gaps.append({covered, p.begin});
            }
            covered = std::max(covered, p.end);
        }
        c.expectedLength = covered;
        if (!c.duplicated.isEmpty()) {
            c.verdict = Verdict::Duplicated;
            c.expectedLength = rfc822Size;
        } else if (gap) {
            c.verdict = Verdict::Corrupted;
            c.expectedLength = rfc822Size;
            c.firstDifference = c.gaps.first().begin;
        } else {
            c.verdict = Verdict::Complete;
        }
        return c;
    }
    if (displayed.size() < rfc822Size) {
        c.verdict = Verdict::Truncated;
        c.missingTail = rfc822Size - displayed.size();
        c.firstDifference = displayed.size();
        return c;
    }
    if (displayed.size() == rfc822Size) {
        c.verdict = Verdict::Complete;
        return c;
    }
    qint64 covered = 0;
    for (const Range &p : pieces) {
        if (p.begin < covered)
            c.duplicated.append({p.begin, std::min(covered, p.end)});
        covered = std::max(covered, p.end);
    }
    c.verdict = c.duplicated.isEmpty() ? Verdict::Corrupted : Verdict::Duplicated;
    c.firstDifference = rfc822Size;
    return c;
}

} // namespace msim::fetch
