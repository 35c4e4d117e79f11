// SPDX-License-Identifier: MIT
#include "diagnose/Logging.h"

namespace msim::diagnose {

// QtInfoMsg: debug lines stay off unless QT_LOGGING_RULES turns them on.
Q_LOGGING_CATEGORY(lcDiagnose, "msim.diagnose", QtInfoMsg)

} // namespace msim::diagnose
