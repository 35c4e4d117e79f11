#include "ui/MainWindow.h"

#include "emulator/Corpus.h"
#include "net/TlsPolicy.h"
#include "prefs/Presets.h"
#include "scenario/JsonOutput.h"
#include "scenario/Report.h"
#include "ui/AccountDialog.h"
#include "ui/CertificateDialog.h"
#include "ui/ChunkMapWidget.h"
#include "ui/EmulatorController.h"
#include "ui/EmulatorPanel.h"
#include "ui/ItemRoles.h"
#include "ui/MatrixView.h"
#include "ui/MessageListModel.h"
#include "ui/MessageView.h"
#include "ui/PasswordStore.h"
#include "ui/SettingsPane.h"
#include "ui/TranscriptView.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QCloseEvent>
#include <QDir>
#include <QDockWidget>
#include <QFile>
#include <QFileDialog>
#include <QHeaderView>
#include <QInputDialog>
#include <QJsonDocument>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QRegularExpression>
#include <QScrollArea>
#include <QSettings>
#include <QSplitter>
#include <QStatusBar>
#include <QTableView>
#include <QToolBar>
#include <QTreeWidget>

namespace msim::ui {

namespace {

const QString kBuiltInId = QStringLiteral("builtin");

QString shellQuote(const QString &s)
{
    static const QRegularExpression safe(QStringLiteral("^[A-Za-z0-9_./:=@,+-]+$"));
    if (safe.match(s).hasMatch())
        return s;
    QString q = s;
    q.replace(QLatin1Char('\''), QStringLiteral("'\\''"));
    return QLatin1Char('\'') + q + QLatin1Char('\'');
}

} // namespace

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent)
    , m_emulator(new EmulatorController(this))
    , m_passwords(new PasswordStore(QStringLiteral("msim"), this))
{
    setWindowTitle(tr("msim — Messenger 4.5 IMAP simulator"));
    buildUi();
    buildMenus();
    connect(m_passwords, &PasswordStore::message, this, &MainWindow::status);
    connect(m_emulator, &EmulatorController::stateChanged, this, [this] {
        syncBuiltInAccount();
        if (m_current >= 0 && m_accounts[m_current].builtIn)
            reloadList();
    });
    resize(1400, 900);
}

MainWindow::~MainWindow()
{
    if (m_runner)
        m_runner->disconnect(this);
    if (m_loader)
        m_loader->disconnect(this);
}

