// SPDX-License-Identifier: MIT
#include "ui/MainWindow.h"

#include "emulator/Corpus.h"
#include "scenario/ReportReader.h"
#include "ui/AccountEditor.h"
#include "ui/AccountPasswords.h"
#include "ui/AccountTree.h"
#include "ui/BuiltInAccount.h"
#include "ui/ChunkMapWidget.h"
#include "ui/DiagnoseDialog.h"
#include "ui/EmulatorController.h"
#include "ui/EmulatorPanel.h"
#include "ui/FetchController.h"
#include "ui/Logging.h"
#include "ui/MainMenu.h"
#include "ui/MatrixView.h"
#include "ui/MessageListModel.h"
#include "ui/MessageListView.h"
#include "ui/MessageView.h"
#include "ui/OutcomePresenter.h"
#include "ui/ReportExport.h"
#include "ui/SettingsPane.h"
#include "ui/StatusLine.h"
#include "ui/TranscriptView.h"
#include "ui/WindowLayout.h"

#include <QAction>
#include <QApplication>
#include <QDir>
#include <QFileInfo>
#include <QClipboard>
#include <QCloseEvent>
#include <QDockWidget>
#include <QMessageBox>
#include <QStatusBar>

namespace msim::ui {

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent)
    , m_emulator(new EmulatorController(this))
    , m_passwords(new AccountPasswords(m_emulator, this))
    , m_fetch(new FetchController(this))
    , m_status(new StatusLine(statusBar()))
    , m_selectTimer(new QTimer(this))
    , m_tree(new AccountTree)
    , m_model(new MessageListModel(this))
    , m_table(new MessageListView(m_model))
    , m_messageView(new MessageView)
    , m_transcript(new TranscriptView)
    , m_chunkMap(new ChunkMapWidget)
    , m_matrix(new MatrixView)
    , m_settings(new SettingsPane)
    , m_presenter(
          std::make_unique<OutcomePresenter>(m_messageView, m_chunkMap, m_transcript, m_model))
{
    setWindowTitle(tr("msim — Messenger 4.5 IMAP simulator"));
    buildUi();
    buildMenus();
    connect(m_passwords, &AccountPasswords::message, this, &MainWindow::status);
    connect(m_fetch, &FetchController::message, this, &MainWindow::status);
    connect(m_fetch, &FetchController::progress, m_messageView, &MessageView::setProgress);
    connect(m_fetch, &FetchController::finished, this, &MainWindow::fetchFinishedSlot);
    connect(m_emulator, &EmulatorController::stateChanged, this, [this] {
        syncBuiltInAccount();
        if (m_current >= 0 && m_accounts[m_current].builtIn)
            reloadList();
    });
    WindowLayout::restore(this);
}

MainWindow::~MainWindow()
{
    m_fetch->disconnect(this);
    if (m_loader)
        m_loader->disconnect(this);
}

