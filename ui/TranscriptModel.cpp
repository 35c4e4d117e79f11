// SPDX-License-Identifier: MIT
#include "ui/TranscriptModel.h"

#include "ui/ColumnHeading.h"
#include "ui/ItemRoles.h"

#include <QFontDatabase>
#include <QGuiApplication>
#include <QPalette>

#include <algorithm>

namespace msim::ui {

using Kind = net::Transcript::Line::Kind;

namespace {

constexpr int kMaxToolTipChars = 4000;

TranscriptModel::Colours coloursFor(const QPalette &palette)
{
    const bool dark = palette.color(QPalette::Base).lightness() < 128;
    if (dark)
        return {QColor(0x93, 0xc5, 0xfd), QColor(0x86, 0xef, 0xac), QColor(0x9c, 0xa3, 0xaf),
                QColor(0xd6, 0xd3, 0xd1), QColor(0xfc, 0xa5, 0xa5), QColor(0xff, 0xff, 0xff),
                QColor(0x99, 0x1b, 0x1b), QColor(0xf9, 0xfa, 0xfb), QColor(0x37, 0x41, 0x51)};
    return {QColor(0x1d, 0x4e, 0xd8), QColor(0x06, 0x5f, 0x46), QColor(0x6b, 0x72, 0x80),
            QColor(0x57, 0x53, 0x4e), QColor(0xb9, 0x1c, 0x1c), QColor(0x7f, 0x1d, 0x1d),
            QColor(0xfe, 0xca, 0xca), QColor(0x11, 0x18, 0x27), QColor(0xe5, 0xe7, 0xeb)};
}

// How the Dir. column shows a line's kind: its mark and the mark's tool tip.
struct Direction
{
    QString mark;
    QString toolTip;
};

Direction direction(int kind)
{
    switch (kind) {
    case int(Kind::Client):
        return {QStringLiteral("C:"), QStringLiteral("Sent by the client (credentials redacted)")};
    case int(Kind::Server):
        return {QStringLiteral("S:"), QStringLiteral("Sent by the server")};
    case int(Kind::Literal):
        return {QStringLiteral("S:"),
                QStringLiteral("A literal's octets from the server, summarised")};
    case int(Kind::Overrun):
        return {QStringLiteral("S!"), QStringLiteral("Octets the server sent after a literal that "
                                                     "do not parse (unframed overrun)")};
    case int(Kind::Note):
        return {QStringLiteral("--"), QStringLiteral("A note by msim, not on the wire")};
    }
    return {QString(), QStringLiteral("A connection of the run")};
}

QString timeText(qint64 msecs)
{
    return QString::number(double(msecs) / 1000.0, 'f', 3);
}

} // namespace

TranscriptModel::TranscriptModel(QObject *parent)
    : QAbstractTableModel(parent)
{
    updateStyle();
}

void TranscriptModel::updateStyle()
{
    m_colours = coloursFor(QGuiApplication::palette());
    m_font = QGuiApplication::font();
    m_bold = m_font;
    m_bold.setBold(true);
    m_italic = m_font;
    m_italic.setItalic(true);
    m_mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    m_monoBold = m_mono;
    m_monoBold.setBold(true);
    m_monoItalic = m_mono;
    m_monoItalic.setItalic(true);
}

bool TranscriptModel::isProblem(const net::Transcript::Line &line)
{
    switch (line.kind) {
    case Kind::Overrun:
        return true;
    case Kind::Literal:
        return false;
    case Kind::Note:
        return line.text.contains(QLatin1String("error"), Qt::CaseInsensitive) ||
               line.text.contains(QLatin1String("fail"), Qt::CaseInsensitive) ||
               line.text.contains(QLatin1String("timeout"), Qt::CaseInsensitive) ||
               line.text.startsWith(QLatin1String("xxxx logout"), Qt::CaseInsensitive);
    case Kind::Client:
        return line.text.startsWith(QLatin1String("xxxx logout"), Qt::CaseInsensitive);
    case Kind::Server: {
        // "* NO ...", "12 BAD ...": the second word of a status line.
        const qsizetype space = line.text.indexOf(QLatin1Char(' '));
        if (space < 0)
            return false;
        const QStringView rest = QStringView(line.text).sliced(space + 1);
        auto word = [&](QLatin1String w) {
            return rest.startsWith(w, Qt::CaseInsensitive) &&
                   (rest.size() == w.size() || rest.at(w.size()) == QLatin1Char(' '));
        };
        return word(QLatin1String("NO")) || word(QLatin1String("BAD"));
    }
    }
    return false;
}

void TranscriptModel::setTranscripts(const QList<net::TranscriptPtr> &transcripts)
{
    beginResetModel();
    m_lines.clear();
    m_visible.clear();
    m_connections = 0;
    m_findings = {}; // they belong to the outcome these transcripts came with
    updateStyle();
    qsizetype total = 0;
    QList<QList<net::Transcript::Line>> all;
    all.reserve(transcripts.size());
    for (const net::TranscriptPtr &t : transcripts) {
        all.append(t ? t->lines(kLiteralPreview) : QList<net::Transcript::Line>());
        total += all.last().size() + 1;
    }
    m_lines.reserve(total);
    for (qsizetype i = 0; i < transcripts.size(); ++i) {
        const int connection = int(i) + 1;
        Row header;
        header.connection = connection;
        header.kind = kHeaderKind;
        header.text = transcripts[i] && !transcripts[i]->label().isEmpty()
                          ? transcripts[i]->label()
                          : QStringLiteral("connection %1").arg(connection);
        m_lines.append(std::move(header));
        for (net::Transcript::Line &l : all[i]) {
            Row row;
            row.msecs = l.msecs;
            row.offset = l.offset;
            row.connection = connection;
            row.kind = int(l.kind);
            row.problem = isProblem(l);
            row.text = std::move(l.text);
            m_lines.append(std::move(row));
        }
    }
    m_connections = int(transcripts.size());
    rebuildVisible();
    endResetModel();
}

void TranscriptModel::clear()
{
    beginResetModel();
    m_lines.clear();
    m_visible.clear();
    m_connections = 0;
    endResetModel();
}

void TranscriptModel::setFilter(Filter mode, const QString &text)
{
    if (mode == m_filter && text == m_filterText)
        return;
    beginResetModel();
    m_filter = mode;
    m_filterText = text;
    rebuildVisible();
    endResetModel();
}

void TranscriptModel::refilter()
{
    beginResetModel();
    rebuildVisible();
    endResetModel();
}

void TranscriptModel::flagChunk(const TranscriptFocus::Chunk &chunk, bool Row::*flag)
{
    int announce = -1;    // the last server line before the literal: the FETCH that announced it
    bool closed = false;  // the first server line after it (the FETCH's closing line) is flagged
    for (int i = 0; i < m_lines.size(); ++i) {
        Row &row = m_lines[i];
        if (row.connection != chunk.connection || row.kind == kHeaderKind ||
            row.kind == int(Kind::Note))
            continue;
        if (row.kind == int(Kind::Client)) {
            if (row.text == chunk.command)
                row.*flag = true;
            continue;
        }
        if (!chunk.tag.isEmpty() && row.text.startsWith(chunk.tag + QLatin1Char(' ')))
            row.*flag = true; // its tagged answer
        if (chunk.begin < 0)
            continue;
        if (row.offset < chunk.begin) {
            if (row.kind == int(Kind::Server))
                announce = i;
        } else if (row.offset < chunk.end) {
            row.*flag = true;
        } else if (!closed) {
            row.*flag = true;
            closed = true;
        }
    }
    if (announce >= 0)
        m_lines[announce].*flag = true;
}

void TranscriptModel::setFindings(const TranscriptFocus &findings)
{
    m_findings = findings;
    for (Row &row : m_lines) {
        row.finding = false;
        row.sizeMarked = false;
        if (findings.sizeText.isEmpty() || row.kind != int(Kind::Server))
            continue;
        // "RFC822.SIZE 19700" as a whole number (not the start of 197001).
        const qsizetype at = row.text.indexOf(findings.sizeText, 0, Qt::CaseInsensitive);
        const qsizetype after = at + findings.sizeText.size();
        if (at >= 0 && (after >= row.text.size() || !row.text.at(after).isDigit()))
            row.finding = row.sizeMarked = true;
    }
    for (const TranscriptFocus::Chunk &c : findings.chunks)
        flagChunk(c, &Row::finding);
    refilter();
}

void TranscriptModel::setChunk(const TranscriptFocus::Chunk &chunk)
{
    for (Row &row : m_lines)
        row.inChunk = false;
    flagChunk(chunk, &Row::inChunk);
    refilter();
}

bool TranscriptModel::isSizeMarked(int row) const
{
    return row >= 0 && row < m_visible.size() && m_lines[m_visible[row]].sizeMarked;
}

bool TranscriptModel::accepts(const Row &row) const
{
    switch (m_filter) {
    case AllLines:
        break;
    case WireOnly:
        if (row.kind == int(Kind::Note))
            return false;
        break;
    case OverrunsAndErrors:
        if (!row.problem)
            return false;
        break;
    case Findings:
        if (!row.finding && !row.problem)
            return false;
        break;
    case ThisChunk:
        if (!row.inChunk)
            return false;
        break;
    }
    return m_filterText.isEmpty() || row.text.contains(m_filterText, Qt::CaseInsensitive);
}

void TranscriptModel::rebuildVisible()
{
    m_visible.clear();
    if (m_filter == AllLines && m_filterText.isEmpty()) {
        m_visible.reserve(m_lines.size());
        for (int i = 0; i < m_lines.size(); ++i)
            m_visible.append(i);
        return;
    }
    // A header row shows when at least one line of its connection does.
    int header = -1;
    for (int i = 0; i < m_lines.size(); ++i) {
        const Row &row = m_lines[i];
        if (row.kind == kHeaderKind) {
            header = i;
            continue;
        }
        if (!accepts(row))
            continue;
        if (header >= 0) {
            m_visible.append(header);
            header = -1;
        }
        m_visible.append(i);
    }
}

int TranscriptModel::rowForStreamOffset(int connection, qint64 offset) const
{
    int best = -1;
    for (int r = 0; r < m_visible.size(); ++r) {
        const Row &row = m_lines[m_visible[r]];
        if (row.connection < connection)
            continue;
        if (row.connection > connection)
            break;
        if (row.kind != int(Kind::Server) && row.kind != int(Kind::Literal) &&
            row.kind != int(Kind::Overrun))
            continue;
        if (row.offset > offset)
            break;
        best = r;
    }
    return best;
}

int TranscriptModel::lineOfRow(int row) const
{
    return row >= 0 && row < m_visible.size() ? m_visible[row] : -1;
}

int TranscriptModel::rowOfLine(int line) const
{
    if (line < 0)
        return -1;
    const auto it = std::lower_bound(m_visible.cbegin(), m_visible.cend(), line);
    if (it == m_visible.cend())
        return m_visible.isEmpty() ? -1 : int(m_visible.size()) - 1;
    return int(it - m_visible.cbegin());
}

void TranscriptModel::refreshStyle()
{
    updateStyle();
    if (!m_visible.isEmpty())
        Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, kColumnCount - 1),
                           {Qt::FontRole, Qt::ForegroundRole, Qt::BackgroundRole});
}

