// SPDX-License-Identifier: MIT
#pragma once

#include "scenario/SessionHtml.h"

namespace msim::scenario {

class ReportPage;

// One message in report.html's "Chunk by chunk" (DESIGN.md §4): its heading and verdict, the
// chunk picture (ChunkPictureSvg), the MIME parts table (MimeDamage: what each part kept), the
// first octets that overran a literal (linked to their
// transcript line), the chunk table (at most kMaxTableRows rows; report.json lists them all), how
// it was judged, and links to UID.displayed.eml and UID.reference.eml.
class MessageSectionHtml
{
public:
    // `files`: the .eml files sit beside the page, so link them.
    static void write(ReportPage &page, const fetch::MessageOutcome &message,
                      const fetch::FetchOutcome &outcome, const SessionHtml::Lines &lines,
                      bool files);

    static constexpr int kMaxTableRows = 2000;      // rows of the chunk table drawn at most
    static constexpr qsizetype kExtraPreview = 320; // octets shown after an overrunning literal
    static constexpr int kPictureWidth = 1040;      // the SVG's width in pixels
    static constexpr int kPathIndent = 16;          // the parts table: pixels per MIME depth

private:
    static void mimeParts(ReportPage &page, const fetch::MessageOutcome &message);
    static void overrunPreviews(ReportPage &page, const fetch::MessageOutcome &message,
                                const SessionHtml::Lines &lines);
    static void chunkTable(ReportPage &page, const fetch::MessageOutcome &message);
    static void judged(ReportPage &page, const fetch::MessageOutcome &message,
                       const fetch::FetchOutcome &outcome, bool files);
};

} // namespace msim::scenario
