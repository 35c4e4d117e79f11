// SPDX-License-Identifier: MIT
#pragma once

#include "net/NameTable.h"

#include <QString>
#include <QVariant>

namespace msim::prefs {

// The three value types a 4.x pref can have (MESSENGER45.md §1). Int prefs hold a 32-bit signed
// integer, as in 4.x; their QVariant is always an `int`, a Bool pref's a `bool`, a String pref's
// a QString.
enum class PrefType { Bool, Int, String };

// One registered pref: its name, type, 4.x default, a one-line description a support engineer
// understands, and the display group it belongs to (MESSENGER45.md §1).
struct PrefInfo
{
    QString name;
    PrefType type = PrefType::Bool;
    QVariant defaultValue;
    QString description;
    QString group;
};

// "boolean", "integer" or "string": for messages and the settings pane.
inline constexpr auto kPrefTypeNames = net::nameTable<PrefType>(
    {{PrefType::Bool, "boolean"}, {PrefType::Int, "integer"}, {PrefType::String, "string"}});
inline QString prefTypeName(PrefType type)
{
    return kPrefTypeNames.name(type);
}

} // namespace msim::prefs
