// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArrayView>
#include <QtGlobal>

namespace msim::imap {

// How Messenger 4.x's line reader counts the octets of a literal (derived, MESSENGER45.md §4):
// it reads the literal line by line (a line ends after its LF; the last one may have none) and
// adds the C string length of each line, which stops at the line's first NUL. Without a NUL it
// counts exactly the literal; with one it counts short and still believes `owed` octets are to
// come, so it reads on past the literal's end into the protocol (then: syntax error, abort).
// Pure; it only counts, and never alters the literal.
struct Messenger4xLiteral
{
    qint64 announced = 0; // octets the literal announced ({n})
    qint64 counted = 0;   // octets 4.x counted: the sum of strlen over the literal's lines
    qint64 firstNul = -1; // offset in the literal of its first NUL octet; -1 if none
    qint64 owed = 0;      // octets 4.x believes still owed: announced - counted

    // `literal` is what arrived (normally all `announced` octets, fewer after a disconnect).
    static Messenger4xLiteral count(QByteArrayView literal, qint64 announced);

    friend bool operator==(const Messenger4xLiteral &, const Messenger4xLiteral &) = default;
};

} // namespace msim::imap
