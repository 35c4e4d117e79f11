// SPDX-License-Identifier: MIT
// Account ▸ Diagnose server… offscreen (issue 18 item 5): against the built-in server playing
// exchange55-presp2 the probes tick into the table, KB Q194998's unframed overrun is named over
// ssl and "Save as scenario" writes a scenario that loads with that profile; against rfc3501 the
// verdict is conformant and nothing is offered to save; Cancel and closing mid-run end cleanly.
// Set MSIM_DIAG_SCREENSHOTS=DIR to also write PNGs of the dialog after the runs to DIR.
#include "FetchRun.h"
#include "TestIdentity.h"
#include "diagnose/DiagnoseOutput.h"
#include "emulator/EmulatedServer.h"
#include "ui/Account.h"
#include "ui/DiagnoseDialog.h"
#include "ui/DiagnoseResultPanel.h"
#include "ui/EmulatorController.h"
#include "ui/ErrorLabel.h"
#include "ui/MainMenu.h"
#include "ui/MainWindow.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QDir>
#include <QFile>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QScreen>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace msim;
using namespace msim::testsupport;
using ui::DiagnoseDialog;
using State = ui::DiagnoseDialog::State;

namespace {

// Far above a diagnosis of the built-in server (probes, then the presets' and the workarounds'
// re-runs, each command bounded at 5 s).
constexpr int kDiagnoseWaitMs = 180000;

// The built-in server playing `profile` on loopback, both listeners on free ports.
std::unique_ptr<emulator::EmulatedServer> serve(const QString &profile)
{
    emulator::ServerOptions o;
    o.profile = profile;
    o.identity = testIdentity();
    auto s = std::make_unique<emulator::EmulatedServer>(o, emulator::Mailbox::sample());
    QString error;
    if (!s->start(&error)) {
        qWarning() << "the built-in server did not start:" << error;
        return nullptr;
    }
    return s;
}

// What Account ▸ Diagnose server… asks for the built-in server: test / secret, its certificate
// pinned, both ports.
diagnose::DiagnoseRequest requestFor(const emulator::EmulatedServer &s)
{
    diagnose::DiagnoseRequest r;
    r.base = builtInRequest(s.port(), s.tlsPort(), s.fingerprint(), net::Security::Ssl,
                            QStringLiteral("messenger45"), {})
                 .session;
    r.plainPort = s.port();
    r.tlsPort = s.tlsPort();
    return r;
}

// The built-in server playing a profile, and a dialog diagnosing it, shown and started.
struct Diagnosing
{
    std::unique_ptr<emulator::EmulatedServer> server;
    std::unique_ptr<DiagnoseDialog> dialog;
    std::unique_ptr<QSignalSpy> done; // DiagnoseDialog::diagnosisFinished

    bool start(const QString &profile)
    {
        server = serve(profile);
        if (!server)
            return false;
        dialog = std::make_unique<DiagnoseDialog>(requestFor(*server), profile);
        dialog->show();
        done = std::make_unique<QSignalSpy>(dialog.get(), &DiagnoseDialog::diagnosisFinished);
        dialog->start();
        return dialog->state() == DiagnoseDialog::State::Running;
    }
};

QList<QPushButton *> saveButtons(const DiagnoseDialog &d)
{
    QList<QPushButton *> out;
    for (QPushButton *b : d.findChildren<QPushButton *>()) {
        if (b->objectName().startsWith(QLatin1String("saveScenario-")))
            out << b;
    }
    return out;
}

// The dialog as it sized itself on this screen, saved as DIR/NAME-WxH.png (W x H: the screen's
// size; scripts run this under Xvfb at 1024x700 and 1600x1000).
void screenshot(DiagnoseDialog &d, const QString &name)
{
    const QString dir = qEnvironmentVariable("MSIM_DIAG_SCREENSHOTS");
    if (dir.isEmpty())
        return;
    QDir().mkpath(dir);
    const QSize screen = d.screen()->size();
    QApplication::processEvents();
    d.grab().save(QDir(dir).filePath(
        QStringLiteral("%1-%2x%3.png").arg(name).arg(screen.width()).arg(screen.height())));
}

} // namespace

class TestDiagnoseDialog : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void exchange55PreSp2IsDiagnosedAndSaved();
    void rfc3501IsConformant();
    void cancelMidRun();
    void closingMidRunCancels();
    void bothPortsOffIsRefused();
    void requestForAccount_data();
    void requestForAccount();
    void menuDiagnosesTheBuiltInAccount();
};

