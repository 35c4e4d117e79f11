// SPDX-License-Identifier: MIT
#include "ui/ChunkMapWidget.h"

#include "scenario/ChunkPictureLayout.h"
#include "ui/ChunkPartMarks.h"

#include <QHelpEvent>
#include <QMouseEvent>
#include <QPaintEvent>
#include <QPainter>
#include <QPainterPath>
#include <QToolTip>

#include <algorithm>
#include <cmath>
#include <numbers>

namespace msim::ui {

using scenario::ChunkPicture;
using L = scenario::ChunkPictureLayout;
using Kind = ChunkPicture::Bar::Kind;

namespace {

// The picture's fixed colours (ChunkPictureLayout; it is drawn on white).
const QColor kInk(L::kInk);
const QColor kAxis(L::kAxis);
const QColor kGuide(L::kGuide);
const QColor kMuted(L::kMuted);
const QColor kOddRow(L::kOddRow);
const QColor kDisplayedRow(L::kDisplayedRow);
const QColor kMissingFill(L::kMissingFill);

QColor colourOf(Kind kind)
{
    return QColor(L::style(kind).colour);
}

using LegendItem = scenario::ChunkPicture::LegendItem;

const QList<LegendItem> &legendItems()
{
    return scenario::ChunkPicture::legend();
}

QFont pixelFont(const QFont &base, int pixels, bool bold = false, bool italic = false)
{
    QFont f = base;
    f.setPixelSize(pixels);
    f.setBold(bold);
    f.setItalic(italic);
    return f;
}

// Diagonal stripes inside `r`, anchored to the painter's origin (like an SVG pattern in user
// space). slash: lines x + y = c ("/"), otherwise x - y = c ("\"); `period` along x.
void stripes(QPainter &p, const QRectF &r, const QColor &colour, double width, double period,
             bool slash)
{
    p.save();
    p.setClipRect(r, Qt::IntersectClip);
    p.setPen(QPen(colour, width, Qt::SolidLine, Qt::FlatCap));
    if (slash) {
        const double from = std::floor((r.left() + r.top()) / period) * period;
        for (double c = from; c <= r.right() + r.bottom() + period; c += period)
            p.drawLine(QPointF(c - r.top() + 1, r.top() - 1),
                       QPointF(c - r.bottom() - 1, r.bottom() + 1));
    } else {
        const double from = std::floor((r.left() - r.bottom()) / period) * period;
        for (double c = from; c <= r.right() - r.top() + period; c += period)
            p.drawLine(QPointF(r.top() + c - 1, r.top() - 1),
                       QPointF(r.bottom() + c + 1, r.bottom() + 1));
    }
    p.restore();
}

// A rectangle styled as toSvg styles a bar (or a legend swatch) of `kind`.
void drawStyledRect(QPainter &p, const QRectF &r, Kind kind)
{
    const QColor c = colourOf(kind);
    if (kind == Kind::Literal || kind == Kind::Overrun || kind == Kind::Displayed) {
        p.fillRect(r, c);
        return;
    }
    p.save();
    // The background: white, the light grey of what was never shown, or the colour see-through.
    QColor fill = c;
    fill.setAlphaF(float(kind == Kind::Duplicate ? L::kHatchOpacity : L::kErrorOpacity));
    if (kind == Kind::Requested)
        fill = Qt::white;
    else if (kind == Kind::Missing)
        fill = kMissingFill;
    p.fillRect(r, fill);
    // The stripes of the SVG's fill patterns.
    if (kind == Kind::Missing)
        stripes(p, r, c, L::kMissingStripe, L::kMissingPeriod * std::numbers::sqrt2, false);
    if (kind == Kind::Duplicate)
        stripes(p, r, c, L::kHatchStripe, L::kHatchPeriod * std::numbers::sqrt2, true);
    if (kind == Kind::Error) {
        stripes(p, r, c, L::kErrorStroke, L::kErrorPeriod, true);
        stripes(p, r, c, L::kErrorStroke, L::kErrorPeriod, false);
    }
    // The outline.
    QPen pen(c, kind == Kind::Requested ? L::kRequestedStroke
                : kind == Kind::Error   ? L::kErrorStroke
                                        : 1.0);
    if (kind == Kind::Missing)
        pen.setDashPattern({4, 3});
    p.setPen(pen);
    p.setBrush(Qt::NoBrush);
    p.drawRect(r);
    p.restore();
}

// Text with a halo (SVG stroke + paint-order="stroke"), baseline at `at`.
void haloText(QPainter &p, const QPointF &at, const QString &text, const QFont &font,
              const QColor &colour, const QColor &halo, double haloWidth)
{
    QPainterPath path;
    path.addText(at, font, text);
    p.save();
    p.setPen(QPen(halo, haloWidth, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
    p.setBrush(Qt::NoBrush);
    p.drawPath(path);
    p.setPen(Qt::NoPen);
    p.setBrush(colour);
    p.drawPath(path);
    p.restore();
}

QString elided(const QFontMetricsF &fm, const QString &text, double width)
{
    return fm.elidedText(text, Qt::ElideRight, std::max(0.0, width));
}

} // namespace

// Where everything goes for a given width: ChunkPictureLayout's geometry, with the label column
// sized to the labels (the SVG's fixed 200 px cut long ones) and every row drawn (the SVG elides
// rows beyond ChunkPicture::kMaxSvgRows; the widget paints only the visible ones instead).
struct ChunkMapWidget::Layout
{
    int width = 0;
    bool compact = false;
    int chunkRows = 0;
    double rowH = kRowHeight;
    double labelW = L::kLabelWidth;
    double plotX = L::kLabelWidth + L::kPlotGap;
    double plotW = 0;
    double top = L::kTop;
    double partsBand = 0; // between the end of the message's label and the first row
    double rowsBottom = 0;
    QFont label;     // row labels
    QFont labelBold; // the displayed row's label
    QFont small;     // status, ticks, end of message, annotations (11 px)
    QFont smallBold;
    QFont legendFont;                   // 12 px
    QList<QPair<Kind, QPointF>> legend; // kind and the swatch's text baseline origin
    double height = 0;

    double x(qint64 offset, qint64 extent) const
    {
        return plotX + double(offset) * plotW / double(std::max<qint64>(extent, 1));
    }
    double rowTop(int row) const { return top + row * rowH; }
    ChunkPartMarks::Geometry marks(qint64 extent) const
    {
        return {plotX, plotW, top, rowsBottom, double(width), extent};
    }
};

ChunkMapWidget::ChunkMapWidget(QWidget *parent)
    : QWidget(parent)
{
    QSizePolicy policy(QSizePolicy::Preferred, QSizePolicy::Preferred);
    policy.setHeightForWidth(true);
    setSizePolicy(policy);
    setAttribute(Qt::WA_OpaquePaintEvent);
}

void ChunkMapWidget::setMessage(const fetch::MessageOutcome &m, const QString &client)
{
    m_picture = ChunkPicture::build(m, client);
    m_barsByRow = QList<QList<int>>(m_picture.rows.size());
    for (int i = 0; i < m_picture.bars.size(); ++i) {
        const int row = m_picture.bars[i].row;
        if (row >= 0 && row < m_barsByRow.size())
            m_barsByRow[row].append(i);
    }
    measureLabels();
    m_lastHeight = -1;
    m_selected.reset();
    updateGeometry();
    update();
}

void ChunkMapWidget::setSelectedRange(std::optional<fetch::Range> range)
{
    m_selected = range;
    update();
}

void ChunkMapWidget::clear()
{
    m_selected.reset();
    m_picture = ChunkPicture();
    m_barsByRow.clear();
    m_labelWidth = 0;
    m_lastHeight = -1;
    updateGeometry();
    update();
}

void ChunkMapWidget::measureLabels()
{
    const int chunkRows = int(m_picture.rows.size()) - 1;
    const bool compact = chunkRows > kCompactAbove;
    const int labelPx = compact ? L::kCompactLabelFont : L::kLabelFont;
    const QFontMetricsF label(pixelFont(font(), labelPx));
    const QFontMetricsF bold(pixelFont(font(), labelPx, true));
    const QFontMetricsF status(pixelFont(font(), L::kSmallFont, true));
    double widest = 0;
    for (int r = 0; r < m_picture.rows.size(); ++r) {
        const ChunkPicture::Row &row = m_picture.rows[r];
        const QFontMetricsF &fm = r == chunkRows ? bold : label;
        if (compact)
            widest =
                std::max(widest, fm.horizontalAdvance(row.label + QLatin1Char(' ') + row.status));
        else
            widest = std::max({widest, fm.horizontalAdvance(row.label),
                               status.horizontalAdvance(row.status.toUpper())});
    }
    m_labelWidth = widest;
}

ChunkMapWidget::Layout ChunkMapWidget::layout(int width) const
{
    Layout l;
    l.width = std::max(width, 1);
    l.chunkRows = int(m_picture.rows.size()) - 1;
    l.compact = l.chunkRows > kCompactAbove;
    const int fontPx = l.compact ? L::kCompactLabelFont : L::kLabelFont;
    l.rowH = l.compact ? kCompactRowHeight : kRowHeight;
    l.label = pixelFont(font(), fontPx);
    l.labelBold = pixelFont(font(), fontPx, true);
    l.small = pixelFont(font(), L::kSmallFont);
    l.smallBold = pixelFont(font(), L::kSmallFont, true);
    l.legendFont = pixelFont(font(), L::kLegendFont);
    // The label column: as wide as the labels need, at least the SVG's 200 px when there is
    // room, never more than 40 % of the width.
    const double wanted = std::max(L::kLabelWidth, std::ceil(m_labelWidth) + 2 * L::kTextLeft);
    l.labelW = std::max(120.0, std::min(wanted, l.width * 0.4));
    l.plotX = l.labelW + L::kPlotGap;
    l.plotW = std::max(10.0, l.width - l.plotX - L::kRightMargin);
    l.partsBand = ChunkPartMarks::bandHeight(m_picture.parts); // the parts' paths above the rows
    l.top += l.partsBand;
    l.rowsBottom = l.top + std::max(0, int(m_picture.rows.size())) * l.rowH;

    const QFontMetricsF fm(l.legendFont);
    double lx = L::kTextLeft;
    double ly = l.rowsBottom + L::kLegendTop;
    for (const LegendItem &item : legendItems()) {
        if (std::none_of(m_picture.bars.cbegin(), m_picture.bars.cend(),
                         [&](const ChunkPicture::Bar &b) { return b.kind == item.kind; }))
            continue;
        const double w = L::kSwatchText + fm.horizontalAdvance(item.text) + L::kLegendGap;
        if (lx + w > l.width - L::kTextLeft && lx > L::kTextLeft) {
            lx = L::kTextLeft;
            ly += L::kLegendLine;
        }
        l.legend.append({item.kind, QPointF(lx, ly)});
        lx += w;
    }
    l.height = ly + L::kLegendBottom;
    return l;
}

QRectF ChunkMapWidget::barRect(const Layout &l, const ChunkPicture::Bar &b) const
{
    const double inset = L::inset(b.kind, b.row == l.chunkRows, l.compact);
    const double x1 = l.x(b.from, m_picture.extent);
    const double w = std::max(L::kMinBarWidth, l.x(b.to, m_picture.extent) - x1);
    return QRectF(x1, l.rowTop(b.row) + inset, w, l.rowH - 2 * inset);
}

int ChunkMapWidget::heightForWidth(int width) const
{
    if (isEmpty())
        return 120;
    return int(std::ceil(layout(width).height));
}

QSize ChunkMapWidget::sizeHint() const
{
    return QSize(900, heightForWidth(900));
}

QSize ChunkMapWidget::minimumSizeHint() const
{
    return QSize(kMinimumWidth, heightForWidth(std::max(width(), kMinimumWidth)));
}

void ChunkMapWidget::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    // The legend wraps with the width, so the height the widget needs can change.
    const int h = heightForWidth(width());
    if (h != m_lastHeight) {
        m_lastHeight = h;
        updateGeometry();
    }
}

void ChunkMapWidget::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::FontChange) {
        measureLabels();
        updateGeometry();
        update();
    }
    QWidget::changeEvent(event);
}

