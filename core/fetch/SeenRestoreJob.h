// SPDX-License-Identifier: MIT
#pragma once

#include "fetch/PerMessageJob.h"

namespace msim::fetch {

// The \Seen restore after a run (DESIGN.md §3): a chunked BODY[] sets \Seen on the customer's
// real messages, as 4.5 did, so each message that was unread before gets
// `UID store <uid> -FLAGS (\Seen)` on msim's own fresh connection. A refusal is the caller's
// warning, never a finding.
class SeenRestoreJob : public PerMessageJob
{
    Q_OBJECT
public:
    SeenRestoreJob(imap::ImapSession *session, QList<quint32> uids, QObject *parent = nullptr);

protected:
    imap::Command command(quint32 uid) const override;
};

} // namespace msim::fetch
