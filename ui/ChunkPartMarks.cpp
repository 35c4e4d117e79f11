// SPDX-License-Identifier: MIT
#include "ui/ChunkPartMarks.h"

#include <QFontMetricsF>
#include <QPainter>

namespace msim::ui {

using PartMark = scenario::ChunkPicture::PartMark;

namespace {

const QColor kLine(0x37, 0x47, 0x4f);       // part boundaries and their paths
const QColor kSelected(0x15, 0x65, 0xc0);   // the chosen part

QFont labelFont(const QFont &base)
{
    QFont f = base;
    f.setPixelSize(ChunkPartMarks::kFont);
    f.setBold(true);
    return f;
}

struct Label
{
    int part = 0; // index into the parts
    double line = 0;
    QRectF rect; // where its path is written; empty when left out (no room)
};

// Each leaf part's line, left to right, and its path's place: right of the line, pushed right
// past the label before it (parts a few octets apart), left out when that is too far.
QList<Label> labels(const ChunkPartMarks::Geometry &g, const QList<PartMark> &parts,
                    const QFont &base)
{
    const QFontMetricsF fm(labelFont(base));
    QList<Label> out;
    double free = 0;
    for (int i = 0; i < parts.size(); ++i) {
        if (parts[i].container)
            continue;
        Label l{i, g.x(parts[i].from), {}};
        const double w = fm.horizontalAdvance(parts[i].path);
        const double x = std::max(l.line + ChunkPartMarks::kLabelGap, free);
        if (x - l.line <= ChunkPartMarks::kLabelShift && x + w <= g.width - 2) {
            l.rect = QRectF(x, g.top - ChunkPartMarks::kBand, w, ChunkPartMarks::kBand);
            free = x + w + ChunkPartMarks::kLabelGap;
        }
        out.append(l);
    }
    return out;
}

} // namespace

double ChunkPartMarks::bandHeight(const QList<PartMark> &parts)
{
    return std::count_if(parts.cbegin(), parts.cend(),
                         [](const PartMark &m) { return !m.container; }) > 1
               ? kBand
               : 0;
}

void ChunkPartMarks::paint(QPainter &p, const Geometry &g, const QList<PartMark> &parts,
                           const std::optional<fetch::Range> &selected, const QFont &base)
{
    p.save();
    const QFont font = labelFont(base);
    const QFontMetricsF fm(font);
    p.setFont(font);
    const double band = bandHeight(parts);
    for (const Label &l : band > 0 ? labels(g, parts, base) : QList<Label>()) {
        QPen pen(kLine, 1);
        pen.setDashPattern({3, 2});
        p.setPen(pen);
        p.drawLine(QPointF(l.line, g.top - band + 2), QPointF(l.line, g.rowsBottom));
        if (!l.rect.isEmpty()) {
            p.setPen(kLine);
            p.drawText(QPointF(l.rect.left(), l.rect.bottom() - (kBand - fm.ascent()) / 2 - 1),
                       parts[l.part].path);
        }
    }
    if (selected && selected->end > selected->begin) {
        const double x1 = g.x(selected->begin);
        const double x2 = std::max(g.x(selected->end), x1 + 2);
        QColor fill = kSelected;
        fill.setAlphaF(0.16f);
        p.fillRect(QRectF(x1, g.top - band, x2 - x1, g.rowsBottom - g.top + band), fill);
        p.setPen(QPen(kSelected, 2));
        p.drawLine(QPointF(x1, g.top - band), QPointF(x1, g.rowsBottom));
        p.drawLine(QPointF(x2, g.top - band), QPointF(x2, g.rowsBottom));
    }
    p.restore();
}

QString ChunkPartMarks::tipAt(const Geometry &g, const QList<PartMark> &parts, const QPointF &pos,
                              const QFont &base)
{
    const double band = bandHeight(parts);
    if (band == 0 || pos.y() < g.top - band || pos.y() >= g.rowsBottom)
        return {};
    const QList<Label> all = labels(g, parts, base);
    for (const Label &l : all)
        if (l.rect.contains(pos))
            return parts[l.part].tip;
    // The nearest line within reach.
    const Label *nearest = nullptr;
    for (const Label &l : all)
        if (std::abs(l.line - pos.x()) <= kHitSlop &&
            (!nearest || std::abs(l.line - pos.x()) < std::abs(nearest->line - pos.x())))
            nearest = &l;
    return nearest ? parts[nearest->part].tip : QString();
}

} // namespace msim::ui
