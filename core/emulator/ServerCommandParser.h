// SPDX-License-Identifier: MIT
#pragma once

#include "emulator/ClientCommand.h"
#include "imap/RawResponse.h"

#include <QString>

#include <optional>

namespace msim::emulator {

// Parses the commands a client sends to the built-in server (RFC 3501 §6, §9), with the same
// imap::Lexer as the client's ResponseParser (quoted strings, literals as the framer announced
// them). Small, never throws, bounded (kMaxTokens, kMaxDepth): a fuzz target drives it with
// arbitrary bytes. Lenient where 4.x and other clients are: an atom argument runs to the next
// space, parenthesis or quote outside [...] (so BODY[HEADER.FIELDS (FROM)]<0.10> is one atom).
class ServerCommandParser
{
public:
    static constexpr int kMaxTokens = 2000; // a FETCH with every item is ~20
    static constexpr int kMaxDepth = 8;     // BODY[HEADER.FIELDS (...)] inside a list is 3

    struct Result
    {
        std::optional<ClientCommand> command;
        QByteArray tag; // the tag when one could be read, else "*"
        QString error;  // for "<tag> BAD <error>"
    };
    static Result parse(const imap::RawResponse &raw);
};

} // namespace msim::emulator
