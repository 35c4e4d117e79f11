// SPDX-License-Identifier: MIT
#pragma once

#include "fetch/FetchOutcome.h"
#include "net/Capture.h"
#include "scenario/MatrixCell.h"
#include "scenario/Report.h"

namespace msim::scenario {

// What msim-cli --pcap, a report's capture.pcapng and the GUI's File ▸ Export capture… write
// for a fetch, a matrix or a reproduction (DESIGN.md §4 CAPTURE): net::writeCapture with a
// section comment naming msim, when and where it ran, the command, and the server (the
// context's `server`, else the outcome's host, port and security).
class RunCapture
{
public:
    static constexpr auto kFileName = "capture.pcapng"; // in a report folder

    // The comment lines before the per-connection ones.
    static QStringList comments(const ReportContext &context, const QString &server);
    // "127.0.0.1:993 (ssl)"
    static QString serverOf(const fetch::ServerInfo &server);

    // Every connection of `outcome` (emulated client, reference copy, \Seen restore).
    static QList<net::CaptureSource> sources(const fetch::FetchOutcome &outcome);
    // Every cell's connections, each label prefixed with its cell ("ssl-chunks-6144").
    static QList<net::CaptureSource> sources(const QList<MatrixCell> &cells);

    // Writes the capture of a fetch / a matrix to `path`; false with *error set.
    static bool write(const QString &path, const fetch::FetchOutcome &outcome,
                      const ReportContext &context, QString *error);
    static bool write(const QString &path, const QList<MatrixCell> &cells,
                      const ReportContext &context, QString *error);
};

} // namespace msim::scenario
