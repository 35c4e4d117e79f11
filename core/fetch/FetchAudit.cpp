#include "fetch/FetchAudit.h"

namespace msim::fetch {

QString chunkStatusName(ChunkStatus s)
{
    switch (s) {
    case ChunkStatus::Ok:
        return QStringLiteral("ok");
    case ChunkStatus::Short:
        return QStringLiteral("short");
    case ChunkStatus::OverrunFramed:
        return QStringLiteral("overrun_framed");
    case ChunkStatus::OverrunUnframed:
        return QStringLiteral("overrun_unframed");
    case ChunkStatus::NoOrigin:
        return QStringLiteral("no_origin");
    case ChunkStatus::OriginMismatch:
        return QStringLiteral("origin_mismatch");
    case ChunkStatus::Empty:
        return QStringLiteral("empty");
    case ChunkStatus::Error:
        return QStringLiteral("error");
    }
    return {};
}

} // namespace msim::fetch
