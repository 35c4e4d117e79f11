// SPDX-License-Identifier: MIT
#pragma once

#include <QLoggingCategory>

namespace msim::net {

// `msim.net` (DESIGN.md §6), off by default (QT_LOGGING_RULES="msim.net.debug=true"): a
// Connection's state changes (connecting, connected, TLS handshake result, error, closed). Never
// the octets sent or received, never a password.
Q_DECLARE_LOGGING_CATEGORY(lcNet)

} // namespace msim::net
