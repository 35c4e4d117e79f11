// SPDX-License-Identifier: MIT
#include "imap/ErrorDrain.h"

#include "imap/Limits.h"

namespace msim::imap {

void ErrorDrain::start(QByteArray tag)
{
    m_tag = std::move(tag);
    m_scanned = 0;
}

ErrorDrain::Step ErrorDrain::append(QByteArray &drained, const QByteArray &bytes)
{
    drained += bytes;
    // Look for the command's tagged completion at the start of a line.
    const QByteArray needle = QByteArray(1, '\n').append(m_tag).append(' ');
    const qsizetype from = std::max<qsizetype>(0, m_scanned - needle.size());
    const qsizetype hit = drained.indexOf(needle, from);
    if (hit >= 0) {
        drained.truncate(hit + 1);
        return Step::TaggedCompletion;
    }
    m_scanned = drained.size();
    if (drained.size() > limits::kMaxDrainOctets) {
        drained.truncate(limits::kMaxDrainOctets);
        return Step::Limit;
    }
    return Step::More;
}

void ErrorDrain::trimLogoutReplies(QByteArray &drained)
{
    for (;;) {
        qsizetype end = drained.size();
        if (drained.endsWith('\n'))
            --end;
        if (end <= 0)
            return;
        const qsizetype start = drained.lastIndexOf('\n', end - 1) + 1;
        if (start <= 0 || start >= drained.size())
            return;
        const QByteArray head = drained.mid(start, 5).toUpper();
        if (head != "XXXX " && head != "* BYE")
            return;
        drained.truncate(start);
    }
}

} // namespace msim::imap
