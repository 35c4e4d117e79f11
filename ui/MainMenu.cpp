// SPDX-License-Identifier: MIT
#include "ui/MainMenu.h"

#include "scenario/ScenarioLibrary.h"
#include "ui/AboutBox.h"

#include <QAction>
#include <QDir>
#include <QDockWidget>
#include <QFileDialog>
#include <QMainWindow>
#include <QMenuBar>

namespace msim::ui {

namespace {

// Where File > Open scenario starts: the bundled scenario library (installed or in the build
// tree), else the home folder.
QString scenarioFolder()
{
    const QString dir = scenario::ScenarioLibrary::folder();
    return dir.isEmpty() ? QDir::homePath() : dir;
}

} // namespace

MainMenu::MainMenu(QMainWindow *window)
    : QObject(window)
{
    QMenu *file = window->menuBar()->addMenu(tr("&File"));
    m_actions[OpenScenario] =
        file->addAction(tr("&Open scenario…"), QKeySequence::Open, this, [this, window] {
            const QString f = QFileDialog::getOpenFileName(window, tr("Open a scenario"),
                                                           scenarioFolder(),
                                                           tr("Scenario files (*.json)"));
            if (!f.isEmpty())
                Q_EMIT openScenarioChosen(f);
        });
    m_actions[SaveScenario] =
        file->addAction(tr("&Save as scenario…"), QKeySequence::SaveAs, this, [this, window] {
            const QString f = QFileDialog::getSaveFileName(
                window, tr("Save the current case as a scenario"),
                QStringLiteral("reproduction.json"), tr("Scenario files (*.json)"));
            if (!f.isEmpty())
                Q_EMIT saveScenarioChosen(f);
        });
    file->addAction(tr("Open &report…"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O), this,
                    [this, window] {
                        const QString dir = QFileDialog::getExistingDirectory(
                            window, tr("Open a report folder (with report.json)"));
                        if (!dir.isEmpty())
                            Q_EMIT openReportChosen(dir);
                    });
    // A new folder's name, typed or suggested: the report is written into it.
    m_actions[ExportReport] = file->addAction(
        tr("&Export report for the ticket…"), QKeySequence(Qt::CTRL | Qt::Key_E), this,
        [this, window] {
            const QString name = m_exportName ? m_exportName() : QStringLiteral("msim-report");
            const QString dir = QFileDialog::getSaveFileName(
                window, tr("Export the report into a new folder"), QDir::home().filePath(name),
                QString(), nullptr, QFileDialog::DontConfirmOverwrite);
            if (!dir.isEmpty())
                Q_EMIT exportReportChosen(dir);
        });
    m_actions[ExportCapture] =
        file->addAction(tr("Export ca&pture (pcapng)…"), this, [this, window] {
            const QString name = m_exportName ? m_exportName() : QStringLiteral("msim-report");
            const QString path = QFileDialog::getSaveFileName(
                window, tr("Export every connection's decrypted octets for Wireshark"),
                QDir::home().filePath(name + QStringLiteral(".pcapng")),
                tr("pcapng captures (*.pcapng)"));
            if (!path.isEmpty())
                Q_EMIT exportCaptureChosen(path);
        });
    m_actions[CopyCommand] = file->addAction(tr("&Copy as msim-cli command"));
    m_actions[CopyCommand]->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_C));
    file->addSeparator();
    file->addAction(tr("&Quit"), QKeySequence::Quit, window, &QWidget::close);

    QMenu *account = window->menuBar()->addMenu(tr("&Account"));
    m_actions[AddAccount] = account->addAction(tr("&Add account…"));
    m_actions[AddAccount]->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_N));
    m_actions[EditAccount] = account->addAction(tr("&Edit account…"));
    m_actions[EditAccount]->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_E));
    m_actions[RemoveAccount] = account->addAction(tr("&Remove account"));
    m_actions[Reload] = account->addAction(tr("Re&load messages"));
    m_actions[Reload]->setShortcut(QKeySequence(Qt::Key_F5));
    account->addSeparator();
    m_actions[DiagnoseServer] = account->addAction(tr("&Diagnose server…"));
    m_actions[DiagnoseServer]->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_D));

    QMenu *message = window->menuBar()->addMenu(tr("&Message"));
    m_actions[FetchAgain] = message->addAction(tr("&Fetch again"));
    m_actions[FetchAgain]->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_R));
    m_actions[RunMatrix] = message->addAction(tr("Run the &matrix"));
    m_actions[RunMatrix]->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_M));
    m_actions[Cancel] = message->addAction(tr("&Cancel"));
    m_actions[Cancel]->setShortcut(QKeySequence(Qt::Key_Escape));

    QMenu *view = window->menuBar()->addMenu(tr("&View"));
    // Alt+1…: one per dock, in the order the docks were made.
    int n = 0;
    for (QDockWidget *d : window->findChildren<QDockWidget *>()) {
        QAction *toggle = d->toggleViewAction();
        if (++n <= 9)
            toggle->setShortcut(QKeySequence(Qt::ALT | Qt::Key(Qt::Key_0 + n)));
        view->addAction(toggle);
    }

    QMenu *help = window->menuBar()->addMenu(tr("&Help"));
    m_actions[Guide] = help->addAction(tr("&Guide"), QKeySequence(Qt::Key_F1), this,
                                       [window] { AboutBox::showGuide(window); });
    m_actions[Shortcuts] = help->addAction(tr("&Keyboard shortcuts"), this, [window] {
        AboutBox::showShortcuts(window, shortcuts(window));
    });
    m_actions[About] =
        help->addAction(tr("&About msim"), this, [window] { AboutBox::show(window); });
}

QList<QPair<QString, QString>> MainMenu::shortcuts(const QMainWindow *window)
{
    QList<QPair<QString, QString>> rows;
    for (QAction *top : window->menuBar()->actions()) {
        const QMenu *menu = top->menu();
        if (!menu)
            continue;
        for (const QAction *a : menu->actions()) {
            if (a->shortcut().isEmpty())
                continue;
            QString path = top->text() + QStringLiteral(" ▸ ") + a->text();
            path.remove(QLatin1Char('&'));
            rows.append({path, a->shortcut().toString(QKeySequence::NativeText)});
        }
    }
    return rows;
}

} // namespace msim::ui
