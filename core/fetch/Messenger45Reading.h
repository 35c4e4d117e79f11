// SPDX-License-Identifier: MIT
#pragma once

#include "imap/Response.h"

#include <QByteArrayList>
#include <QString>

#include <optional>

namespace msim::fetch {

// How Messenger 4.x's reply parser judges a response during a body fetch (MESSENGER45.md §4,
// derived): the FETCH items it knows, the ones it does not (a syntax error that aborts the
// download with `xxxx logout`), a bare untagged `* PERMANENTFLAGS` (also a syntax error), and a
// NUL octet inside a literal (4.x counts literal lines with C string length, so it miscounts
// and reads past the literal). One place, so the fidelity test pins every rule.
class Messenger45Reading
{
public:
    // The FETCH item names 4.x's msg_att knew (upper case, sections stripped): UID, FLAGS,
    // RFC822.SIZE, XSENDER, BODY (with or without a section), BODYSTRUCTURE, ENVELOPE,
    // INTERNALDATE, RFC822, RFC822.HEADER, RFC822.TEXT.
    static const QByteArrayList &knownItems();
    // `name` as FetchResponse::itemNames lists it ("BODY[]", "MODSEQ", "X-GM-MSGID").
    static bool knowsItem(QByteArrayView name);

    // Why 4.x would take this reply as a syntax error, if it would; nullopt when it reads it.
    struct SyntaxError
    {
        QByteArray item;    // the item or keyword 4.x did not know ("MODSEQ", "PERMANENTFLAGS")
        int itemIndex = -1; // its position in itemNames (-1 for a bare untagged line)
        // Body items before it were read (and displayed); those at or after it were not.
    };
    static std::optional<SyntaxError> syntaxError(const imap::Response &response);

    // A NUL inside a literal of `announced` octets of which `literal` arrived: nullopt when
    // 4.x counts it right; otherwise the sentence-ready facts.
    struct NulMiscount
    {
        qint64 firstNul = -1; // offset in the literal
        qint64 owed = 0;      // octets 4.x still believed were owed after the literal's end
    };
    static std::optional<NulMiscount> nulMiscount(QByteArrayView literal, qint64 announced);
    // What 4.x's display got of a literal it read as C strings, line by line (a line ends
    // after its LF; the last may have none): each line up to its first NUL, the NUL and the
    // rest of that line (its line end included) lost. A literal without NUL comes back whole.
    static QByteArray asCStringLines(QByteArrayView literal);
};

} // namespace msim::fetch
