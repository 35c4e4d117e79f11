// SPDX-License-Identifier: MIT
#pragma once

#include "fetch/FetchRunner.h"
#include "fetch/MailboxLoader.h"
#include "scenario/ScenarioRunner.h"
#include "ui/Account.h"
#include "ui/StatusLine.h"

#include <QMainWindow>
#include <QPointer>

#include <memory>

class QTableView;
class QTimer;

namespace msim::ui {

class AccountPasswords;
class MainMenu;
class AccountTree;
class ChunkMapWidget;
class EmulatorController;
class FetchController;
class MatrixView;
class MessageListModel;
class MessageListView;
class MessageView;
class OutcomePresenter;
class SettingsPane;
class TranscriptView;

// The desktop app's window (DESIGN.md §1): accounts and folders, the message list, the message
// view with its verdict banner, and the diagnostics docks (transcript, chunk picture, matrix,
// the built-in server, the settings). It wires its parts to the objects that do the work —
// MailboxLoader, FetchController, OutcomePresenter, AccountPasswords, AccountEditor,
// BuiltInAccount, Matrix, ScenarioRunner, the emulator — and never blocks: every long step shows
// progress and can be cancelled. On first start it starts the built-in server (exchange55-presp2)
// on loopback, pins its certificate, and opens the KB Q194998 case.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(QWidget *parent = nullptr);
    ~MainWindow() override;

    // Restores the accounts, starts the built-in server, loads the first folder; on the very
    // first start it also opens the 20000-octet message under the kb-q194998 preset.
    void start();

    void openMessage(quint32 uid);
    void fetchAgain();
    void cancel();
    void reloadList();
    void selectAccount(int index);
    void addAccount(const Account &account, const QByteArray &password, bool remember);
    // File > Export report (ReportExport::write): false when nothing was written, with the reason
    // in *error or, without `error`, in a warning box.
    bool exportReport(const QString &dir, QString *error = nullptr);
    // File > Export capture…: the fetch's connections as pcapng (scenario::RunCapture); for a
    // report opened from a folder, a copy of its capture.pcapng. false + why (a box, or *error).
    bool exportCapture(const QString &path, QString *error = nullptr);
    // File > Open report: shows a report folder (scenario::ReportReader) read-only in the views;
    // false when it cannot be opened: *error holds the reader's sentence (naming the file), or,
    // without `error`, a warning box shows it.
    bool openReport(const QString &folder, QString *error = nullptr);
    bool openScenario(const QString &path);
    bool saveScenario(const QString &path, QString *error);
    QString cliCommand() const;

    // For tests and the screenshot script.
    MessageListModel *messageModel() const { return m_model; }
    MessageView *messageView() const { return m_messageView; }
    SettingsPane *settingsPane() const { return m_settings; }
    MatrixView *matrixView() const { return m_matrix; }
    EmulatorController *emulator() const { return m_emulator; }
    TranscriptView *transcriptView() const { return m_transcript; }
    ChunkMapWidget *chunkMap() const { return m_chunkMap; }
    QTableView *messageTable() const;
    AccountPasswords *passwords() const { return m_passwords; }
    MainMenu *menu() const { return m_menu; }
    const QList<Account> &accounts() const { return m_accounts; }
    int currentAccountIndex() const { return m_current; }
    const std::optional<fetch::FetchOutcome> &lastOutcome() const { return m_outcome; }
    bool isBusy() const;
    QDockWidget *dock(const QString &objectName) const;

Q_SIGNALS:
    void listLoaded(int rows);
    void fetchFinished();
    void scenarioFinished(bool reproduced);

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void buildUi();
    void buildMenus();
    void rebuildTree();
    void syncBuiltInAccount();
    // The case on screen: the account's server (the built-in one where it runs now), the
    // client of the settings pane, one message.
    scenario::Scenario caseFor(const Account &a, quint32 uid) const;
    fetch::ClientSettings client() const;
    void fetchFinishedSlot(const fetch::FetchOutcome &outcome);
    void updateMatrixRequest(quint32 uid, const QByteArray &password);
    // The status bar (StatusLine): a line of text; the busy bar, Cancel when `cancellable`.
    void status(const QString &text) { m_status->show(text); }
    void busy(const QString &what, bool cancellable) { m_status->busy(what, cancellable); }
    void idle() { m_status->idle(); }
    // After a refused certificate: shows it and asks; true when the user pinned it (then the
    // caller retries).
    bool offerPin(const QSslCertificate &certificate, const QStringList &reasons);
    void editAccount();
    void addAccountDialog();
    void removeAccount();
    // Nothing selected any more (another account, a reloaded or failed list): the fetch going
    // is let go, and every view shows `placeholder` or nothing instead of the last message.
    void clearShown(const QString &placeholder);
    // True while the account `accountId` is selected and (uid != 0) `uid` is its message on
    // screen: an answer that arrives later for anything else is dropped.
    bool stillShowing(const QString &accountId, quint32 uid = 0) const;
    // The actions that need a message (Fetch again, Export report, Run matrix, Save as
    // scenario) on only when one is on screen.
    void updateActions();

    QList<Account> m_accounts;
    int m_current = -1;
    QPointer<fetch::MailboxLoader> m_loader;
    QPointer<scenario::ScenarioRunner> m_scenario;
    std::optional<fetch::FetchOutcome> m_outcome;
    quint32 m_currentUid = 0; // the message on screen (0: none); in m_model's list
    quint32 m_pendingUid = 0; // chosen with the keyboard, opened when m_selectTimer fires
    bool m_openDemoAfterList = false;
    bool m_closeAfterFetch = false; // the window waits for a cancelled fetch's \Seen restore

    // Made with the window and never replaced. Helpers, not widgets: the built-in server,
    // passwords, the fetch, the status bar, and what shows an outcome.
    EmulatorController *const m_emulator;
    AccountPasswords *const m_passwords;
    FetchController *const m_fetch;
    StatusLine *const m_status;
    // Arrow keys held down walk the list: the message is opened once they rest this long.
    static constexpr int kSelectSettleMs = 200;
    QTimer *const m_selectTimer;
    MainMenu *m_menu = nullptr;
    QString m_reportFolder; // the last report opened (File > Open report…)
    // The window's parts (the layout and the docks own them).
    AccountTree *const m_tree;
    MessageListModel *const m_model;
    MessageListView *const m_table;
    MessageView *const m_messageView;
    TranscriptView *const m_transcript;
    ChunkMapWidget *const m_chunkMap;
    MatrixView *const m_matrix;
    SettingsPane *const m_settings;
    const std::unique_ptr<OutcomePresenter> m_presenter;
};

} // namespace msim::ui
