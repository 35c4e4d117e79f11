// SPDX-License-Identifier: MIT
#include "fetch/ClientSettings.h"

namespace msim::fetch {

ClientKind ClientSettings::kindForPreset(QStringView preset)
{
    return preset == u"thunderbird" ? ClientKind::Thunderbird : ClientKind::Messenger45;
}

bool ClientSettings::fetchByChunks() const
{
    return kind == ClientKind::Thunderbird ? prefs.boolValue(u"mail.server.default.fetch_by_chunks")
                                           : prefs.boolValue(u"mail.imap.fetch_by_chunks");
}

ChunkSizer::Settings ClientSettings::sizerSettings() const
{
    ChunkSizer::Settings s;
    s.chunkSize = prefs.intValue(u"mail.imap.chunk_size");
    s.threshold = prefs.intValue(u"mail.imap.min_chunk_size_threshold");
    s.maxChunkSize = prefs.intValue(u"mail.imap.max_chunk_size");
    s.fastSeconds = prefs.intValue(u"mail.imap.chunk_fast");
    s.idealSeconds = prefs.intValue(u"mail.imap.chunk_ideal");
    s.add = prefs.intValue(u"mail.imap.chunk_add");
    s.capAtMax = kind != ClientKind::Thunderbird;
    return s;
}

bool ClientSettings::authLogin() const
{
    return kind == ClientKind::Thunderbird || prefs.boolValue(u"mail.auth_login");
}

QString ClientSettings::clientName() const
{
    return kind == ClientKind::Thunderbird ? QStringLiteral("Thunderbird")
                                           : QStringLiteral("Messenger 4.5");
}

} // namespace msim::fetch
