// SPDX-License-Identifier: MIT
// msim-cli serve --profile NAME [--listen 127.0.0.1] [--port N] [--tls-port N] (0 = any free)
//                [--corpus sample|generated:N|maildir:DIR|mbox:FILE|eml:FILE[,FILE...]]...
//                [--user U] [--password-file F] [--latency MS] [--overrun N]
//                [--overrun-chunk K] [--split-writes] [--pcap FILE] [--workers N]
// msim-cli profiles
#include "CliCommon.h"
#include "Commands.h"

#include "emulator/EmulatedServer.h"
#include "net/Printable.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QFile>

namespace msim::cli {

namespace {

bool portOption(const QCommandLineParser &p, const QString &name, std::optional<quint16> &out,
                QString *error)
{
    if (!p.isSet(name))
        return true;
    bool ok = false;
    const uint v = p.value(name).toUInt(&ok);
    if (!ok || v > 65535) {
        *error = QStringLiteral("--%1 must be a port number (0 = any free), not '%2'")
                     .arg(name, p.value(name));
        return false;
    }
    out = quint16(v);
    return true;
}

} // namespace

int serveCommand(const Invocation &in)
{
    const QString cmd = QStringLiteral("serve");
    const QCommandLineParser &p = in.parser;
    QString error;
    if (!p.isSet(QStringLiteral("profile")))
        return usage(cmd, QStringLiteral("--profile is required (see 'msim-cli profiles')"));
    emulator::ServerOptions o;
    // Sessions on worker threads: one client's TLS handshake or big command does not hold up
    // the others (DESIGN.md §5).
    o.workers = emulator::ServerOptions::defaultWorkers();
    o.profile = p.value(QStringLiteral("profile"));
    if (!emulator::ServerProfile::find(o.profile))
        return usage(
            cmd, QStringLiteral("unknown profile '%1' (see 'msim-cli profiles')").arg(o.profile));
    if (!o.listen.setAddress(p.value(QStringLiteral("listen"))))
        return usage(cmd, QStringLiteral("--listen needs an IP address, not '%1'")
                              .arg(p.value(QStringLiteral("listen"))));
    if (!portOption(p, QStringLiteral("port"), o.port, &error) ||
        !portOption(p, QStringLiteral("tls-port"), o.tlsPort, &error))
        return usage(cmd, error);
    bool ok1 = false;
    bool ok2 = false;
    bool ok3 = false;
    o.knobs.latencyMs = p.value(QStringLiteral("latency")).toInt(&ok1);
    o.knobs.overrun = p.value(QStringLiteral("overrun")).toLongLong(&ok2);
    o.knobs.overrunChunk = p.value(QStringLiteral("overrun-chunk")).toInt(&ok3);
    if (!ok1 || o.knobs.latencyMs < 0 || o.knobs.latencyMs > 600000)
        return usage(cmd, QStringLiteral("--latency must be 0 to 600000 milliseconds"));
    if (!ok2 || o.knobs.overrun < 0 || o.knobs.overrun > 64 * 1024 * 1024)
        return usage(cmd, QStringLiteral("--overrun must be 0 to 67108864 octets"));
    if (!ok3 || o.knobs.overrunChunk < 0)
        return usage(cmd, QStringLiteral("--overrun-chunk must be 0 or a chunk number"));
    o.knobs.splitWrites = p.isSet(QStringLiteral("split-writes"));
    if (p.isSet(QStringLiteral("workers"))) {
        bool ok = false;
        o.workers = p.value(QStringLiteral("workers")).toInt(&ok);
        if (!ok || o.workers < 0 || o.workers > emulator::ServerOptions::kMaxWorkers)
            return usage(cmd, QStringLiteral("--workers must be 0 to %1 threads, not '%2'")
                                  .arg(emulator::ServerOptions::kMaxWorkers)
                                  .arg(p.value(QStringLiteral("workers"))));
    }
    o.user = p.value(QStringLiteral("user")).toUtf8();
    if (p.isSet(QStringLiteral("password-file"))) {
        QFile f(p.value(QStringLiteral("password-file")));
        if (!f.open(QIODevice::ReadOnly))
            return usage(cmd,
                         QStringLiteral("cannot read %1: %2").arg(f.fileName(), f.errorString()));
        QByteArray pw = f.readAll();
        while (pw.endsWith('\n') || pw.endsWith('\r'))
            pw.chop(1);
        o.password = pw;
    }
    // A malformed spec is a usage error (2); a corpus that cannot be loaded is not (1, the
    // sentence alone: DESIGN.md §4).
    auto failure = emulator::Mailbox::Failure::CannotLoad;
    auto mailbox =
        emulator::Mailbox::fromSpecs(p.values(QStringLiteral("corpus")), &error, &failure);
    if (!mailbox && failure == emulator::Mailbox::Failure::BadSpec)
        return usage(cmd, QStringLiteral("--corpus: ") + error);
    if (!mailbox) {
        err() << "msim-cli serve: --corpus: " << error << '\n';
        return ExitFailed;
    }

    // Moved, not copied: a copy would share the message list until the first FETCH or STORE,
    // which would then copy all of it.
    const QList<emulator::Mailbox::Load> loads = mailbox->loads;
    emulator::EmulatedServer server(o, std::move(*mailbox));
    if (!server.start(&error)) {
        err() << "msim-cli serve: " << error << '\n';
        return ExitFailed;
    }
    if (!o.listen.isLoopback())
        err() << "warning: listening on " << o.listen.toString()
              << ", not loopback: other machines can reach this deliberately broken server\n";
    if (p.isSet(QStringLiteral("pcap"))) {
        QStringList comments;
        comments << QStringLiteral("Written by msim %1 serve, the built-in server of the Messenger "
                                   "4.5 IMAP simulator, profile %2, started at %3.")
                        .arg(QCoreApplication::applicationVersion(), o.profile,
                             QDateTime::currentDateTimeUtc().toString(Qt::ISODate));
        comments << server.listenerLines();
        comments << QStringLiteral("The octets are those the server read and wrote above TLS "
                                   "(decrypted); the IP and TCP headers are synthesised on the "
                                   "real addresses and ports. A client's command is recorded "
                                   "when the server reads it whole.");
        comments << net::captureRedactionNotice();
        for (const quint16 port : {server.port(), server.tlsPort()})
            if (const QString hint = net::captureDecodeHint(port); port != 0 && !hint.isEmpty())
                comments << hint;
        auto capture = net::CaptureFile::create(p.value(QStringLiteral("pcap")), comments, &error);
        if (!capture) {
            err() << "msim-cli serve: " << error << '\n';
            return ExitFailed;
        }
        server.setCapture(std::move(capture));
    }
    for (const QString &line : server.listenerLines())
        out() << line << '\n';
    for (const emulator::Mailbox::Load &load : loads)
        out() << net::printable::text(load.line()) << '\n';
    out().flush();
    err().flush();
    const InterruptGuard interrupts([] { QCoreApplication::quit(); });
    if (!interrupts.installed())
        err() << "warning: cannot catch SIGINT/SIGTERM\n";
    QCoreApplication::exec();
    server.stop();
    return ExitOk;
}

int profilesCommand(const Invocation &)
{
    for (const emulator::ServerProfile &p : emulator::ServerProfile::all())
        out() << p.name << '\t' << p.description << " (reproduces " << p.reproduces << ")\n";
    return ExitOk;
}

} // namespace msim::cli
