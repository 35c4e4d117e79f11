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

    // nullopt for an empty text, a 0, a number over 2^32 - 1, or more than kMaxRanges ranges.
    static std::optional<SequenceSet> parse(QByteArrayView text);
    bool contains(quint32 n, quint32 max) const;
    // Members among `available` (ascending), in ascending order.
    QList<quint32> select(const QList<quint32> &available) const;

private:
    struct Range
    {
        quint32 first = 0; // 0 is '*'
        quint32 last = 0;
    };
    QList<Range> m_ranges;
};

} // namespace msim::emulator
