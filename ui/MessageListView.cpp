// SPDX-License-Identifier: MIT
#include "ui/MessageListView.h"

#include "ui/ItemRoles.h"
#include "ui/MessageListModel.h"

#include <QHeaderView>
#include <QResizeEvent>

namespace msim::ui {

MessageListView::MessageListView(MessageListModel *model, QWidget *parent)
    : QTableView(parent)
    , m_model(model)
{
    setModel(model);
    setSelectionBehavior(QAbstractItemView::SelectRows);
    setSelectionMode(QAbstractItemView::SingleSelection);
    setTabKeyNavigation(false); // Tab goes on to the message, not to the next cell
    setSortingEnabled(true);
    horizontalHeader()->setSortIndicator(-1, Qt::AscendingOrder);
    verticalHeader()->setVisible(false);
    verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 6);
    horizontalHeader()->setStretchLastSection(false);
    horizontalHeader()->setSectionResizeMode(MessageListModel::SubjectColumn, QHeaderView::Stretch);
    horizontalHeader()->setMinimumSectionSize(fontMetrics().horizontalAdvance(QLatin1Char('M')) * 4);
    // As wide as their usual longest text, in this font (icons and padding included).
    const QFontMetrics fm = fontMetrics();
    const int pad = fm.horizontalAdvance(QLatin1Char('M')) * 2;
    setColumnWidth(MessageListModel::StatusColumn, fm.horizontalAdvance(QStringLiteral("duplicated")) + pad + 16);
    setColumnWidth(MessageListModel::DateColumn, fm.horizontalAdvance(QStringLiteral("2026-11-30 23:59")) + pad);
    setColumnWidth(MessageListModel::SizeColumn, fm.horizontalAdvance(QStringLiteral("5120 KB")) + pad);
    fitColumns();
    setAlternatingRowColors(true);
    setWordWrap(false);
    connect(horizontalHeader(), &QHeaderView::sectionResized, this, [this](int section) {
        if (section == MessageListModel::FromColumn && !m_fitting)
            m_fromSizedByUser = true;
    });
    connect(this, &QTableView::activated, this,
            [this](const QModelIndex &i) { Q_EMIT messageActivated(i.data(UidRole).toUInt()); });
    connect(selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex &current) {
                if (current.isValid())
                    Q_EMIT messageSelected(current.data(UidRole).toUInt());
            });
}

void MessageListView::showUid(quint32 uid)
{
    const int row = m_model->rowOfUid(uid);
    if (row < 0)
        return;
    const QSignalBlocker block(selectionModel());
    setCurrentIndex(m_model->index(row, 0));
    selectRow(row);
    scrollTo(m_model->index(row, 0), QAbstractItemView::PositionAtCenter);
}

quint32 MessageListView::currentUid() const
{
    const QModelIndex i = currentIndex();
    return i.isValid() ? i.data(UidRole).toUInt() : 0;
}

void MessageListView::resizeEvent(QResizeEvent *event)
{
    QTableView::resizeEvent(event);
    fitColumns();
}

void MessageListView::fitColumns()
{
    if (m_fromSizedByUser)
        return;
    m_fitting = true;
    setColumnWidth(MessageListModel::FromColumn, viewport()->width() * kFromShare / 100);
    m_fitting = false;
}

} // namespace msim::ui
