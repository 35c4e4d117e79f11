// SPDX-License-Identifier: MIT
// The desktop app's panels, offscreen: the built-in server's controller and dock (start, restart
// with another profile, stop, listeners, fingerprint, sessions), the reproduction matrix against
// the KB Q194998 profile (only ssl + chunks on is truncated), and the certificate dialog.
// Set MSIM_SCREENSHOT_DIR to also write PNGs of the panels there.
#include "emulator/CertificateMint.h"
#include "net/TlsPolicy.h"
#include "prefs/Presets.h"
#include "scenario/ChunkPicture.h"
#include "ui/CertificateDialog.h"
#include "ui/EmulatorController.h"
#include "ui/EmulatorPanel.h"
#include "ui/ItemRoles.h"
#include "ui/MatrixModel.h"
#include "ui/MatrixView.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QDir>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTableView>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>
#include <QTimer>

using namespace msim;

namespace {

void screenshot(QWidget *w, const QString &name)
{
    const QString dir = qEnvironmentVariable("MSIM_SCREENSHOT_DIR");
    if (dir.isEmpty())
        return;
    QDir().mkpath(dir);
    if (!w->grab().save(dir + QLatin1Char('/') + name))
        qWarning("cannot write the screenshot %s", qPrintable(name));
}

template<typename T>
T *child(QObject *parent, const char *name)
{
    T *found = parent->findChild<T *>(QString::fromLatin1(name));
    if (!found)
        qWarning("no child named %s", name);
    return found;
}

// Shows `widget` at `size` (offscreen) and waits until it is exposed.
bool showAt(QWidget *widget, QSize size)
{
    widget->resize(size);
    widget->show();
    return QTest::qWaitForWindowExposed(widget);
}

scenario::MatrixRequest matrixRequest(const emulator::EmulatedServer &server)
{
    scenario::MatrixRequest mr;
    mr.base.uids = {6};
    mr.base.session.endpoint.host = QStringLiteral("127.0.0.1");
    mr.base.session.credentials = {"test", "secret"};
    mr.base.session.tls.pins = {server.fingerprint()};
    mr.base.session.commandTimeoutMs = 20000;
    QString error;
    const QString preset = QStringLiteral("kb-q194998");
    mr.base.client.prefs = *prefs::Presets::make(preset, &error);
    mr.base.client.presetName = preset;
    mr.base.client.kind = fetch::ClientSettings::kindForPreset(preset);
    mr.plainPort = server.port();
    mr.tlsPort = server.tlsPort();
    return mr;
}

emulator::TlsIdentity mintExpired()
{
    emulator::CertificateMint::Options o;
    o.commonName = QStringLiteral("imap.example.test");
    o.dnsNames = {QStringLiteral("imap.example.test"), QStringLiteral("mail.example.test")};
    o.ipAddresses = {QStringLiteral("192.0.2.7")};
    o.organization = QStringLiteral("Example Org");
    o.notBefore = QDateTime::currentDateTimeUtc().addYears(-3);
    o.notAfter = QDateTime::currentDateTimeUtc().addDays(-30);
    QString error;
    const auto id = emulator::CertificateMint::mint(o, &error);
    if (!id)
        qWarning("mint: %s", qPrintable(error));
    return id.value_or(emulator::TlsIdentity{});
}

} // namespace

