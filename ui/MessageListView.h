// SPDX-License-Identifier: MIT
#pragma once

#include <QTableView>

namespace msim::ui {

class MessageListModel;

// The message list of the main window (DESIGN.md §1): a sortable table of a MessageListModel,
// one row selected at a time, compact fixed-height rows. The subject column stretches; the
// From column takes a share of the width until the user sizes it; Status, Date and Size are
// as wide as their longest usual text in the current font. Tab leaves the list (it never walks
// its cells); the arrow keys and the mouse choose a message.
class MessageListView : public QTableView
{
    Q_OBJECT
public:
    // The share of the list's width the From column takes until the user sizes it (percent).
    static constexpr int kFromShare = 24;

    explicit MessageListView(MessageListModel *model, QWidget *parent = nullptr);

    // Selects the row of `uid` and scrolls it to the middle, without emitting anything; nothing
    // when the list has no such UID.
    void showUid(quint32 uid);
    // The UID of the current row, 0 when there is none.
    quint32 currentUid() const;

Q_SIGNALS:
    // The user made another row current (mouse or keyboard); never for showUid() or a cleared
    // list.
    void messageSelected(quint32 uid);
    void messageActivated(quint32 uid); // Enter or a double click on a row

protected:
    void resizeEvent(QResizeEvent *event) override;

private:
    void fitColumns();

    MessageListModel *m_model;
    bool m_fromSizedByUser = false;
    bool m_fitting = false; // fitColumns() is sizing: not the user
};

} // namespace msim::ui
