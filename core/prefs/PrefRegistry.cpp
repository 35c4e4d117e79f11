// SPDX-License-Identifier: MIT
#include "prefs/PrefRegistry.h"

namespace msim::prefs {

namespace {

// Group names, in display order (plain literals: no QString is built before first use).
constexpr const char *kChunked = "Chunked fetching";
constexpr const char *kAdaptive = "Adaptive chunk size";
constexpr const char *kSsl = "SSL";
constexpr const char *kLogin = "Login";
constexpr const char *kThunderbird = "Thunderbird";
constexpr const char *kPerServer = "Per server"; // perHost() only; not in groups()

// 4.x's template for per-server pref names (lib/libmsg/imaphost.cpp, kPrefTemplate).
constexpr const char *kHostPrefix = "mail.imap.server.";
constexpr const char *kHostPlaceholder = "<host>";

// Names that are not 4.x prefs but stand for one (old name -> current name). Add a row to
// accept another such name; Prefs warns whenever one is used.
constexpr struct
{
    const char *oldName;
    const char *currentName;
} kAliases[] = {
    // The 4.x SSL switch is mail.imap.server_ssl (its default is in
    // modules/libpref/src/init/mailnews.js of the 1998 source; cmd/xfe/prefs.c reads it). Nothing
    // in the public 4.x source reads `mail.server_ssl`; msim's registry used that name by mistake,
    // so files and
    // settings written by earlier msim builds may hold it.
    {"mail.server_ssl", "mail.imap.server_ssl"},
};

PrefInfo entry(const char *name, PrefType type, QVariant def, const char *description,
               const char *group)
{
    return PrefInfo{QString::fromLatin1(name), type, std::move(def),
                    QString::fromLatin1(description), QString::fromLatin1(group)};
}

QList<PrefInfo> makeRegistry()
{
    return {
        entry("mail.imap.fetch_by_chunks", PrefType::Bool, true,
              "Fetch message bodies in partial chunks (the KB Q194998 workaround sets this to "
              "false)",
              kChunked),
        entry("mail.imap.chunk_size", PrefType::Int, 10240,
              "Length in octets of the first chunk requested for a message", kChunked),
        entry("mail.imap.min_chunk_size_threshold", PrefType::Int, 15360,
              "Only messages larger than this many octets are fetched in chunks", kChunked),
        entry("mail.imap.max_chunk_size", PrefType::Int, 40960,
              "Largest chunk length in octets the adaptive rule may grow to", kChunked),
        entry("mail.imap.chunk_fast", PrefType::Int, 2,
              "A chunk that arrived within this many whole seconds makes the next chunk larger",
              kAdaptive),
        entry("mail.imap.chunk_ideal", PrefType::Int, 4,
              "A chunk that arrived within this many seconds keeps the chunk size; a slower one "
              "shrinks it",
              kAdaptive),
        entry("mail.imap.chunk_add", PrefType::Int, 2048,
              "Octets added to or taken from the chunk size at each adjustment", kAdaptive),
        entry("mail.imap.server_ssl", PrefType::Bool, false,
              "Connect to the IMAP server over SSL (4.x; a server's own isSecure pref wins)", kSsl),
        entry("mail.imap.ssl_port", PrefType::Int, 993, "IMAP port used when SSL is on", kSsl),
        entry("mail.auth_login", PrefType::Bool, true,
              "Try `authenticate login` first when the server advertises AUTH=LOGIN (4.x)", kLogin),
        entry("mail.server.default.fetch_by_chunks", PrefType::Bool, true,
              "Thunderbird's per-server switch for chunked fetching (Messenger 4.5 never reads "
              "it)",
              kThunderbird),
    };
}

// The per-server prefs of 4.x that change what its IMAP client does, as patterns.
//
// 4.x keeps one set of prefs per IMAP server, named "mail.imap.server.<host>.<name>" where
// <host> is the entry of network.hosts.imap_servers (a name, or name:port). In the 1998 source,
// lib/libmsg/imaphost.cpp (MSG_IMAPHost::AddHostFromPrefs, InitFromPrefs, WriteHostPrefs,
// GetPrettyName) reads userName, check_time, check_new_mail, remember_password, password,
// using_subscription, override_namespaces, delete_is_move_to_trash, delete_model,
// namespace.personal, namespace.public, namespace.other_users, cleanup_inbox_on_exit,
// empty_trash_on_exit, offline_download, empty_trash_threshhold, admin_url and displayName.
// The per-server SSL flag is handled there too, but the public source has that code removed
// (the `isXXX` variable passed to AddIMAPHost, and the HG52442 / HG42322 / HG52421 placeholders
// that stand for removed security code). Its name is `isSecure`: Mozilla's migrator of 4.x
// profiles reads `mail.imap.server.<host>.isSecure` per server, beside userName
// (mailnews/base/src/nsMessengerMigrator.cpp, MigrateImapAccount).
//
// Only the two that change what msim emulates are registered: isSecure (the transport) and
// userName (the login). The others are folder, biff, trash and namespace settings that do not
// touch a message fetch; to msim they stay unknown prefs.
//
// Which SSL switch wins (derived: the lines that read either are among those removed): in
// imaphost.cpp the global mail prefs (mail.check_time, mail.remember_password,
// mail.imap.delete_is_move_to_trash, ...) are read only by
// MSG_IMAPHost::UpgradeDefaultServerPrefs, which runs for a profile that has no
// network.hosts.imap_servers yet: it builds the first host from them (its SSL argument is the
// removed HG63531) and writes that host's per-server prefs. From then on, AddHostFromPrefs and
// InitFromPrefs build each host from its per-server names. So a host's isSecure wins over
// mail.imap.server_ssl, and mail.imap.server_ssl stands for a host without an isSecure of its
// own (the upgrade case). Prefs::sslFor() applies this rule.
QList<PrefInfo> makePerHostRegistry()
{
    return {
        entry("mail.imap.server.<host>.isSecure", PrefType::Bool, false,
              "Connect to this IMAP server over SSL (4.x per-server switch; wins over "
              "mail.imap.server_ssl)",
              kPerServer),
        entry("mail.imap.server.<host>.userName", PrefType::String, QString(),
              "User name 4.x logs in to this IMAP server with (when unset, 4.x used the POP "
              "user name)",
              kPerServer),
    };
}

} // namespace

const QList<PrefInfo> &PrefRegistry::all()
{
    static const QList<PrefInfo> registry = makeRegistry();
    return registry;
}

const PrefInfo *PrefRegistry::find(QStringView name)
{
    for (const PrefInfo &info : all()) {
        if (info.name == name)
            return &info;
    }
    return nullptr;
}

QStringList PrefRegistry::groups()
{
    QStringList names;
    for (const char *group : {kChunked, kAdaptive, kSsl, kLogin, kThunderbird})
        names.append(QString::fromLatin1(group));
    return names;
}

const QList<PrefInfo> &PrefRegistry::perHost()
{
    static const QList<PrefInfo> registry = makePerHostRegistry();
    return registry;
}

QString PrefRegistry::perHostShortName(const PrefInfo &info)
{
    const QString marker = QString::fromLatin1(kHostPlaceholder) + u'.';
    const qsizetype at = info.name.indexOf(marker);
    return at < 0 ? QString() : info.name.mid(at + marker.size());
}

const PrefInfo *PrefRegistry::findPerHostShort(QStringView shortName)
{
    if (shortName.isEmpty())
        return nullptr;
    for (const PrefInfo &info : perHost()) {
        if (perHostShortName(info) == shortName)
            return &info;
    }
    return nullptr;
}

const PrefInfo *PrefRegistry::findPerHost(QStringView name, QString *host)
{
    const QLatin1StringView prefix(kHostPrefix);
    if (!name.startsWith(prefix))
        return nullptr;
    const QStringView rest = name.sliced(prefix.size()); // <host>.<name>
    for (const PrefInfo &info : perHost()) {
        const QString shortName = perHostShortName(info);
        // At least one character of host, then ".", then the short name.
        if (rest.size() < shortName.size() + 2 || !rest.endsWith(shortName))
            continue;
        const qsizetype dot = rest.size() - shortName.size() - 1;
        if (rest[dot] != u'.')
            continue;
        if (host)
            *host = rest.first(dot).toString();
        return &info;
    }
    return nullptr;
}

QString PrefRegistry::perHostName(QStringView host, QStringView shortName)
{
    return QString::fromLatin1(kHostPrefix) + host + u'.' + shortName;
}

const QList<QPair<QString, QString>> &PrefRegistry::aliases()
{
    static const QList<QPair<QString, QString>> table = [] {
        QList<QPair<QString, QString>> out;
        for (const auto &alias : kAliases)
            out.append(
                {QString::fromLatin1(alias.oldName), QString::fromLatin1(alias.currentName)});
        return out;
    }();
    return table;
}

QString PrefRegistry::aliasTarget(QStringView name)
{
    for (const auto &[oldName, currentName] : aliases()) {
        if (oldName == name)
            return currentName;
    }
    return QString();
}

} // namespace msim::prefs
