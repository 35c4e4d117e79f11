// SPDX-License-Identifier: MIT
#pragma once

#include <QStyledItemDelegate>

class QSpinBox;
class QTreeView;

namespace msim::ui {

// How the settings pane's tree shows and edits a pref row (MESSENGER45.md §1). Editors for the
// Value column: a spin box over the whole 32-bit range for an integer pref (4.x integer prefs are
// 32-bit; it takes no text outside that range), a line edit for a string pref; a boolean pref is
// a checkbox and needs none. Sizes: the Description column wraps (QTreeView asks for row heights
// without a width, so a description is measured against its column's width); the Name and Value
// columns keep room for the bold of a changed value, so no column jumps on an edit.
class PrefValueDelegate : public QStyledItemDelegate
{
public:
    explicit PrefValueDelegate(QTreeView *view);

    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    // The spin box is wider than most values: while editing it may cover the default beside it.
    void updateEditorGeometry(QWidget *editor, const QStyleOptionViewItem &option,
                              const QModelIndex &index) const override;
    QWidget *createEditor(QWidget *parent, const QStyleOptionViewItem &option,
                          const QModelIndex &index) const override;
    void setEditorData(QWidget *editor, const QModelIndex &index) const override;
    void setModelData(QWidget *editor, QAbstractItemModel *model,
                      const QModelIndex &index) const override;

private:
    // Taller than any description: the height a wrapped text is measured in.
    static constexpr int kTallRow = 10000;

    static QSpinBox *makeSpinBox(QWidget *parent);
    // What the editor needs to show -2147483648 and its buttons.
    int spinBoxWidth() const;

    QTreeView *m_view;
    mutable int m_spinBoxWidth = -1;
};

} // namespace msim::ui