void MainWindow::buildUi()
{
    m_tree = new QTreeWidget;
    m_tree->setHeaderLabel(tr("Accounts"));
    m_tree->setMinimumWidth(230);
    connect(m_tree, &QTreeWidget::currentItemChanged, this, [this](QTreeWidgetItem *item) {
        if (!item)
            return;
        const int index = item->data(0, Qt::UserRole).toInt();
        if (index != m_current)
            selectAccount(index);
    });

    m_model = new MessageListModel(this);
    m_table = new QTableView;
    m_table->setModel(m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setSortingEnabled(true);
    m_table->horizontalHeader()->setSortIndicator(-1, Qt::AscendingOrder);
    m_table->verticalHeader()->setVisible(false);
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 6);
    m_table->horizontalHeader()->setStretchLastSection(false);
    m_table->horizontalHeader()->setSectionResizeMode(MessageListModel::SubjectColumn, QHeaderView::Stretch);
    m_table->setColumnWidth(MessageListModel::StatusColumn, 110);
    m_table->setColumnWidth(MessageListModel::FromColumn, 260);
    m_table->setColumnWidth(MessageListModel::DateColumn, 150);
    m_table->setColumnWidth(MessageListModel::SizeColumn, 80);
    m_table->setAlternatingRowColors(true);
    m_table->setWordWrap(false);
    connect(m_table, &QTableView::activated, this, [this](const QModelIndex &i) {
        openMessage(i.data(UidRole).toUInt());
    });
    connect(m_table, &QTableView::clicked, this, [this](const QModelIndex &i) {
        const quint32 uid = i.data(UidRole).toUInt();
        if (uid != m_currentUid || !m_runner)
            openMessage(uid);
    });

    m_messageView = new MessageView;
    connect(m_messageView, &MessageView::cancelRequested, this, &MainWindow::cancel);
    connect(m_messageView, &MessageView::fetchAgainRequested, this, &MainWindow::fetchAgain);

    auto *center = new QSplitter(Qt::Vertical);
    center->addWidget(m_table);
    center->addWidget(m_messageView);
    center->setStretchFactor(0, 2);
    center->setStretchFactor(1, 3);
    center->setSizes({250, 450});
    auto *main = new QSplitter(Qt::Horizontal);
    main->addWidget(m_tree);
    main->addWidget(center);
    main->setStretchFactor(1, 1);
    main->setSizes({250, 1150});
    setCentralWidget(main);

    auto makeDock = [this](const QString &title, const QString &name, QWidget *w,
                           Qt::DockWidgetArea area) {
        auto *d = new QDockWidget(title, this);
        d->setObjectName(name);
        d->setWidget(w);
        addDockWidget(area, d);
        return d;
    };
    m_transcript = new TranscriptView;
    connect(m_transcript, &TranscriptView::message, this, &MainWindow::status);
    m_chunkMap = new ChunkMapWidget;
    auto *chunkScroll = new QScrollArea;
    chunkScroll->setWidget(m_chunkMap);
    chunkScroll->setWidgetResizable(true);
    // A chunk in the picture: the transcript line that carried it.
    connect(m_chunkMap, &ChunkMapWidget::chunkActivated, this, [this](int i) {
        if (!m_outcome || m_outcome->messages.isEmpty())
            return;
        const fetch::MessageOutcome &m = m_outcome->messages.first();
        if (i < 0 || i >= m.chunks.size() || m.chunks[i].literalStreamOffset < 0)
            return;
        if (auto *d = dock(QStringLiteral("transcriptDock")))
            d->raise();
        m_transcript->showStreamOffset(m.chunks[i].connection, m.chunks[i].literalStreamOffset);
    });
    m_matrix = new MatrixView;
    connect(m_matrix, &MatrixView::message, this, &MainWindow::status);
    connect(m_matrix, &MatrixView::cellActivated, this, [this](const scenario::MatrixCell &cell) {
        if (cell.result.messages.isEmpty())
            return;
        m_outcome = cell.result;
        m_messageView->showOutcome(cell.result.messages.first(), cell.result.client,
                                   cell.result.error.value_or(QString()));
        m_transcript->setTranscripts(cell.result.transcripts);
        m_chunkMap->setMessage(cell.result.messages.first(), cell.result.client);
        status(tr("Showing the matrix cell %1").arg(cell.folderName()));
    });
    m_emulatorPanel = new EmulatorPanel(m_emulator);
    m_settings = new SettingsPane;
    connect(m_settings, &SettingsPane::message, this, &MainWindow::status);
    connect(m_settings, &SettingsPane::prefsChanged, this,
            [this](const prefs::Prefs &, const QString &) { AccountSettings::saveClient(client()); });
    connect(m_settings, &SettingsPane::applyAndFetchRequested, this, &MainWindow::fetchAgain);

    auto *transcriptDock = makeDock(tr("Transcript"), QStringLiteral("transcriptDock"), m_transcript,
                                    Qt::BottomDockWidgetArea);
    auto *chunkDock = makeDock(tr("Chunk picture"), QStringLiteral("chunkDock"), chunkScroll,
                               Qt::BottomDockWidgetArea);
    auto *matrixDock = makeDock(tr("Reproduction matrix"), QStringLiteral("matrixDock"), m_matrix,
                                Qt::BottomDockWidgetArea);
    tabifyDockWidget(chunkDock, transcriptDock);
    tabifyDockWidget(transcriptDock, matrixDock);
    chunkDock->raise();
    auto *settingsDock = makeDock(tr("Settings (prefs)"), QStringLiteral("settingsDock"), m_settings,
                                  Qt::RightDockWidgetArea);
    auto *serverDock = makeDock(tr("Built-in server"), QStringLiteral("serverDock"), m_emulatorPanel,
                                Qt::RightDockWidgetArea);
    tabifyDockWidget(settingsDock, serverDock);
    settingsDock->raise();
    resizeDocks({chunkDock}, {260}, Qt::Vertical);
    resizeDocks({settingsDock}, {460}, Qt::Horizontal);

    m_status = new QLabel;
    m_status->setTextFormat(Qt::PlainText);
    m_busy = new QProgressBar;
    m_busy->setMaximumWidth(220);
    m_busy->setRange(0, 0);
    m_busy->setVisible(false);
    m_busyCancel = new QPushButton(tr("Cancel"));
    m_busyCancel->setVisible(false);
    connect(m_busyCancel, &QPushButton::clicked, this, &MainWindow::cancel);
    statusBar()->addWidget(m_status, 1);
    statusBar()->addPermanentWidget(m_busy);
    statusBar()->addPermanentWidget(m_busyCancel);
}

