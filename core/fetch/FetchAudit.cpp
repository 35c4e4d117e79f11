#include "fetch/FetchAudit.h"

#include <QStringList>

namespace msim::fetch {

namespace {

// In enum order.
constexpr const char *kStatusNames[] = {
    "ok",    "short", "overrun_framed", "overrun_unframed", "no_origin", "origin_mismatch", "empty",
    "error", "nil",   "no_body"};
constexpr const char *kErrorKindNames[] = {"",       "no",    "bad", "bye",   "timeout",
                                           "closed", "reset", "tls", "parse", "cancelled"};

} // namespace

const char *chunkStatusKey(ChunkStatus s)
{
    return kStatusNames[int(s)];
}

QString chunkStatusName(ChunkStatus s)
{
    return QString::fromLatin1(chunkStatusKey(s));
}

QStringList chunkStatusNames()
{
    QStringList out;
    for (const char *n : kStatusNames)
        out << QString::fromLatin1(n);
    return out;
}

QString errorKindName(ErrorKind k)
{
    return QString::fromLatin1(kErrorKindNames[int(k)]);
}

} // namespace msim::fetch
