// SPDX-License-Identifier: MIT
// The main window through a support engineer's day (offscreen): it opens within the screen
// (down to 1024x700) and keeps its size while messages are opened with the keyboard; it comes
// back with the geometry and docks it was closed with; what is shown always belongs to the
// selected message of the selected account (account switches, a refused connection, a failed
// and then fixed login, Fetch again with nothing selected); Tab leaves the message list; every
// main action has its own shortcut, listed in Help with the guide and the version.
#include "emulator/Corpus.h"
#include "net/KeyLog.h"
#include "ui/AboutBox.h"
#include "ui/AccountPasswords.h"
#include "ui/ChunkMapWidget.h"
#include "ui/ItemRoles.h"
#include "ui/MainMenu.h"
#include "ui/MainWindow.h"
#include "ui/MessageListModel.h"
#include "ui/MessageView.h"
#include "ui/TranscriptModel.h"
#include "ui/TranscriptView.h"
#include "ui/WindowLayout.h"

#include <QAction>
#include <QApplication>
#include <QDialog>
#include <QDockWidget>
#include <QLabel>
#include <QSettings>
#include <QSignalSpy>
#include <QTableView>
#include <QTableWidget>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBrowser>

using namespace msim;
using namespace msim::ui;

namespace {

// A loopback port nothing listens on (bound, then let go).
quint16 refusedPort()
{
    QTcpServer s;
    if (!s.listen(QHostAddress::LocalHost))
        return 0;
    const quint16 port = s.serverPort();
    s.close();
    return port;
}

} // namespace

class tst_Window : public QObject
{
    Q_OBJECT
    std::unique_ptr<MainWindow> w;

    // A first start on settings of its own; `geometry`, when valid, is set before show().
    // Returns the message list's row count, -1 when it did not load within 30 s. The first
    // start opens the 20000-octet message by itself: waited for too.
    int startFresh(const QString &name, const QRect &geometry = {}, bool clear = true)
    {
        QCoreApplication::setOrganizationName(QStringLiteral("msim-test"));
        QCoreApplication::setApplicationName(name);
        if (clear)
            QSettings().clear();
        w = std::make_unique<MainWindow>();
        if (geometry.isValid())
            w->setGeometry(geometry);
        QSignalSpy listed(w.get(), &MainWindow::listLoaded);
        QSignalSpy fetched(w.get(), &MainWindow::fetchFinished);
        w->show();
        w->start();
        if (!listed.wait(30000))
            return -1;
        if (clear && !fetched.count() && !fetched.wait(30000))
            return -1;
        return listed.first().first().toInt();
    }

    Account loopback(const QString &id, quint16 port) const
    {
        Account a;
        a.id = id;
        a.name = id;
        a.host = QStringLiteral("127.0.0.1");
        a.port = port;
        a.security = net::Security::None;
        a.user = QStringLiteral("test");
        return a;
    }

    // Nothing of any message on screen: the placeholder, no chunks, no transcript, no outcome.
    void verifyNothingShown()
    {
        QVERIFY(!w->lastOutcome());
        QVERIFY(w->chunkMap()->isEmpty());
        QCOMPARE(w->transcriptView()->model()->rowCount(), 0);
        QVERIFY(!w->menu()->action(MainMenu::FetchAgain)->isEnabled());
        QVERIFY(!w->menu()->action(MainMenu::ExportReport)->isEnabled());
        QVERIFY(!w->menu()->action(MainMenu::ExportCapture)->isEnabled());
        QVERIFY(!w->menu()->action(MainMenu::CopyCommand)->isEnabled());
        QCOMPARE(w->cliCommand(), QString()); // never a command for a made-up UID
    }

private Q_SLOTS:
    void cleanup() { w.reset(); }

    void initialGeometry_data()
    {
        QTest::addColumn<QRect>("available");
        QTest::addColumn<QRect>("expected");
        // Screens as the desktop reports them, a panel's height taken off where one is usual.
        QTest::newRow("1024x768 with a 28-pixel panel")
            << QRect(0, 0, 1024, 740) << QRect(8, 20, 1008, 700);
        QTest::newRow("1024x700") << QRect(0, 0, 1024, 700) << QRect(8, 20, 1008, 660);
        QTest::newRow("1600x1000: the preferred size, centred")
            << QRect(0, 0, 1600, 1000) << QRect(100, 50, 1400, 900);
        QTest::newRow("1280x1024 second screen at x=1920")
            << QRect(1920, 0, 1280, 1024) << QRect(1928, 62, 1264, 900);
        QTest::newRow("800x600") << QRect(0, 0, 800, 600) << QRect(8, 20, 784, 560);
        QTest::newRow("700x500: the minimum, never above or left of the screen")
            << QRect(0, 0, 700, 500) << QRect(0, 0, 760, 520);
    }

