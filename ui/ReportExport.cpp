// SPDX-License-Identifier: MIT
#include "ui/ReportExport.h"

#include "scenario/JsonOutput.h"
#include "scenario/Report.h"
#include "scenario/RunCapture.h"

#include <QDesktopServices>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QMessageBox>
#include <QPushButton>
#include <QRegularExpression>

namespace msim::ui {

QString ReportExport::suggestedFolderName(quint32 uid, const QString &account,
                                          const QDateTime &when)
{
    static const QRegularExpression unsafe(QStringLiteral("[^A-Za-z0-9._-]+"));
    QString name = account;
    name.replace(unsafe, QStringLiteral("-"));
    while (name.startsWith(QLatin1Char('-')) || name.startsWith(QLatin1Char('.')))
        name.remove(0, 1);
    while (name.endsWith(QLatin1Char('-')))
        name.chop(1);
    QString out = QStringLiteral("msim-report-UID%1").arg(uid);
    if (!name.isEmpty())
        out += QLatin1Char('-') + name;
    return out + QLatin1Char('-') + when.toUTC().toString(QStringLiteral("yyyyMMdd-HHmm"));
}

QString ReportExport::suggestedFolderName(const std::optional<fetch::FetchOutcome> &outcome,
                                          quint32 uid, const QString &account)
{
    if (outcome && !outcome->messages.isEmpty())
        uid = outcome->messages.first().uid;
    return suggestedFolderName(uid, account, QDateTime::currentDateTimeUtc());
}

QString ReportExport::title(quint32 uid, const QString &account)
{
    return tr("msim: UID %1 on %2").arg(uid).arg(account);
}

QUrl ReportExport::reportUrl(const QString &dir)
{
    return QUrl::fromLocalFile(QDir(dir).absoluteFilePath(QStringLiteral("report.html")));
}

QMessageBox *ReportExport::offerOpen(QWidget *parent, const QString &dir)
{
    const QUrl url = reportUrl(dir);
    auto *box = new QMessageBox(QMessageBox::Information, tr("Export report"),
                                tr("The report was written to %1.")
                                    .arg(QDir::toNativeSeparators(QDir(dir).absolutePath())),
                                QMessageBox::Close, parent);
    box->setObjectName(QStringLiteral("reportWritten"));
    box->setProperty("reportUrl", url);
    QPushButton *open = box->addButton(tr("Open report"), QMessageBox::AcceptRole);
    open->setObjectName(QStringLiteral("openReport"));
    box->setDefaultButton(open);
    QObject::connect(open, &QPushButton::clicked, box, [url] { QDesktopServices::openUrl(url); });
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
    return box;
}

bool ReportExport::write(QWidget *parent, const QString &dir,
                         const std::optional<fetch::FetchOutcome> &outcome, const QString &account,
                         const QString &command, QString *error)
{
    const QString box = tr("Export report");
    if (!outcome)
        return refuse(parent, box, tr("Fetch a message first: the report is about a fetch."), error);
    if (outcome->cancelled) // a cancelled fetch has no verdict; the report would show one
        return refuse(parent, box,
                      tr("The last fetch was cancelled: fetch the message again to write a "
                         "report."),
                      error);
    scenario::ReportContext ctx;
    ctx.title = title(outcome->messages.isEmpty() ? 0 : outcome->messages.first().uid,
                      account.isEmpty() ? outcome->server.host : account);
    ctx.command = command;
    QString why;
    if (!scenario::Report::writeFetch(dir, *outcome, ctx, scenario::JsonOutput::fetch(*outcome),
                                      &why))
        return refuse(parent, box, why, error);
    offerOpen(parent, dir); // says where it went
    return true;
}

bool ReportExport::writeCapture(const QString &path,
                                const std::optional<fetch::FetchOutcome> &outcome,
                                const QString &reportSource, const QString &account,
                                const QString &command, QString *why)
{
    if (!outcome) {
        *why = tr("Fetch a message first: the capture holds a fetch's connections.");
        return false;
    }
    if (!reportSource.isEmpty()) {
        // Read back from a folder: its transcripts are text, not octets; its own capture is.
        const QString from =
            QDir(reportSource).filePath(QString::fromLatin1(scenario::RunCapture::kFileName));
        if (!QFileInfo::exists(from)) {
            *why = tr("The report folder %1 has no %2 (reports written before msim captured "
                      "connections): fetch the message again to capture it.")
                       .arg(QDir::toNativeSeparators(reportSource),
                            QString::fromLatin1(scenario::RunCapture::kFileName));
            return false;
        }
        if (QFileInfo::exists(path))
            QFile::remove(path);
        if (!QFile::copy(from, path)) {
            *why = tr("Could not copy %1 to %2.")
                       .arg(QDir::toNativeSeparators(from), QDir::toNativeSeparators(path));
            return false;
        }
        return true;
    }
    scenario::ReportContext ctx;
    ctx.title = title(outcome->messages.isEmpty() ? 0 : outcome->messages.first().uid,
                      account.isEmpty() ? outcome->server.host : account);
    ctx.command = command;
    return scenario::RunCapture::write(path, *outcome, ctx, why);
}

bool ReportExport::refuse(QWidget *parent, const QString &title, const QString &why,
                          QString *error)
{
    if (error)
        *error = why;
    else
        QMessageBox::warning(parent, title, why);
    return false;
}

} // namespace msim::ui
