#include "CliCommon.h"

#include "net/Printable.h"
#include "net/TlsPolicy.h"
#include "prefs/PrefRegistry.h"
#include "prefs/PrefsJs.h"
#include "prefs/Presets.h"

#include <QCoreApplication>
#include <QEventLoop>
#include <QFile>

#include <QSocketNotifier>

#include <csignal>
#include <cstdio>
#include <functional>
#include <memory>
#include <sys/socket.h>
#include <termios.h>
#include <unistd.h>

namespace msim::cli {

namespace {

// A terminal sink that lets no control character through (DESIGN.md §3): whatever reaches
// out() or err() (a finding quoting a server, a warning quoting a prefs.js line) is written with
// C0 controls other than LF and tab, DEL and C1 controls (UTF-8 C2 80–C2 9F) escaped as \x1b.
// Strings are escaped where they are made (net::printable); this is the last line of defence.
// Only msim's own progress line passes terminal control, through writeTerminalControl().
class TerminalSink : public QIODevice
{
public:
    explicit TerminalSink(FILE *file)
        : m_file(file)
    {
        open(QIODevice::WriteOnly | QIODevice::Unbuffered);
    }
    ~TerminalSink() override { flushPending(); }

    void writeTerminalControl(const char *sequence)
    {
        flushPending();
        std::fputs(sequence, m_file);
        std::fflush(m_file);
    }

protected:
    qint64 readData(char *, qint64) override { return -1; }
    qint64 writeData(const char *data, qint64 size) override
    {
        QByteArray out;
        out.reserve(size + 8);
        for (qint64 i = 0; i < size; ++i) {
            const auto c = static_cast<unsigned char>(data[i]);
            if (m_pendingC2) {
                m_pendingC2 = false;
                if (c >= 0x80 && c <= 0x9f) {
                    out += escaped(c);
                    continue;
                }
                out += '\xc2';
            }
            if (c == 0xc2)
                m_pendingC2 = true;
            else if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7f)
                out += escaped(c);
            else
                out += char(c);
        }
        std::fwrite(out.constData(), 1, size_t(out.size()), m_file);
        std::fflush(m_file);
        return size;
    }

private:
    static QByteArray escaped(unsigned char c)
    {
        static const char hex[] = "0123456789abcdef";
        return QByteArray("\\x") + hex[c >> 4] + hex[c & 0xf];
    }
    void flushPending()
    {
        if (m_pendingC2) {
            std::fputc(0xc2, m_file);
            m_pendingC2 = false;
        }
    }

    FILE *m_file;
    bool m_pendingC2 = false;
};

TerminalSink &outSink()
{
    static TerminalSink sink(stdout);
    return sink;
}

TerminalSink &errSink()
{
    static TerminalSink sink(stderr);
    return sink;
}

} // namespace

QTextStream &out()
{
    static QTextStream s(&outSink());
    return s;
}

QTextStream &err()
{
    static QTextStream s(&errSink());
    return s;
}

void progressLine(const QString &text)
{
    err().flush();
    errSink().writeTerminalControl("\r\x1b[K");
    err() << net::printable::text(text);
    err().flush();
}

void clearProgress()
{
    err().flush();
    errSink().writeTerminalControl("\r\x1b[K");
}

int usage(const QString &command, const QString &message)
{
    err() << "msim-cli " << command << ": " << message << '\n'
          << "Run 'msim-cli " << command << " --help' for the options.\n";
    err().flush();
    return ExitUsage;
}

void addConnectionOptions(QCommandLineParser &p)
{
    p.addOption({QStringLiteral("host"), QStringLiteral("Server host (127.0.0.1)."),
                 QStringLiteral("H"), QStringLiteral("127.0.0.1")});
    p.addOption({QStringLiteral("port"),
                 QStringLiteral("Server port (993 for ssl, 143 otherwise)."), QStringLiteral("N")});
    p.addOption({QStringLiteral("security"), QStringLiteral("none, starttls or ssl (ssl)."),
                 QStringLiteral("MODE"), QStringLiteral("ssl")});
    p.addOption({QStringLiteral("user"), QStringLiteral("Login name."), QStringLiteral("U")});
    p.addOption({QStringLiteral("password-file"),
                 QStringLiteral("Read the password from this file (else $MSIM_PASSWORD, else a "
                                "prompt on a terminal)."),
                 QStringLiteral("F")});
    p.addOption({QStringLiteral("timeout"),
                 QStringLiteral("Seconds of server silence allowed per command (30)."),
                 QStringLiteral("S"), QStringLiteral("30")});
    p.addOption({QStringLiteral("tls-name"),
                 QStringLiteral("Name to verify in the certificate when --host is an address."),
                 QStringLiteral("NAME")});
    p.addOption({QStringLiteral("ca-file"),
                 QStringLiteral("Also trust the CA certificates in this PEM file."),
                 QStringLiteral("PEM")});
    p.addOption({QStringLiteral("pin"),
                 QStringLiteral("Trust exactly the certificate with this SHA-256 (sha256:HEX); "
                                "repeatable."),
                 QStringLiteral("sha256:HEX")});
    p.addOption({QStringLiteral("tls-legacy"),
                 QStringLiteral("Allow TLS 1.0/1.1 and weak ciphers (1990s servers); reported.")});
}