void MainWindow::buildMenus()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    file->addAction(tr("&Open scenario…"), QKeySequence::Open, this, [this] {
        QString dir = QDir(QCoreApplication::applicationDirPath()).filePath(QStringLiteral("../../resources/scenarios"));
        if (!QDir(dir).exists())
            dir = QDir::homePath();
        const QString f = QFileDialog::getOpenFileName(this, tr("Open a scenario"), dir,
                                                       tr("Scenario files (*.json)"));
        if (!f.isEmpty())
            openScenario(f);
    });
    file->addAction(tr("&Save as scenario…"), QKeySequence::SaveAs, this, [this] {
        const QString f = QFileDialog::getSaveFileName(this, tr("Save the current case as a scenario"),
                                                       QStringLiteral("reproduction.json"),
                                                       tr("Scenario files (*.json)"));
        QString error;
        if (!f.isEmpty() && !saveScenario(f, &error))
            QMessageBox::warning(this, tr("Save scenario"), error);
    });
    file->addAction(tr("&Export report for the ticket…"), this, [this] {
        const QString dir = QFileDialog::getExistingDirectory(this, tr("Export the report into"));
        QString error;
        if (dir.isEmpty())
            return;
        if (!exportReport(dir, &error))
            QMessageBox::warning(this, tr("Export report"), error);
    });
    file->addAction(tr("&Copy as msim-cli command"), this, [this] {
        QApplication::clipboard()->setText(cliCommand());
        status(tr("Copied the msim-cli command (the password is not in it: give it in "
                  "$MSIM_PASSWORD or with --password-file)"));
    });
    file->addSeparator();
    file->addAction(tr("&Quit"), QKeySequence::Quit, this, &QWidget::close);

    QMenu *account = menuBar()->addMenu(tr("&Account"));
    account->addAction(tr("&Add account…"), this, &MainWindow::addAccountDialog);
    account->addAction(tr("&Edit account…"), this, &MainWindow::editAccount);
    account->addAction(tr("&Remove account"), this, &MainWindow::removeAccount);
    account->addAction(tr("Re&load messages"), QKeySequence::Refresh, this, &MainWindow::reloadList);

    QMenu *message = menuBar()->addMenu(tr("&Message"));
    message->addAction(tr("&Fetch again"), QKeySequence(Qt::CTRL | Qt::Key_R), this, &MainWindow::fetchAgain);
    message->addAction(tr("Run the &matrix"), this, [this] {
        if (auto *d = dock(QStringLiteral("matrixDock")))
            d->raise();
        m_matrix->run();
    });
    message->addAction(tr("&Cancel"), QKeySequence(Qt::Key_Escape), this, &MainWindow::cancel);

    QMenu *view = menuBar()->addMenu(tr("&View"));
    for (QDockWidget *d : findChildren<QDockWidget *>())
        view->addAction(d->toggleViewAction());

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About msim"), this, [this] {
        QMessageBox::about(this, tr("About msim"),
                           tr("<p><b>msim</b> reproduces what Netscape Messenger 4.5's IMAP client "
                              "did to a mail server, and what it displayed.</p><p>KB Q194998: "
                              "Messenger 4.5 fetched messages in chunks; over SSL, Exchange 5.5 "
                              "before SP2 sent more octets than a chunk's literal announced, and "
                              "Messenger logged out and showed the message cut off. The "
                              "workaround was <tt>user_pref(\"mail.imap.fetch_by_chunks\", "
                              "false);</tt>.</p><p>Open a message to fetch it as 4.5 did; the "
                              "banner, the chunk picture and the transcript show what happened. "
                              "Untick fetch_by_chunks in the settings and fetch again; run the "
                              "matrix; export the report for the ticket.</p>"));
    });
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
    bool hasBuiltIn = false;
    for (const Account &a : std::as_const(m_accounts))
        hasBuiltIn = hasBuiltIn || a.builtIn;
    if (!hasBuiltIn) {
        Account b;
        b.id = kBuiltInId;
        b.builtIn = true;
        b.user = QStringLiteral("test");
        b.security = net::Security::Ssl;
        m_accounts.prepend(b);
    }
    // The built-in server, as the user left it (exchange55-presp2 the first time).
    QSettings s;
    emulator::ServerOptions o;
    o.profile = s.value(QStringLiteral("emulator/profile"), QStringLiteral("exchange55-presp2")).toString();
    QString error;
    if (!m_emulator->start(o, s.value(QStringLiteral("emulator/corpus"), QStringLiteral("sample")).toString(),
                           &error))
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
    emulator::EmulatedServer *srv = m_emulator->server();
    for (Account &a : m_accounts) {
        if (!a.builtIn)
            continue;
        const QString profile = m_emulator->options().profile;
        a.name = tr("Built-in: %1").arg(profile);
        a.host = QStringLiteral("127.0.0.1");
        if (srv) {
            a.port = a.security == net::Security::Ssl ? srv->tlsPort() : srv->port();
            a.pins = {net::TlsPolicy::formatPin(srv->fingerprint())}; // pinned: ours, minted here
        }
        QSettings().setValue(QStringLiteral("emulator/profile"), profile);
        QSettings().setValue(QStringLiteral("emulator/corpus"), m_emulator->corpusSpec());
    }
    rebuildTree();
}

