// SPDX-License-Identifier: MIT
#pragma once

#include "fetch/PerMessageJob.h"

#include <optional>

namespace msim::fetch {

// The reference copy beside the emulation (DESIGN.md §3): each message fetched whole with
// `UID fetch <uid> (BODY.PEEK[])` (never chunked, \Seen untouched) on msim's own fresh
// connection, so that what the emulated client displayed can be compared with it.
class ReferenceCopyJob : public PerMessageJob
{
    Q_OBJECT
public:
    ReferenceCopyJob(imap::ImapSession *session, QList<quint32> uids, QObject *parent = nullptr);

    // The message's octets, once its command succeeded with a BODY[] in the reply, handed
    // over: the job keeps no reference to them afterwards (an empty body when taken twice).
    std::optional<QByteArray> takeBody(int position);

protected:
    imap::Command command(quint32 uid) const override;
    void prepare(int position, imap::PendingCommand *command) override;
    bool isSuccess(int position, const imap::PendingCommand &command) const override;

private:
    QList<std::optional<QByteArray>> m_bodies;
};

} // namespace msim::fetch