    void initialGeometry()
    {
        QFETCH(QRect, available);
        QFETCH(QRect, expected);
        QCOMPARE(WindowLayout::initialGeometry(available), expected);
    }

    // The "done": at 1024x768 the window fits and keeps its size while messages are
    // opened with the keyboard; each one opened is the one selected.
    void fitsAndKeepsItsSizeWhileMessagesOpenWithTheKeyboard()
    {
        const QRect g = WindowLayout::initialGeometry(QRect(0, 0, 1024, 768));
        QCOMPARE(startFresh(QStringLiteral("keyboard"), g), 17);
        QCOMPARE(w->size(), g.size());
        QVERIFY(w->minimumSizeHint().width() <= 1024 && w->minimumSizeHint().height() <= 700);
        QTableView *table = w->messageTable();
        table->setFocus();
        const int start = table->currentIndex().row();
        QVERIFY(start >= 0);
        QSignalSpy fetched(w.get(), &MainWindow::fetchFinished);
        for (int step = 1; step <= 4; ++step) {
            fetched.clear();
            QTest::keyClick(table, Qt::Key_Down);
            QVERIFY2(fetched.wait(30000), qPrintable(QStringLiteral("step %1").arg(step)));
            const quint32 selected = table->currentIndex().data(UidRole).toUInt();
            QCOMPARE(table->currentIndex().row(), start + step);
            QVERIFY(w->lastOutcome());
            QCOMPARE(w->lastOutcome()->messages.first().uid, selected);
            QCOMPARE(w->size(), g.size());
        }
        // Several keys in a row: one fetch, of the message the keys stopped on.
        fetched.clear();
        QTest::keyClick(table, Qt::Key_Up);
        QTest::keyClick(table, Qt::Key_Up);
        QVERIFY(fetched.wait(30000));
        QCOMPARE(fetched.count(), 1);
        QCOMPARE(w->lastOutcome()->messages.first().uid,
                 table->currentIndex().data(UidRole).toUInt());
        QCOMPARE(w->size(), g.size());
    }

