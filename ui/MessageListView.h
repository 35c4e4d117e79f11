// SPDX-License-Identifier: MIT
#pragma once

#include <QTableView>

namespace msim::ui {

class MessageListModel;

// The message list of the main window (DESIGN.md §1): a sortable table of a MessageListModel,
// one row selected at a time, the subject column stretching, compact fixed-height rows.
class MessageListView : public QTableView
{
    Q_OBJECT
public:
    explicit MessageListView(MessageListModel *model, QWidget *parent = nullptr);

    // Selects the row of `uid` and scrolls it to the middle, without emitting anything; nothing
    // when the list has no such UID.
    void showUid(quint32 uid);

Q_SIGNALS:
    void messageActivated(quint32 uid); // Enter or a double click on a row
    void messageClicked(quint32 uid);

private:
    MessageListModel *m_model;
};

} // namespace msim::ui
