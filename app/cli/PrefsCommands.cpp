// SPDX-License-Identifier: MIT
// msim-cli prefs [--preset NAME] [--prefs FILE] [--set NAME=VALUE]... [--write FILE]
// msim-cli presets
#include "CaseOptions.h"
#include "CliCommon.h"
#include "Commands.h"

#include "net/Printable.h"
#include "prefs/PrefRegistry.h"
#include "prefs/PrefsJs.h"
#include "prefs/Presets.h"

namespace msim::cli {

int prefsCommand(const Invocation &in)
{
    const QString cmd = QStringLiteral("prefs");
    scenario::Scenario s;
    QString error;
    if (!scenarioFromOptions(in, s, &error))
        return usage(cmd, error);
    QStringList warnings;
    prefs::Prefs::ApplyReport report;
    bool unreadable = false;
    const auto settings = s.clientSettings(warnings, &error, &report, &unreadable);
    if (!settings) {
        if (unreadable) {
            err() << "msim-cli prefs: " << error << '\n';
            return ExitFailed;
        }
        return usage(cmd, error);
    }
    const fetch::ClientSettings &client = *settings;
    const QString path = s.client.prefsJs;
    if (!path.isEmpty())
        err() << path << ": " << report.summary() << '\n';
    for (const QString &w : warnings)
        err() << w << '\n';
    err().flush();

    // Where each value msim uses came from.
    QMap<QString, QString> from;
    if (const auto preset = prefs::Presets::make(client.presetName, nullptr)) {
        for (const QString &name : preset->userSetNames())
            from.insert(name, QStringLiteral("preset ") + client.presetName);
    }
    for (const auto &[name, line] : report.usedLines)
        from.insert(name, path + QStringLiteral(" line ") + QString::number(line));
    for (const auto &set : std::as_const(s.client.set)) {
        const QString current = prefs::PrefRegistry::aliasTarget(set.first);
        from.insert(current.isEmpty() ? set.first : current, QStringLiteral("--set"));
    }
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
    if (in.isSet("verbose")) {
        for (const prefs::PrefsJsStatement &s : client.prefs.kept()) {
            const QString where = s.line > 0
                                      ? path + QStringLiteral(" line ") + QString::number(s.line)
                                      : QStringLiteral("--set");
            const QString target = prefs::PrefRegistry::aliasTarget(s.name);
            const bool givesValue =
                !target.isEmpty() && report.usedLines.contains(qMakePair(target, s.line));
            out() << net::printable::text(s.name) << '\t' << prefs::Prefs::displayText(s.value)
                  << '\t' << where << '\t'
                  << (givesValue ? QStringLiteral("used by msim as ") + target +
                                       QStringLiteral(", written back under its own name as ")
                                 : QStringLiteral("kept unchanged, written back as "))
                  << prefs::PrefsJsStatement::functionName(s.function) << "(...)\n";
        }
    }
    out().flush();
    if (in.isSet("write")) {
        const QString target = in.value("write");
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
        for (const int line : std::as_const(report.unreadLines))
            unread << QString::number(line);
        if (!unread.isEmpty()) {
            err() << "not in it: the statements msim could not read, on line"
                  << (unread.size() == 1 ? " " : "s ") << unread.join(QStringLiteral(", "))
                  << " of " << path << '\n';
        }
    }
    return report.problems > 0 ? ExitFindings : ExitOk;
}

int presetsCommand(const Invocation &)
{
    for (const QString &name : prefs::Presets::names())
        out() << name << '\t' << prefs::Presets::description(name) << '\n';
    return ExitOk;
}

} // namespace msim::cli
