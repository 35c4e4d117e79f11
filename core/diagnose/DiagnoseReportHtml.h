// SPDX-License-Identifier: MIT
#pragma once

#include "diagnose/Diagnosis.h"
#include "scenario/Report.h"

namespace msim::scenario {
class ReportPage;
}

namespace msim::diagnose {

// report.html of `msim-cli diagnose --report DIR` (DESIGN.md §4), written with the report
// pages' frame (scenario::ReportPage): the verdict in a banner, each fault found (its sentence,
// references linked when the catalogue knows their address, transports, evidence, who suffers,
// the workaround candidates with the verified one marked, the server fix), the probe table per
// transport, the messages probed, notes and warnings, and the server per transport. Every
// server string passes the markup writer, which escapes it and shows control characters as \xHH.
class DiagnoseReportHtml
{
public:
    // The whole page. `files`: it sits beside transcript.txt and the UID.reference.eml files and
    // links them.
    static QString page(const DiagnoseResult &result, const scenario::ReportContext &context,
                        bool files);
    // The banner's sentence: "Conformant: no known partial-FETCH fault found", "1 known fault
    // found", "3 known faults found", or "Could not run: <error>".
    static QString banner(const DiagnoseResult &result);

private:
    static void fault(scenario::ReportPage &page, const DiagnosedFault &f);
    static void candidates(scenario::ReportPage &page, const DiagnosedFault &f);
    static void probes(scenario::ReportPage &page, const DiagnoseResult &result);
    static void messages(scenario::ReportPage &page, const DiagnoseResult &result, bool files);
    static void servers(scenario::ReportPage &page, const DiagnoseResult &result, bool files);
};

} // namespace msim::diagnose
