// SPDX-License-Identifier: MIT
#pragma once

#include "diagnose/FaultEntry.h"

#include <QByteArray>

#include <optional>

namespace msim::diagnose {

// The fault catalogue (DESIGN.md §4 diagnose, MESSENGER45.md §5–§6): the known server faults
// of partial FETCH, each with its public references, the servers known to show it, the
// client-side workaround and the server-side fix; and what every other outcome means (the
// "events": verdicts, chunk statuses and error kinds that have no fault id, session ends). A
// JSON data file, resources/diagnose/fault-catalogue.json, embedded in the program; a file of
// the same name in the user's data folder overrides it, so support staff can add entries
// without rebuilding. Plain data: no Widgets, no I/O after loading.
class FaultCatalogue
{
public:
    // The fault ids DESIGN.md §4 fixes, in its order.
    static QStringList stableIds();
    // Where the embedded catalogue is (a Qt resource path).
    static QString builtInPath();
    // The user's override: <generic data folder>/msim/fault-catalogue.json.
    static QString userPath();

    // Reads a catalogue's JSON. Nullopt, with `error` saying where, for text that is not JSON,
    // an entry without an id, title or cause, a duplicate id, a transport that is not a
    // net::Security name, or a workaround line that is not "NAME=VALUE".
    static std::optional<FaultCatalogue> parse(const QByteArray &json, QString *error);
    // The user's override when it exists and parses, else the embedded one; `warning` (when
    // given) says why an override present was not used.
    static FaultCatalogue load(QString *warning = nullptr);
    // load(), once per program (what the GUI shows).
    static const FaultCatalogue &shared();

    const QList<FaultEntry> &faults() const { return m_faults; }
    const QList<FaultEntry> &events() const { return m_events; }
    const FaultEntry *fault(QStringView id) const; // nullptr when there is none
    const FaultEntry *event(QStringView id) const; // nullptr when there is none

private:
    QList<FaultEntry> m_faults;
    QList<FaultEntry> m_events;
};

} // namespace msim::diagnose
