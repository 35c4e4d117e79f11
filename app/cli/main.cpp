// msim-cli: headless msim (DESIGN.md §4). No Widgets: it links the core libraries only.
#include "CliCommon.h"
#include "Commands.h"

#include <QCoreApplication>

namespace {

const char *const kUsage =
    "Usage: msim-cli COMMAND [options]\n"
    "\n"
    "Emulates Netscape Messenger 4.5's IMAP client against a real server or the built-in\n"
    "misbehaving one, and reports what the client would have displayed.\n"
    "\n"
    "Commands:\n"
    "  fetch      fetch messages as Messenger 4.5 opens them, chunk by chunk\n"
    "  reproduce  run a scenario file and check its expectation\n"
    "  matrix     fetch one message over each transport with chunking on and off\n"
    "  prefs      show (and write) the effective prefs of a preset, prefs.js and --set\n"
    "  presets    list the client presets\n"
    "  serve      run the built-in misbehaving IMAP server\n"
    "  profiles   list the built-in server's profiles\n"
    "\n"
    "Run 'msim-cli COMMAND --help' for the options of a command.\n";

} // namespace

int main(int argc, char **argv)
{
    // Qt's own event dispatcher is lighter than GLib's, and msim-cli needs nothing of GLib.
    if (!qEnvironmentVariableIsSet("QT_NO_GLIB"))
        qputenv("QT_NO_GLIB", "1");
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("msim"));
    QCoreApplication::setApplicationVersion(QStringLiteral(MSIM_VERSION));
    QStringList args = app.arguments().mid(1);
    using namespace msim::cli;
    if (args.isEmpty()) {
        err() << kUsage;
        return ExitUsage;
    }
    const QString command = args.takeFirst();
    if (command == QLatin1String("--help") || command == QLatin1String("-h") ||
        command == QLatin1String("help")) {
        out() << kUsage;
        return ExitOk;
    }
    if (command == QLatin1String("--version")) {
        out() << "msim-cli " << MSIM_VERSION << '\n';
        return ExitOk;
    }
    if (command == QLatin1String("fetch"))
        return fetchCommand(args);
    if (command == QLatin1String("reproduce"))
        return reproduceCommand(args);
    if (command == QLatin1String("matrix"))
        return matrixCommand(args);
    if (command == QLatin1String("prefs"))
        return prefsCommand(args);
    if (command == QLatin1String("presets"))
        return presetsCommand(args);
    if (command == QLatin1String("serve"))
        return serveCommand(args);
    if (command == QLatin1String("profiles"))
        return profilesCommand(args);
    err() << "msim-cli: unknown command '" << command << "'\n\n" << kUsage;
    return ExitUsage;
}
