// SPDX-License-Identifier: MIT
// Reports in the desktop app (issue 17 items 4 and 7), offscreen: File > Open report shows a
// report folder written by msim's own writer read-only (where and when it was made, the banner,
// the chunk picture linked to the transcript, Fetch again refused), and a fetch shown after it is
// no longer marked; Export report writes into a folder that did not exist, titles the report with
// the account's name, marks mail.imap.server_ssl overridden on an SSL account only, and offers to
// open report.html.
#include "FetchRun.h"
#include "TestIdentity.h"
#include "emulator/Corpus.h"
#include "emulator/EmulatedServer.h"
#include "scenario/JsonOutput.h"
#include "scenario/Report.h"
#include "scenario/ReportReader.h"
#include "ui/ChunkMapWidget.h"
#include "ui/ExplanationPanel.h"
#include "ui/MainMenu.h"
#include "ui/MainWindow.h"
#include "ui/MessageView.h"
#include "ui/ReportExport.h"
#include "ui/TranscriptModel.h"
#include "ui/TranscriptView.h"

#include <QAction>
#include <QDir>
#include <QFile>
#include <QMenuBar>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

using namespace msim;
using namespace msim::ui;

namespace {

QString readText(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll()) : QString();
}

QByteArray readBytes(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

QPushButton *button(QWidget *in, const QString &text)
{
    for (QPushButton *b : in->findChildren<QPushButton *>())
        if (b->text() == text)
            return b;
    return nullptr;
}

} // namespace

class tst_ReportWindow : public QObject
{
    Q_OBJECT
    std::unique_ptr<MainWindow> w;

    void freshSettings(const QString &name)
    {
        QCoreApplication::setOrganizationName(QStringLiteral("msim-test"));
        QCoreApplication::setApplicationName(name);
        QSettings().clear();
    }

    // A first start on fresh settings: the built-in server, its account selected, UID 6 opened
    // over SSL by itself. False when that did not finish within 30 s.
    bool startFresh(const QString &name)
    {
        freshSettings(name);
        w = std::make_unique<MainWindow>();
        QSignalSpy fetched(w.get(), &MainWindow::fetchFinished);
        w->show();
        w->start();
        return fetched.wait(30000);
    }

private Q_SLOTS:
    void cleanup()
    {
        for (QWidget *top : QApplication::topLevelWidgets())
            if (auto *box = qobject_cast<QMessageBox *>(top))
                box->close();
        w.reset();
    }

