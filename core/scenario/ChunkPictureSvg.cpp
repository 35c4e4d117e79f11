// SPDX-License-Identifier: MIT
#include "scenario/ChunkPictureSvg.h"

#include "scenario/ChunkPictureLayout.h"
#include "scenario/MarkupWriter.h"

#include <cmath>

namespace msim::scenario {

using namespace Qt::StringLiterals;
using L = ChunkPictureLayout;
using Kind = ChunkPicture::Bar::Kind;
using Bar = ChunkPicture::Bar;

namespace {

QString num(double v)
{
    return QString::number(v, 'f', 1);
}

QString colour(Kind kind)
{
    return QString::fromLatin1(L::style(kind).colour);
}

// Rough width of sans-serif text, for placing labels without a font engine (QtCore only).
double textWidth(const QString &s, double fontSize)
{
    return double(s.size()) * fontSize * 0.58;
}

// SVG text stays on one line.
QString oneLine(const QString &text)
{
    return QString(text).replace(QLatin1Char('\n'), QLatin1Char(' '));
}

// Where everything goes: the geometry of ChunkPictureLayout for one picture and width.
struct Geometry
{
    const ChunkPicture &p;
    int width = 0;
    int chunkRows = 0;
    int drawnChunks = 0;
    bool elided = false;
    bool compact = false;
    double rowH = L::kRowHeight;
    double plotX = L::kLabelWidth + L::kPlotGap;
    double plotW = 0;
    double rowsBottom = 0;

