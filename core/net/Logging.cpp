// SPDX-License-Identifier: MIT
#include "net/Logging.h"

// Info and above by default, so the category's debug lines stay off until asked for.
Q_LOGGING_CATEGORY(msim::net::lcNet, "msim.net", QtInfoMsg)