void MainWindow::buildUi()
{
    connect(m_tree, &AccountTree::accountChosen, this, [this](int index) {
        if (index != m_current)
            selectAccount(index);
    });

    // Selecting a message (mouse or keyboard) fetches it; Enter or a double click fetches the
    // selected one again.
    m_selectTimer->setSingleShot(true);
    m_selectTimer->setInterval(kSelectSettleMs);
    connect(m_selectTimer, &QTimer::timeout, this, [this] {
        if (m_pendingUid && m_pendingUid != m_currentUid)
            openMessage(m_pendingUid);
    });
    connect(m_table, &MessageListView::messageSelected, this, [this](quint32 uid) {
        m_pendingUid = uid;
        m_selectTimer->start();
    });
    connect(m_table, &MessageListView::messageActivated, this, [this](quint32 uid) {
        m_selectTimer->stop();
        openMessage(uid);
    });

    connect(m_messageView, &MessageView::cancelRequested, this, &MainWindow::cancel);
    connect(m_messageView, &MessageView::fetchAgainRequested, this, &MainWindow::fetchAgain);

    connect(m_transcript, &TranscriptView::message, this, &MainWindow::status);
    // A chunk in the picture: the transcript line that carried it.
    connect(m_chunkMap, &ChunkMapWidget::chunkActivated, this, [this](int i) {
        if (m_outcome)
            m_presenter->showChunk(*m_outcome, i, dock(QStringLiteral("transcriptDock")));
    });
    connect(m_matrix, &MatrixView::message, this, &MainWindow::status);
    connect(m_matrix, &MatrixView::cellActivated, this, [this](const scenario::MatrixCell &cell) {
        if (!m_presenter->showCell(cell))
            return;
        m_outcome = cell.result;
        status(tr("Showing the matrix cell %1").arg(cell.folderName()));
    });
    connect(m_settings, &SettingsPane::message, this, &MainWindow::status);
    connect(m_settings, &SettingsPane::prefsChanged, this,
            [this](const prefs::Prefs &, const QString &) { AccountSettings::saveClient(client()); });
    connect(m_settings, &SettingsPane::applyAndFetchRequested, this, &MainWindow::fetchAgain);
    connect(m_messageView, &MessageView::workaroundRequested, m_settings, &SettingsPane::applyWorkaround);

    WindowLayout::arrange(this, {m_tree, m_table, m_messageView, m_transcript, m_chunkMap, m_matrix,
                                 m_settings, new EmulatorPanel(m_emulator)});

    connect(m_status, &StatusLine::cancelRequested, this, &MainWindow::cancel);
}

void MainWindow::buildMenus()
{
    auto *menu = new MainMenu(this);
    m_menu = menu;
    connect(menu, &MainMenu::openScenarioChosen, this, &MainWindow::openScenario);
    connect(menu, &MainMenu::saveScenarioChosen, this, [this](const QString &path) {
        QString error;
        if (!saveScenario(path, &error))
            QMessageBox::warning(this, tr("Save scenario"), error);
    });
    connect(menu, &MainMenu::exportReportChosen, this, [this](const QString &d) { exportReport(d); });
    connect(menu, &MainMenu::openReportChosen, this, [this](const QString &d) { openReport(d); });
    connect(menu, &MainMenu::exportCaptureChosen, this, [this](const QString &f) { exportCapture(f); });
    menu->setExportName([this] {
        return ReportExport::suggestedFolderName(m_outcome, m_currentUid, m_current >= 0 ? m_accounts[m_current].name : QString());
    });
    auto on = [this, menu](MainMenu::Entry entry, auto slot) {
        connect(menu->action(entry), &QAction::triggered, this, slot);
    };
    on(MainMenu::CopyCommand, [this] {
        QApplication::clipboard()->setText(cliCommand());
        status(tr("Copied the msim-cli command (the password is not in it: give it in "
                  "$MSIM_PASSWORD or with --password-file)"));
    });
    on(MainMenu::AddAccount, &MainWindow::addAccountDialog);
    on(MainMenu::EditAccount, &MainWindow::editAccount);
    on(MainMenu::RemoveAccount, &MainWindow::removeAccount);
    on(MainMenu::Reload, &MainWindow::reloadList);
    DiagnoseDialog::attach(this); // Account ▸ Diagnose server…
    on(MainMenu::FetchAgain, &MainWindow::fetchAgain);
    on(MainMenu::Cancel, &MainWindow::cancel);
    on(MainMenu::RunMatrix, [this] {
        if (auto *d = dock(QStringLiteral("matrixDock")))
            d->raise();
        m_matrix->run();
    });
}

QTableView *MainWindow::messageTable() const
{
    return m_table;
}

QDockWidget *MainWindow::dock(const QString &objectName) const
{
    return findChild<QDockWidget *>(objectName);
}

void MainWindow::start()
{
    const bool first = AccountSettings::firstStart();
    m_accounts = AccountSettings::load();
    fetch::ClientSettings c = AccountSettings::loadClient();
    m_settings->setPrefs(c.prefs, c.presetName);
    BuiltInAccount::ensure(m_accounts);
    // The built-in server, as the user left it (exchange55-presp2 the first time).
    QString error;
    if (!BuiltInAccount::startEmulator(*m_emulator, &error))
        status(tr("The built-in server did not start: %1").arg(error));
    syncBuiltInAccount();
    AccountSettings::save(m_accounts);
    AccountSettings::setStarted();
    m_openDemoAfterList = first;
    if (first)
        status(tr("First start: the built-in server plays Exchange 5.5 before SP2; opening the "
                  "20000-octet message over SSL with the KB Q194998 settings…"));
    rebuildTree();
    selectAccount(0);
}

