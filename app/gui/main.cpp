// SPDX-License-Identifier: MIT
// msim: the desktop app (DESIGN.md §1). `msim --demo-screenshots DIR` runs the KB Q194998 story
// by itself and saves screenshots of each step (DemoTour; scripts/screenshots runs it under
// Xvfb at 1024x700 and 1600x1000 with --size).
#include "DemoTour.h"
#include "ManPage.h"
#include "net/KeyLog.h"
#include "net/Version.h"
#include "ui/MainWindow.h"
#include "ui/WindowLayout.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QIcon>
#include <QTextStream>
#include <QTimer>

namespace {

// The window icon: the PNGs of resources/icons (rendered from msim.svg, installed into hicolor).
QIcon appIcon()
{
    QIcon icon;
    const QDir icons(QStringLiteral(":/msim/icons"));
    for (const QString &png : icons.entryList({QStringLiteral("msim-*.png")}))
        icon.addFile(icons.filePath(png));
    return icon;
}

} // namespace

// The options of msim, for --help and the manual page (msim --man-page) alike.
struct GuiOption
{
    const char *name;
    const char *valueName;
    const char *help;
};
const GuiOption kOptions[] = {
    {"size", "WxH",
     "Open the window at WxH pixels (e.g. 1024x700) instead of the size it remembers or fits to "
     "the screen."},
    {"demo-screenshots", "DIR", "Run the KB Q194998 story and save screenshots into DIR."},
};

QString manPage()
{
    using msim::app::ManPage;
    ManPage page(QStringLiteral("msim"), 1, QStringLiteral("msim ") + msim::net::msimVersion(),
                 QStringLiteral("msim manual"));
    page.section(QStringLiteral("Name"));
    page.paragraph(QStringLiteral("msim - the Messenger 4.5 IMAP simulator"));
    page.section(QStringLiteral("Synopsis"));
    page.verbatim(QStringLiteral("msim [--size WxH] [--demo-screenshots DIR]\nmsim --help | "
                                 "--version"));
    page.section(QStringLiteral("Description"));
    page.paragraph(QStringLiteral(
        "The desktop app emulates the IMAP client of Netscape Messenger 4.5 against a real "
        "server or msim's built-in one, which misbehaves the way real servers did. On the first "
        "start it runs the built-in server as Exchange 5.5 before SP2 and opens the case of "
        "Microsoft KB Q194998: a message cut off after its first 6144-octet chunk over SSL. "
        "It shows which chunk went wrong and how, what Messenger 4.5 displayed, the true "
        "message, the transcript, and what to do about it; it runs the reproduction matrix, "
        "diagnoses a server, and exports reports and pcapng captures for a ticket. Help > Guide "
        "(F1) walks through a ticket."));
    page.paragraph(QStringLiteral("msim-cli(1) does the same without a window."));
    page.section(QStringLiteral("Options"));
    for (const GuiOption &o : kOptions)
        page.tagged(QStringLiteral("--") + QLatin1String(o.name), QLatin1String(o.valueName),
                    QString::fromUtf8(o.help));
    page.tagged(QStringLiteral("--help"), {}, QStringLiteral("Show the options."));
    page.tagged(QStringLiteral("--version"), {},
                QStringLiteral("Print the versions of msim, Qt and OpenSSL."));
    page.section(QStringLiteral("Environment"));
    page.tagged(QStringLiteral("SSLKEYLOGFILE"), {},
                QStringLiteral("When set, the TLS session keys of every connection are appended "
                               "to this file in NSS key log format (mode 0600), for Wireshark."));
    page.section(QStringLiteral("Files"));
    page.tagged(QStringLiteral("~/.config/msim/msim.conf"), {},
                QStringLiteral("Accounts, pins, prefs and the window's layout. A remembered "
                               "password is kept in the desktop's keyring (without one, in "
                               "memory for the session), never in this file."));
    page.tagged(QStringLiteral("/usr/share/msim/scenarios/"), {},
                QStringLiteral("The bundled scenario library, where File > Open scenario starts."));
    page.tagged(QStringLiteral("~/.local/share/msim/msim/tls/"), {},
                QStringLiteral("The built-in server's self-signed certificate and its private "
                               "key (owner-only), made on the first start and kept, so that its "
                               "pin stays the same."));
    page.tagged(QStringLiteral("~/.local/share/msim/fault-catalogue.json"), {},
                QStringLiteral("A fault catalogue that replaces the built-in one for Account > "
                               "Diagnose server (in $XDG_DATA_HOME when set)."));
    page.section(QStringLiteral("See also"));
    page.paragraph(QStringLiteral("msim-cli(1)"));
    return page.text();
}

int main(int argc, char **argv)
{
    QCommandLineParser p;
    p.setApplicationDescription(QStringLiteral("msim: the Messenger 4.5 IMAP simulator"));
    // Not addHelpOption(): its --help-all lists Qt's own options, which only QApplication knows.
    const QCommandLineOption help({QStringLiteral("h"), QStringLiteral("help")},
                                  QStringLiteral("Show the options."));
    p.addOption(help);
    const QCommandLineOption version(QStringLiteral("version"),
                                     QStringLiteral("Print the versions of msim, Qt and OpenSSL."));
    p.addOption(version);
    for (const GuiOption &o : kOptions)
        p.addOption({QString::fromLatin1(o.name), QString::fromUtf8(o.help),
                     QString::fromLatin1(o.valueName)});
    QCommandLineOption man(QStringLiteral("man-page"), QStringLiteral("Print the manual page."));
    man.setFlags(QCommandLineOption::HiddenFromHelp); // for the build, which installs it
    p.addOption(man);
    // --version, --help and --man-page are answered without the window system, so that they
    // work on a machine without a display (a package check, a support engineer over ssh).
    QStringList arguments;
    for (int i = 0; i < argc; ++i)
        arguments << QString::fromLocal8Bit(argv[i]);
    if (p.parse(arguments) && (p.isSet(version) || p.isSet(help) || p.isSet(man))) {
        QCoreApplication core(argc, argv);
        QTextStream out(stdout);
        if (p.isSet(version))
            out << msim::net::versionLine(QStringLiteral("msim")) << '\n';
        else if (p.isSet(man))
            out << manPage();
        else
            out << p.helpText();
        return 0;
    }
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("msim"));
    QApplication::setOrganizationName(QStringLiteral("msim"));
    QApplication::setApplicationDisplayName(QStringLiteral("msim"));
    QApplication::setApplicationVersion(msim::net::msimVersion());
    QApplication::setWindowIcon(appIcon());
    // The desktop entry's name (resources/msim.desktop), for Wayland compositors and docks.
    QGuiApplication::setDesktopFileName(QStringLiteral("invalid.msim.msim"));
    p.process(app); // usage errors: the message and exit 1, as Qt says them
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
