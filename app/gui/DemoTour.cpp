// SPDX-License-Identifier: MIT
#include "DemoTour.h"

#include "emulator/Corpus.h"
#include "emulator/EmulatedServer.h"
#include "ui/AboutBox.h"
#include "ui/AccountDialog.h"
#include "ui/AccountPasswords.h"
#include "ui/CertificateDialog.h"
#include "ui/DiagnoseDialog.h"
#include "ui/EmulatorController.h"
#include "ui/MainMenu.h"
#include "ui/MainWindow.h"
#include "ui/MatrixView.h"
#include "ui/MessageView.h"
#include "ui/MimePartsView.h"
#include "ui/SettingsPane.h"
#include "ui/TranscriptModel.h"
#include "ui/TranscriptView.h"

#include <QApplication>
#include <QComboBox>
#include <QDialog>
#include <QDir>
#include <QDockWidget>
#include <QFile>
#include <QMessageBox>
#include <QTabWidget>
#include <QTcpServer>
#include <QTimer>

#include <algorithm>
#include <functional>
#include <memory>

using namespace msim::ui;

namespace {

constexpr quint32 kMultipartUid = 11; // the sample's multipart: text, pattern.bin, notes.txt

// Settles the event loop, then saves `w` (a window or a dialog) as DIR/NAME.png.
void shoot(QWidget *w, const QString &dir, const QString &name)
{
    QApplication::processEvents();
    w->grab().save(QDir(dir).filePath(name + QStringLiteral(".png")));
}

// A dialog beside the window, grabbed on its own, then closed.
void shootDialog(QDialog *d, const QString &dir, const QString &name)
{
    QApplication::processEvents();
    shoot(d, dir, name);
    d->close();
}

// Account ▸ Diagnose server… on the built-in server (exchange55-presp2, both ports): the probes,
// KB Q194998 named over ssl only, who suffers, the verified workaround. Then the window closes.
void diagnoseBuiltIn(MainWindow &w, const QString &dir)
{
    const auto *server = w.emulator()->server();
    const auto it = std::find_if(w.accounts().begin(), w.accounts().end(),
                                 [](const Account &a) { return a.builtIn; });
    if (!server || it == w.accounts().end()) {
        w.close();
        return;
    }
    w.passwords()->get(*it, [&w, dir, a = *it, server](std::optional<QByteArray> pw) {
        auto *d = new DiagnoseDialog(DiagnoseDialog::requestFor(a, pw.value_or(QByteArray()),
                                                                server->port(), server->tlsPort()),
                                     a.name, &w);
        d->setAttribute(Qt::WA_DeleteOnClose);
        d->resize(d->size().boundedTo(w.size() - QSize(24, 24))); // as on a screen of that size
        d->show();
        QObject::connect(d, &DiagnoseDialog::diagnosisFinished, &w, [&w, d, dir] {
            QTimer::singleShot(400, &w, [&w, d, dir] {
                shootDialog(d, dir, QStringLiteral("diagnose"));
                w.close();
            });
        });
        d->start();
    });
}

} // namespace

