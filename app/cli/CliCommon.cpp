// SPDX-License-Identifier: MIT
#include "CliCommon.h"

#include "net/Printable.h"

#include <QCoreApplication>
#include <QEventLoop>
#include <QIODevice>

#include <QSocketNotifier>

#include <csignal>
#include <cstdio>
#include <functional>
#include <memory>
#include <sys/socket.h>
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

void writeOut(QByteArrayView utf8)
{
    out().flush();
    // In slices: the sink copies what it is given to escape control characters.
    constexpr qsizetype kSlice = 64 * 1024;
    for (qsizetype i = 0; i < utf8.size(); i += kSlice)
        outSink().write(utf8.data() + i, std::min(kSlice, utf8.size() - i));
}

QIODevice &outDevice()
{
    return outSink();
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
    if (showProgress) {
        QObject::connect(
            &runner, &fetch::FetchRunner::progress, &runner,
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
    runUntilFinished(
        runner, &fetch::FetchRunner::finished, QStringLiteral("fetch"), showProgress,
        [&runner] { runner.start(); }, [&runner] { runner.cancel(); });
}

} // namespace msim::cli
