// SPDX-License-Identifier: MIT
#include "ui/EmulatorPanel.h"

#include "ui/EmulatorController.h"
#include "ui/ErrorLabel.h"
#include "ui/FingerprintView.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFontDatabase>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

namespace msim::ui {

namespace {

// "the sample corpus (13 messages)", "the Maildir /srv/mail (2 messages)", ...
QString describeCorpus(const QString &spec, qsizetype messages)
{
    const QString count = messages == 1 ? EmulatorPanel::tr("1 message")
                                        : EmulatorPanel::tr("%1 messages").arg(messages);
    const qsizetype colon = spec.indexOf(QLatin1Char(':'));
    const QString kind = spec.left(colon);
    const QString arg = colon < 0 ? QString() : QDir::toNativeSeparators(spec.mid(colon + 1));
    if (spec == QLatin1String("sample"))
        return EmulatorPanel::tr("the sample corpus (%1)").arg(count);
    if (kind == QLatin1String("generated"))
        return EmulatorPanel::tr("%1 generated messages").arg(messages);
    if (kind == QLatin1String("maildir"))
        return EmulatorPanel::tr("the Maildir %1 (%2)").arg(arg, count);
    if (kind == QLatin1String("mbox"))
        return EmulatorPanel::tr("the mbox %1 (%2)").arg(arg, count);
    if (kind == QLatin1String("eml"))
        return EmulatorPanel::tr("%1 from .eml files").arg(count);
    return EmulatorPanel::tr("%1 (%2)").arg(spec, count);
}

bool overruns(const emulator::ServerProfile *p)
{
    return p && (p->fault == emulator::ServerProfile::Fault::UnframedOverrun ||
                 p->fault == emulator::ServerProfile::Fault::FramedOverrun);
}

} // namespace

EmulatorPanel::EmulatorPanel(EmulatorController *controller, QWidget *parent)
    : QWidget(parent)
    , m_controller(controller)
{
    buildUi();
    syncFromController();
    updateState();
    connect(m_controller, &EmulatorController::stateChanged, this, [this] {
        // A server that started shows its settings; stopping keeps what the user set up.
        if (m_controller->isRunning())
            syncFromController();
        updateState();
    });
    connect(m_controller, &EmulatorController::sessionsChanged, this,
            &EmulatorPanel::updateSessions);
}

void EmulatorPanel::buildUi()
{
    const QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);

