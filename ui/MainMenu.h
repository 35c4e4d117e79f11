#pragma once

#include <QObject>

class QMainWindow;

namespace msim::ui {

// The main window's menu bar (DESIGN.md §1): File (open a scenario, save the case as one,
// export the report for the ticket, copy the msim-cli command, quit), Account (add, edit,
// remove, reload), Message (fetch again, run the matrix, cancel: Esc), View (one entry per dock)
// and Help. It asks for the file or folder where an entry needs one, then says what the user
// chose; what it means is the window's.
class MainMenu : public QObject
{
    Q_OBJECT
public:
    // Builds the menus into window->menuBar(); the View menu lists the window's docks, so they
    // are made first.
    explicit MainMenu(QMainWindow *window);

Q_SIGNALS:
    // File: after the file dialog (not emitted when it was cancelled).
    void openScenarioChosen(const QString &path);
    void saveScenarioChosen(const QString &path);
    void exportReportChosen(const QString &folder);
    void copyCommandRequested();
    // Account.
    void addAccountRequested();
    void editAccountRequested();
    void removeAccountRequested();
    void reloadRequested();
    // Message.
    void fetchAgainRequested();
    void runMatrixRequested();
    void cancelRequested(); // Esc
};

} // namespace msim::ui
