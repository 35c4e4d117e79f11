// msim-cli prefs [--preset NAME] [--prefs FILE] [--set NAME=VALUE]... [--write FILE]
// msim-cli presets
#include "CliCommon.h"
#include "Commands.h"

#include "prefs/PrefRegistry.h"
#include "prefs/PrefsJs.h"
#include "prefs/Presets.h"

namespace msim::cli {

namespace {

QString show(const QVariant &v)
{
    if (v.typeId() == QMetaType::Bool)
        return v.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    if (v.typeId() == QMetaType::QString)
        return QLatin1Char('"') + v.toString() + QLatin1Char('"');
    return v.toString();
}

} // namespace

int prefsCommand(const QStringList &args)
{
    const QString cmd = QStringLiteral("prefs");
    QCommandLineParser p;
    addClientOptions(p);
    p.addOption({QStringLiteral("write"),
                 QStringLiteral("Write the user-set prefs as a Netscape prefs.js to this file."),
                 QStringLiteral("FILE")});
    p.addOption({QStringLiteral("help"), QStringLiteral("Show this help.")});
    if (!p.parse(QStringList{QStringLiteral("msim-cli")} + args))
        return usage(cmd, p.errorText());
    if (p.isSet(QStringLiteral("help"))) {
        out() << "Usage: msim-cli prefs [--preset NAME] [--prefs FILE] [--set NAME=VALUE]... "
                 "[--write FILE]\n\n"
                 "Prints every pref the emulation reads, one per line:\n"
                 "NAME<TAB>VALUE<TAB>default|set<TAB>description. prefs.js problems go to stderr\n"
                 "with their line numbers; the good lines still apply.\n\n"
              << p.helpText().section(QLatin1Char('\n'), 2);
        return ExitOk;
    }
    if (!p.positionalArguments().isEmpty())
        return usage(cmd, QStringLiteral("unexpected argument '%1'").arg(p.positionalArguments().first()));
    fetch::ClientSettings client;
    QStringList warnings;
    QString error;
    if (!clientFromOptions(p, client, warnings, &error))
        return usage(cmd, error);
    for (const QString &w : warnings)
        err() << "warning: " << w << '\n';
    err().flush();
    for (const prefs::PrefInfo &info : prefs::PrefRegistry::all())
        out() << info.name << '\t' << show(client.prefs.value(info.name)) << '\t'
              << (client.prefs.isUserSet(info.name) ? "set" : "default") << '\t'
              << info.description << '\n';
    out().flush();
    if (p.isSet(QStringLiteral("write"))) {
        if (!prefs::PrefsJs::writeFile(p.value(QStringLiteral("write")), client.prefs, &error)) {
            err() << "msim-cli prefs: " << error << '\n';
            return ExitFailed;
        }
        err() << "wrote " << p.value(QStringLiteral("write")) << '\n';
    }
    return ExitOk;
}

int presetsCommand(const QStringList &args)
{
    if (!args.isEmpty() && args.first() != QLatin1String("--help"))
        return usage(QStringLiteral("presets"), QStringLiteral("takes no arguments"));
    if (!args.isEmpty()) {
        out() << "Usage: msim-cli presets\n\nLists the client presets: NAME<TAB>description.\n";
        return ExitOk;
    }
    for (const QString &name : prefs::Presets::names())
        out() << name << '\t' << prefs::Presets::description(name) << '\n';
    return ExitOk;
}

} // namespace msim::cli
