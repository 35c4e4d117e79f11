#pragma once

#include "prefs/PrefsJsReadResult.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QPair>
#include <QString>
#include <QVariant>

#include <optional>

namespace msim::prefs {

class Prefs;

// Reads and writes the 4.x prefs.js (MESSENGER45.md §7). Reading is tolerant: statements
// `user_pref("name", value);` (also pref, lockPref, sticky_pref), several on a line or one over
// several lines, `//`, `#` and `/* */` comments, LF, CRLF or CR line ends, a UTF-8 BOM; strings
// in "..." or '...' with JavaScript escapes, decimal 32-bit integers, true/false. A bad statement
// is an issue with its line; reading resumes after the next `;` or line end, so good statements
// are kept. Input of any shape is safe: every size is bounded by a limit below. Writing gives
// exactly the form 4.x wrote: its two header lines, a blank line, then one sorted line per pref.
class PrefsJs
{
public:
    // Real prefs.js lines are under a few hundred bytes (the longest hold a path or an LDAP
    // URL); a line over 64 KiB is not a pref someone wrote, so it is reported and ignored, which
    // also bounds the length of any one name or string value.
    static constexpr qsizetype kMaxLineOctets = 64 * 1024;
    // A 4.x profile holds a few hundred user prefs and a Firefox profile a few thousand; past
    // 100 000 the rest of the file is reported and ignored.
    static constexpr int kMaxPrefs = 100000;
    // 100 000 prefs of ordinary length are well under 16 MiB; a bigger file is not read at all.
    static constexpr qsizetype kMaxFileOctets = 16 * 1024 * 1024;
    // Issues listed per file; past this they are counted in one last issue (line 0).
    static constexpr int kMaxIssues = 1000;

    static PrefsJsReadResult parse(QByteArrayView text);
    // nullopt (and `error`) only when the file cannot be read or is over kMaxFileOctets; what is
    // wrong inside the file is in the result's issues.
    static std::optional<PrefsJsReadResult> readFile(const QString &path, QString *error);

    // The 4.x written form: header, blank line, `user_pref("name", value);` lines sorted by byte
    // comparison of the whole line, LF line ends. Strings are UTF-8 with `\` and `"` escaped as
    // 4.x did, plus CR and LF as \r and \n (4.x would have written a broken file). Bools and
    // integers are written bare, any other QVariant as its string form; an entry with an empty
    // name or an invalid value is skipped (a reader could not take it back).
    static QByteArray write(const QList<QPair<QString, QVariant>> &values);
    // The user-set prefs only: per-host ones under their full names, a value given by an alias
    // under the name 4.x reads.
    static QByteArray write(const Prefs &prefs);
    // Replaces the file atomically (QSaveFile).
    static bool writeFile(const QString &path, const Prefs &prefs, QString *error);
};

} // namespace msim::prefs
