// SPDX-License-Identifier: MIT
// msim: the desktop app (DESIGN.md §1). `msim --demo-screenshots DIR` runs the KB Q194998 story
// by itself and saves screenshots of the main window, the settings pane and the matrix (used
// by scripts/screenshots under Xvfb).
#include "ui/MainWindow.h"
#include "ui/MatrixView.h"
#include "ui/MessageView.h"
#include "ui/SettingsPane.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QDockWidget>
#include <QIcon>
#include <QPainter>
#include <QTimer>

namespace {

QIcon appIcon()
{
    QPixmap pm(64, 64);
    pm.fill(Qt::transparent);
    QPainter p(&pm);
    p.setRenderHint(QPainter::Antialiasing);
    p.setBrush(QColor(0x1f, 0x4e, 0x8c));
    p.setPen(Qt::NoPen);
    p.drawRoundedRect(2, 10, 60, 44, 8, 8);
    p.setBrush(QColor(0xc6, 0x28, 0x28));
    p.drawRect(8, 40, 22, 8);
    p.setBrush(QColor(0x2e, 0x7d, 0x32));
    p.drawRect(8, 20, 48, 8);
    p.setBrush(QColor(0xff, 0xff, 0xff));
    p.drawRect(30, 40, 26, 8);
    p.end();
    return QIcon(pm);
}

// Drives the story for the screenshots: first start (truncated over SSL), settings with
// fetch_by_chunks unticked (complete), then the matrix.
void demo(msim::ui::MainWindow &w, const QString &dir)
{
    using namespace msim::ui;
    QDir().mkpath(dir);
    auto shot = [&w, dir](const QString &name) {
        QApplication::processEvents();
        w.grab().save(QDir(dir).filePath(name));
    };
    auto step = std::make_shared<int>(0);
    QObject::connect(&w, &MainWindow::fetchFinished, &w, [&w, step, shot] {
        if (*step == 0) {
            *step = 1;
            w.dock(QStringLiteral("chunkDock"))->raise();
            QTimer::singleShot(300, &w, [&w, shot] {
                shot(QStringLiteral("main-window.png"));
                w.dock(QStringLiteral("settingsDock"))->raise();
                w.settingsPane()->setValue(QStringLiteral("mail.imap.fetch_by_chunks"), false);
                w.fetchAgain();
            });
        } else if (*step == 1) {
            *step = 2;
            w.dock(QStringLiteral("transcriptDock"))->raise();
            QTimer::singleShot(300, &w, [&w, shot] {
                shot(QStringLiteral("settings.png"));
                w.settingsPane()->setValue(QStringLiteral("mail.imap.fetch_by_chunks"), true);
                w.dock(QStringLiteral("matrixDock"))->raise();
                w.matrixView()->run();
            });
        }
    });
    QObject::connect(w.matrixView(), &MatrixView::finished, &w, [&w, shot] {
        QTimer::singleShot(300, &w, [&w, shot] {
            shot(QStringLiteral("matrix.png"));
            w.close();
        });
    });
    QTimer::singleShot(120000, &w, [&w] { w.close(); }); // bounded
}

} // namespace

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("msim"));
    QApplication::setOrganizationName(QStringLiteral("msim"));
    QApplication::setApplicationDisplayName(QStringLiteral("msim"));
    QApplication::setApplicationVersion(QStringLiteral(MSIM_VERSION));
    QApplication::setWindowIcon(appIcon());
    QCommandLineParser p;
    p.setApplicationDescription(QStringLiteral("msim: the Messenger 4.5 IMAP simulator"));
    p.addHelpOption();
    p.addVersionOption();
    p.addOption({QStringLiteral("demo-screenshots"),
                 QStringLiteral("Run the KB Q194998 story and save screenshots into DIR."),
                 QStringLiteral("DIR")});
    p.addOption({QStringLiteral("size"),
                 QStringLiteral("Open the window at WxH pixels (e.g. 1024x700) instead of the size "
                                "it remembers or fits to the screen."),
                 QStringLiteral("WxH")});
    p.process(app);
    msim::ui::MainWindow w;
    if (p.isSet(QStringLiteral("size"))) {
        const QStringList wh = p.value(QStringLiteral("size")).split(QLatin1Char('x'));
        const QSize size = wh.size() == 2 ? QSize(wh[0].toInt(), wh[1].toInt()) : QSize();
        if (size.isEmpty()) {
            qCritical("msim: --size takes WIDTHxHEIGHT in pixels, e.g. 1024x700");
            return 2;
        }
        w.resize(size);
    }
    w.show();
    if (p.isSet(QStringLiteral("demo-screenshots")))
        demo(w, p.value(QStringLiteral("demo-screenshots")));
    QTimer::singleShot(0, &w, &msim::ui::MainWindow::start);
    return QApplication::exec();
}
