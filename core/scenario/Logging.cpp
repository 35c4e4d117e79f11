// SPDX-License-Identifier: MIT
#include "scenario/Logging.h"

namespace msim::scenario {

// QtInfoMsg: debug lines stay off unless QT_LOGGING_RULES turns them on.
Q_LOGGING_CATEGORY(lcScenario, "msim.scenario", QtInfoMsg)

} // namespace msim::scenario
