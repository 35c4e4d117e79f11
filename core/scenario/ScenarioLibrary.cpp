// SPDX-License-Identifier: MIT
#include "scenario/ScenarioLibrary.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>

namespace msim::scenario {

QString ScenarioLibrary::folder()
{
    const QDir bin(QCoreApplication::applicationDirPath());
    const QFileInfo installed(bin.filePath(QStringLiteral("../share/msim/scenarios")));
    if (installed.isDir())
        return installed.canonicalFilePath();
    // A build tree only (its top holds CMakeCache.txt): never /opt/share for /opt/msim/bin.
    const QFileInfo built(bin.filePath(QStringLiteral("../../share/msim/scenarios")));
    if (built.isDir() && QFileInfo::exists(bin.filePath(QStringLiteral("../../CMakeCache.txt"))))
        return built.canonicalFilePath();
    return {};
}

QStringList ScenarioLibrary::names()
{
    const QString dir = folder();
    if (dir.isEmpty())
        return {};
    QStringList out;
    // QDir skips hidden files by default: names() lists only what path() looks up.
    for (const QString &file :
         QDir(dir).entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name))
        out << file.chopped(5);
    return out;
}

QString ScenarioLibrary::path(const QString &name)
{
    QString base = name;
    if (base.endsWith(QLatin1String(".json")))
        base.chop(5);
    if (base.isEmpty() || base.contains(u'/') || base.startsWith(u'.'))
        return {};
    const QString dir = folder();
    if (dir.isEmpty())
        return {};
    const QString file = QDir(dir).filePath(base + QStringLiteral(".json"));
    return QFileInfo(file).isFile() ? file : QString();
}

} // namespace msim::scenario
