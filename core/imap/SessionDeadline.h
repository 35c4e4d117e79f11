// SPDX-License-Identifier: MIT
#pragma once

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

namespace msim::imap {

// The session's silence timeout (MESSENGER45.md §3: a command waits only so long), restarted
// on every command and every read without a timer registration each time: the QTimer is armed
// once and, when it fires before a deadline that has moved on, re-armed for what is left
// (issue 16: one deadline per session, not three timer registrations per command).
class SessionDeadline : public QObject
{
    Q_OBJECT
public:
    explicit SessionDeadline(QObject *parent = nullptr);

    // The deadline is `msecs` milliseconds from now (replacing any earlier one).
    void start(int msecs);
    void stop();
    bool isActive() const { return m_deadline >= 0; }

Q_SIGNALS:
    void expired();

private:
    void onTimer();

    QElapsedTimer m_clock;
    QTimer m_timer;
    qint64 m_deadline = -1; // ms on m_clock; -1 when stopped
    qint64 m_armedFor = -1; // when m_timer fires, ms on m_clock
};

} // namespace msim::imap
