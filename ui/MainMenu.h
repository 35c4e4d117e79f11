// SPDX-License-Identifier: MIT
#pragma once

#include <QObject>

#include <array>

class QAction;
class QMainWindow;

namespace msim::ui {

// The main window's menu bar (DESIGN.md §1): File (open a scenario, save the case as one,
// export the report for the ticket, copy the msim-cli command, quit), Account (add, edit,
// remove, reload), Message (fetch again, run the matrix, cancel: Esc), View (one entry per dock)
// and Help. It asks for the file or folder where an entry needs one, then says what the user
// chose; what an entry means is the window's.
class MainMenu : public QObject
{
    Q_OBJECT
public:
    // The entries that need nothing chosen first; the window connects to their triggered().
    enum Entry {
        CopyCommand, AddAccount, EditAccount, RemoveAccount, Reload, FetchAgain, RunMatrix, Cancel,
        EntryCount
    };

    // Builds the menus into window->menuBar(); the View menu lists the window's docks, so they
    // are made first.
    explicit MainMenu(QMainWindow *window);

    QAction *action(Entry entry) const { return m_actions[entry]; }

Q_SIGNALS:
    // File, after the file dialog (not emitted when it was cancelled).
    void openScenarioChosen(const QString &path);
    void saveScenarioChosen(const QString &path);
    void exportReportChosen(const QString &folder);

private:
    std::array<QAction *, EntryCount> m_actions{};
};

} // namespace msim::ui
