// SPDX-License-Identifier: MIT
#pragma once

#include "diagnose/Diagnosis.h"
#include "scenario/JsonWriter.h"

namespace msim::diagnose {

// The outputs of `msim-cli diagnose` (DESIGN.md §4): the JSON object, written by the one JSON
// writer, and the text summary a support engineer reads first (the verdict, each fault in a
// sentence with its reference and who suffers, the verified workaround, then the probe table).
// Server text in them is already sanitised by the probes; nothing here reads the network.
class DiagnoseOutput
{
public:
    static QByteArray json(const DiagnoseResult &result);
    static void writeJson(scenario::JsonWriter &w, const DiagnoseResult &result);
    static QString text(const DiagnoseResult &result);
    // "mail.imap.fetch_by_chunks=false" (several joined with ", "), with " (thunderbird)"
    // when the candidate's preset is not messenger45.
    static QString candidateText(const WorkaroundCandidate &c);
    // The one sentence per fault the summary and the GUI start with (DiagnosedFault::sentence).
    static QString faultSentence(const DiagnosedFault &f) { return f.sentence; }
};

} // namespace msim::diagnose