QImage ChunkMapWidget::render(QSize size) const
{
    QImage image(size.expandedTo(QSize(1, 1)), QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::white);
    QPainter p(&image);
    const QRect area(QPoint(0, 0), image.size());
    paintPicture(p, area, area);
    return image;
}

void ChunkMapWidget::paintEvent(QPaintEvent *event)
{
    QPainter p(this);
    paintPicture(p, rect(), event->rect());
}

void ChunkMapWidget::paintPlaceholder(QPainter &p, const QRect &area) const
{
    p.fillRect(area, palette().color(QPalette::Base));
    QFont f = font();
    f.setItalic(true);
    p.setFont(f);
    p.setPen(palette().color(QPalette::PlaceholderText));
    p.drawText(area.adjusted(8, 8, -8, -8), Qt::AlignCenter | Qt::TextWordWrap, placeholderText());
}

void ChunkMapWidget::paintPicture(QPainter &p, const QRect &area, const QRect &clip) const
{
    p.setClipRect(clip);
    if (isEmpty()) {
        paintPlaceholder(p, area);
        return;
    }
    p.fillRect(clip, Qt::white);
    p.setRenderHint(QPainter::Antialiasing, true);
    p.setRenderHint(QPainter::TextAntialiasing, true);

    const Layout l = layout(area.width());
    const qint64 extent = m_picture.extent;
    const int rowCount = int(m_picture.rows.size());
    // Only the rows that meet the clip rectangle.
    const int first = std::clamp(int(std::floor((clip.top() - l.top) / l.rowH)), 0, rowCount - 1);
    const int last =
        std::clamp(int(std::floor((clip.bottom() + 1 - l.top) / l.rowH)), 0, rowCount - 1);
    const QFontMetricsF labelFm(l.label);
    const QFontMetricsF labelBoldFm(l.labelBold);
    const QFontMetricsF smallFm(l.small);
    const QFontMetricsF smallBoldFm(l.smallBold);
    const double labelRoom = l.labelW + 4 - L::kTextLeft;

    // Row backgrounds and labels.
    for (int r = first; r <= last; ++r) {
        const double y = l.rowTop(r);
        const bool isDisplayed = r == l.chunkRows;
        if (isDisplayed)
            p.fillRect(QRectF(0, y, l.width, l.rowH), kDisplayedRow);
        else if (r % 2 == 1)
            p.fillRect(QRectF(0, y, l.width, l.rowH), kOddRow);
        const ChunkPicture::Row &row = m_picture.rows[r];
        const QColor sc(isDisplayed ? L::verdictColour(row.status) : L::statusColour(row.status));
        const QFont &lf = isDisplayed ? l.labelBold : l.label;
        const QFontMetricsF &lfm = isDisplayed ? labelBoldFm : labelFm;
        if (l.compact) {
            const double statusW = lfm.horizontalAdvance(row.status);
            const QString text = elided(
                lfm, row.label, labelRoom - statusW - lfm.horizontalAdvance(QLatin1Char(' ')));
            const double baseline = y + l.rowH - L::kCompactBaseline;
            p.setFont(lf);
            p.setPen(kInk);
            p.drawText(QPointF(L::kTextLeft, baseline), text);
            p.setPen(sc);
            p.drawText(
                QPointF(L::kTextLeft + lfm.horizontalAdvance(text + QLatin1Char(' ')), baseline),
                row.status);
        } else {
            p.setFont(lf);
            p.setPen(kInk);
            p.drawText(QPointF(L::kTextLeft, y + L::kLabelBaseline),
                       elided(lfm, row.label, labelRoom));
            const bool plain = L::plainStatus(row.status);
            p.setFont(plain ? l.small : l.smallBold);
            p.setPen(sc);
            p.drawText(QPointF(L::kTextLeft, y + L::kStatusBaseline),
                       elided(plain ? smallFm : smallBoldFm,
                              isDisplayed ? row.status.toUpper() : row.status, labelRoom));
        }
    }

    // The end of the message.
    if (m_picture.messageSize > 0) {
        const double ex = l.x(m_picture.messageSize, extent);
        QPen pen(kInk, 1);
        pen.setDashPattern({2, 3});
        p.setPen(pen);
        p.drawLine(QPointF(ex, l.top - l.partsBand - L::kEndLineAbove), QPointF(ex, l.rowsBottom));
        const QString text = QStringLiteral("end of message (%1)").arg(m_picture.messageSize);
        const double tw = smallFm.horizontalAdvance(text);
        const double tx = ex + tw / 2 > l.width - 4 ? l.width - 4 - tw : ex - tw / 2;
        p.setFont(l.small);
        p.setPen(kInk);
        p.drawText(QPointF(std::max(2.0, tx), l.top - l.partsBand - L::kEndLabelAbove), text);
    }

    // Bars, row by row, in the layout's drawing order (a bar never leaves its row).
    for (int r = first; r <= last; ++r) {
        for (Kind kind : L::drawingOrder()) {
            for (int i : m_barsByRow[r]) {
                const ChunkPicture::Bar &b = m_picture.bars[i];
                if (b.kind == kind)
                    drawStyledRect(p, barRect(l, b), kind);
            }
        }
    }

    // Annotations beside the bars that tell the story: the overrun and the cut.
    if (!l.compact) {
        for (int r = first; r <= last; ++r) {
            for (int i : m_barsByRow[r]) {
                const ChunkPicture::Bar &b = m_picture.bars[i];
                const double y = l.rowTop(b.row) + l.rowH / 2 + L::kAnnotationBelowMiddle;
                if (b.kind == Kind::Overrun) {
                    const QString text = QStringLiteral("+%1 unframed").arg(b.to - b.from);
                    const double x2 =
                        std::max(l.x(b.to, extent), l.x(b.from, extent) + L::kMinBarWidth);
                    const double tw = smallBoldFm.horizontalAdvance(text);
                    const bool fitsRight = x2 + L::kAnnotationGap + tw < l.width - 4;
                    const double tx = fitsRight ? x2 + L::kAnnotationGap
                                                : l.x(b.from, extent) - L::kAnnotationGap - tw;
                    haloText(p, QPointF(tx, y), text, l.smallBold, colourOf(Kind::Overrun),
                             Qt::white, L::kOverrunHalo);
                } else if (b.kind == Kind::Missing) {
                    const double x1 = l.x(b.from, extent);
                    const double x2 = l.x(b.to, extent);
                    const QString full =
                        b.from > 0 ? QStringLiteral("cut at %1: %2 octets never shown")
                                         .arg(b.from)
                                         .arg(b.to - b.from)
                                   : QStringLiteral("%1 octets never shown").arg(b.to - b.from);
                    const QString shorter = QStringLiteral("%1 never shown").arg(b.to - b.from);
                    const double room = x2 - x1 - 2 * L::kAnnotationGap;
                    QString text;
                    if (smallBoldFm.horizontalAdvance(full) < room)
                        text = full;
                    else if (smallBoldFm.horizontalAdvance(shorter) < room)
                        text = shorter;
                    if (!text.isEmpty())
                        haloText(p, QPointF(x1 + L::kAnnotationGap, y), text, l.smallBold, kAxis,
                                 kMissingFill, L::kMissingHalo);
                    if (b.from > 0) {
                        p.setPen(QPen(colourOf(Kind::Overrun), L::kCutLineWidth));
                        p.drawLine(QPointF(x1, l.rowTop(b.row) + L::kCutLineInset),
                                   QPointF(x1, l.rowTop(b.row) + l.rowH - L::kCutLineInset));
                    }
                }
            }
        }
    }

    ChunkPartMarks::paint(p, l.marks(extent), m_picture.parts, m_selected, font());

    // The offset axis, its ticks, and light guides up through the rows.
    const double ay = l.rowsBottom + L::kAxisGap;
    p.setPen(QPen(kAxis, 1));
    p.drawLine(QPointF(l.plotX, ay), QPointF(l.plotX + l.plotW, ay));
    const int maxTicks = L::maxTicks(l.plotW, extent);
    p.setFont(l.small);
    const double guideTop = std::max(l.top, double(clip.top()) - 1);
    for (qint64 t : ChunkPicture::ticks(extent, maxTicks)) {
        const double tx = l.x(t, extent);
        p.setPen(QPen(kAxis, 1));
        p.drawLine(QPointF(tx, ay), QPointF(tx, ay + L::kTickLength));
        if (guideTop < ay) {
            p.setPen(QPen(kGuide, 1));
            p.drawLine(QPointF(tx, guideTop), QPointF(tx, ay));
        }
        const QString text = QString::number(t);
        p.setPen(kAxis);
        p.drawText(QPointF(tx - smallFm.horizontalAdvance(text) / 2, ay + L::kTickLabelBelow),
                   text);
    }
    const QString axisTitle = QStringLiteral("offset in the message (octets)");
    p.setPen(kMuted);
    p.drawText(
        QPointF(l.plotX + l.plotW - smallFm.horizontalAdvance(axisTitle), ay + L::kAxisTitleBelow),
        axisTitle);

    // The legend: only the kinds present.
    p.setFont(l.legendFont);
    for (const auto &[kind, at] : l.legend) {
        drawStyledRect(
            p, QRectF(at.x(), at.y() - L::kSwatchAbove, L::kSwatchWidth, L::kSwatchHeight), kind);
        p.setPen(kInk);
        p.drawText(QPointF(at.x() + L::kSwatchText, at.y()),
                   QString::fromLatin1(L::style(kind).legend));
    }
}