    void openReportShowsItReadOnly()
    {
        // A customer's report: `msim-cli fetch --report` against Exchange 5.5 before SP2.
        emulator::ServerOptions o;
        o.profile = QStringLiteral("exchange55-presp2");
        o.identity = testsupport::testIdentity();
        emulator::EmulatedServer server(o, emulator::Mailbox::sample());
        QString error;
        QVERIFY2(server.start(&error), qPrintable(error));
        const fetch::FetchRequest req = testsupport::builtInRequest(
            server.port(), server.tlsPort(), server.fingerprint(), net::Security::Ssl,
            QStringLiteral("kb-q194998"), {emulator::Corpus::uidOfSize(20000)});
        const auto run = testsupport::runFetch(req);
        QVERIFY(run);
        QTemporaryDir tmp;
        const QString folder = tmp.filePath(QStringLiteral("ticket-4711/report"));
        scenario::ReportContext ctx;
        ctx.generated = QDateTime(QDate(2026, 11, 30), QTime(12, 0), Qt::UTC);
        QVERIFY2(scenario::Report::writeFetch(folder, *run, ctx, scenario::JsonOutput::fetch(*run),
                                              &error),
                 qPrintable(error));

        // A window that fetched a message itself first: no report line there (the contrast).
        QVERIFY(startFresh(QStringLiteral("open-report")));
        QCOMPARE(w->messageView()->reportSource(), QString());
        QPushButton *again = button(w->messageView(), QStringLiteral("Fetch again"));
        QVERIFY(again);
        QVERIFY(again->isVisible());

        // File > Open report… is there, with its shortcut.
        QAction *open = nullptr;
        for (QAction *a : w->menuBar()->findChildren<QAction *>())
            if (a->text() == QStringLiteral("Open &report…"))
                open = a;
        QVERIFY(open);
        QCOMPARE(open->shortcut(), QKeySequence(QStringLiteral("Ctrl+Shift+O")));

        QVERIFY2(w->openReport(folder, &error), qPrintable(error));
        const QString where =
            QStringLiteral("Report opened from %1 (made 2026-11-30 12:00 UTC against "
                           "127.0.0.1:%2, ssl): read-only")
                .arg(QDir::toNativeSeparators(QDir(folder).absolutePath()))
                .arg(server.tlsPort());
        QCOMPARE(w->messageView()->reportSource(), where);
        QCOMPARE(w->messageView()->verdict(), QStringLiteral("truncated"));
        QVERIFY2(w->messageView()->bannerText().contains(
                     QLatin1String("Messenger 4.5 shows 6144 of 20000 octets")),
                 qPrintable(w->messageView()->bannerText()));
        // The two texts, from the .eml files (shown with LF line ends).
        QVERIFY(w->messageView()->displayedText().contains(
            QLatin1String("\nSubject: msim sample: 20000 octets\n")));
        QVERIFY(!w->messageView()->referenceText().isEmpty());
        // The chunk picture: one row per chunk and the displayed row, as for the fetch itself.
        ChunkMapWidget reference;
        reference.setMessage(run->messages[0], run->client);
        QCOMPARE(w->chunkMap()->picture().rows.size(), reference.picture().rows.size());
        QCOMPARE(w->chunkMap()->picture().rows.first().status, QStringLiteral("overrun_unframed"));
        // The transcript: as many rows as the fetch's own, and the first chunk links to its line.
        TranscriptModel fetched;
        fetched.setTranscripts(run->transcripts);
        QCOMPARE(w->transcriptView()->model()->rowCount(), fetched.rowCount());
        Q_EMIT w->chunkMap()->chunkActivated(0);
        const int row = w->transcriptView()->table()->currentIndex().row();
        QVERIFY(row >= 0);
        QVERIFY2(w->transcriptView()->model()->fullText(row).startsWith(
                     QLatin1String("[literal: 6144 octets]")),
                 qPrintable(w->transcriptView()->model()->fullText(row)));
        // What the customer's outcome means, with its workaround in words but no button: the
        // report's message cannot be fetched from here.
        ExplanationPanel *meaning = w->messageView()->explanation();
        QVERIFY(meaning->isVisible());
        QVERIFY2(meaning->text().contains(QLatin1String("Matches KB Q194998")),
                 qPrintable(meaning->text()));
        auto *apply = meaning->findChild<QPushButton *>(QStringLiteral("applyWorkaround"));
        QVERIFY(apply && !apply->isVisible());
        // Read-only: Fetch again is gone, and asking for it fetches nothing.
        QVERIFY(!again->isVisible());
        QVERIFY(!w->menu()->action(MainMenu::FetchAgain)->isEnabled());
        QVERIFY(w->menu()->action(MainMenu::ExportReport)->isEnabled()); // the report, again
        QSignalSpy refetched(w.get(), &MainWindow::fetchFinished);
        w->fetchAgain();
        QVERIFY(!w->isBusy());
        QCOMPARE(refetched.count(), 0);
        QCOMPARE(w->messageView()->reportSource(), where);

        // Opening a message of the account again: the report line goes.
        w->openMessage(6);
        QVERIFY(refetched.wait(30000));
        QCOMPARE(w->messageView()->reportSource(), QString());
        QVERIFY(again->isVisible());
        QVERIFY(apply->isVisible()); // the account's own message: the workaround can be applied

        // A folder that is not a report: refused, naming it; the window is unchanged.
        QString why;
        QVERIFY(!w->openReport(tmp.path(), &why));
        QVERIFY2(why.contains(QLatin1String("no report.json")), qPrintable(why));
        QCOMPARE(w->messageView()->reportSource(), QString());
    }

    // File ▸ Export capture… (issue 20): the first run's connections as pcapng, the emulated
    // client's chunk request and the redacted login in it; for a report read back from a
    // folder, that folder's own capture.pcapng; a folder without one is refused with a reason.
    void exportCapture()
    {
        QVERIFY(startFresh(QStringLiteral("export-capture")));
        QVERIFY(w->lastOutcome());
        QVERIFY(w->menu()->action(MainMenu::ExportCapture)->isEnabled());
        QTemporaryDir tmp;
        const QString path = tmp.filePath(QStringLiteral("c.pcapng"));
        QString error;
        QVERIFY2(w->exportCapture(path, &error), qPrintable(error));
        const QByteArray capture = readBytes(path);
        QCOMPARE(capture.left(4), QByteArray("\x0a\x0d\x0d\x0a", 4)); // a pcapng section
        QVERIFY(capture.contains("UID fetch 6 (UID RFC822.SIZE BODY[]<0.6144>)\r\n"));
        QVERIFY(capture.contains(" login <redacted> <redacted>\r\n"));
        QVERIFY(capture.contains("Command: msim-cli fetch"));

        const QString dir = tmp.filePath(QStringLiteral("report"));
        QVERIFY2(w->exportReport(dir, &error), qPrintable(error));
        QVERIFY2(w->openReport(dir, &error), qPrintable(error));
        const QString copy = tmp.filePath(QStringLiteral("copy.pcapng"));
        QVERIFY2(w->exportCapture(copy, &error), qPrintable(error));
        QCOMPARE(readBytes(copy), readBytes(QDir(dir).filePath(QStringLiteral("capture.pcapng"))));

        QVERIFY(QFile::remove(QDir(dir).filePath(QStringLiteral("capture.pcapng"))));
        QVERIFY2(w->openReport(dir, &error), qPrintable(error));
        QVERIFY(!w->exportCapture(copy, &error));
        QVERIFY2(error.contains(QLatin1String("has no capture.pcapng")), qPrintable(error));
    }

