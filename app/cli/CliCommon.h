// SPDX-License-Identifier: MIT
#pragma once

#include "fetch/FetchRunner.h"
#include "prefs/Prefs.h"

#include <QCommandLineParser>
#include <QSocketNotifier>
#include <QTextStream>

#include <QEventLoop>

#include <csignal>
#include <functional>
#include <memory>

namespace msim::cli {

// Exit statuses of DESIGN.md §4.
enum Exit { ExitOk = 0, ExitFailed = 1, ExitUsage = 2, ExitFindings = 3 };

// stdout and stderr. Neither lets a control character through (other than LF and tab): a
// server's or a customer's text is shown escaped even if it was not escaped where it was made.
QTextStream &out();
QTextStream &err();
// Writes octets that are already UTF-8 (a JSON object) to standard output through out()'s
// control-character filter, without QTextStream's round trip through UTF-16: for `fetch --all`
// over 20 000 messages that round trip held about 150 MB at once. Flushes out() first.
void writeOut(QByteArrayView utf8);
// The device under out() (the same filter), for a writer that streams UTF-8 there; flush out()
// before writing to it.
QIODevice &outDevice();

// The progress line on stderr: clears the terminal line (msim's only terminal control), then
// writes `text` escaped. clearProgress() clears it before the result is printed.
void progressLine(const QString &text);
void clearProgress();

// A usage error: message on stderr, exit status 2.
int usage(const QString &command, const QString &message);

// Rejects --password and friends with the reason.
bool rejectPasswordArguments(const QStringList &args, QString *error);

// While it lives, the first SIGINT or SIGTERM runs `onInterrupt` in the event loop (a self-pipe:
// nothing but write() in the handler) and a second one ends the process at once; the previous
// handlers come back when it is destroyed. installed() is false if the handlers could not be set.
class InterruptGuard
{
public:
    explicit InterruptGuard(std::function<void()> onInterrupt);
    ~InterruptGuard();
    InterruptGuard(const InterruptGuard &) = delete;
    InterruptGuard &operator=(const InterruptGuard &) = delete;
    bool installed() const { return m_installed; }

private:
    std::unique_ptr<QSocketNotifier> m_notifier;
    struct sigaction m_oldInt = {};
    struct sigaction m_oldTerm = {};
    bool m_installed = false;
};

// Runs the runner's event loop until it finishes; the first interrupt cancels the run (the
// \Seen restore still runs).
void runToCompletion(fetch::FetchRunner &runner, bool showProgress);
// The same for any run: an event loop until `finished` (a signal of `run`) fires; the first
// interrupt says "interrupted: cancelling the <what> ..." and calls `cancel`. `start` begins
// the run once the loop and the guard are ready (it may finish at once).
template<typename Run, typename Signal>
void runUntilFinished(Run &run, Signal finished, const QString &what, bool showProgress,
                      const std::function<void()> &start, const std::function<void()> &cancel)
{
    QEventLoop loop;
    QObject::connect(&run, finished, &loop, &QEventLoop::quit);
    const InterruptGuard interrupts([&] {
        if (showProgress)
            clearProgress();
        err() << "interrupted: cancelling the " << what
              << " and putting \\Seen back (interrupt again to quit at once)\n";
        err().flush();
        cancel();
    });
    start();
    if (run.isRunning())
        loop.exec();
    if (showProgress)
        clearProgress();
}

} // namespace msim::cli
