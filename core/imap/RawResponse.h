// SPDX-License-Identifier: MIT
#pragma once

#include "imap/LiteralAnnouncement.h"

#include <QByteArray>
#include <QList>

namespace msim::imap {

// One complete server response as framed off the wire (RFC 3501 §2.2.2, §4.3): text segments
// and the literals between them, each literal its own buffer, with stream offsets for reports.
struct RawResponse
{
    qint64 offset = 0;            // stream offset of the first octet
    qint64 end = 0;               // stream offset just past the final line end
    QList<QByteArray> lines;      // text without the line end; all but the last end in {n}
    QList<qint64> lineOffsets;    // stream offset of each line's first octet
    QList<QByteArray> literals;   // literals[i] follows lines[i]
    QList<qint64> literalOffsets; // stream offset of each literal's first octet
    // announcements[i] ends lines[i] and announces literals[i] (its count, its place, `{n+}`).
    // A literal cut short by a close is shorter than its announcement.
    QList<LiteralAnnouncement> announcements;

    QByteArray firstLine() const { return lines.isEmpty() ? QByteArray() : lines.first(); }

    friend bool operator==(const RawResponse &, const RawResponse &) = default;
};

} // namespace msim::imap
