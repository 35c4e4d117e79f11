// SPDX-License-Identifier: MIT
#pragma once

#include "net/Transcript.h"

#include <QByteArrayView>
#include <QList>
#include <QString>

namespace msim::net {

// Reads the text Transcript::renderText() writes (a report's transcript.txt, one block per
// connection: an optional "=== label ===" line, then "   1.234 S: @6144     text" lines, then a
// blank line) back into restored Transcripts (Transcript::restored()). The text is untrusted
// (a customer's file): every line text is passed through printable::text() again, and a line
// that is not in the format ends the reading with an error naming its line number and its
// (sanitised, shortened) text. Never throws.
class TranscriptTextReader
{
public:
    struct Result
    {
        QList<TranscriptPtr> transcripts;
        QString error;      // empty when the whole text was read
        qsizetype line = 0; // 1-based line of the error, 0 if none
    };

    // Limits against a hostile file: lines in all, characters of one line (a line longer is an
    // error, not cut), connections.
    static constexpr qsizetype kMaxLines = 2'000'000;
    static constexpr qsizetype kMaxLineChars = 1'000'000;
    static constexpr qsizetype kMaxTranscripts = 10'000;
    // Characters of a bad line quoted in the error.
    static constexpr qsizetype kQuotedChars = 120;

    // `text`: UTF-8. The transcripts read before an error are kept in the result.
    static Result read(QByteArrayView text);
    // One rendered line ("   1.234 C: @0        1 capability") into `line`; false if it is not one.
    static bool parseLine(QStringView text, Transcript::Line &line);
};

} // namespace msim::net
