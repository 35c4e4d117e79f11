// SPDX-License-Identifier: MIT
#include "ui/MessageListView.h"

#include "ui/ItemRoles.h"
#include "ui/MessageListModel.h"

#include <QHeaderView>

namespace msim::ui {

MessageListView::MessageListView(MessageListModel *model, QWidget *parent)
    : QTableView(parent)
    , m_model(model)
{
    setModel(model);
    setSelectionBehavior(QAbstractItemView::SelectRows);
    setSelectionMode(QAbstractItemView::SingleSelection);
    setSortingEnabled(true);
    horizontalHeader()->setSortIndicator(-1, Qt::AscendingOrder);
    verticalHeader()->setVisible(false);
    verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 6);
    horizontalHeader()->setStretchLastSection(false);
    horizontalHeader()->setSectionResizeMode(MessageListModel::SubjectColumn, QHeaderView::Stretch);
    setColumnWidth(MessageListModel::StatusColumn, 110);
    setColumnWidth(MessageListModel::FromColumn, 260);
    setColumnWidth(MessageListModel::DateColumn, 150);
    setColumnWidth(MessageListModel::SizeColumn, 80);
    setAlternatingRowColors(true);
    setWordWrap(false);
    connect(this, &QTableView::activated, this,
            [this](const QModelIndex &i) { Q_EMIT messageActivated(i.data(UidRole).toUInt()); });
    connect(this, &QTableView::clicked, this,
            [this](const QModelIndex &i) { Q_EMIT messageClicked(i.data(UidRole).toUInt()); });
}

void MessageListView::showUid(quint32 uid)
{
    const int row = m_model->rowOfUid(uid);
    if (row < 0)
        return;
    const QSignalBlocker block(selectionModel());
    selectRow(row);
    scrollTo(m_model->index(row, 0), QAbstractItemView::PositionAtCenter);
}

} // namespace msim::ui
