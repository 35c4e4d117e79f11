// SPDX-License-Identifier: MIT
// Isolation under attack (issue 22; a benchmark, never a test: DESIGN.md §5 measures isolation
// as a good client's latency against its own no-attack baseline). Starts `msim-cli serve`,
// then for each attack of issue 22 runs the attackers (from 127.0.0.2 and above) while a
// well-behaved client on 127.0.0.1, on its own thread, logs in once and fetches
// `UID FETCH 6 (BODY.PEEK[]<0.6144>)` again and again, checking every octet against the
// sample corpus; a second one opens implicit-TLS connections one after another and waits for
// each greeting. Prints per attack: fetches, wrong ones, the fetch latency p50 / p99 / max
// (ms), the TLS connect-to-greeting p50 / p99 (ms), the server's peak RSS during the attack,
// and its RSS and open descriptors once the attackers are gone (against the baseline before
// any attack). Each attack runs against each server configuration in turn (by default one
// `serve --workers 0`, all sessions on one thread, the baseline, and one with serve's own
// worker threads), and with --rounds N the whole list runs N times on the same servers (RSS
// that stops rising from one round to the next is memory kept for reuse, not held per attack).
//   bench_isolation --cli build/app/cli/msim-cli [--seconds 5] [--only NAME]
//                   [--workers 0,default] [--rounds 1]
#include "Attacks.h"
#include "ServeListeners.h"
#include "emulator/Mailbox.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QProcess>
#include <QSslSocket>
#include <QTcpSocket>
#include <QTimer>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <functional>
#include <memory>
#include <thread>
#include <vector>

using namespace msim;
using namespace msim::testsupport;

namespace {

qint64 procValue(qint64 pid, const char *key)
{
    QFile f(QStringLiteral("/proc/%1/status").arg(pid));
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : f.readAll().split('\n'))
        if (line.startsWith(key))
            return line.mid(qstrlen(key)).trimmed().split(' ').first().toLongLong();
    return -1;
}

double rssMb(qint64 pid)
{
    return procValue(pid, "VmRSS:") / 1024.0;
}

int fds(qint64 pid)
{
    return int(QDir(QStringLiteral("/proc/%1/fd").arg(pid))
                   .entryList(QDir::Files | QDir::System | QDir::NoDotAndDotDot)
                   .size());
}

double percentile(std::vector<double> v, double p)
{
    if (v.empty())
        return 0;
    std::sort(v.begin(), v.end());
    return v[std::min(v.size() - 1, size_t(p * double(v.size() - 1) + 0.5))];
}

