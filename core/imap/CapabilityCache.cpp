// SPDX-License-Identifier: MIT
#include "imap/CapabilityCache.h"

namespace msim::imap {

QString CapabilityCache::key(const net::Endpoint &endpoint)
{
    return endpoint.host + QLatin1Char(':') + QString::number(endpoint.port);
}

std::optional<QList<QByteArray>> CapabilityCache::find(const QString &key) const
{
    const auto it = m_entries.constFind(key);
    if (it == m_entries.constEnd())
        return std::nullopt;
    return *it;
}

void CapabilityCache::store(const QString &key, const QList<QByteArray> &capabilities)
{
    m_entries.insert(key, capabilities);
}

} // namespace msim::imap
