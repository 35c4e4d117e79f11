// SPDX-License-Identifier: MIT
#pragma once

#include <QLoggingCategory>

namespace msim::diagnose {

// The `msim.diagnose` logging category: which fault catalogue was read, and why one was not.
// Debug lines are off by default; QT_LOGGING_RULES="msim.diagnose.debug=true" turns them on.
Q_DECLARE_LOGGING_CATEGORY(lcDiagnose)

} // namespace msim::diagnose
