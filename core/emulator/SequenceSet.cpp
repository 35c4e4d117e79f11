// SPDX-License-Identifier: MIT
#include "emulator/SequenceSet.h"

#include <QByteArray>

#include <algorithm>

namespace msim::emulator {

std::optional<SequenceSet> SequenceSet::parse(QByteArrayView text)
{
    SequenceSet set;
    if (text.isEmpty())
        return std::nullopt;
    auto number = [](QByteArrayView v, quint32 &out) {
        if (v == "*") {
            out = 0;
            return true;
        }
        if (v.isEmpty() || v.size() > 10)
            return false;
        quint64 n = 0;
        for (char c : v) {
            if (c < '0' || c > '9')
                return false;
            n = n * 10 + quint64(c - '0');
        }
        if (n == 0 || n > 0xffffffffULL)
            return false;
        out = quint32(n);
        return true;
    };
    for (QByteArrayView part : QByteArray(text.toByteArray()).split(',')) {
        if (set.m_ranges.size() >= kMaxRanges)
            return std::nullopt;
        const qsizetype colon = part.indexOf(':');
        Range r;
        if (colon < 0) {
            if (!number(part, r.first))
                return std::nullopt;
            r.last = r.first;
        } else if (!number(part.first(colon), r.first) || !number(part.sliced(colon + 1), r.last)) {
            return std::nullopt;
        }
        set.m_ranges.append(r);
    }
    return set;
}

QList<SequenceSet::Range> SequenceSet::ranges(quint32 max) const
{
    QList<Range> in;
    if (max == 0)
        return in;
    in.reserve(m_ranges.size());
    for (const Range &r : m_ranges) {
        quint32 a = r.first == 0 ? max : r.first;
        quint32 b = r.last == 0 ? max : r.last;
        if (a > b)
            std::swap(a, b);
        if (a <= max)
            in.append({a, std::min(b, max)});
    }
    std::sort(in.begin(), in.end(),
              [](const Range &x, const Range &y) { return x.first < y.first; });
    QList<Range> out;
    for (const Range &r : std::as_const(in)) {
        // Overlapping or adjacent (in 64 bits: last may be 2^32 - 1).
        if (!out.isEmpty() && quint64(r.first) <= quint64(out.last().last) + 1)
            out.last().last = std::max(out.last().last, r.last);
        else
            out.append(r);
    }
    return out;
}

} // namespace msim::emulator
