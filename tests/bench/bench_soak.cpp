// SPDX-License-Identifier: MIT
// Soak (a benchmark-style script, docs/RELIABILITY.md): N sequential sessions of chunked fetch
// from one process with the engine the GUI uses (FetchRunner), against the built-in server
// (in this process, or another one with --port/--pin). Prints open file descriptors and RSS at
// the start, half way and the end. With --check it exits 1 when descriptors leaked.
//   bench_soak [--sessions 1000] [--port N --pin sha256:HEX] [--check]
#include "emulator/CertificateMint.h"
#include "emulator/EmulatedServer.h"
#include "fetch/FetchRunner.h"
#include "net/TlsPolicy.h"
#include "prefs/Presets.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>

#include <cstdio>

using namespace msim;

namespace {

int openFds()
{
    return int(QDir(QStringLiteral("/proc/self/fd")).entryList(QDir::Files | QDir::System | QDir::NoDotAndDotDot).size());
}

double rssMb()
{
    QFile f(QStringLiteral("/proc/self/status"));
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : f.readAll().split('\n'))
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').first().toDouble() / 1024.0;
    return -1;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser p;
    p.addOptions({{QStringLiteral("sessions"), QStringLiteral("sessions"), QStringLiteral("N"), QStringLiteral("1000")},
                  {QStringLiteral("port"), QStringLiteral("TLS port of an external server"), QStringLiteral("N")},
                  {QStringLiteral("pin"), QStringLiteral("its pin"), QStringLiteral("P")},
                  {QStringLiteral("check"), QStringLiteral("exit 1 when file descriptors leaked")}});
    p.process(app);
    const int sessions = p.value(QStringLiteral("sessions")).toInt();
    std::unique_ptr<emulator::EmulatedServer> server;
    fetch::FetchRequest r;
    r.session.endpoint.host = QStringLiteral("127.0.0.1");
    r.session.endpoint.security = net::Security::Ssl;
    r.session.credentials = {"test", "secret"};
    if (p.isSet(QStringLiteral("port"))) {
        r.session.endpoint.port = quint16(p.value(QStringLiteral("port")).toUInt());
        r.session.tls.pins = {*net::TlsPolicy::parsePin(p.value(QStringLiteral("pin")))};
    } else {
        QString e;
        emulator::ServerOptions o;
        o.profile = QStringLiteral("rfc3501");
        o.identity = *emulator::CertificateMint::mint({}, &e);
        server = std::make_unique<emulator::EmulatedServer>(o, emulator::Mailbox::sample());
        if (!server->start(&e)) {
            std::fprintf(stderr, "bench_soak: %s\n", qPrintable(e));
            return 1;
        }
        r.session.endpoint.port = server->tlsPort();
        r.session.tls.pins = {server->fingerprint()};
    }
    QString e;
    r.client.prefs = *prefs::Presets::make(QStringLiteral("kb-q194998"), &e);
    r.uids = {6}; // 20000 octets: four chunks
    r.verify = false;
    r.keepSeen = true;

    std::printf("%8s %8s %10s %10s\n", "session", "open fds", "RSS MB", "seconds");
    QElapsedTimer t;
    t.start();
    int fds0 = -1;
    int failures = 0;
    for (int i = 0; i <= sessions; ++i) {
        if (i == 0 || i == sessions / 2 || i == sessions) {
            QCoreApplication::processEvents(); // let deleteLater() run
            QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
            const int fds = openFds();
            if (fds0 < 0)
                fds0 = fds;
            std::printf("%8d %8d %10.1f %10.2f\n", i, fds, rssMb(), t.elapsed() / 1000.0);
            std::fflush(stdout);
        }
        if (i == sessions)
            break;
        fetch::FetchRunner runner(r);
        QEventLoop loop;
        QObject::connect(&runner, &fetch::FetchRunner::finished, &loop, &QEventLoop::quit);
        runner.start();
        loop.exec();
        const auto &o = runner.outcome();
        if (o.error || o.messages.value(0).comparison.verdict != fetch::Verdict::Complete)
            ++failures;
    }
    QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
    const int leaked = openFds() - fds0;
    std::printf("%d sessions, %d failed, %d file descriptors more than at the start\n", sessions,
                failures, leaked);
    if (p.isSet(QStringLiteral("check")) && (leaked > 2 || failures > 0))
        return 1;
    return 0;
}