void MainWindow::syncBuiltInAccount()
{
    BuiltInAccount::follow(m_accounts, *m_emulator);
    rebuildTree();
}

void MainWindow::rebuildTree()
{
    m_tree->setAccounts(m_accounts, m_current);
}

fetch::ClientSettings MainWindow::client() const
{
    fetch::ClientSettings c;
    c.prefs = m_settings->prefs();
    c.presetName = m_settings->presetName();
    c.kind = fetch::ClientSettings::kindForPreset(c.presetName);
    return c;
}

bool MainWindow::isBusy() const
{
    return m_loader || m_fetch->isActive() || m_scenario || m_matrix->isRunning();
}

void MainWindow::selectAccount(int index)
{
    if (index < 0 || index >= m_accounts.size())
        return;
    qCDebug(lcUi) << "account switched to" << index << m_accounts[index].name;
    m_current = index;
    rebuildTree();
    reloadList();
}

void MainWindow::clearShown(const QString &placeholder)
{
    m_selectTimer->stop();
    m_pendingUid = 0;
    m_fetch->retire();
    m_outcome.reset();
    m_currentUid = 0;
    m_presenter->clear(placeholder);
    m_matrix->clearRequest();
    updateActions();
}

bool MainWindow::stillShowing(const QString &accountId, quint32 uid) const
{
    return m_current >= 0 && m_accounts[m_current].id == accountId && (!uid || uid == m_currentUid);
}

void MainWindow::updateActions()
{
    if (!m_menu)
        return;
    const bool message = m_currentUid != 0;
    m_menu->action(MainMenu::FetchAgain)->setEnabled(message);
    m_menu->action(MainMenu::RunMatrix)->setEnabled(message);
    m_menu->action(MainMenu::SaveScenario)->setEnabled(message);
    m_menu->action(MainMenu::CopyCommand)->setEnabled(message);
    m_menu->action(MainMenu::ExportReport)->setEnabled(m_outcome.has_value() && !m_outcome->cancelled);
    m_menu->action(MainMenu::ExportCapture)->setEnabled(m_outcome.has_value());
}

void MainWindow::reloadList()
{
    if (m_current < 0)
        return;
    if (m_loader) {
        m_loader->disconnect(this);
        m_loader->cancel();
        m_loader->deleteLater();
        m_loader = nullptr;
    }
    // A new list: nothing of the last one stays on screen.
    m_model->clear();
    clearShown(tr("Loading the message list…"));
    const Account a = m_accounts[m_current];
    busy(tr("Loading the message list of %1…").arg(a.name), true);
    m_passwords->get(a, [this, a](std::optional<QByteArray> pw) {
        if (!stillShowing(a.id) || m_loader)
            return; // another account was chosen meanwhile
        if (!pw) {
            idle();
            status(tr("No password given for %1").arg(a.name));
            m_presenter->clear(tr("No password given for %1: nothing loaded. Account ▸ Edit "
                                  "account… sets one.")
                                   .arg(a.name));
            return;
        }
        qCDebug(lcUi) << "message list loading:" << a.name << a.mailbox;
        auto *loader = new fetch::MailboxLoader(a.server().sessionOptions(*pw, 30), a.mailbox.toUtf8(), this);
        m_loader = loader;
        connect(loader, &fetch::MailboxLoader::opened, this, [this](int exists) {
            busy(tr("Loading %1 messages…").arg(exists), true);
        });
        connect(loader, &fetch::MailboxLoader::rows, this,
                [this](const QList<fetch::MessageSummary> &rows) { m_model->append(rows); });
        connect(loader, &fetch::MailboxLoader::finished, this, [this, loader] {
            loader->deleteLater();
            m_loader = nullptr;
            idle();
            qCDebug(lcUi) << "message list loaded:" << m_model->rowCount() << "messages";
            status(tr("%1 messages").arg(m_model->rowCount()));
            if (!m_currentUid) // else a message chosen while the list came in is being shown
                m_presenter->clear(m_model->rowCount()
                                       ? tr("Select a message to fetch it the way Messenger 4.5 did.")
                                       : tr("The mailbox is empty: there is no message to fetch."));
            Q_EMIT listLoaded(m_model->rowCount());
            if (m_openDemoAfterList) {
                m_openDemoAfterList = false;
                const quint32 uid = emulator::Corpus::uidOfSize(20000);
                if (m_model->rowOfUid(uid) >= 0)
                    openMessage(uid);
            }
        });
        connect(loader, &fetch::MailboxLoader::errorOccurred, this, [this, loader, a] {
            const QString error = loader->errorString();
            loader->deleteLater();
            m_loader = nullptr;
            idle();
            if (imap::ImapSession *s = loader->session();
                s && !s->rejectedCertificate().isNull() &&
                offerPin(s->rejectedCertificate(), s->rejectionReasons())) {
                reloadList();
                return;
            }
            status(tr("The message list could not be loaded: %1").arg(error));
            m_messageView->showListError(a.name, error);
        });
        loader->start();
    });
}

