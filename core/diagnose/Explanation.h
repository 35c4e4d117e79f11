// SPDX-License-Identifier: MIT
#pragma once

#include "diagnose/FaultCatalogue.h"
#include "fetch/FetchOutcome.h"

namespace msim::diagnose {

// "What this means" for one fetched message (issue 17, DESIGN.md §1): a headline, then per
// fault or event the outcome shows (OutcomeFaults) its cause, the public report it matches, the
// servers known to show it, the client-side workaround and the server-side fix, each a plain
// sentence that is true for this outcome: a report about another transport than the one used
// is only "the pattern of" it; a complete message without a fault says nothing went wrong.
struct Explanation
{
    struct Item
    {
        QString id; // the catalogue's id
        QString title;
        QString cause;
        QString reports; // "Matches KB Q194998 (…)." or "Matches the pattern of …"; may be empty
        QString servers; // "Known on: …"; may be empty
        QString workaround;
        QString serverFix;
    };
    QString headline;
    QList<Item> items;
    // The prefs the workaround button sets ("NAME=VALUE", msim-cli --set form), the first
    // item's that has any; empty (no button) when none has, or when the client is not
    // Messenger 4.5 (the catalogue's workarounds are its prefs).
    QStringList workaroundSets;
    bool nothingWrong = false; // complete, no fault, no event

    // Nothing (an empty headline) for a message that could not be fetched: the banner says why.
    static Explanation of(const fetch::MessageOutcome &m, net::Security security,
                          const QString &client,
                          const FaultCatalogue &catalogue = FaultCatalogue::shared());
    // The whole explanation as plain text, one sentence or heading a line.
    QString toText() const;
};

} // namespace msim::diagnose
