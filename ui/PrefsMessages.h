// SPDX-License-Identifier: MIT
#pragma once

#include "prefs/PrefRegistry.h"
#include "prefs/Prefs.h"
#include "prefs/PrefsJs.h"

#include <QString>
#include <QStringList>

namespace msim::ui {

// The sentences the settings pane says about prefs (DESIGN.md §1; MESSENGER45.md §1, §7): what
// an edit, a preset, an import or an export did, the preset's line and a pref's description.
// Plain text, no widgets: the pane shows them in its message area and the status bar. Paths are
// shown with native separators; a customer's prefs.js line is sanitised (net::printable), cut.
class PrefsMessages
{
public:
    // Said after every change: values apply to new connections, as in 4.5 (MESSENGER45.md §1).
    static QString nextFetch();

    // "Could not import PATH: ERROR" (verb "import" or "export").
    static QString couldNot(const QString &verb, const QString &path, const QString &error);
    // The message area after an import of `path` read over the 4.x defaults into `next`: the
    // summary, at most kMaxShownIssues problems with their line numbers, at most kMaxShownKept
    // names of prefs kept unchanged, and nextFetch().
    static QStringList imported(const QString &path, const prefs::Prefs::ApplyReport &report,
                                const prefs::Prefs &next);
    // The status-bar line for the same import ("Imported prefs.js: 3 prefs used, 438 kept, ...").
    static QString importStatus(const QString &path, const prefs::Prefs::ApplyReport &report);
    // What an export of `written` (the prefs `current`) to `path` did.
    static QString exported(const QString &path, const prefs::PrefsJs::WriteResult &written,
                            const prefs::Prefs &current);
    // "NAME is now VALUE (4.x default D). " + nextFetch().
    static QString changed(const prefs::PrefInfo &info, const QVariant &value);
    // "VERB NAME: description. " + nextFetch() (verb "Preset" or "Reset to preset").
    static QString presetChosen(const QString &verb, const QString &name);
    // What a preset (or "Reset to preset") replaced (`names`, the prefs whose value changed):
    // "Preset NAME replaced 2 values imported from PATH: mail.imap.chunk_size 8192 → 6144, ….
    // Undo puts them back." At most
    // kMaxShownReplaced are named, the rest counted. `from` says where the values came from
    // ("imported from PATH"); empty: "you had set".
    static QString replaced(const QString &verb, const QString &name, const QStringList &names,
                            const prefs::Prefs &before, const prefs::Prefs &after,
                            const QString &from);
    // The registry's prefs whose value differs between `a` and `b`, in registry order.
    static QStringList differing(const prefs::Prefs &a, const prefs::Prefs &b);
    // The preset's description and the prefs of `current` that differ from it.
    static QString presetInfo(const QString &presetName, const prefs::Prefs &current);
    // A pref's name, type, default and description, or a hint when there is no pref.
    static QString details(const prefs::PrefInfo *info);

    // The pane lists at most this many prefs.js problems; the rest are counted in one more line
    // (a file of garbage can have up to PrefsJs::kMaxIssues of them).
    static constexpr int kMaxShownIssues = 20;
    // Names of kept prefs listed after an import; the rest are counted.
    static constexpr int kMaxShownKept = 12;
    // Values named in replaced(); the rest are counted.
    static constexpr int kMaxShownReplaced = 6;
    // A raw prefs.js line quoted after its problem is cut to this many characters.
    static constexpr qsizetype kMaxQuotedLine = 80;
};

} // namespace msim::ui
