// SPDX-License-Identifier: MIT
#pragma once

#include <QLoggingCategory>

namespace msim::ui {

// The ui layer's log category, "msim.ui" (DESIGN.md §6: one QLoggingCategory per layer): the
// main window's state changes (account switched, list and fetch started, finished, cancelled).
// Debug output is off by default; QT_LOGGING_RULES="msim.ui.debug=true" turns it on.
Q_DECLARE_LOGGING_CATEGORY(lcUi)

} // namespace msim::ui
