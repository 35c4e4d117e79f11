// SPDX-License-Identifier: MIT
#include "fetch/Logging.h"

namespace msim::fetch {

// QtInfoMsg: debug lines stay off unless QT_LOGGING_RULES turns them on.
Q_LOGGING_CATEGORY(lcFetch, "msim.fetch", QtInfoMsg)

} // namespace msim::fetch
