// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

namespace msim::testsupport {

// What a finished child process left: its exit status and everything it wrote.
struct ProcessRun
{
    int exit = -1;  // -1: did not start or did not finish in time; -2: crashed
    QByteArray out; // stdout, whole
    QByteArray err; // stderr, whole
};

// Runs `program` with `args` (stdin empty) while this thread's event loop turns, so that servers
// and relays living in the test's thread keep answering; an empty `env` inherits the test's
// environment. Waits `timeoutMs` milliseconds at most, then kills the child and returns exit -1.
ProcessRun runProcess(const QString &program, const QStringList &args,
                      const QProcessEnvironment &env = {}, int timeoutMs = 120000);

} // namespace msim::testsupport
