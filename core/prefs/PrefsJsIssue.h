#pragma once

#include <QString>

namespace msim::prefs {

// One problem found in a prefs.js (MESSENGER45.md §7): the 1-based line it is on (0 when it is
// about the whole file), a sentence saying what is wrong, and the raw line (without its line
// end; cut short with "..." when the line itself was over the length limit).
struct PrefsJsIssue
{
    int line = 0;
    QString message;
    QString text;
};

} // namespace msim::prefs