class tst_Panels : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void emulatorController()
    {
        ui::EmulatorController controller;
        QSignalSpy state(&controller, &ui::EmulatorController::stateChanged);
        QVERIFY(!controller.isRunning());
        QVERIFY(!controller.server());
        QCOMPARE(controller.options().profile, QStringLiteral("exchange55-presp2"));

        QString error;
        QVERIFY2(controller.startDefault(&error), qPrintable(error));
        QCOMPARE(state.size(), 1);
        QVERIFY(controller.isRunning());
        QCOMPARE(controller.server()->profile().name, QStringLiteral("exchange55-presp2"));
        QCOMPARE(controller.corpusSpec(), QStringLiteral("sample"));
        QVERIFY(controller.server()->port() != 0);
        QVERIFY(controller.server()->tlsPort() != 0);
        QVERIFY(controller.server()->options().listen.isLoopback());

        // Restart with another profile: a new server.
        emulator::ServerOptions o = controller.options();
        o.profile = QStringLiteral("exchange55-sp2");
        o.knobs.latencyMs = 25;
        QVERIFY2(controller.start(o, QStringLiteral("generated:7"), &error), qPrintable(error));
        QCOMPARE(state.size(), 2);
        QCOMPARE(controller.server()->profile().name, QStringLiteral("exchange55-sp2"));
        QCOMPARE(controller.server()->mailbox().messages.size(), 7);
        QCOMPARE(controller.options().knobs.latencyMs, 25);

        // A corpus that cannot be loaded leaves the running server alone.
        emulator::EmulatedServer *before = controller.server();
        QVERIFY(!controller.start(o, QStringLiteral("maildir:/nonexistent/msim"), &error));
        QVERIFY2(error.contains(QStringLiteral("/nonexistent/msim")), qPrintable(error));
        QCOMPARE(controller.server(), before);
        QCOMPARE(controller.corpusSpec(), QStringLiteral("generated:7"));

        controller.stop();
        QCOMPARE(state.size(), 3);
        QVERIFY(!controller.isRunning());
        QVERIFY(!controller.server());
        QCOMPARE(controller.options().profile, QStringLiteral("exchange55-sp2")); // the last
        controller.stop(); // twice is harmless
        QCOMPARE(state.size(), 3);
    }

    void emulatorPanel()
    {
        ui::EmulatorController controller;
        QString error;
        QVERIFY2(controller.startDefault(&error), qPrintable(error));
        ui::EmulatorPanel panel(&controller);
        QVERIFY(showAt(&panel, {420, 700}));

        auto *profile = child<QComboBox>(&panel, "profileCombo");
        auto *listeners = child<QPlainTextEdit>(&panel, "listenersView");
        auto *fingerprint = child<QLabel>(&panel, "fingerprintLabel");
        auto *sessions = child<QLabel>(&panel, "sessionsLabel");
        auto *start = child<QPushButton>(&panel, "startButton");
        auto *stop = child<QPushButton>(&panel, "stopButton");
        auto *restart = child<QPushButton>(&panel, "restartButton");
        auto *copy = child<QPushButton>(&panel, "copyFingerprintButton");
        QVERIFY(profile && listeners && fingerprint && sessions && start && stop && restart &&
                copy);

        // What it shows of the running server.
        emulator::EmulatedServer *server = controller.server();
        QCOMPARE(profile->currentText(), QStringLiteral("exchange55-presp2"));
        QVERIFY(profile->toolTip().contains(QStringLiteral("KB Q194998")));
        QCOMPARE(profile
                     ->itemData(profile->findText(QStringLiteral("exchange55-fast-retrieval")),
                                Qt::ToolTipRole)
                     .toString()
                     .contains(QStringLiteral("KB Q191504")),
                 true);
        QCOMPARE(listeners->toPlainText(), server->listenerLines().join(QLatin1Char('\n')));
        QVERIFY(listeners->toPlainText().contains(
            QStringLiteral("listening imaps 127.0.0.1:%1").arg(server->tlsPort())));
        // The one form --pin takes and `msim-cli serve` prints, said to be the built-in server's.
        const QString pin = net::TlsPolicy::formatPin(server->fingerprint());
        QCOMPARE(pin.size(), 71);
        QVERIFY(listeners->toPlainText().contains(pin));
        QCOMPARE(fingerprint->text().remove(QLatin1Char('\n')), pin);
        QVERIFY(fingerprint->text().contains(QLatin1Char('\n'))); // two lines, for a narrow dock
        auto *owner = child<QLabel>(&panel, "fingerprintOwnerLabel");
        QVERIFY(owner);
        QVERIFY2(owner->text().startsWith(
                     QStringLiteral("Built-in server on 127.0.0.1:%1").arg(server->tlsPort())),
                 qPrintable(owner->text()));
        QVERIFY(!start->isEnabled());
        QVERIFY(stop->isEnabled() && restart->isEnabled());
        QCOMPARE(panel.corpusSpecFromControls(), QStringLiteral("sample"));
        QVERIFY(panel.errorText().isEmpty());

        copy->click();
        QCOMPARE(QGuiApplication::clipboard()->text(), pin);

        // Sessions, as they come and go.
        QVERIFY(sessions->text().contains(QStringLiteral("0 active")));
        {
            QTcpSocket client;
            client.connectToHost(QHostAddress::LocalHost, server->port());
            QTRY_VERIFY(sessions->text().contains(QStringLiteral("1 active")));
            QVERIFY(sessions->text().contains(QStringLiteral("1 served")));
            QTRY_VERIFY(client.bytesAvailable() > 0);
            QVERIFY(client.readAll().startsWith("* OK"));
            client.disconnectFromHost();
        }
        QTRY_VERIFY(sessions->text().contains(QStringLiteral("0 active")));
        QVERIFY(sessions->text().contains(QStringLiteral("1 served")));
        screenshot(&panel, QStringLiteral("emulator-panel.png"));

        // Restart with another profile, knobs and corpus: same ports, new profile.
        const quint16 port = server->port();
        const quint16 tlsPort = server->tlsPort();
        profile->setCurrentIndex(profile->findText(QStringLiteral("rfc3501")));
        child<QSpinBox>(&panel, "latencySpin")->setValue(150);
        child<QCheckBox>(&panel, "splitWritesCheck")->setChecked(true);
        QVERIFY(panel.setCorpusSpec(QStringLiteral("generated:12")));
        QSignalSpy messages(&panel, &ui::EmulatorPanel::message);
        restart->click();
        QVERIFY2(panel.errorText().isEmpty(), qPrintable(panel.errorText()));
        QVERIFY(controller.server() != nullptr);
        QCOMPARE(controller.server()->profile().name, QStringLiteral("rfc3501"));
        QCOMPARE(controller.server()->options().knobs.latencyMs, 150);
        QVERIFY(controller.server()->options().knobs.splitWrites);
        QCOMPARE(controller.server()->mailbox().messages.size(), 12);
        QCOMPARE(controller.server()->port(), port);
        QCOMPARE(controller.server()->tlsPort(), tlsPort);
        QCOMPARE(listeners->toPlainText(),
                 controller.server()->listenerLines().join(QLatin1Char('\n')));
        QCOMPARE(messages.size(), 1);
        // The overrun knobs only apply to the exchange55-presp2 profiles.
        QVERIFY(!child<QSpinBox>(&panel, "overrunSpin")->isEnabled());
        screenshot(&panel, QStringLiteral("emulator-panel-restarted.png"));

        // A corpus that cannot be loaded: the error shows in the panel; the server stays.
        QVERIFY(panel.setCorpusSpec(QStringLiteral("eml:/nonexistent/customer.eml")));
        QVERIFY(!panel.restartServer());
        QVERIFY(panel.errorText().contains(QStringLiteral("/nonexistent/customer.eml")));
        QVERIFY(child<QLabel>(&panel, "errorLabel")->isVisible());
        QVERIFY(controller.isRunning());
        screenshot(&panel, QStringLiteral("emulator-panel-error.png"));

        // Stop.
        stop->click();
        QVERIFY(!controller.isRunning());
        QVERIFY(listeners->toPlainText().isEmpty());
        QVERIFY(start->isEnabled());
        QVERIFY(!stop->isEnabled() && !restart->isEnabled() && !copy->isEnabled());
        QVERIFY(!fingerprint->text().contains(QLatin1Char(':')));
        QVERIFY(sessions->text().contains(QStringLiteral("stopped")));
        screenshot(&panel, QStringLiteral("emulator-panel-stopped.png"));

        // Stopping keeps what the user set up in the controls.
        QCOMPARE(panel.corpusSpecFromControls(), QStringLiteral("eml:/nonexistent/customer.eml"));

        // Start again from the panel: the controls as they are, the ports as before.
        QVERIFY(panel.setCorpusSpec(QStringLiteral("sample")));
        start->click();
        QVERIFY2(controller.isRunning(), qPrintable(panel.errorText()));
        QVERIFY(panel.errorText().isEmpty());
        QCOMPARE(controller.server()->profile().name, QStringLiteral("rfc3501"));
        QCOMPARE(controller.server()->port(), port);

        // Restarted with a new certificate on another port: the dock follows at once.
        emulator::ServerOptions renewed = controller.options();
        renewed.identity = mintExpired();
        renewed.port = quint16(0);
        renewed.tlsPort = quint16(0);
        QVERIFY(!renewed.identity.isNull());
        QVERIFY(renewed.identity.sha256() != controller.server()->fingerprint());
        QVERIFY2(controller.start(renewed, QStringLiteral("sample"), &error), qPrintable(error));
        QCOMPARE(fingerprint->text().remove(QLatin1Char('\n')),
                 net::TlsPolicy::formatPin(renewed.identity.sha256()));
        QVERIFY2(owner->text().startsWith(QStringLiteral("Built-in server on 127.0.0.1:%1,")
                                              .arg(controller.server()->tlsPort())),
                 qPrintable(owner->text()));
        QVERIFY(copy->isEnabled());
        copy->click();
        QCOMPARE(QGuiApplication::clipboard()->text(),
                 net::TlsPolicy::formatPin(renewed.identity.sha256()));

        // The ports it used last are taken meanwhile: it falls back to the configured ones
        // (any free port) rather than failing.
        ui::EmulatorController other;
        ui::EmulatorPanel otherPanel(&other);
        QVERIFY2(otherPanel.startServer(), qPrintable(otherPanel.errorText()));
        const quint16 otherPort = other.server()->port();
        otherPanel.stopServer();
        QTcpServer squatter;
        QVERIFY(squatter.listen(QHostAddress::LocalHost, otherPort));
        QVERIFY2(otherPanel.startServer(), qPrintable(otherPanel.errorText()));
        QVERIFY(other.server()->port() != otherPort);

        // Ports fixed by the options and taken: the error shows in the panel.
        emulator::ServerOptions taken = other.options();
        taken.port = squatter.serverPort();
        QVERIFY(!other.start(taken, QStringLiteral("sample"), &error));
        QVERIFY(!other.isRunning());
        QVERIFY(!otherPanel.startServer());
        QVERIFY2(otherPanel.errorText().contains(QString::number(squatter.serverPort())),
                 qPrintable(otherPanel.errorText()));
    }

    void matrixView()
    {
        ui::EmulatorController controller;
        QString error;
        QVERIFY2(controller.startDefault(&error), qPrintable(error));
        QCOMPARE(controller.server()->profile().name, QStringLiteral("exchange55-presp2"));

        ui::MatrixView view;
        QAbstractItemModelTester tester(view.model(),
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QVERIFY(showAt(&view, {640, 260}));
        auto *run = child<QPushButton>(&view, "runButton");
        auto *cancel = child<QPushButton>(&view, "cancelButton");
        auto *progress = child<QLabel>(&view, "progressLabel");
        auto *table = child<QTableView>(&view, "matrixTable");
        QVERIFY(run && cancel && progress && table);
        QVERIFY(!run->isEnabled());
        QCOMPARE(view.model()->rowCount(), 0);

        view.setRequest(matrixRequest(*controller.server()), QStringLiteral("UID 6 on 127.0.0.1"));
        QVERIFY(run->isEnabled());
        QVERIFY(!cancel->isEnabled());
        ui::MatrixModel *model = view.model();
        QCOMPARE(model->rowCount(), 3);
        QCOMPARE(model->columnCount(), 2);
        QCOMPARE(model->headerData(0, Qt::Vertical).toString(), QStringLiteral("none"));
        QCOMPARE(model->headerData(1, Qt::Vertical).toString(), QStringLiteral("starttls"));
        QCOMPARE(model->headerData(2, Qt::Vertical).toString(), QStringLiteral("ssl"));
        QCOMPARE(model->headerData(0, Qt::Horizontal).toString(),
                 QStringLiteral("chunks on (6144)"));
        QCOMPARE(model->headerData(1, Qt::Horizontal).toString(), QStringLiteral("chunks off"));
        QCOMPARE(model->index(2, 0).data().toString(), QString()); // not run yet

        QSignalSpy finished(&view, &ui::MatrixView::finished);
        QSignalSpy messages(&view, &ui::MatrixView::message);
        run->click();
        QVERIFY(view.isRunning());
        QVERIFY(!run->isEnabled());
        QVERIFY(cancel->isEnabled());
        QCOMPARE(model->index(2, 0).data().toString(), QStringLiteral("…"));
        QCOMPARE(progress->text(), QStringLiteral("0 of 6 cells"));
        screenshot(&view, QStringLiteral("matrix-view-running.png"));
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 120000);
        QVERIFY(!view.isRunning());
        QVERIFY(run->isEnabled());
        QVERIFY(!cancel->isEnabled());

        // Exactly ssl + chunks on is truncated (KB Q194998); the others complete.
        QCOMPARE(view.cells().size(), 6);
        for (int i = 0; i < view.cells().size(); ++i) {
            const scenario::MatrixCell &cell = view.cells().at(i);
            const bool sslChunked = cell.security == net::Security::Ssl && cell.fetchByChunks;
            const QString expected =
                sslChunked ? QStringLiteral("truncated") : QStringLiteral("complete");
            QCOMPARE(cell.verdict(), expected);
            const QModelIndex at = model->indexOfCell(i);
            QVERIFY(at.isValid());
            QCOMPARE(model->cellAt(at), i);
            QCOMPARE(at.data().toString(), expected);
            QCOMPARE(at.data(ui::VerdictRole).toString(), expected);
            QCOMPARE(at.data(ui::CellRole).toInt(), i);
            QCOMPARE(at.data(Qt::BackgroundRole).value<QBrush>().color(),
                     QColor(scenario::ChunkPicture::verdictColour(expected)));
            QCOMPARE(at.data(Qt::ForegroundRole).value<QBrush>().color(), QColor(Qt::white));
            if (sslChunked) {
                QCOMPARE(at.row(), 2);
                QCOMPARE(at.column(), 0);
                const QString tip = at.data(Qt::ToolTipRole).toString();
                QVERIFY2(!tip.isEmpty(), "the first finding");
                QCOMPARE(tip, ui::MatrixModel::firstFinding(cell));
            }
        }
        QVERIFY(progress->text().startsWith(QStringLiteral("6 of 6 cells")));
        QVERIFY(!messages.isEmpty());
        QVERIFY(messages.last().first().toString().contains(QStringLiteral("truncated")));
        screenshot(&view, QStringLiteral("matrix-view.png"));

        // Double-clicking a finished cell hands it to the main window.
        QSignalSpy activated(&view, &ui::MatrixView::cellActivated);
        const QRect r = table->visualRect(model->index(2, 0));
        // As a real double-click arrives: press, release, double-click, release.
        QTest::mouseClick(table->viewport(), Qt::LeftButton, {}, r.center());
        QTest::mouseDClick(table->viewport(), Qt::LeftButton, {}, r.center());
        QTest::mouseRelease(table->viewport(), Qt::LeftButton, {}, r.center());
        QTRY_COMPARE(activated.size(), 1);
        const auto cell = activated.first().first().value<scenario::MatrixCell>();
        QCOMPARE(cell.security, net::Security::Ssl);
        QVERIFY(cell.fetchByChunks);
        QCOMPARE(cell.verdict(), QStringLiteral("truncated"));
    }

    void matrixChunkSizesAndCancel()
    {
        ui::EmulatorController controller;
        QString error;
        QVERIFY2(controller.startDefault(&error), qPrintable(error));
        ui::MatrixView view;
        QAbstractItemModelTester tester(view.model(),
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        auto *sizes = child<QLineEdit>(&view, "chunkSizesEdit");
        auto *errorLabel = child<QLabel>(&view, "errorLabel");
        QVERIFY(sizes && errorLabel);

        // Run without a request does nothing.
        view.run();
        QVERIFY(!view.isRunning());

        scenario::MatrixRequest mr = matrixRequest(*controller.server());
        mr.chunkSizes = {10240};
        view.setRequest(mr, QStringLiteral("UID 6"));
        QCOMPARE(sizes->text(), QStringLiteral("10240"));
        QCOMPARE(view.model()->columnCount(), 2);

        // A bad chunk size: said in the view, nothing runs.
        sizes->setText(QStringLiteral("6144, lots"));
        view.run();
        QVERIFY(!view.isRunning());
        QVERIFY(errorLabel->text().contains(QStringLiteral("lots")));
        QVERIFY(!errorLabel->isHidden());

        // The chunk sizes field feeds the matrix: one column per size, then chunks off.
        sizes->setText(QStringLiteral("6144,10240"));
        QSignalSpy finished(&view, &ui::MatrixView::finished);
        view.run();
        QVERIFY(view.isRunning());
        QVERIFY(errorLabel->isHidden());
        QCOMPARE(view.model()->rowCount(), 3);
        QCOMPARE(view.model()->columnCount(), 3);
        QCOMPARE(view.model()->headerData(0, Qt::Horizontal).toString(),
                 QStringLiteral("chunks on (6144)"));
        QCOMPARE(view.model()->headerData(1, Qt::Horizontal).toString(),
                 QStringLiteral("chunks on (10240)"));
        QCOMPARE(view.model()->headerData(2, Qt::Horizontal).toString(),
                 QStringLiteral("chunks off"));
        QCOMPARE(view.cells().size(), 9);

        // Cancel: nothing left running, unfinished cells say so.
        view.cancel();
        QVERIFY(!view.isRunning());
        QCOMPARE(finished.size(), 1);
        int cancelled = 0;
        for (int i = 0; i < view.cells().size(); ++i)
            if (view.model()->cellState(i) == ui::MatrixModel::CellState::Cancelled) {
                ++cancelled;
                QCOMPARE(view.model()->indexOfCell(i).data().toString(),
                         QStringLiteral("cancelled"));
                QVERIFY(!view.model()->indexOfCell(i).data(Qt::BackgroundRole).isValid());
            }
        QVERIFY(cancelled > 0);
        view.cancel(); // again: harmless
        QCOMPARE(finished.size(), 1);

        // A new request while running cancels the old run.
        view.run();
        QVERIFY(view.isRunning());
        view.setRequest(matrixRequest(*controller.server()), QStringLiteral("UID 5"));
        QVERIFY(!view.isRunning());
        QCOMPARE(finished.size(), 2);
        QCOMPARE(view.model()->columnCount(), 3); // the field kept the user's sizes

        // Nothing arrives late from the cancelled matrices.
        QCoreApplication::processEvents();
        QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
        QCoreApplication::processEvents();
        for (int i = 0; i < view.cells().size(); ++i)
            QCOMPARE(view.model()->cellState(i), ui::MatrixModel::CellState::NotRun);
    }

    void certificateDialog()
    {
        const emulator::TlsIdentity id = mintExpired();
        QVERIFY(!id.isNull());
        const QStringList reasons{QStringLiteral("The certificate has expired."),
                                  QStringLiteral("The certificate is self-signed and untrusted.")};
        ui::CertificateDialog dialog(id.certificate, reasons, QStringLiteral("imap.example.test"),
                                     993);
        QCOMPARE(dialog.fingerprint(), id.sha256());
        const QString pinText = net::TlsPolicy::formatPin(id.sha256());
        QCOMPARE(child<QLabel>(&dialog, "fingerprintLabel")->text().remove(QLatin1Char('\n')),
                 pinText);
        // Whose certificate it is, and no pointer to the built-in server's (another one).
        const QString owner = child<QLabel>(&dialog, "fingerprintOwnerLabel")->text();
        QVERIFY2(owner.contains(QStringLiteral("imap.example.test:993")), qPrintable(owner));
        QVERIFY(
            !child<QLabel>(&dialog, "warningLabel")->text().contains(QStringLiteral("built-in")));
        child<QPushButton>(&dialog, "copyFingerprintButton")->click();
        QCOMPARE(QGuiApplication::clipboard()->text(), pinText);
        QVERIFY(net::TlsPolicy::parsePin(QGuiApplication::clipboard()->text()) == id.sha256());
        QVERIFY(child<QLabel>(&dialog, "fingerprintLabel")->textInteractionFlags() &
                Qt::TextSelectableByMouse);
        const QString subject = child<QLabel>(&dialog, "subjectLabel")->text();
        QVERIFY2(subject.contains(QStringLiteral("CN=imap.example.test")), qPrintable(subject));
        QVERIFY2(subject.contains(QStringLiteral("O=Example Org")), qPrintable(subject));
        const QString issuer = child<QLabel>(&dialog, "issuerLabel")->text();
        QVERIFY2(issuer.contains(QStringLiteral("CN=imap.example.test")), qPrintable(issuer));
        QVERIFY2(issuer.contains(QStringLiteral("self-signed")), qPrintable(issuer));
        QVERIFY(
            child<QLabel>(&dialog, "validUntilLabel")->text().contains(QStringLiteral("EXPIRED")));
        QVERIFY(!child<QLabel>(&dialog, "validFromLabel")->text().contains(QStringLiteral("NOT")));
        const QString names = child<QLabel>(&dialog, "namesLabel")->text();
        QVERIFY2(names.contains(QStringLiteral("DNS:mail.example.test")), qPrintable(names));
        QVERIFY2(names.contains(QStringLiteral("IP:192.0.2.7")), qPrintable(names));
        const QString why = child<QLabel>(&dialog, "reasonsLabel")->text();
        QVERIFY(why.contains(reasons[0]) && why.contains(reasons[1]));
        QVERIFY(child<QLabel>(&dialog, "warningLabel")->text().contains(QStringLiteral("exactly")));
        QVERIFY(dialog.windowTitle().contains(QStringLiteral("imap.example.test:993")));
        auto *pin = child<QPushButton>(&dialog, "pinButton");
        auto *cancel = child<QPushButton>(&dialog, "cancelButton");
        QVERIFY(pin && cancel);
        QCOMPARE(pin->text().remove(QLatin1Char('&')), QStringLiteral("Pin and connect"));
        QVERIFY(cancel->isDefault());
        QVERIFY(!pin->isDefault() && !pin->autoDefault());

        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        QVERIFY(cancel->isDefault());
        screenshot(&dialog, QStringLiteral("certificate-dialog.png"));
        // Enter does not pin: the default is Cancel.
        QTest::keyClick(&dialog, Qt::Key_Return);
        QCOMPARE(dialog.result(), int(QDialog::Rejected));
        QVERIFY(!dialog.isVisible());
    }

    void askToPin_data()
    {
        QTest::addColumn<QString>("action");
        QTest::addColumn<bool>("pinned");
        QTest::newRow("pin") << QStringLiteral("pinButton") << true;
        QTest::newRow("cancel") << QStringLiteral("cancelButton") << false;
        QTest::newRow("escape") << QStringLiteral("escape") << false;
        QTest::newRow("enter") << QStringLiteral("enter") << false;
    }
    void askToPin()
    {
        QFETCH(QString, action);
        QFETCH(bool, pinned);
        const emulator::TlsIdentity id = mintExpired();
        QVERIFY(!id.isNull());
        bool seen = false;
        QTimer::singleShot(0, this, [&] {
            auto *dialog = qobject_cast<ui::CertificateDialog *>(QApplication::activeModalWidget());
            if (!dialog) {
                qWarning("no modal certificate dialog");
                return;
            }
            seen = dialog->fingerprint() == id.sha256();
            if (action == QLatin1String("escape"))
                QTest::keyClick(dialog, Qt::Key_Escape);
            else if (action == QLatin1String("enter"))
                QTest::keyClick(dialog, Qt::Key_Return);
            else
                dialog->findChild<QPushButton *>(action)->click();
        });
        // A watchdog, so that a dialog nobody closed fails the test instead of hanging it.
        QTimer watchdog;
        watchdog.setSingleShot(true);
        connect(&watchdog, &QTimer::timeout, this, [] {
            if (QWidget *w = QApplication::activeModalWidget())
                w->close();
        });
        watchdog.start(30000);
        const bool result = ui::CertificateDialog::askToPin(
            id.certificate, {QStringLiteral("The certificate has expired.")},
            QStringLiteral("imap.example.test"), 993, nullptr);
        QVERIFY(seen);
        QCOMPARE(result, pinned);
    }
};

QTEST_MAIN(tst_Panels)
#include "tst_panels.moc"
