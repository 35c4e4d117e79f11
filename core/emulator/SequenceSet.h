// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArrayView>
#include <QList>

#include <optional>

namespace msim::emulator {

// A sequence set (RFC 3501 §9 sequence-set) over numbers 1..max, '*' meaning max, as the
// built-in server reads it from a FETCH or STORE argument. At most kMaxRanges ranges.
class SequenceSet
{
public:
    static constexpr int kMaxRanges = 10000;

    // Numbers first..last, both included.
    struct Range
    {
        quint32 first = 0;
        quint32 last = 0;
        friend bool operator==(const Range &, const Range &) = default;
    };

    // nullopt for an empty text, a 0, a number over 2^32 - 1, or more than kMaxRanges ranges.
    static std::optional<SequenceSet> parse(QByteArrayView text);
    // The set's members among 1..max ('*' read as max, "7:3" as "3:7", so "9:*" with max 5 is
    // 5 as RFC 3501 §9 says) as ranges that are ascending, disjoint and not adjacent: "4,1:2,3"
    // with max 10 is {1..4}. Empty when max is 0 or no member is in 1..max. O(R log R) for R
    // ranges, whatever max and however many numbers the ranges span.
    QList<Range> ranges(quint32 max) const;

private:
    QList<Range> m_ranges; // as written; 0 is '*'
};

} // namespace msim::emulator
