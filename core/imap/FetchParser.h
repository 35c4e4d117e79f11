// SPDX-License-Identifier: MIT
#pragma once

#include "imap/Lexer.h"
#include "imap/Response.h"

#include <optional>

namespace msim::imap {

// The item list of a FETCH response (RFC 3501 §7.4.2 msg-att), read with the shared Lexer:
// UID, RFC822.SIZE, FLAGS, XSENDER, BODY[section]<origin> (and BODY.PEEK, BINARY, RFC822,
// RFC822.HEADER, RFC822.TEXT) into BodyItem, anything else skipped structurally and listed in
// FetchResponse::otherItems. The origin is read as Messenger 4.5's atoi reads it
// (MESSENGER45.md §4; see BodyItem). Used by ResponseParser only.
class FetchParser
{
public:
    // Reads "(" item *(SP item) ")" at the lexer's cursor into `f`. On failure the lexer holds
    // the error and `partial` the items read so far (the failing item's name included) when
    // the failure lies inside an item or between items (so an unframed overrun keeps its
    // literal); it stays empty for a missing "(" or too many items.
    static bool parse(Lexer &lx, FetchResponse &f, std::optional<FetchResponse> &partial);

    // C's atoi (C11 §7.22.1.2) as Messenger 4.5 applies it to a FETCH origin: leading white
    // space, an optional sign, decimal digits up to the first other octet; no digits read as
    // 0; saturated at limits::kMaxOrigin / -kMaxOrigin - 1 (as MSVC's atoi does).
    static qint64 atoiOrigin(QByteArrayView text);

private:
    static bool item(Lexer &lx, FetchResponse &f);
    static bool bodyValue(Lexer &lx, BodyItem &item, FetchResponse &f);
    static bool section(Lexer &lx, QByteArray &out);
    static bool origin(Lexer &lx, BodyItem &item);
};

} // namespace msim::imap
