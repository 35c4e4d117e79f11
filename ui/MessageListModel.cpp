// SPDX-License-Identifier: MIT
#include "ui/MessageListModel.h"

#include "scenario/ChunkPicture.h"
#include "ui/ColumnHeading.h"
#include "ui/ItemRoles.h"

#include <QColor>
#include <QFont>
#include <QIcon>
#include <QLocale>
#include <QPainter>
#include <QPixmap>

#include <algorithm>

namespace msim::ui {

namespace {

QIcon verdictIcon(const QString &verdict)
{
    static QHash<QString, QIcon> cache;
    if (verdict.isEmpty())
        return {};
    auto it = cache.find(verdict);
    if (it != cache.end())
        return *it;
    QPixmap pm(14, 14);
    pm.fill(Qt::transparent);
    QPainter p(&pm);
    p.setRenderHint(QPainter::Antialiasing);
    p.setBrush(QColor(scenario::ChunkPicture::verdictColour(verdict)));
    p.setPen(Qt::NoPen);
    p.drawEllipse(1, 1, 12, 12);
    p.end();
    return *cache.insert(verdict, QIcon(pm));
}

QString humanSize(qint64 n)
{
    if (n < 0)
        return {};
    if (n < 10 * 1024)
        return QStringLiteral("%1 B").arg(n);
    if (n < 10 * 1024 * 1024)
        return QStringLiteral("%1 KB").arg((n + 512) / 1024);
    return QStringLiteral("%1 MB").arg((n + 512 * 1024) / (1024 * 1024));
}

} // namespace

QVariant MessageListModel::sortKey(const Row &r, int column)
{
    const fetch::MessageSummary &m = r.summary;
    const QVariant keys[ColumnCount] = {r.verdict, m.subject, m.from, m.date, m.size};
    return column >= 0 && column < ColumnCount ? keys[column] : QVariant();
}

MessageListModel::MessageListModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

int MessageListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int MessageListModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant MessageListModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows.size())
        return {};
    const Row &r = m_rows[index.row()];
    const fetch::MessageSummary &m = r.summary;
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case StatusColumn:
            return r.verdict;
        case SubjectColumn:
            return m.subject.isEmpty() ? tr("(no subject)") : m.subject;
        case FromColumn:
            return m.from;
        case DateColumn:
            // ISO order: unambiguous in a ticket, and narrow.
            return m.date.isValid() ? m.date.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm"))
                                    : QString();
        case SizeColumn:
            return humanSize(m.size);
        }
        break;
    case Qt::DecorationRole:
        if (index.column() == StatusColumn)
            return verdictIcon(r.verdict);
        break;
    case Qt::ToolTipRole:
        if (index.column() == StatusColumn)
            return r.verdict.isEmpty() ? tr("not fetched yet") : tr("last fetch: %1").arg(r.verdict);
        if (index.column() == SizeColumn)
            return tr("%1 octets (RFC822.SIZE)").arg(m.size);
        return index.column() == SubjectColumn ? m.subject : QVariant();
    case Qt::TextAlignmentRole:
        if (index.column() == SizeColumn)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        break;
    case Qt::FontRole:
        if (!m.flags.contains("\\Seen")) {
            QFont f;
            f.setBold(true);
            return f;
        }
        break;
    case SortRole:
        return sortKey(r, index.column());
    case UidRole:
        return m.uid;
    case VerdictRole:
        return r.verdict;
    case SizeRole:
        return m.size;
    default:
        break;
    }
    return {};
}

QVariant MessageListModel::headerData(int section, Qt::Orientation o, int role) const
{
    static constexpr ColumnHeading kHeadings[] = {
        {"Status"}, {"Subject"}, {"From"}, {"Date"}, {"Size"}};
    static_assert(std::size(kHeadings) == ColumnCount);
    if (o != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, o, role);
    return ColumnHeading::headerData(kHeadings, staticMetaObject.className(), section, role);
}

void MessageListModel::clear()
{
    beginResetModel();
    m_rows.clear();
    m_rowOfUid.clear();
    endResetModel();
}

void MessageListModel::append(const QList<fetch::MessageSummary> &rows)
{
    if (rows.isEmpty())
        return;
    const int first = int(m_rows.size());
    beginInsertRows({}, first, first + int(rows.size()) - 1);
    // No exact reserve here: batches keep coming, and geometric growth keeps appends linear.
    for (const auto &s : rows) {
        m_rowOfUid.insert(s.uid, int(m_rows.size()));
        m_rows.append({s, {}});
    }
    endInsertRows();
}

void MessageListModel::setVerdict(quint32 uid, const QString &verdict)
{
    const int row = rowOfUid(uid);
    if (row < 0)
        return;
    m_rows[row].verdict = verdict;
    Q_EMIT dataChanged(index(row, StatusColumn), index(row, StatusColumn));
}

int MessageListModel::rowOfUid(quint32 uid) const
{
    return m_rowOfUid.value(uid, -1);
}

void MessageListModel::reindex()
{
    m_rowOfUid.clear();
    m_rowOfUid.reserve(m_rows.size());
    for (int i = 0; i < m_rows.size(); ++i)
        m_rowOfUid.insert(m_rows[i].summary.uid, i);
}

void MessageListModel::sort(int column, Qt::SortOrder order)
{
    if (column < 0 || column >= ColumnCount)
        return;
    m_sortColumn = column;
    m_sortOrder = order;
    Q_EMIT layoutAboutToBeChanged({}, QAbstractItemModel::VerticalSortHint);
    const QModelIndexList before = persistentIndexList();
    QList<quint32> uids;
    uids.reserve(before.size());
    for (const QModelIndex &i : before)
        uids << m_rows[i.row()].summary.uid;
    auto less = [column](const Row &a, const Row &b) {
        const auto &x = a.summary;
        const auto &y = b.summary;
        switch (column) {
        case StatusColumn:
            return a.verdict < b.verdict;
        case SubjectColumn:
            return QString::compare(x.subject, y.subject, Qt::CaseInsensitive) < 0;
        case FromColumn:
            return QString::compare(x.from, y.from, Qt::CaseInsensitive) < 0;
        case DateColumn:
            return x.date < y.date;
        case SizeColumn:
            return x.size < y.size;
        }
        return x.uid < y.uid;
    };
    if (order == Qt::AscendingOrder)
        std::stable_sort(m_rows.begin(), m_rows.end(), less);
    else
        std::stable_sort(m_rows.begin(), m_rows.end(),
                         [&less](const Row &a, const Row &b) { return less(b, a); });
    reindex();
    QModelIndexList after;
    after.reserve(before.size());
    for (int i = 0; i < before.size(); ++i)
        after << index(rowOfUid(uids[i]), before[i].column());
    changePersistentIndexList(before, after);
    Q_EMIT layoutChanged({}, QAbstractItemModel::VerticalSortHint);
}

} // namespace msim::ui