    // What the server plays.
    auto *serverBox = new QGroupBox(tr("Server"), this);
    auto *form = new QFormLayout(serverBox);
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);

    m_profile = new QComboBox(serverBox);
    m_profile->setObjectName(QStringLiteral("profileCombo"));
    for (const emulator::ServerProfile &p : emulator::ServerProfile::all()) {
        m_profile->addItem(p.name, p.name);
        m_profile->setItemData(m_profile->count() - 1,
                               tr("%1.\nReproduces: %2.").arg(p.description, p.reproduces),
                               Qt::ToolTipRole);
    }
    form->addRow(tr("&Profile:"), m_profile);
    m_profileDescription = new QLabel(serverBox);
    m_profileDescription->setObjectName(QStringLiteral("profileDescription"));
    m_profileDescription->setWordWrap(true);
    m_profileDescription->setForegroundRole(QPalette::PlaceholderText);
    form->addRow(m_profileDescription);
    connect(m_profile, &QComboBox::currentIndexChanged, this,
            &EmulatorPanel::updateProfileDescription);

    // A knob: a spin box named `name` from 0 to `max`, with its tool tip, in the form.
    auto addKnob = [form, serverBox](const QString &label, const char *name, int max,
                                     const QString &toolTip) {
        auto *spin = new QSpinBox(serverBox);
        spin->setObjectName(QLatin1String(name));
        spin->setRange(0, max);
        spin->setToolTip(toolTip);
        form->addRow(label, spin);
        return spin;
    };
    m_latency = addKnob(tr("&Latency:"), "latencySpin", 60000,
                        tr("Waits this long before each response, so that Messenger 4.5's "
                           "adaptive rule visibly changes the chunk size."));
    m_latency->setSingleStep(100);
    m_latency->setSuffix(tr(" ms"));
    m_overrun = addKnob(tr("&Overrun:"), "overrunSpin", 10 * 1024 * 1024,
                        tr("Extra octets after (or inside) each chunk reply short of the end "
                           "(exchange55-presp2 profiles)."));
    m_overrun->setSingleStep(100);
    m_overrun->setSuffix(tr(" octets"));
    m_overrunChunk = addKnob(tr("Overrun &on:"), "overrunChunkSpin", 1000000,
                             tr("Overrun only the Kth chunk reply of a session (exchange55-"
                                "presp2 profiles); \"every chunk\" overruns each one."));
    m_overrunChunk->setSpecialValueText(tr("every chunk"));
    m_overrunChunk->setPrefix(tr("chunk "));

    m_splitWrites = new QCheckBox(tr("&Split writes"), serverBox);
    m_splitWrites->setObjectName(QStringLiteral("splitWritesCheck"));
    m_splitWrites->setToolTip(tr("Writes each FETCH reply in several writes with Nagle left on, "
                                 "as several widely deployed servers do."));
    form->addRow(QString(), m_splitWrites);

    // What it serves.
    m_corpus = new QComboBox(serverBox);
    m_corpus->setObjectName(QStringLiteral("corpusCombo"));
    m_corpus->addItem(tr("Sample corpus"), int(SampleCorpus));
    m_corpus->addItem(tr("Generated messages"), int(GeneratedCorpus));
    m_corpus->addItem(tr("Maildir folder…"), int(MaildirCorpus));
    m_corpus->addItem(tr("mbox file…"), int(MboxCorpus));
    m_corpus->addItem(tr(".eml files…"), int(EmlCorpus));
    m_corpus->setItemData(0, tr("The sample corpus: the octets the Dovecot fixture stores"),
                          Qt::ToolTipRole);
    m_corpus->setItemData(1, tr("N small generated messages, for big-mailbox work"),
                          Qt::ToolTipRole);
    m_corpus->setItemData(2, tr("Every message of a Maildir folder"), Qt::ToolTipRole);
    m_corpus->setItemData(3, tr("Every message of an mbox file"), Qt::ToolTipRole);
    m_corpus->setItemData(4, tr("One or more .eml files, e.g. the customer's sample message"),
                          Qt::ToolTipRole);
    connect(m_corpus, &QComboBox::activated, this, &EmulatorPanel::corpusKindChosen);
    form->addRow(tr("&Corpus:"), m_corpus);

    m_generated = new QSpinBox(serverBox);
    m_generated->setObjectName(QStringLiteral("generatedSpin"));
    m_generated->setRange(0, int(emulator::Mailbox::kMaxMessages));
    m_generated->setValue(1000);
    m_generated->setSuffix(tr(" messages"));
    m_generated->setGroupSeparatorShown(true);

    m_corpusPath = new QLineEdit(serverBox);
    m_corpusPath->setObjectName(QStringLiteral("corpusPathEdit"));
    m_corpusPath->setReadOnly(true);
    m_corpusPath->setPlaceholderText(tr("nothing chosen"));
    m_chooseCorpus = new QPushButton(tr("C&hoose…"), serverBox);
    m_chooseCorpus->setObjectName(QStringLiteral("chooseCorpusButton"));
    connect(m_chooseCorpus, &QPushButton::clicked, this,
            [this] { chooseCorpusFiles(CorpusKind(m_corpus->currentData().toInt())); });
    auto *corpusRow = new QHBoxLayout;
    corpusRow->setContentsMargins(0, 0, 0, 0);
    corpusRow->addWidget(m_generated, 1);
    corpusRow->addWidget(m_corpusPath, 1);
    corpusRow->addWidget(m_chooseCorpus);
    form->addRow(QString(), corpusRow);

    m_start = new QPushButton(tr("St&art"), serverBox);
    m_start->setObjectName(QStringLiteral("startButton"));
    m_stop = new QPushButton(tr("S&top"), serverBox);
    m_stop->setObjectName(QStringLiteral("stopButton"));
    m_restart = new QPushButton(tr("&Restart"), serverBox);
    m_restart->setObjectName(QStringLiteral("restartButton"));
    m_restart->setToolTip(tr("Restarts the server with the profile, knobs and corpus above, on "
                             "the same ports"));
    connect(m_start, &QPushButton::clicked, this, &EmulatorPanel::startServer);
    connect(m_stop, &QPushButton::clicked, this, &EmulatorPanel::stopServer);
    connect(m_restart, &QPushButton::clicked, this, &EmulatorPanel::restartServer);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_start);
    buttons->addWidget(m_stop);
    buttons->addWidget(m_restart);
    buttons->addStretch(1);
    form->addRow(buttons);

    // What a client needs to reach it.
    auto *stateBox = new QGroupBox(tr("Listening"), this);
    auto *state = new QVBoxLayout(stateBox);
    m_status = new QLabel(stateBox);
    m_status->setObjectName(QStringLiteral("statusLabel"));
    m_status->setWordWrap(true);
    state->addWidget(m_status);

    m_listeners = new QPlainTextEdit(stateBox);
    m_listeners->setObjectName(QStringLiteral("listenersView"));
    m_listeners->setReadOnly(true);
    m_listeners->setFont(mono);
    m_listeners->setWordWrapMode(QTextOption::WrapAtWordBoundaryOrAnywhere);
    m_listeners->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    const QFontMetrics fm(mono);
    m_listeners->setFixedHeight(fm.lineSpacing() * 5 + 2 * m_listeners->frameWidth() + 8);
    m_listeners->setToolTip(tr("The lines `msim-cli serve` prints: where a client connects"));
    state->addWidget(m_listeners);

    m_fingerprint = new FingerprintView(tr("&Copy"), stateBox);
    connect(m_fingerprint, &FingerprintView::copied, this, [this] {
        Q_EMIT message(tr("The built-in server's SHA-256 fingerprint is on the clipboard."));
    });
    state->addWidget(m_fingerprint);

    m_sessions = new QLabel(stateBox);
    m_sessions->setObjectName(QStringLiteral("sessionsLabel"));
    state->addWidget(m_sessions);

    m_error = new ErrorLabel(this);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(serverBox);
    layout->addWidget(stateBox);
    layout->addWidget(m_error);
    layout->addStretch(1);
}

