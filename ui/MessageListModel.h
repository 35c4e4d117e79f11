// SPDX-License-Identifier: MIT
#pragma once

#include "fetch/MailboxLoader.h"

#include <QAbstractTableModel>
#include <QHash>

namespace msim::ui {

// The message list of the selected folder (a QAbstractTableModel): status icon for the last
// verdict, subject, from, date, size. Rows arrive in batches from MailboxLoader; sorting is done
// here on plain keys so 100 000 rows sort in well under a second.
class MessageListModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { StatusColumn, SubjectColumn, FromColumn, DateColumn, SizeColumn, ColumnCount };

    explicit MessageListModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QVariant headerData(int section, Qt::Orientation o, int role) const override;
    void sort(int column, Qt::SortOrder order) override;

    void clear();
    void append(const QList<fetch::MessageSummary> &rows);
    void setVerdict(quint32 uid, const QString &verdict);

    int rowOfUid(quint32 uid) const;
    const fetch::MessageSummary &summary(int row) const { return m_rows[row].summary; }
    QString verdict(int row) const { return m_rows[row].verdict; }

private:
    struct Row
    {
        fetch::MessageSummary summary;
        QString verdict;
    };
    void reindex();
    // The plain key a column sorts by (SortRole): verdict, subject, from, date, size.
    static QVariant sortKey(const Row &r, int column);

    QList<Row> m_rows;
    QHash<quint32, int> m_rowOfUid;
    int m_sortColumn = -1;
    Qt::SortOrder m_sortOrder = Qt::AscendingOrder;
};

} // namespace msim::ui
