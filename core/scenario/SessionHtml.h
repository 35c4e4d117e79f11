// SPDX-License-Identifier: MIT
#pragma once

#include "fetch/FetchOutcome.h"

namespace msim::scenario {

class ReportPage;

// The parts of report.html about the sessions rather than a message (DESIGN.md §4): "Server
// and TLS" (greeting, capabilities, the TLS session and what a pin overrode, a refused
// certificate), "Client" (the emulated client and its effective prefs, password-bearing prefs
// redacted), and "Transcript" (every connection's redacted lines, at most
// Report::kMaxTranscriptLines each, with ids that the chunk sections link to).
class SessionHtml
{
public:
    // Each connection's transcript lines, computed once per page.
    using Lines = QList<QList<net::Transcript::Line>>;
    static Lines lines(const fetch::FetchOutcome &outcome);
    // The id of the first rendered transcript line holding the octets that overran `chunk`'s
    // literal ("t1-42"), or "" when there is none.
    static QString overrunAnchor(const Lines &lines, const fetch::ChunkRecord &chunk);

    static void server(ReportPage &page, const fetch::FetchOutcome &outcome);
    // The table of one server as a connection saw it (host, port, security, greeting,
    // capabilities, TLS, a refused certificate), after the --tls-legacy warning when it was on:
    // what server() shows under "Server and TLS", and the diagnose report per transport.
    static void serverTable(ReportPage &page, const fetch::ServerInfo &server);
    // `files`: links transcript.txt, which sits beside the page.
    static void transcript(ReportPage &page, const fetch::FetchOutcome &outcome, const Lines &lines,
                           bool files);
};

} // namespace msim::scenario
