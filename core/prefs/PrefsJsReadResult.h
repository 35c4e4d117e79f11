#pragma once

#include "prefs/PrefsJsIssue.h"

#include <QList>
#include <QPair>
#include <QString>
#include <QVariant>

namespace msim::prefs {

// What reading a prefs.js gave (MESSENGER45.md §7): every statement that parsed, in file order,
// whether or not msim knows the pref, and an issue for each one that did not. `values`, `lines`
// and `texts` are parallel lists: the pref's name and value (a bool, an `int` or a QString), the
// 1-based line its statement starts on, and that raw line (for messages about the value).
struct PrefsJsReadResult
{
    QList<QPair<QString, QVariant>> values;
    QList<int> lines;
    QList<PrefsJsIssue> issues;
    QList<QString> texts;
};

} // namespace msim::prefs
