// SPDX-License-Identifier: MIT
#pragma once

#include <QString>

namespace msim::prefs {

// One problem found in a prefs.js (MESSENGER45.md §7, and §1 for pref names and types): the
// 1-based line it is on (0 when it is about the whole file), a sentence saying what is wrong,
// the raw line (without its line end; cut short with "..." when the line itself was over the
// length limit), and how bad it is. An Error means the statement was not used; a Warning means
// it was used (or deliberately ignored), as the sentence says, and only the way it was written
// is wrong (e.g. a name 4.x does not read, taken as the one it does).
struct PrefsJsIssue
{
    enum class Severity { Error, Warning };

    int line = 0;
    QString message; // shown as is: a piece of the file it quotes is already escaped
    QString text;    // the raw line, as the file has it: show it through net::printable::text
    Severity severity = Severity::Error;

    bool isWarning() const { return severity == Severity::Warning; }
};

} // namespace msim::prefs
