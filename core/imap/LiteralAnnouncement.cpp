// SPDX-License-Identifier: MIT
#include "imap/LiteralAnnouncement.h"

namespace msim::imap {

LiteralAtLineEnd literalAtLineEnd(QByteArrayView line, qint64 maxLength)
{
    LiteralAtLineEnd out;
    if (!line.endsWith('}'))
        return out;
    const qsizetype open = line.lastIndexOf('{');
    if (open < 0)
        return out;
    QByteArrayView inner = line.sliced(open + 1, line.size() - open - 2);
    if (inner.isEmpty() || inner.size() > 32 || inner.contains(' '))
        return out;
    LiteralAnnouncement &a = out.announcement;
    a.binary = open > 0 && line.at(open - 1) == '~';
    a.position = a.binary ? open - 1 : open;
    a.nonSynchronising = inner.endsWith('+');
    if (a.nonSynchronising)
        inner.chop(1);
    bool allDigits = !inner.isEmpty();
    for (char c : inner)
        allDigits = allDigits && c >= '0' && c <= '9';
    if (!allDigits) {
        out.kind = LiteralAtLineEnd::Kind::Malformed;
        return out;
    }
    for (char c : inner) {
        a.length = a.length * 10 + (c - '0');
        if (a.length > maxLength) {
            out.kind = LiteralAtLineEnd::Kind::TooLarge;
            return out;
        }
    }
    out.kind = LiteralAtLineEnd::Kind::Announced;
    return out;
}

} // namespace msim::imap
