// SPDX-License-Identifier: MIT
#pragma once

#include "ui/Account.h"

#include <QTreeWidget>

namespace msim::ui {

// The folder tree at the main window's left (DESIGN.md §1): one item per account, tool tip
// host:port (security), user, with its mailbox under it. Choosing an item says which account.
class AccountTree : public QTreeWidget
{
    Q_OBJECT
public:
    explicit AccountTree(QWidget *parent = nullptr);

    // Shows `accounts`, the mailbox of accounts[current] as the current item (none for -1);
    // emits nothing.
    void setAccounts(const QList<Account> &accounts, int current);

Q_SIGNALS:
    void accountChosen(int index); // an index into the accounts last shown
};

} // namespace msim::ui
