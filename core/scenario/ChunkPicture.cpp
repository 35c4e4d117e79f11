// SPDX-License-Identifier: MIT
#include "scenario/ChunkPicture.h"

#include "scenario/ChunkPictureLayout.h"
#include "scenario/ChunkPictureSvg.h"
#include "scenario/MarkupWriter.h"

#include <algorithm>

namespace msim::scenario {

using fetch::ChunkRecord;
using fetch::ChunkStatus;
using fetch::Range;
using Kind = ChunkPicture::Bar::Kind;

namespace {

// Merges [begin, end) ranges into a sorted union.
QList<Range> unite(QList<Range> ranges)
{
    std::sort(ranges.begin(), ranges.end(),
              [](const Range &a, const Range &b) { return a.begin < b.begin; });
    QList<Range> out;
    for (const Range &r : ranges) {
        if (r.end <= r.begin)
            continue;
        if (!out.isEmpty() && r.begin <= out.last().end)
            out.last().end = std::max(out.last().end, r.end);
        else
            out.append(r);
    }
    return out;
}

QString span(qint64 from, qint64 to)
{
    if (to - from == 1)
        return QStringLiteral("octet %1").arg(from);
    return QStringLiteral("octets %1–%2").arg(from).arg(to - 1);
}

QString rowLabel(const ChunkRecord &c, qsizetype count)
{
    if (c.requestedStart)
        return QStringLiteral("chunk %1 <%2.%3>")
            .arg(c.index)
            .arg(*c.requestedStart)
            .arg(c.requestedLength.value_or(0));
    const QString what =
        c.command.contains(" RFC822)") ? QStringLiteral("RFC822") : QStringLiteral("BODY[]");
    if (count == 1)
        return QStringLiteral("whole message %1").arg(what);
    return QStringLiteral("request %1 %2").arg(c.index).arg(what);
}

} // namespace

const QList<ChunkPicture::LegendItem> &ChunkPicture::legend()
{
    static const QList<LegendItem> items = [] {
        QList<LegendItem> out;
        for (const ChunkPictureLayout::KindStyle &s : ChunkPictureLayout::kKinds)
            out.append({s.kind, QString::fromLatin1(s.legend)});
        return out;
    }();
    return items;
}

QString ChunkPicture::colour(Bar::Kind kind)
{
    return QString::fromLatin1(ChunkPictureLayout::style(kind).colour);
}

QString ChunkPicture::kindName(Bar::Kind kind)
{
    return QString::fromLatin1(ChunkPictureLayout::style(kind).name);
}

QString ChunkPicture::verdictColour(const QString &verdict)
{
    return QString::fromLatin1(ChunkPictureLayout::verdictColour(verdict));
}

QList<qint64> ChunkPicture::ticks(qint64 extent, int maxTicks)
{
    QList<qint64> out;
    if (extent <= 0 || maxTicks < 1)
        return {0};
    qint64 step = 1;
    for (qint64 magnitude = 1;; magnitude *= 10) {
        bool found = false;
        for (qint64 f : {1, 2, 5}) {
            if (extent / (f * magnitude) <= maxTicks) {
                step = f * magnitude;
                found = true;
                break;
            }
        }
        if (found)
            break;
    }
    for (qint64 t = 0; t <= extent; t += step)
        out.append(t);
    return out;
}

ChunkPicture ChunkPicture::build(const fetch::MessageOutcome &m, const QString &client)
{
    ChunkPicture p;
    p.messageSize = m.reference ? m.reference->size() : std::max<qint64>(m.rfc822Size, 0);
    qint64 extent = std::max(p.messageSize, m.rfc822Size);
    auto add = [&](Kind kind, int row, qint64 from, qint64 to, const QString &tip) {
        p.bars.append({kind, row, from, to, tip});
        extent = std::max(extent, to);
    };

    QList<Range> shown; // what the client shows so far (since the last restart), as a union
    for (qsizetype i = 0; i < m.chunks.size(); ++i) {
        const ChunkRecord &c = m.chunks[i];
        const int row = int(i);
        p.rows.append({rowLabel(c, m.chunks.size()), fetch::chunkStatusName(c.status)});

        // The request: a partial, or the whole message.
        qint64 reqFrom = 0;
        qint64 reqTo = std::max<qint64>(m.rfc822Size, 0);
        if (c.requestedStart) {
            reqFrom = *c.requestedStart;
            reqTo = reqFrom + c.requestedLength.value_or(0);
            add(Kind::Requested, row, reqFrom, reqTo,
                QStringLiteral("Asked for %1 octets from offset %2: %3")
                    .arg(c.requestedLength.value_or(0))
                    .arg(reqFrom)
                    .arg(QString::fromLatin1(c.command)));
        } else {
            if (reqTo == 0 && c.literalLength > 0) // size unknown: as much as came back
                reqTo = c.origin.value_or(0) + c.literalLength;
            add(Kind::Requested, row, reqFrom, reqTo,
                QStringLiteral("Asked for the whole message: %1")
                    .arg(QString::fromLatin1(c.command)));
        }

        // The literal as it arrived, and what of it repeats octets already shown.
        const qint64 origin = c.origin.value_or(0);
        qint64 arrived = 0;
        if (c.literalLength >= 0) {
            arrived = std::clamp<qint64>(c.received - c.unframedExtra, 0, c.literalLength);
            if (arrived > 0) {
                QString tip = QStringLiteral("Literal {%1} %2: %3")
                                  .arg(c.literalLength)
                                  .arg(c.origin ? QStringLiteral("at origin %1").arg(origin)
                                                : QStringLiteral("without an origin"),
                                       span(origin, origin + arrived));
                if (arrived < c.literalLength)
                    tip += QStringLiteral(" (only %1 of the %2 announced octets arrived)")
                               .arg(arrived)
                               .arg(c.literalLength);
                add(Kind::Literal, row, origin, origin + arrived, tip);
            }
            if (!c.origin || origin == 0)
                shown.clear(); // the display restarts (MESSENGER45.md §5)
            for (const Range &r : shown) {
                const qint64 a = std::max(r.begin, origin);
                const qint64 b = std::min(r.end, origin + arrived);
                if (a < b)
                    add(Kind::Duplicate, row, a, b,
                        QStringLiteral("%1 arrive a second time and are shown twice")
                            .arg(span(a, b)));
            }
            shown = unite(QList<Range>(shown) << Range{origin, origin + arrived});
        }

        // Unframed octets right after the literal.
        if (c.unframedExtra > 0) {
            const qint64 from = c.literalLength >= 0 ? origin + c.literalLength : reqFrom;
            QString tip = QStringLiteral("%1%2 octets after the %3-octet literal that do not "
                                         "parse (unframed overrun)")
                              .arg(c.unframedExtraExact ? QString() : QStringLiteral("at least "))
                              .arg(c.unframedExtra)
                              .arg(std::max<qint64>(c.literalLength, 0));
            if (c.extraIsNextOctets)
                tip += *c.extraIsNextOctets
                           ? QStringLiteral("; they are the message's next octets (%1)")
                                 .arg(span(from, from + c.unframedExtra))
                           : QStringLiteral("; they are not the message's next octets");
            add(Kind::Overrun, row, from, from + c.unframedExtra, tip);
        }

        // A reply that never completed: what was announced but never came, or the request.
        if (c.status == ChunkStatus::Error) {
            const QString why = c.detail.isEmpty() ? QStringLiteral("no reason given") : c.detail;
            if (c.errorKind == fetch::ErrorKind::No || c.errorKind == fetch::ErrorKind::Bad)
                add(Kind::Error, row, reqFrom, std::max(reqTo, reqFrom),
                    QStringLiteral("The server refused this request (%1); nothing was displayed "
                                   "for it")
                        .arg(why));
            else if (c.literalLength >= 0 && arrived < c.literalLength)
                add(Kind::Error, row, origin + arrived, origin + c.literalLength,
                    QStringLiteral("The reply never completed; %1 never arrived: %2")
                        .arg(span(origin + arrived, origin + c.literalLength), why));
            else
                add(Kind::Error, row, reqFrom, std::max(reqTo, reqFrom),
                    QStringLiteral("The reply never completed: %1").arg(why));
        }
    }

    // What the client displayed, in message offsets, and what it never showed.
    const int last = int(m.chunks.size());
    p.rows.append({QStringLiteral("displayed by %1").arg(client),
                   m.chunks.isEmpty() && !m.exists ? QStringLiteral("not in the mailbox")
                                                   : fetch::verdictName(m.comparison.verdict)});
    QList<Range> pieces = m.pieces;
    if (pieces.isEmpty() && !m.displayed.isEmpty())
        pieces.append({0, m.displayed.size()});
    const QList<Range> displayed = unite(pieces);
    for (const Range &r : displayed)
        add(Kind::Displayed, last, r.begin, r.end,
            QStringLiteral("%1 shows %2").arg(client, span(r.begin, r.end)));
    for (const Range &r : m.comparison.duplicated)
        add(Kind::Duplicate, last, r.begin, r.end,
            QStringLiteral("%1 appear twice in what %2 shows").arg(span(r.begin, r.end), client));
    if (m.exists && !m.chunks.isEmpty()) {
        qint64 at = 0;
        QList<Range> gaps;
        for (const Range &r : displayed) {
            if (r.begin > at)
                gaps.append({at, std::min(r.begin, p.messageSize)});
            at = std::max(at, r.end);
        }
        if (at < p.messageSize)
            gaps.append({at, p.messageSize});
        for (const Range &g : gaps)
            if (g.end > g.begin)
                add(Kind::Missing, last, g.begin, g.end,
                    QStringLiteral("%1 never shows %2 (%3 octets)")
                        .arg(client, span(g.begin, g.end))
                        .arg(g.end - g.begin));
    }
    if (m.mime)
        for (const fetch::PartDamage &d : m.mime->parts) {
            QString tip = fetch::MimeDamage::describe(d) + QStringLiteral(": ") +
                          fetch::kPartStateNames.name(d.state);
            tip[0] = tip[0].toUpper();
            p.parts.append(
                {d.part.path, d.part.offset, d.part.end(), d.state, d.part.container, tip});
        }
    p.extent = std::max<qint64>(extent, 1);
    return p;
}

QString ChunkPicture::toSvg(int width) const
{
    QString out;
    MarkupWriter writer(&out);
    ChunkPictureSvg::write(writer, *this, width);
    return out;
}

} // namespace msim::scenario
