// SPDX-License-Identifier: MIT
#pragma once

#include "diagnose/Diagnosis.h"
#include "scenario/Scenario.h"

#include <optional>

namespace msim::diagnose {

// "Save as scenario" for a diagnosed fault (DESIGN.md §4 diagnose, issue 18 item 5): the fault
// as a reproduction against the built-in server (DESIGN.md §5), so that what a customer's
// server did can be shown again without it. Plain data; no I/O.
class DiagnoseScenario
{
public:
    // The built-in profile that shows fault `id` (emulator::ServerProfile names; empty: none).
    static QString profileFor(QStringView id);

    // The scenario reproducing `f` (a fault of `r`): the built-in profile that shows it, over
    // the fault's first transport (ssl where the profile's fault is SSL-only), the sample
    // corpus's 20000-octet message (the 5 MiB one for a fault past 1 MiB), the messenger45
    // preset, the catalogue's title and first reference as ticket, and as expectation the
    // verdict of f's messenger45 "affects" run. Nullopt, with *why (when given) in one
    // sentence, for a fault no built-in profile shows or one whose messenger45 run could not
    // fetch.
    static std::optional<scenario::Scenario> reproduction(const DiagnosedFault &f,
                                                          const DiagnoseResult &r, QString *why);
};

} // namespace msim::diagnose
