// SPDX-License-Identifier: MIT
#include "net/Security.h"

namespace msim::net {

QString securityName(Security s)
{
    return kSecurityNames.name(s);
}

std::optional<Security> parseSecurity(QStringView text)
{
    const QString lower = text.toString().toLower();
    if (lower == u"plain")
        return Security::None;
    if (lower == u"tls")
        return Security::Ssl;
    return kSecurityNames.parse(lower);
}

} // namespace msim::net
