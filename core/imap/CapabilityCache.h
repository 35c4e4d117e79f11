// SPDX-License-Identifier: MIT
#pragma once

#include "net/Connection.h"

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QString>

#include <optional>

namespace msim::imap {

// What Messenger 4.x remembers of a server's capabilities (MESSENGER45.md §3): it learns them
// from its own `capability` command once per host and keeps them for the program's life, so a
// later connection to that host sends no `capability` and starts with its login step. In msim
// one emulated client (DESIGN.md §3) owns one cache, keyed by "host:port", and hands it to each
// of its sessions through SessionOptions::capabilityCache. Not thread-safe: the sessions of one
// client run in one thread.
class CapabilityCache
{
public:
    static QString key(const net::Endpoint &endpoint); // "host:port"

    // The capabilities (upper-cased) stored for this key, or nothing if none were learned yet.
    std::optional<QList<QByteArray>> find(const QString &key) const;
    void store(const QString &key, const QList<QByteArray> &capabilities);
    bool contains(const QString &key) const { return m_entries.contains(key); }
    void clear() { m_entries.clear(); }
    qsizetype size() const { return m_entries.size(); }

private:
    QHash<QString, QList<QByteArray>> m_entries;
};

} // namespace msim::imap
