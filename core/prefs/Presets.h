// SPDX-License-Identifier: MIT
#pragma once

#include "prefs/Prefs.h"

#include <QString>
#include <QStringList>
#include <QStringView>

#include <optional>

namespace msim::prefs {

// The named client configurations of MESSENGER45.md §1 (messenger45, kb-q194998, messenger407,
// thunderbird). Each is a Prefs whose user-set values a prefs.js can express.
class Presets
{
public:
    static QStringList names(); // messenger45, kb-q194998, messenger407, thunderbird
    // One line for `msim-cli presets` (NAME<TAB>description); empty for an unknown name.
    static QString description(QStringView name);
    // Unknown name: nullopt, and `error` (if given) lists the valid names.
    static std::optional<Prefs> make(QStringView name, QString *error);
};

} // namespace msim::prefs
