// SPDX-License-Identifier: MIT
#pragma once

#include "prefs/PrefInfo.h"

#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>
#include <QStringView>

namespace msim::prefs {

// Every pref msim knows (MESSENGER45.md §1): the 4.x chunking, SSL and login prefs plus
// Thunderbird's per-server switch (all()); the 4.x per-server prefs, described as patterns
// `mail.imap.server.<host>.<name>` that hold for any host (perHost()); and the names 4.x never
// read that customers' files carry instead of a real one (aliases()). The lists are fixed at
// compile time. all() is in display order, grouped (every entry of a group is contiguous, and
// the groups come in groups() order).
class PrefRegistry
{
public:
    static const QList<PrefInfo> &all();
    static const PrefInfo *find(QStringView name); // nullptr when unknown (case matters, as in 4.x)
    static QStringList groups();                   // display order of the groups of all()

    // The per-server prefs 4.x reads for each IMAP host, each a PrefInfo whose name is the
    // pattern with the literal placeholder `<host>`, e.g. `mail.imap.server.<host>.isSecure`;
    // their group is "Per server", which groups() does not list.
    static const QList<PrefInfo> &perHost();
    // The per-host entry a full name such as `mail.imap.server.imap.example.com.isSecure` is an
    // instance of, and (if `host` is given) its host, `imap.example.com`; nullptr when the name
    // is not `mail.imap.server.` + a non-empty host + `.` + a registered per-host name.
    static const PrefInfo *findPerHost(QStringView name, QString *host);
    // The per-host entry for the short name (`isSecure`), or nullptr.
    static const PrefInfo *findPerHostShort(QStringView shortName);
    // `isSecure` for the pattern `mail.imap.server.<host>.isSecure`.
    static QString perHostShortName(const PrefInfo &info);
    // The full 4.x name of a per-host pref: `mail.imap.server.` + host + `.` + shortName. Not
    // checked against the registry.
    static QString perHostName(QStringView host, QStringView shortName);

    // Names 4.x never read, mapped to the registered pref they stand for (old → current), in
    // table order. A prefs.js or --set that uses one has its value taken as the current name,
    // with a warning (Prefs::apply, Prefs::set).
    static const QList<QPair<QString, QString>> &aliases();
    // The current name for an alias, or an empty string when `name` is not one.
    static QString aliasTarget(QStringView name);
};

} // namespace msim::prefs