void MainWindow::rebuildTree()
{
    if (!m_tree)
        return;
    const QSignalBlocker block(m_tree);
    m_tree->clear();
    for (int i = 0; i < m_accounts.size(); ++i) {
        auto *item = new QTreeWidgetItem(m_tree, {m_accounts[i].name});
        item->setData(0, Qt::UserRole, i);
        item->setToolTip(0, QStringLiteral("%1:%2 (%3), user %4")
                                .arg(m_accounts[i].host)
                                .arg(m_accounts[i].port)
                                .arg(net::securityName(m_accounts[i].security), m_accounts[i].user));
        auto *inbox = new QTreeWidgetItem(item, {m_accounts[i].mailbox});
        inbox->setData(0, Qt::UserRole, i);
        item->setExpanded(true);
        if (i == m_current)
            m_tree->setCurrentItem(inbox);
    }
}

fetch::ClientSettings MainWindow::client() const
{
    fetch::ClientSettings c;
    c.prefs = m_settings->prefs();
    c.presetName = m_settings->presetName();
    c.kind = fetch::ClientSettings::kindForPreset(c.presetName);
    return c;
}

void MainWindow::status(const QString &text)
{
    m_status->setText(text);
}

void MainWindow::busy(const QString &what, bool cancellable)
{
    status(what);
    m_busy->setVisible(true);
    m_busyCancel->setVisible(cancellable);
}

void MainWindow::idle()
{
    m_busy->setVisible(false);
    m_busyCancel->setVisible(false);
}

bool MainWindow::isBusy() const
{
    return m_loader || m_runner || m_scenario || m_matrix->isRunning();
}

void MainWindow::withPassword(const Account &a, std::function<void(std::optional<QByteArray>)> then)
{
    if (a.builtIn) {
        then(m_emulator->options().password);
        return;
    }
    if (m_sessionPasswords.contains(a.id)) {
        then(m_sessionPasswords.value(a.id));
        return;
    }
    QPointer<MainWindow> self(this);
    m_passwords->read(a.id, [self, a, then](std::optional<QByteArray> pw) {
        if (!self)
            return;
        if (pw) {
            then(pw);
            return;
        }
        bool ok = false;
        const QString text = QInputDialog::getText(self, tr("Password"),
                                                   tr("Password for %1 on %2:").arg(a.user, a.host),
                                                   QLineEdit::Password, {}, &ok);
        if (!ok) {
            then(std::nullopt);
            return;
        }
        self->m_sessionPasswords.insert(a.id, text.toUtf8());
        then(text.toUtf8());
    });
}

