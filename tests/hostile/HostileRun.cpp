// SPDX-License-Identifier: MIT
#include "HostileRun.h"

#include <QtDebug>

namespace msim::hostile {

QString Campaign::run(const QString &program, const std::function<QString(quint64)> &one,
                      quint64 *seeds)
{
    *seeds = 0;
    bool fixed = false;
    const quint64 only = qEnvironmentVariable("MSIM_HOSTILE_SEED").toULongLong(&fixed);
    bool secondsOk = false;
    int seconds = qEnvironmentVariableIntValue("MSIM_HOSTILE_SECONDS", &secondsOk);
    if (!secondsOk || seconds <= 0)
        seconds = kDefaultSeconds;
    QElapsedTimer clock;
    clock.start();
    for (quint64 seed = fixed ? only : 1; seed < (fixed ? only + 1 : kMaxSeeds + 1); ++seed) {
        if (!fixed && clock.elapsed() >= qint64(seconds) * 1000)
            break;
        ++*seeds;
        const QString why = one(seed);
        if (!why.isEmpty())
            return QStringLiteral("seed %1: %2 (reproduce: MSIM_HOSTILE_SEED=%1 %3)")
                .arg(seed)
                .arg(why, program);
    }
    qInfo("%llu seeds held in %.1f s", *seeds, clock.elapsed() / 1000.0);
    return {};
}

} // namespace msim::hostile
