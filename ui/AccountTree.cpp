// SPDX-License-Identifier: MIT
#include "ui/AccountTree.h"

namespace msim::ui {

AccountTree::AccountTree(QWidget *parent)
    : QTreeWidget(parent)
{
    setHeaderLabel(tr("Accounts"));
    setMinimumWidth(140);
    connect(this, &QTreeWidget::currentItemChanged, this, [this](QTreeWidgetItem *item) {
        if (item)
            Q_EMIT accountChosen(item->data(0, Qt::UserRole).toInt());
    });
}

void AccountTree::setAccounts(const QList<Account> &accounts, int current)
{
    const QSignalBlocker block(this);
    clear();
    for (int i = 0; i < accounts.size(); ++i) {
        const Account &a = accounts[i];
        auto *item = new QTreeWidgetItem(this, {a.name});
        item->setData(0, Qt::UserRole, i);
        item->setToolTip(0, QStringLiteral("%1:%2 (%3), user %4")
                                .arg(a.host)
                                .arg(a.port)
                                .arg(net::securityName(a.security), a.user));
        auto *inbox = new QTreeWidgetItem(item, {a.mailbox});
        inbox->setData(0, Qt::UserRole, i);
        item->setExpanded(true);
        if (i == current)
            setCurrentItem(inbox);
    }
}

} // namespace msim::ui
