// SPDX-License-Identifier: MIT
#pragma once

#include "fetch/FetchOutcome.h"

#include <QStringList>

namespace msim::diagnose {

// Which entries of the FaultCatalogue one fetched message shows (DESIGN.md §3 findings, §4
// fault ids): read from its chunk statuses and error kinds, its RFC822.SIZE against the octets
// the server holds (the reference copy), its verdict and its session end. Only what the outcome
// shows: a fault that leaves no trace in it (origin-with-length, which 4.5 reads as intended;
// literal-lf-count, which looks like an unframed overrun from the client's side) is not named
// here; the server probes of `diagnose` find those.
class OutcomeFaults
{
public:
    // The fault ids of DESIGN.md §4 that `m` shows, each once, in the order of the first chunk
    // that shows it, the RFC822.SIZE findings after the chunk ones. Empty for a cancelled
    // message (no verdict) or one that could not be fetched.
    static QStringList faults(const fetch::MessageOutcome &m);
    // The catalogue's events that `m` shows besides its faults, each once: "verdict:<name>" for
    // a verdict other than complete, then "chunk:short" (a short chunk before the end),
    // "error:<kind>" for an error no fault explains, "end:<name>" for a session end other than
    // a logout that no fault explains. "end:cancelled" alone for a cancelled message.
    static QStringList events(const fetch::MessageOutcome &m);
    // Whether chunk `c` of `m` is a finding (DESIGN.md §3): any status but ok, and a short
    // one only before the end of the message.
    static bool isFinding(const fetch::MessageOutcome &m, const fetch::ChunkRecord &c);
    // The octets the server holds for `m`: the reference copy's size; nullopt without one.
    static std::optional<qint64> held(const fetch::MessageOutcome &m);
};

} // namespace msim::diagnose
