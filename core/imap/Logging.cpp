// SPDX-License-Identifier: MIT
#include "imap/Logging.h"

namespace msim::imap {

// QtInfoMsg: debug lines stay off unless QT_LOGGING_RULES turns them on.
Q_LOGGING_CATEGORY(lcImap, "msim.imap", QtInfoMsg)

} // namespace msim::imap
