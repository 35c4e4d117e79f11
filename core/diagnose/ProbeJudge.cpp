// SPDX-License-Identifier: MIT
#include "diagnose/ProbeJudge.h"

#include "net/Transcript.h"

#include <algorithm>

namespace msim::diagnose {

namespace {

using namespace Qt::StringLiterals;
using fetch::ChunkStatus;
using fetch::ErrorKind;
namespace o = observation;

void observe(ProbeResult &r, const char *word)
{
    const QString w = QString::fromLatin1(word);
    if (!r.observations.contains(w))
        r.observations << w;
}

// The first offset at which `a` and `b` differ (over the shorter length), or -1.
qint64 firstDifference(QByteArrayView a, QByteArrayView b)
{
    const qint64 n = std::min(a.size(), b.size());
    const auto m = std::mismatch(a.begin(), a.begin() + n, b.begin());
    return m.first == a.begin() + n ? -1 : qint64(m.first - a.begin());
}

bool endsConnection(ErrorKind k)
{
    return k == ErrorKind::Closed || k == ErrorKind::Reset || k == ErrorKind::Bye;
}

} // namespace

bool ProbeJudge::countedLf(const ProbeResult &r)
{
    const qint64 extra = r.record.unframedExtra;
    if (extra <= 0 || !r.record.unframedExtraExact || r.record.extraBytes.size() != extra)
        return false;
    const QByteArray all = r.octets + r.record.extraBytes;
    return all.count("\r\n") == extra;
}

std::optional<QByteArray> ProbeJudge::referenceOf(const ProbeResult &r)
{
    if (r.command.isEmpty())
        return std::nullopt;
    switch (r.record.status) {
    case ChunkStatus::Ok:
    case ChunkStatus::Short:
        return r.octets;
    case ChunkStatus::OverrunUnframed:
        return countedLf(r) ? r.octets + r.record.extraBytes : r.octets;
    default:
        return std::nullopt;
    }
}

QString ProbeJudge::describe(const ProbeResult &r)
{
    const fetch::ChunkRecord &c = r.record;
    if (r.command.isEmpty())
        return u"not sent"_s;
    switch (c.status) {
    case ChunkStatus::Nil:
        return u"the server answered NIL for the body"_s;
    case ChunkStatus::NoBody:
        return u"the server's FETCH reply held no body item"_s;
    case ChunkStatus::Empty:
        return u"the server answered an empty literal"_s;
    case ChunkStatus::Error:
        switch (c.errorKind) {
        case ErrorKind::No:
        case ErrorKind::Bad:
            return u"the server answered %1"_s.arg(c.detail);
        case ErrorKind::Timeout:
            return u"no answer came within the command timeout"_s;
        case ErrorKind::Bye:
            return u"the server said BYE%1 and closed the connection"_s.arg(
                c.serverText.isEmpty() ? QString() : u" ("_s + c.serverText + u')');
        case ErrorKind::Closed:
        case ErrorKind::Reset:
            return u"the server dropped the connection"_s;
        default:
            return c.detail.isEmpty() ? u"the reply did not complete"_s : c.detail;
        }
    default:
        return u"the reply was read"_s;
    }
}

void ProbeJudge::judge(ProbeResult &r, const std::optional<QByteArray> &reference,
                       qint64 rfc822Size)
{
    r.observations.clear();
    if (r.command.isEmpty()) {
        r.verdict = ProbeVerdict::Skipped;
        if (r.evidence.isEmpty())
            r.evidence = u"Not sent."_s;
        return;
    }
    const fetch::ChunkRecord &c = r.record;
    const bool isReference = r.spec.name == "reference"_L1;
    const qint64 held = reference ? reference->size() : rfc822Size;
    const qint64 start = r.spec.start.value_or(0);
    const qint64 literal = c.literalLength;
    QStringList says; // clauses of the evidence
    const QString asked =
        r.spec.length ? u"<%1.%2>"_s.arg(start).arg(*r.spec.length) : u"the whole message"_s;

    switch (c.status) {
    case ChunkStatus::Ok:
    case ChunkStatus::Short:
        if (c.status == ChunkStatus::Short && start + literal < held)
            says << u"%1 octets for %2, short of the end of the message (%3 octets)"_s.arg(literal)
                        .arg(asked)
                        .arg(held);
        else if (c.status == ChunkStatus::Short)
            says << u"%1 octets for %2: up to the end of the message, as RFC 3501 §6.4.5 allows"_s
                        .arg(literal)
                        .arg(asked);
        else
            says << u"%1 octets%2 as asked"_s.arg(literal).arg(
                r.spec.start ? u" at origin %1"_s.arg(start) : QString());
        break;
    case ChunkStatus::OverrunUnframed: {
        const qint64 extra = c.unframedExtra;
        QString next;
        if (reference && c.extraBytes.size() == extra &&
            reference->mid(start + literal, extra) == c.extraBytes)
            next = u" (the message's next %1 octets)"_s.arg(extra);
        says << u"the literal held %1 octets for %2, then %3%4 octets followed it that no literal "
                "announced%5"_s.arg(literal)
                    .arg(asked)
                    .arg(c.unframedExtraExact ? QString() : u"at least "_s)
                    .arg(extra)
                    .arg(next);
        observe(r, o::kOverrunUnframed);
        if (countedLf(r)) {
            observe(r, o::kLfCount);
            says << u"they are as many as the CRLF line ends sent: the server counted the "
                    "literal with LF line ends and sent CRLF"_s;
        }
        break;
    }
    case ChunkStatus::OverrunFramed:
        says << u"a literal of %1 octets for %2 (RFC 3501 §6.4.5: at most the length asked)"_s
                    .arg(literal)
                    .arg(asked);
        observe(r, o::kOverrunFramed);
        break;
    case ChunkStatus::NoOrigin:
        says << u"BODY[] without an origin (%1 octets) in reply to %2"_s.arg(literal).arg(asked);
        observe(r, o::kNoOrigin);
        if (start > 0 && held >= 0 && literal >= held)
            observe(r, o::kWholeFromZero);
        break;
    case ChunkStatus::OriginMismatch:
        says << u"origin %1 (%2 octets) in reply to %3"_s.arg(c.origin.value_or(0))
                    .arg(literal)
                    .arg(asked);
        observe(r, o::kOriginMismatch);
        if (c.origin.value_or(0) == 0 && start > 0 && held >= 0 && literal >= held)
            observe(r, o::kWholeFromZero);
        break;
    case ChunkStatus::Empty:
        if (start < held || held < 0) {
            says << u"an empty literal for %1, inside the %2-octet message"_s.arg(asked).arg(held);
            observe(r, o::kEmptyBeforeEnd);
        } else {
            says << u"an empty string for %1, at the end of the message, as RFC 3501 §6.4.5 "
                    "says"_s.arg(asked);
        }
        break;
    case ChunkStatus::Nil:
        says << u"NIL instead of the body for %1"_s.arg(asked);
        observe(r, o::kNil);
        break;
    case ChunkStatus::NoBody:
        says << u"a FETCH reply without any body item for %1"_s.arg(asked);
        observe(r, o::kNoBody);
        break;
    case ChunkStatus::Error:
        says << describe(r) + u" for "_s + asked;
        if (c.errorKind == ErrorKind::No || c.errorKind == ErrorKind::Bad)
            observe(r, o::kRefused);
        else if (endsConnection(c.errorKind))
            observe(r, o::kDropped);
        else if (c.errorKind == ErrorKind::Timeout)
            observe(r, o::kTimeout);
        break;
    }
    if (!r.originText.isEmpty() && r.originText.contains('.')) {
        says << u"the origin was echoed as <%1>, with the length (RFC 3501 §7.4.2: the origin "
                "only)"_s.arg(net::Transcript::escape(r.originText));
        observe(r, o::kOriginWithLength);
    }
    // The octets against the reference copy (not for the reference itself).
    if (reference && !isReference && !r.octets.isEmpty() &&
        (c.status == ChunkStatus::Ok || c.status == ChunkStatus::Short ||
         c.status == ChunkStatus::OverrunFramed || c.status == ChunkStatus::OverrunUnframed)) {
        const qint64 from = c.origin.value_or(r.spec.start ? start : 0);
        const qint64 at = firstDifference(
            r.octets, QByteArrayView(*reference).sliced(std::min<qint64>(from, reference->size())));
        const bool pastEnd = from + r.octets.size() > reference->size();
        if (at >= 0 || (pastEnd && c.status != ChunkStatus::OverrunFramed)) {
            says << (at >= 0 ? u"its octets differ from the reference copy's from offset %1"_s.arg(
                                   from + at)
                             : u"it holds octets past the end of the reference copy"_s);
            observe(r, o::kOctetsDiffer);
        } else {
            says << u"the same octets as the reference copy"_s;
        }
    }
    // RFC822.SIZE against the octets the server holds.
    if (held >= 0 && reference) {
        const qint64 said = isReference ? rfc822Size : r.rfc822Size.value_or(-1);
        if (said >= 0 && said < held) {
            says << u"RFC822.SIZE %1 is %2 octets under the %3 the server sent"_s.arg(said)
                        .arg(held - said)
                        .arg(held);
            observe(r, o::kSizeUnder);
        } else if (said > held) {
            says << u"RFC822.SIZE %1 is %2 octets over the %3 the server sent"_s.arg(said)
                        .arg(said - held)
                        .arg(held);
            observe(r, o::kSizeOver);
        }
    }
    if (!r.connectionKept && c.status != ChunkStatus::OverrunUnframed &&
        !(c.status == ChunkStatus::Error && endsConnection(c.errorKind)))
        says << u"the connection did not stay usable"_s;
    r.verdict =
        r.observations.isEmpty() && !(c.status == ChunkStatus::Short && start + literal < held)
            ? ProbeVerdict::Pass
            : ProbeVerdict::Fail;
    QString text = says.join(u"; "_s);
    if (!text.isEmpty())
        text[0] = text[0].toUpper();
    r.evidence = text + u'.';
}

ProbeResult ProbeJudge::latency(const QList<ProbeResult> &probes, double noopMs)
{
    ProbeResult l;
    l.spec = ProbeSpec{u"latency"_s, 0, std::nullopt, std::nullopt, {}};
    QList<double> chunk;
    for (const ProbeResult &p : probes) {
        if (p.spec.start && !p.command.isEmpty() && p.record.status != ChunkStatus::Error)
            chunk << p.latencyMs;
    }
    l.command = "(no command: the times of the probes above)";
    if (chunk.isEmpty()) {
        l.verdict = ProbeVerdict::Skipped;
        l.evidence = u"No partial probe completed to time."_s;
        return l;
    }
    std::sort(chunk.begin(), chunk.end());
    l.latencyMs = chunk[chunk.size() / 2];
    const bool slow = l.latencyMs > noopMs + kSlowMs && l.latencyMs > kSlowFactor * noopMs;
    l.verdict = slow ? ProbeVerdict::Fail : ProbeVerdict::Pass;
    l.evidence = u"Partial replies took %1 ms (median of %2) against %3 ms for a NOOP%4"_s
                     .arg(l.latencyMs < 1 ? u"under 1"_s : QString::number(l.latencyMs, 'f', 0))
                     .arg(chunk.size())
                     .arg(noopMs, 0, 'f', 2)
                     .arg(slow ? u": the server is slow to send FETCH replies, as one that "
                                 "splits its writes and waits for delayed ACKs is (evidence "
                                 "only, not a fault)."_s
                               : u"."_s);
    if (slow)
        observe(l, o::kSlow);
    return l;
}

} // namespace msim::diagnose
