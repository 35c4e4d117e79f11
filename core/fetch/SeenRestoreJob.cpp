// SPDX-License-Identifier: MIT
#include "fetch/SeenRestoreJob.h"

namespace msim::fetch {

SeenRestoreJob::SeenRestoreJob(imap::ImapSession *session, QList<quint32> uids, QObject *parent)
    : PerMessageJob(session, std::move(uids), parent)
{}

imap::Command SeenRestoreJob::command(quint32 uid) const
{
    return imap::CommandBuilder::uidStoreFlags(QByteArray::number(uid), false, "\\Seen");
}

} // namespace msim::fetch
