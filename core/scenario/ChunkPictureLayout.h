// SPDX-License-Identifier: MIT
#pragma once

#include "scenario/ChunkPicture.h"

#include <QStringView>

#include <algorithm>
#include <array>

namespace msim::scenario {

// The chunk picture's geometry, fonts and colours, once for its two painters: the SVG of
// report.html (ChunkPicture::toSvg) and the GUI's chunk map (ui::ChunkMapWidget), which draw the
// same picture (DESIGN.md §4 "the chunk picture"). Lengths are pixels of a picture drawn on
// white; y offsets are from a row's top, or below the last row (rowsBottom) where named so.
struct ChunkPictureLayout
{
    using Kind = ChunkPicture::Bar::Kind;

    // Rows: a label column on the left, then the bars in message offsets.
    static constexpr int kRowHeight = 40;        // label and status on two lines
    static constexpr int kCompactRowHeight = 18; // one line each, more than kCompactAbove chunks
    static constexpr int kCompactAbove = 40;
    static constexpr double kTop = 24;            // above the first row: "end of message (N)"
    static constexpr double kLabelWidth = 200;    // the SVG's label column; the widget's least
    static constexpr double kPlotGap = 12;        // from the label column to the plot
    static constexpr double kRightMargin = 28;    // right of the plot
    static constexpr double kTextLeft = 8;        // x of row labels and of the legend
    static constexpr double kLabelBaseline = 16;  // two-line rows: the label...
    static constexpr double kStatusBaseline = 31; // ...and the status under it
    static constexpr double kCompactBaseline = 5; // compact rows: above the row's bottom
    // Bars are inset from the row's top and bottom: outlines and the displayed row by the
    // outer inset, literals, overruns and repeated ranges in a chunk row by the inner one.
    static constexpr double kOuterInset = 6;
    static constexpr double kInnerInset = 11;
    static constexpr double kCompactOuterInset = 2;
    static constexpr double kCompactInnerInset = 5;
    static constexpr double kMinBarWidth = 2;

    // Fonts, in pixels.
    static constexpr int kLabelFont = 12;
    static constexpr int kCompactLabelFont = 10;
    static constexpr int kSmallFont = 11; // status, ticks, end of message, annotations
    static constexpr int kLegendFont = 12;

    // The offset axis, below the rows.
    static constexpr double kAxisGap = 6; // axis line below rowsBottom
    static constexpr double kTickLength = 5;
    static constexpr double kTickLabelBelow = 18; // tick label baseline below the axis
    static constexpr double kAxisTitleBelow = 34; // "offset in the message (octets)"
    static constexpr int kMaxTicks = 10;
    static constexpr double kTickCharWidth = 7; // room per digit of the widest tick label...
    static constexpr double kTickPadding = 24;  // ...plus this, per tick interval
    // The end of the message: a dashed line from kTop - 4, its label's baseline at kTop - 8.
    static constexpr double kEndLineAbove = 4;
    static constexpr double kEndLabelAbove = 8;

    // The legend, wrapped to the width below the axis.
    static constexpr double kLegendTop = 52;    // first line's baseline below rowsBottom
    static constexpr double kLegendLine = 22;   // from one line to the next
    static constexpr double kLegendBottom = 24; // below the last line's baseline
    static constexpr double kSwatchWidth = 24;
    static constexpr double kSwatchHeight = 12;
    static constexpr double kSwatchAbove = 10; // swatch top above the baseline
    static constexpr double kSwatchText = 30;  // text x after the swatch's x
    static constexpr double kLegendGap = 18;   // after an item's text

    // Annotations beside bars: "+1500 unframed", "cut at 6144: 13856 octets never shown".
    static constexpr double kAnnotationGap = 6;
    static constexpr double kAnnotationBelowMiddle = 4; // baseline below the row's middle
    static constexpr double kOverrunHalo = 3;
    static constexpr double kMissingHalo = 4;
    static constexpr double kCutLineWidth = 2.5; // the red line where the display stops
    static constexpr double kCutLineInset = 2;

