// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArrayView>
#include <QtGlobal>

namespace msim::imap {

// A literal announced at the end of a line (RFC 3501 §4.3 `{n}`; RFC 7888 LITERAL+ `{n+}`;
// RFC 3516 BINARY `~{n}`), as the framer read it. The framer records one per literal in
// RawResponse::announcements, so no later layer looks for '{' in text again.
struct LiteralAnnouncement
{
    qsizetype position = -1;       // index in the line of the '{' (or of the '~' of `~{n}`)
    qint64 offset = -1;            // stream offset of that octet (-1 when not framed)
    qint64 length = 0;             // the announced count in octets
    bool nonSynchronising = false; // `{n+}`: the sender does not wait for "+" (RFC 7888)
    bool binary = false;           // `~{n}` (RFC 3516)

    friend bool operator==(const LiteralAnnouncement &, const LiteralAnnouncement &) = default;
};

// What the end of a line says about a literal.
struct LiteralAtLineEnd
{
    enum class Kind {
        None,      // no literal follows this line
        Announced, // `announcement` holds it
        Malformed, // `{...}` at the end with something other than digits and one '+'
        TooLarge   // digits, but more than the caller's maximum
    };
    Kind kind = Kind::None;
    LiteralAnnouncement announcement; // position is set for Malformed and TooLarge too
};

// The one decision "does this line (without its CRLF) end in a literal announcement?", used
// by the framer, the response parser and the built-in server's command parser. The line must
// end with '}'; the last '{' opens the count; a count that is empty, over 32 octets or holds a
// space means no literal at all (it is text such as a quoted "{a b}"); otherwise digits with an
// optional trailing '+'. The count is read with an overflow check against `maxLength` (octets)
// before anything is allocated. Pure; never fails.
LiteralAtLineEnd literalAtLineEnd(QByteArrayView line, qint64 maxLength);

} // namespace msim::imap
