// SPDX-License-Identifier: MIT
#pragma once

#include <QObject>

class QLabel;
class QProgressBar;
class QPushButton;
class QStatusBar;

namespace msim::ui {

// The main window's status bar (DESIGN.md §1 "never blocks: every long step shows progress and
// can be cancelled"): one line of plain text, and while something runs a busy bar with, when it
// can be cancelled, a Cancel button. While SSLKEYLOGFILE is in force (net::KeyLog, DESIGN.md §4
// CAPTURE) a notice at the right says so for as long as the window is open: the session keys
// in that file decrypt every TLS connection msim makes or serves, and a user who started msim
// from the desktop never sees the line msim prints on stderr.
class StatusLine : public QObject
{
    Q_OBJECT
public:
    // Adds its widgets to `bar` (the line stretching, the bar and the button at the right).
    explicit StatusLine(QStatusBar *bar);

    void show(const QString &text);
    QString text() const;
    // Shows `what` and the busy bar; the Cancel button only when `cancellable`.
    void busy(const QString &what, bool cancellable);
    void idle(); // hides the busy bar and Cancel; the text stays

Q_SIGNALS:
    void cancelRequested();

private:
    QLabel *m_text;
    QProgressBar *m_busy;
    QPushButton *m_cancel;
    QLabel *m_keyLog = nullptr; // "keyLogNotice"; only while keys are logged
};

} // namespace msim::ui
