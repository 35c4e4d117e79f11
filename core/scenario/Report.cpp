// SPDX-License-Identifier: MIT
#include "scenario/Report.h"

#include "scenario/JsonOutput.h"
#include "scenario/RunCapture.h"

#include "scenario/FetchReportHtml.h"
#include "scenario/MatrixReportHtml.h"

#include <QDir>
#include <QJsonDocument>
#include <QSaveFile>

namespace msim::scenario {

using fetch::FetchOutcome;
using fetch::MessageOutcome;
using fetch::Verdict;

bool Report::writeFile(const QString &path, const QByteArray &bytes, QString *error)
{
    QSaveFile f(path);
    if (!f.open(QIODevice::WriteOnly) || f.write(bytes) != bytes.size() || !f.commit()) {
        if (error)
            *error = QStringLiteral("could not write %1: %2").arg(path, f.errorString());
        return false;
    }
    return true;
}

bool Report::makeDir(const QString &dir, QString *error)
{
    if (QDir().mkpath(dir))
        return true;
    if (error)
        *error = QStringLiteral("could not create the folder %1").arg(dir);
    return false;
}

QString Report::shows(const MessageOutcome &m, const QString &client)
{
    if (!m.exists)
        return QStringLiteral("UID %1 is not in the mailbox").arg(m.uid);
    if (m.chunks.isEmpty())
        return QStringLiteral("%1 could not fetch UID %2").arg(client, QString::number(m.uid));
    // One arg() call per sentence: the client's name is never read for placeholders.
    const fetch::Comparison &c = m.comparison;
    const QString shown = QString::number(c.displayedLength);
    const QString size = QString::number(c.expectedLength);
    switch (c.verdict) {
    case Verdict::Complete:
        return QStringLiteral("%1 shows all %2 octets").arg(client, shown);
    case Verdict::Truncated:
        return QStringLiteral("%1 shows %2 of %3 octets").arg(client, shown, size);
    case Verdict::Duplicated:
        return QStringLiteral("%1 shows %2 octets for a %3-octet message").arg(client, shown, size);
    case Verdict::Corrupted:
        return QStringLiteral("%1 shows %2 octets that differ from the %3-octet message")
            .arg(client, shown, size);
    case Verdict::Failed:
        return QStringLiteral("%1 shows nothing of the %2-octet message").arg(client, size);
    }
    return {};
}

QString Report::html(const FetchOutcome &o, const ReportContext &c)
{
    return FetchReportHtml::page(o, c, false);
}

QString Report::matrixHtml(const QList<MatrixCell> &cells, const ReportContext &c)
{
    return MatrixReportHtml::page(cells, c);
}

bool Report::writeFetch(const QString &dir, const FetchOutcome &o, const ReportContext &c,
                        const QByteArray &json, QString *error)
{
    if (!makeDir(dir, error))
        return false;
    const QDir d(dir);
    if (!writeFile(d.filePath(QStringLiteral("report.json")), json, error))
        return false;
    if (!writeFile(d.filePath(QStringLiteral("report.html")),
                   FetchReportHtml::page(o, c, true).toUtf8(), error))
        return false;
    if (!writeFile(d.filePath(QStringLiteral("transcript.txt")), o.transcriptText().toUtf8(),
                   error))
        return false;
    if (!RunCapture::write(d.filePath(QString::fromLatin1(RunCapture::kFileName)), o, c, error))
        return false;
    for (const MessageOutcome &m : o.messages) {
        if (!m.exists)
            continue;
        if (!writeFile(d.filePath(QStringLiteral("%1.displayed.eml").arg(m.uid)), m.displayed,
                       error))
            return false;
        if (m.reference && !writeFile(d.filePath(QStringLiteral("%1.reference.eml").arg(m.uid)),
                                      *m.reference, error))
            return false;
    }
    return true;
}

bool Report::writeMatrix(const QString &dir, const QList<MatrixCell> &cells, const ReportContext &c,
                         const QByteArray &json, QString *error)
{
    if (!makeDir(dir, error))
        return false;
    const QDir d(dir);
    ReportContext top = c;
    if (!top.generated.isValid())
        top.generated = QDateTime::currentDateTimeUtc();
    if (!writeFile(d.filePath(QStringLiteral("report.json")), json, error))
        return false;
    if (!writeFile(d.filePath(QStringLiteral("report.html")), matrixHtml(cells, top).toUtf8(),
                   error))
        return false;
    const QStringList folders = MatrixReportHtml::folderNames(cells);
    for (qsizetype i = 0; i < cells.size(); ++i) {
        ReportContext cell = top;
        cell.title = (c.title.isEmpty() ? QStringLiteral("msim matrix") : c.title) %
                     QStringLiteral(" — ") % MatrixReportHtml::cellTitle(cells[i]);
        cell.expectationMet.reset();
        cell.differences.clear();
        cell.up = QStringLiteral("../report.html");
        if (!writeFetch(d.filePath(folders[i]), cells[i].result, cell,
                        JsonOutput::fetch(cells[i].result), error))
            return false;
    }
    // All cells in one file as well, in time order: the cells ran side by side.
    return RunCapture::write(d.filePath(QString::fromLatin1(RunCapture::kFileName)), cells, top,
                             error);
}

} // namespace msim::scenario
