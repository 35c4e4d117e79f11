// SPDX-License-Identifier: MIT
#include "ui/MatrixModel.h"

#include "scenario/ChunkPicture.h"
#include "ui/ItemRoles.h"

#include <QBrush>
#include <QColor>
#include <QFont>

namespace msim::ui {

MatrixModel::MatrixModel(QObject *parent)
    : QAbstractTableModel(parent)
{}

std::optional<qint64> MatrixModel::columnKey(const scenario::MatrixCell &cell)
{
    return cell.fetchByChunks ? std::optional<qint64>(cell.chunkSize.value_or(0)) : std::nullopt;
}

QString MatrixModel::columnTitle(const std::optional<qint64> &chunkSize)
{
    return chunkSize ? tr("chunks on (%1)").arg(*chunkSize) : tr("chunks off");
}

QString MatrixModel::cellTitle(const scenario::MatrixCell &cell)
{
    return net::securityName(cell.security) + QStringLiteral(", ") + columnTitle(columnKey(cell));
}

QString MatrixModel::firstFinding(const scenario::MatrixCell &cell)
{
    for (const fetch::MessageOutcome &m : cell.result.messages) {
        if (!m.findings.isEmpty())
            return m.findings.first();
        if (!m.error.isEmpty())
            return m.error;
    }
    return cell.result.error.value_or(QString());
}

void MatrixModel::setCells(const QList<scenario::MatrixCell> &cells, CellState state)
{
    beginResetModel();
    m_cells = cells;
    m_states = QList<CellState>(cells.size(), state);
    m_rows.clear();
    m_columns.clear();
    for (const scenario::MatrixCell &c : cells) {
        if (!m_rows.contains(c.security))
            m_rows << c.security;
        if (!m_columns.contains(columnKey(c)))
            m_columns << columnKey(c);
    }
    // "chunks off" last, whatever order the cells came in.
    if (const qsizetype off = m_columns.indexOf(std::nullopt); off >= 0) {
        m_columns.removeAt(off);
        m_columns << std::nullopt;
    }
    m_grid = QList<int>(m_rows.size() * m_columns.size(), -1);
    for (int i = 0; i < cells.size(); ++i)
        m_grid[m_rows.indexOf(cells[i].security) * m_columns.size() +
               m_columns.indexOf(columnKey(cells[i]))] = i;
    endResetModel();
}

void MatrixModel::clear()
{
    setCells({});
}

void MatrixModel::setCellResult(int index, const scenario::MatrixCell &cell)
{
    if (index < 0 || index >= m_cells.size())
        return;
    m_cells[index] = cell;
    m_states[index] = CellState::Done;
    const QModelIndex at = indexOfCell(index);
    Q_EMIT dataChanged(at, at);
}

void MatrixModel::setPendingState(CellState state)
{
    for (int i = 0; i < m_cells.size(); ++i) {
        if (m_states[i] == CellState::Done || m_states[i] == state)
            continue;
        m_states[i] = state;
        const QModelIndex at = indexOfCell(i);
        Q_EMIT dataChanged(at, at);
    }
}

int MatrixModel::doneCount() const
{
    return int(m_states.count(CellState::Done));
}

int MatrixModel::cellAt(const QModelIndex &index) const
{
    if (!index.isValid() || index.model() != this || index.parent().isValid() ||
        index.row() >= m_rows.size() || index.column() >= m_columns.size())
        return -1;
    return m_grid.value(index.row() * m_columns.size() + index.column(), -1);
}

QModelIndex MatrixModel::indexOfCell(int cell) const
{
    const qsizetype at = m_grid.indexOf(cell);
    if (cell < 0 || at < 0)
        return {};
    return index(int(at / m_columns.size()), int(at % m_columns.size()));
}

int MatrixModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int MatrixModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_columns.size());
}

QVariant MatrixModel::data(const QModelIndex &index, int role) const
{
    const int i = cellAt(index);
    if (i < 0)
        return {};
    const scenario::MatrixCell &cell = m_cells[i];
    const CellState state = m_states[i];
    const QString verdict = state == CellState::Done ? cell.verdict() : QString();
    switch (role) {
    case Qt::DisplayRole:
        switch (state) {
        case CellState::NotRun:
            return QString();
        case CellState::Running:
            return QStringLiteral("…");
        case CellState::Cancelled:
            return tr("cancelled");
        case CellState::Done:
            return verdict;
        }
        return {};
    case Qt::ToolTipRole: {
        const QString where = cellTitle(cell);
        switch (state) {
        case CellState::NotRun:
            return tr("%1: not run yet").arg(where);
        case CellState::Running:
            return tr("%1: running").arg(where);
        case CellState::Cancelled:
            return tr("%1: cancelled before it finished").arg(where);
        case CellState::Done: {
            const QString finding = firstFinding(cell);
            return finding.isEmpty() ? tr("%1: %2, no findings").arg(where, verdict) : finding;
        }
        }
        return {};
    }
    case Qt::BackgroundRole:
        if (state == CellState::Done)
            return QBrush(QColor(scenario::ChunkPicture::verdictColour(verdict)));
        return {};
    case Qt::ForegroundRole:
        // Every verdict colour is dark: white text reads on each of them.
        if (state == CellState::Done)
            return QBrush(Qt::white);
        return {};
    case Qt::FontRole:
        if (state == CellState::Done) {
            QFont bold;
            bold.setBold(true);
            return bold;
        }
        return {};
    case Qt::TextAlignmentRole:
        return int(Qt::AlignCenter);
    case VerdictRole:
        return verdict;
    case CellRole:
        return i;
    default:
        return {};
    }
}

QVariant MatrixModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (role != Qt::DisplayRole && role != Qt::ToolTipRole)
        return {};
    if (orientation == Qt::Horizontal) {
        if (section < 0 || section >= m_columns.size())
            return {};
        const std::optional<qint64> &col = m_columns[section];
        if (role == Qt::ToolTipRole)
            return col ? tr("fetch_by_chunks on, chunks of %1 octets").arg(*col)
                       : tr("fetch_by_chunks off: the whole message at once");
        return columnTitle(col);
    }
    if (section < 0 || section >= m_rows.size())
        return {};
    if (role == Qt::ToolTipRole) {
        switch (m_rows[section]) {
        case net::Security::None:
            return tr("Plain text on the IMAP port");
        case net::Security::StartTls:
            return tr("STARTTLS on the IMAP port (RFC 3501 §6.2.1): msim's addition; Messenger "
                      "4.5 had no STARTTLS");
        case net::Security::Ssl:
            return tr("Implicit TLS on its own port: Messenger 4.5's \"SSL\" setting");
        }
        return {};
    }
    return net::securityName(m_rows[section]);
}

Qt::ItemFlags MatrixModel::flags(const QModelIndex &index) const
{
    if (cellAt(index) < 0)
        return Qt::NoItemFlags;
    return Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemNeverHasChildren;
}

} // namespace msim::ui