scenario::Scenario MainWindow::caseFor(const Account &a, quint32 uid) const
{
    scenario::Scenario s;
    s.title = tr("UID %1 on %2").arg(uid).arg(a.name);
    s.server = a.server();
    if (a.builtIn && m_emulator->server()) {
        s.server.plainPort = m_emulator->server()->port();
        s.server.tlsPort = m_emulator->server()->tlsPort();
    }
    s.client = scenario::Scenario::Client::of(client());
    s.mailbox = a.mailbox;
    s.uids = {uid};
    return s;
}

void MainWindow::updateMatrixRequest(quint32 uid, const QByteArray &password)
{
    if (m_current < 0)
        return;
    const Account &a = m_accounts[m_current];
    QStringList warnings;
    QString error;
    const auto request = caseFor(a, uid).matrixRequest(password, warnings, &error);
    if (request)
        m_matrix->setRequest(*request, tr("UID %1 on %2").arg(uid).arg(a.name));
}

void MainWindow::openMessage(quint32 uid)
{
    // Only a message of the list on screen: never one of another account, never UID 0.
    if (m_current < 0 || uid == 0 || m_model->rowOfUid(uid) < 0)
        return;
    m_selectTimer->stop();
    m_pendingUid = 0;
    m_fetch->retire();
    m_outcome.reset();
    m_currentUid = uid;
    const Account a = m_accounts[m_current];
    m_table->showUid(uid);
    m_presenter->showFetching(uid);
    updateActions();
    busy(tr("Fetching UID %1…").arg(uid), true);
    m_passwords->get(a, [this, a, uid](std::optional<QByteArray> pw) {
        if (!stillShowing(a.id, uid) || m_fetch->isActive())
            return; // another message or account was chosen meanwhile
        if (!pw) {
            idle();
            m_messageView->showPlaceholder(tr("No password: nothing fetched."));
            return;
        }
        updateMatrixRequest(uid, *pw);
        QStringList warnings;
        QString error;
        const auto request = caseFor(a, uid).fetchRequest(*pw, warnings, &error);
        if (!request) {
            idle();
            m_messageView->showError(tr("The client settings cannot be used: %1").arg(error));
            return;
        }
        m_fetch->start(*request);
    });
}

void MainWindow::fetchFinishedSlot(const fetch::FetchOutcome &outcome)
{
    m_outcome = outcome;
    idle();
    updateActions();
    const fetch::FetchOutcome &o = *m_outcome;
    if (o.cancelled) {
        status(m_presenter->showCancelled(o));
        Q_EMIT fetchFinished();
        if (m_closeAfterFetch)
            close();
        return;
    }
    // An untrusted certificate: show it, and pin it only if the user says so.
    if (o.error && !o.server.rejectedCertificate.isNull() &&
        offerPin(o.server.rejectedCertificate, o.server.rejectionReasons)) {
        openMessage(m_currentUid);
        return;
    }
    status(m_presenter->showFinished(o));
    Q_EMIT fetchFinished();
}

