// SPDX-License-Identifier: MIT
#pragma once

#include "fetch/FetchOutcome.h"
#include "scenario/Report.h"

namespace msim::scenario {

class ReportPage;

// report.html of one fetch (DESIGN.md §4 `--report DIR`), for a support engineer and the
// customer: what the client showed per message, the findings with plain explanations of the
// chunk statuses that occurred, then chunk by chunk (MessageSectionHtml), the server, TLS and
// client (SessionHtml), and the redacted transcript. Every string from the server is escaped by
// the writer.
class FetchReportHtml
{
public:
    // The whole page. `files`: it sits beside transcript.txt and the .eml files and links them.
    static QString page(const fetch::FetchOutcome &outcome, const ReportContext &context,
                        bool files);

private:
    static void summary(ReportPage &page, const fetch::FetchOutcome &outcome);
    static QString facts(const fetch::MessageOutcome &m, const fetch::FetchOutcome &outcome);
    static void findings(ReportPage &page, const fetch::FetchOutcome &outcome);
    static void explanations(ReportPage &page, const fetch::FetchOutcome &outcome);
};

} // namespace msim::scenario
