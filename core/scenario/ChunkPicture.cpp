#include "scenario/ChunkPicture.h"

#include "net/Printable.h"

#include <algorithm>
#include <cmath>

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

// XML 1.0 text for the SVG: escaped, and on one line.
QString xml(const QString &text)
{
    return ChunkPicture::escapeMarkup(text).replace(QLatin1Char('\n'), QLatin1Char(' '));
}

QString num(double v)
{
    return QString::number(v, 'f', 1);
}

QString statusColour(const QString &status)
{
    if (status == QLatin1String("ok") || status == QLatin1String("short"))
        return QStringLiteral("#4b5563");
    if (status == QLatin1String("overrun_unframed"))
        return ChunkPicture::colour(Kind::Overrun);
    if (status == QLatin1String("error"))
        return ChunkPicture::colour(Kind::Error);
    if (status == QLatin1String("overrun_framed"))
        return QStringLiteral("#b45309");
    return QStringLiteral("#92400e");
}

// Rough width of sans-serif text, for placing labels without a font engine (QtCore only).
double textWidth(const QString &s, double fontSize)
{
    return double(s.size()) * fontSize * 0.58;
}

} // namespace

const QList<ChunkPicture::LegendItem> &ChunkPicture::legend()
{
    using Kind = Bar::Kind;
    static const QList<LegendItem> items = {
        {Kind::Requested, QStringLiteral("requested range")},
        {Kind::Literal, QStringLiteral("literal received")},
        {Kind::Overrun, QStringLiteral("unframed extra octets (overrun)")},
        {Kind::Duplicate, QStringLiteral("shown twice")},
        {Kind::Error, QStringLiteral("reply never completed")},
        {Kind::Displayed, QStringLiteral("displayed")},
        {Kind::Missing, QStringLiteral("never shown")},
    };
    return items;
}

QString ChunkPicture::escapeMarkup(const QString &raw)
{
    // Control characters as everywhere else (net::printable), then the markup characters.
    const QString text = net::printable::text(raw, net::printable::Breaks::Keep);
    QString out;
    out.reserve(text.size() + text.size() / 8);
    for (const QChar ch : text) {
        const char16_t u = ch.unicode();
        if (u == '&')
            out += QLatin1String("&amp;");
        else if (u == '<')
            out += QLatin1String("&lt;");
        else if (u == '>')
            out += QLatin1String("&gt;");
        else if (u == '"')
            out += QLatin1String("&quot;");
        else if (u == '\'')
            out += QLatin1String("&#39;");
        else if (u == 0xfffe || u == 0xffff) // not characters in XML
            out += QStringLiteral("\\u%1").arg(int(u), 4, 16, QLatin1Char('0'));
        else
            out += ch;
    }
    return out;
}

QString ChunkPicture::colour(Bar::Kind kind)
{
    switch (kind) {
    case Kind::Requested:
        return QStringLiteral("#6b7280");
    case Kind::Literal:
        return QStringLiteral("#3b82f6");
    case Kind::Overrun:
        return QStringLiteral("#dc2626");
    case Kind::Duplicate:
        return QStringLiteral("#f59e0b");
    case Kind::Displayed:
        return QStringLiteral("#16a34a");
    case Kind::Missing:
        return QStringLiteral("#9ca3af");
    case Kind::Error:
        return QStringLiteral("#7f1d1d");
    }
    return {};
}

QString ChunkPicture::kindName(Bar::Kind kind)
{
    switch (kind) {
    case Kind::Requested:
        return QStringLiteral("requested");
    case Kind::Literal:
        return QStringLiteral("literal");
    case Kind::Overrun:
        return QStringLiteral("overrun");
    case Kind::Duplicate:
        return QStringLiteral("duplicate");
    case Kind::Displayed:
        return QStringLiteral("displayed");
    case Kind::Missing:
        return QStringLiteral("missing");
    case Kind::Error:
        return QStringLiteral("error");
    }
    return {};
}