void TestDiagnoseDialog::exchange55PreSp2IsDiagnosedAndSaved()
{
    Diagnosing run;
    QVERIFY(run.start(QStringLiteral("exchange55-presp2")));
    DiagnoseDialog &d = *run.dialog;
    QSignalSpy &done = *run.done;
    // The probes tick by while it runs: rows arrive before the end.
    QTRY_VERIFY_WITH_TIMEOUT(d.probeTable()->rowCount() > 0, kDiagnoseWaitMs);
    QVERIFY(done.isEmpty());
    QVERIFY(done.wait(kDiagnoseWaitMs));
    QCOMPARE(d.state(), State::Finished);

    const diagnose::DiagnoseResult &r = d.result();
    QCOMPARE(d.probeTable()->rowCount(), r.probes.size());
    int failedSsl = 0;
    for (int row = 0; row < r.probes.size(); ++row) {
        const diagnose::ProbeResult &p = r.probes[row];
        QCOMPARE(d.probeTable()->item(row, 0)->text(), p.spec.name);
        QCOMPARE(d.probeTable()->item(row, 4)->text(), p.evidence);
        const bool marked = d.probeTable()->item(row, 3)->font().bold();
        QCOMPARE(marked, p.verdict == diagnose::ProbeVerdict::Fail);
        if (p.verdict == diagnose::ProbeVerdict::Fail && p.transport == net::Security::Ssl)
            ++failedSsl;
    }
    QVERIFY(failedSsl > 0);

    int at = -1;
    for (int i = 0; i < r.faults.size(); ++i) {
        if (r.faults[i].id == QLatin1String("partial-overrun-unframed"))
            at = i;
    }
    QVERIFY(at >= 0);
    const diagnose::DiagnosedFault &f = r.faults[at];
    QCOMPARE(f.transports, QList<net::Security>{net::Security::Ssl});
    QVERIFY(d.resultPanel()->verdictText().startsWith(QLatin1String("Faults found:")));
    const QString shown = d.resultPanel()->plainText();
    const QString sentence = diagnose::DiagnoseOutput::faultSentence(f);
    QVERIFY2(shown.contains(sentence), qPrintable(shown));
    QVERIFY2(sentence.contains(QLatin1String("KB Q194998")), qPrintable(sentence));
    QVERIFY2(sentence.contains(QLatin1String("ssl")), qPrintable(sentence));
    for (const diagnose::AffectedClient &a : f.affects)
        QVERIFY2(shown.contains(a.sentence), qPrintable(a.sentence));

    QPushButton *save = d.resultPanel()->saveButton(at);
    QVERIFY(save);
    QVERIFY(save->isEnabled());
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("saved.json"));
    QString suggested;
    d.setFileChooser([&](const QString &s) {
        suggested = s;
        return path;
    });
    save->click();
    QCOMPARE(suggested, QStringLiteral("partial-overrun-unframed.json"));
    QString error;
    const auto loaded = scenario::Scenario::load(path, &error);
    QVERIFY2(loaded, qPrintable(error));
    QCOMPARE(loaded->server.profile, QStringLiteral("exchange55-presp2"));
    QCOMPARE(loaded->server.security, net::Security::Ssl);
    QCOMPARE(loaded->ticket, QStringLiteral("KB Q194998"));
    QVERIFY(d.stageLabel()->text().contains(QDir::toNativeSeparators(path)));
    // Export report…: the folder for the ticket, its page naming the fault.
    QVERIFY(d.findChild<QPushButton *>(QStringLiteral("exportReport"))->isEnabled());
    const QString reportDir = dir.filePath(QStringLiteral("report"));
    QVERIFY2(d.exportReport(reportDir, &error), qPrintable(error));
    QFile html(QDir(reportDir).filePath(QStringLiteral("report.html")));
    QVERIFY(html.open(QIODevice::ReadOnly));
    QVERIFY(html.readAll().contains("partial-overrun-unframed"));
    QVERIFY(QFile::exists(QDir(reportDir).filePath(QStringLiteral("report.json"))));
    screenshot(d, QStringLiteral("diagnose-exchange55-presp2"));
}

