// SPDX-License-Identifier: MIT
#include "fetch/FetchStrategy.h"

#include "fetch/ChunkClassifier.h"
#include "fetch/Messenger45Reading.h"
#include "fetch/OverrunAnalyser.h"
#include "imap/ResponseParser.h"
#include "net/Printable.h"

#include <limits>

namespace msim::fetch {

FetchStrategy::FetchStrategy(imap::ImapSession *session, ChunkSizer *sizer, const Clock *clock,
                             MessageJob job, QObject *parent)
    : QObject(parent)
    , m_session(session)
    , m_sizer(sizer)
    , m_clock(clock)
    , m_job(job)
{}

void FetchStrategy::cancel()
{
    if (m_cancelled)
        return;
    m_cancelled = true;
    if (m_finished)
        return;
    m_broken = true;
    // The request waiting for its reply is a row of its own, with what had arrived for it:
    // the session closed without a word does not finish it.
    if (m_pending && m_pending->outcome() == imap::PendingCommand::Outcome::Pending && m_inflight) {
        imap::PendingCommand *cmd = m_pending;
        cmd->disconnect(this);
        if (m_session)
            m_session->keepPartialReply(); // the octets of a reply still arriving count too
        record(cmd, *m_inflight, true);    // ends the download (done())
    }
    if (m_session)
        m_session->abort();
    done();
}

void FetchStrategy::done()
{
    if (m_finished)
        return;
    m_finished = true;
    Q_EMIT finished();
}

void FetchStrategy::display(const Reply &reply)
{
    if (!reply.haveBody)
        return;
    const QByteArray shown =
        reply.cStrings ? Messenger45Reading::asCStringLines(reply.data) : reply.data;
    const qint64 origin = reply.origin.value_or(0);
    if (!reply.origin || origin == 0) {
        m_displayed = shown; // restart (MESSENGER45.md §4)
        m_pieces.clear();
    } else {
        // The first append sets aside room for the whole message as RFC822.SIZE announced it
        // (bounded), so 854 chunks do not regrow and recopy the displayed text ~20 times.
        const qint64 need = m_displayed.size() + shown.size();
        if (need > m_displayed.capacity())
            m_displayed.reserve(std::max(need, std::min(m_job.rfc822Size, kMaxDisplayReserve)));
        m_displayed += shown;
    }
    m_pieces.append({origin, origin + shown.size()});
}

namespace {

// The body item of a chunk reply: BODY[] (with or without origin) or RFC822.
const imap::BodyItem *chunkBody(const imap::FetchResponse &f)
{
    for (const imap::BodyItem &b : f.bodies)
        if (b.section.isEmpty() || b.section == "RFC822")
            return &b;
    return nullptr;
}

} // namespace

FetchStrategy::Reply FetchStrategy::replyOf(const imap::BodyItem &b)
{
    Reply rep;
    rep.haveBody = true;
    rep.isNil = b.isNil;
    rep.origin = b.origin;
    rep.originText = b.originText;
    rep.data = b.data;
    rep.literalLength = b.fromLiteral ? b.literalLength : b.data.size();
    rep.streamOffset = b.dataOffset;
    return rep;
}

bool FetchStrategy::completes(const Reply &reply) const
{
    if (!reply.haveBody || reply.isNil)
        return false;
    return !reply.origin || *reply.origin + reply.literalLength >= m_job.rfc822Size;
}

void FetchStrategy::adaptAfterFetch()
{
    m_sizer->adjust(Clock::wholeSecondsBetween(m_sentMs, m_endedMs));
}

bool FetchStrategy::stopIfRepeated(const ChunkRecord &last)
{
    // The state of the loop: what was asked (without the tag) and how it was answered.
    const qsizetype sp = last.command.indexOf(' ');
    QByteArray key = last.command.mid(sp + 1);
    key += '\n';
    key += chunkStatusKey(last.status);
    key += '\n';
    key += QByteArray::number(last.literalLength);
    key += '\n';
    key += last.origin ? QByteArray::number(*last.origin) : QByteArray("-");
    key += '\n';
    key += last.serverText.toUtf8();
    const auto it = m_states.constFind(key);
    if (it != m_states.constEnd()) {
        m_stoppedByLimit = true;
        m_repeatedRequest = it.value();
        done();
        return true;
    }
    m_states.insert(key, last.index);
    return stopAtCap();
}

bool FetchStrategy::stopAtCap()
{
    // The end of the last reply, already read: 4.5 reads the clock twice a fetch, no more.
    const bool outOfTime = m_firstSentMs >= 0 && m_endedMs - m_firstSentMs > kMaxMessageMs;
    if (m_chunks.size() < kMaxRequestsPerMessage && !outOfTime)
        return false;
    m_stoppedByLimit = true;
    m_stoppedByTime = outOfTime;
    done();
    return true;
}

// The request waiting for its reply, and what has come back for it so far.
struct FetchStrategy::InFlight
{
    std::optional<qint64> start;
    std::optional<qint64> length;
    // Literals shown as they arrive in FETCH replies (normally one per chunk).
    QList<Reply> replies;
    bool fetchSeen = false; // a FETCH response arrived at all
    // Messenger 4.x's reading (MESSENGER45.md §4): what made it abort, if anything.
    std::optional<Messenger45Reading::SyntaxError> syntax;
    std::optional<Messenger45Reading::NulMiscount> nul;
};

void FetchStrategy::issue(const imap::Command &command, std::optional<qint64> start,
                          std::optional<qint64> length)
{
    if (m_cancelled)
        return;
    m_sentMs = m_clock->nowMs();
    if (m_firstSentMs < 0)
        m_firstSentMs = m_sentMs;
    imap::PendingCommand *cmd = m_session->execute(command);
    cmd->setCollect(false);
    m_pending = cmd;
    auto seen = std::make_shared<InFlight>();
    seen->start = start;
    seen->length = length;
    m_inflight = seen;
    QPointer<imap::PendingCommand> pending = cmd;
    // 4.x writes `xxxx logout` the moment its parser fails, with the rest of the reply unread.
    auto abortLater = [this, pending] {
        QMetaObject::invokeMethod(
            this,
            [this, pending] {
                if (!m_cancelled && pending &&
                    pending->outcome() == imap::PendingCommand::Outcome::Pending && m_session)
                    m_session->clientParseError(
                        QStringLiteral("Messenger 4.x could not read the reply"));
            },
            Qt::QueuedConnection);
    };
    connect(cmd, &imap::PendingCommand::untagged, this,
            [this, seen, abortLater](const imap::Response &r) {
                if (seen->syntax || seen->nul)
                    return;                                     // 4.x stopped reading at the error
                int readable = std::numeric_limits<int>::max(); // items 4.x read before an error
                if (m_job.messenger45Reading) {
                    if (const auto se = Messenger45Reading::syntaxError(r)) {
                        seen->syntax = se;
                        readable = se->itemIndex;
                        abortLater();
                    }
                }
                const auto *f = r.as<imap::FetchResponse>();
                if (!f)
                    return;
                seen->fetchSeen = true;
                if (f->rfc822Size && *f->rfc822Size == 0)
                    m_sawSizeZero = true;
                if (const imap::BodyItem *b = chunkBody(*f); b && b->itemIndex < readable) {
                    if (m_job.messenger45Reading && b->fromLiteral && !seen->syntax &&
                        b->data.size() == b->literalLength) {
                        seen->nul = Messenger45Reading::nulMiscount(b->data, b->literalLength);
                        if (seen->nul)
                            abortLater();
                    }
                    Reply rep = replyOf(*b);
                    rep.rfc822Size = f->rfc822Size;
                    rep.cStrings = seen->nul.has_value();
                    seen->replies.append(rep);
                }
            });
    connect(cmd, &imap::PendingCommand::finished, this,
            [this, cmd, seen] { record(cmd, *seen, false); });
}

void FetchStrategy::record(imap::PendingCommand *cmd, const InFlight &seen, bool cancelled)
{
    const std::optional<qint64> start = seen.start;
    const std::optional<qint64> length = seen.length;
    using Outcome = imap::PendingCommand::Outcome;
    m_endedMs = m_clock->nowMs();
    ChunkRecord rec;
    rec.index = int(m_chunks.size()) + 1;
    rec.connection = m_job.connection;
    rec.command = cmd->tag() + ' ' + cmd->text();
    rec.requestedStart = start;
    rec.requestedLength = length;
    // A cancelled request has no end of its own: it ended when the user cancelled.
    const qint64 finishedAt = cancelled ? m_session->elapsed() : cmd->finishedAt();
    rec.elapsedMs = cmd->sentAt() < 0 ? 0 : std::max<qint64>(0, finishedAt - cmd->sentAt());

    // What arrived despite an error: the literal before a parse error, or the part of a
    // literal that came before a disconnect.
    Reply extra;
    std::optional<qint64> literalEnd;
    if (const auto &pe = cmd->parseError(); pe && pe->partialFetch) {
        if (const imap::BodyItem *b = chunkBody(*pe->partialFetch)) {
            extra = replyOf(*b);
            extra.rfc822Size = pe->partialFetch->rfc822Size;
            if (pe->afterLiteral && b->fromLiteral)
                literalEnd = b->dataOffset + b->data.size();
            rec.literalStreamOffset = b->dataOffset;
        }
    }
    if (const auto &inc = cmd->incomplete(); inc && !inc->literals.isEmpty()) {
        // The reply stopped (close, timeout, cancel): its body literal as far as it arrived,
        // with the origin and the announced length read by the parser.
        const auto partial = imap::ResponseParser::parsePartial(*inc);
        if (const imap::BodyItem *b = partial ? chunkBody(*partial) : nullptr;
            b && b->fromLiteral) {
            extra = replyOf(*b);
            rec.literalStreamOffset = b->dataOffset;
        }
    }
    Reply last;
    bool complete = false;
    for (const Reply &r : std::as_const(seen.replies)) {
        display(r);
        complete = complete || completes(r);
        last = r;
    }
    extra.cStrings = seen.nul.has_value();
    if (extra.haveBody) {
        display(extra);
        last = extra;
    }
    // A literal 4.x miscounted (a NUL) never ended for it: nothing it read completed.
    m_lastComplete = complete && !seen.nul;
    rec.origin = last.haveBody ? last.origin : std::nullopt;
    rec.literalLength = last.haveBody && !last.isNil ? last.literalLength : -1;
    rec.received = last.haveBody ? last.data.size() : 0;
    if (rec.literalStreamOffset < 0 && last.haveBody)
        rec.literalStreamOffset = last.streamOffset;

    const Outcome outcome = cancelled ? Outcome::Aborted : cmd->outcome();
    if (outcome == Outcome::ParseError && literalEnd) {
        const OverrunAnalyser::Result o = OverrunAnalyser::analyse(cmd->drained());
        rec.unframedExtra = o.extra;
        rec.unframedExtraExact =
            o.resumed && cmd->drainEnd() == imap::PendingCommand::DrainEnd::TaggedCompletion;
        rec.extraBytes = cmd->drained().left(std::min<qint64>(o.extra, ChunkRecord::kMaxKeptExtra));
        rec.received += o.extra;
        m_session->transcript()->mark(*literalEnd, o.extra, net::Transcript::MarkKind::Overrun);
    }

    const bool misread = seen.syntax || seen.nul;
    if (misread && !cancelled && m_session && m_session->isUsable())
        m_session->emergencyLogout(); // the reply completed before the queued abort ran

    ChunkClassifier::Reply facts;
    facts.end = outcome == Outcome::Ok           ? ChunkClassifier::End::Completed
                : outcome == Outcome::ParseError ? ChunkClassifier::End::ParseError
                                                 : ChunkClassifier::End::Failed;
    facts.misread = misread;
    facts.unframedExtra = rec.unframedExtra;
    facts.haveBody = last.haveBody;
    facts.isNil = last.isNil;
    facts.origin = last.origin;
    facts.literalLength = last.literalLength;
    rec.status = ChunkClassifier::classify({start, length, m_job.rfc822Size}, facts);
    if (cancelled) { // (classified error above: an aborted reply did not complete)
        rec.errorKind = ErrorKind::Cancelled;
        rec.detail = QStringLiteral("cancelled by the user before the reply completed; msim "
                                    "closed the connection");
    } else if (seen.syntax) {
        rec.errorKind = ErrorKind::Parse;
        rec.detail = seen.syntax->itemIndex < 0
                         ? QStringLiteral("Messenger 4.x takes a bare untagged * %1 line "
                                          "for a syntax error")
                               .arg(net::printable::octets(seen.syntax->item))
                         : QStringLiteral("Messenger 4.x does not know the FETCH item %1 "
                                          "and takes it for a syntax error")
                               .arg(net::Transcript::escape(seen.syntax->item));
    } else if (seen.nul) {
        rec.errorKind = ErrorKind::Parse;
        rec.detail =
            QStringLiteral("the literal holds a NUL octet at offset %1; Messenger 4.x counts "
                           "literal lines with C string length, so it counted %2 octets too "
                           "few and read past the literal into the protocol, and it showed "
                           "each line of the literal only up to its first NUL")
                .arg(seen.nul->firstNul)
                .arg(seen.nul->owed);
    } else if (outcome != Outcome::Ok) {
        rec.detail = cmd->errorString();
        switch (outcome) {
        case Outcome::No:
        case Outcome::Bad:
            rec.errorKind = outcome == Outcome::No ? ErrorKind::No : ErrorKind::Bad;
            rec.serverText = m_session->sanitisedServerText(
                imap::textWithCode(cmd->tagged().code, cmd->tagged().text));
            rec.detail = QStringLiteral("%1 %2").arg(
                QString::fromLatin1(imap::statusName(cmd->tagged().status)), rec.serverText);
            break;
        case Outcome::Timeout:
            rec.errorKind = ErrorKind::Timeout;
            break;
        case Outcome::ParseError:
        case Outcome::Limit:
            rec.errorKind = ErrorKind::Parse;
            break;
        default:
            rec.errorKind = errorKindOfClose();
            if (rec.errorKind == ErrorKind::Bye)
                rec.serverText = m_session->byeText();
            break;
        }
    }
    m_broken = misread || outcome == Outcome::ParseError || outcome == Outcome::Disconnected ||
               outcome == Outcome::Timeout || outcome == Outcome::Limit ||
               outcome == Outcome::Aborted;
    m_chunks.append(rec);
    Q_EMIT progress(m_displayed.size(), int(m_chunks.size()));
    if (m_cancelled) {
        done();
        return;
    }
    chunkDone(m_chunks.last(), last);
}

ErrorKind FetchStrategy::errorKindOfClose() const
{
    using CE = net::Connection::Error;
    switch (m_session->connectionError()) {
    case CE::TlsUntrustedIssuer:
    case CE::TlsHostNameMismatch:
    case CE::TlsExpired:
    case CE::TlsNotYetValid:
    case CE::TlsHandshakeFailed:
    case CE::TlsConfiguration:
        return ErrorKind::Tls;
    case CE::Network:
        return ErrorKind::Reset;
    default:
        break;
    }
    return m_session->byeReceived() ? ErrorKind::Bye : ErrorKind::Closed;
}

// ---------------------------------------------------------------- Messenger45Chunked

void Messenger45Chunked::start()
{
    m_xsender = m_session->hasCapability("XSENDER");
    next();
}

void Messenger45Chunked::next()
{
    const qint64 length = std::min(m_sizer->size(), m_job.rfc822Size - m_start);
    if (length <= 0) {
        // start has reached the size and the last chunk has not arrived: 4.5 asks without a
        // range (MESSENGER45.md §2), never `<n.0>`.
        issue(imap::CommandBuilder::uidFetchWhole(m_job.uid, m_xsender), std::nullopt,
              std::nullopt);
        return;
    }
    issue(imap::CommandBuilder::uidFetchChunk(m_job.uid, m_start, length, m_xsender), m_start,
          length);
}

void Messenger45Chunked::chunkDone(const ChunkRecord &last, const Reply &)
{
    adaptAfterFetch(); // after every body fetch, the aborted one included
    if (m_broken) {
        done(); // the download is aborted; what arrived stays displayed
        return;
    }
    if (m_lastComplete) {
        done();
        return;
    }
    if (stopIfRepeated(last))
        return;
    if (last.requestedLength)
        m_start += *last.requestedLength; // the requested length, never what came back
    next();
}

// ---------------------------------------------------------------- WholeFetch

void WholeFetch::start()
{
    if (!m_session->hasCapability("IMAP4REV1"))
        issue(imap::CommandBuilder::uidFetchRfc822(m_job.uid, m_session->hasCapability("XSENDER")),
              std::nullopt, std::nullopt);
    else
        issue(imap::CommandBuilder::uidFetchWhole(m_job.uid, m_session->hasCapability("XSENDER")),
              std::nullopt, std::nullopt);
}

void WholeFetch::chunkDone(const ChunkRecord &, const Reply &)
{
    if (m_job.adaptAfterWholeFetch)
        adaptAfterFetch(); // a fast whole fetch raises the threshold for the next message
    done();
}

// ---------------------------------------------------------------- ThunderbirdChunked

void ThunderbirdChunked::next()
{
    if (stopAtCap())
        return;
    // A size adapted after a chunk shows one request later.
    if (m_nextLength < 0)
        m_nextLength = m_sizer->size();
    m_lastLength = m_nextLength;
    m_nextLength = m_sizer->size();
    issue(imap::CommandBuilder::uidFetchChunk(m_job.uid, m_start, m_lastLength, false), m_start,
          m_lastLength);
}

void ThunderbirdChunked::chunkDone(const ChunkRecord &last, const Reply &reply)
{
    m_lastComplete = false; // Thunderbird's own end rule, judged against RFC822.SIZE
    if (last.status == ChunkStatus::Error || last.status == ChunkStatus::OverrunUnframed ||
        m_broken) {
        done();
        return;
    }
    if (!reply.haveBody || reply.isNil || !reply.origin || reply.literalLength != m_lastLength) {
        if (m_displayed.size() < m_job.rfc822Size)
            m_clientReportsTruncation = true; // since 2026: reported, not silently kept
        done();
        return;
    }
    // A full chunk: Thunderbird measures elapsed time, not second-counter readings.
    m_sizer->adjust((m_endedMs - m_sentMs) / 1000);
    m_start += m_lastLength;
    next();
}

} // namespace msim::fetch
