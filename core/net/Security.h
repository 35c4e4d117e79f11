#pragma once

#include <QString>

#include <optional>

namespace msim::net {

// How a connection is protected: plain text, STARTTLS (RFC 3501 §6.2.1) or implicit TLS
// (the separate port 993 that Messenger 4.5's "SSL" setting used).
enum class Security { None, StartTls, Ssl };

QString securityName(Security s); // "none", "starttls", "ssl"
std::optional<Security> parseSecurity(QStringView text);

} // namespace msim::net
