// SPDX-License-Identifier: MIT
#pragma once

#include "fetch/FetchOutcome.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QString>
#include <QUrl>

class QMessageBox;
class QWidget;

namespace msim::ui {

// File > Export report for the ticket (DESIGN.md §1, §4 `--report DIR`; issue 17 item 7): the
// folder name the save dialog suggests, the report's title (the account's name, not its
// address), and, once written, a non-blocking offer to open report.html in the browser.
class ReportExport
{
    Q_DECLARE_TR_FUNCTIONS(msim::ui::ReportExport)
public:
    // "msim-report-UID6-Built-in-exchange55-presp2-20261130-1200": letters, digits, '.', '_'
    // and '-' only (the account's other characters become '-'), `when` in UTC.
    static QString suggestedFolderName(quint32 uid, const QString &account, const QDateTime &when);
    // The same for what the window shows: the outcome's first message (else `uid`), now.
    static QString suggestedFolderName(const std::optional<fetch::FetchOutcome> &outcome,
                                       quint32 uid, const QString &account);
    // "msim: UID 6 on Built-in: exchange55-presp2".
    static QString title(quint32 uid, const QString &account);
    // file:///…/report.html in `dir`.
    static QUrl reportUrl(const QString &dir);
    // A window-modal, non-blocking box (object name "reportWritten", deleted on close) saying
    // where the report went, with "Open report" (opens reportUrl() with QDesktopServices; the
    // box's "reportUrl" property holds it) and Close. Returns the box, already open.
    static QMessageBox *offerOpen(QWidget *parent, const QString &dir);
    // Writes the report of `outcome` into `dir` (made if needed; Report::writeFetch), titled with
    // `account` (empty: the server's address), with `command` as the command that made it (may be
    // empty), then offerOpen(). false + refuse() when there is nothing to report (no fetch, or a
    // cancelled one: it has no verdict) or the folder cannot be written.
    static bool write(QWidget *parent, const QString &dir,
                      const std::optional<fetch::FetchOutcome> &outcome, const QString &account,
                      const QString &command, QString *error = nullptr);
    // Writes the capture of `outcome` to `path` (scenario::RunCapture), titled like the report;
    // for an outcome read back from the report folder `reportSource`, copies its capture.pcapng.
    // false + *why (a sentence) when there is no fetch, the folder has no capture, or the file
    // cannot be written.
    static bool writeCapture(const QString &path, const std::optional<fetch::FetchOutcome> &outcome,
                             const QString &reportSource, const QString &account,
                             const QString &command, QString *why);
    // Says why a report could not be written or opened: into *error when given, else in a
    // warning box titled `title` over `parent`. Returns false, for `return refuse(…)`.
    static bool refuse(QWidget *parent, const QString &title, const QString &why, QString *error);
};

} // namespace msim::ui
