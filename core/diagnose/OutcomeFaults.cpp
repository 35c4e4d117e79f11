// SPDX-License-Identifier: MIT
#include "diagnose/OutcomeFaults.h"

namespace msim::diagnose {

namespace {

using fetch::ChunkRecord;
using fetch::ChunkStatus;
using fetch::ErrorKind;
using namespace Qt::StringLiterals;

void addOnce(QStringList &list, const QString &id)
{
    if (!list.contains(id))
        list << id;
}

bool endsConnection(ErrorKind k)
{
    return k == ErrorKind::Closed || k == ErrorKind::Reset || k == ErrorKind::Bye;
}

// A request that starts at or past the end of the message the server holds.
bool pastEnd(const ChunkRecord &c, std::optional<qint64> held)
{
    return c.requestedStart && held && *c.requestedStart >= *held;
}

// The fault id one chunk shows (MESSENGER45.md §5 rows), or an empty string.
QString chunkFault(const ChunkRecord &c, std::optional<qint64> held)
{
    switch (c.status) {
    case ChunkStatus::OverrunUnframed:
        return u"partial-overrun-unframed"_s;
    case ChunkStatus::OverrunFramed:
        return u"partial-overrun-framed"_s;
    case ChunkStatus::NoOrigin:
        return u"partial-ignored"_s;
    case ChunkStatus::OriginMismatch:
        // The whole message again from 0 is the partial ignored; another offset is a mismatch.
        return c.origin.value_or(0) == 0 && held && c.literalLength >= *held ? u"partial-ignored"_s
                                                                             : u"origin-mismatch"_s;
    case ChunkStatus::Empty:
        // Past the end an empty string is RFC 3501 §6.4.5's answer, no fault.
        return pastEnd(c, held) ? QString() : u"partial-beyond-limit-empty"_s;
    case ChunkStatus::Nil:
        return u"body-nil"_s;
    case ChunkStatus::NoBody:
        return u"body-missing"_s;
    case ChunkStatus::Error:
        if (c.errorKind == ErrorKind::No || c.errorKind == ErrorKind::Bad)
            return u"fetch-refused"_s;
        if (endsConnection(c.errorKind) && pastEnd(c, held))
            return u"partial-past-end-drop"_s;
        return {};
    case ChunkStatus::Ok:
    case ChunkStatus::Short:
        return {};
    }
    return {};
}

// A short chunk before the end of the message: a gap (a short one at the end is legal).
bool shortBeforeEnd(const fetch::MessageOutcome &m, const ChunkRecord &c)
{
    if (c.status != ChunkStatus::Short || !c.requestedStart)
        return false;
    const qint64 end = OutcomeFaults::held(m).value_or(m.rfc822Size);
    return end >= 0 && *c.requestedStart + std::max<qint64>(c.literalLength, 0) < end &&
           c.index < m.chunks.size();
}

bool judged(const fetch::MessageOutcome &m)
{
    return m.exists && !m.cancelled && m.error.isEmpty();
}

} // namespace

std::optional<qint64> OutcomeFaults::held(const fetch::MessageOutcome &m)
{
    if (m.reference)
        return m.reference->size();
    return std::nullopt;
}

bool OutcomeFaults::isFinding(const fetch::MessageOutcome &m, const fetch::ChunkRecord &c)
{
    return c.status == ChunkStatus::Short ? shortBeforeEnd(m, c) : c.status != ChunkStatus::Ok;
}

QStringList OutcomeFaults::faults(const fetch::MessageOutcome &m)
{
    QStringList out;
    if (!judged(m))
        return out;
    const std::optional<qint64> h = held(m);
    for (const ChunkRecord &c : m.chunks) {
        const QString id = chunkFault(c, h);
        if (!id.isEmpty())
            addOnce(out, id);
    }
    if (h && m.rfc822Size >= 0 && m.rfc822Size < *h)
        out << u"size-under-reported"_s;
    if (h && m.rfc822Size > *h)
        out << u"size-over-reported"_s;
    return out;
}

QStringList OutcomeFaults::events(const fetch::MessageOutcome &m)
{
    if (m.cancelled)
        return {u"end:cancelled"_s};
    QStringList out;
    if (!judged(m))
        return out;
    if (m.comparison.verdict != fetch::Verdict::Complete)
        out << u"verdict:"_s + fetch::verdictName(m.comparison.verdict);
    const QStringList faultIds = faults(m);
    const std::optional<qint64> h = held(m);
    for (const ChunkRecord &c : m.chunks) {
        if (shortBeforeEnd(m, c))
            addOnce(out, u"chunk:short"_s);
        if (c.status == ChunkStatus::Error && chunkFault(c, h).isEmpty())
            addOnce(out, u"error:"_s + fetch::errorKindName(c.errorKind));
    }
    // A session end the faults already explain: the unframed overrun's emergency logout, the
    // drop past the end.
    const bool explained = (m.sessionEnd == fetch::MessageEnd::EmergencyLogout &&
                            faultIds.contains(u"partial-overrun-unframed"_s)) ||
                           (m.sessionEnd == fetch::MessageEnd::Disconnected &&
                            faultIds.contains(u"partial-past-end-drop"_s));
    if (!explained && (m.sessionEnd == fetch::MessageEnd::EmergencyLogout ||
                       m.sessionEnd == fetch::MessageEnd::Disconnected))
        out << u"end:"_s + fetch::kMessageEndNames.name(m.sessionEnd);
    return out;
}

} // namespace msim::diagnose
