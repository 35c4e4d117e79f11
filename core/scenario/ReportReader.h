// SPDX-License-Identifier: MIT
#pragma once

#include "fetch/FetchOutcome.h"

#include <QDateTime>
#include <QStringList>

#include <optional>

namespace msim::scenario {

// A report folder read back (DESIGN.md §4 `--report DIR`, written by Report::writeFetch): a
// customer's `msim-cli fetch --report DIR` or `reproduce … --report DIR`, opened in the window as
// if fetched there. report.json (the fetch object, or reproduce's object whose "result" is one;
// a matrix's top folder opens its first cell's sub-folder) becomes a FetchOutcome
// (FetchJsonReader), UID.displayed.eml and UID.reference.eml its octets, transcript.txt its
// transcripts (net::TranscriptTextReader), and report.html gives the emulated client's name and
// when the report was made. Everything in the folder is untrusted: each file is bounded by a
// named limit, and an error names the file, the line or offset and the (sanitised) text there.
// A missing transcript.txt or .eml file is a note, not a failure. Never throws.
class ReportReader
{
public:
    enum class Kind { Fetch, Reproduce, Matrix };

    struct Result
    {
        std::optional<fetch::FetchOutcome> outcome; // nullopt: see error
        QString error;  // why nothing could be opened: "report.json: …" with the folder
        QString folder; // the folder read (a matrix: its first cell's sub-folder), absolute
        Kind kind = Kind::Fetch;
        QString title, ticket;              // a reproduce report's scenario (else empty)
        std::optional<bool> expectationMet; // a reproduce report's verdict on its scenario
        QStringList cells;                  // a matrix report's sub-folders, in order
        QDateTime made; // UTC: report.html's "Generated" time, else report.json's file time
        bool madeFromFileTime = false;
        QStringList notes; // what was left out and why (a missing transcript.txt, …)

        // "Report opened from /path (made 2026-11-30 12:00 UTC against 127.0.0.1:993, ssl):
        // read-only" (and the matrix cell or scenario it is).
        QString banner() const;
    };

    // Octets per file read: report.json, transcript.txt, report.html (only searched), one .eml.
    static constexpr qint64 kMaxJsonBytes = 64 * 1024 * 1024;
    static constexpr qint64 kMaxTranscriptBytes = 256 * 1024 * 1024;
    static constexpr qint64 kMaxHtmlBytes = 256 * 1024 * 1024;
    static constexpr qint64 kMaxEmlBytes = 256 * 1024 * 1024;
    // Characters of a bad file's text quoted in an error.
    static constexpr qsizetype kQuotedChars = 80;

    static Result read(const QString &folder);
};

} // namespace msim::scenario
