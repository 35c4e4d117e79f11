// SPDX-License-Identifier: MIT
#pragma once

#include "net/Transcript.h"
#include "ui/TranscriptFocus.h"

#include <QAbstractTableModel>
#include <QColor>
#include <QFont>
#include <QList>

namespace msim::ui {

// The transcript dock's table (DESIGN.md §1 "the transcript line that did it"): every line of
// every connection's net::Transcript, in order, with a header row per connection (its label).
// The text comes only from Transcript::lines(), so credentials arrive already redacted. Kept flat
// (one small struct per line, a list of visible row numbers) so that a 100 000-line transcript
// filters and scrolls without freezing the window. Filtering is done here rather than in a proxy
// so that it stays one pass over the lines.
class TranscriptModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { TimeColumn, ConnectionColumn, DirectionColumn, OffsetColumn, TextColumn };
    static constexpr int kColumnCount = 5;

    // What setFilter() keeps (the order of the view's combo box).
    enum Filter {
        AllLines = 0,          // everything, notes included
        WireOnly = 1,          // client and server lines (literals and overruns too), no notes
        OverrunsAndErrors = 2, // overrun octets and the lines that report a failure
        Findings = 3,          // every line a finding points at (setFindings), failures included
        ThisChunk = 4,         // the lines of the chunk chosen last (setChunk)
    };
    static constexpr int kFilterCount = 5;

    // LineKindRole of a connection's header row (the others are net::Transcript::Line::Kind).
    static constexpr int kHeaderKind = -1;
    // Octets of each literal shown after its "[literal: N octets]" summary.
    static constexpr int kLiteralPreview = 32;
    // Characters of one line shown in the table (the tooltip and copy have more).
    static constexpr int kMaxShownChars = 1000;

    explicit TranscriptModel(QObject *parent = nullptr);

    void setTranscripts(const QList<net::TranscriptPtr> &transcripts);
    void clear();
    void setFilter(Filter mode, const QString &text = {});
    // What the Findings filter keeps, and the RFC822.SIZE to mark in every line that carries
    // it (shown as "RFC822.SIZE »N«", with a tool tip); cleared by setTranscripts().
    void setFindings(const TranscriptFocus &findings);
    // What the This chunk filter keeps; cleared by setTranscripts().
    void setChunk(const TranscriptFocus::Chunk &chunk);
    // Whether visible `row` carries the RFC822.SIZE that is not the message's size.
    bool isSizeMarked(int row) const;
    Filter filterMode() const { return m_filter; }
    QString filterText() const { return m_filterText; }

    int lineCount() const { return int(m_lines.size()); } // every row, filtered or not
    int connectionCount() const { return m_connections; }

    // The row (among the visible ones) of the server line of `connection` (1-based, as in
    // fetch::ChunkRecord::connection) that holds stream offset `offset`; -1 if none is visible.
    int rowForStreamOffset(int connection, qint64 offset) const;
    // Rows and the lines behind them (indices over every row, headers included), to keep the
    // current line across a filter change. rowOfLine: the first visible row at or after `line`.
    int lineOfRow(int row) const;
    int rowOfLine(int line) const;
    // Re-reads the application's font and palette (after a theme change).
    void refreshStyle();

    // The full text of a row (not cut at kMaxShownChars); the label for a header row.
    QString fullText(int row) const;
    // A row as transcript.txt prints it: "   1.234 S: @6144     text".
    QString rowAsText(int row) const;

    // Whether a line belongs to "overrun and errors only": overrun octets, tagged or untagged
    // BAD/NO answers, the emergency "xxxx logout", and notes that report an error, a failure or
    // a timeout. A display filter on the text, not an analysis.
    static bool isProblem(const net::Transcript::Line &line);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
public:
    // The colours of the line kinds, legible on the palette's base colour (light or dark).
    struct Colours
    {
        QColor client;
        QColor server;
        QColor literal;
        QColor note;
        QColor problem;
        QColor overrunText;
        QColor overrunBackground;
        QColor headerText;
        QColor headerBackground;
    };

private:
    struct Row
    {
        qint64 msecs = 0;
        qint64 offset = 0;
        int connection = 0; // 1-based
        int kind = kHeaderKind;
        bool problem = false;
        bool finding = false;  // a line a finding points at
        bool inChunk = false;  // a line of the chunk chosen last
        bool sizeMarked = false; // carries m_findings.sizeText
        QString text;
    };

    bool accepts(const Row &row) const;
    void flagChunk(const TranscriptFocus::Chunk &chunk, bool Row::*flag);
    void refilter(); // rebuildVisible() in a model reset
    void rebuildVisible();
    void updateStyle(); // fonts and colours from the application's font and palette

    QList<Row> m_lines;   // every row, headers included
    QList<int> m_visible; // indices into m_lines of the rows shown
    int m_connections = 0;
    Filter m_filter = AllLines;
    QString m_filterText;
    TranscriptFocus m_findings;
    Colours m_colours;
    QFont m_font;
    QFont m_bold;
    QFont m_italic;
    QFont m_mono;
    QFont m_monoBold;
    QFont m_monoItalic;
};

} // namespace msim::ui
