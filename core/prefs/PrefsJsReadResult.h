// SPDX-License-Identifier: MIT
#pragma once

#include "prefs/PrefsJsIssue.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QString>
#include <QVariant>

#include <optional>

namespace msim::prefs {

// One statement of a prefs.js as the file wrote it (MESSENGER45.md §7): which function, the
// pref's name, its value, the attributes, and where it is. Kept whole so that a customer's file
// can be written back with every pref it had, in its own form.
struct PrefsJsStatement
{
    // user_pref sets the user value; pref, sticky_pref, defaultPref and localDefPref set the
    // default value (the last two are 4.x config-file functions); lockPref sets and locks it.
    enum class Function { UserPref, Pref, LockPref, StickyPref, DefaultPref, LocalDefPref };

    Function function = Function::UserPref;
    QString name;         // decoded for display and lookup (invalid UTF-8 shows as U+FFFD)
    QByteArray nameBytes; // the exact octets (Mozilla keeps `\xNN` as a raw byte)
    QVariant value;       // a bool, an `int` or a QString (decoded as `name` is)
    QByteArray bytes;     // a string value's exact octets; empty for a bool or an int
    // An integer as the file wrote it when 4.x and Mozilla read it differently (a leading zero:
    // "010"), so that writing it back changes nothing for either; empty otherwise.
    QByteArray literal;
    bool sticky = false; // `, sticky` after the value (pref() in a default prefs file)
    bool locked = false; // `, locked` after the value
    int line = 0;        // 1-based line the statement starts on
    QString text;        // that raw line, as the file has it (show it through printable)

    // "user_pref", "pref", "lockPref", "sticky_pref", "defaultPref", "localDefPref"
    static QString functionName(Function function);
    // The function a word names (exactly, case-sensitive, as above), or nullopt.
    static std::optional<Function> parseFunction(QByteArrayView word);
    // 2 locked (lockPref, or `, locked`), 1 a user value, 0 a default value: a higher rank
    // decides the effective value whatever the order of the statements.
    int rank() const;
    // "user_pref mail.imap.chunk_size": a second statement with the same key is a duplicate.
    QString key() const;
};

// What reading a prefs.js gave (MESSENGER45.md §7): every statement that parsed, in file order,
// whether or not msim knows the pref, an issue for each problem (errors: the statement was not
// read; warnings: it was, and the sentence says how), and the encoding the file was read in.
struct PrefsJsReadResult
{
    QList<PrefsJsStatement> statements;
    QList<PrefsJsIssue> issues;
    // Problems found past PrefsJs::kMaxIssues: counted, not listed (one last issue says so).
    int unlistedIssues = 0;
    // How the bytes were read: "UTF-8", "UTF-8 with a byte-order mark", "UTF-16LE with a
    // byte-order mark", "UTF-16BE ...", "UTF-16LE without a byte-order mark, recognised by its
    // NUL bytes", "Latin-1: not valid UTF-8".
    QString encoding;
    // True when the file was Latin-1: writing it back keeps Latin-1 (PrefsJs::write).
    bool latin1 = false;
};

} // namespace msim::prefs
