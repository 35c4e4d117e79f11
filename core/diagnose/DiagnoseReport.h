// SPDX-License-Identifier: MIT
#pragma once

#include "diagnose/Diagnosis.h"
#include "scenario/Report.h"

namespace msim::diagnose {

// `msim-cli diagnose --report DIR` (DESIGN.md §4): report.json (DiagnoseOutput::json),
// report.html (readable, self-contained: the verdict, each fault with its references, who
// suffers and the workaround candidates, then the probe table per transport), transcript.txt
// (the probe connections, redacted), capture.pcapng (every connection, probes and re-runs), and
// per probed message UID.reference.eml.
class DiagnoseReport
{
public:
    // Writes the folder (created when missing). False + *error naming the file and the reason.
    static bool write(const QString &dir, const DiagnoseResult &result,
                      const scenario::ReportContext &context, QString *error);
    // `--pcap FILE`: every connection of the diagnosis as pcapng (scenario::RunCapture's
    // comments). False + *error naming the file and the reason.
    static bool writeCapture(const QString &path, const DiagnoseResult &result,
                             const scenario::ReportContext &context, QString *error);
    // The report.html text alone.
    static QByteArray html(const DiagnoseResult &result, const scenario::ReportContext &context);
};

} // namespace msim::diagnose
