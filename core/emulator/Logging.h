// SPDX-License-Identifier: MIT
#pragma once

#include <QLoggingCategory>

namespace msim::emulator {

// `msim.emulator` (DESIGN.md §6), off by default (QT_LOGGING_RULES="msim.emulator.debug=true"):
// the built-in server listening, each session opened and closed, each command handled (its tag,
// name and completion status only: never its arguments, which carry LOGIN's password).
Q_DECLARE_LOGGING_CATEGORY(lcEmulator)

} // namespace msim::emulator
