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
// any attack).
//   bench_isolation --cli build/app/cli/msim-cli [--seconds 5] [--only NAME]
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

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser p;
    p.addOptions(
        {{QStringLiteral("cli"), QStringLiteral("msim-cli to serve with"), QStringLiteral("PATH")},
         {QStringLiteral("seconds"), QStringLiteral("seconds per attack"), QStringLiteral("S"),
          QStringLiteral("5")},
         {QStringLiteral("only"), QStringLiteral("one attack"), QStringLiteral("NAME")}});
    p.process(app);
    QProcess serve;
    serve.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    serve.start(p.value(QStringLiteral("cli")),
                {QStringLiteral("serve"), QStringLiteral("--profile"), QStringLiteral("rfc3501")});
    QString text;
    const auto listeners = testsupport::readServeListeners(serve, &text);
    if (!listeners) {
        std::fprintf(stderr, "bench_isolation: %s\n", qPrintable(text));
        return 1;
    }
    const qint64 pid = serve.processId();
    const int seconds = p.value(QStringLiteral("seconds")).toInt();
    const QByteArray expected = emulator::Mailbox::sample().messages[5].data.left(6144);
    const double rss0 = rssMb(pid);
    const int fds0 = fds(pid);
    std::printf("msim-cli serve: baseline RSS %.1f MB, %d descriptors; %d s per attack\n", rss0,
                fds0, seconds);
    std::printf("%-16s %7s %5s %8s %8s %8s %9s %9s %9s %9s %5s\n", "attack", "fetches", "wrong",
                "p50 ms", "p99 ms", "max ms", "greet p50", "greet p99", "peak MB", "after MB",
                "fds");
    for (const Attack &a : issue22Attacks()) {
        if (p.isSet(QStringLiteral("only")) && a.name != p.value(QStringLiteral("only")))
            continue;
        auto owner = std::make_unique<QObject>();
        a.start(owner.get(), listeners->plainPort, listeners->tlsPort);
        std::atomic<bool> stop{false};
        GoodResult good;
        GoodResult greet;
        std::thread t([&] { good = goodClient(listeners->plainPort, expected, stop); });
        std::thread g([&] { greet = goodGreetings(listeners->tlsPort, stop); });
        double peak = 0;
        QElapsedTimer clock;
        clock.start();
        while (clock.elapsed() < seconds * 1000) {
            QEventLoop loop;
            QTimer::singleShot(100, &loop, &QEventLoop::quit);
            loop.exec();
            peak = std::max(peak, rssMb(pid));
        }
        stop = true;
        t.join();
        g.join();
        owner.reset(); // the attackers go
        QEventLoop settle;
        QTimer::singleShot(3000, &settle, &QEventLoop::quit);
        settle.exec();
        const QString error = good.error.isEmpty() ? greet.error : good.error;
        std::printf("%-16s %7zu %5d %8.2f %8.2f %8.2f %9.2f %9.2f %9.1f %9.1f %5d%s%s\n",
                    qPrintable(a.name), good.ms.size(), good.wrong, percentile(good.ms, 0.5),
                    percentile(good.ms, 0.99), percentile(good.ms, 1.0), percentile(greet.ms, 0.5),
                    percentile(greet.ms, 0.99), peak, rssMb(pid), fds(pid),
                    error.isEmpty() ? "" : "  good client: ", qPrintable(error));
        std::fflush(stdout);
    }
    serve.terminate();
    serve.waitForFinished(10000);
    return 0;
}
