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

struct GoodResult
{
    std::vector<double> ms;
    int wrong = 0;
    QString error;
};

// The well-behaved client: blocking calls on its own thread, so the attackers' event loop
// never delays its measurement.
GoodResult goodClient(quint16 port, QByteArray expected, std::atomic<bool> &stop)
{
    GoodResult r;
    QTcpSocket s;
    s.connectToHost(QHostAddress::LocalHost, port);
    if (!s.waitForConnected(5000)) {
        r.error = QStringLiteral("cannot connect");
        return r;
    }
    QByteArray in;
    const auto until = [&](const QByteArray &tagged) {
        QElapsedTimer t;
        t.start();
        while (!in.contains(tagged) && t.elapsed() < 30000)
            if (s.waitForReadyRead(1000))
                in += s.readAll();
        return in.contains(tagged);
    };
    s.write("a LOGIN test secret\r\nb SELECT INBOX\r\n");
    if (!until("\r\nb OK")) {
        r.error = QStringLiteral("no login: ") + QString::fromLatin1(in.right(200));
        return r;
    }
    const QByteArray head = "* 6 FETCH (UID 6 BODY[]<0> {6144}\r\n";
    for (int n = 0; !stop; ++n) {
        in.clear();
        const QByteArray tag = "f" + QByteArray::number(n);
        QElapsedTimer t;
        t.start();
        s.write(tag + " UID FETCH 6 (BODY.PEEK[]<0.6144>)\r\n");
        if (!until("\r\n" + tag + " OK")) {
            r.error = QStringLiteral("no answer to ") + QString::fromLatin1(tag);
            return r;
        }
        r.ms.push_back(t.nsecsElapsed() / 1e6);
        const qsizetype at = in.indexOf(head);
        if (at < 0 || in.mid(at + head.size(), 6144) != expected)
            ++r.wrong;
    }
    return r;
}

// A second well-behaved client: a new implicit-TLS connection, its handshake and greeting,
// again and again (what a user opening a folder waits for when many connect at once).
GoodResult goodGreetings(quint16 tlsPort, std::atomic<bool> &stop)
{
    GoodResult r;
    while (!stop) {
        QSslSocket s;
        s.setPeerVerifyMode(QSslSocket::VerifyNone);
        QElapsedTimer t;
        t.start();
        s.connectToHostEncrypted(QStringLiteral("127.0.0.1"), tlsPort);
        QByteArray in;
        while (!in.contains("\r\n") && t.elapsed() < 30000 && s.waitForReadyRead(1000))
            in += s.readAll();
        if (!in.startsWith("* OK")) {
            r.error = QStringLiteral("no greeting over TLS");
            return r;
        }
        r.ms.push_back(t.nsecsElapsed() / 1e6);
        s.abort();
    }
    return r;
}

// An attacker: a socket from 127.0.0.N that writes `first` once connected and then, on
// every reply (when `again` is set), `again`.
QTcpSocket *attacker(QObject *owner, int address, quint16 port, QByteArray first,
                     QByteArray again = {}, bool reads = true, bool tls = false)
{
    QTcpSocket *s = tls ? new QSslSocket(owner) : new QTcpSocket(owner);
    s->bind(QHostAddress(QStringLiteral("127.0.0.%1").arg(address)));
    if (!reads)
        s->setReadBufferSize(1024);
    else
        QObject::connect(s, &QTcpSocket::readyRead, s, [s, again] {
            s->readAll();
            if (!again.isEmpty())
                s->write(again);
        });
    QObject::connect(s, &QTcpSocket::connected, s, [s, first] {
        if (!first.isEmpty())
            s->write(first);
    });
    if (tls) {
        auto *ssl = static_cast<QSslSocket *>(s);
        ssl->setPeerVerifyMode(QSslSocket::VerifyNone);
        QObject::connect(ssl, &QSslSocket::encrypted, ssl, [ssl] { ssl->abort(); });
        ssl->connectToHostEncrypted(QStringLiteral("127.0.0.1"), port);
    } else {
        s->connectToHost(QHostAddress::LocalHost, port);
    }
    return s;
}

struct Attack
{
    QString name;
    QString what;
    std::function<void(QObject *owner, quint16 plain, quint16 tls)> start;
};

QByteArray keywords(int from, int n)
{
    QByteArray out;
    for (int i = 0; i < n; ++i)
        out += (i ? " kw" : "kw") + QByteArray::number(from + i);
    return out;
}

