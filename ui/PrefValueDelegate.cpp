// SPDX-License-Identifier: MIT
#include "ui/PrefValueDelegate.h"

#include "prefs/PrefRegistry.h"
#include "ui/ItemRoles.h"
#include "ui/PrefsModel.h"

#include <QHeaderView>
#include <QLineEdit>
#include <QSpinBox>
#include <QTreeView>

#include <algorithm>
#include <limits>

namespace msim::ui {

using prefs::PrefInfo;
using prefs::PrefRegistry;
using prefs::PrefType;

PrefValueDelegate::PrefValueDelegate(QTreeView *view)
    : QStyledItemDelegate(view)
    , m_view(view)
{}

QSize PrefValueDelegate::sizeHint(const QStyleOptionViewItem &option,
                                  const QModelIndex &index) const
{
    if (!index.parent().isValid()) // a group row
        return QStyledItemDelegate::sizeHint(option, index);
    if (index.column() == PrefsModel::DescriptionColumn) {
        QStyleOptionViewItem wrapped = option;
        wrapped.rect = QRect(0, 0, m_view->header()->sectionSize(index.column()), kTallRow);
        wrapped.features |= QStyleOptionViewItem::WrapText;
        return QStyledItemDelegate::sizeHint(wrapped, index);
    }
    QSize size = QStyledItemDelegate::sizeHint(option, index);
    if (index.column() != PrefsModel::NameColumn && index.column() != PrefsModel::ValueColumn)
        return size;
    if (!index.data(Qt::FontRole).isValid()) {
        QFont bold = option.font;
        bold.setBold(true);
        const QString text = index.data().toString();
        size.rwidth() += std::max(0, QFontMetrics(bold).horizontalAdvance(text) -
                                         option.fontMetrics.horizontalAdvance(text));
    }
    return size;
}

void PrefValueDelegate::updateEditorGeometry(QWidget *editor, const QStyleOptionViewItem &option,
                                             const QModelIndex &index) const
{
    QStyledItemDelegate::updateEditorGeometry(editor, option, index);
    if (qobject_cast<QSpinBox *>(editor) && editor->width() < spinBoxWidth())
        editor->resize(spinBoxWidth(), editor->height());
}

QWidget *PrefValueDelegate::createEditor(QWidget *parent, const QStyleOptionViewItem &option,
                                         const QModelIndex &index) const
{
    const PrefInfo *info = PrefRegistry::find(index.data(PrefNameRole).toString());
    if (info && info->type == PrefType::Int)
        return makeSpinBox(parent);
    if (info && info->type == PrefType::String) {
        auto *edit = new QLineEdit(parent);
        edit->setFrame(false);
        return edit;
    }
    return QStyledItemDelegate::createEditor(parent, option, index);
}

void PrefValueDelegate::setEditorData(QWidget *editor, const QModelIndex &index) const
{
    if (auto *spin = qobject_cast<QSpinBox *>(editor))
        spin->setValue(index.data(Qt::EditRole).toInt());
    else if (auto *edit = qobject_cast<QLineEdit *>(editor))
        edit->setText(index.data(Qt::EditRole).toString());
    else
        QStyledItemDelegate::setEditorData(editor, index);
}

void PrefValueDelegate::setModelData(QWidget *editor, QAbstractItemModel *model,
                                     const QModelIndex &index) const
{
    if (auto *spin = qobject_cast<QSpinBox *>(editor)) {
        spin->interpretText();
        model->setData(index, spin->value(), Qt::EditRole);
    } else if (auto *edit = qobject_cast<QLineEdit *>(editor)) {
        model->setData(index, edit->text(), Qt::EditRole);
    } else {
        QStyledItemDelegate::setModelData(editor, model, index);
    }
}

QSpinBox *PrefValueDelegate::makeSpinBox(QWidget *parent)
{
    auto *spin = new QSpinBox(parent);
    spin->setFrame(false);
    spin->setRange(std::numeric_limits<qint32>::min(), std::numeric_limits<qint32>::max());
    spin->setAccelerated(true);
    return spin;
}

int PrefValueDelegate::spinBoxWidth() const
{
    if (m_spinBoxWidth < 0) {
        QSpinBox *probe = makeSpinBox(nullptr);
        m_spinBoxWidth = probe->sizeHint().width();
        delete probe;
    }
    return m_spinBoxWidth;
}

} // namespace msim::ui
