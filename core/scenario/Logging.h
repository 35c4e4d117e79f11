// SPDX-License-Identifier: MIT
#pragma once

#include <QLoggingCategory>

namespace msim::scenario {

// `msim.scenario`: what a reproduction or a matrix does step by step (built-in server started,
// the case's request made, each cell launched and done, the expectation compared). No
// password, no message octets. Off by default; QT_LOGGING_RULES="msim.scenario.debug=true".
Q_DECLARE_LOGGING_CATEGORY(lcScenario)

} // namespace msim::scenario
