// SPDX-License-Identifier: MIT
#pragma once

#include "scenario/MatrixCell.h"
#include "scenario/Report.h"

namespace msim::scenario {

// The top report.html of a reproduction matrix (DESIGN.md §4 `matrix --report DIR`): how many
// cells were complete, a table of verdicts (rows: transport; columns: each chunk size with
// fetch_by_chunks on, then off) whose cells link to their own folder's report, and each cell's
// first finding.
class MatrixReportHtml
{
public:
    static QString page(const QList<MatrixCell> &cells, const ReportContext &context);

    // The cells' folder names (MatrixCell::folderName()), made unique: a repeated cell gets
    // "-2", "-3", ...
    static QStringList folderNames(const QList<MatrixCell> &cells);
    // "SSL, chunks of 6144 octets", "plain text, fetch_by_chunks off (whole message)".
    static QString cellTitle(const MatrixCell &cell);
};

} // namespace msim::scenario
