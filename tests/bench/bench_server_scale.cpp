// SPDX-License-Identifier: MIT
// Benchmark driver (not a test): the built-in server's CPU per command as its mailbox grows
// (DESIGN.md §5: the cost of a command does not grow with the mailbox). Starts
// `msim-cli serve --corpus generated:N` (this build's, or another one given with --msim-cli, so
// two builds can be compared in one run), logs in over plain IMAP on loopback with a blocking
// client, and sends Messenger 4.5's per-message commands on one message in the middle of the
// mailbox, one at a time, each waiting for its tagged reply. The server's CPU (user + system,
// all its threads, from /proc/PID/task/*/schedstat in nanoseconds) is read before and after
// each phase of M commands; loading the corpus is not counted.
//   bench_server_scale --messages N [--commands 2000] [--rounds 5] [--msim-cli PATH]
// Phases, in this order in every round:
//   fetch  UID fetch U (UID RFC822.SIZE BODY[]<0.6144>)   (Messenger 4.5's chunk request)
//   noop   NOOP
//   store  uid store U -FLAGS (\Seen)                       (msim's restore of \Seen)
//   pair   the chunk request and a NOOP, alternating (counted as two commands)
// Prints one line per phase: "messages=N phase=P server_us_per_command=<median> min=<> max=<>
// client_rtt_us=<median>", medians over the rounds.
#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QRegularExpression>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <map>

namespace {

// Nanoseconds the process has run on a CPU, all threads (schedstat's first field).
qint64 cpuNs(qint64 pid)
{
    qint64 total = 0;
    const QString dir = QStringLiteral("/proc/%1/task").arg(pid);
    for (const QString &task : QDir(dir).entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
        QFile f(dir + QLatin1Char('/') + task + QStringLiteral("/schedstat"));
        if (f.open(QIODevice::ReadOnly))
            total += f.readAll().split(' ').value(0).toLongLong();
    }
    return total;
}

// One blocking IMAP connection: sends a command, reads up to its tagged reply, skipping
// literals by their announced length.
class Client
{
public:
    ~Client()
    {
        if (m_fd >= 0)
            ::close(m_fd);
    }

