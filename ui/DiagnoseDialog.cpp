// SPDX-License-Identifier: MIT
#include "ui/DiagnoseDialog.h"

#include "diagnose/DiagnoseReport.h"
#include "diagnose/DiagnoseScenario.h"
#include "emulator/EmulatedServer.h"
#include "ui/Account.h"
#include "ui/AccountPasswords.h"
#include "ui/DiagnoseResultPanel.h"
#include "ui/EmulatorController.h"
#include "ui/ErrorLabel.h"
#include "ui/MainMenu.h"
#include "ui/MainWindow.h"

#include <QAction>
#include <QCheckBox>
#include <QDateTime>
#include <QDir>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QScreen>
#include <QSpinBox>
#include <QSplitter>
#include <QTableWidget>
#include <QVBoxLayout>

namespace msim::ui {

namespace {

enum Column { ProbeName, Transport, Command, Result, Evidence, ColumnCount };

// The seconds each command of the probes may take (msim-cli's --timeout default).
constexpr double kCommandTimeoutSeconds = 30;

QSpinBox *portField(QWidget *parent)
{
    auto *s = new QSpinBox(parent);
    s->setRange(1, 65535);
    s->setAccelerated(true);
    return s;
}

} // namespace

DiagnoseDialog::DiagnoseDialog(diagnose::DiagnoseRequest request, const QString &server,
                               QWidget *parent)
    : QDialog(parent)
    , m_request(std::move(request))
    , m_server(server)
    , m_chooseFile([this](const QString &suggested) {
        return QFileDialog::getSaveFileName(this, tr("Save the fault as a scenario"), suggested,
                                            tr("Scenario files (*.json)"));
    })
    , m_plainOn(new QCheckBox(tr("Plain / STARTTLS port"), this))
    , m_plainPort(portField(this))
    , m_tlsOn(new QCheckBox(tr("Implicit TLS port"), this))
    , m_tlsPort(portField(this))
    , m_uid(new QSpinBox(this))
    , m_start(new QPushButton(tr("&Start"), this))
    , m_export(new QPushButton(tr("&Export report…"), this))
    , m_cancel(new QPushButton(tr("Cancel"), this))
    , m_progress(new QProgressBar(this))
    , m_stage(new QLabel(this))
    , m_error(new ErrorLabel(this))
    , m_table(new QTableWidget(0, ColumnCount, this))
    , m_panel(new DiagnoseResultPanel(this))
    , m_split(new QSplitter(Qt::Vertical, this))
{
    setObjectName(QStringLiteral("diagnoseDialog"));
    setWindowTitle(tr("Diagnose %1").arg(server));
    setSizeGripEnabled(true);

    m_plainOn->setChecked(m_request.plainPort.has_value());
    m_plainPort->setValue(m_request.plainPort.value_or(net::defaultPort(net::Security::None)));
    m_tlsOn->setChecked(m_request.tlsPort.has_value());
    m_tlsPort->setValue(m_request.tlsPort.value_or(net::defaultPort(net::Security::Ssl)));
    m_plainPort->setEnabled(m_plainOn->isChecked());
    m_tlsPort->setEnabled(m_tlsOn->isChecked());
    connect(m_plainOn, &QCheckBox::toggled, m_plainPort, &QWidget::setEnabled);
    connect(m_tlsOn, &QCheckBox::toggled, m_tlsPort, &QWidget::setEnabled);
    m_plainPort->setObjectName(QStringLiteral("plainPort"));
    m_tlsPort->setObjectName(QStringLiteral("tlsPort"));
    m_uid->setObjectName(QStringLiteral("uid"));
    m_uid->setRange(0, std::numeric_limits<int>::max());
    m_uid->setSpecialValueText(tr("chosen by msim"));
    m_uid->setValue(int(m_request.uid.value_or(0)));
    m_uid->setToolTip(tr("The message to probe; msim chooses the smallest of at least 12289 octets "
                         "(and one over 1 MiB when there is one)"));

    auto *intro = new QLabel(
        tr("msim probes %1 with Messenger 4.5's partial fetches and the RFC 3501 §6.4.5 edge "
           "cases on one message, names the known faults it shows, measures which clients "
           "suffer, and re-runs candidate workarounds to see which come back complete. It "
           "changes nothing on the server (\\Seen is put back).")
            .arg(server),
        this);
    intro->setWordWrap(true);

    auto *ports = new QHBoxLayout;
    ports->addWidget(m_plainOn);
    ports->addWidget(m_plainPort);
    ports->addSpacing(12);
    ports->addWidget(m_tlsOn);
    ports->addWidget(m_tlsPort);
    ports->addSpacing(12);
    ports->addWidget(new QLabel(tr("UID"), this));
    ports->addWidget(m_uid);
    ports->addStretch(1);

    m_progress->setTextVisible(false);
    m_stage->setObjectName(QStringLiteral("diagnoseStage"));
    m_stage->setWordWrap(true);
    m_stage->setText(tr("Choose the ports, then Start."));
    auto *progress = new QHBoxLayout;
    progress->addWidget(m_progress, 1);
    progress->addWidget(m_stage, 2);

    m_table->setObjectName(QStringLiteral("probeTable"));
    m_table->setHorizontalHeaderLabels(
        {tr("Probe"), tr("Transport"), tr("Command"), tr("Result"), tr("Evidence")});
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setWordWrap(true);
    m_table->setTextElideMode(Qt::ElideNone);
    m_table->verticalHeader()->hide();
    QHeaderView *h = m_table->horizontalHeader();
    h->setSectionResizeMode(QHeaderView::Interactive);
    h->setSectionResizeMode(Evidence, QHeaderView::Stretch);
    h->resizeSection(ProbeName, 150);
    h->resizeSection(Transport, 70);
    h->resizeSection(Result, 55);
    h->resizeSection(Command, 260); // until shown (showEvent)
    // Wrapped text needs its rows re-measured when a column changes width.
    connect(h, &QHeaderView::sectionResized, m_table, [this] { m_table->resizeRowsToContents(); });

    m_split->addWidget(m_table);
    m_split->addWidget(m_panel);
    m_split->setStretchFactor(0, 3);
    m_split->setStretchFactor(1, 2);
    m_split->setChildrenCollapsible(false);

    auto *close = new QPushButton(tr("Close"), this);
    m_start->setDefault(true);
    m_cancel->setEnabled(false);
    connect(m_start, &QPushButton::clicked, this, &DiagnoseDialog::start);
    connect(m_cancel, &QPushButton::clicked, this, &DiagnoseDialog::cancel);
    connect(close, &QPushButton::clicked, this, &QDialog::reject);
    connect(m_panel, &DiagnoseResultPanel::saveScenarioRequested, this,
            &DiagnoseDialog::saveScenarioAsked);
    auto *buttons = new QHBoxLayout;
    m_export->setObjectName(QStringLiteral("exportReport"));
    m_export->setEnabled(false);
    m_export->setToolTip(tr("report.html, report.json and the probes' transcript in a new folder, "
                            "for the ticket"));
    connect(m_export, &QPushButton::clicked, this, &DiagnoseDialog::exportAsked);
    buttons->addWidget(m_export);
    buttons->addStretch(1);
    buttons->addWidget(m_start);
    buttons->addWidget(m_cancel);
    buttons->addWidget(close);

    auto *v = new QVBoxLayout(this);
    v->addWidget(intro);
    v->addLayout(ports);
    v->addWidget(m_error);
    v->addLayout(progress);
    v->addWidget(m_split, 1);
    v->addLayout(buttons);
    m_panel->showMessage(tr("Nothing probed yet."));
    // Most of the screen: the evidence column wants width; never more than there is.
    const QSize avail = screen()->availableSize();
    resize(QSize(std::max(960, avail.width() * 3 / 4), std::max(640, avail.height() * 4 / 5))
               .boundedTo(avail));
}

DiagnoseDialog::~DiagnoseDialog() = default;

void DiagnoseDialog::showEvent(QShowEvent *event)
{
    QDialog::showEvent(event);
    if (m_columnsSized)
        return;
    m_columnsSized = true;
    // Wide enough for a command on one line where the dialog (as shown) is wide enough; the
    // evidence keeps the most.
    const int oneLine = m_table->fontMetrics().horizontalAdvance(QStringLiteral(
                            "99 UID fetch 99999 (UID RFC822.SIZE BODY.PEEK[]<1048576.6144>)")) +
                        12;
    m_table->horizontalHeader()->resizeSection(Command,
                                               std::min(oneLine, std::max(240, width() * 7 / 20)));
}

diagnose::DiagnoseRequest DiagnoseDialog::requestFor(const Account &a, const QByteArray &password,
                                                     quint16 builtInPlain, quint16 builtInTls)
{
    diagnose::DiagnoseRequest r;
    r.base = a.server().sessionOptions(password, kCommandTimeoutSeconds);
    r.mailbox = a.mailbox.toUtf8();
    if (a.builtIn && builtInPlain && builtInTls) {
        r.plainPort = builtInPlain;
        r.tlsPort = builtInTls;
    } else if (a.security == net::Security::Ssl) {
        r.tlsPort = a.port;
    } else {
        r.plainPort = a.port;
    }
    return r;
}

void DiagnoseDialog::openFor(QWidget *parent, const Account &a, AccountPasswords *passwords,
                             EmulatorController *emulator)
{
    QPointer<QWidget> window = parent;
    passwords->get(a, [window, a, emulator](std::optional<QByteArray> pw) {
        if (!window || !pw)
            return;
        const emulator::EmulatedServer *s = a.builtIn ? emulator->server() : nullptr;
        auto *d = new DiagnoseDialog(requestFor(a, *pw, s ? s->port() : 0, s ? s->tlsPort() : 0),
                                     a.name, window);
        d->setAttribute(Qt::WA_DeleteOnClose);
        d->show();
    });
}

void DiagnoseDialog::attach(MainWindow *window)
{
    connect(window->menu()->action(MainMenu::DiagnoseServer), &QAction::triggered, window,
            [window] {
                const int i = window->currentAccountIndex();
                if (i >= 0)
                    openFor(window, window->accounts()[i], window->passwords(), window->emulator());
            });
}

void DiagnoseDialog::setRunning(bool running)
{
    m_start->setEnabled(!running);
    m_cancel->setEnabled(running);
    for (QWidget *w : {static_cast<QWidget *>(m_plainOn), static_cast<QWidget *>(m_tlsOn),
                       static_cast<QWidget *>(m_uid)})
        w->setEnabled(!running);
    m_plainPort->setEnabled(!running && m_plainOn->isChecked());
    m_tlsPort->setEnabled(!running && m_tlsOn->isChecked());
}

void DiagnoseDialog::start()
{
    if (m_diagnosis)
        return;
    diagnose::DiagnoseRequest r = m_request;
    r.plainPort = m_plainOn->isChecked() ? std::optional<quint16>(m_plainPort->value())
                                         : std::nullopt;
    r.tlsPort =
        m_tlsOn->isChecked() ? std::optional<quint16>(m_tlsPort->value()) : std::nullopt;
    r.uid = m_uid->value() ? std::optional<quint32>(m_uid->value()) : std::nullopt;
    if (!r.plainPort && !r.tlsPort) {
        m_error->setError(tr("Switch on at least one port: there is nothing to probe."));
        return;
    }
    m_error->setError(QString());
    m_table->setRowCount(0);
    m_result = {};
    m_state = State::Running;
    m_progress->setRange(0, 0); // busy until the first step is known
    m_stage->setText(tr("Connecting…"));
    m_panel->showMessage(tr("Diagnosing %1…").arg(m_server));
    setRunning(true);
    m_diagnosis = new diagnose::Diagnosis(r, diagnose::FaultCatalogue::shared(), this);
    connect(m_diagnosis, &diagnose::Diagnosis::progress, this,
            [this](const QString &stage, int done, int total) {
                m_progress->setRange(0, std::max(total, 1));
                m_progress->setValue(std::min(done, std::max(total, 1)));
                m_stage->setText(stage);
            });
    connect(m_diagnosis, &diagnose::Diagnosis::probeFinished, this, &DiagnoseDialog::addProbe);
    connect(m_diagnosis, &diagnose::Diagnosis::finished, this, &DiagnoseDialog::diagnosisDone);
    m_diagnosis->start();
}

void DiagnoseDialog::cancel()
{
    if (!m_diagnosis || !m_diagnosis->isRunning())
        return;
    m_cancel->setEnabled(false);
    m_stage->setText(tr("Cancelling: putting \\Seen back…"));
    m_diagnosis->cancel();
}

void DiagnoseDialog::addProbe(const diagnose::ProbeResult &p)
{
    const int row = m_table->rowCount();
    m_table->insertRow(row);
    const QString result = diagnose::kProbeVerdictNames.name(p.verdict);
    const QStringList cells = {p.spec.name, net::securityName(p.transport),
                               QString::fromLatin1(p.command), result, p.evidence};
    const bool failed = p.verdict == diagnose::ProbeVerdict::Fail;
    for (int c = 0; c < ColumnCount; ++c) {
        auto *item = new QTableWidgetItem(cells[c]);
        item->setToolTip(c == Result && !p.observations.isEmpty()
                             ? p.observations.join(QStringLiteral(", "))
                             : cells[c]);
        if (failed) {
            item->setBackground(QColor(0xff, 0xe0, 0xe0));
            item->setForeground(QColor(0x80, 0x00, 0x00));
            if (c == Result) {
                QFont f = item->font();
                f.setBold(true);
                item->setFont(f);
            }
        } else if (p.verdict == diagnose::ProbeVerdict::Skipped) {
            item->setForeground(m_table->palette().color(QPalette::Disabled, QPalette::Text));
        }
        m_table->setItem(row, c, item);
    }
    m_table->resizeRowToContents(row);
    m_table->scrollToBottom();
}

void DiagnoseDialog::diagnosisDone()
{
    m_result = m_diagnosis->result();
    m_diagnosis->deleteLater();
    m_diagnosis = nullptr;
    m_state = m_result.cancelled ? State::Cancelled
              : m_result.error   ? State::CouldNotRun
                                 : State::Finished;
    setRunning(false);
    m_export->setEnabled(m_state == State::Finished);
    m_progress->setRange(0, 1);
    m_progress->setValue(1);
    m_stage->setText(m_state == State::Finished
                         ? tr("%1 %2 in %3 s.")
                               .arg(m_result.probes.size())
                               .arg(m_result.probes.size() == 1 ? tr("probe") : tr("probes"))
                               .arg(double(m_result.elapsedMs) / 1000, 0, 'f', 1)
                         : tr("Stopped."));
    m_panel->showResult(m_result);
    // The result is what was asked for now: half of the height at least when there is more to
    // read than the verdict.
    const int h = m_split->height();
    const int panel = m_result.faults.isEmpty() ? h / 4 : h / 2;
    m_split->setSizes({h - panel, panel});
    Q_EMIT diagnosisFinished();
}

bool DiagnoseDialog::saveScenario(int fault, const QString &path, QString *error)
{
    if (fault < 0 || fault >= m_result.faults.size()) {
        *error = tr("There is no such fault in the result.");
        return false;
    }
    const auto s = diagnose::DiagnoseScenario::reproduction(m_result.faults[fault], m_result, error);
    return s && s->save(path, error);
}

void DiagnoseDialog::saveScenarioAsked(int fault)
{
    const QString path = m_chooseFile(m_result.faults.value(fault).id + QStringLiteral(".json"));
    if (path.isEmpty())
        return;
    QString error;
    if (!saveScenario(fault, path, &error)) {
        QMessageBox::warning(this, tr("Save as scenario"), error);
        return;
    }
    m_stage->setText(tr("Saved %1: File ▸ Open scenario… (or msim-cli reproduce) runs it against "
                        "the built-in server.")
                         .arg(QDir::toNativeSeparators(path)));
}

bool DiagnoseDialog::exportReport(const QString &dir, QString *error)
{
    if (m_state != State::Finished) {
        *error = tr("There is no finished diagnosis to export.");
        return false;
    }
    scenario::ReportContext context;
    context.title = tr("Diagnosis of %1").arg(m_server);
    return diagnose::DiagnoseReport::write(dir, m_result, context, error);
}

void DiagnoseDialog::exportAsked()
{
    // A new folder's name, typed or suggested: the report is written into it.
    const QString suggested = QDir::home().filePath(
        QStringLiteral("msim-diagnose-%1")
            .arg(QDateTime::currentDateTimeUtc().toString(QStringLiteral("yyyyMMdd-HHmmss"))));
    const QString dir = QFileDialog::getSaveFileName(this, tr("Export the report into a new folder"),
                                                     suggested, QString(), nullptr,
                                                     QFileDialog::DontConfirmOverwrite);
    if (dir.isEmpty())
        return;
    QString error;
    if (!exportReport(dir, &error)) {
        QMessageBox::warning(this, tr("Export report"), error);
        return;
    }
    m_stage->setText(tr("Report written to %1 (report.html).").arg(QDir::toNativeSeparators(dir)));
}

void DiagnoseDialog::done(int r)
{
    if (m_diagnosis) {
        // The diagnosis outlives the dialog until its cancel has put \Seen back.
        diagnose::Diagnosis *d = m_diagnosis;
        d->disconnect(this);
        d->setParent(parentWidget());
        connect(d, &diagnose::Diagnosis::finished, d, &QObject::deleteLater);
        m_diagnosis = nullptr;
        m_state = State::Cancelled;
        d->cancel();
    }
    QDialog::done(r);
}

} // namespace msim::ui
