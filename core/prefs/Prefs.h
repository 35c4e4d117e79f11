// SPDX-License-Identifier: MIT
#pragma once

#include "prefs/PrefsJsReadResult.h"

#include <QHash>
#include <QList>
#include <QMap>
#include <QPair>
#include <QSet>
#include <QString>
#include <QStringList>
#include <QStringView>
#include <QVariant>

namespace msim::prefs {

// One set of effective pref values (MESSENGER45.md §1): the registry's 4.x defaults overlaid with
// user-set values, the way a 4.x profile holds them after reading prefs.js (§7). Only registered
// prefs can be set: the global ones (PrefRegistry::all()) and the per-server ones
// (`mail.imap.server.<host>.<name>` for any host, PrefRegistry::perHost()), each only with a
// value of its type (an Int within 32 bits). Values come back normalised: a bool, an `int` or a
// QString.
//
// A name 4.x never read that stands for a registered one (PrefRegistry::aliases(), e.g.
// `mail.server_ssl` for `mail.imap.server_ssl`) is accepted by set(), setFromText() and apply():
// its value is taken as the current name's, with a warning. The current name wins: once it has
// been set by its own name (in this Prefs, or anywhere in the same prefs.js), a value named by
// the alias is ignored, with a warning that says so. Reading functions (value(), isUserSet(),
// reset()) know only current names.
class Prefs
{
public:
    // What apply() did with a prefs.js (MESSENGER45.md §7, DESIGN.md §4 prefs): the file's
    // issues (the reader's, the values of the wrong type for a known pref, duplicates, and
    // warnings for aliases) in line order, file-wide ones (line 0) last, each once; how many
    // prefs the file held (`read`: its statements, a duplicate counted once), how many of them
    // set a value msim uses (`used`) and how many it keeps unchanged to write back (`kept`,
    // read - used); and the encoding it was read in.
    struct ApplyReport
    {
        QList<PrefsJsIssue> issues;
        int problems = 0; // issues, plus those past PrefsJs::kMaxIssues that are not listed
        int read = 0;
        int used = 0;
        int kept = 0;
        QString encoding;
        // Names of the prefs that set a value msim uses, each with the line that set it.
        QList<QPair<QString, int>> usedLines;
        // Lines with a statement the reader could not read (so it is in no file written back).
        QList<int> unreadLines;

        // "read 441 prefs: 3 used by msim, 438 kept unchanged, 0 problems (UTF-8)"
        QString summary() const;
    };

    Prefs() = default; // 4.x defaults, nothing user-set

    // A global pref by name, or a per-host one by its full name
    // (`mail.imap.server.imap.example.com.isSecure`): the user-set value, else the registry's
    // default. An invalid QVariant for any other name (aliases included). Integers are in the
    // pref's own unit (octets or whole seconds, as its description says).
    QVariant value(QStringView name) const;
    bool boolValue(QStringView name) const;      // false for an unknown name
    qint64 intValue(QStringView name) const;     // 0 for an unknown name
    QString stringValue(QStringView name) const; // empty for an unknown name
    bool isUserSet(QStringView name) const;

    // Type-checked: a Bool pref takes a bool, an Int pref any integer QVariant that fits in 32
    // bits, a String pref a QString. `name` is a global name, a per-host full name or an alias.
    // False (nothing changes, `error` says why) for an unknown name or a value of the wrong type.
    // True when the value is in place, or when an alias was ignored because its current name is
    // set by its own name. `warning` (if given) is cleared, then set to a sentence when an alias
    // was used; `error` is left alone on success.
    bool set(QStringView name, const QVariant &value, QString *error, QString *warning = nullptr);
    // "NAME=VALUE", the CLI's --set: true/false for a Bool pref, a decimal integer (optionally
    // negative) for an Int pref, the text as written for a String pref (or a "quoted" string
    // with prefs.js escapes). Whitespace around NAME, and around a Bool or Int VALUE, is ignored.
    // Names, return value, `error` and `warning` as for set().
    bool setFromText(QStringView assignment, QString *error, QString *warning = nullptr);
    void reset(QStringView name); // back to the default, not user-set; unknown names: no-op

