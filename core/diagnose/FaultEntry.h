// SPDX-License-Identifier: MIT
#pragma once

#include "diagnose/Probe.h"
#include "net/Security.h"

#include <QList>
#include <QString>
#include <QStringList>

namespace msim::diagnose {

// A public report a fault entry cites (DESIGN.md §4 diagnose "references"): "KB Q194998",
// "RFC 3501 §6.4.5". `transports`: the transports the report is about (empty: any); on another
// transport an outcome only "matches the pattern of" it.
struct FaultReference
{
    QString id;
    QString title;
    QString url; // empty when the report has no public address
    QList<net::Security> transports;

    bool coversTransport(net::Security s) const
    {
        return transports.isEmpty() || transports.contains(s);
    }
};

// How a fault shows itself to the probes (DESIGN.md §4: declarative, which probe and which
// observation): a probe whose name is in `probes` (a trailing '*' matches any rest, "*" any
// probe) recorded one of `observed` and none of `unless`.
struct FaultSignature
{
    QStringList probes;
    QStringList observed; // observation:: words
    QStringList unless;

    bool isEmpty() const { return probes.isEmpty() || observed.isEmpty(); }
    bool matchesName(QStringView probe) const;
    bool matches(const ProbeResult &r) const;
    // Every observation word a signature may name (Probe.h observation::).
    static const QStringList &words();
};

// One entry of the fault catalogue: a known server fault (`id` of DESIGN.md §4, e.g.
// "partial-overrun-unframed") or an event that is no fault of its own ("verdict:truncated",
// "error:timeout", "end:emergency_logout"). Sentences are plain text, true for every outcome
// the entry is shown for.
struct FaultEntry
{
    QString id;
    QString title;
    QString cause; // one sentence: what the server did and what the client made of it
    QList<FaultReference> references;
    QStringList servers; // servers known to have shown it (may be empty)
    // The client-side workaround: prefs in msim-cli's --set form ("NAME=VALUE"; empty: none
    // known or none needed) and one sentence.
    QStringList workaroundSets;
    QString workaround;
    QString serverFix;        // empty for an event without one
    FaultSignature signature; // every fault has one; events have none
};

} // namespace msim::diagnose