bool MainWindow::offerPin(const QSslCertificate &certificate, const QStringList &reasons)
{
    QString said;
    const bool pinned = m_current >= 0 && AccountEditor::offerPin(m_accounts[m_current], certificate,
                                                                  reasons, this, &said);
    if (pinned)
        AccountSettings::save(m_accounts);
    if (!said.isEmpty())
        status(said);
    return pinned;
}

void MainWindow::fetchAgain()
{
    if (!m_messageView->reportSource().isEmpty()) // a report is not fetched again
        return status(tr("The report on screen is read-only: select a message to fetch it."));
    if (!m_currentUid) {
        status(tr("Select a message first: there is nothing to fetch again."));
        return;
    }
    openMessage(m_currentUid);
}

void MainWindow::cancel()
{
    if (m_fetch->cancel())
        busy(tr("Cancelled; marking the message unread again as it was before…"), false);
    if (m_loader) {
        m_loader->disconnect(this);
        m_loader->cancel();
        m_loader->deleteLater();
        m_loader = nullptr;
        status(tr("Loading the message list was cancelled"));
    }
    if (m_scenario)
        m_scenario->cancel();
    if (m_matrix->isRunning())
        m_matrix->cancel();
    if (!m_fetch->isActive())
        idle();
}

void MainWindow::addAccount(const Account &account, const QByteArray &password, bool remember)
{
    m_accounts << account;
    if (!password.isEmpty()) {
        m_passwords->set(account.id, password, remember, [this](bool inKeyring) {
            status(inKeyring ? tr("The password is kept in the system keyring")
                             : tr("No system keyring: the password is kept for this session only"));
        });
    }
    AccountSettings::save(m_accounts);
    rebuildTree();
    selectAccount(int(m_accounts.size()) - 1);
}

void MainWindow::addAccountDialog()
{
    if (const auto added = AccountEditor::askNew(this))
        addAccount(added->account, added->password, added->remember);
}

void MainWindow::editAccount()
{
    if (m_current < 0 || !AccountEditor::edit(m_accounts[m_current], *m_passwords, this))
        return;
    AccountSettings::save(m_accounts);
    syncBuiltInAccount();
    reloadList();
}

void MainWindow::removeAccount()
{
    QString why;
    if (!AccountEditor::removable(m_current < 0 ? nullptr : &m_accounts[m_current], &why)) {
        status(why);
        return;
    }
    m_passwords->forget(m_accounts[m_current]);
    m_accounts.removeAt(m_current);
    AccountSettings::save(m_accounts);
    m_current = -1;
    selectAccount(0);
}

bool MainWindow::exportReport(const QString &dir, QString *error)
{
    // A report opened from a folder was made elsewhere: neither this account nor its command.
    const bool fromReport = !m_messageView->reportSource().isEmpty();
    return ReportExport::write(this, dir, m_outcome, fromReport || m_current < 0 ? QString() : m_accounts[m_current].name,
                               fromReport ? QString() : cliCommand(), error);
}

bool MainWindow::exportCapture(const QString &path, QString *error)
{
    // The folder of the report on show (empty while a fetch of this window is shown).
    const QString source = m_messageView->reportSource().isEmpty() ? QString() : m_reportFolder;
    QString why;
    const bool ok = ReportExport::writeCapture(path, m_outcome, source,
                                               source.isEmpty() && m_current >= 0 ? m_accounts[m_current].name : QString(),
                                               source.isEmpty() ? cliCommand() : QString(), &why);
    if (!ok)
        return ReportExport::refuse(this, tr("Export capture"), why, error);
    status(tr("Wrote %1 (for Wireshark: its comment says how to read the port as IMAP).")
               .arg(QFileInfo(path).fileName()));
    return true;
}

bool MainWindow::openReport(const QString &folder, QString *error)
{
    const scenario::ReportReader::Result r = scenario::ReportReader::read(folder);
    if (!r.outcome)
        return ReportExport::refuse(this, tr("Open report"), r.error, error);
    m_reportFolder = folder;
    clearShown(QString()); // a fetch under way no longer owns the views
    idle();
    m_table->clearSelection(); // the report is not a message of the selected account
    m_outcome = *r.outcome;
    updateActions();
    status(m_presenter->showReport(r));
    return true;
}