    void exportReport_data()
    {
        QTest::addColumn<bool>("builtIn"); // else a plain-text account on a server of the test's
        QTest::addColumn<QString>("account");
        QTest::addColumn<bool>("serverSslOverridden");
        QTest::newRow("built-in ssl account")
            << true << QStringLiteral("Built-in: exchange55-presp2") << true;
        QTest::newRow("plain account: server_ssl false agrees")
            << false << QStringLiteral("Plain rfc3501") << false;
    }
    void exportReport()
    {
        QFETCH(bool, builtIn);
        QFETCH(QString, account);
        QFETCH(bool, serverSslOverridden);
        QVERIFY(startFresh(QStringLiteral("export-report")));
        emulator::ServerOptions o;
        o.profile = QStringLiteral("rfc3501");
        o.identity = testsupport::testIdentity();
        emulator::EmulatedServer server(o, emulator::Mailbox::sample());
        if (!builtIn) {
            QString error;
            QVERIFY2(server.start(&error), qPrintable(error));
            Account a;
            a.id = QStringLiteral("plain");
            a.name = account;
            a.port = server.port();
            a.security = net::Security::None;
            a.user = QStringLiteral("test");
            QSignalSpy listed(w.get(), &MainWindow::listLoaded);
            w->addAccount(a, "secret", false);
            QVERIFY(listed.wait(30000));
            QSignalSpy fetched(w.get(), &MainWindow::fetchFinished);
            w->openMessage(6);
            QVERIFY(fetched.wait(30000));
        }
        QCOMPARE(w->accounts().value(w->currentAccountIndex()).name, account);
        QVERIFY(w->lastOutcome());
        QCOMPARE(w->lastOutcome()->server.security,
                 builtIn ? net::Security::Ssl : net::Security::None);

        QTemporaryDir tmp;
        const QString dir = tmp.filePath(QStringLiteral("not/yet/there"));
        QVERIFY(!QDir(dir).exists());
        QString error;
        QVERIFY2(w->exportReport(dir, &error), qPrintable(error));
        for (const char *name :
             {"report.json", "report.html", "transcript.txt", "6.displayed.eml", "6.reference.eml"})
            QVERIFY2(QFile::exists(QDir(dir).filePath(QLatin1String(name))), name);
        const QString html = readText(QDir(dir).filePath(QStringLiteral("report.html")));
        const QString title = QStringLiteral("msim: UID 6 on %1").arg(account);
        QCOMPARE(ReportExport::title(6, account), title);
        QVERIFY2(html.contains(QStringLiteral("<h1>%1</h1>").arg(title)), qPrintable(title));
        QVERIFY(!html.contains(QLatin1String("UID 6 from 127.0.0.1")));
        const QString marked =
            QStringLiteral("<tr class=\"overridden\"><td class=\"mono\">mail.imap.server_ssl</td>");
        const QString plain = QStringLiteral("<tr><td class=\"mono\">mail.imap.server_ssl</td>");
        QCOMPARE(html.contains(marked), serverSslOverridden);
        QCOMPARE(html.contains(plain), !serverSslOverridden);
        QCOMPARE(html.contains(QLatin1String("overridden: the connection used ssl on port")),
                 serverSslOverridden);
        // report.json keeps the pref as read (false), marked or not.
        QVERIFY(readText(QDir(dir).filePath(QStringLiteral("report.json")))
                    .contains(QLatin1String("\"mail.imap.server_ssl\": false")));

        // The offer to open it: a box, not blocking, with the URL of report.html.
        QMessageBox *box = w->findChild<QMessageBox *>(QStringLiteral("reportWritten"));
        QVERIFY(box);
        QVERIFY(box->isVisible());
        QCOMPARE(box->property("reportUrl").toUrl(),
                 QUrl::fromLocalFile(QDir(dir).absoluteFilePath(QStringLiteral("report.html"))));
        QVERIFY(box->findChild<QPushButton *>(QStringLiteral("openReport")));
        QVERIFY(box->text().contains(QDir::toNativeSeparators(QDir(dir).absolutePath())));

        // The save dialog's suggestion: the UID, the account, the date; a file name's characters.
        const QString suggested = ReportExport::suggestedFolderName(
            6, account, QDateTime(QDate(2026, 11, 30), QTime(12, 0), Qt::UTC));
        QCOMPARE(suggested, builtIn
                                ? QStringLiteral("msim-report-UID6-Built-in-exchange55-presp2-"
                                                 "20261130-1200")
                                : QStringLiteral("msim-report-UID6-Plain-rfc3501-20261130-1200"));
    }
};

QTEST_MAIN(tst_ReportWindow)
#include "tst_reportwindow.moc"
