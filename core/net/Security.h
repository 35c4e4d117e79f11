// SPDX-License-Identifier: MIT
#pragma once

#include "net/NameTable.h"

#include <QString>

#include <optional>

namespace msim::net {

// How a connection is protected: plain text, STARTTLS (RFC 3501 §6.2.1) or implicit TLS
// (the separate port 993 that Messenger 4.5's "SSL" setting used).
enum class Security { None, StartTls, Ssl };

inline constexpr auto kSecurityNames = nameTable<Security>(
    {{Security::None, "none"}, {Security::StartTls, "starttls"}, {Security::Ssl, "ssl"}});

QString securityName(Security s); // "none", "starttls", "ssl"
// A name of kSecurityNames, any case; also "plain" (none) and "tls" (ssl), as users write them.
std::optional<Security> parseSecurity(QStringView text);

// The IMAP port a client uses when none is given: 993 for implicit TLS (RFC 8314 §7), else 143
// (RFC 3501 §2.1, plain text and STARTTLS).
constexpr quint16 defaultPort(Security s)
{
    return s == Security::Ssl ? 993 : 143;
}

} // namespace msim::net
