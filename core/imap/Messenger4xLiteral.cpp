// SPDX-License-Identifier: MIT
#include "imap/Messenger4xLiteral.h"

#include <cstring>

namespace msim::imap {

Messenger4xLiteral Messenger4xLiteral::count(QByteArrayView literal, qint64 announced)
{
    Messenger4xLiteral result;
    result.announced = announced;
    const char *const data = literal.data();
    const qint64 size = literal.size();
    qint64 at = 0;
    while (at < size) {
        const void *lf = std::memchr(data + at, '\n', size_t(size - at));
        const qint64 lineEnd = lf ? static_cast<const char *>(lf) - data + 1 : size;
        const void *nul = std::memchr(data + at, '\0', size_t(lineEnd - at));
        if (nul) {
            const qint64 nulAt = static_cast<const char *>(nul) - data;
            if (result.firstNul < 0)
                result.firstNul = nulAt;
            result.counted += nulAt - at;
        } else {
            result.counted += lineEnd - at;
        }
        at = lineEnd;
    }
    result.owed = announced - result.counted;
    return result;
}

} // namespace msim::imap
