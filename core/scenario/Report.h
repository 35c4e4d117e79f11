// SPDX-License-Identifier: MIT
#pragma once

#include "fetch/FetchOutcome.h"
#include "scenario/MatrixCell.h"

#include <QDateTime>
#include <QStringList>

#include <optional>

namespace msim::scenario {

// What a report says beside the outcome: the ticket's story and how the run was made.
struct ReportContext
{
    QString title;                      // e.g. the scenario title, or "msim fetch"
    QString ticket;                     // e.g. "KB Q194998" (may be empty)
    QString description;                // the scenario's story (may be empty, plain text)
    std::optional<bool> expectationMet; // set for `reproduce`
    QStringList differences;            // why an expectation did not hold
    QString command;     // the msim-cli command line that produced it (never holds a password)
    QDateTime generated; // invalid: now
    QString up;          // a link to the page above (a matrix cell: "../report.html"), or empty
    QString server;      // what ran against, for a capture: "the built-in server, profile …"
};

// The report for a ticket (DESIGN.md §4 `--report DIR`): report.json (the CLI's object),
// report.html (self-contained: verdicts, the story, findings, the chunk picture, server and TLS,
// client prefs, the redacted transcript), transcript.txt, capture.pcapng (RunCapture), and per
// message UID.displayed.eml and UID.reference.eml; a matrix gets a top page, a capture of every
// cell, and one sub-folder per cell. Every string from the
// server is escaped; nothing it writes can hold the password (the transcripts are redacted).
// The pages are written by FetchReportHtml and MatrixReportHtml; this class writes the files.
class Report
{
public:
    // Writes report.json (the given object, indented), report.html, transcript.txt (every
    // connection, redacted, literals summarised), capture.pcapng, and per message UID.displayed.eml
    // and, when there is a reference, UID.reference.eml. Creates `dir` if needed. false + *error on
    // failure.
    static bool writeFetch(const QString &dir, const fetch::FetchOutcome &outcome,
                           const ReportContext &context, const QByteArray &json, QString *error);
    // A matrix: report.json and report.html at the top (a table of verdicts, each cell linking
    // to its folder), and one sub-folder per cell (MatrixCell::folderName()) written with
    // writeFetch and that cell's own FETCH JSON (JsonOutput::fetch(cell.result)).
    static bool writeMatrix(const QString &dir, const QList<MatrixCell> &cells,
                            const ReportContext &context, const QByteArray &json, QString *error);
    static QString html(const fetch::FetchOutcome &outcome, const ReportContext &context);
    static QString matrixHtml(const QList<MatrixCell> &cells, const ReportContext &context);

    // "Messenger 4.5 shows 6144 of 20000 octets" (or what else is true of the message).
    static QString shows(const fetch::MessageOutcome &m, const QString &client);
    // The files of every report folder (the diagnose report's too): `bytes` written to `path`
    // whole or not at all (QSaveFile); `dir` created with its parents. False + *error naming the
    // path and the reason.
    static bool writeFile(const QString &path, const QByteArray &bytes, QString *error);
    static bool makeDir(const QString &dir, QString *error);

    // A transcript's lines rendered per connection at most (transcript.txt has them all).
    static constexpr int kMaxTranscriptLines = 5000;
};

} // namespace msim::scenario