    // The VALUE of "NAME=VALUE" that setFromText() reads back as `value` (--set, scenario
    // files, settings): true/false, a decimal integer, a string as written, or "quoted" with
    // prefs.js escapes when written as is it would read back otherwise (surrounding blanks or
    // quotes).
    static QString setText(const QVariant &value);
    // How a value reads to a person (the prefs command, the settings pane, the report):
    // true/false, a decimal integer, or a "quoted" string with prefs.js escapes, its control
    // characters escaped as \x1b (DESIGN.md §3).
    static QString displayText(const QVariant &value);

    // Per-server prefs (4.x: `mail.imap.server.<host>.<name>`). `host` is written as in the
    // prefs.js (network.hosts.imap_servers' entry: `imap.example.com` or `name:port`), compared
    // exactly; `name` is the short name (`isSecure`, `userName`). The user-set value, or an
    // invalid QVariant when that host has none (or `name` is not a registered per-host name).
    QVariant hostValue(QStringView host, QStringView name) const;
    QStringList hosts() const; // hosts with at least one per-host value set, sorted, no repeats
    // Whether 4.x would connect to `host` over SSL: the host's own isSecure when set, else
    // mail.imap.server_ssl (the rule and its source are in PrefRegistry.cpp).
    bool sslFor(QStringView host) const;

    QStringList userSetNames() const; // sorted, per-host full names included
    // Every registered global pref in registry order (its user value or default), then every
    // per-host value that is set, under its full name, sorted by name. Per-host prefs that are
    // not set are not listed (there is no host to list them for).
    QList<QPair<QString, QVariant>> effective() const;
    QList<QPair<QString, QVariant>> userSet() const; // only the user-set ones, sorted by name

    // Applies what a prefs.js said. For each pref msim uses, the statement that decides its
    // value is the last of the strongest kind (lockPref or `, locked` over user_pref over pref,
    // sticky_pref, defaultPref and localDefPref), as 4.x and Mozilla rank them, except that a
    // pref's own name wins over an alias wherever either is: it is type-checked and set (a wrong
    // type is an Error issue with its line number and the good ones still apply); an alias gives
    // a Warning issue. A second statement with the same function and name is a Warning (the
    // last wins). Every statement that does not decide a value msim uses is kept (kept()).
    ApplyReport apply(const PrefsJsReadResult &read);

    // Every statement a prefs.js written from this Prefs holds: the prefs msim uses with their
    // current values, each in the form its prefs.js gave it (user_pref when none did, or when
    // --set or an edit gave it), then every statement kept from applied files (unknown prefs,
    // aliases, values of the wrong type, statements a stronger one overrides), except one whose
    // function and name a current value already writes. A value given by an alias is written
    // under the alias, as the file had it, not under the name 4.x reads.
    QList<PrefsJsStatement> statements() const;
    // The statements kept from applied prefs.js files, in file order (a later one with the same
    // function and name takes the earlier one's place).
    const QList<PrefsJsStatement> &kept() const { return m_kept; }
    // Whether the last applied file was Latin-1, so it is written back in Latin-1.
    bool writesLatin1() const { return m_latin1; }
    // Puts back statements kept from another Prefs (kept()), e.g. when a preset replaces the
    // values msim uses but the customer's other prefs must still be written back, or when the
    // desktop app restores them at start. They set no value msim uses.
    void restoreKept(const QList<PrefsJsStatement> &kept, bool latin1);

    // Same user-set prefs with the same values (defaults are the same for every Prefs). Whether
    // a value came from an alias, its statement form and the kept statements are not compared.
    bool operator==(const Prefs &other) const { return m_user == other.m_user; }
    bool operator!=(const Prefs &other) const { return !(*this == other); }

private:
    QMap<QString, QVariant> m_user; // user-set values by current (or per-host full) name
    QSet<QString> m_fromAlias;      // names in m_user whose value was given by an alias
    // How a value in m_user is written back, when not user_pref: the form its file gave it.
    QMap<QString, PrefsJsStatement> m_form;
    QList<PrefsJsStatement> m_kept;
    QHash<QString, qsizetype> m_keptIndex; // PrefsJsStatement::key() -> index in m_kept
    bool m_latin1 = false;

    void keep(const PrefsJsStatement &statement); // replaces one with the same key, in place
    void dropKept(const QString &key);
};

} // namespace msim::prefs
