// SPDX-License-Identifier: MIT
#pragma once

#include "prefs/PrefsJsReadResult.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QString>

#include <optional>

namespace msim::prefs {

class Prefs;

// Reads and writes a prefs.js (MESSENGER45.md §7). The grammar is Mozilla's prefs parser
// (modules/libpref/parser, the reference for what is valid), plus what 4.x accepted:
// - statements `user_pref("name", value);`, also `pref`, `lockPref`, `sticky_pref`, and 4.x's
//   config-file `defaultPref` and `localDefPref`; after the value `, sticky` and `, locked`
//   (not after user_pref: Mozilla reads a prefs.js as a user file, where they are errors);
// - values: strings in "..." or '...' (they may run over several lines; escapes \" \' \\ \n \r,
//   \xNN as a raw byte, \uNNNN as UTF-16, never \x00 or \u0000 or half a surrogate pair; any
//   other escape is an error), true/false, decimal integers within 32 bits with an optional
//   sign that may stand apart (`- 1`);
// - `//`, `#` and `/* */` comments; LF, CRLF or CR line ends; a NUL byte ends the file, as in
//   Mozilla (reported);
// - 4.x's leniency, read as 4.x did with a warning that current Mozilla parsers differ: a `;`
//   left out at the end of a line; an integer with a leading zero (4.x's JavaScript read 010 as
//   octal 8, Mozilla reads 10).
// Encodings: UTF-8 with or without a byte-order mark, UTF-16 with a byte-order mark (or without
// one when its NUL bytes make it plain), else Latin-1; the result says which. A bad statement is
// an issue with its line; reading resumes after the next `;` on that line, or at the next line,
// so good statements are kept. Every size is bounded by a limit below. Writing gives the form
// 4.x wrote: its two header lines, a blank line, then one line per statement sorted by bytes.
class PrefsJs
{
public:
    // Real prefs.js lines are under a few hundred bytes, the longest a few tens of KiB (JSON
    // that Firefox and Thunderbird keep in a pref); a line over 1 MiB is not a pref someone
    // wrote, so it is reported and ignored.
    static constexpr qsizetype kMaxLineOctets = 1024 * 1024;
    // A name or string value (over several lines or not) is at most this long, so that any
    // statement msim writes back (escaped: at most four octets per octet) fits on one line.
    static constexpr qsizetype kMaxStringOctets = 120 * 1024;
    // A 4.x profile holds a few hundred user prefs and a Firefox profile a few thousand; past
    // 100 000 the rest of the file is reported and ignored.
    static constexpr int kMaxPrefs = 100000;
    // 100 000 prefs of ordinary length are well under 16 MiB; a bigger file is not read at all.
    static constexpr qsizetype kMaxFileOctets = 16 * 1024 * 1024;
    // Issues listed per file; past this they are counted (unlistedIssues) in one last issue.
    static constexpr int kMaxIssues = 1000;

    // `bytes` as a whole file: its encoding is recognised first (see the class comment).
    static PrefsJsReadResult parse(QByteArrayView bytes);
    // nullopt (and `error`, a sentence naming the file) only when the file cannot be read or is
    // over kMaxFileOctets; what is wrong inside the file is in the result's issues.
    static std::optional<PrefsJsReadResult> readFile(const QString &path, QString *error);

    // The 4.x written form: header, blank line, one `function("name", value);` line per
    // statement (with `, sticky` / `, locked` when set), sorted by byte comparison of the whole
    // line, LF line ends. Strings are written so that reading them back gives the same octets:
    // `\` `"` CR LF escaped, octets that are not UTF-8 as \xNN, the rest as UTF-8 (or, when
    // `latin1`, as Latin-1 with \uNNNN past U+00FF). A statement with an empty name, or with a
    // value that is not a bool, an integer or a string, is left out.
    static QByteArray write(const QList<PrefsJsStatement> &statements, bool latin1 = false);
    // Everything `prefs` holds (Prefs::statements()): every pref a prefs.js gave it, in its own
    // form, with msim's current values for the prefs it uses.
    static QByteArray write(const Prefs &prefs);

    // One problem as a line for a terminal, a log or "warnings": `PATH line N: MESSAGE (the
    // line: RAW)`, the raw line escaped (net::printable::text) and cut at 300 characters; a
    // file-wide issue has no line part.
    static QString issueLine(const QString &path, const PrefsJsIssue &issue);

    // What writeFile() did.
    struct WriteResult
    {
        int statements = 0; // lines written
        QString backup;     // the copy kept of the file that was replaced, or empty
    };
    // Copies of replaced files writeFile() keeps side by side: FILE.bak, FILE.bak.1, ...
    static constexpr int kMaxBackups = 99;
    // Replaces `path` atomically (QSaveFile). When `path` exists and `backup` is true, a copy of
    // it is kept first: as `path.bak`, or when that holds other octets (it is kept as well) as
    // the first free `path.bak.N` (N up to kMaxBackups); an existing copy with the same octets
    // is reused. False with `error` set when anything fails (all copies taken included); the
    // file is then as it was.
    static bool writeFile(const QString &path, const Prefs &prefs, bool backup, WriteResult *result,
                          QString *error);
};

} // namespace msim::prefs