void MainWindow::selectAccount(int index)
{
    if (index < 0 || index >= m_accounts.size())
        return;
    m_current = index;
    rebuildTree();
    reloadList();
}

void MainWindow::reloadList()
{
    if (m_current < 0)
        return;
    if (m_loader) {
        m_loader->disconnect(this);
        m_loader->cancel();
        m_loader->deleteLater();
    }
    m_model->clear();
    const Account a = m_accounts[m_current];
    busy(tr("Loading the message list of %1…").arg(a.name), true);
    withPassword(a, [this, a](std::optional<QByteArray> pw) {
        if (!pw) {
            idle();
            status(tr("No password given for %1").arg(a.name));
            return;
        }
        auto *loader = new fetch::MailboxLoader(a.server().sessionOptions(*pw, 30), a.mailbox.toUtf8(), this);
        m_loader = loader;
        connect(loader, &fetch::MailboxLoader::opened, this, [this](int exists) {
            busy(tr("Loading %1 messages…").arg(exists), true);
        });
        connect(loader, &fetch::MailboxLoader::rows, this,
                [this](const QList<fetch::MessageSummary> &rows) { m_model->append(rows); });
        connect(loader, &fetch::MailboxLoader::finished, this, [this, loader, pw] {
            loader->deleteLater();
            m_loader = nullptr;
            idle();
            status(tr("%1 messages").arg(m_model->rowCount()));
            if (m_currentUid)
                updateMatrixRequest(m_currentUid, *pw);
            Q_EMIT listLoaded(m_model->rowCount());
            if (m_openDemoAfterList) {
                m_openDemoAfterList = false;
                const quint32 uid = emulator::Corpus::uidOfSize(20000);
                const int row = m_model->rowOfUid(uid);
                if (row >= 0) {
                    m_table->selectRow(row);
                    openMessage(uid);
                }
            }
        });
        connect(loader, &fetch::MailboxLoader::errorOccurred, this, [this, loader] {
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
            m_messageView->showError(error);
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
    if (m_current < 0 || uid == 0)
        return;
    if (m_runner)
        retireRunner();
    m_currentUid = uid;
    const Account a = m_accounts[m_current];
    const int row = m_model->rowOfUid(uid);
    if (row >= 0) {
        const QSignalBlocker block(m_table->selectionModel());
        m_table->selectRow(row);
        m_table->scrollTo(m_model->index(row, 0), QAbstractItemView::PositionAtCenter);
    }
    const QString subject = row >= 0 ? m_model->summary(row).subject : QString();
    const qint64 size = row >= 0 ? m_model->summary(row).size : -1;
    m_messageView->showFetching(uid, subject, size);
    busy(tr("Fetching UID %1…").arg(uid), true);
    withPassword(a, [this, a, uid](std::optional<QByteArray> pw) {
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
        auto *runner = new fetch::FetchRunner(*request, this);
        m_runner = runner;
        connect(runner, &fetch::FetchRunner::progress, this,
                [this](const QString &stage, quint32, qint64 octets, qint64 total, int chunks) {
                    m_messageView->setProgress(stage, octets, total, chunks);
                });
        connect(runner, &fetch::FetchRunner::finished, this, &MainWindow::fetchFinishedSlot);
        runner->start();
    });
}

void MainWindow::retireRunner()
{
    // Cancelled, a fetch still puts \Seen back on a connection of its own; it goes when that
    // is done, and a restore that failed is still said.
    fetch::FetchRunner *old = m_runner;
    m_runner = nullptr;
    old->disconnect(this);
    if (!old->isRunning()) {
        old->deleteLater();
        return;
    }
    connect(old, &fetch::FetchRunner::finished, this, [this, old] {
        old->deleteLater();
        if (!old->outcome().warnings.isEmpty())
            status(old->outcome().warnings.join(QLatin1Char(' ')));
    });
    old->cancel();
}

void MainWindow::fetchFinishedSlot()
{
    fetch::FetchRunner *runner = m_runner;
    if (!runner)
        return;
    m_outcome = runner->outcome();
    runner->deleteLater();
    m_runner = nullptr;
    idle();
    const fetch::FetchOutcome &o = *m_outcome;
    if (o.cancelled) {
        // No verdict: what had arrived, and what became of \Seen.
        const QStringList seen = o.warnings + o.notes;
        if (!o.messages.isEmpty())
            m_messageView->showCancelled(o.messages.first(), o.client, seen);
        else
            m_messageView->showPlaceholder(tr("Fetch cancelled before anything was fetched."));
        m_chunkMap->clear();
        m_transcript->setTranscripts(o.transcripts);
        // The sentences begin "Cancelled." themselves.
        status(seen.isEmpty() ? tr("Fetch cancelled.") : seen.join(QLatin1Char(' ')));
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
    if (o.messages.isEmpty()) {
        m_messageView->showError(o.error.value_or(tr("nothing was fetched")));
    } else {
        const fetch::MessageOutcome &m = o.messages.first();
        m_messageView->showOutcome(m, o.client, o.error.value_or(m.error));
        m_chunkMap->setMessage(m, o.client);
        if (!m.chunks.isEmpty())
            m_model->setVerdict(m.uid, fetch::verdictName(m.comparison.verdict));
    }
    m_transcript->setTranscripts(o.transcripts);
    QStringList extra = o.warnings + o.notes;
    status(o.error ? *o.error
                   : extra.isEmpty() ? tr("Fetched in %1 ms").arg(o.elapsedMs) : extra.join(QLatin1Char(' ')));
    Q_EMIT fetchFinished();
}

bool MainWindow::offerPin(const QSslCertificate &certificate, const QStringList &reasons)
{
    if (m_current < 0 || m_accounts[m_current].builtIn)
        return false;
    Account &a = m_accounts[m_current];
    const QString pin = net::TlsPolicy::formatPin(net::TlsPolicy::fingerprint(certificate));
    if (a.pins.contains(pin))
        return false; // pinned already and still refused: do not ask again
    if (!CertificateDialog::askToPin(certificate, reasons, a.host, a.port, this)) {
        status(tr("The certificate of %1 was not accepted; nothing was sent to the server.").arg(a.host));
        return false;
    }
    a.pins << pin;
    AccountSettings::save(m_accounts);
    status(tr("Pinned %1 for %2:%3").arg(pin, a.host).arg(a.port));
    return true;
}

void MainWindow::fetchAgain()
{
    if (m_currentUid)
        openMessage(m_currentUid);
}

void MainWindow::cancel()
{
    if (m_runner) {
        // finished() follows: at once, or once \Seen is put back on a connection of its own.
        m_runner->cancel();
        if (m_runner && m_runner->isRunning())
            busy(tr("Cancelled; marking the message unread again as it was before…"), false);
    }
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
    if (!m_runner)
        idle();
}

void MainWindow::addAccount(const Account &account, const QByteArray &password, bool remember)
{
    m_accounts << account;
    if (!password.isEmpty()) {
        m_sessionPasswords.insert(account.id, password);
        if (remember)
            m_passwords->write(account.id, password, [this](bool inKeyring) {
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
    Account a;
    a.host = QString();
    AccountDialog d(a, this);
    if (d.exec() == QDialog::Accepted)
        addAccount(d.account(), d.password(), d.rememberPassword());
}

void MainWindow::editAccount()
{
    if (m_current < 0)
        return;
    AccountDialog d(m_accounts[m_current], this);
    if (d.exec() != QDialog::Accepted)
        return;
    m_accounts[m_current] = d.account();
    if (!d.password().isEmpty()) {
        m_sessionPasswords.insert(m_accounts[m_current].id, d.password());
        if (d.rememberPassword())
            m_passwords->write(m_accounts[m_current].id, d.password(), [](bool) {});
    }
    AccountSettings::save(m_accounts);
    syncBuiltInAccount();
    reloadList();
}

void MainWindow::removeAccount()
{
    if (m_current < 0 || m_accounts[m_current].builtIn) {
        status(tr("The built-in server's account stays; stop the server in its panel instead"));
        return;
    }
    m_passwords->remove(m_accounts[m_current].id);
    m_sessionPasswords.remove(m_accounts[m_current].id);
    m_accounts.removeAt(m_current);
    AccountSettings::save(m_accounts);
    m_current = -1;
    selectAccount(0);
}

bool MainWindow::exportReport(const QString &dir, QString *error)
{
    if (!m_outcome) {
        *error = tr("Fetch a message first: the report is about a fetch.");
        return false;
    }
    if (m_outcome->cancelled) {
        // A cancelled fetch has no verdict; the report would show one.
        *error = tr("The last fetch was cancelled: fetch the message again to write a report.");
        return false;
    }
    scenario::ReportContext ctx;
    ctx.title = tr("msim: UID %1 from %2").arg(m_currentUid).arg(m_outcome->server.host);
    ctx.command = cliCommand();
    const bool ok = scenario::Report::writeFetch(dir, *m_outcome, ctx, scenario::JsonOutput::fetch(*m_outcome), error);
    if (ok)
        status(tr("Report written to %1 (open report.html)").arg(dir));
    return ok;
}

QString MainWindow::cliCommand() const
{
    if (m_current < 0)
        return {};
    QStringList quoted;
    const auto args = caseFor(m_accounts[m_current], m_currentUid ? m_currentUid : 1).toCommandLine();
    for (const QString &s : args)
        quoted << shellQuote(s);
    return quoted.join(QLatin1Char(' '));
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
    if (m_outcome && !m_outcome->messages.isEmpty()) {
        const fetch::MessageOutcome &m = m_outcome->messages.first();
        e.verdict = m.comparison.verdict;
        e.displayedLength = m.displayed.size();
        if (m.sessionEnd != fetch::MessageEnd::None)
            e.sessionEnd = m.sessionEnd;
        for (const auto &ch : m.chunks) {
            if (ch.status != fetch::ChunkStatus::Ok && !e.chunkStatuses.contains(ch.status))
                e.chunkStatuses << ch.status;
        }
    } else {
        e.verdict = fetch::Verdict::Complete;
    }
    s.expectMessages.insert(m_currentUid, e);
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly) || f.write(s.toJsonText()) < 0 || !f.flush()) {
        *error = tr("Cannot write %1: %2").arg(path, f.errorString());
        return false;
    }
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
    auto *runner = new scenario::ScenarioRunner(*s, this);
    m_scenario = runner;
    busy(tr("Running the scenario \"%1\"…").arg(s->title), true);
    m_messageView->showFetching(s->uids.value(0), s->title, -1);
    connect(runner, &scenario::ScenarioRunner::progress, this, &MainWindow::status);
    connect(runner, &scenario::ScenarioRunner::finished, this, [this, runner] {
        idle();
        runner->deleteLater();
        m_scenario = nullptr;
        if (runner->fetchOutcome()) {
            m_outcome = *runner->fetchOutcome();
            if (!m_outcome->messages.isEmpty()) {
                m_currentUid = m_outcome->messages.first().uid;
                m_messageView->showOutcome(m_outcome->messages.first(), m_outcome->client,
                                           m_outcome->error.value_or(QString()));
                m_chunkMap->setMessage(m_outcome->messages.first(), m_outcome->client);
            }
            m_transcript->setTranscripts(m_outcome->transcripts);
        } else if (!runner->cells().isEmpty()) {
            const scenario::MatrixCell &c = runner->cells().first();
            m_outcome = c.result;
            if (!c.result.messages.isEmpty())
                m_messageView->showOutcome(c.result.messages.first(), c.result.client);
        }
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
    cancel();
    if (m_runner && m_runner->isRunning() && !m_closeAfterFetch) {
        // Putting \Seen back first (bounded by the command timeout); closing again does not wait.
        m_closeAfterFetch = true;
        event->ignore();
        return;
    }
    m_emulator->stop();
    event->accept();
}

} // namespace msim::ui
