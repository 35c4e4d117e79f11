// SPDX-License-Identifier: MIT
#include "fetch/HeaderDownloadJob.h"

#include "fetch/Logging.h"

namespace msim::fetch {

HeaderDownloadJob::HeaderDownloadJob(imap::ImapSession *session, QByteArray set, QObject *parent)
    : QObject(parent)
    , m_session(session)
    , m_set(std::move(set))
{}

void HeaderDownloadJob::setState(State state)
{
    qCDebug(lcFetch) << "header download job" << this << m_state << "->" << state;
    m_state = state;
}

void HeaderDownloadJob::start()
{
    Q_ASSERT(m_state == State::Idle && m_session);
    setState(State::Fetching);
    // A server that is not IMAP4rev1 gets RFC822.HEADER (MESSENGER45.md §3).
    auto *cmd = m_session->execute(m_session->hasCapability("IMAP4REV1")
                                       ? imap::CommandBuilder::uidFetchHeaders(m_set)
                                       : imap::CommandBuilder::uidFetchRfc822Header(m_set));
    cmd->setCollect(false);
    connect(cmd, &imap::PendingCommand::untagged, this, &HeaderDownloadJob::take);
    connect(cmd, &imap::PendingCommand::finished, this, [this, cmd] {
        if (cmd->isOk()) {
            setState(State::Done);
            Q_EMIT finished();
            return;
        }
        const bool refused = cmd->outcome() == imap::PendingCommand::Outcome::No ||
                             cmd->outcome() == imap::PendingCommand::Outcome::Bad;
        m_error = refused ? Error::Refused : Error::Failed;
        m_errorString = (refused ? QStringLiteral("the server refused the header download: %1")
                                 : QStringLiteral("the header download failed: %1"))
                            .arg(cmd->errorString());
        setState(State::Failed);
        Q_EMIT errorOccurred(m_error);
        Q_EMIT finished();
    });
}

void HeaderDownloadJob::take(const imap::Response &r)
{
    const auto *f = r.as<imap::FetchResponse>();
    if (!f || !f->uid)
        return;
    MessageHeader &m = m_headers[*f->uid];
    if (m.uid == 0)
        m_order.append(*f->uid);
    m.uid = *f->uid;
    if (f->rfc822Size)
        m.rfc822Size = *f->rfc822Size;
    if (f->flags)
        m.flags = *f->flags;
    if (const imap::BodyItem *h = f->body("HEADER"))
        m.header = h->data;
    else if (const imap::BodyItem *h4 = f->body("RFC822.HEADER"))
        m.header = h4->data;
}

} // namespace msim::fetch
