// SPDX-License-Identifier: MIT
#pragma once

#include "fetch/ChunkSizer.h"
#include "prefs/Prefs.h"

namespace msim::fetch {

enum class ClientKind { Messenger45, Thunderbird };

// The emulated client: which rules (Messenger 4.5 or Thunderbird) and the prefs it read at
// start-up (MESSENGER45.md §1: read once, copied into each new connection).
struct ClientSettings
{
    ClientKind kind = ClientKind::Messenger45;
    QString presetName = QStringLiteral("messenger45");
    prefs::Prefs prefs;

    // messenger45 / kb-q194998 / messenger407 use the 4.5 rules; thunderbird the modern ones.
    static ClientKind kindForPreset(QStringView preset);

    // The switch each client reads: mail.imap.fetch_by_chunks (4.5) or the per-server
    // mail.server.default.fetch_by_chunks (Thunderbird).
    bool fetchByChunks() const;
    ChunkSizer::Settings sizerSettings() const;
    // mail.auth_login (MESSENGER45.md §1, §3): try `authenticate login` first when the server
    // advertises AUTH=LOGIN. Thunderbird's own rules are not emulated here: always true.
    bool authLogin() const;
    QString clientName() const; // "Messenger 4.5" or "Thunderbird"
};

} // namespace msim::fetch
