// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>

namespace msim::imap {

// What the analysis reads after a protocol error (DESIGN.md §3, MESSENGER45.md §3): 4.5 has
// written `xxxx logout`, and msim reads on without answering until the failing command's tagged
// completion line, the close, the drain timeout or limits::kMaxDrainOctets, to count exactly
// the octets that did not parse. This holds the scan over the drained octets; the session
// decides when the drain ends otherwise (close, timeout).
class ErrorDrain
{
public:
    enum class Step { More, TaggedCompletion, Limit };

    // Begins a drain for the command tagged `tag`.
    void start(QByteArray tag);
    // Appends `bytes` to `drained` and looks for "\n<tag> " at the start of a line: found, the
    // line and what follows are cut off (TaggedCompletion); over kMaxDrainOctets, `drained` is
    // cut to that many (Limit).
    Step append(QByteArray &drained, const QByteArray &bytes);
    // Without the failing command's tagged line, the drain may end with the server's answers to
    // `xxxx logout` (`* BYE ...`, `xxxx OK ...`); they are not part of the failing reply and
    // are cut off. The first line (the rest of the failing response's own line) is never cut.
    static void trimLogoutReplies(QByteArray &drained);

private:
    QByteArray m_tag;
    qsizetype m_scanned = 0;
};

} // namespace msim::imap
