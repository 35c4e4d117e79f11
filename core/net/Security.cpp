#include "net/Security.h"

namespace msim::net {

QString securityName(Security s)
{
    switch (s) {
    case Security::None:
        return QStringLiteral("none");
    case Security::StartTls:
        return QStringLiteral("starttls");
    case Security::Ssl:
        return QStringLiteral("ssl");
    }
    return {};
}

std::optional<Security> parseSecurity(QStringView text)
{
    if (text.compare(u"none", Qt::CaseInsensitive) == 0 ||
        text.compare(u"plain", Qt::CaseInsensitive) == 0)
        return Security::None;
    if (text.compare(u"starttls", Qt::CaseInsensitive) == 0)
        return Security::StartTls;
    if (text.compare(u"ssl", Qt::CaseInsensitive) == 0 ||
        text.compare(u"tls", Qt::CaseInsensitive) == 0)
        return Security::Ssl;
    return std::nullopt;
}

} // namespace msim::net