emulator::ServerOptions EmulatorPanel::optionsFromControls() const
{
    emulator::ServerOptions o = m_controller->options();
    o.profile = m_profile->currentData().toString();
    o.knobs.latencyMs = m_latency->value();
    o.knobs.overrun = m_overrun->value();
    o.knobs.overrunChunk = m_overrunChunk->value();
    o.knobs.splitWrites = m_splitWrites->isChecked();
    return o;
}

QString EmulatorPanel::corpusSpecFromControls() const
{
    switch (CorpusKind(m_corpus->currentData().toInt())) {
    case SampleCorpus:
        return QStringLiteral("sample");
    case GeneratedCorpus:
        return QStringLiteral("generated:%1").arg(m_generated->value());
    case MaildirCorpus:
        return m_corpusPaths.isEmpty() ? QString()
                                       : QStringLiteral("maildir:") + m_corpusPaths.first();
    case MboxCorpus:
        return m_corpusPaths.isEmpty() ? QString()
                                       : QStringLiteral("mbox:") + m_corpusPaths.first();
    case EmlCorpus:
        return m_corpusPaths.isEmpty()
                   ? QString()
                   : QStringLiteral("eml:") + m_corpusPaths.join(QLatin1Char(','));
    }
    return QString();
}

bool EmulatorPanel::setCorpusSpec(const QString &spec)
{
    const qsizetype colon = spec.indexOf(QLatin1Char(':'));
    const QString kind = colon < 0 ? spec : spec.left(colon);
    const QString arg = colon < 0 ? QString() : spec.mid(colon + 1);
    CorpusKind k = SampleCorpus;
    QStringList paths;
    if (kind == QLatin1String("sample") && colon < 0) {
        k = SampleCorpus;
    } else if (kind == QLatin1String("generated")) {
        bool ok = false;
        const int n = arg.toInt(&ok);
        if (!ok || n < m_generated->minimum() || n > m_generated->maximum())
            return false;
        k = GeneratedCorpus;
        m_generated->setValue(n);
    } else if ((kind == QLatin1String("maildir") || kind == QLatin1String("mbox")) &&
               !arg.isEmpty()) {
        k = kind == QLatin1String("maildir") ? MaildirCorpus : MboxCorpus;
        paths = {arg};
    } else if (kind == QLatin1String("eml") && !arg.isEmpty()) {
        k = EmlCorpus;
        paths = arg.split(QLatin1Char(','));
    } else {
        return false;
    }
    m_corpusPaths = paths;
    m_corpus->setCurrentIndex(m_corpus->findData(int(k)));
    m_corpusKindShown = m_corpus->currentIndex();
    updateCorpusControls();
    return true;
}

