// SPDX-License-Identifier: MIT
#include "net/TranscriptTextReader.h"

#include "net/Printable.h"

#include <QRegularExpression>

namespace msim::net {

namespace {

using Kind = Transcript::Line::Kind;

// Reads the decimal digits at `pos`, at most `max` of them; -1 if there are none or too many.
qint64 digits(QStringView s, qsizetype &pos, int max)
{
    const qsizetype begin = pos;
    qint64 v = 0;
    while (pos < s.size() && s[pos].isDigit() && s[pos].unicode() < 128) {
        if (pos - begin >= max)
            return -1;
        v = v * 10 + (s[pos].unicode() - '0');
        ++pos;
    }
    return pos == begin ? -1 : v;
}

bool literalSummary(QStringView text)
{
    static const QRegularExpression re(QStringLiteral("^\\[literal: \\d+ octets\\]"));
    return re.match(text).hasMatch();
}

QString quoted(QStringView raw)
{
    QString s = printable::text(raw.left(TranscriptTextReader::kQuotedChars));
    if (raw.size() > TranscriptTextReader::kQuotedChars)
        s += QStringLiteral("…");
    return QLatin1Char('"') + s + QLatin1Char('"');
}

} // namespace

bool TranscriptTextReader::parseLine(QStringView s, Transcript::Line &line)
{
    // "%9.3f %prefix %where %text": the seconds right-aligned in 9, "@offset" left-aligned in 9
    // (9 spaces for a note), one space between the fields; the text may be empty.
    qsizetype pos = 0;
    while (pos < s.size() && s[pos] == u' ')
        ++pos;
    const qint64 whole = digits(s, pos, 12);
    if (whole < 0 || pos >= s.size() || s[pos] != u'.')
        return false;
    ++pos;
    const qsizetype fracBegin = pos;
    const qint64 frac = digits(s, pos, 3);
    if (frac < 0 || pos - fracBegin != 3 || pos + 4 > s.size() || s[pos] != u' ' ||
        s[pos + 3] != u' ')
        return false;
    const auto kind = kLinePrefixes.parse(s.sliced(pos + 1, 2));
    if (!kind)
        return false;
    pos += 4;
    qint64 offset = 0;
    constexpr qsizetype kWhere = 9; // "@" and 8 columns, or 9 spaces
    if (*kind == Kind::Note) {
        if (s.sliced(pos).left(kWhere) != QString(kWhere, u' '))
            return false;
        pos += kWhere;
    } else {
        if (pos >= s.size() || s[pos] != u'@')
            return false;
        const qsizetype at = pos++;
        offset = digits(s, pos, 18);
        if (offset < 0)
            return false;
        while (pos - at < kWhere) {
            if (pos >= s.size() || s[pos] != u' ')
                return false;
            ++pos;
        }
    }
    if (pos >= s.size() || s[pos] != u' ')
        return false;
    line.msecs = whole * 1000 + frac;
    line.offset = offset;
    line.text = printable::text(s.sliced(pos + 1));
    line.kind = *kind == Kind::Server && literalSummary(line.text) ? Kind::Literal : *kind;
    return true;
}

TranscriptTextReader::Result TranscriptTextReader::read(QByteArrayView bytes)
{
    Result r;
    const QString text = QString::fromUtf8(bytes);
    QString label;
    QList<Transcript::Line> lines;
    bool open = false; // a block has begun (a label or a line)
    auto close = [&] {
        if (open)
            r.transcripts << Transcript::restored(label, lines);
        label.clear();
        lines.clear();
        open = false;
    };
    auto fail = [&](qsizetype n, const QString &why) {
        close(); // the lines before it are kept
        r.error = why;
        r.line = n;
        return r;
    };
    qsizetype n = 0;
    for (QStringView raw : QStringView(text).split(u'\n')) {
        ++n;
        if (n > kMaxLines)
            return fail(n, QStringLiteral("more than %1 lines").arg(kMaxLines));
        if (raw.size() > kMaxLineChars)
            return fail(n, QStringLiteral("a line of more than %1 characters").arg(kMaxLineChars));
        if (raw.endsWith(u'\r'))
            raw.chop(1);
        if (raw.isEmpty()) {
            close();
            continue;
        }
        // A header holds a label: "===  ===" would be a connection that renders as nothing.
        if (!open && raw.startsWith(u"=== ") && raw.endsWith(u" ===") && raw.size() > 8) {
            if (r.transcripts.size() >= kMaxTranscripts)
                return fail(n, QStringLiteral("more than %1 connections").arg(kMaxTranscripts));
            label = printable::text(raw.sliced(4, raw.size() - 8));
            open = true;
            continue;
        }
        Transcript::Line line;
        if (!parseLine(raw, line))
            return fail(n, QStringLiteral("not a transcript line: %1").arg(quoted(raw)));
        if (!open && r.transcripts.size() >= kMaxTranscripts)
            return fail(n, QStringLiteral("more than %1 connections").arg(kMaxTranscripts));
        open = true;
        lines << line;
    }
    close();
    return r;
}

} // namespace msim::net
