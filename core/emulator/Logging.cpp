// SPDX-License-Identifier: MIT
#include "emulator/Logging.h"

// Info and above by default, so the category's debug lines stay off until asked for.
Q_LOGGING_CATEGORY(msim::emulator::lcEmulator, "msim.emulator", QtInfoMsg)
