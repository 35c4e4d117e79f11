// SPDX-License-Identifier: MIT
#include "scenario/ScenarioLibrary.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>

namespace msim::scenario {

QString ScenarioLibrary::folder()
{
    const QDir bin(QCoreApplication::applicationDirPath());
    for (const char *relative : {"../share/msim/scenarios", "../../share/msim/scenarios"}) {
        const QFileInfo dir(bin.filePath(QLatin1String(relative)));
        if (dir.isDir())
            return dir.canonicalFilePath();
    }
    return {};
}

QStringList ScenarioLibrary::names()
{
    const QString dir = folder();
    if (dir.isEmpty())
        return {};
    QStringList out;
    for (const QString &file :
         QDir(dir).entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name))
        out << file.chopped(5);
    return out;
}

QString ScenarioLibrary::path(const QString &name)
{
    if (name.isEmpty() || name.contains(u'/') || name.startsWith(u'.'))
        return {};
    const QString dir = folder();
    if (dir.isEmpty())
        return {};
    const QString file = QDir(dir).filePath(name + QStringLiteral(".json"));
    return QFileInfo(file).isFile() ? file : QString();
}

} // namespace msim::scenario
