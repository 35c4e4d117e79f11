#pragma once

#include "imap/RawResponse.h"
#include "imap/Response.h"

#include <variant>

namespace msim::imap {

// Turns one framed response into a typed Response (RFC 3501 §7, §9 grammar), or a ParseError
// naming the offset and the raw line. Never throws, recurses only to kMaxNestingDepth, and
// skips unknown FETCH items structurally (atoms, strings, literals, nested lists).
class ResponseParser
{
public:
    using Result = std::variant<Response, ParseError>;
    static Result parse(const RawResponse &raw);
};

} // namespace msim::imap