QString ChunkPicture::verdictColour(const QString &verdict)
{
    if (verdict == QLatin1String("complete"))
        return QStringLiteral("#15803d");
    if (verdict == QLatin1String("truncated"))
        return QStringLiteral("#dc2626");
    if (verdict == QLatin1String("duplicated"))
        return QStringLiteral("#ea580c");
    if (verdict == QLatin1String("corrupted"))
        return QStringLiteral("#7e22ce");
    return QStringLiteral("#7f1d1d"); // failed, not fetched
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
    p.extent = std::max<qint64>(extent, 1);
    return p;
}

QString ChunkPicture::toSvg(int width) const
{
    width = std::max(width, 480);
    const int chunkRows = int(rows.size()) - 1;
    const int drawnChunks = std::min(chunkRows, kMaxSvgRows);
    const bool elided = chunkRows > drawnChunks;
    const bool compact = chunkRows > 40;
    const double font = compact ? 10 : 12;
    const double rowH = compact ? 16 : 40;
    const double labelW = 200;
    const double plotX = labelW + 12;
    const double plotW = width - plotX - 28;
    const double top = 24; // room for the "end of message" label
    const int drawnRows = drawnChunks + (elided ? 1 : 0) + 1;
    const double rowsBottom = top + drawnRows * rowH;

    auto x = [&](qint64 offset) { return plotX + double(offset) * plotW / double(extent); };
    // Where row r is drawn (the elision line takes a row of its own).
    auto rowTop = [&](int row) {
        int slot = row;
        if (row == chunkRows)
            slot = drawnChunks + (elided ? 1 : 0);
        return top + slot * rowH;
    };
    auto drawn = [&](int row) { return row < drawnChunks || row == chunkRows; };

    // The legend: only the kinds present, in a fixed order, wrapped to the width.
    QList<LegendItem> legend;
    for (const LegendItem &item : ChunkPicture::legend())
        if (std::any_of(bars.begin(), bars.end(),
                        [&](const Bar &b) { return b.kind == item.kind; }))
            legend.append(item);
    QList<QPair<double, double>> legendPos; // x, y of each swatch
    double lx = 8;
    double ly = rowsBottom + 52;
    for (const LegendItem &item : legend) {
        const double w = 30 + textWidth(item.text, 12) + 18;
        if (lx + w > width - 8 && lx > 8) {
            lx = 8;
            ly += 22;
        }
        legendPos.append({lx, ly});
        lx += w;
    }
    const double height = ly + 24;

    QString s;
    s += QStringLiteral("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chunk-picture\" "
                        "width=\"%1\" height=\"%2\" viewBox=\"0 0 %1 %2\" role=\"img\" "
                        "font-family=\"DejaVu Sans, Verdana, Arial, sans-serif\" "
                        "font-size=\"%3\">\n")
             .arg(width)
             .arg(int(std::ceil(height)))
             .arg(int(font));
    s += QStringLiteral("<title>Chunk picture: each request, what came back, and what was "
                        "displayed, by offset in the message</title>\n");
    s += QStringLiteral(
             "<defs>\n"
             "<pattern id=\"msim-hatch\" patternUnits=\"userSpaceOnUse\" width=\"6\" height=\"6\" "
             "patternTransform=\"rotate(45)\"><rect width=\"6\" height=\"6\" fill=\"%1\" "
             "fill-opacity=\"0.35\"/><rect width=\"3\" height=\"6\" fill=\"%1\"/></pattern>\n"
             "<pattern id=\"msim-error\" patternUnits=\"userSpaceOnUse\" width=\"8\" height=\"8\">"
             "<rect width=\"8\" height=\"8\" fill=\"%2\" fill-opacity=\"0.15\"/>"
             "<path d=\"M0 0L8 8M8 0L0 8\" stroke=\"%2\" stroke-width=\"1.5\"/></pattern>\n"
             "<pattern id=\"msim-missing\" patternUnits=\"userSpaceOnUse\" width=\"8\" "
             "height=\"8\" patternTransform=\"rotate(-45)\"><rect width=\"8\" height=\"8\" "
             "fill=\"#f3f4f6\"/><rect width=\"1.5\" height=\"8\" fill=\"%3\"/></pattern>\n"
             "</defs>\n")
             .arg(colour(Kind::Duplicate), colour(Kind::Error), colour(Kind::Missing));

    // Row backgrounds and labels.
    for (int r = 0; r < rows.size(); ++r) {
        if (!drawn(r))
            continue;
        const double y = rowTop(r);
        const bool isDisplayed = r == chunkRows;
        if (isDisplayed)
            s += QStringLiteral("<rect x=\"0\" y=\"%1\" width=\"%2\" height=\"%3\" "
                                "fill=\"#ecfdf5\"/>\n")
                     .arg(num(y))
                     .arg(width)
                     .arg(num(rowH));
        else if (r % 2 == 1)
            s += QStringLiteral("<rect x=\"0\" y=\"%1\" width=\"%2\" height=\"%3\" "
                                "fill=\"#f8fafc\"/>\n")
                     .arg(num(y))
                     .arg(width)
                     .arg(num(rowH));
        const Row &row = rows[r];
        const QString sc = isDisplayed ? verdictColour(row.status) : statusColour(row.status);
        if (compact) {
            s += QStringLiteral("<text x=\"8\" y=\"%1\"%2>%3 <tspan fill=\"%4\">%5</tspan>"
                                "</text>\n")
                     .arg(num(y + rowH - 4),
                          isDisplayed ? QStringLiteral(" font-weight=\"bold\"") : QString(),
                          xml(row.label), sc, xml(row.status));
        } else {
            s += QStringLiteral("<text x=\"8\" y=\"%1\"%2>%3</text>\n")
                     .arg(num(y + 16),
                          isDisplayed ? QStringLiteral(" font-weight=\"bold\"") : QString(),
                          xml(row.label));
            s += QStringLiteral("<text x=\"8\" y=\"%1\" fill=\"%2\" font-size=\"11\"%3>%4</text>\n")
                     .arg(num(y + 31), sc,
                          row.status == QLatin1String("ok") || row.status == QLatin1String("short")
                              ? QString()
                              : QStringLiteral(" font-weight=\"bold\""),
                          xml(isDisplayed ? row.status.toUpper() : row.status));
        }
    }
    if (elided)
        s += QStringLiteral("<text x=\"8\" y=\"%1\" fill=\"#6b7280\" font-style=\"italic\">… %2 "
                            "more chunks not drawn (see the table)</text>\n")
                 .arg(num(top + drawnChunks * rowH + rowH - 4))
                 .arg(chunkRows - drawnChunks);

    // Grid lines under the bars, at the axis ticks.
    const double ay = rowsBottom + 6;
    const int labelChars = int(QString::number(extent).size());
    const int maxTicks = std::clamp(int(plotW / (labelChars * 7.0 + 24)), 1, 10);
    const QList<qint64> tickList = ticks(extent, maxTicks);
    for (qint64 t : tickList)
        s += QStringLiteral("<line x1=\"%1\" y1=\"%2\" x2=\"%1\" y2=\"%3\" stroke=\"#e5e7eb\"/>\n")
                 .arg(num(x(t)), num(top), num(ay));

    // Vertical guides: the end of the message.
    if (messageSize > 0) {
        const double ex = x(messageSize);
        s += QStringLiteral("<line x1=\"%1\" y1=\"%2\" x2=\"%1\" y2=\"%3\" stroke=\"#111827\" "
                            "stroke-width=\"1\" stroke-dasharray=\"2 3\"/>\n")
                 .arg(num(ex), num(top - 4), num(rowsBottom));
        const QString label = QStringLiteral("end of message (%1)").arg(messageSize);
        const bool right = ex + textWidth(label, 11) / 2 > width - 4;
        s += QStringLiteral("<text x=\"%1\" y=\"%2\" font-size=\"11\" text-anchor=\"%3\" "
                            "fill=\"#111827\">%4</text>\n")
                 .arg(num(right ? width - 4.0 : ex), num(top - 8),
                      right ? QStringLiteral("end") : QStringLiteral("middle"), xml(label));
    }

    // Bars, in drawing order: outlines, fills, overlays.
    auto rect = [&](const Bar &b, double inset, const QString &style) {
        const double y = rowTop(b.row) + inset;
        const double h = rowH - 2 * inset;
        const double x1 = x(b.from);
        const double w = std::max(2.0, x(b.to) - x1);
        return QStringLiteral("<rect x=\"%1\" y=\"%2\" width=\"%3\" height=\"%4\" %5>"
                              "<title>%6</title></rect>\n")
            .arg(num(x1), num(y), num(w), num(h), style, xml(b.tip));
    };
    const double outer = compact ? 2 : 6;
    const double inner = compact ? 4 : 11;
    const QList<Kind> order = {Kind::Requested, Kind::Literal,   Kind::Displayed, Kind::Missing,
                               Kind::Overrun,   Kind::Duplicate, Kind::Error};
    for (Kind kind : order) {
        for (const Bar &b : bars) {
            if (b.kind != kind || !drawn(b.row))
                continue;
            switch (kind) {
            case Kind::Requested:
                s += rect(b, outer,
                          QStringLiteral("fill=\"#ffffff\" stroke=\"%1\" stroke-width=\"1.2\"")
                              .arg(colour(kind)));
                break;
            case Kind::Literal:
            case Kind::Overrun:
                s += rect(b, inner, QStringLiteral("fill=\"%1\"").arg(colour(kind)));
                break;
            case Kind::Displayed:
                s += rect(b, outer, QStringLiteral("fill=\"%1\"").arg(colour(kind)));
                break;
            case Kind::Missing:
                s += rect(b, outer,
                          QStringLiteral("fill=\"url(#msim-missing)\" stroke=\"%1\" "
                                         "stroke-dasharray=\"4 3\"")
                              .arg(colour(kind)));
                break;
            case Kind::Duplicate:
                s += rect(
                    b, b.row == chunkRows ? outer : inner,
                    QStringLiteral("fill=\"url(#msim-hatch)\" stroke=\"%1\"").arg(colour(kind)));
                break;
            case Kind::Error:
                s += rect(b, outer,
                          QStringLiteral("fill=\"url(#msim-error)\" stroke=\"%1\" "
                                         "stroke-width=\"1.5\"")
                              .arg(colour(kind)));
                break;
            }
        }
    }

    // Annotations beside the bars that tell the story: the overrun and the cut.
    for (const Bar &b : bars) {
        if (!drawn(b.row) || compact)
            continue;
        const double y = rowTop(b.row) + rowH / 2 + 4;
        if (b.kind == Kind::Overrun) {
            const QString label = QStringLiteral("+%1 unframed").arg(b.to - b.from);
            const double x2 = std::max(x(b.to), x(b.from) + 2);
            const bool fitsRight = x2 + 6 + textWidth(label, 11) < width - 4;
            s += QStringLiteral("<text x=\"%1\" y=\"%2\" font-size=\"11\" font-weight=\"bold\" "
                                "fill=\"%3\" text-anchor=\"%4\" stroke=\"#ffffff\" "
                                "stroke-width=\"3\" paint-order=\"stroke\">%5</text>\n")
                     .arg(num(fitsRight ? x2 + 6 : x(b.from) - 6), num(y), colour(Kind::Overrun),
                          fitsRight ? QStringLiteral("start") : QStringLiteral("end"), xml(label));
        } else if (b.kind == Kind::Missing) {
            const double x1 = x(b.from);
            const double x2 = x(b.to);
            const QString label = b.from > 0
                                      ? QStringLiteral("cut at %1: %2 octets never shown")
                                            .arg(b.from)
                                            .arg(b.to - b.from)
                                      : QStringLiteral("%1 octets never shown").arg(b.to - b.from);
            const QString shortLabel = QStringLiteral("%1 never shown").arg(b.to - b.from);
            const QString text = textWidth(label, 11) + 12 < x2 - x1        ? label
                                 : textWidth(shortLabel, 11) + 12 < x2 - x1 ? shortLabel
                                                                            : QString();
            if (!text.isEmpty())
                s += QStringLiteral("<text x=\"%1\" y=\"%2\" font-size=\"11\" "
                                    "font-weight=\"bold\" fill=\"#374151\" stroke=\"#f3f4f6\" "
                                    "stroke-width=\"4\" paint-order=\"stroke\">%3</text>\n")
                         .arg(num(x1 + 6), num(y), xml(text));
            if (b.from > 0)
                s += QStringLiteral("<line x1=\"%1\" y1=\"%2\" x2=\"%1\" y2=\"%3\" stroke=\"%4\" "
                                    "stroke-width=\"2.5\"/>\n")
                         .arg(num(x1), num(rowTop(b.row) + 2), num(rowTop(b.row) + rowH - 2),
                              colour(Kind::Overrun));
        }
    }

    // The offset axis.
    s += QStringLiteral("<line x1=\"%1\" y1=\"%2\" x2=\"%3\" y2=\"%2\" stroke=\"#374151\"/>\n")
             .arg(num(plotX), num(ay), num(plotX + plotW));
    for (qint64 t : tickList) {
        const double tx = x(t);
        s += QStringLiteral("<line x1=\"%1\" y1=\"%2\" x2=\"%1\" y2=\"%3\" stroke=\"#374151\"/>"
                            "<text x=\"%1\" y=\"%4\" font-size=\"11\" text-anchor=\"middle\" "
                            "fill=\"#374151\">%5</text>\n")
                 .arg(num(tx), num(ay), num(ay + 5), num(ay + 18))
                 .arg(t);
    }
    s += QStringLiteral("<text x=\"%1\" y=\"%2\" font-size=\"11\" text-anchor=\"end\" "
                        "fill=\"#6b7280\">offset in the message (octets)</text>\n")
             .arg(num(plotX + plotW), num(ay + 34));

    // The legend.
    for (qsizetype i = 0; i < legend.size(); ++i) {
        const auto [sx, sy] = legendPos[i];
        const Kind kind = legend[i].kind;
        QString fill;
        switch (kind) {
        case Kind::Requested:
            fill = QStringLiteral("fill=\"#ffffff\" stroke=\"%1\" stroke-width=\"1.2\"")
                       .arg(colour(kind));
            break;
        case Kind::Duplicate:
            fill = QStringLiteral("fill=\"url(#msim-hatch)\" stroke=\"%1\"").arg(colour(kind));
            break;
        case Kind::Error:
            fill = QStringLiteral("fill=\"url(#msim-error)\" stroke=\"%1\"").arg(colour(kind));
            break;
        case Kind::Missing:
            fill = QStringLiteral("fill=\"url(#msim-missing)\" stroke=\"%1\" "
                                  "stroke-dasharray=\"4 3\"")
                       .arg(colour(kind));
            break;
        default:
            fill = QStringLiteral("fill=\"%1\"").arg(colour(kind));
            break;
        }
        s += QStringLiteral("<rect x=\"%1\" y=\"%2\" width=\"24\" height=\"12\" %3/>"
                            "<text x=\"%4\" y=\"%5\" font-size=\"12\">%6</text>\n")
                 .arg(num(sx), num(sy - 10), fill, num(sx + 30), num(sy), xml(legend[i].text));
    }
    s += QStringLiteral("</svg>\n");
    return s;
}

} // namespace msim::scenario
