// SPDX-License-Identifier: MIT
#include "ui/Logging.h"

namespace msim::ui {

Q_LOGGING_CATEGORY(lcUi, "msim.ui", QtInfoMsg)

} // namespace msim::ui
