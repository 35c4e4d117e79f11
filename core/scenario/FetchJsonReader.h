// SPDX-License-Identifier: MIT
#pragma once

#include "fetch/FetchOutcome.h"

#include <QJsonObject>

namespace msim::scenario {

// The fetch object of DESIGN.md §4 (what JsonOutput::writeFetch writes: report.json, each matrix
// cell's "result", reproduce's "result") read back into a FetchOutcome, through the same name
// tables the writer used (kSecurityNames, kStrategyNames, kChunkStatusNames, kErrorKindNames,
// kVerdictNames, kMessageEndNames). What the object does not hold stays at its default: the
// octets (displayed, reference: ReportReader adds them from the .eml files), the transcripts, a
// chunk's connection and stream offset, the client's name and preset, the run time. The object
// is untrusted input: every error names its JSON path ("$.messages[0].chunks[2].status"), and
// counts are bounded by the named limits below.
class FetchJsonReader
{
public:
    static constexpr qsizetype kMaxMessages = 100'000;
    static constexpr qsizetype kMaxChunks = 1'000'000; // in all messages together
    static constexpr qsizetype kMaxStrings = 10'000;   // findings, warnings, notes, prefs, each

    // nullopt and *error ("$.messages[0].uid: must be a whole number from 1 to 4294967295") when
    // `object` is not a fetch object.
    static std::optional<fetch::FetchOutcome> read(const QJsonObject &object, QString *error);
};

} // namespace msim::scenario