void addClientOptions(QCommandLineParser &p)
{
    p.addOption({QStringLiteral("preset"),
                 QStringLiteral("messenger45, kb-q194998, messenger407 or thunderbird "
                                "(messenger45)."),
                 QStringLiteral("NAME"), QStringLiteral("messenger45")});
    p.addOption({QStringLiteral("prefs"), QStringLiteral("Apply this prefs.js (after the preset)."),
                 QStringLiteral("FILE")});
    p.addOption({QStringLiteral("set"), QStringLiteral("Set one pref, applied last; repeatable."),
                 QStringLiteral("NAME=VALUE")});
}

bool rejectPasswordArguments(const QStringList &args, QString *error)
{
    for (const QString &a : args) {
        if (a == QLatin1String("--password") || a.startsWith(QLatin1String("--password=")) ||
            a == QLatin1String("--pass") || a == QLatin1String("-p")) {
            *error = QStringLiteral("passwords are never taken on the command line (they would "
                                    "show in the process list); use $MSIM_PASSWORD or "
                                    "--password-file F, or answer the prompt");
            return false;
        }
    }
    return true;
}

namespace {

QByteArray promptPassword(const QString &user, const QString &host)
{
    if (!::isatty(STDIN_FILENO))
        return {};
    err() << "Password for " << user << '@' << host << ": ";
    err().flush();
    termios old{};
    const bool tty = ::tcgetattr(STDIN_FILENO, &old) == 0;
    if (tty) {
        termios quiet = old;
        quiet.c_lflag &= ~tcflag_t(ECHO);
        ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
    }
    QByteArray line;
    for (int c = std::getchar(); c != EOF && c != '\n'; c = std::getchar())
        line += char(c);
    if (tty)
        ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
    err() << '\n';
    err().flush();
    if (line.endsWith('\r'))
        line.chop(1);
    return line.isEmpty() ? QByteArray(1, '\0') : line; // "\0": asked, and empty
}

} // namespace

bool connectionFromOptions(const QCommandLineParser &p, imap::SessionOptions &s, QString *error)
{
    auto &ep = s.endpoint;
    ep.host = p.value(QStringLiteral("host"));
    const auto sec = net::parseSecurity(p.value(QStringLiteral("security")));
    if (!sec) {
        *error = QStringLiteral("--security must be none, starttls or ssl, not '%1'")
                     .arg(p.value(QStringLiteral("security")));
        return false;
    }
    ep.security = *sec;
    if (p.isSet(QStringLiteral("port"))) {
        bool ok = false;
        const uint port = p.value(QStringLiteral("port")).toUInt(&ok);
        if (!ok || port == 0 || port > 65535) {
            *error = QStringLiteral("--port must be a number from 1 to 65535, not '%1'")
                         .arg(p.value(QStringLiteral("port")));
            return false;
        }
        ep.port = quint16(port);
    } else {
        ep.port = net::defaultPort(ep.security);
    }
    bool ok = false;
    const double timeout = p.value(QStringLiteral("timeout")).toDouble(&ok);
    if (!ok || timeout <= 0 || timeout > 86400) {
        *error = QStringLiteral("--timeout must be a number of seconds, not '%1'")
                     .arg(p.value(QStringLiteral("timeout")));
        return false;
    }
    s.commandTimeoutMs = int(timeout * 1000);
    s.connectTimeoutMs = int(timeout * 1000);
    s.tls.peerName = p.value(QStringLiteral("tls-name"));
    s.tls.caFile = p.value(QStringLiteral("ca-file"));
    s.tls.legacy = p.isSet(QStringLiteral("tls-legacy"));
    for (const QString &pin : p.values(QStringLiteral("pin"))) {
        QString why;
        const auto digest = net::TlsPolicy::parsePin(pin, &why);
        if (!digest) {
            *error = QStringLiteral("--pin: ") + why;
            return false;
        }
        s.tls.pins.append(*digest);
    }
    if (!p.isSet(QStringLiteral("user"))) {
        *error = QStringLiteral("--user is required (the login name on the server)");
        return false;
    }
    s.credentials.user = p.value(QStringLiteral("user")).toUtf8();
    if (p.isSet(QStringLiteral("password-file"))) {
        QFile f(p.value(QStringLiteral("password-file")));
        if (!f.open(QIODevice::ReadOnly)) {
            *error = QStringLiteral("cannot read the password file %1: %2")
                         .arg(f.fileName(), f.errorString());
            return false;
        }
        QByteArray pw = f.readAll();
        while (pw.endsWith('\n') || pw.endsWith('\r'))
            pw.chop(1);
        s.credentials.password = pw;
    } else if (qEnvironmentVariableIsSet("MSIM_PASSWORD")) {
        s.credentials.password = qgetenv("MSIM_PASSWORD");
    } else {
        QByteArray pw = promptPassword(p.value(QStringLiteral("user")), ep.host);
        if (pw.isEmpty()) {
            *error = QStringLiteral("no password: set $MSIM_PASSWORD or use --password-file F "
                                    "(there is no terminal to ask on)");
            return false;
        }
        if (pw == QByteArray(1, '\0'))
            pw.clear();
        s.credentials.password = pw;
    }
    return true;
}