struct Server
{
    QString name; // "1 thread" / "N workers"
    std::unique_ptr<QProcess> process;
    ServeListeners listeners;
    qint64 pid = 0;
    double rss0 = 0;
    int fds0 = 0;
};

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser p;
    p.addOptions(
        {{QStringLiteral("cli"), QStringLiteral("msim-cli to serve with"), QStringLiteral("PATH")},
         {QStringLiteral("seconds"), QStringLiteral("seconds per attack"), QStringLiteral("S"),
          QStringLiteral("5")},
         {QStringLiteral("only"), QStringLiteral("one attack"), QStringLiteral("NAME")},
         {QStringLiteral("workers"),
          QStringLiteral("serve --workers values to compare, comma-separated; 'default' is "
                         "serve's own choice (0,default)"),
          QStringLiteral("LIST"), QStringLiteral("0,default")},
         {QStringLiteral("rounds"),
          QStringLiteral("times the whole list of attacks runs on the same servers (1)"),
          QStringLiteral("N"), QStringLiteral("1")}});
    p.process(app);
    // One server per configuration, all started first; each attack then runs against each of
    // them in turn, so that a noisy moment of the machine falls on both sides alike.
    std::vector<Server> servers;
    for (const QString &w : p.value(QStringLiteral("workers")).split(QLatin1Char(','))) {
        Server s;
        s.process = std::make_unique<QProcess>();
        s.process->setProcessChannelMode(QProcess::ForwardedErrorChannel);
        QStringList args{QStringLiteral("serve"), QStringLiteral("--profile"),
                         QStringLiteral("rfc3501")};
        if (w != QStringLiteral("default"))
            args << QStringLiteral("--workers") << w;
        s.name = w == QStringLiteral("default") ? QStringLiteral("serve's default")
                 : w == QStringLiteral("0")     ? QStringLiteral("1 thread")
                                                : w + QStringLiteral(" workers");
        s.process->start(p.value(QStringLiteral("cli")), args);
        QString text;
        const auto listeners = testsupport::readServeListeners(*s.process, &text);
        if (!listeners) {
            std::fprintf(stderr, "bench_isolation: %s\n", qPrintable(text));
            return 1;
        }
        s.listeners = *listeners;
        s.pid = s.process->processId();
        s.rss0 = rssMb(s.pid);
        s.fds0 = fds(s.pid);
        std::printf("msim-cli serve (%s): baseline RSS %.1f MB, %d descriptors, %d threads\n",
                    qPrintable(s.name), s.rss0, s.fds0, int(procValue(s.pid, "Threads:")));
        servers.push_back(std::move(s));
    }
    const int seconds = p.value(QStringLiteral("seconds")).toInt();
    const int rounds = std::max(1, p.value(QStringLiteral("rounds")).toInt());
    const QByteArray expected = emulator::Mailbox::sample().messages[5].data.left(6144);
    std::printf("%d s per attack; %d round(s)\n", seconds, rounds);
    std::printf("%-16s %-16s %7s %5s %8s %8s %8s %9s %9s %9s %9s %5s\n", "attack", "server",
                "fetches", "wrong", "p50 ms", "p99 ms", "max ms", "greet p50", "greet p99",
                "peak MB", "after MB", "fds");
    for (int round = 1; round <= rounds; ++round) {
        if (rounds > 1)
            std::printf("round %d\n", round);
        for (const Attack &a : issue22Attacks()) {
            if (p.isSet(QStringLiteral("only")) && a.name != p.value(QStringLiteral("only")))
                continue;
            for (Server &s : servers) {
                const ServeListeners &l = s.listeners;
                auto owner = std::make_unique<QObject>();
                a.start(owner.get(), l.plainPort, l.tlsPort);
                std::atomic<bool> stop{false};
                GoodResult good;
                GoodResult greet;
                std::thread t([&] { good = goodClient(l.plainPort, expected, stop); });
                std::thread g([&] { greet = goodGreetings(l.tlsPort, stop); });
                double peak = 0;
                QElapsedTimer clock;
                clock.start();
                while (clock.elapsed() < seconds * 1000) {
                    QEventLoop loop;
                    QTimer::singleShot(100, &loop, &QEventLoop::quit);
                    loop.exec();
                    peak = std::max(peak, rssMb(s.pid));
                }
                stop = true;
                t.join();
                g.join();
                owner.reset(); // the attackers go
                QEventLoop settle;
                QTimer::singleShot(3000, &settle, &QEventLoop::quit);
                settle.exec();
                const QString error = good.error.isEmpty() ? greet.error : good.error;
                std::printf(
                    "%-16s %-16s %7zu %5d %8.2f %8.2f %8.2f %9.2f %9.2f %9.1f %9.1f %5d%s%s\n",
                    qPrintable(a.name), qPrintable(s.name), good.ms.size(), good.wrong,
                    percentile(good.ms, 0.5), percentile(good.ms, 0.99), percentile(good.ms, 1.0),
                    percentile(greet.ms, 0.5), percentile(greet.ms, 0.99), peak, rssMb(s.pid),
                    fds(s.pid), error.isEmpty() ? "" : "  good client: ", qPrintable(error));
                std::fflush(stdout);
            }
        }
    }
    for (Server &s : servers) {
        s.process->terminate();
        s.process->waitForFinished(10000);
    }
    return 0;
}