void EmulatorPanel::corpusKindChosen(int index)
{
    const auto kind = CorpusKind(m_corpus->itemData(index).toInt());
    if (index != m_corpusKindShown) {
        if (kind == MaildirCorpus || kind == MboxCorpus || kind == EmlCorpus) {
            const QStringList before = m_corpusPaths;
            m_corpusPaths.clear();
            if (!chooseCorpusFiles(kind)) { // cancelled: back to what was shown
                m_corpusPaths = before;
                m_corpus->setCurrentIndex(m_corpusKindShown);
                updateCorpusControls();
                return;
            }
        }
        m_corpusKindShown = index;
    }
    updateCorpusControls();
}

bool EmulatorPanel::chooseCorpusFiles(CorpusKind kind)
{
    const QString start =
        m_corpusPaths.isEmpty() ? QDir::homePath() : QFileInfo(m_corpusPaths.first()).path();
    QStringList chosen;
    switch (kind) {
    case MaildirCorpus: {
        const QString dir = QFileDialog::getExistingDirectory(
            this, tr("Serve a Maildir folder (the one holding cur/ and new/)"), start);
        if (!dir.isEmpty())
            chosen << dir;
        break;
    }
    case MboxCorpus: {
        const QString file = QFileDialog::getOpenFileName(this, tr("Serve an mbox file"), start,
                                                          tr("mbox files (*.mbox *.mbx);;All "
                                                             "files (*)"));
        if (!file.isEmpty())
            chosen << file;
        break;
    }
    case EmlCorpus:
        chosen = QFileDialog::getOpenFileNames(this, tr("Serve .eml files"), start,
                                               tr("Messages (*.eml);;All files (*)"));
        break;
    default:
        return false;
    }
    if (chosen.isEmpty())
        return false;
    for (const QString &path : std::as_const(chosen)) {
        if (kind == EmlCorpus && path.contains(QLatin1Char(','))) {
            m_error->setError(tr("msim cannot serve an .eml file whose path contains a comma (%1): "
                        "rename or copy it first.")
                         .arg(QDir::toNativeSeparators(path)));
            return false;
        }
    }
    m_corpusPaths = chosen;
    updateCorpusControls();
    return true;
}

void EmulatorPanel::updateCorpusControls()
{
    const auto kind = CorpusKind(m_corpus->currentData().toInt());
    const bool files = kind == MaildirCorpus || kind == MboxCorpus || kind == EmlCorpus;
    m_generated->setVisible(kind == GeneratedCorpus);
    m_corpusPath->setVisible(files);
    m_chooseCorpus->setVisible(files);
    QStringList shown;
    for (const QString &p : std::as_const(m_corpusPaths))
        shown << QDir::toNativeSeparators(p);
    m_corpusPath->setText(kind == EmlCorpus && shown.size() > 1
                              ? tr("%n .eml files", nullptr, int(shown.size()))
                              : shown.join(QStringLiteral(", ")));
    m_corpusPath->setToolTip(shown.join(QLatin1Char('\n')));
    m_corpusPath->setCursorPosition(0);
}

void EmulatorPanel::updateProfileDescription()
{
    const emulator::ServerProfile *p =
        emulator::ServerProfile::find(m_profile->currentData().toString());
    if (!p) {
        m_profileDescription->clear();
        m_profile->setToolTip(QString());
        return;
    }
    m_profileDescription->setText(tr("%1. Reproduces: %2.").arg(p->description, p->reproduces));
    m_profile->setToolTip(m_profile->currentData(Qt::ToolTipRole).toString());
    const bool knobsApply = overruns(p);
    m_overrun->setEnabled(knobsApply);
    m_overrunChunk->setEnabled(knobsApply);
}