bool clientFromOptions(const QCommandLineParser &p, fetch::ClientSettings &client,
                       QStringList &warnings, QString *error, PrefsSource *source)
{
    PrefsSource ignored;
    PrefsSource &src = source ? *source : ignored;
    const QString preset = p.value(QStringLiteral("preset"));
    QString why;
    auto prefs = prefs::Presets::make(preset, &why);
    if (!prefs) {
        *error = QStringLiteral("--preset: ") + why;
        return false;
    }
    client.prefs = *prefs;
    client.presetName = preset;
    client.kind = fetch::ClientSettings::kindForPreset(preset);
    if (p.isSet(QStringLiteral("prefs"))) {
        src.path = p.value(QStringLiteral("prefs"));
        auto read = prefs::PrefsJs::readFile(src.path, &why);
        if (!read) {
            src.unreadable = true;
            *error = QStringLiteral("--prefs: ") + why;
            return false;
        }
        src.report = client.prefs.apply(*read);
        for (const auto &issue : src.report.issues)
            warnings << prefs::PrefsJs::issueLine(src.path, issue);
    }
    for (const QString &set : p.values(QStringLiteral("set"))) {
        QString warning;
        if (!client.prefs.setFromText(set, &why, &warning)) {
            *error = QStringLiteral("--set %1: %2").arg(set, why);
            return false;
        }
        if (!warning.isEmpty())
            warnings << QStringLiteral("--set %1: %2").arg(set, warning);
        const QString name = set.section(QLatin1Char('='), 0, 0).trimmed();
        const QString current = prefs::PrefRegistry::aliasTarget(name);
        src.setNames << (current.isEmpty() ? name : current);
    }
    return true;
}

namespace {

// The self-pipe behind InterruptGuard: nothing but write() in the handler.
int g_interruptPipe[2] = {-1, -1};
volatile sig_atomic_t g_interrupts = 0;

void onInterrupt(int sig)
{
    g_interrupts = g_interrupts + 1;
    if (g_interrupts > 1) {
        ::signal(sig, SIG_DFL);
        ::raise(sig);
        return;
    }
    const char c = 1;
    [[maybe_unused]] const auto n = ::write(g_interruptPipe[1], &c, 1);
}

} // namespace

InterruptGuard::InterruptGuard(std::function<void()> onInterrupt_)
{
    if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, g_interruptPipe) != 0)
        return;
    m_notifier = std::make_unique<QSocketNotifier>(g_interruptPipe[0], QSocketNotifier::Read);
    QObject::connect(m_notifier.get(), &QSocketNotifier::activated, m_notifier.get(),
                     [callback = std::move(onInterrupt_)] {
                         char c = 0;
                         [[maybe_unused]] const auto n = ::read(g_interruptPipe[0], &c, 1);
                         callback();
                     });
    struct sigaction sa = {};
    sa.sa_handler = onInterrupt;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESTART;
    m_installed =
        ::sigaction(SIGINT, &sa, &m_oldInt) == 0 && ::sigaction(SIGTERM, &sa, &m_oldTerm) == 0;
}

InterruptGuard::~InterruptGuard()
{
    if (!m_notifier)
        return;
    ::sigaction(SIGINT, &m_oldInt, nullptr);
    ::sigaction(SIGTERM, &m_oldTerm, nullptr);
    m_notifier.reset();
    ::close(g_interruptPipe[0]);
    ::close(g_interruptPipe[1]);
    g_interruptPipe[0] = g_interruptPipe[1] = -1;
    g_interrupts = 0;
}

void runToCompletion(fetch::FetchRunner &runner, bool showProgress)
{
    QEventLoop loop;
    QObject::connect(&runner, &fetch::FetchRunner::finished, &loop, &QEventLoop::quit);
    const InterruptGuard interrupts([&runner, showProgress] {
        if (showProgress)
            clearProgress();
        err() << "interrupted: cancelling the fetch and putting \\Seen back (interrupt again to "
                 "quit at once)\n";
        err().flush();
        runner.cancel();
    });
    if (showProgress) {
        QObject::connect(
            &runner, &fetch::FetchRunner::progress, &loop,
            [](const QString &stage, quint32 uid, qint64 octets, qint64 total, int chunks) {
                if (uid == 0)
                    progressLine(stage + QStringLiteral("..."));
                else
                    progressLine(QStringLiteral("%1 UID %2: %3 of %4 octets, %5 chunks")
                                     .arg(stage)
                                     .arg(uid)
                                     .arg(octets)
                                     .arg(total)
                                     .arg(chunks));
            });
    }
    runner.start();
    loop.exec();
    if (showProgress)
        clearProgress();
}

} // namespace msim::cli
