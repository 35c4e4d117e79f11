// SPDX-License-Identifier: MIT
#pragma once

#include <QString>

namespace msim::prefs {

// Pieces of a customer's prefs.js quoted in a message (MESSENGER45.md §7): cut to a bounded
// length, control characters escaped (net::printable, DESIGN.md §3), so that an issue line stays
// readable whatever the file holds.
class PrefsJsQuote
{
public:
    // Names, strings and words quoted inside a message are cut to this many characters.
    static constexpr qsizetype kFragmentChars = 40;
    // A raw line quoted after a problem (PrefsJs::issueLine) is cut to this many characters.
    static constexpr qsizetype kLineChars = 300;

    // `s` cut to kFragmentChars (then "..."), escaped.
    static QString fragment(const QString &s);
    // `s` cut to kLineChars (then "..."), escaped.
    static QString line(const QString &s);
};

} // namespace msim::prefs
