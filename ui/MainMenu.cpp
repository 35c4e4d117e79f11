#include "ui/MainMenu.h"

#include "ui/AboutBox.h"

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
    file->addAction(tr("&Copy as msim-cli command"), this, &MainMenu::copyCommandRequested);
    file->addSeparator();
    file->addAction(tr("&Quit"), QKeySequence::Quit, window, &QWidget::close);

    QMenu *account = window->menuBar()->addMenu(tr("&Account"));
    account->addAction(tr("&Add account…"), this, &MainMenu::addAccountRequested);
    account->addAction(tr("&Edit account…"), this, &MainMenu::editAccountRequested);
    account->addAction(tr("&Remove account"), this, &MainMenu::removeAccountRequested);
    account->addAction(tr("Re&load messages"), QKeySequence::Refresh, this,
                       &MainMenu::reloadRequested);

    QMenu *message = window->menuBar()->addMenu(tr("&Message"));
    message->addAction(tr("&Fetch again"), QKeySequence(Qt::CTRL | Qt::Key_R), this,
                       &MainMenu::fetchAgainRequested);
    message->addAction(tr("Run the &matrix"), this, &MainMenu::runMatrixRequested);
    message->addAction(tr("&Cancel"), QKeySequence(Qt::Key_Escape), this,
                       &MainMenu::cancelRequested);

    QMenu *view = window->menuBar()->addMenu(tr("&View"));
    for (QDockWidget *d : window->findChildren<QDockWidget *>())
        view->addAction(d->toggleViewAction());

    QMenu *help = window->menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About msim"), this, [window] { AboutBox::show(window); });
}

} // namespace msim::ui