int ChunkMapWidget::chunkAt(const QPoint &pos) const
{
    if (isEmpty())
        return -1;
    const Layout l = layout(width());
    if (pos.y() < l.top || pos.y() >= l.rowsBottom)
        return -1;
    const int row = int((pos.y() - l.top) / l.rowH);
    return row < l.chunkRows ? row : -1;
}

QString ChunkMapWidget::toolTipAt(const QPoint &pos) const
{
    if (isEmpty())
        return {};
    const Layout l = layout(width());
    if (const QString part = ChunkPartMarks::tipAt(l.marks(m_picture.extent), m_picture.parts,
                                                   QPointF(pos), font());
        !part.isEmpty())
        return part;
    if (pos.y() < l.top || pos.y() >= l.rowsBottom)
        return {};
    const int row = std::clamp(int((pos.y() - l.top) / l.rowH), 0, int(m_picture.rows.size()) - 1);
    const ChunkPicture::Row &r = m_picture.rows[row];
    if (pos.x() < l.plotX)
        return r.status.isEmpty() ? r.label : QStringLiteral("%1: %2").arg(r.label, r.status);
    // The topmost bar under the pointer, in reverse drawing order.
    const auto order = L::drawingOrder();
    for (auto kind = order.crbegin(); kind != order.crend(); ++kind) {
        for (int i : m_barsByRow[row]) {
            const ChunkPicture::Bar &b = m_picture.bars[i];
            if (b.kind != *kind)
                continue;
            const QRectF br = barRect(l, b).adjusted(-1, -1, 1, 1);
            if (br.contains(QPointF(pos)))
                return b.tip;
        }
    }
    return {};
}

bool ChunkMapWidget::event(QEvent *event)
{
    if (event->type() == QEvent::ToolTip) {
        auto *help = static_cast<QHelpEvent *>(event);
        const QString tip = toolTipAt(help->pos());
        if (tip.isEmpty()) {
            QToolTip::hideText();
            event->ignore();
        } else {
            QToolTip::showText(help->globalPos(), tip, this);
        }
        return true;
    }
    return QWidget::event(event);
}

void ChunkMapWidget::mouseReleaseEvent(QMouseEvent *event)
{
    if (event->button() == Qt::LeftButton) {
        const int chunk = chunkAt(event->position().toPoint());
        if (chunk >= 0)
            Q_EMIT chunkActivated(chunk);
    }
    QWidget::mouseReleaseEvent(event);
}

} // namespace msim::ui
