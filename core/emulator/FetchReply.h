// SPDX-License-Identifier: MIT
#pragma once

#include "emulator/FetchAttribute.h"
#include "emulator/Mailbox.h"
#include "emulator/ServerProfile.h"

#include <QByteArray>
#include <QList>

#include <optional>

namespace msim::emulator {

// The untagged FETCH response of the built-in server for one message (RFC 3501 §7.4.2): the
// items asked for, in their order, each body item as a literal (RFC 3501 §6.4.5 sections), and
// on a partial BODY[]<origin.length> reply the fault of the server profile (MESSENGER45.md §6,
// ServerProfile::Fault). One FetchReply serves one FETCH command.
class FetchReply
{
public:
    // `faultsHere`: the profile's faults apply on this connection (not an SSL-only fault on a
    // plain one); `chunkReplies` the session's count of partial BODY[] replies, raised here
    // (for ServerKnobs::overrunChunk); `uid` the command was UID FETCH, which names the UID
    // first unless asked for.
    FetchReply(const ServerProfile &profile, const ServerKnobs &knobs, bool faultsHere,
               int *chunkReplies, bool uid, const QList<FetchAttribute> &attributes);

    // Whether any item makes the fetch set \Seen (BODY[] without PEEK, RFC822, RFC822.TEXT).
    bool setsSeen() const { return m_setsSeen; }

    // The response for `message`, number `sequence` (1-based), as pieces to write in order
    // (text, literal, text, ...; a literal's octets never concatenated with the text before it).
    // `seenChanged`: this fetch just set \Seen, so FLAGS follows unless asked for. nullopt when
    // the profile drops the connection here instead (DropPastEnd): nothing is to be written.
    std::optional<QList<QByteArray>> build(const StoredMessage &message, qsizetype sequence,
                                           bool seenChanged);

    // At most how many literal octets the body items of `message`'s response carry (each item
    // counted as the whole message, or its partial length when smaller): what
    // ServerLimits::maxReplyOctetsPerMessage is checked against before build().
    qint64 literalOctetsAtMost(const StoredMessage &message) const;

    // "\Seen \Answered": a FLAGS list's inside.
    static QByteArray flagList(const QList<QByteArray> &flags);

private:
    const ServerProfile &m_profile;
    const ServerKnobs &m_knobs;
    bool m_faultsHere;
    int *m_chunkReplies;
    bool m_uid;
    const QList<FetchAttribute> &m_attributes;
    bool m_wantsUid = false;
    bool m_wantsFlags = false;
    bool m_setsSeen = false;
};

} // namespace msim::emulator