void TestDiagnoseDialog::rfc3501IsConformant()
{
    Diagnosing run;
    QVERIFY(run.start(QStringLiteral("rfc3501")));
    DiagnoseDialog &d = *run.dialog;
    QVERIFY(run.done->wait(kDiagnoseWaitMs));
    QCOMPARE(d.state(), State::Finished);
    QVERIFY(d.result().faults.isEmpty());
    QVERIFY(d.probeTable()->rowCount() > 0);
    QVERIFY2(d.resultPanel()->verdictText().startsWith(QLatin1String("Conformant:")),
             qPrintable(d.resultPanel()->verdictText()));
    QVERIFY(saveButtons(d).isEmpty());
    QVERIFY(!d.resultPanel()->saveButton(0));
    screenshot(d, QStringLiteral("diagnose-rfc3501"));
}

// Cancel as soon as the first probe is in: the diagnosis ends, the dialog says so.
void TestDiagnoseDialog::cancelMidRun()
{
    Diagnosing run;
    QVERIFY(run.start(QStringLiteral("exchange55-presp2")));
    DiagnoseDialog &d = *run.dialog;
    QSignalSpy &done = *run.done;
    QTRY_VERIFY_WITH_TIMEOUT(d.probeTable()->rowCount() > 0 || !done.isEmpty(), kDiagnoseWaitMs);
    QVERIFY(done.isEmpty()); // still running: the cancel below is mid-run
    d.cancel();
    QVERIFY(done.count() || done.wait(kDiagnoseWaitMs));
    QCOMPARE(d.state(), State::Cancelled);
    QVERIFY(d.result().cancelled);
    QVERIFY2(d.resultPanel()->verdictText().startsWith(QLatin1String("Cancelled:")),
             qPrintable(d.resultPanel()->verdictText()));
    QVERIFY(saveButtons(d).isEmpty());
    QVERIFY(!d.findChild<QPushButton *>(QStringLiteral("exportReport"))->isEnabled());
    QString error;
    QVERIFY(!d.exportReport(QDir::temp().filePath(QStringLiteral("never-written")), &error));
    QCOMPARE(error, QStringLiteral("There is no finished diagnosis to export."));
    // It can run again, and be cancelled before its first probe (finished() may come at once).
    d.start();
    QCOMPARE(d.state(), State::Running);
    QCOMPARE(d.probeTable()->rowCount(), 0);
    d.cancel();
    QTRY_COMPARE_WITH_TIMEOUT(done.count(), 2, kDiagnoseWaitMs);
    QCOMPARE(d.state(), State::Cancelled);
}

// Closing the dialog mid-run cancels the diagnosis, which lives on (beside the dialog, under
// the window) until its cancel has ended, then goes.
void TestDiagnoseDialog::closingMidRunCancels()
{
    auto server = serve(QStringLiteral("exchange55-presp2"));
    QVERIFY(server);
    QWidget window;
    QPointer<DiagnoseDialog> d =
        new DiagnoseDialog(requestFor(*server), QStringLiteral("x"), &window);
    d->setAttribute(Qt::WA_DeleteOnClose);
    d->show();
    d->start();
    QTRY_VERIFY_WITH_TIMEOUT(d->probeTable()->rowCount() > 0, kDiagnoseWaitMs);
    QCOMPARE(d->state(), State::Running);
    d->close();
    QTRY_VERIFY(!d);
    QTRY_VERIFY_WITH_TIMEOUT(window.findChildren<diagnose::Diagnosis *>().isEmpty(),
                             kDiagnoseWaitMs);
}

void TestDiagnoseDialog::bothPortsOffIsRefused()
{
    diagnose::DiagnoseRequest r;
    r.plainPort = 143;
    DiagnoseDialog d(r, QStringLiteral("nowhere"));
    const auto boxes = d.findChildren<QCheckBox *>();
    QCOMPARE(boxes.size(), 2);
    QVERIFY(boxes[0]->isChecked());
    QVERIFY(!boxes[1]->isChecked());
    boxes[0]->setChecked(false);
    d.start();
    QCOMPARE(d.state(), State::Ready);
    auto *error = d.findChild<ui::ErrorLabel *>();
    QVERIFY(error);
    QCOMPARE(error->text(),
             QStringLiteral("Switch on at least one port: there is nothing to probe."));
    QCOMPARE(d.probeTable()->rowCount(), 0);
}

