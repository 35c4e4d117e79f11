// msim-cli prefs [--preset NAME] [--prefs FILE] [--set NAME=VALUE]... [--write FILE]
// msim-cli presets
#include "CliCommon.h"
#include "Commands.h"

#include "net/Printable.h"
#include "prefs/PrefRegistry.h"
#include "prefs/PrefsJs.h"
#include "prefs/Presets.h"

namespace msim::cli {

int prefsCommand(const QStringList &args)
{
    const QString cmd = QStringLiteral("prefs");
    QCommandLineParser p;
    addClientOptions(p);
    p.addOption({QStringLiteral("write"),
                 QStringLiteral("Write every pref (those of --prefs, in their own form, and the "
                                "values msim uses) as a Netscape prefs.js to this file; an "
                                "existing file is kept as FILE.bak first."),
                 QStringLiteral("FILE")});
    p.addOption({QStringLiteral("verbose"),
                 QStringLiteral("Also list the prefs of --prefs that msim keeps unchanged.")});
    p.addOption({QStringLiteral("help"), QStringLiteral("Show this help.")});
    if (!p.parse(QStringList{QStringLiteral("msim-cli")} + args))
        return usage(cmd, p.errorText());
    if (p.isSet(QStringLiteral("help"))) {
        out() << "Usage: msim-cli prefs [--preset NAME] [--prefs FILE] [--set NAME=VALUE]... "
                 "[--write FILE] [--verbose]\n\n"
                 "Prints every pref the emulation reads, one per line:\n"
                 "NAME<TAB>VALUE<TAB>SOURCE<TAB>description, SOURCE being default, preset NAME,\n"
                 "FILE line N or --set; per-server values follow. On stderr: the summary line\n"
                 "of --prefs (read N prefs: K used by msim, M kept unchanged, P problems, and\n"
                 "the encoding), then each problem once with its line number.\n"
                 "Exit status: 0 read without problems, 3 read with problems, 1 the file could\n"
                 "not be read or written, 2 usage.\n\n"
              << p.helpText().section(QLatin1Char('\n'), 2);
        return ExitOk;
    }
    if (!p.positionalArguments().isEmpty())
        return usage(
            cmd, QStringLiteral("unexpected argument '%1'").arg(p.positionalArguments().first()));
    fetch::ClientSettings client;
    QStringList warnings;
    QString error;
    PrefsSource source;
    if (!clientFromOptions(p, client, warnings, &error, &source)) {
        if (source.unreadable) {
            err() << "msim-cli prefs: " << error << '\n';
            return ExitFailed;
        }
        return usage(cmd, error);
    }
    if (!source.path.isEmpty())
        err() << source.path << ": " << source.report.summary() << '\n';
    for (const QString &w : warnings)
        err() << w << '\n';
    err().flush();

    // Where each value msim uses came from.
    QMap<QString, QString> from;
    if (const auto preset = prefs::Presets::make(client.presetName, nullptr)) {
        for (const QString &name : preset->userSetNames())
            from.insert(name, QStringLiteral("preset ") + client.presetName);
    }
    for (const auto &[name, line] : source.report.usedLines)
        from.insert(name, source.path + QStringLiteral(" line ") + QString::number(line));
    for (const QString &name : source.setNames)
        from.insert(name, QStringLiteral("--set"));
    const auto sourceOf = [&](const QString &name) {
        if (!client.prefs.isUserSet(name))
            return QStringLiteral("default");
        return from.value(name, QStringLiteral("set"));
    };
    for (const auto &[name, value] : client.prefs.effective()) {
        QString description;
        if (const prefs::PrefInfo *info = prefs::PrefRegistry::find(name))
            description = info->description;
        else if (const prefs::PrefInfo *info = prefs::PrefRegistry::findPerHost(name, nullptr))
            description = info->description;
        out() << name << '\t' << prefs::Prefs::displayText(value) << '\t' << sourceOf(name) << '\t'
              << description << '\n';
    }
    if (p.isSet(QStringLiteral("verbose"))) {
        for (const prefs::PrefsJsStatement &s : client.prefs.kept()) {
            const QString where =
                s.line > 0 ? source.path + QStringLiteral(" line ") + QString::number(s.line)
                           : QStringLiteral("--set");
            const QString target = prefs::PrefRegistry::aliasTarget(s.name);
            const bool givesValue =
                !target.isEmpty() && source.report.usedLines.contains(qMakePair(target, s.line));
            out() << net::printable::text(s.name) << '\t' << prefs::Prefs::displayText(s.value)
                  << '\t' << where << '\t'
                  << (givesValue ? QStringLiteral("used by msim as ") + target +
                                       QStringLiteral(", written back under its own name as ")
                                 : QStringLiteral("kept unchanged, written back as "))
                  << prefs::PrefsJsStatement::functionName(s.function) << "(...)\n";
        }
    }
    out().flush();
    if (p.isSet(QStringLiteral("write"))) {
        const QString target = p.value(QStringLiteral("write"));
        prefs::PrefsJs::WriteResult written;
        if (!prefs::PrefsJs::writeFile(target, client.prefs, true, &written, &error)) {
            err() << "msim-cli prefs: " << error << '\n';
            return ExitFailed;
        }
        err() << "wrote " << target << ": " << written.statements
              << (written.statements == 1 ? " pref" : " prefs");
        if (!written.backup.isEmpty())
            err() << " (the file it replaced is kept as " << written.backup << ')';
        err() << '\n';
        QStringList unread;
        for (const int line : std::as_const(source.report.unreadLines))
            unread << QString::number(line);
        if (!unread.isEmpty()) {
            err() << "not in it: the statements msim could not read, on line"
                  << (unread.size() == 1 ? " " : "s ") << unread.join(QStringLiteral(", "))
                  << " of " << source.path << '\n';
        }
    }
    return source.report.problems > 0 ? ExitFindings : ExitOk;
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
