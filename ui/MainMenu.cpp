// SPDX-License-Identifier: MIT
#include "ui/MainMenu.h"

#include "ui/AboutBox.h"

#include <QAction>
#include <QCoreApplication>
#include <QDir>
#include <QDockWidget>
#include <QFileDialog>
#include <QMainWindow>
#include <QMenuBar>

namespace msim::ui {

namespace {

// Where File > Open scenario starts: the scenario library beside the build tree's executable,
// else the home folder.
QString scenarioFolder()
{
    const QString dir = QDir(QCoreApplication::applicationDirPath())
                            .filePath(QStringLiteral("../../resources/scenarios"));
    return QDir(dir).exists() ? dir : QDir::homePath();
}

} // namespace

MainMenu::MainMenu(QMainWindow *window)
    : QObject(window)
{
    QMenu *file = window->menuBar()->addMenu(tr("&File"));
    file->addAction(tr("&Open scenario…"), QKeySequence::Open, this, [this, window] {
        const QString f = QFileDialog::getOpenFileName(window, tr("Open a scenario"),
                                                       scenarioFolder(),
                                                       tr("Scenario files (*.json)"));
        if (!f.isEmpty())
            Q_EMIT openScenarioChosen(f);
    });
    file->addAction(tr("&Save as scenario…"), QKeySequence::SaveAs, this, [this, window] {
        const QString f = QFileDialog::getSaveFileName(
            window, tr("Save the current case as a scenario"), QStringLiteral("reproduction.json"),
            tr("Scenario files (*.json)"));
        if (!f.isEmpty())
            Q_EMIT saveScenarioChosen(f);
    });
    file->addAction(tr("&Export report for the ticket…"), this, [this, window] {
        const QString dir = QFileDialog::getExistingDirectory(window, tr("Export the report into"));
        if (!dir.isEmpty())
            Q_EMIT exportReportChosen(dir);
    });
    m_actions[CopyCommand] = file->addAction(tr("&Copy as msim-cli command"));
    file->addSeparator();
    file->addAction(tr("&Quit"), QKeySequence::Quit, window, &QWidget::close);

    QMenu *account = window->menuBar()->addMenu(tr("&Account"));
    m_actions[AddAccount] = account->addAction(tr("&Add account…"));
    m_actions[EditAccount] = account->addAction(tr("&Edit account…"));
    m_actions[RemoveAccount] = account->addAction(tr("&Remove account"));
    m_actions[Reload] = account->addAction(tr("Re&load messages"));
    m_actions[Reload]->setShortcut(QKeySequence::Refresh);

    QMenu *message = window->menuBar()->addMenu(tr("&Message"));
    m_actions[FetchAgain] = message->addAction(tr("&Fetch again"));
    m_actions[FetchAgain]->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_R));
    m_actions[RunMatrix] = message->addAction(tr("Run the &matrix"));
    m_actions[Cancel] = message->addAction(tr("&Cancel"));
    m_actions[Cancel]->setShortcut(QKeySequence(Qt::Key_Escape));

    QMenu *view = window->menuBar()->addMenu(tr("&View"));
    for (QDockWidget *d : window->findChildren<QDockWidget *>())
        view->addAction(d->toggleViewAction());

    QMenu *help = window->menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About msim"), this, [window] { AboutBox::show(window); });
}

} // namespace msim::ui
