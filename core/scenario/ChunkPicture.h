// SPDX-License-Identifier: MIT
#pragma once

#include "fetch/FetchOutcome.h"

namespace msim::scenario {

// The per-chunk picture of one message (DESIGN.md §4 "the chunk picture"): one row per chunk
// with the requested range, the literal that came back, unframed overrun octets right after it,
// ranges shown a second time and failed replies; then a last row with what the client displayed
// and what it never showed. Geometry is in message offsets, so the SVG of report.html
// (ChunkPictureSvg) and the GUI's QPainter widget draw the same thing from the same data, with
// the same layout (ChunkPictureLayout).
class ChunkPicture
{
public:
    struct Bar
    {
        enum class Kind { Requested, Literal, Overrun, Duplicate, Displayed, Missing, Error };
        Kind kind = Kind::Literal;
        int row = 0;
        qint64 from = 0; // [from, to) in message offsets
        qint64 to = 0;
        QString tip; // one plain sentence for a tooltip
    };
    struct Row
    {
        QString label;  // "chunk 1 <0.6144>", "displayed by Messenger 4.5"
        QString status; // "overrun_unframed", or the verdict on the displayed row
    };

    // `client` names the last row ("displayed by <client>"); outcome.client in a report.
    static ChunkPicture build(const fetch::MessageOutcome &m,
                              const QString &client = QStringLiteral("Messenger 4.5"));

    // A MIME part of the true message (MimeDamage), marked on the offset axis: its boundaries
    // as lines across every row, its path at the top. Leaf parts and containers alike, in
    // MimeStructure order.
    struct PartMark
    {
        QString path;    // "1", "2.1"
        qint64 from = 0; // [from, to) in message offsets
        qint64 to = 0;
        fetch::PartState state = fetch::PartState::Intact;
        bool container = false;
        QString tip; // "The attachment report.pdf (application/pdf, 34 KB, part 2): cut"
    };

    QList<Row> rows; // one per chunk, then a last row "displayed by <client>"
    QList<Bar> bars;
    QList<PartMark> parts;  // empty without MimeDamage (no reference, not MIME)
    qint64 extent = 0;      // the largest offset to draw
    qint64 messageSize = 0; // reference length, else RFC822.SIZE

    // A standalone <svg> element (inline-able in HTML; no scripts, no external files): rows,
    // an offset axis with ticks, the end of the message, a legend; every bar has a <title>.
    // ChunkPictureSvg::write puts the same element into a page being written.
    QString toSvg(int width = 900) const;

    // The colour of each kind ("#rrggbb", ChunkPictureLayout::kKinds), as both pictures draw it.
    static QString colour(Bar::Kind kind);
    static QString kindName(Bar::Kind kind); // "requested", "literal", "overrun", ...
    // The colour of a verdict badge: complete green, truncated red, duplicated orange,
    // corrupted purple, failed (and anything else) dark red.
    static QString verdictColour(const QString &verdict);
    // The legend, in its fixed order: each kind with the words shown beside its swatch.
    struct LegendItem
    {
        Bar::Kind kind;
        QString text;
    };
    static const QList<LegendItem> &legend();
    // Offsets of the axis ticks: a 1-2-5 step giving at most `maxTicks` intervals.
    static QList<qint64> ticks(qint64 extent, int maxTicks = 10);

    // SVG rows drawn at most (a huge message in small chunks); the rest are summarised.
    static constexpr int kMaxSvgRows = 300;
};

} // namespace msim::scenario
