// SPDX-License-Identifier: MIT
// msim: the desktop app (DESIGN.md §1). `msim --demo-screenshots DIR` runs the KB Q194998 story
// by itself and saves screenshots of each step (DemoTour; scripts/screenshots runs it under
// Xvfb at 1024x700 and 1600x1000 with --size).
#include "DemoTour.h"
#include "net/KeyLog.h"
#include "ui/MainWindow.h"
#include "ui/WindowLayout.h"

#include <QApplication>
#include <QCommandLineParser>
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
    // Before any TLS context exists: the key log hooks every context made after it.
    QString keyLogWarning;
    QString keyLogError;
    if (!msim::net::KeyLog::enableFromEnvironment(&keyLogWarning, &keyLogError)) {
        qCritical("msim: %s", qPrintable(keyLogError));
        return 1;
    }
    if (!keyLogWarning.isEmpty())
        qWarning("%s", qPrintable(keyLogWarning));
    msim::ui::MainWindow w;
    if (p.isSet(QStringLiteral("size"))) {
        const QStringList wh = p.value(QStringLiteral("size")).split(QLatin1Char('x'));
        const QSize size = wh.size() == 2 ? QSize(wh[0].toInt(), wh[1].toInt()) : QSize();
        if (size.isEmpty()) {
            qCritical("msim: --size takes WIDTHxHEIGHT in pixels, e.g. 1024x700");
            return 2;
        }
        msim::ui::WindowLayout::resizeTo(&w, size);
    }
    w.show();
    if (p.isSet(QStringLiteral("demo-screenshots")))
        DemoTour::start(w, p.value(QStringLiteral("demo-screenshots")));
    QTimer::singleShot(0, &w, &msim::ui::MainWindow::start);
    return QApplication::exec();
}
