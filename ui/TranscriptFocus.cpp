// SPDX-License-Identifier: MIT
#include "ui/TranscriptFocus.h"

#include "diagnose/OutcomeFaults.h"

namespace msim::ui {

TranscriptFocus::Chunk TranscriptFocus::of(const fetch::ChunkRecord &c)
{
    Chunk k;
    k.connection = c.connection;
    k.command = QString::fromLatin1(c.command);
    k.tag = k.command.section(QLatin1Char(' '), 0, 0);
    if (c.literalStreamOffset >= 0) {
        k.begin = c.literalStreamOffset;
        k.end = c.literalStreamOffset + std::max<qint64>(c.literalLength, 0) + c.unframedExtra;
    }
    return k;
}

TranscriptFocus TranscriptFocus::findings(const fetch::MessageOutcome &m)
{
    TranscriptFocus f;
    for (const fetch::ChunkRecord &c : m.chunks) {
        if (diagnose::OutcomeFaults::isFinding(m, c))
            f.chunks << of(c);
    }
    const std::optional<qint64> held = diagnose::OutcomeFaults::held(m);
    if (held && m.rfc822Size >= 0 && m.rfc822Size != *held) {
        f.sizeText = QStringLiteral("RFC822.SIZE %1").arg(m.rfc822Size);
        f.held = *held;
    }
    return f;
}

} // namespace msim::ui
