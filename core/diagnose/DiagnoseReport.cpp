// SPDX-License-Identifier: MIT
#include "diagnose/DiagnoseReport.h"

#include "diagnose/DiagnoseOutput.h"
#include "diagnose/DiagnoseReportHtml.h"
#include "scenario/RunCapture.h"

#include <QDir>

namespace msim::diagnose {

using scenario::Report;

QByteArray DiagnoseReport::html(const DiagnoseResult &result,
                                const scenario::ReportContext &context)
{
    return DiagnoseReportHtml::page(result, context, false).toUtf8();
}

bool DiagnoseReport::writeCapture(const QString &path, const DiagnoseResult &result,
                                  const scenario::ReportContext &context, QString *error)
{
    QString server = context.server;
    if (server.isEmpty())
        server = QStringLiteral("%1 (probed on: %2)").arg(result.server.host, [&] {
            QStringList t;
            for (const fetch::ServerInfo &s : result.transports)
                t << scenario::RunCapture::serverOf(s);
            return t.join(QStringLiteral(", "));
        }());
    return net::writeCapture(path, result.captureSources(),
                             scenario::RunCapture::comments(context, server), error);
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
                           result.transcriptText().toUtf8(), error) ||
        !writeCapture(d.filePath(QString::fromLatin1(scenario::RunCapture::kFileName)), result,
                      context, error))
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
