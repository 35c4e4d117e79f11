// SPDX-License-Identifier: MIT
#include "ui/FetchController.h"

#include "ui/Logging.h"

#include <utility>

namespace msim::ui {

FetchController::FetchController(QObject *parent)
    : QObject(parent)
{}

FetchController::~FetchController()
{
    if (m_runner)
        m_runner->disconnect(this);
}

void FetchController::start(fetch::FetchRequest request)
{
    retire();
    qCDebug(lcUi) << "fetch started: UIDs" << request.uids << "of" << request.mailbox << "on"
                  << request.session.endpoint.host;
    auto *runner = new fetch::FetchRunner(std::move(request), this);
    m_runner = runner;
    connect(runner, &fetch::FetchRunner::progress, this,
            [this](const QString &stage, quint32, qint64 octets, qint64 total, int chunks) {
                Q_EMIT progress(stage, octets, total, chunks);
            });
    connect(runner, &fetch::FetchRunner::finished, this, &FetchController::runnerFinished);
    runner->start();
}

void FetchController::retire()
{
    fetch::FetchRunner *old = std::exchange(m_runner, nullptr);
    if (!old)
        return;
    // Cancelled, a fetch still puts \Seen back on a connection of its own; it goes when that
    // is done, and a restore that failed is still said.
    old->disconnect(this);
    if (!old->isRunning()) {
        old->deleteLater();
        return;
    }
    qCDebug(lcUi) << "fetch replaced: cancelled, restoring \\Seen on its own";
    connect(old, &fetch::FetchRunner::finished, this, [this, old] {
        old->deleteLater();
        if (!old->outcome().warnings.isEmpty())
            Q_EMIT message(old->outcome().warnings.join(QLatin1Char(' ')));
    });
    old->cancel();
}

bool FetchController::cancel()
{
    if (!m_runner)
        return false;
    qCDebug(lcUi) << "fetch cancelled";
    // finished() follows: at once, or once \Seen is put back on a connection of its own.
    m_runner->cancel();
    return isRunning();
}

void FetchController::runnerFinished()
{
    fetch::FetchRunner *runner = m_runner;
    if (!runner)
        return;
    const fetch::FetchOutcome outcome = runner->outcome();
    runner->deleteLater();
    m_runner = nullptr;
    qCDebug(lcUi) << "fetch finished:" << (outcome.cancelled ? "cancelled" : "done") << "in"
                  << outcome.elapsedMs << "ms";
    Q_EMIT finished(outcome);
}

} // namespace msim::ui
