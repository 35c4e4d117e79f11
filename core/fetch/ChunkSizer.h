// SPDX-License-Identifier: MIT
#pragma once

#include <QtGlobal>

namespace msim::fetch {

// The adaptive chunk size of Messenger 4.5 (MESSENGER45.md §2), one per connection: prefs are
// copied in when the connection opens, and the connection keeps its own adapted size and
// threshold from message to message.
class ChunkSizer
{
public:
    // 4.x resets a slow connection to this size whatever mail.imap.chunk_size says (derived).
    static constexpr qint64 kStartSize = 10240;

    struct Settings
    {
        qint64 chunkSize = 10240;
        qint64 threshold = 15360;
        qint64 maxChunkSize = 40960;
        qint64 fastSeconds = 2;
        qint64 idealSeconds = 4;
        qint64 add = 2048;
        bool capAtMax = true; // Thunderbird does not read max_chunk_size
    };

    ChunkSizer() = default;
    explicit ChunkSizer(const Settings &s)
        : m_settings(s)
        , m_size(s.chunkSize)
        , m_threshold(s.threshold)
    {}

    const Settings &settings() const { return m_settings; }
    qint64 size() const { return m_size; }
    qint64 threshold() const { return m_threshold; }

    // One measurement after a body fetch, chunk or whole (MESSENGER45.md §2): t in whole
    // seconds as Clock::wholeSecondsBetween() gives it, from sending the request to its end.
    // t < 0 (the clock went back): no change. Fast grows (threshold computed before the cap,
    // a 4.x quirk), ideal keeps, slow resets to kStartSize or steps down by `add`.
    void adjust(qint64 wholeSeconds)
    {
        if (wholeSeconds < 0)
            return;
        if (wholeSeconds <= m_settings.fastSeconds) {
            m_size += m_settings.add;
            m_threshold = m_size + m_size / 2;
            if (m_settings.capAtMax && m_size > m_settings.maxChunkSize)
                m_size = m_settings.maxChunkSize;
        } else if (wholeSeconds <= m_settings.idealSeconds) {
            // keep
        } else {
            if (m_size > kStartSize)
                m_size = kStartSize;
            else if (m_size > 2 * m_settings.add)
                m_size -= m_settings.add;
            m_threshold = m_size + m_size / 2;
        }
    }

private:
    Settings m_settings;
    qint64 m_size = 10240;
    qint64 m_threshold = 15360;
};

} // namespace msim::fetch
