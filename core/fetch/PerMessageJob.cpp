// SPDX-License-Identifier: MIT
#include "fetch/PerMessageJob.h"

#include "fetch/Logging.h"

namespace msim::fetch {

PerMessageJob::PerMessageJob(imap::ImapSession *session, QList<quint32> uids, QObject *parent)
    : QObject(parent)
    , m_session(session)
    , m_uids(std::move(uids))
    , m_succeeded(m_uids.size(), false)
{}

void PerMessageJob::setState(State state)
{
    qCDebug(lcFetch) << metaObject()->className() << this << m_state << "->" << state;
    m_state = state;
}

void PerMessageJob::prepare(int, imap::PendingCommand *) {}

bool PerMessageJob::isSuccess(int, const imap::PendingCommand &command) const
{
    return command.isOk();
}

void PerMessageJob::start()
{
    Q_ASSERT(m_state == State::Idle && m_session);
    setState(State::Running);
    if (m_uids.isEmpty()) {
        Q_EMIT allQueued();
        setState(State::Done);
        Q_EMIT finished();
        return;
    }
    while (m_queued < std::min<qsizetype>(kWindow, m_uids.size()))
        queueNext();
}

void PerMessageJob::queueNext()
{
    if (!m_session) // gone, with the commands it held: as those, the rest never end
        return;
    const int i = m_queued++;
    imap::PendingCommand *cmd = m_session->execute(command(m_uids[i]));
    prepare(i, cmd);
    connect(cmd, &imap::PendingCommand::finished, this, [this, i, cmd] { onAnswered(i, cmd); });
    if (m_queued == m_uids.size())
        Q_EMIT allQueued();
}

void PerMessageJob::onAnswered(int position, const imap::PendingCommand *command)
{
    m_succeeded[position] = isSuccess(position, *command);
    if (!m_succeeded[position]) {
        m_error = Error::SomeFailed;
        m_errorString = QStringLiteral("the command for UID %1 did not succeed: %2")
                            .arg(m_uids[position])
                            .arg(command->errorString());
    }
    if (m_queued < m_uids.size())
        queueNext();
    Q_EMIT answered(position, command);
    if (++m_answered < m_uids.size())
        return;
    setState(State::Done);
    if (m_error != Error::None)
        Q_EMIT errorOccurred(m_error);
    Q_EMIT finished();
}

} // namespace msim::fetch
