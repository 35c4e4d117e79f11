// SPDX-License-Identifier: MIT
#pragma once

#include "scenario/ChunkPicture.h"

namespace msim::scenario {

class MarkupWriter;

// The chunk picture as SVG for report.html (DESIGN.md §4): rows, the offset axis with ticks, the
// end of the message, a legend, and a <title> on every bar; no scripts, no external files. It
// draws with ChunkPictureLayout, as ui::ChunkMapWidget does, so both pictures agree. Text widths
// are estimated (QtCore has no font engine): labels longer than the 200 px column are cut by it.
class ChunkPictureSvg
{
public:
    // Writes one <svg> element (inline-able in HTML) `width` pixels wide (at least 480); its
    // height follows from the rows. At most ChunkPicture::kMaxSvgRows chunk rows are drawn.
    static void write(MarkupWriter &out, const ChunkPicture &picture, int width);
};

} // namespace msim::scenario
