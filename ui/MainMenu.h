// SPDX-License-Identifier: MIT
#pragma once

#include <QObject>

#include <array>
#include <functional>

class QAction;
class QMainWindow;

namespace msim::ui {

// The main window's menu bar (DESIGN.md §1): File (open a scenario, save the case as one,
// export the report for the ticket, copy the msim-cli command, quit), Account (add, edit,
// remove, reload, diagnose its server: DiagnoseDialog), Message (fetch again, run the matrix, cancel: Esc), View (one entry per dock)
// and Help (the guide, the keyboard shortcuts, the version). Every main action has a shortcut.
// It asks for the file or folder where an entry needs one, then says what the user chose; what
// an entry means is the window's.
class MainMenu : public QObject
{
    Q_OBJECT
public:
    // The entries the window connects to (triggered()) or turns on and off. Open scenario,
    // Save as scenario and Export report ask for a file or folder first and then emit the
    // signals below.
    enum Entry {
        OpenScenario, SaveScenario, ExportReport, ExportCapture, CopyCommand, AddAccount, EditAccount,
        RemoveAccount, Reload, DiagnoseServer, FetchAgain, RunMatrix, Cancel, Guide, Shortcuts, About, EntryCount
    };

    // Builds the menus into window->menuBar(); the View menu lists the window's docks, so they
    // are made first.
    explicit MainMenu(QMainWindow *window);

    QAction *action(Entry entry) const { return m_actions[entry]; }
    // Every entry of the menu bar that has a shortcut: its menu path ("File ▸ Export report…")
    // and its key sequence in the platform's words, in menu order (Help ▸ Keyboard shortcuts).
    static QList<QPair<QString, QString>> shortcuts(const QMainWindow *window);
    // The folder name File > Export report suggests (ReportExport::suggestedFolderName()).
    void setExportName(std::function<QString()> name) { m_exportName = std::move(name); }

Q_SIGNALS:
    // File, after the file dialog (not emitted when it was cancelled).
    void openScenarioChosen(const QString &path);
    void saveScenarioChosen(const QString &path);
    // A folder the user named (it may not exist yet: Report::writeFetch makes it).
    void exportReportChosen(const QString &folder);
    // File > Export capture…: the .pcapng file the user named (DESIGN.md §4 CAPTURE).
    void exportCaptureChosen(const QString &path);
    // File > Open report… (Ctrl+Shift+O): a report folder written by msim, here or elsewhere.
    void openReportChosen(const QString &folder);

private:
    std::array<QAction *, EntryCount> m_actions{};
    std::function<QString()> m_exportName;
};

} // namespace msim::ui