void TestDiagnoseDialog::requestForAccount_data()
{
    QTest::addColumn<bool>("builtIn");
    QTest::addColumn<net::Security>("security");
    QTest::addColumn<quint16>("port");
    QTest::addColumn<std::optional<quint16>>("plain");
    QTest::addColumn<std::optional<quint16>>("tls");
    using P = std::optional<quint16>;
    QTest::newRow("imaps-account") << false << net::Security::Ssl << quint16(993) << P() << P(993);
    QTest::newRow("starttls-account")
        << false << net::Security::StartTls << quint16(1143) << P(1143) << P();
    QTest::newRow("plain-account") << false << net::Security::None << quint16(143) << P(143) << P();
    // The built-in server's account: both of the running server's listeners.
    QTest::newRow("built-in") << true << net::Security::Ssl << quint16(40001) << P(40000)
                              << P(40001);
}

void TestDiagnoseDialog::requestForAccount()
{
    QFETCH(bool, builtIn);
    QFETCH(net::Security, security);
    QFETCH(quint16, port);
    QFETCH(std::optional<quint16>, plain);
    QFETCH(std::optional<quint16>, tls);
    ui::Account a;
    a.builtIn = builtIn;
    a.host = QStringLiteral("imap.example.com");
    a.port = port;
    a.security = security;
    a.user = QStringLiteral("support");
    a.mailbox = QStringLiteral("Archive");
    const auto r = DiagnoseDialog::requestFor(a, "pw", 40000, 40001);
    QCOMPARE(r.plainPort, plain);
    QCOMPARE(r.tlsPort, tls);
    QCOMPARE(r.base.endpoint.host, QStringLiteral("imap.example.com"));
    QCOMPARE(r.base.credentials.user, QByteArray("support"));
    QCOMPARE(r.base.credentials.password, QByteArray("pw"));
    QCOMPARE(r.mailbox, QByteArray("Archive"));
    QVERIFY(!r.uid);
    // The dialog starts with those ports, switched on or off.
    DiagnoseDialog d(r, a.host);
    auto *plainPort = d.findChild<QSpinBox *>(QStringLiteral("plainPort"));
    auto *tlsPort = d.findChild<QSpinBox *>(QStringLiteral("tlsPort"));
    QVERIFY(plainPort && tlsPort);
    QCOMPARE(plainPort->isEnabled(), plain.has_value());
    QCOMPARE(tlsPort->isEnabled(), tls.has_value());
    QCOMPARE(plainPort->value(), int(plain.value_or(143)));
    QCOMPARE(tlsPort->value(), int(tls.value_or(993)));
}

// Account ▸ Diagnose server… (Ctrl+Shift+D) on a first start: the built-in server's account,
// both of its listeners, its password and pin; the run names its fault.
void TestDiagnoseDialog::menuDiagnosesTheBuiltInAccount()
{
    QCoreApplication::setOrganizationName(QStringLiteral("msim-test"));
    QCoreApplication::setApplicationName(QStringLiteral("diagnose-menu"));
    QSettings().clear();
    ui::MainWindow w;
    QSignalSpy listed(&w, &ui::MainWindow::listLoaded);
    w.show();
    w.start();
    QVERIFY(listed.wait(30000));
    const emulator::EmulatedServer *server = w.emulator()->server();
    QVERIFY(server);
    QAction *entry = w.menu()->action(ui::MainMenu::DiagnoseServer);
    QCOMPARE(entry->shortcut(), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_D));
    entry->trigger();
    QTRY_VERIFY(w.findChild<DiagnoseDialog *>());
    DiagnoseDialog *d = w.findChild<DiagnoseDialog *>();
    QCOMPARE(d->findChild<QSpinBox *>(QStringLiteral("plainPort"))->value(), int(server->port()));
    QCOMPARE(d->findChild<QSpinBox *>(QStringLiteral("tlsPort"))->value(), int(server->tlsPort()));
    QSignalSpy done(d, &DiagnoseDialog::diagnosisFinished);
    d->start();
    QVERIFY(done.wait(kDiagnoseWaitMs));
    QCOMPARE(d->state(), State::Finished);
    QVERIFY2(d->resultPanel()->verdictText().startsWith(QLatin1String("Faults found:")),
             qPrintable(d->resultPanel()->verdictText()));
    d->close();
}

QTEST_MAIN(TestDiagnoseDialog)
#include "tst_diagnosedialog.moc"
