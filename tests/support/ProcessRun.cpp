// SPDX-License-Identifier: MIT
#include "ProcessRun.h"

#include <QProcess>
#include <QSignalSpy>

namespace msim::testsupport {

ProcessRun runProcess(const QString &program, const QStringList &args,
                      const QProcessEnvironment &env, int timeoutMs)
{
    QProcess p;
    if (!env.isEmpty())
        p.setProcessEnvironment(env);
    p.setStandardInputFile(QProcess::nullDevice());
    QSignalSpy finished(&p, &QProcess::finished);
    p.start(program, args);
    ProcessRun r;
    if (!p.waitForStarted(30000))
        return r;
    if (finished.isEmpty() && !finished.wait(timeoutMs)) {
        p.kill();
        p.waitForFinished();
        return r;
    }
    r.exit = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -2;
    r.out = p.readAllStandardOutput();
    r.err = p.readAllStandardError();
    return r;
}

} // namespace msim::testsupport
