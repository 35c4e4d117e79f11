// SPDX-License-Identifier: MIT
#include "ui/PrefsMessages.h"

#include "net/Printable.h"
#include "prefs/Presets.h"
#include "ui/PrefsModel.h"

#include <QDir>
#include <QFileInfo>

namespace msim::ui {

namespace {

using prefs::PrefInfo;
using prefs::PrefRegistry;

QString cut(const QString &text, qsizetype max)
{
    return text.size() > max ? text.left(max) + QStringLiteral("...") : text;
}

QString plural(qsizetype n, const char *one, const char *many)
{
    return QString::number(n) + u' ' + QLatin1String(n == 1 ? one : many);
}

QString valueText(const PrefInfo &info, const QVariant &value)
{
    return PrefsModel::valueText(info.type, value);
}

} // namespace

QString PrefsMessages::nextFetch()
{
    return QStringLiteral("The next fetch uses the new values.");
}

QString PrefsMessages::couldNot(const QString &verb, const QString &path, const QString &error)
{
    return QStringLiteral("Could not ") + verb + u' ' + QDir::toNativeSeparators(path) +
           QStringLiteral(": ") + error;
}

QStringList PrefsMessages::imported(const QString &path, const prefs::Prefs::ApplyReport &report,
                                    const prefs::Prefs &next)
{
    QStringList lines;
    lines.append(QStringLiteral("Imported ") + QDir::toNativeSeparators(path) +
                 QStringLiteral(" over the 4.x defaults: ") + report.summary() + u'.');
    for (qsizetype i = 0; i < report.issues.size() && i < kMaxShownIssues; ++i) {
        const prefs::PrefsJsIssue &issue = report.issues[i];
        QString line = issue.line > 0 ? QStringLiteral("line ") + QString::number(issue.line)
                                      : QStringLiteral("file");
        line += QStringLiteral(": ") + issue.message;
        if (!issue.isWarning() && issue.line > 0)
            line += QStringLiteral(" (not used)");
        const QString text = net::printable::text(issue.text.trimmed()); // the customer's line
        if (!text.isEmpty())
            line += QStringLiteral(" — ") + cut(text, kMaxQuotedLine);
        lines.append(line);
    }
    if (report.problems > kMaxShownIssues) {
        lines.append(QStringLiteral("... and ") +
                     QString::number(report.problems - kMaxShownIssues) +
                     QStringLiteral(" more problems"));
    }
    if (report.kept > 0) {
        QStringList names;
        for (const prefs::PrefsJsStatement &s : next.kept()) {
            if (names.size() == kMaxShownKept)
                break;
            names.append(net::printable::text(s.name));
        }
        QString line = QStringLiteral("Not used by msim, kept unchanged and written back on "
                                      "Export: ") +
                       names.join(QStringLiteral(", "));
        if (next.kept().size() > names.size())
            line += QStringLiteral(" and ") +
                    QString::number(next.kept().size() - names.size()) + QStringLiteral(" more");
        lines.append(line + u'.');
    }
    lines.append(nextFetch());
    return lines;
}

QString PrefsMessages::importStatus(const QString &path, const prefs::Prefs::ApplyReport &report)
{
    QString status = QStringLiteral("Imported ") + QFileInfo(path).fileName() +
                     QStringLiteral(": ") + plural(report.used, "pref", "prefs") +
                     QStringLiteral(" used, ") + QString::number(report.kept) +
                     QStringLiteral(" kept");
    if (report.problems > 0) {
        status += QStringLiteral(", ") + plural(report.problems, "problem", "problems");
        if (!report.issues.isEmpty() && report.issues.first().line > 0) {
            status += QStringLiteral(" (first on line ") +
                      QString::number(report.issues.first().line) + u')';
        }
    }
    return status;
}

QString PrefsMessages::exported(const QString &path, const prefs::PrefsJs::WriteResult &written,
                                const prefs::Prefs &current)
{
    QString line =
        written.statements == 0
            ? QString(QStringLiteral("Exported ") + QDir::toNativeSeparators(path) +
                      QStringLiteral(": every pref is at its 4.x default, so the file holds only "
                                     "the Netscape header."))
            : QStringLiteral("Exported ") + plural(written.statements, "pref", "prefs") +
                  QStringLiteral(" to ") + QDir::toNativeSeparators(path) +
                  QStringLiteral(" in the Netscape 4.x prefs.js format");
    if (written.statements > 0 && !current.kept().isEmpty())
        line += QStringLiteral(" (") + QString::number(current.kept().size()) +
                QStringLiteral(" of them kept unchanged from the imported file)");
    if (written.statements > 0)
        line += u'.';
    if (!written.backup.isEmpty())
        line += QStringLiteral(" The file it replaced is kept as ") +
                QDir::toNativeSeparators(written.backup) + u'.';
    return line;
}

QString PrefsMessages::changed(const PrefInfo &info, const QVariant &value)
{
    return info.name + QStringLiteral(" is now ") + valueText(info, value) +
           QStringLiteral(" (4.x default ") + valueText(info, info.defaultValue) +
           QStringLiteral("). ") + nextFetch();
}

QString PrefsMessages::presetChosen(const QString &verb, const QString &name)
{
    return verb + u' ' + name + QStringLiteral(": ") + prefs::Presets::description(name) +
           QStringLiteral(". ") + nextFetch();
}

QStringList PrefsMessages::differing(const prefs::Prefs &a, const prefs::Prefs &b)
{
    QStringList names;
    for (const PrefInfo &info : PrefRegistry::all()) {
        if (a.value(info.name) != b.value(info.name))
            names.append(info.name);
    }
    return names;
}

QString PrefsMessages::replaced(const QString &verb, const QString &name, const QStringList &names,
                                const prefs::Prefs &before, const prefs::Prefs &after,
                                const QString &from)
{
    QStringList shown;
    for (const QString &n : names.mid(0, kMaxShownReplaced)) {
        const PrefInfo *info = PrefRegistry::find(n);
        shown << n + u' ' + valueText(*info, before.value(n)) + QStringLiteral(" → ") +
                     valueText(*info, after.value(n));
    }
    if (names.size() > kMaxShownReplaced)
        shown << QStringLiteral("and %1 more").arg(names.size() - kMaxShownReplaced);
    const QString whose = from.isEmpty() ? QStringLiteral("you had set") : from;
    const bool one = names.size() == 1;
    return QStringLiteral("%1 %2 replaced %3 %4 %5: %6. Undo puts %7 back.")
        .arg(verb, name, QString::number(names.size()),
             one ? QStringLiteral("value") : QStringLiteral("values"), whose,
             shown.join(QStringLiteral(", ")), one ? QStringLiteral("it") : QStringLiteral("them"));
}

QString PrefsMessages::presetInfo(const QString &presetName, const prefs::Prefs &current)
{
    QString text = prefs::Presets::description(presetName);
    if (text.isEmpty())
        text = QStringLiteral("No preset chosen.");
    if (const std::optional<prefs::Prefs> preset = prefs::Presets::make(presetName, nullptr)) {
        const QStringList changed = differing(current, *preset);
        if (!changed.isEmpty())
            text += QStringLiteral("\nChanged from this preset: ") + changed.join(QStringLiteral(", "));
    }
    return text;
}

QString PrefsMessages::details(const PrefInfo *info)
{
    if (!info)
        return QStringLiteral("Select a pref to read what it does.");
    return info->name + QStringLiteral(" (") + prefs::prefTypeName(info->type) +
           QStringLiteral(", 4.x default ") + valueText(*info, info->defaultValue) +
           QStringLiteral("): ") + info->description;
}

} // namespace msim::ui
