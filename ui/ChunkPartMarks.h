// SPDX-License-Identifier: MIT
#pragma once

#include "fetch/Verdict.h"
#include "scenario/ChunkPicture.h"

#include <QFont>
#include <QPointF>
#include <QRectF>

#include <algorithm>
#include <optional>

class QPainter;

namespace msim::ui {

// The MIME parts over the GUI's chunk picture (issue 19; ChunkMapWidget): a thin line across the
// rows where each leaf part of the true message begins (scenario::ChunkPicture::parts), its path
// in a band above the rows, its sentence as the tooltip, and the part chosen in the message
// view's parts tab as a shaded band. A message of one leaf part (a single-part body) has no
// boundary between parts to show: no lines, no band, the rows where ChunkPictureLayout puts
// them. Geometry in widget pixels, from the picture's layout.
class ChunkPartMarks
{
public:
    // Where the rows and the offset axis are (ChunkMapWidget's layout, pixels).
    struct Geometry
    {
        double plotX = 0;
        double plotW = 0;
        double top = 0; // the first row's top; the path band is the kBand pixels above it
        double rowsBottom = 0;
        double width = 0;
        qint64 extent = 1;
        double x(qint64 offset) const
        {
            return plotX + double(offset) * plotW / double(std::max<qint64>(extent, 1));
        }
    };

    static constexpr double kBand = 16;       // the path labels' band above the rows
    static constexpr double kLabelGap = 3;    // from a line to its label, and between labels
    static constexpr double kLabelShift = 40; // a label pushed further right than this is left out
    static constexpr double kHitSlop = 3;     // a pointer this close to a line gets its tooltip
    static constexpr int kFont = 11;          // pixels

    // The band's height: kBand when `parts` has two leaf parts or more, else 0.
    static double bandHeight(const QList<scenario::ChunkPicture::PartMark> &parts);
    // Draws the lines and labels, then `selected` ([from, to) in message offsets) as a band.
    static void paint(QPainter &p, const Geometry &g,
                      const QList<scenario::ChunkPicture::PartMark> &parts,
                      const std::optional<fetch::Range> &selected, const QFont &base);
    // The tip of the part whose label or line is at `pos`, or "".
    static QString tipAt(const Geometry &g, const QList<scenario::ChunkPicture::PartMark> &parts,
                         const QPointF &pos, const QFont &base);
};

} // namespace msim::ui