QList<Attack> attacks()
{
    return {
        {QStringLiteral("none"), QStringLiteral("no attack: the baseline"), [](auto...) {}},
        {QStringLiteral("keywords"),
         QStringLiteral("UID STORE 1:* +FLAGS.SILENT (1000 new keywords), again on every reply"),
         [](QObject *o, quint16 plain, quint16) {
             auto *counter = new int(0);
             QObject::connect(o, &QObject::destroyed, [counter] { delete counter; });
             QTcpSocket *s =
                 attacker(o, 2, plain, "a LOGIN test secret\r\nb SELECT INBOX\r\n", {}, false);
             QObject::connect(s, &QTcpSocket::readyRead, s, [s, counter] {
                 s->readAll();
                 s->write("s UID STORE 1:* +FLAGS.SILENT (" + keywords(*counter, 1000) + ")\r\n");
                 *counter += 1000;
             });
         }},
        {QStringLiteral("duplicate-items"),
         QStringLiteral("5 clients: UID FETCH 10 (BODY.PEEK[] x40), never reading"),
         [](QObject *o, quint16 plain, quint16) {
             QByteArray items;
             for (int i = 0; i < 40; ++i)
                 items += " BODY.PEEK[]";
             for (int i = 0; i < 5; ++i)
                 attacker(o, 2 + i, plain,
                          "a LOGIN test secret\r\nb SELECT INBOX\r\nx UID FETCH 10 (" +
                              items.mid(1) + ")\r\n",
                          {}, false);
         }},
        {QStringLiteral("pre-auth-memory"),
         QStringLiteral("10 clients: an unfinished LOGIN with 15 x 1 MiB LITERAL+ arguments"),
         [](QObject *o, quint16 plain, quint16) {
             QByteArray cmd = "1 LOGIN";
             for (int i = 0; i < 15; ++i)
                 cmd += " {1048576+}\r\n" + QByteArray(1048576, 'p');
             for (int i = 0; i < 10; ++i)
                 attacker(o, 2 + i, plain, cmd, {}, true);
         }},
        {QStringLiteral("slow-loris"),
         QStringLiteral("200 clients: one octet ('x', a command never finished) every 100 ms"),
         [](QObject *o, quint16 plain, quint16) {
             QList<QTcpSocket *> all;
             for (int i = 0; i < 200; ++i)
                 all << attacker(o, 2 + i % 50, plain, {}, {}, true);
             auto *drip = new QTimer(o);
             QObject::connect(drip, &QTimer::timeout, o, [all] {
                 for (QTcpSocket *s : all)
                     if (s->state() == QAbstractSocket::ConnectedState)
                         s->write("x");
             });
             drip->start(100);
         }},
        {QStringLiteral("bad-passwords"),
         QStringLiteral("4 clients: LOGIN with a wrong password, again on every reply"),
         [](QObject *o, quint16 plain, quint16) {
             for (int i = 0; i < 4; ++i)
                 attacker(o, 2 + i, plain, "1 LOGIN test wrong\r\n", "1 LOGIN test wrong\r\n");
         }},
        {QStringLiteral("tls-handshakes"),
         QStringLiteral("150 TLS handshakes at once, every second"),
         [](QObject *o, quint16, quint16 tls) {
             auto *wave = new QTimer(o);
             const auto burst = [o, tls] {
                 for (int i = 0; i < 150; ++i)
                     attacker(o, 2 + i % 50, tls, {}, {}, true, true);
             };
             QObject::connect(wave, &QTimer::timeout, o, burst);
             burst();
             wave->start(1000);
         }},
        {QStringLiteral("whole-mailbox"),
         QStringLiteral("3 clients: UID FETCH 1:* (BODY.PEEK[]) never reading, and one "
                        "STORE 1:* +FLAGS/-FLAGS loop"),
         [](QObject *o, quint16 plain, quint16) {
             for (int i = 0; i < 3; ++i)
                 attacker(o, 2 + i, plain,
                          "a LOGIN test secret\r\nb SELECT INBOX\r\nx UID FETCH 1:* "
                          "(BODY.PEEK[])\r\n",
                          {}, false);
             attacker(o, 6, plain,
                      "a LOGIN test secret\r\nb SELECT INBOX\r\nc STORE 1:* +FLAGS "
                      "(\\Flagged)\r\n",
                      "c STORE 1:* -FLAGS (\\Flagged)\r\nd STORE 1:* +FLAGS (\\Flagged)\r\n");
         }},
    };
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
    for (const Attack &a : attacks()) {
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