    // Strokes and fill patterns of the bars.
    static constexpr double kRequestedStroke = 1.2;
    static constexpr double kErrorStroke = 1.5;
    static constexpr double kHatchPeriod = 6; // repeated ranges: "/" stripes...
    static constexpr double kHatchStripe = 3;
    static constexpr double kHatchOpacity = 0.35; // ...on the colour at this opacity
    static constexpr double kErrorPeriod = 8;     // failed replies: crossed lines
    static constexpr double kErrorOpacity = 0.15;
    static constexpr double kMissingPeriod = 8; // never shown: "\" stripes, dashed outline
    static constexpr double kMissingStripe = 1.5;

    // Colours ("#rrggbb").
    static constexpr char kInk[] = "#111827";
    static constexpr char kAxis[] = "#374151";
    static constexpr char kGuide[] = "#e5e7eb";
    static constexpr char kMuted[] = "#6b7280";
    static constexpr char kWhite[] = "#ffffff";
    static constexpr char kOddRow[] = "#f8fafc";
    static constexpr char kDisplayedRow[] = "#ecfdf5";
    static constexpr char kMissingFill[] = "#f3f4f6";

    // Each kind of bar, in the legend's order: its name, colour, legend text, and the layer it
    // is drawn in (outlines first, then fills, then overlays).
    struct KindStyle
    {
        Kind kind;
        const char *name;
        const char *colour;
        const char *legend;
        int layer;
    };
    static constexpr std::array<KindStyle, 7> kKinds = {{
        {Kind::Requested, "requested", "#6b7280", "requested range", 0},
        {Kind::Literal, "literal", "#3b82f6", "literal received", 1},
        {Kind::Overrun, "overrun", "#dc2626", "unframed extra octets (overrun)", 4},
        {Kind::Duplicate, "duplicate", "#f59e0b", "shown twice", 5},
        {Kind::Error, "error", "#7f1d1d", "reply never completed", 6},
        {Kind::Displayed, "displayed", "#16a34a", "displayed", 2},
        {Kind::Missing, "missing", "#9ca3af", "never shown", 3},
    }};

    static constexpr const KindStyle &style(Kind kind)
    {
        return *std::find_if(kKinds.begin(), kKinds.end(),
                             [kind](const KindStyle &s) { return s.kind == kind; });
    }
    // The kinds in drawing order.
    static std::array<Kind, kKinds.size()> drawingOrder()
    {
        std::array<Kind, kKinds.size()> out{};
        for (const KindStyle &s : kKinds)
            out[std::size_t(s.layer)] = s.kind;
        return out;
    }
    // How far a bar of `kind` is inset from its row's top and bottom.
    static constexpr double inset(Kind kind, bool displayedRow, bool compact)
    {
        const bool inner = kind == Kind::Literal || kind == Kind::Overrun ||
                           (kind == Kind::Duplicate && !displayedRow);
        if (compact)
            return inner ? kCompactInnerInset : kCompactOuterInset;
        return inner ? kInnerInset : kOuterInset;
    }

    // A chunk status that is no finding by itself: drawn plain, not bold.
    static bool plainStatus(QStringView status)
    {
        return status == QLatin1String("ok") || status == QLatin1String("short");
    }
    // The colour of a chunk row's status text.
    static const char *statusColour(QStringView status)
    {
        if (plainStatus(status))
            return "#4b5563";
        if (status == QLatin1String("overrun_unframed"))
            return style(Kind::Overrun).colour;
        if (status == QLatin1String("error"))
            return style(Kind::Error).colour;
        if (status == QLatin1String("overrun_framed"))
            return "#b45309";
        return "#92400e";
    }
    // A verdict's colour: complete green, truncated red, duplicated orange, corrupted purple,
    // failed (and anything else) dark red.
    static const char *verdictColour(QStringView verdict)
    {
        if (verdict == QLatin1String("complete"))
            return "#15803d";
        if (verdict == QLatin1String("truncated"))
            return "#dc2626";
        if (verdict == QLatin1String("duplicated"))
            return "#ea580c";
        if (verdict == QLatin1String("corrupted"))
            return "#7e22ce";
        return "#7f1d1d"; // failed, not fetched
    }

    // How many axis intervals fit under a plot `plotWidth` pixels wide when the widest tick
    // label is `extent` (1 to kMaxTicks).
    static int maxTicks(double plotWidth, qint64 extent)
    {
        const double chars = double(QString::number(extent).size());
        return std::clamp(int(plotWidth / (chars * kTickCharWidth + kTickPadding)), 1, kMaxTicks);
    }
};

} // namespace msim::scenario
