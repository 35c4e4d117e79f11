// SPDX-License-Identifier: MIT
#pragma once

#include "fetch/FetchRunner.h"

#include <QObject>
#include <QPointer>

namespace msim::ui {

// The main window's one fetch at a time (DESIGN.md §1, §3 "one GUI Apply and fetch onwards"):
// starts a fetch::FetchRunner, passes its progress on, and hands over its FetchOutcome when it
// finishes. A fetch that is replaced or cancelled still puts \Seen back on a connection of its
// own (FetchRunner::cancel()); a replaced one goes quietly when that is done, and says only the
// warnings of a restore that failed (message()). No widgets.
class FetchController : public QObject
{
    Q_OBJECT
public:
    explicit FetchController(QObject *parent = nullptr);
    ~FetchController() override;

    // Starts fetching what `request` asks for; a fetch still going is retired first.
    void start(fetch::FetchRequest request);
    // Lets go of the current fetch: cancelled, it finishes restoring \Seen on its own;
    // finished() is not emitted for it. Nothing happens when there is none.
    void retire();
    // Cancels the current fetch; finished() follows, at once or once \Seen is put back. True
    // while that restore is still going on.
    bool cancel();
    bool isActive() const { return m_runner; } // a fetch started whose finished() is to come
    bool isRunning() const { return m_runner && m_runner->isRunning(); }

Q_SIGNALS:
    // octets of total (RFC822.SIZE) so far, in `chunks` body fetches; stage in words.
    void progress(const QString &stage, qint64 octets, qint64 total, int chunks);
    void finished(const msim::fetch::FetchOutcome &outcome);
    void message(const QString &text); // a retired fetch's warnings, for the status bar

private:
    void runnerFinished();

    QPointer<fetch::FetchRunner> m_runner;
};

} // namespace msim::ui
