// SPDX-License-Identifier: MIT
#pragma once

#include "fetch/FetchAudit.h"

#include <optional>

namespace msim::fetch {

// Classifies one chunk reply against its request into the statuses of DESIGN.md §3 (ok, short,
// overrun_framed, overrun_unframed, no_origin, origin_mismatch, empty, nil, no_body, error).
// A pure function of the request's range and the facts read from the reply: analysis beside
// the emulation, it never changes what Messenger 4.5 does. First match wins, in this order:
// error (4.x misread the reply), overrun_unframed (a parse error after a literal with extra
// octets), error (any other way the reply did not complete), no_body, nil, no_origin,
// origin_mismatch, empty, overrun_framed, short, ok.
class ChunkClassifier
{
public:
    // What was asked: both null for a whole (range-less) fetch.
    struct Request
    {
        std::optional<qint64> start;
        std::optional<qint64> length;
        qint64 rfc822Size = 0; // from the header download (MESSENGER45.md §2)

        friend bool operator==(const Request &, const Request &) = default;
    };

    // How the reply ended.
    enum class End {
        Completed,  // a tagged OK
        ParseError, // a response did not parse (an unframed overrun shows itself so)
        Failed      // NO, BAD, a close, a reset, a timeout, a limit, a cancel
    };

    // What the reply said: its last body item (BODY[] or RFC822) and how it ended.
    struct Reply
    {
        End end = End::Completed;
        bool misread = false;     // Messenger 4.x's own reading failed (MESSENGER45.md §4)
        qint64 unframedExtra = 0; // octets after the literal that did not parse
        bool haveBody = false;
        bool isNil = false;
        std::optional<qint64> origin; // atoi of the origin text; null without one
        qint64 literalLength = -1;    // announced octets (or a quoted string's length)

        friend bool operator==(const Reply &, const Reply &) = default;
    };

    static ChunkStatus classify(const Request &request, const Reply &reply);
};

} // namespace msim::fetch
