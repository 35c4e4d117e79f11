// SPDX-License-Identifier: MIT
// msim-cli: headless msim (DESIGN.md §4). No Widgets: it links the core libraries only.
#include "CliCommon.h"
#include "CommandTable.h"
#include "Reference.h"

#include "net/KeyLog.h"
#include "net/Version.h"

#include <QCoreApplication>

#ifdef __GLIBC__
#include <malloc.h>
#endif

int main(int argc, char **argv)
{
#ifdef __GLIBC__
    // A fixed mmap threshold: glibc otherwise raises it to the size of each large block freed
    // (up to 32 MiB), after which a growing transcript or message buffer is reallocated by
    // copying inside the heap and leaves its old blocks behind as holes. Fixed, a large buffer
    // grows with mremap and goes back to the system when freed: a 5 MiB fetch with its
    // reference copy peaked at 49.5 MiB instead of 43.9, the matrix at 106 MiB instead of 99.
    mallopt(M_MMAP_THRESHOLD, 128 * 1024);
#endif
    // Qt's own event dispatcher is lighter than GLib's, and msim-cli needs nothing of GLib.
    if (!qEnvironmentVariableIsSet("QT_NO_GLIB"))
        qputenv("QT_NO_GLIB", "1");
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("msim"));
    QCoreApplication::setApplicationVersion(msim::net::msimVersion());
    QStringList args = app.arguments().mid(1);
    using namespace msim::cli;
    if (args.isEmpty()) {
        err() << programHelp();
        return ExitUsage;
    }
    const QString command = args.takeFirst();
    if (command == QLatin1String("--help") || command == QLatin1String("-h") ||
        command == QLatin1String("help")) {
        out() << programHelp();
        return ExitOk;
    }
    if (command == QLatin1String("--version")) {
        out() << msim::net::versionLine(QStringLiteral("msim-cli")) << '\n';
        return ExitOk;
    }
    // The reference texts the build installs (not in --help: they are for packagers).
    if (command == QLatin1String("--man-page")) {
        out() << manPage();
        return ExitOk;
    }
    if (command == QLatin1String("--bash-completion")) {
        out() << bashCompletion();
        return ExitOk;
    }
    if (const CommandSpec *spec = findCommand(command)) {
        // Before any TLS context exists: the key log hooks every context made after it.
        QString warning;
        QString error;
        if (!msim::net::KeyLog::enableFromEnvironment(&warning, &error)) {
            err() << "msim-cli: " << error << '\n';
            return ExitFailed;
        }
        if (!warning.isEmpty()) {
            err() << warning << '\n';
            err().flush();
        }
        return runCommand(*spec, args);
    }
    err() << "msim-cli: unknown command '" << command << "'\n\n" << programHelp();
    return ExitUsage;
}
