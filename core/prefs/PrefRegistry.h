#pragma once

#include "prefs/PrefInfo.h"

#include <QList>
#include <QStringList>
#include <QStringView>

namespace msim::prefs {

// Every pref msim knows: the 4.x chunking and SSL prefs of MESSENGER45.md §1 plus Thunderbird's
// per-server switch. The list is fixed at compile time; its order is the display order, grouped
// (every entry of a group is contiguous, and the groups come in groups() order).
class PrefRegistry
{
public:
    static const QList<PrefInfo> &all();
    static const PrefInfo *find(QStringView name); // nullptr when unknown
    static QStringList groups();                   // display order of the groups
};

} // namespace msim::prefs
