// SPDX-License-Identifier: MIT
#pragma once

#include <QLoggingCategory>

namespace msim::imap {

// The `msim.imap` logging category: traces msim's own IMAP state machines (session state, the
// LoginJob's steps, each command sent and answered by its tag). Never a password, a command's
// text or a literal's octets. Debug lines are off by default; QT_LOGGING_RULES="msim.*=true"
// (or "msim.imap.debug=true") turns them on.
Q_DECLARE_LOGGING_CATEGORY(lcImap)

} // namespace msim::imap
