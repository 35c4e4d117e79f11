#pragma once

#include "prefs/PrefsJsReadResult.h"

#include <QList>
#include <QMap>
#include <QPair>
#include <QString>
#include <QStringList>
#include <QStringView>
#include <QVariant>

namespace msim::prefs {

// One set of effective pref values: the registry's 4.x defaults (MESSENGER45.md §1) overlaid
// with user-set values, the way a 4.x profile holds them after reading prefs.js (§7). Only
// registered prefs can be set, and only with a value of their type (an Int within 32 bits).
// Values come back normalised: a bool, an `int` or a QString.
class Prefs
{
public:
    // What apply() did with a prefs.js: the file's issues (the reader's and the values of the
    // wrong type for a known pref) in line order, file-wide ones (line 0) last; how many
    // statements named a pref msim does not know (ignored); how many known ones were set.
    struct ApplyReport
    {
        QList<PrefsJsIssue> issues;
        int unknownIgnored = 0;
        int applied = 0;
    };

    Prefs() = default; // 4.x defaults, nothing user-set

    QVariant value(QStringView name) const; // invalid QVariant for unknown names
    bool boolValue(QStringView name) const;
    qint64 intValue(QStringView name) const;
    QString stringValue(QStringView name) const;
    bool isUserSet(QStringView name) const;

    // Type-checked: a Bool pref takes a bool, an Int pref any integer QVariant that fits in 32
    // bits, a String pref a QString. On failure nothing changes, `error` (if given) says why.
    bool set(QStringView name, const QVariant &value, QString *error);
    // "NAME=VALUE", the CLI's --set: true/false for a Bool pref, a decimal integer (optionally
    // negative) for an Int pref, the text as written for a String pref (or a "quoted" string
    // with prefs.js escapes). Whitespace around NAME, and around a Bool or Int VALUE, is ignored.
    bool setFromText(QStringView assignment, QString *error);
    void reset(QStringView name); // back to the default, not user-set

    QStringList userSetNames() const;                  // sorted
    QList<QPair<QString, QVariant>> effective() const; // every registered pref, registry order
    QList<QPair<QString, QVariant>> userSet() const;   // only the user-set ones, sorted by name

    // Applies what a prefs.js said, in file order (a later statement for the same pref wins, as
    // when 4.x ran the file): known prefs are type-checked and set, a wrong type is an issue
    // with its line number and the good ones still apply; unknown names are counted.
    ApplyReport apply(const PrefsJsReadResult &read);

    // Same user-set prefs with the same values (defaults are the same for every Prefs).
    bool operator==(const Prefs &other) const { return m_user == other.m_user; }
    bool operator!=(const Prefs &other) const { return !(*this == other); }

private:
    QMap<QString, QVariant> m_user; // user-set values by name, normalised
};

} // namespace msim::prefs