QString TranscriptModel::fullText(int row) const
{
    if (row < 0 || row >= m_visible.size())
        return {};
    return m_lines[m_visible[row]].text;
}

QString TranscriptModel::rowAsText(int row) const
{
    if (row < 0 || row >= m_visible.size())
        return {};
    const Row &r = m_lines[m_visible[row]];
    if (r.kind == kHeaderKind)
        return QStringLiteral("=== %1 ===").arg(r.text);
    const QString where = r.kind == int(Kind::Note) ? QString(9, QLatin1Char(' '))
                                                    : QStringLiteral("@%1").arg(r.offset, -8);
    return QStringLiteral("%1 %2 %3 %4")
        .arg(double(r.msecs) / 1000.0, 9, 'f', 3)
        .arg(direction(r.kind).mark, where, r.text);
}

int TranscriptModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_visible.size());
}

int TranscriptModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : kColumnCount;
}

QVariant TranscriptModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &row = m_lines[m_visible[index.row()]];
    const bool header = row.kind == kHeaderKind;
    const int column = index.column();
    switch (role) {
    case Qt::DisplayRole:
        switch (column) {
        case TimeColumn:
            return header ? QString() : timeText(row.msecs);
        case ConnectionColumn:
            return QString::number(row.connection);
        case DirectionColumn:
            return header ? QString() : direction(row.kind).mark;
        case OffsetColumn:
            return header || row.kind == int(Kind::Note) ? QString() : QString::number(row.offset);
        case TextColumn: {
            QString text = row.text;
            if (row.sizeMarked) // the value that is not the message's size, marked
                text.replace(m_findings.sizeText,
                             m_findings.sizeText.section(QLatin1Char(' '), 0, 0) +
                                 QStringLiteral(" »%1«").arg(m_findings.sizeText.section(QLatin1Char(' '), 1)),
                             Qt::CaseInsensitive);
            if (text.size() > kMaxShownChars)
                return QString(text.left(kMaxShownChars) +
                               QStringLiteral(" … (%1 more characters)")
                                   .arg(text.size() - kMaxShownChars));
            return text;
        }
        }
        return {};
    case Qt::ToolTipRole:
        switch (column) {
        case DirectionColumn:
            return header ? QVariant() : QVariant(direction(row.kind).toolTip);
        case OffsetColumn:
            if (header || row.kind == int(Kind::Note))
                return {};
            return row.kind == int(Kind::Client) ? QStringLiteral("Offset in the client's stream")
                                                 : QStringLiteral("Offset in the server's stream");
        case TextColumn:
            if (row.sizeMarked)
                return QStringLiteral("%1 is not this message's size: the server holds %2 octets")
                    .arg(m_findings.sizeText)
                    .arg(m_findings.held);
            if (row.text.size() > 100)
                return row.text.left(kMaxToolTipChars);
            return {};
        }
        return {};
    case Qt::FontRole:
        if (header)
            return m_bold;
        if (row.kind == int(Kind::Overrun))
            return column == TextColumn ? m_monoBold : m_bold;
        if (row.kind == int(Kind::Note))
            return column == TextColumn ? m_monoItalic : m_italic;
        return column == TextColumn ? m_mono : m_font;
    case Qt::ForegroundRole: {
        const Colours &c = m_colours;
        if (header)
            return c.headerText;
        switch (row.kind) {
        case int(Kind::Overrun):
            return c.overrunText;
        case int(Kind::Literal):
            return c.literal;
        case int(Kind::Note):
            return row.problem ? c.problem : c.note;
        case int(Kind::Client):
            return row.problem ? c.problem : c.client;
        case int(Kind::Server):
            return row.problem ? c.problem : c.server;
        }
        return {};
    }
    case Qt::BackgroundRole:
        if (header)
            return m_colours.headerBackground;
        if (row.kind == int(Kind::Overrun) || row.sizeMarked)
            return m_colours.overrunBackground;
        return {};
    case Qt::TextAlignmentRole:
        if (column == TimeColumn || column == OffsetColumn || column == ConnectionColumn)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        return int(Qt::AlignLeft | Qt::AlignVCenter);
    case LineKindRole:
        return row.kind;
    case OffsetRole:
        if (header || row.kind == int(Kind::Note))
            return {};
        return row.offset;
    case ConnectionRole:
        return row.connection;
    }
    return {};
}

QVariant TranscriptModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    static constexpr ColumnHeading kHeadings[] = {
        {"Time (s)", "Seconds since the connection began"},
        {"Conn.", "Which connection of the run"},
        {"Dir.", "C: client, S: server, S! overrun octets, -- note by msim"},
        {"Offset", "Octet offset of the line in its direction's stream"},
        {"Text", "What went over the wire (credentials redacted, literals summarised)"},
    };
    static_assert(std::size(kHeadings) == TextColumn + 1);
    if (orientation != Qt::Horizontal)
        return QAbstractTableModel::headerData(section, orientation, role);
    return ColumnHeading::headerData(kHeadings, staticMetaObject.className(), section, role);
}

} // namespace msim::ui