void EmulatorPanel::syncFromController()
{
    const emulator::ServerOptions o = m_controller->options();
    const int i = m_profile->findData(o.profile);
    if (i >= 0)
        m_profile->setCurrentIndex(i);
    updateProfileDescription();
    m_latency->setValue(o.knobs.latencyMs);
    m_overrun->setValue(int(std::min<qint64>(o.knobs.overrun, m_overrun->maximum())));
    m_overrunChunk->setValue(o.knobs.overrunChunk);
    m_splitWrites->setChecked(o.knobs.splitWrites);
    if (!setCorpusSpec(m_controller->corpusSpec()))
        updateCorpusControls();
}

void EmulatorPanel::updateState()
{
    const emulator::EmulatedServer *server = m_controller->server();
    const bool running = m_controller->isRunning();
    m_start->setEnabled(!running);
    m_stop->setEnabled(running);
    m_restart->setEnabled(running);
    if (running) {
        m_lastPort = server->port();
        m_lastTlsPort = server->tlsPort();
        const qsizetype messages = m_controller->server()->mailbox().messages.size();
        m_status->setText(
            tr("Running the %1 profile, serving %2.")
                .arg(server->profile().name, describeCorpus(m_controller->corpusSpec(), messages)));
        m_listeners->setPlainText(server->listenerLines().join(QLatin1Char('\n')));
        // Whose it is: beside a certificate dialog about another server, this is not that one.
        m_fingerprint->setFingerprint(
            server->fingerprint(),
            tr("Built-in server on %1:%2, its certificate's SHA-256 (pin this):")
                .arg(server->options().listen.toString())
                .arg(server->tlsPort() ? server->tlsPort() : server->port()));
    } else {
        m_status->setText(tr("Stopped."));
        m_listeners->clear();
        m_fingerprint->clear(tr("(no server running)"));
    }
    updateSessions();
}

void EmulatorPanel::updateSessions()
{
    const emulator::EmulatedServer *server = m_controller->server();
    if (!m_controller->isRunning()) {
        m_sessions->setText(tr("Sessions: none (stopped)"));
        return;
    }
    m_sessions->setText(tr("Sessions: %1 active, %2 served")
                            .arg(server->sessionCount())
                            .arg(server->sessionsServed()));
}

bool EmulatorPanel::startServer()
{
    const QString spec = corpusSpecFromControls();
    if (spec.isEmpty()) {
        m_error->setError(tr("Choose what to serve first (the corpus has no folder or file)."));
        return false;
    }
    emulator::ServerOptions o = optionsFromControls();
    QString error;
    bool ok = false;
    if (m_lastPort || m_lastTlsPort) {
        // The same ports as before, so that a client pointed at the server keeps working.
        emulator::ServerOptions same = o;
        if (same.port && *same.port == 0 && m_lastPort)
            same.port = m_lastPort;
        if (same.tlsPort && *same.tlsPort == 0 && m_lastTlsPort)
            same.tlsPort = m_lastTlsPort;
        ok = m_controller->start(same, spec, &error);
    }
    if (!ok)
        ok = m_controller->start(o, spec, &error);
    if (!ok) {
        m_error->setError(error);
        return false;
    }
    m_error->setError(QString());
    Q_EMIT message(
        tr("The built-in server runs the %1 profile: %2")
            .arg(o.profile, m_controller->server()->listenerLines().join(QStringLiteral("; "))));
    return true;
}

void EmulatorPanel::stopServer()
{
    if (!m_controller->isRunning())
        return;
    m_controller->stop();
    m_error->setError(QString());
    Q_EMIT message(tr("The built-in server stopped."));
}

bool EmulatorPanel::restartServer()
{
    return startServer(); // the controller stops the running server first
}

QString EmulatorPanel::errorText() const
{
    return m_error->text();
}

} // namespace msim::ui
