// SPDX-License-Identifier: MIT
#pragma once

#include "fetch/FetchOutcome.h"

namespace msim::ui {

// Which transcript lines belong to what (issue 17, the transcript's "Findings" and "This chunk"
// filters): the lines of a chunk (its command, the FETCH line that announced its literal, the
// literal and any octets after it, the line that closed it and its tagged answer), the chunks
// that are findings (diagnose::OutcomeFaults::isFinding), and the RFC822.SIZE that is not the
// message's size (MESSENGER45.md §5), to be marked wherever a line carries it. Plain data.
struct TranscriptFocus
{
    struct Chunk
    {
        int connection = 0; // 1-based, as fetch::ChunkRecord::connection
        qint64 begin = -1;  // server-stream offsets of the literal and what followed it
        qint64 end = -1;    // [begin, end); -1: no literal arrived
        QString command;    // the client line, tag included
        QString tag;        // the command's tag, for its tagged answer
    };
    QList<Chunk> chunks;
    QString sizeText; // "RFC822.SIZE 19700" when the server holds another size; else empty
    qint64 held = -1; // with sizeText: the octets the server holds

    static Chunk of(const fetch::ChunkRecord &c);
    // The chunks of `m` that are findings, and its RFC822.SIZE when it is not the message's.
    static TranscriptFocus findings(const fetch::MessageOutcome &m);
};

} // namespace msim::ui
