// SPDX-License-Identifier: MIT
#include "imap/PendingCommand.h"

namespace msim::imap {

void PendingCommand::abortUnsent(const QString &why, bool later)
{
    m_outcome = Outcome::Aborted;
    m_errorString = why;
    const auto end = [this] {
        Q_EMIT finished();
        deleteLater();
    };
    if (later)
        QMetaObject::invokeMethod(this, end, Qt::QueuedConnection);
    else
        end();
}

void PendingCommand::keepIncomplete(const ResponseFramer &framer, net::Transcript &transcript)
{
    if (m_incomplete || !framer.inResponse())
        return;
    m_incomplete = framer.partial();
    if (!m_incomplete->literals.isEmpty())
        transcript.mark(m_incomplete->literalOffsets.last(), m_incomplete->literals.last().size(),
                        net::Transcript::MarkKind::Literal);
    m_incomplete->lines.append(framer.partialLine());
}

} // namespace msim::imap
