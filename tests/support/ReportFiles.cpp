// SPDX-License-Identifier: MIT
#include "ReportFiles.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QXmlStreamReader>

namespace msim::testsupport {

QString pageMarkupError(const QString &html)
{
    if (!html.startsWith(QLatin1String("<!DOCTYPE html>\n<html lang=\"en\">")))
        return QStringLiteral("the page does not start with the HTML5 doctype and <html>");
    QXmlStreamReader r(html);
    QString root;
    while (!r.atEnd()) {
        r.readNext();
        if (r.isStartElement() && root.isEmpty())
            root = r.name().toString();
    }
    if (r.hasError())
        return QStringLiteral("line %1: %2").arg(r.lineNumber()).arg(r.errorString());
    if (root != QLatin1String("html"))
        return QStringLiteral("the root element is %1").arg(root);
    static const QRegularExpression selfClosed(QStringLiteral("<([a-zA-Z]+)[^<>]*/>"));
    const QStringList allowed = {QStringLiteral("meta"), QStringLiteral("br"),
                                 QStringLiteral("rect"), QStringLiteral("line"),
                                 QStringLiteral("path")};
    for (auto it = selfClosed.globalMatch(html); it.hasNext();) {
        const QString name = it.next().captured(1);
        if (!allowed.contains(name))
            return QStringLiteral("<%1/> is not closed for an HTML parser").arg(name);
    }
    return {};
}

QByteArray readAll(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return f.readAll();
}

QStringList filesContaining(const QString &dir, const QByteArray &needle)
{
    QStringList out;
    QDirIterator it(dir, QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        if (readAll(path).contains(needle))
            out << path;
    }
    return out;
}

QStringList filesUnder(const QString &dir)
{
    QStringList out;
    QDirIterator it(dir, QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext())
        out << QDir(dir).relativeFilePath(it.next());
    out.sort();
    return out;
}

QString unwritableFolder(const QTemporaryDir &tmp)
{
    QFile blocker(tmp.filePath(QStringLiteral("file")));
    if (!blocker.open(QIODevice::WriteOnly))
        return {};
    return tmp.filePath(QStringLiteral("file/report"));
}

} // namespace msim::testsupport
