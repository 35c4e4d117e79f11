// SPDX-License-Identifier: MIT
#pragma once

#include "fetch/FetchOutcome.h"
#include "scenario/ChunkPicture.h"
#include "scenario/ChunkPictureLayout.h"

#include <QImage>
#include <QWidget>

#include <optional>

namespace msim::ui {

// The chunk map dock (DESIGN.md §1 "the chunk that overran"): scenario::ChunkPicture painted
// with QPainter, the same picture report.html draws as SVG (ChunkPicture::toSvg) from the same
// data: one row per chunk (requested range, literal, unframed overrun in red, ranges shown twice
// hatched, failed replies), a last row with what the client displayed and never showed, the
// offset axis, the end of the message and a legend, with the geometry and colours of
// scenario::ChunkPictureLayout; over them where each MIME part begins and the part chosen in
// the message view (ChunkPartMarks).
// Its height grows with the rows so that it sits in a QScrollArea; only the rows inside the
// paint event's rectangle are painted, so an 854-chunk message scrolls smoothly.
class ChunkMapWidget : public QWidget
{
    Q_OBJECT
public:
    explicit ChunkMapWidget(QWidget *parent = nullptr);

    void setMessage(const fetch::MessageOutcome &m,
                    const QString &client = QStringLiteral("Messenger 4.5"));
    void clear();
    bool isEmpty() const { return m_picture.rows.isEmpty(); }
    const scenario::ChunkPicture &picture() const { return m_picture; }
    // The chosen MIME part's octets [from, to) in message offsets, shaded across the rows
    // (nullopt: none); a new message or clear() takes it away.
    void setSelectedRange(std::optional<fetch::Range> range);
    std::optional<fetch::Range> selectedRange() const { return m_selected; }

    // The picture drawn on a white image of `size` (for tests and screenshots).
    QImage render(QSize size) const;
    // What the tooltip says at `pos` (a bar's tip, or a row's label and status), or "".
    QString toolTipAt(const QPoint &pos) const;
    // The chunk row at `pos` (an index into MessageOutcome::chunks), or -1.
    int chunkAt(const QPoint &pos) const;

    static QString placeholderText() { return QStringLiteral("Open a message to see its chunks"); }
    // The row heights of scenario::ChunkPictureLayout (the SVG's too).
    static constexpr int kCompactRowHeight = scenario::ChunkPictureLayout::kCompactRowHeight;
    static constexpr int kRowHeight = scenario::ChunkPictureLayout::kRowHeight;
    static constexpr int kCompactAbove = scenario::ChunkPictureLayout::kCompactAbove;
    static constexpr int kMinimumWidth = 360;

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;
    bool hasHeightForWidth() const override { return true; }
    int heightForWidth(int width) const override;

Q_SIGNALS:
    // A chunk row was clicked: an index into the message's chunks (e.g. to show its transcript
    // line with TranscriptView::showStreamOffset).
    void chunkActivated(int index);

protected:
    void paintEvent(QPaintEvent *event) override;
    bool event(QEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    struct Layout;
    Layout layout(int width) const;
    void paintPicture(QPainter &p, const QRect &area, const QRect &clip) const;
    void paintPlaceholder(QPainter &p, const QRect &area) const;
    QRectF barRect(const Layout &l, const scenario::ChunkPicture::Bar &bar) const;
    void measureLabels();

    scenario::ChunkPicture m_picture;
    QList<QList<int>> m_barsByRow; // indices into m_picture.bars, per row
    double m_labelWidth = 0;       // the widest row label (and status), in pixels
    int m_lastHeight = -1;
    std::optional<fetch::Range> m_selected;
};

} // namespace msim::ui
