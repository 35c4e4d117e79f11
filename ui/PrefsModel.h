// SPDX-License-Identifier: MIT
#pragma once

#include "prefs/PrefInfo.h"
#include "prefs/Prefs.h"

#include <QAbstractItemModel>
#include <QList>
#include <QString>
#include <QStringList>

namespace msim::ui {

// The settings pane's tree of every registered pref (MESSENGER45.md §1): group rows, each with
// its pref rows, in the registry's display order. Columns: the pref's name, its value (a
// checkbox for a boolean pref, editable text or number otherwise), its 4.x default and its
// description. A value that differs from the 4.x default is highlighted (bold, tinted row) and
// every cell of a pref row has a tooltip with the description and the default. The structure is
// fixed by the registry; setPrefs() and edits only change data. An edit to the 4.x default
// clears the user value, as 4.x did (prefs.js then no longer holds the line).
class PrefsModel : public QAbstractItemModel
{
    Q_OBJECT
public:
    enum Column { NameColumn, ValueColumn, DefaultColumn, DescriptionColumn, ColumnCount };
    // Why the last edit was rejected.
    enum class Error {
        None,
        UnknownPref,  // setValue() of a name the registry does not know
        InvalidValue, // not a check state, or a value the pref's type does not take
    };
    Q_ENUM(Error)

    explicit PrefsModel(QObject *parent = nullptr);

    // How a value reads in the pane: true/false, a decimal number, a "quoted" string.
    static QString valueText(prefs::PrefType type, const QVariant &value);

    const prefs::Prefs &prefs() const { return m_prefs; }
    // Shows other values (a preset, an import): dataChanged only, no prefEdited.
    void setPrefs(const prefs::Prefs &prefs);

    // The row of a registered pref (invalid for an unknown name).
    QModelIndex indexOf(const QString &name, int column = NameColumn) const;
    // As an edit of the value cell: a bool, an integer, a QString, or text as the CLI's --set
    // takes it ("false", "6144"). Rejected values change nothing and set errorString().
    bool setValue(const QString &name, const QVariant &value);
    // The effective value differs from the 4.x default (what is highlighted).
    bool isChanged(const QString &name) const;
    // Why the last rejected edit was rejected (kept until the next rejection).
    Error error() const { return m_error; }
    QString errorString() const { return m_errorString; } // which pref and why

    QModelIndex index(int row, int column,
                      const QModelIndex &parent = QModelIndex()) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role = Qt::EditRole) override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

Q_SIGNALS:
    // A value was changed through setData()/setValue() (never by setPrefs()).
    void prefEdited(const QString &name);
    // An edit was rejected; errorString() says which pref and why.
    void errorOccurred(msim::ui::PrefsModel::Error error);

private:
    struct Group
    {
        QString name;
        QList<int> prefs; // indexes into PrefRegistry::all()
    };

    // The registry index of a pref row, or -1 for a group row / invalid index.
    int prefOf(const QModelIndex &index) const;
    QVariant groupData(int group, int column, int role) const;
    QVariant prefData(int pref, int column, int role) const;
    bool rejectEdit(Error error, const QString &text);

    QList<Group> m_groups;
    prefs::Prefs m_prefs;
    Error m_error = Error::None;
    QString m_errorString;
};

} // namespace msim::ui
