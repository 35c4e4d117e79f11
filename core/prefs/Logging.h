// SPDX-License-Identifier: MIT
#pragma once

#include <QLoggingCategory>

namespace msim::prefs {

// `msim.prefs` (DESIGN.md §6), off by default (QT_LOGGING_RULES="msim.prefs.debug=true"): each
// prefs.js read (its path, the encoding it was read in, statements and issues counted) or written.
// Never a pref's value: a prefs.js may hold a password.
Q_DECLARE_LOGGING_CATEGORY(lcPrefs)

} // namespace msim::prefs
