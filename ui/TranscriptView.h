// SPDX-License-Identifier: MIT
#pragma once

#include "net/Transcript.h"
#include "ui/TranscriptFocus.h"

#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QTableView;
class QToolButton;

namespace msim::ui {

class TranscriptModel;

// The transcript dock (DESIGN.md §1): every connection's wire log, redacted, with overrun
// octets highlighted; a filter (all lines / client and server / overruns and errors / the lines
// findings point at / the lines of the chunk chosen in the chunk picture, plus a
// text filter) and a case-insensitive search that selects and scrolls to matching lines.
// Shows only what net::Transcript::lines() renders: no other data source, so no password.
class TranscriptView : public QWidget
{
    Q_OBJECT
public:
    explicit TranscriptView(QWidget *parent = nullptr);

    void setTranscripts(const QList<net::TranscriptPtr> &transcripts);
    // The "Findings" and "This chunk" filters' lines (TranscriptModel::setFindings, setChunk).
    void setFindings(const TranscriptFocus &findings);
    void setChunk(const TranscriptFocus::Chunk &chunk);
    void clear();
    TranscriptModel *model() const { return m_model; }
    QTableView *table() const { return m_table; }

    // Selects and scrolls to the next (or previous) visible row whose text contains `text`
    // (case-insensitive), starting after the current row and wrapping around. Returns the row,
    // or -1 (and shows "no match") when there is none.
    int findNext(const QString &text, bool backwards = false);
    // mode: a TranscriptModel::Filter value (the combo box's index).
    void setFilter(int mode, const QString &text);
    // Selects and scrolls to the server line of `connection` (1-based) holding stream offset
    // `offset`, e.g. a chunk's fetch::ChunkRecord::literalStreamOffset. false if none is shown.
    bool showStreamOffset(int connection, qint64 offset);

    // The "no match" hint beside the search box ("" when hidden).
    QString searchHint() const;

Q_SIGNALS:
    void message(const QString &text); // for the status bar

protected:
    void changeEvent(QEvent *event) override;

private:
    void applyFilterFromControls();
    void selectRow(int row);
    void copySelection() const;
    void updateMetrics();

    TranscriptModel *m_model = nullptr;
    QComboBox *m_filterMode = nullptr;
    QLineEdit *m_filterText = nullptr;
    QLineEdit *m_findText = nullptr;
    QToolButton *m_findPrevious = nullptr;
    QToolButton *m_findNext = nullptr;
    QLabel *m_hint = nullptr;
    QTableView *m_table = nullptr;
};

} // namespace msim::ui
