// SPDX-License-Identifier: MIT
#pragma once

#include "imap/RawResponse.h"
#include "imap/Response.h"

#include <variant>

namespace msim::imap {

// Turns one framed response into a typed Response (RFC 3501 §7, §9 grammar), read with the
// shared Lexer (FETCH items with FetchParser), or a ParseError
// naming the stream offset of the offending octet and its raw line. Never throws, recurses only
// to limits::kMaxNestingDepth, and skips unknown FETCH items structurally (atoms, strings,
// literals, nested lists), listing them in FetchResponse::otherItems.
//
// Generic and lenient: it serves the emulated Messenger 4.5 client and msim's own verification
// connection alike, so it records what the server sent and judges nothing 4.5-specific. The fetch
// layer decides from the record: the order of FETCH items (FetchResponse::itemNames and
// BodyItem::itemIndex, for "a literal before an item 4.x did not know"), the raw origin text
// (BodyItem::originText, read as atoi into BodyItem::origin, MESSENGER45.md §4), and untagged
// lines 4.x could not read (a bare `* PERMANENTFLAGS (...)` is an OtherUntagged).
//
// Errors (ParseError): an empty response or line; a tagged status other than OK, NO or BAD; an
// unterminated '<', '[', quoted string or response code; a number over its limit (UID and
// sequence numbers 2^32 - 1, RFC822.SIZE 2^59; an origin never fails, it saturates at
// limits::kMaxOrigin); nesting deeper than limits::kMaxNestingDepth; more than
// limits::kMaxListItems in one list; any octet where the grammar allows none (straight after a
// literal, this is how an unframed overrun shows itself).
class ResponseParser
{
public:
    using Result = std::variant<Response, ParseError>;
    static Result parse(const RawResponse &raw);

    // An incomplete reply (what arrived before a close, a timeout or a cancel: the framer's
    // partial response with its unfinished line, PendingCommand::incomplete()): the FETCH
    // items read before the input ran out, or nullopt when it is not a FETCH response or
    // nothing of its items could be read. A body item whose literal was cut short keeps the
    // announced length (BodyItem::literalLength), the octets that arrived (data) and their
    // stream offset, so the fetch layer never reads the text itself.
    static std::optional<FetchResponse> parsePartial(const RawResponse &incomplete);
};

} // namespace msim::imap
