// SPDX-License-Identifier: MIT
#pragma once

#include "prefs/PrefInfo.h"

#include <QString>
#include <QStringView>
#include <QVariant>

#include <optional>

namespace msim::prefs {

// The checks a value passes before Prefs takes it (MESSENGER45.md §1): its type against the
// registered pref's (every 4.x integer pref within 32 bits), decimal text for --set, and the
// sentences that say what is wrong, with a "did you mean" for a mistyped name.
class PrefCheck
{
public:
    // Names longer than this get no "did you mean" (the edit distance is quadratic).
    static constexpr qsizetype kMaxSuggestLength = 200;

    // `unknown pref "NAME"`, with ` (did you mean REGISTERED)` when one ends in ".NAME" or is at
    // most three edits away.
    static QString unknownPrefMessage(QStringView name);
    // `NAME must fit in 32 bits like every 4.x integer pref (MIN to MAX); got GOT`
    static QString rangeMessage(QStringView name, const QString &got);
    // The value in the pref's normal form (a bool, an `int` or a QString), or nullopt and
    // `error` (when given) a sentence that names the pref as `name`.
    static std::optional<QVariant> normalise(const PrefInfo &info, QStringView name,
                                             const QVariant &value, QString *error);
    // A decimal integer, optionally negative, no other characters: nullopt if not one;
    // `overflow` is set when it is one but does not fit in 32 bits.
    static std::optional<qint64> parseDecimal(QStringView text, bool *overflow);
};

} // namespace msim::prefs
