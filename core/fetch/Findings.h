// SPDX-License-Identifier: MIT
#pragma once

#include "fetch/FetchOutcome.h"

namespace msim::fetch {

// Turns one message's audit and verdict into findings: one plain sentence each, which a support
// engineer can paste into a ticket (DESIGN.md §3: any chunk status other than ok and a final
// short, any verdict other than complete, any session end other than a normal logout).
class Findings
{
public:
    struct Context
    {
        QString client = QStringLiteral("Messenger 4.5");
        net::Security security = net::Security::Ssl;
    };
    // At most kMaxChunkSentences sentences about single requests (repeats are already grouped),
    // the last of them saying how many more were left out and for which requests: with the
    // sentences about the whole message, never more than a screen (DESIGN.md §3).
    static constexpr int kMaxChunkSentences = 12;
    static QStringList forMessage(const MessageOutcome &m, const Context &ctx);
    // An honest 0-octet message (RFC822.SIZE 0, 0 octets shown, the reference empty or absent,
    // complete): not a finding, the server is right. emptyMessageNote() is the sentence for
    // FetchOutcome::notes saying what 4.x would have done with it (MESSENGER45.md §8), for a
    // Messenger client only.
    static bool honestlyEmpty(const MessageOutcome &m);
    static QString emptyMessageNote(const MessageOutcome &m, const Context &ctx);
    static QString transport(net::Security s); // "over SSL", "over STARTTLS", "over plain text"
    static QString ranges(const QList<Range> &ranges); // "6144–7643, 12288–13787"
};

} // namespace msim::fetch
