// SPDX-License-Identifier: MIT
#pragma once

#include "scenario/MatrixCell.h"

#include <QAbstractTableModel>
#include <QList>

#include <optional>

namespace msim::ui {

// The reproduction matrix as a table (DESIGN.md §1): a row per security (none, starttls, ssl),
// a column per chunk size with fetch_by_chunks on ("chunks on (6144)") and one with it off
// ("chunks off"). A cell shows its verdict on the verdict's colour (ChunkPicture::verdictColour,
// as in report.html), "…" while it runs, and its first finding as a tooltip. The cells come from
// scenario::Matrix; this only lays them out.
class MatrixModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum class CellState { NotRun, Running, Done, Cancelled };

    explicit MatrixModel(QObject *parent = nullptr);

    // Lays out a new matrix (scenario::Matrix's cells, in its order); every cell in `state`.
    void setCells(const QList<scenario::MatrixCell> &cells, CellState state = CellState::NotRun);
    void clear();
    // Cell `index` (in the cells' order) finished with this result.
    void setCellResult(int index, const scenario::MatrixCell &cell);
    // Every cell not done yet: Running (the run started) or Cancelled (it was stopped).
    void setPendingState(CellState state);

    const QList<scenario::MatrixCell> &cells() const { return m_cells; }
    CellState cellState(int index) const { return m_states.value(index, CellState::NotRun); }
    int doneCount() const;

    int cellAt(const QModelIndex &index) const; // -1 when no cell is there
    QModelIndex indexOfCell(int cell) const;

    static QString columnTitle(const std::optional<qint64> &chunkSize); // "chunks on (6144)"
    static QString cellTitle(const scenario::MatrixCell &cell);         // "ssl, chunks on (6144)"
    static QString firstFinding(const scenario::MatrixCell &cell);      // or the error, or ""

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;

private:
    // A cell's column: its chunk size when chunking is on, nullopt for "chunks off".
    static std::optional<qint64> columnKey(const scenario::MatrixCell &cell);

    QList<scenario::MatrixCell> m_cells;
    QList<CellState> m_states;
    QList<net::Security> m_rows;
    QList<std::optional<qint64>> m_columns;
    QList<int> m_grid; // row * columns + column -> cell index, or -1
};

} // namespace msim::ui