void DemoTour::start(MainWindow &w, const QString &dir)
{
    QDir().mkpath(dir);
    // The steps after the first start's fetch; each waits for the signal its action causes.
    auto step = std::make_shared<int>(0);
    auto later = [&w](std::function<void()> f) { QTimer::singleShot(400, &w, std::move(f)); };
    QObject::connect(&w, &MainWindow::fetchFinished, &w, [&w, dir, step, later] {
        const int now = (*step)++;
        if (now == 0) {
            later([&w, dir] {
                w.dock(QStringLiteral("chunkDock"))->raise();
                shoot(&w, dir, QStringLiteral("main-window"));
                // The transcript, only the lines the findings point at.
                w.dock(QStringLiteral("transcriptDock"))->raise();
                if (auto *mode = w.transcriptView()->findChild<QComboBox *>())
                    mode->setCurrentIndex(TranscriptModel::Findings);
                shoot(&w, dir, QStringLiteral("transcript-findings"));
                // Help: the guide, the keyboard shortcuts, the version.
                shootDialog(AboutBox::showGuide(&w), dir, QStringLiteral("guide"));
                shootDialog(AboutBox::showShortcuts(&w, MainMenu::shortcuts(&w)), dir,
                            QStringLiteral("shortcuts"));
                shootDialog(AboutBox::show(&w), dir, QStringLiteral("about"));
                // The pin dialog for a server msim cannot verify (the built-in one's certificate
                // here), beside the built-in server's dock.
                if (const auto *server = w.emulator()->server()) {
                    w.dock(QStringLiteral("serverDock"))->raise();
                    auto *d =
                        new CertificateDialog(server->identity().certificate,
                                              {QStringLiteral("the certificate is self-signed")},
                                              QStringLiteral("127.0.0.1"), server->tlsPort(), &w);
                    d->setAttribute(Qt::WA_DeleteOnClose);
                    d->show();
                    shootDialog(d, dir, QStringLiteral("certificate"));
                    shoot(&w, dir, QStringLiteral("server-dock"));
                }
                // The report for the ticket, into a folder that does not exist yet; the offer
                // to open it.
                QString error;
                if (w.exportReport(QDir(dir).filePath(QStringLiteral("report")), &error)) {
                    if (auto *offer = w.findChild<QMessageBox *>())
                        shootDialog(offer, dir, QStringLiteral("report-exported"));
                }
                // The KB's workaround, applied from "What this means" in the settings pane.
                w.dock(QStringLiteral("settingsDock"))->raise();
                w.settingsPane()->setValue(QStringLiteral("mail.imap.fetch_by_chunks"), false);
                w.fetchAgain();
            });
        } else if (now == 1) {
            later([&w, dir] {
                shoot(&w, dir, QStringLiteral("settings"));
                // A customer's prefs.js, then a preset over it: the values it replaced, Undo.
                const QString prefsJs = QDir(dir).filePath(QStringLiteral("customer-prefs.js"));
                QFile f(prefsJs);
                if (f.open(QIODevice::WriteOnly)) {
                    f.write("user_pref(\"mail.imap.chunk_size\", 8192);\n"
                            "user_pref(\"mail.imap.fetch_by_chunks\", false);\n");
                    f.close();
                    w.settingsPane()->importFile(prefsJs);
                    w.settingsPane()->choosePreset(QStringLiteral("kb-q194998"));
                    shoot(&w, dir, QStringLiteral("preset-undo"));
                    QFile::remove(prefsJs);
                }
                // The multipart sample under the same preset: which parts the cut kept.
                w.openMessage(kMultipartUid);
            });
        } else if (now == 2) {
            later([&w, dir] {
                // The KB Q194998 case in the customer's words: part 2 chosen in the parts tab,
                // selected in both texts and shaded in the chunk picture.
                w.dock(QStringLiteral("chunkDock"))->raise();
                auto *tabs =
                    w.messageView()->findChild<QTabWidget *>(QStringLiteral("analysisTabs"));
                if (tabs)
                    tabs->setCurrentWidget(w.messageView()->partsView());
                w.messageView()->partsView()->selectPath(QStringLiteral("2"));
                shoot(&w, dir, QStringLiteral("parts"));
                if (tabs)
                    tabs->setCurrentIndex(0);
                // Back to the 20000-octet message for the matrix.
                w.openMessage(msim::emulator::Corpus::uidOfSize(20000));
            });
        } else if (now == 3) {
            later([&w] {
                w.dock(QStringLiteral("matrixDock"))->raise();
                w.matrixView()->run();
            });
        }
    });
    QObject::connect(w.matrixView(), &MatrixView::finished, &w, [&w, dir] {
        QTimer::singleShot(400, &w, [&w, dir] {
            shoot(&w, dir, QStringLiteral("matrix"));
            // The first report, opened again as a customer's would be: read-only.
            const QString report = QDir(dir).filePath(QStringLiteral("report"));
            if (w.openReport(report)) {
                w.dock(QStringLiteral("chunkDock"))->raise();
                shoot(&w, dir, QStringLiteral("report-opened"));
            }
            QDir(report).removeRecursively();
            // Adding the customer's account: the dialog, with the keyring's "remember".
            Account customer;
            customer.id = QStringLiteral("demo-customer");
            customer.name = QStringLiteral("Customer (refuses)");
            customer.host = QStringLiteral("127.0.0.1");
            customer.security = msim::net::Security::None;
            customer.user = QStringLiteral("support");
            {
                QTcpServer closed; // a loopback port nothing listens on: bound, then let go
                closed.listen(QHostAddress::LocalHost);
                customer.port = closed.serverPort();
            }
            auto *d = new AccountDialog(customer, &w);
            d->setAttribute(Qt::WA_DeleteOnClose);
            d->show();
            shootDialog(d, dir, QStringLiteral("account-dialog"));
            // Its server refuses: nothing of the last message stays on screen.
            w.addAccount(customer, "demo", false);
            QTimer::singleShot(2000, &w, [&w, dir] {
                shoot(&w, dir, QStringLiteral("list-refused"));
                diagnoseBuiltIn(w, dir);
            });
        });
    });
    QTimer::singleShot(180000, &w, [&w] { w.close(); }); // bounded
}