    void tabLeavesTheMessageList()
    {
        QCOMPARE(startFresh(QStringLiteral("tab")), 17);
        QTableView *table = w->messageTable();
        table->setFocus();
        QTRY_VERIFY(table->hasFocus());
        const QModelIndex before = table->currentIndex();
        QTest::keyClick(table, Qt::Key_Tab);
        QVERIFY(!table->hasFocus());
        QCOMPARE(table->currentIndex(), before);
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Backtab);
        QVERIFY(table->hasFocus());
        QCOMPARE(table->currentIndex(), before);
    }

    void geometryAndDocksAreRemembered()
    {
        QCOMPARE(startFresh(QStringLiteral("remember"), QRect(10, 20, 780, 580)), 17);
        w->dock(QStringLiteral("transcriptDock"))->raise();
        w->dock(QStringLiteral("serverDock"))->hide();
        QVERIFY(w->close());
        QTRY_VERIFY(!w->isVisible());
        QCOMPARE(startFresh(QStringLiteral("remember"), {}, false), 17);
        QCOMPARE(w->size(), QSize(780, 580));
        QVERIFY(!w->dock(QStringLiteral("serverDock"))->isVisible());
        QVERIFY(w->dock(QStringLiteral("settingsDock"))->isVisible());
    }

    // A refused connection after a fetch: nothing of the last message stays, Fetch again is
    // off and fetches nothing; back on the built-in account, the list is there and nothing
    // else until a message is selected.
    void aRefusedConnectionClearsWhatWasShown()
    {
        QCOMPARE(startFresh(QStringLiteral("refused")), 17);
        QVERIFY(w->lastOutcome());
        QVERIFY(!w->chunkMap()->isEmpty());
        QSignalSpy listed(w.get(), &MainWindow::listLoaded);
        w->addAccount(loopback(QStringLiteral("refusing"), refusedPort()), "secret", false);
        QTRY_VERIFY_WITH_TIMEOUT(!w->isBusy(), 30000);
        QCOMPARE(listed.count(), 0);
        QCOMPARE(w->messageModel()->rowCount(), 0);
        verifyNothingShown();
        QVERIFY2(w->messageView()->bannerText().contains(QLatin1String("refused")),
                 qPrintable(w->messageView()->bannerText()));
        QVERIFY(!w->messageView()->bannerText().contains(QLatin1String("20000")));
        for (const char *title : {"displayedTitle", "referenceTitle"}) {
            auto *label = w->messageView()->findChild<QLabel *>(QLatin1String(title));
            QVERIFY(label);
            QVERIFY2(!label->text().contains(QLatin1String("octets")), qPrintable(label->text()));
        }

        QSignalSpy fetched(w.get(), &MainWindow::fetchFinished);
        w->fetchAgain();
        QVERIFY(!w->isBusy());
        QVERIFY(!fetched.wait(300)); // nothing was started that could finish

        w->selectAccount(0);
        QVERIFY(listed.wait(30000));
        QCOMPARE(w->messageModel()->rowCount(), 17);
        verifyNothingShown();
        QVERIFY(!w->messageTable()->currentIndex().isValid());
        QVERIFY2(w->messageView()->bannerText().startsWith(QLatin1String("Select a message")),
                 qPrintable(w->messageView()->bannerText()));
    }

    void theFailedLoginBannerGoesWhenThePasswordIsFixed()
    {
        QCOMPARE(startFresh(QStringLiteral("password")), 17);
        Account a = w->accounts().first(); // the built-in server, with another name
        a.id = QStringLiteral("typo");
        a.name = QStringLiteral("Typo");
        a.builtIn = false;
        w->addAccount(a, "wrong", false);
        QTRY_VERIFY_WITH_TIMEOUT(!w->isBusy(), 30000);
        QVERIFY2(w->messageView()->bannerText().contains(QLatin1String("could not be loaded")) ||
                     w->messageView()->bannerText().contains(QLatin1String("could not be fetched")),
                 qPrintable(w->messageView()->bannerText()));
        verifyNothingShown();
        const QString failed = w->messageView()->bannerText();

        w->passwords()->set(a.id, "secret", false, [](bool) {}); // for this session
        QSignalSpy listed(w.get(), &MainWindow::listLoaded);
        w->reloadList();
        QVERIFY(listed.wait(30000));
        QCOMPARE(listed.first().first().toInt(), 17);
        QVERIFY(w->messageView()->bannerText() != failed);
        QCOMPARE(w->messageView()->verdict(), QString());
    }

    void helpHasTheGuideTheShortcutsAndTheVersion()
    {
        QCOMPARE(startFresh(QStringLiteral("help")), 17);
        const auto rows = MainMenu::shortcuts(w.get());
        QStringList keys;
        QStringList named;
        for (const auto &[path, key] : rows) {
            QVERIFY2(!keys.contains(key), qPrintable(key + QStringLiteral(" twice")));
            keys << key;
            named << path;
        }
        for (const char *main : {"Account ▸ Add account…", "File ▸ Export report for the ticket…",
                                 "Message ▸ Run the matrix", "Message ▸ Fetch again",
                                 "Message ▸ Cancel", "Help ▸ Guide"})
            QVERIFY2(named.contains(QString::fromUtf8(main)), main);

        QDialog *shortcuts = AboutBox::showShortcuts(w.get(), rows);
        auto *table = shortcuts->findChild<QTableWidget *>(QStringLiteral("shortcutsTable"));
        QVERIFY(table);
        QCOMPARE(table->rowCount(), rows.size());
        QVERIFY(!shortcuts->isModal());

        w->menu()->action(MainMenu::Guide)->trigger();
        auto *guide = w->findChild<QTextBrowser *>(QStringLiteral("guideText"));
        QVERIFY(guide);
        QVERIFY(guide->toPlainText().contains(QLatin1String("Export report")));

        QVERIFY(AboutBox::versionLine().startsWith(QStringLiteral("msim " MSIM_VERSION " (Qt ")));
        QVERIFY(AboutBox::versionLine().contains(QLatin1String("OpenSSL")));
        QDialog *about = AboutBox::show(w.get());
        QCOMPARE(AboutBox::show(w.get()), about); // raised, not a second one
    }

    // SSLKEYLOGFILE in force: the window says so for as long as it is open (the stderr line
    // is never seen when msim is started from the desktop). Last: the key log stays on.
    void theKeyLogIsShownWhileKeysAreLogged()
    {
        QCOMPARE(startFresh(QStringLiteral("keylog-off")), 17);
        QVERIFY(!w->findChild<QLabel *>(QStringLiteral("keyLogNotice")));
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("ticket-4711.keys"));
        QString warning;
        QString error;
        QVERIFY2(net::KeyLog::enable(path, &warning, &error), qPrintable(error));
        QCOMPARE(startFresh(QStringLiteral("keylog-on")), 17);
        auto *notice = w->findChild<QLabel *>(QStringLiteral("keyLogNotice"));
        QVERIFY(notice);
        QVERIFY(notice->isVisible());
        QCOMPARE(notice->text(), QStringLiteral("TLS keys logged to ticket-4711.keys"));
        QVERIFY(notice->toolTip().contains(path));
        // The built-in server's TLS session of the first fetch is in the file already.
        QVERIFY(net::KeyLog::linesWritten() > 0);
    }
};

QTEST_MAIN(tst_Window)
#include "tst_window.moc"
