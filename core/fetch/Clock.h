// SPDX-License-Identifier: MIT
#pragma once

#include <QDateTime>

namespace msim::fetch {

// The wall clock the adaptive chunk rule reads (MESSENGER45.md §2: 4.x reads `time(0)`, whole
// seconds of wall-clock time), injectable so that tests drive the rule without sleeping.
class Clock
{
public:
    virtual ~Clock() = default;
    // Milliseconds of wall-clock time (any epoch; only differences of whole seconds matter).
    virtual qint64 nowMs() const = 0;

    // t of MESSENGER45.md §2: the difference of two readings of a whole-second counter, taken
    // at `sentMs` and at `endMs`. It can be one more than the whole seconds elapsed (a fetch of
    // 0.2 s that crosses a second boundary gives 1), and is negative when the clock went back.
    static qint64 wholeSecondsBetween(qint64 sentMs, qint64 endMs)
    {
        return floorSeconds(endMs) - floorSeconds(sentMs);
    }

private:
    static qint64 floorSeconds(qint64 ms) { return ms >= 0 ? ms / 1000 : -((999 - ms) / 1000); }
};

// The real wall clock: milliseconds since the Unix epoch (what `time(0)` counts in seconds).
class WallClock : public Clock
{
public:
    qint64 nowMs() const override { return QDateTime::currentMSecsSinceEpoch(); }
};

// A clock that tests move by hand.
class ManualClock : public Clock
{
public:
    qint64 nowMs() const override { return m_now; }
    void advance(qint64 ms) { m_now += ms; }
    void set(qint64 ms) { m_now = ms; }

private:
    qint64 m_now = 0;
};

} // namespace msim::fetch
