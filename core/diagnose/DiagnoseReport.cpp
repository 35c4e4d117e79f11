// SPDX-License-Identifier: MIT
#include "diagnose/DiagnoseReport.h"

#include "diagnose/DiagnoseOutput.h"
#include "diagnose/DiagnoseReportHtml.h"

#include <QDir>

namespace msim::diagnose {

using scenario::Report;

QByteArray DiagnoseReport::html(const DiagnoseResult &result,
                                const scenario::ReportContext &context)
{
    return DiagnoseReportHtml::page(result, context, false).toUtf8();
}

bool DiagnoseReport::write(const QString &dir, const DiagnoseResult &result,
                           const scenario::ReportContext &context, QString *error)
{
    if (!Report::makeDir(dir, error))
        return false;
    const QDir d(dir);
    if (!Report::writeFile(d.filePath(QStringLiteral("report.json")), DiagnoseOutput::json(result),
                           error) ||
        !Report::writeFile(d.filePath(QStringLiteral("report.html")),
                           DiagnoseReportHtml::page(result, context, true).toUtf8(), error) ||
        !Report::writeFile(d.filePath(QStringLiteral("transcript.txt")),
                           result.transcriptText().toUtf8(), error))
        return false;
    for (const ProbedMessage &m : result.messages) {
        if (m.reference &&
            !Report::writeFile(d.filePath(QStringLiteral("%1.reference.eml").arg(m.uid)),
                               *m.reference, error))
            return false;
    }
    return true;
}

} // namespace msim::diagnose
