// SPDX-License-Identifier: MIT
#pragma once

#include <QElapsedTimer>
#include <QString>
#include <QtGlobal>

#include <functional>

namespace msim::hostile {

// How a hostile-peer campaign runs (tests/hostile, issue 22): seeds 1, 2, 3, ... one after
// another until MSIM_HOSTILE_SECONDS (default kDefaultSeconds) have passed, or exactly the one
// seed MSIM_HOSTILE_SEED names (to reproduce a failure). Each seed decides everything the
// hostile peer does, so a failure is replayed from its seed alone.
struct Campaign
{
    static constexpr int kDefaultSeconds = 20;
    static constexpr quint64 kMaxSeeds = 100000; // a bound on the loop whatever the clock says

    // Runs `one` per seed; it returns an empty string when the seed held, else what went
    // wrong. Returns the first failure as "seed N: WHAT (reproduce: MSIM_HOSTILE_SEED=N
    // PROGRAM)", or an empty string; *seeds gets how many ran.
    static QString run(const QString &program, const std::function<QString(quint64)> &one,
                       quint64 *seeds);
};

} // namespace msim::hostile
