// SPDX-License-Identifier: MIT
#pragma once

#include "fetch/FetchOutcome.h"
#include "scenario/MarkupWriter.h"
#include "scenario/Report.h"

namespace msim::scenario {

// The frame every report.html page shares (DESIGN.md §4 `--report DIR`): an HTML5 document
// written as well-formed markup with the style sheet (report.css, a Qt resource) inlined so the
// page is one self-contained file; the header (title, ticket, time, the reproduction's
// expectation), the case's story, and the footer (what made the page; no password appears).
// The fetch page (FetchReportHtml) and the matrix page (MatrixReportHtml) fill the middle.
class ReportPage
{
public:
    // Writes into *out, which must outlive the page.
    explicit ReportPage(QString *out);

    MarkupWriter &writer() { return m_w; }

    // The doctype, <head> (charset, viewport, `title`, the style sheet), and opens <main>.
    void begin(const QString &title);
    // begin() and header() of a page whose title is context.title, else `defaultTitle` (the
    // document's title adds " — ticket" when there is one).
    void open(const ReportContext &context, const QString &defaultTitle);
    // The link up (a matrix cell), the <h1> (context.title, else `defaultTitle`), the ticket and
    // when the page was made.
    void header(const ReportContext &context, const QString &defaultTitle);
    // Whether a reproduction's expectation held, with the differences; nothing outside one.
    void expectation(const ReportContext &context);
    // "The case": the scenario's description; nothing when there is none.
    void story(const ReportContext &context);
    // The footer, and closes the document.
    void finish(const ReportContext &context);

    // A verdict badge: <span class="badge" style="background:COLOUR">verdict</span>.
    void badge(const QString &verdict);
    // Plain text and <name class="cls"> runs alternating, starting plain (an empty string
    // skips a turn): alternate({"set ", "fetch_by_chunks", " to false"}, "span", "mono").
    void alternate(const QStringList &parts, const QString &name, const QString &cls = {});
    // A <p class="meta"> of alternate(parts, "b"): meta({"Client ", "Messenger 4.5"}).
    void meta(const QStringList &plainBoldPlain);
    // A <ul class="cls"> of one <li> per item.
    void list(const QStringList &items, const QString &cls = {});

    // report.css from the resources (empty if it is missing from the build).
    static QString styleSheet();
    // "SSL", "STARTTLS", "plain text".
    static QString transportName(net::Security security);
    // A message's verdict word for a badge: "not found" and "failed" when nothing was fetched.
    static QString badgeText(const fetch::MessageOutcome &message);

private:
    MarkupWriter m_w;
};

} // namespace msim::scenario
