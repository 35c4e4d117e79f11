// SPDX-License-Identifier: MIT
#include "fetch/ReferenceCopyJob.h"

namespace msim::fetch {

ReferenceCopyJob::ReferenceCopyJob(imap::ImapSession *session, QList<quint32> uids, QObject *parent)
    : PerMessageJob(session, uids, parent)
    , m_bodies(uids.size())
{}

imap::Command ReferenceCopyJob::command(quint32 uid) const
{
    return imap::CommandBuilder::uidFetchPeek(QByteArray::number(uid));
}

void ReferenceCopyJob::prepare(int position, imap::PendingCommand *command)
{
    command->setCollect(false);
    connect(command, &imap::PendingCommand::untagged, this,
            [this, position](const imap::Response &r) {
                if (const auto *f = r.as<imap::FetchResponse>())
                    if (const imap::BodyItem *b = f->body(""))
                        m_bodies[position] = b->data;
            });
}

bool ReferenceCopyJob::isSuccess(int position, const imap::PendingCommand &command) const
{
    return command.isOk() && m_bodies[position].has_value();
}

std::optional<QByteArray> ReferenceCopyJob::takeBody(int position)
{
    if (!succeeded(position))
        return std::nullopt;
    return std::exchange(m_bodies[position], QByteArray());
}

} // namespace msim::fetch