QString MainWindow::cliCommand() const
{
    // Only for a message of the account on screen: never a made-up UID.
    if (m_current < 0 || !m_currentUid)
        return {};
    return caseFor(m_accounts[m_current], m_currentUid).toShellCommand();
}

bool MainWindow::saveScenario(const QString &path, QString *error)
{
    if (m_current < 0 || !m_currentUid) {
        *error = tr("Open a message first: a scenario reproduces a fetch.");
        return false;
    }
    const Account &a = m_accounts[m_current];
    scenario::Scenario s = caseFor(a, m_currentUid);
    s.description = tr("Saved from the msim window.");
    if (a.builtIn) {
        s.server.builtIn = true;
        s.server.profile = m_emulator->options().profile;
        s.server.knobs = m_emulator->options().knobs;
        s.server.corpus = m_emulator->corpusSpec();
    }
    scenario::MessageExpectation e;
    e.verdict = fetch::Verdict::Complete;
    if (m_outcome && !m_outcome->messages.isEmpty())
        e = scenario::MessageExpectation::of(m_outcome->messages.first());
    s.expectMessages.insert(m_currentUid, e);
    if (!s.save(path, error))
        return false;
    status(tr("Scenario saved to %1 (run it with: msim-cli reproduce %1)").arg(path));
    return true;
}

bool MainWindow::openScenario(const QString &path)
{
    QString error;
    auto s = scenario::Scenario::load(path, &error);
    if (!s) {
        QMessageBox::warning(this, tr("Open scenario"), error);
        return false;
    }
    if (m_scenario)
        m_scenario->cancel();
    // The scenario's own server and message: nothing of the account's selection stays shown,
    // and Fetch again is off (the list's messages are not the scenario's).
    clearShown(QString());
    m_table->clearSelection();
    auto *runner = new scenario::ScenarioRunner(*s, this);
    m_scenario = runner;
    busy(tr("Running the scenario \"%1\"…").arg(s->title), true);
    m_messageView->showFetching(s->uids.value(0), s->title, -1);
    connect(runner, &scenario::ScenarioRunner::progress, this, &MainWindow::status);
    connect(runner, &scenario::ScenarioRunner::finished, this, [this, runner] {
        idle();
        runner->deleteLater();
        m_scenario = nullptr;
        // Shown as a fetch is, except in the account's list: its messages are not the scenario's.
        if (runner->fetchOutcome()) {
            m_outcome = *runner->fetchOutcome();
            m_presenter->showFinished(*m_outcome, OutcomePresenter::List::Leave);
        } else if (!runner->cells().isEmpty()) {
            m_outcome = runner->cells().first().result;
            m_presenter->showCell(runner->cells().first());
        }
        updateActions();
        const bool reproduced = runner->expectationMet();
        const QString verdict = runner->ran()
                                    ? (reproduced ? tr("Reproduced: the expectation holds.")
                                                  : tr("Not reproduced: the expectation does not hold."))
                                    : tr("The scenario could not run: %1").arg(runner->errorString());
        status(QStringLiteral("%1 — %2").arg(runner->scenario().title, verdict));
        // Window-modal and not blocking: the event loop (and the built-in server) go on.
        auto *box = new QMessageBox(reproduced ? QMessageBox::Information : QMessageBox::Warning,
                                    tr("Scenario: %1").arg(runner->scenario().title), verdict,
                                    QMessageBox::Ok, this);
        box->setObjectName(QStringLiteral("scenarioResult"));
        box->setDetailedText(runner->summary());
        box->setAttribute(Qt::WA_DeleteOnClose);
        box->open();
        Q_EMIT scenarioFinished(reproduced);
    });
    runner->start();
    return true;
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    AccountSettings::saveClient(client());
    AccountSettings::save(m_accounts);
    WindowLayout::save(this);
    cancel();
    if (m_fetch->isRunning() && !m_closeAfterFetch) {
        // Putting \Seen back first (bounded by the command timeout); closing again does not wait.
        m_closeAfterFetch = true;
        event->ignore();
        return;
    }
    m_emulator->stop();
    event->accept();
}

} // namespace msim::ui
