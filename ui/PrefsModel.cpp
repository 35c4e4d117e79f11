// SPDX-License-Identifier: MIT
#include "ui/PrefsModel.h"

#include "net/Printable.h"
#include "prefs/PrefRegistry.h"
#include "ui/ColumnHeading.h"
#include "ui/ItemRoles.h"

#include <QBrush>
#include <QColor>
#include <QFont>

#include <algorithm>

namespace msim::ui {

namespace {

using prefs::PrefInfo;
using prefs::PrefRegistry;
using prefs::PrefType;

// internalId of a group row; a pref row's internalId is its group's row + 1.
constexpr quintptr kGroupId = 0;

// A changed row: a light amber behind near-black text, legible in light and dark palettes
// alike because both colours are fixed.
const QColor kChangedBackground(255, 236, 170);
const QColor kChangedText(30, 30, 30);

const PrefInfo &registryAt(int pref)
{
    return PrefRegistry::all().at(pref);
}

} // namespace

// How a value reads in the pane: true/false, a decimal number, a "quoted" string.
QString PrefsModel::valueText(PrefType type, const QVariant &value)
{
    if (type == PrefType::String) // a customer's value: control characters shown escaped
        return prefs::Prefs::displayText(value.toString());
    return prefs::Prefs::displayText(value);
}

PrefsModel::PrefsModel(QObject *parent)
    : QAbstractItemModel(parent)
{
    const QList<PrefInfo> &all = PrefRegistry::all();
    for (const QString &group : PrefRegistry::groups())
        m_groups.append({group, {}});
    for (int i = 0; i < all.size(); ++i) {
        auto it = std::find_if(m_groups.begin(), m_groups.end(),
                               [&](const Group &g) { return g.name == all[i].group; });
        if (it == m_groups.end()) { // a group groups() does not list: shown last
            m_groups.append({all[i].group, {}});
            it = m_groups.end() - 1;
        }
        it->prefs.append(i);
    }
}

void PrefsModel::setPrefs(const prefs::Prefs &prefs)
{
    m_prefs = prefs;
    for (int g = 0; g < m_groups.size(); ++g) {
        const QModelIndex parent = index(g, 0);
        if (!m_groups[g].prefs.isEmpty()) {
            Q_EMIT dataChanged(index(0, 0, parent),
                               index(int(m_groups[g].prefs.size()) - 1, ColumnCount - 1, parent));
        }
    }
    // The group rows' tooltips count the changed prefs.
    if (!m_groups.isEmpty())
        Q_EMIT dataChanged(index(0, 0), index(int(m_groups.size()) - 1, 0), {Qt::ToolTipRole});
}

QModelIndex PrefsModel::indexOf(const QString &name, int column) const
{
    for (int g = 0; g < m_groups.size(); ++g) {
        const QList<int> &prefs = m_groups[g].prefs;
        for (int r = 0; r < prefs.size(); ++r) {
            if (registryAt(prefs[r]).name == name)
                return createIndex(r, column, quintptr(g + 1));
        }
    }
    return QModelIndex();
}

bool PrefsModel::setValue(const QString &name, const QVariant &value)
{
    const QModelIndex cell = indexOf(name, ValueColumn);
    if (!cell.isValid())
        return rejectEdit(Error::UnknownPref, QStringLiteral("unknown pref \"") + name + u'"');
    return setData(cell, value, Qt::EditRole);
}

bool PrefsModel::isChanged(const QString &name) const
{
    const PrefInfo *info = PrefRegistry::find(name);
    return info && m_prefs.value(name) != info->defaultValue;
}

QModelIndex PrefsModel::index(int row, int column, const QModelIndex &parent) const
{
    if (column < 0 || column >= ColumnCount || row < 0)
        return QModelIndex();
    if (!parent.isValid())
        return row < m_groups.size() ? createIndex(row, column, kGroupId) : QModelIndex();
    if (parent.internalId() != kGroupId || parent.column() != 0)
        return QModelIndex();
    const int g = parent.row();
    if (g >= m_groups.size() || row >= m_groups[g].prefs.size())
        return QModelIndex();
    return createIndex(row, column, quintptr(g + 1));
}

QModelIndex PrefsModel::parent(const QModelIndex &child) const
{
    if (!child.isValid() || child.internalId() == kGroupId)
        return QModelIndex();
    return createIndex(int(child.internalId() - 1), 0, kGroupId);
}

int PrefsModel::rowCount(const QModelIndex &parent) const
{
    if (!parent.isValid())
        return int(m_groups.size());
    if (parent.internalId() != kGroupId || parent.column() != 0)
        return 0;
    return int(m_groups.value(parent.row()).prefs.size());
}

int PrefsModel::columnCount(const QModelIndex &) const
{
    return ColumnCount;
}

int PrefsModel::prefOf(const QModelIndex &index) const
{
    if (!index.isValid() || index.model() != this || index.internalId() == kGroupId)
        return -1;
    const int g = int(index.internalId() - 1);
    if (g >= m_groups.size() || index.row() >= m_groups[g].prefs.size())
        return -1;
    return m_groups[g].prefs[index.row()];
}

QVariant PrefsModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.model() != this)
        return QVariant();
    if (index.internalId() == kGroupId)
        return groupData(index.row(), index.column(), role);
    const int pref = prefOf(index);
    return pref < 0 ? QVariant() : prefData(pref, index.column(), role);
}

