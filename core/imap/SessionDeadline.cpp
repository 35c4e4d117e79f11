// SPDX-License-Identifier: MIT
#include "imap/SessionDeadline.h"

namespace msim::imap {

SessionDeadline::SessionDeadline(QObject *parent)
    : QObject(parent)
{
    m_clock.start();
    m_timer.setSingleShot(true);
    m_timer.setTimerType(Qt::PreciseTimer);
    connect(&m_timer, &QTimer::timeout, this, &SessionDeadline::onTimer);
}

void SessionDeadline::start(int msecs)
{
    m_deadline = m_clock.elapsed() + msecs;
    // A later deadline keeps the armed timer (it re-arms when it fires); an earlier one, or
    // none armed, arms it now.
    if (!m_timer.isActive() || m_armedFor > m_deadline) {
        m_armedFor = m_deadline;
        m_timer.start(msecs);
    }
}

void SessionDeadline::stop()
{
    m_deadline = -1; // the armed timer, if any, fires once more and does nothing
}

void SessionDeadline::onTimer()
{
    if (m_deadline < 0)
        return;
    const qint64 now = m_clock.elapsed();
    if (now < m_deadline) {
        m_armedFor = m_deadline;
        m_timer.start(int(m_deadline - now));
        return;
    }
    m_deadline = -1;
    Q_EMIT expired();
}

} // namespace msim::imap