    Geometry(const ChunkPicture &picture, int w)
        : p(picture)
        , width(std::max(w, 480))
    {
        chunkRows = int(p.rows.size()) - 1;
        drawnChunks = std::min(chunkRows, ChunkPicture::kMaxSvgRows);
        elided = chunkRows > drawnChunks;
        compact = chunkRows > L::kCompactAbove;
        rowH = compact ? L::kCompactRowHeight : L::kRowHeight;
        plotW = width - plotX - L::kRightMargin;
        const int drawnRows = drawnChunks + (elided ? 1 : 0) + 1;
        rowsBottom = L::kTop + drawnRows * rowH;
    }
    double x(qint64 offset) const { return plotX + double(offset) * plotW / double(p.extent); }
    // Where row r is drawn (the elision line takes a row of its own).
    double rowTop(int row) const
    {
        const int slot = row == chunkRows ? drawnChunks + (elided ? 1 : 0) : row;
        return L::kTop + slot * rowH;
    }
    bool drawn(int row) const { return row < drawnChunks || row == chunkRows; }
};

// The fill and stroke attributes of a bar or legend swatch of `kind`.
void styleAttributes(MarkupWriter &w, Kind kind)
{
    const QString c = colour(kind);
    switch (kind) {
    case Kind::Requested:
        w.attribute(u"fill"_s, QString::fromLatin1(L::kWhite));
        w.attribute(u"stroke"_s, c);
        w.attribute(u"stroke-width"_s, QString::number(L::kRequestedStroke));
        return;
    case Kind::Literal:
    case Kind::Overrun:
    case Kind::Displayed:
        w.attribute(u"fill"_s, c);
        return;
    case Kind::Missing:
        w.attribute(u"fill"_s, u"url(#msim-missing)"_s);
        w.attribute(u"stroke"_s, c);
        w.attribute(u"stroke-dasharray"_s, u"4 3"_s);
        return;
    case Kind::Duplicate:
        w.attribute(u"fill"_s, u"url(#msim-hatch)"_s);
        w.attribute(u"stroke"_s, c);
        return;
    case Kind::Error:
        w.attribute(u"fill"_s, u"url(#msim-error)"_s);
        w.attribute(u"stroke"_s, c);
        w.attribute(u"stroke-width"_s, QString::number(L::kErrorStroke));
        return;
    }
}

// Opens a <pattern> tile `size` pixels square, in user space, turned by `rotate` degrees.
void startPattern(MarkupWriter &w, const QString &id, double size, int rotate)
{
    const QString n = QString::number(size);
    w.start(u"pattern"_s, {{u"id"_s, id},
                           {u"patternUnits"_s, u"userSpaceOnUse"_s},
                           {u"width"_s, n},
                           {u"height"_s, n}});
    if (rotate != 0)
        w.attribute(u"patternTransform"_s, u"rotate(%1)"_s.arg(rotate));
}

// A rectangle of a pattern tile, from its top left corner.
void tileRect(MarkupWriter &w, double width, double height, const QString &fill, double opacity = 1)
{
    w.empty(u"rect"_s, {{u"width"_s, QString::number(width)},
                        {u"height"_s, QString::number(height)},
                        {u"fill"_s, fill}});
    if (opacity < 1)
        w.attribute(u"fill-opacity"_s, QString::number(opacity));
}

// The fill patterns of repeated ranges ("/" stripes), failed replies (crossed lines) and what
// was never shown ("\" stripes).
void patterns(MarkupWriter &w)
{
    w.startLine(u"defs"_s);
    startPattern(w, u"msim-hatch"_s, L::kHatchPeriod, 45);
    tileRect(w, L::kHatchPeriod, L::kHatchPeriod, colour(Kind::Duplicate), L::kHatchOpacity);
    tileRect(w, L::kHatchStripe, L::kHatchPeriod, colour(Kind::Duplicate));
    w.endLine();
    startPattern(w, u"msim-error"_s, L::kErrorPeriod, 0);
    tileRect(w, L::kErrorPeriod, L::kErrorPeriod, colour(Kind::Error), L::kErrorOpacity);
    w.empty(u"path"_s, {{u"d"_s, u"M0 0L%1 %1M%1 0L0 %1"_s.arg(L::kErrorPeriod)},
                        {u"stroke"_s, colour(Kind::Error)},
                        {u"stroke-width"_s, QString::number(L::kErrorStroke)}});
    w.endLine();
    startPattern(w, u"msim-missing"_s, L::kMissingPeriod, -45);
    tileRect(w, L::kMissingPeriod, L::kMissingPeriod, QString::fromLatin1(L::kMissingFill));
    tileRect(w, L::kMissingStripe, L::kMissingPeriod, colour(Kind::Missing));
    w.endLine();
    w.endLine();
}

// Row backgrounds, labels and statuses.
void rowLabels(MarkupWriter &w, const Geometry &g)
{
    const QList<ChunkPicture::Row> &rows = g.p.rows;
    for (int r = 0; r < rows.size(); ++r) {
        if (!g.drawn(r))
            continue;
        const double y = g.rowTop(r);
        const bool isDisplayed = r == g.chunkRows;
        if (isDisplayed || r % 2 == 1) {
            w.empty(u"rect"_s, {{u"x"_s, u"0"_s},
                                {u"y"_s, num(y)},
                                {u"width"_s, QString::number(g.width)},
                                {u"height"_s, num(g.rowH)},
                                {u"fill"_s, QString::fromLatin1(isDisplayed ? L::kDisplayedRow
                                                                            : L::kOddRow)}});
            w.newline();
        }
        const ChunkPicture::Row &row = rows[r];
        const QString sc = QString::fromLatin1(isDisplayed ? L::verdictColour(row.status)
                                                           : L::statusColour(row.status));
        if (g.compact) {
            w.start(u"text"_s,
                    {{u"x"_s, num(L::kTextLeft)}, {u"y"_s, num(y + g.rowH - L::kCompactBaseline)}});
            if (isDisplayed)
                w.attribute(u"font-weight"_s, u"bold"_s);
            w.text(oneLine(row.label) + QLatin1Char(' '));
            w.element(u"tspan"_s, oneLine(row.status), {{u"fill"_s, sc}});
            w.end();
        } else {
            w.start(u"text"_s, {{u"x"_s, num(L::kTextLeft)}, {u"y"_s, num(y + L::kLabelBaseline)}});
            if (isDisplayed)
                w.attribute(u"font-weight"_s, u"bold"_s);
            w.text(oneLine(row.label));
            w.endLine();
            w.start(u"text"_s, {{u"x"_s, num(L::kTextLeft)},
                                {u"y"_s, num(y + L::kStatusBaseline)},
                                {u"fill"_s, sc},
                                {u"font-size"_s, QString::number(L::kSmallFont)}});
            if (!L::plainStatus(row.status))
                w.attribute(u"font-weight"_s, u"bold"_s);
            w.text(oneLine(isDisplayed ? row.status.toUpper() : row.status));
            w.end();
        }
        w.newline();
    }
    if (g.elided) {
        w.elementLine(
            u"text"_s,
            u"… %1 more chunks not drawn (see the table)"_s.arg(g.chunkRows - g.drawnChunks),
            {{u"x"_s, num(L::kTextLeft)},
             {u"y"_s, num(L::kTop + g.drawnChunks * g.rowH + g.rowH - L::kCompactBaseline)},
             {u"fill"_s, QString::fromLatin1(L::kMuted)},
             {u"font-style"_s, u"italic"_s}});
    }
}

void verticalLine(MarkupWriter &w, double x, double y1, double y2, const char *stroke)
{
    w.empty(u"line"_s, {{u"x1"_s, num(x)},
                        {u"y1"_s, num(y1)},
                        {u"x2"_s, num(x)},
                        {u"y2"_s, num(y2)},
                        {u"stroke"_s, QString::fromLatin1(stroke)}});
}

// The dashed line at the end of the message, and its label above the rows.
void endOfMessage(MarkupWriter &w, const Geometry &g)
{
    if (g.p.messageSize <= 0)
        return;
    const double ex = g.x(g.p.messageSize);
    verticalLine(w, ex, L::kTop - L::kEndLineAbove, g.rowsBottom, L::kInk);
    w.attribute(u"stroke-width"_s, u"1"_s);
    w.attribute(u"stroke-dasharray"_s, u"2 3"_s);
    w.newline();
    const QString label = u"end of message (%1)"_s.arg(g.p.messageSize);
    const bool right = ex + textWidth(label, L::kSmallFont) / 2 > g.width - 4;
    w.elementLine(u"text"_s, label,
                  {{u"x"_s, num(right ? g.width - 4.0 : ex)},
                   {u"y"_s, num(L::kTop - L::kEndLabelAbove)},
                   {u"font-size"_s, QString::number(L::kSmallFont)},
                   {u"text-anchor"_s, right ? u"end"_s : u"middle"_s},
                   {u"fill"_s, QString::fromLatin1(L::kInk)}});
}

// MIME part boundaries (ChunkPicture::parts), drawn by the SVG only (ChunkPictureLayout is the
// geometry both painters share; the widget marks parts its own way): a thin dashed line across
// every row at each leaf part's start and at the end of the last leaf, the part's path as a small
// label right of the line at the very top (above "end of message (N)", which it never meets),
// the part's tip as the <title> of both.
constexpr char kPartColour[] = "#0e7490";
constexpr double kPartFont = 9;
constexpr double kPartLabelGap = 2;      // the label's x after its line
constexpr double kPartLabelSpace = 3;    // the least room between two labels
constexpr double kPartLabelBaseline = 9; // from the picture's top
const QString kPartDash = u"3 2"_s;
const QString kPartLegend = u"MIME part boundary (its part number above)"_s;

QList<const ChunkPicture::PartMark *> leafParts(const ChunkPicture &p)
{
    QList<const ChunkPicture::PartMark *> out;
    for (const ChunkPicture::PartMark &m : p.parts)
        if (!m.container)
            out.append(&m);
    return out;
}

// One boundary line and, when it fits, its label (a label that would run into the one before it
// is left out: the <title> still names the part).
void partMarks(MarkupWriter &w, const Geometry &g)
{
    const QList<const ChunkPicture::PartMark *> leaves = leafParts(g.p);
    if (leaves.isEmpty())
        return;
    double reached = -1; // where the last label drawn ends
    const auto mark = [&](qint64 offset, const QString &tip, const QString &label) {
        const double x = g.x(offset);
        w.start(u"g"_s, {{u"class"_s, u"part-mark"_s}});
        w.element(u"title"_s, oneLine(tip));
        verticalLine(w, x, L::kTop - L::kEndLineAbove, g.rowsBottom, kPartColour);
        w.attribute(u"stroke-width"_s, u"1"_s);
        w.attribute(u"stroke-dasharray"_s, kPartDash);
        const double from = x + kPartLabelGap;
        const double to = from + textWidth(label, kPartFont);
        if (!label.isEmpty() && from >= reached + kPartLabelSpace && to <= g.width) {
            w.element(u"text"_s, oneLine(label),
                      {{u"x"_s, num(from)},
                       {u"y"_s, num(kPartLabelBaseline)},
                       {u"font-size"_s, QString::number(kPartFont)},
                       {u"fill"_s, QString::fromLatin1(kPartColour)}});
            reached = to;
        }
        w.endLine();
    };
    for (const ChunkPicture::PartMark *m : leaves)
        mark(m->from, m->tip, m->path);
    const ChunkPicture::PartMark &last = *leaves.last();
    mark(last.to, u"The end of part %1, at offset %2"_s.arg(last.path).arg(last.to), QString());
}

// Bars, in drawing order: outlines, fills, overlays; each with its tip as <title>.
void bars(MarkupWriter &w, const Geometry &g)
{
    for (Kind kind : L::drawingOrder()) {
        for (const Bar &b : g.p.bars) {
            if (b.kind != kind || !g.drawn(b.row))
                continue;
            const double inset = L::inset(kind, b.row == g.chunkRows, g.compact);
            const double x1 = g.x(b.from);
            w.start(u"rect"_s, {{u"x"_s, num(x1)},
                                {u"y"_s, num(g.rowTop(b.row) + inset)},
                                {u"width"_s, num(std::max(L::kMinBarWidth, g.x(b.to) - x1))},
                                {u"height"_s, num(g.rowH - 2 * inset)}});
            styleAttributes(w, kind);
            w.element(u"title"_s, oneLine(b.tip));
            w.endLine();
        }
    }
}

// Bold text with a halo (a stroke painted under the fill).
void haloText(MarkupWriter &w, double x, double y, const QString &text, const char *fill,
              const char *halo, double haloWidth, bool end = false)
{
    w.start(u"text"_s, {{u"x"_s, num(x)},
                        {u"y"_s, num(y)},
                        {u"font-size"_s, QString::number(L::kSmallFont)},
                        {u"font-weight"_s, u"bold"_s},
                        {u"fill"_s, QString::fromLatin1(fill)}});
    if (end)
        w.attribute(u"text-anchor"_s, u"end"_s);
    w.attribute(u"stroke"_s, QString::fromLatin1(halo));
    w.attribute(u"stroke-width"_s, QString::number(haloWidth));
    w.attribute(u"paint-order"_s, u"stroke"_s);
    w.text(text);
    w.endLine();
}

// Annotations beside the bars that tell the story: the overrun and the cut.
void annotations(MarkupWriter &w, const Geometry &g)
{
    if (g.compact)
        return;
    for (const Bar &b : g.p.bars) {
        if (!g.drawn(b.row))
            continue;
        const double y = g.rowTop(b.row) + g.rowH / 2 + L::kAnnotationBelowMiddle;
        if (b.kind == Kind::Overrun) {
            const QString label = u"+%1 unframed"_s.arg(b.to - b.from);
            const double x2 = std::max(g.x(b.to), g.x(b.from) + L::kMinBarWidth);
            const bool fitsRight =
                x2 + L::kAnnotationGap + textWidth(label, L::kSmallFont) < g.width - 4;
            haloText(w, fitsRight ? x2 + L::kAnnotationGap : g.x(b.from) - L::kAnnotationGap, y,
                     label, L::style(Kind::Overrun).colour, L::kWhite, L::kOverrunHalo, !fitsRight);
        } else if (b.kind == Kind::Missing) {
            const double x1 = g.x(b.from);
            const double room = g.x(b.to) - x1 - 2 * L::kAnnotationGap;
            const QString label =
                b.from > 0 ? u"cut at %1: %2 octets never shown"_s.arg(b.from).arg(b.to - b.from)
                           : u"%1 octets never shown"_s.arg(b.to - b.from);
            const QString shortLabel = u"%1 never shown"_s.arg(b.to - b.from);
            const QString text = textWidth(label, L::kSmallFont) < room        ? label
                                 : textWidth(shortLabel, L::kSmallFont) < room ? shortLabel
                                                                               : QString();
            if (!text.isEmpty())
                haloText(w, x1 + L::kAnnotationGap, y, text, L::kAxis, L::kMissingFill,
                         L::kMissingHalo);
            if (b.from > 0) {
                verticalLine(w, x1, g.rowTop(b.row) + L::kCutLineInset,
                             g.rowTop(b.row) + g.rowH - L::kCutLineInset,
                             L::style(Kind::Overrun).colour);
                w.attribute(u"stroke-width"_s, QString::number(L::kCutLineWidth));
                w.newline();
            }
        }
    }
}

// The offset axis under the rows, its ticks, and their light guides up through the rows.
void axis(MarkupWriter &w, const Geometry &g, const QList<qint64> &ticks)
{
    const double ay = g.rowsBottom + L::kAxisGap;
    w.empty(u"line"_s, {{u"x1"_s, num(g.plotX)},
                        {u"y1"_s, num(ay)},
                        {u"x2"_s, num(g.plotX + g.plotW)},
                        {u"y2"_s, num(ay)},
                        {u"stroke"_s, QString::fromLatin1(L::kAxis)}});
    w.newline();
    for (qint64 t : ticks) {
        const double tx = g.x(t);
        verticalLine(w, tx, ay, ay + L::kTickLength, L::kAxis);
        w.elementLine(u"text"_s, QString::number(t),
                      {{u"x"_s, num(tx)},
                       {u"y"_s, num(ay + L::kTickLabelBelow)},
                       {u"font-size"_s, QString::number(L::kSmallFont)},
                       {u"text-anchor"_s, u"middle"_s},
                       {u"fill"_s, QString::fromLatin1(L::kAxis)}});
    }
    w.elementLine(u"text"_s, u"offset in the message (octets)"_s,
                  {{u"x"_s, num(g.plotX + g.plotW)},
                   {u"y"_s, num(ay + L::kAxisTitleBelow)},
                   {u"font-size"_s, QString::number(L::kSmallFont)},
                   {u"text-anchor"_s, u"end"_s},
                   {u"fill"_s, QString::fromLatin1(L::kMuted)}});
}

} // namespace

void ChunkPictureSvg::write(MarkupWriter &w, const ChunkPicture &p, int width)
{
    const Geometry g(p, width);

    // The legend: only the kinds present, in a fixed order, then the part boundary when there
    // is one; wrapped to the width.
    QList<ChunkPicture::LegendItem> legend;
    for (const ChunkPicture::LegendItem &item : ChunkPicture::legend())
        if (std::any_of(p.bars.begin(), p.bars.end(),
                        [&](const Bar &b) { return b.kind == item.kind; }))
            legend.append(item);
    QStringList legendTexts;
    for (const ChunkPicture::LegendItem &item : legend)
        legendTexts.append(item.text);
    if (!leafParts(p).isEmpty())
        legendTexts.append(kPartLegend);
    QList<QPair<double, double>> legendPos; // x, y (baseline) of each swatch
    double lx = L::kTextLeft;
    double ly = g.rowsBottom + L::kLegendTop;
    for (const QString &text : legendTexts) {
        const double w = L::kSwatchText + textWidth(text, L::kLegendFont) + L::kLegendGap;
        if (lx + w > g.width - L::kTextLeft && lx > L::kTextLeft) {
            lx = L::kTextLeft;
            ly += L::kLegendLine;
        }
        legendPos.append({lx, ly});
        lx += w;
    }
    const int height = int(std::ceil(ly + L::kLegendBottom));
    const double font = g.compact ? L::kCompactLabelFont : L::kLabelFont;

    w.startLine(u"svg"_s, {{u"xmlns"_s, u"http://www.w3.org/2000/svg"_s},
                           {u"class"_s, u"chunk-picture"_s},
                           {u"width"_s, QString::number(g.width)},
                           {u"height"_s, QString::number(height)},
                           {u"viewBox"_s, u"0 0 %1 %2"_s.arg(g.width).arg(height)},
                           {u"role"_s, u"img"_s},
                           {u"font-family"_s, u"DejaVu Sans, Verdana, Arial, sans-serif"_s},
                           {u"font-size"_s, QString::number(int(font))}});
    w.elementLine(u"title"_s,
                  u"Chunk picture: each request, what came back, and what was displayed, "
                  "by offset in the message"_s);
    patterns(w);
    rowLabels(w, g);

    // Grid lines under the bars, at the axis ticks.
    const QList<qint64> ticks = ChunkPicture::ticks(p.extent, L::maxTicks(g.plotW, p.extent));
    for (qint64 t : ticks) {
        verticalLine(w, g.x(t), L::kTop, g.rowsBottom + L::kAxisGap, L::kGuide);
        w.newline();
    }
    endOfMessage(w, g);
    bars(w, g);
    annotations(w, g);
    partMarks(w, g);
    axis(w, g, ticks);

    for (qsizetype i = 0; i < legendTexts.size(); ++i) {
        const auto [sx, sy] = legendPos[i];
        if (i < legend.size()) {
            w.empty(u"rect"_s, {{u"x"_s, num(sx)},
                                {u"y"_s, num(sy - L::kSwatchAbove)},
                                {u"width"_s, QString::number(L::kSwatchWidth)},
                                {u"height"_s, QString::number(L::kSwatchHeight)}});
            styleAttributes(w, legend[i].kind);
        } else {
            verticalLine(w, sx + L::kSwatchWidth / 2, sy - L::kSwatchAbove,
                         sy - L::kSwatchAbove + L::kSwatchHeight, kPartColour);
            w.attribute(u"stroke-dasharray"_s, kPartDash);
        }
        w.elementLine(u"text"_s, legendTexts[i],
                      {{u"x"_s, num(sx + L::kSwatchText)},
                       {u"y"_s, num(sy)},
                       {u"font-size"_s, QString::number(L::kLegendFont)}});
    }
    w.endLine();
}

} // namespace msim::scenario