QVariant PrefsModel::groupData(int group, int column, int role) const
{
    if (group >= m_groups.size() || column != NameColumn)
        return QVariant();
    switch (role) {
    case Qt::DisplayRole:
    case Qt::EditRole:
        return m_groups[group].name;
    case Qt::FontRole: {
        QFont font;
        font.setBold(true);
        return font;
    }
    case Qt::ToolTipRole: {
        int changed = 0;
        for (int pref : m_groups[group].prefs)
            changed += isChanged(registryAt(pref).name) ? 1 : 0;
        return QString(m_groups[group].name + QStringLiteral(": ") + QString::number(changed) +
                       QStringLiteral(" of ") + QString::number(m_groups[group].prefs.size()) +
                       QStringLiteral(" prefs differ from the 4.x defaults"));
    }
    default:
        return QVariant();
    }
}

QVariant PrefsModel::prefData(int pref, int column, int role) const
{
    const PrefInfo &info = registryAt(pref);
    const QVariant value = m_prefs.value(info.name);
    const bool changed = value != info.defaultValue;
    switch (role) {
    case Qt::DisplayRole:
        switch (column) {
        case NameColumn:
            return info.name;
        case ValueColumn:
            return valueText(info.type, value);
        case DefaultColumn:
            return valueText(info.type, info.defaultValue);
        case DescriptionColumn:
            return info.description;
        }
        return QVariant();
    case Qt::EditRole:
        if (column == ValueColumn)
            return value;
        if (column == DefaultColumn)
            return info.defaultValue;
        return prefData(pref, column, Qt::DisplayRole);
    case Qt::CheckStateRole:
        if (column == ValueColumn && info.type == PrefType::Bool)
            return int(value.toBool() ? Qt::Checked : Qt::Unchecked);
        return QVariant();
    case Qt::ToolTipRole:
        return QString(info.name + QStringLiteral(" (") + prefs::prefTypeName(info.type) +
                       QStringLiteral(")\n") + info.description +
                       QStringLiteral("\n4.x default: ") + valueText(info.type, info.defaultValue) +
                       QStringLiteral("\nValue: ") + valueText(info.type, value) +
                       (changed ? QStringLiteral(" (changed from the default)") : QString()));
    case Qt::FontRole:
        if (changed && (column == NameColumn || column == ValueColumn)) {
            QFont font;
            font.setBold(true);
            return font;
        }
        return QVariant();
    case Qt::BackgroundRole:
        return changed ? QVariant(QBrush(kChangedBackground)) : QVariant();
    case Qt::ForegroundRole:
        return changed ? QVariant(QBrush(kChangedText)) : QVariant();
    case PrefNameRole:
        return info.name;
    case PrefDefaultRole:
        return info.defaultValue;
    case PrefUserSetRole:
        return changed;
    default:
        return QVariant();
    }
}

bool PrefsModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    const int pref = prefOf(index);
    if (pref < 0 || index.column() != ValueColumn)
        return false;
    const PrefInfo &info = registryAt(pref);

    QVariant wanted;
    if (role == Qt::CheckStateRole) {
        if (info.type != PrefType::Bool)
            return false;
        bool ok = false;
        const int state = value.toInt(&ok);
        if (!ok)
            return rejectEdit(Error::InvalidValue, info.name + QStringLiteral(": not a check state"));
        wanted = state == Qt::Checked;
    } else if (role == Qt::EditRole) {
        wanted = value;
    } else {
        return false;
    }

    prefs::Prefs next = m_prefs;
    QString error;
    // Text for a boolean or integer pref is read the way the CLI's --set reads it.
    const bool ok = wanted.typeId() == QMetaType::QString && info.type != PrefType::String
                        ? next.setFromText(QString(info.name + u'=' + wanted.toString()), &error)
                        : next.set(info.name, wanted, &error);
    if (!ok)
        return rejectEdit(Error::InvalidValue, error);
    // As in 4.x, a user value equal to the default is no user value at all.
    if (next.value(info.name) == info.defaultValue)
        next.reset(info.name);
    if (next == m_prefs)
        return true;
    m_prefs = next;
    Q_EMIT dataChanged(this->index(index.row(), 0, index.parent()),
                       this->index(index.row(), ColumnCount - 1, index.parent()));
    // The group row's tooltip counts the changed prefs.
    const QModelIndex group = index.parent();
    Q_EMIT dataChanged(group, group, {Qt::ToolTipRole});
    Q_EMIT prefEdited(info.name);
    return true;
}

bool PrefsModel::rejectEdit(Error error, const QString &text)
{
    m_error = error;
    m_errorString = text;
    Q_EMIT errorOccurred(error);
    return false;
}

Qt::ItemFlags PrefsModel::flags(const QModelIndex &index) const
{
    if (!index.isValid())
        return Qt::NoItemFlags;
    if (index.internalId() == kGroupId)
        return Qt::ItemIsEnabled;
    const int pref = prefOf(index);
    if (pref < 0)
        return Qt::NoItemFlags;
    Qt::ItemFlags flags = Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemNeverHasChildren;
    if (index.column() == ValueColumn) {
        flags |=
            registryAt(pref).type == PrefType::Bool ? Qt::ItemIsUserCheckable : Qt::ItemIsEditable;
    }
    return flags;
}

QVariant PrefsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    static constexpr ColumnHeading kHeadings[] = {
        {"Pref"}, {"Value"}, {"4.x default"}, {"Description"}};
    static_assert(std::size(kHeadings) == ColumnCount);
    if (orientation != Qt::Horizontal)
        return QVariant();
    return ColumnHeading::headerData(kHeadings, staticMetaObject.className(), section, role);
}

} // namespace msim::ui
