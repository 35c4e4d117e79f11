// SPDX-License-Identifier: MIT
#include "fetch/ChunkClassifier.h"

namespace msim::fetch {

ChunkStatus ChunkClassifier::classify(const Request &request, const Reply &reply)
{
    if (reply.misread)
        return ChunkStatus::Error;
    if (reply.end == End::ParseError && reply.unframedExtra > 0)
        return ChunkStatus::OverrunUnframed;
    if (reply.end != End::Completed)
        return ChunkStatus::Error;
    if (!reply.haveBody)
        return ChunkStatus::NoBody;
    if (reply.isNil)
        return ChunkStatus::Nil;
    if (request.start && !reply.origin)
        return ChunkStatus::NoOrigin;
    if (request.start && *reply.origin != *request.start)
        return ChunkStatus::OriginMismatch;
    // A 0-octet message answered with {0} is the whole message: ok, as Dovecot serves it.
    if (reply.literalLength == 0 && !(request.rfc822Size == 0 && request.start.value_or(0) == 0))
        return ChunkStatus::Empty;
    if (request.length && reply.literalLength > *request.length)
        return ChunkStatus::OverrunFramed;
    if (request.length && reply.literalLength < *request.length)
        return ChunkStatus::Short;
    return ChunkStatus::Ok;
}

} // namespace msim::fetch
