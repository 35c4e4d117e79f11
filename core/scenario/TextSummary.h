// SPDX-License-Identifier: MIT
#pragma once

#include "fetch/FetchOutcome.h"

namespace msim::scenario {

// The short human summary of a fetch that msim-cli prints without --json: the server and TLS,
// one block per message (verdict, chunks, findings), the session end, warnings and notes.
class TextSummary
{
public:
    static QString render(const fetch::FetchOutcome &outcome, bool showChunks = true);
    static QString chunkLine(const fetch::ChunkRecord &c);
};

} // namespace msim::scenario
