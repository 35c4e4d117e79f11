// SPDX-License-Identifier: MIT
#include "fetch/OpenSessionJob.h"

#include "fetch/Logging.h"

namespace msim::fetch {

OpenSessionJob::OpenSessionJob(imap::ImapSession *session, QByteArray mailbox, QObject *parent)
    : QObject(parent)
    , m_session(session)
    , m_mailbox(std::move(mailbox))
{}

void OpenSessionJob::setState(State state)
{
    qCDebug(lcFetch) << "open session job" << this << m_state << "->" << state;
    m_state = state;
}

void OpenSessionJob::fail(Error error, const QString &message)
{
    m_error = error;
    m_errorString = message;
    setState(State::Failed);
    Q_EMIT errorOccurred(error);
    Q_EMIT finished();
}

void OpenSessionJob::start()
{
    Q_ASSERT(m_state == State::Idle && m_session);
    setState(State::Opening);
    connect(m_session, &imap::ImapSession::errorOccurred, this,
            [this] { fail(Error::Session, m_session->errorString()); });
    connect(m_session, &imap::ImapSession::opened, this, &OpenSessionJob::select);
    m_session->open();
}

void OpenSessionJob::select()
{
    m_sessionOpened = true;
    setState(State::Selecting);
    auto *sel = m_session->execute(imap::CommandBuilder::select(m_mailbox));
    connect(sel, &imap::PendingCommand::finished, this, [this, sel] {
        if (sel->isOk()) {
            setState(State::Done);
            Q_EMIT finished();
            return;
        }
        fail(Error::Select,
             QStringLiteral("the server refused to open the mailbox \"%1\": %2")
                 .arg(QString::fromUtf8(m_mailbox), sel->errorString().isEmpty()
                                                        ? QStringLiteral("no reason given")
                                                        : sel->errorString()));
    });
}

} // namespace msim::fetch
