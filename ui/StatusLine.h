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
// can be cancelled, a Cancel button.
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
};

} // namespace msim::ui