    bool connectTo(quint16 port)
    {
        m_fd = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in a{};
        a.sin_family = AF_INET;
        a.sin_port = htons(port);
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        if (::connect(m_fd, reinterpret_cast<sockaddr *>(&a), sizeof a) != 0)
            return false;
        const int one = 1;
        ::setsockopt(m_fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        return !line().isEmpty(); // the greeting
    }

    // The tagged reply's line ("A1 OK ..."), empty when the connection failed.
    QByteArray command(const QByteArray &text)
    {
        const QByteArray tag = 'A' + QByteArray::number(++m_tag);
        const QByteArray out = tag + ' ' + text + "\r\n";
        if (::send(m_fd, out.constData(), size_t(out.size()), MSG_NOSIGNAL) != out.size())
            return {};
        for (;;) {
            const QByteArray l = line();
            if (l.isEmpty())
                return {};
            if (l.startsWith(tag + ' '))
                return l;
            static const QRegularExpression literal(QStringLiteral("\\{(\\d+)\\}\\r\\n$"));
            const auto m = literal.match(QString::fromLatin1(l));
            if (m.hasMatch() && !skip(m.captured(1).toLongLong()))
                return {};
        }
    }

private:
    bool fill()
    {
        char buf[65536];
        const ssize_t n = ::recv(m_fd, buf, sizeof buf, 0);
        if (n <= 0)
            return false;
        m_in.append(buf, n);
        return true;
    }

    QByteArray line()
    {
        for (;;) {
            const qsizetype eol = m_in.indexOf("\r\n");
            if (eol >= 0) {
                const QByteArray l = m_in.left(eol + 2);
                m_in.remove(0, eol + 2);
                return l;
            }
            if (!fill())
                return {};
        }
    }

    bool skip(qint64 n)
    {
        while (m_in.size() < n)
            if (!fill())
                return false;
        m_in.remove(0, n);
        return true;
    }

    int m_fd = -1;
    int m_tag = 0;
    QByteArray m_in;
};

struct Sample
{
    double serverUs = 0; // server CPU per command
    double rttUs = 0;    // client's wall time per command
};

double median(QList<double> v)
{
    std::sort(v.begin(), v.end());
    return v.isEmpty()    ? 0
           : v.size() % 2 ? v[v.size() / 2]
                          : (v[v.size() / 2 - 1] + v[v.size() / 2]) / 2;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser p;
    p.addOptions(
        {{QStringLiteral("messages"), QStringLiteral("corpus generated:N"), QStringLiteral("N"),
          QStringLiteral("1000")},
         {QStringLiteral("commands"), QStringLiteral("commands per phase"), QStringLiteral("M"),
          QStringLiteral("2000")},
         {QStringLiteral("rounds"), QStringLiteral("rounds of all phases"), QStringLiteral("R"),
          QStringLiteral("5")},
         {QStringLiteral("msim-cli"), QStringLiteral("the msim-cli to serve with"),
          QStringLiteral("PATH"),
          QCoreApplication::applicationDirPath() + QStringLiteral("/../../app/cli/msim-cli")}});
    p.process(app);
    const int messages = p.value(QStringLiteral("messages")).toInt();
    const int commands = p.value(QStringLiteral("commands")).toInt();
    const int rounds = p.value(QStringLiteral("rounds")).toInt();
    const QByteArray uid = QByteArray::number(std::max(1, messages / 2));

    QProcess serve;
    serve.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    serve.start(p.value(QStringLiteral("msim-cli")),
                {QStringLiteral("serve"), QStringLiteral("--profile"), QStringLiteral("rfc3501"),
                 QStringLiteral("--port"), QStringLiteral("0"), QStringLiteral("--tls-port"),
                 QStringLiteral("0"), QStringLiteral("--corpus"),
                 QStringLiteral("generated:%1").arg(messages)});
    quint16 port = 0;
    while (!port && serve.waitForReadyRead(120000)) {
        while (serve.canReadLine()) {
            const QByteArray l = serve.readLine().trimmed();
            if (l.startsWith("listening imap "))
                port = quint16(l.mid(l.lastIndexOf(':') + 1).toUInt());
        }
    }
    Client c;
    if (!port || !c.connectTo(port) || !c.command("LOGIN test secret").contains(" OK ") ||
        !c.command("SELECT INBOX").contains(" OK ")) {
        std::fprintf(stderr, "bench_server_scale: cannot start or log in to %s\n",
                     qPrintable(p.value(QStringLiteral("msim-cli"))));
        return 1;
    }
    const QByteArray chunk = "UID fetch " + uid + " (UID RFC822.SIZE BODY[]<0.6144>)";
    const QList<std::pair<const char *, QList<QByteArray>>> phases = {
        {"fetch", {chunk}},
        {"noop", {"NOOP"}},
        {"store", {"uid store " + uid + " -FLAGS (\\Seen)"}},
        {"pair", {chunk, "NOOP"}}};
    std::map<QByteArray, QList<Sample>> samples;
    for (int r = 0; r < rounds; ++r) {
        for (const auto &[name, sequence] : phases) {
            QElapsedTimer wall;
            const qint64 before = cpuNs(serve.processId());
            wall.start();
            for (int i = 0; i < commands; ++i) {
                if (!c.command(sequence[i % sequence.size()]).contains(" OK ")) {
                    std::fprintf(stderr, "bench_server_scale: %s failed\n", name);
                    return 1;
                }
            }
            const qint64 ns = wall.nsecsElapsed();
            const qint64 cpu = cpuNs(serve.processId()) - before;
            samples[name].append({cpu / 1000.0 / commands, ns / 1000.0 / commands});
        }
    }
    c.command("LOGOUT");
    serve.terminate();
    serve.waitForFinished(30000);
    for (const auto &[name, sequence] : phases) {
        QList<double> server, rtt;
        for (const Sample &s : samples[name]) {
            server << s.serverUs;
            rtt << s.rttUs;
        }
        std::printf("messages=%d phase=%s server_us_per_command=%.1f min=%.1f max=%.1f "
                    "client_rtt_us=%.1f\n",
                    messages, name, median(server), *std::min_element(server.begin(), server.end()),
                    *std::max_element(server.begin(), server.end()), median(rtt));
    }
    return 0;
}
