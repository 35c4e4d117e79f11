// SPDX-License-Identifier: MIT
#include "diagnose/ProbeBattery.h"

#include "diagnose/Logging.h"
#include "diagnose/ProbeJudge.h"
#include "diagnose/ProbeStrategy.h"
#include "fetch/OpenSessionJob.h"
#include "imap/ImapSession.h"

#include <QTimer>

#include <algorithm>

namespace msim::diagnose {

namespace {

using namespace Qt::StringLiterals;

constexpr qint64 kKbChunk = 6144;    // KB Q194998's chunk size
constexpr qint64 kSmallRange = 1024; // first, middle and last

ProbeSpec spec(const QString &name, quint32 uid, std::optional<qint64> start,
               std::optional<qint64> length, const imap::Command &command)
{
    return ProbeSpec{name, uid, start, length, command.text};
}

ProbeSpec peek(const QString &name, quint32 uid, qint64 start, qint64 length)
{
    return spec(name, uid, start, length,
                imap::CommandBuilder::uidFetchPeekPartial(uid, start, length));
}

ProbeSpec referenceSpec(quint32 uid)
{
    return spec(u"reference"_s, uid, std::nullopt, std::nullopt,
                imap::CommandBuilder::uidFetchPeek(QByteArray::number(uid)));
}

double median(QList<double> v)
{
    if (v.isEmpty())
        return 0;
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

} // namespace

ProbeBattery::ProbeBattery(BatteryRequest request, QObject *parent)
    : QObject(parent)
    , m_request(std::move(request))
{
    // msim's own connections: none of an emulated client's memory or prefs.
    m_request.session.capabilityCache = nullptr;
    m_request.session.authLogin = true;
}

ProbeBattery::~ProbeBattery()
{
    if (m_session)
        m_session->abort();
}

QList<ProbeSpec> ProbeBattery::plan(quint32 uid, qint64 rfc822Size, qint64 held)
{
    QList<ProbeSpec> out;
    // Messenger 4.5's own commands under KB Q194998's conditions: 6144-octet chunks up to the
    // size the server reported, as 4.5 computes them (MESSENGER45.md §2).
    qint64 start = 0;
    for (int k = 1; k <= kMaxChunkProbes && start < rfc822Size; ++k) {
        const qint64 length = std::min(kKbChunk, rfc822Size - start);
        out << spec(u"messenger45-chunk-%1"_s.arg(k), uid, start, length,
                    imap::CommandBuilder::uidFetchChunk(uid, start, length, false));
        start += length;
    }
    const qint64 end = held >= 0 ? held : rfc822Size;
    if (end <= 0)
        return out;
    out << peek(u"first"_s, uid, 0, std::min(kSmallRange, end));
    if (end > 3 * kSmallRange)
        out << peek(u"middle"_s, uid, end / 2, kSmallRange);
    // A range that runs past the end, as a client's last chunk does: a short answer is legal.
    const qint64 lastStart = std::max<qint64>(0, end - kSmallRange);
    out << peek(u"last"_s, uid, lastStart, 2 * kSmallRange);
    // A range starting exactly at the end, what a client sends after an over-reported
    // RFC822.SIZE: RFC 3501 §6.4.5 answers an empty string.
    out << peek(u"at-end"_s, uid, end, kKbChunk);
    return out;
}

ProbeSpec ProbeBattery::pastOneMiB(quint32 uid, qint64 held)
{
    return peek(u"past-1mib"_s, uid, kOneMiB,
                std::min(kKbChunk, std::max<qint64>(1, held - kOneMiB)));
}

QPair<quint32, quint32> ProbeBattery::choose(const QList<QPair<quint32, qint64>> &sizes)
{
    quint32 main = 0;
    quint32 big = 0;
    qint64 mainSize = -1;
    qint64 bigSize = -1;
    for (const auto &[uid, size] : sizes) {
        if (size > kMaxChosenSize)
            continue;
        if (size >= kMinProbeSize && (mainSize < 0 || size < mainSize)) {
            main = uid;
            mainSize = size;
        }
        if (size > kOneMiB && (bigSize < 0 || size < bigSize)) {
            big = uid;
            bigSize = size;
        }
    }
    return {main, big == main ? 0 : big};
}

void ProbeBattery::judge(ProbeResult &r, const std::optional<QByteArray> &reference,
                         qint64 rfc822Size)
{
    ProbeJudge::judge(r, reference, rfc822Size);
}

ProbedMessage *ProbeBattery::message(quint32 uid)
{
    for (ProbedMessage &m : m_messages) {
        if (m.uid == uid)
            return &m;
    }
    return nullptr;
}

void ProbeBattery::start()
{
    m_running = true;
    m_elapsed.start();
    QTimer::singleShot(kMaxBatteryMs, this, [this] {
        if (m_finished)
            return;
        m_warnings << u"The probes on %1 took longer than %2 minutes; the rest were not sent."_s
                          .arg(net::securityName(transport()))
                          .arg(kMaxBatteryMs / 60000);
        stopProbing();
    });
    openSession(&ProbeBattery::listSizes);
}

void ProbeBattery::cancel()
{
    if (m_finished || m_cancelled)
        return;
    m_cancelled = true;
    m_error = Error::Cancelled;
    m_errorString = u"The diagnosis was cancelled."_s;
    stopProbing();
}

void ProbeBattery::stopProbing()
{
    for (const ProbeSpec &s : std::as_const(m_queue))
        skip(s, u"not sent: the probes were stopped"_s);
    m_queue.clear();
    m_noopsDone = true;
    if (m_open) {
        m_open->disconnect(this);
        m_open = nullptr;
    }
    if (m_probe) {
        m_probe->disconnect(this);
        m_probe->cancel();
        m_probe->deleteLater();
        m_probe = nullptr;
    }
    if (m_session)
        m_session->abort();
    if (!m_listed) {
        finish();
        return;
    }
    restoreSeen();
}

void ProbeBattery::openSession(void (ProbeBattery::*then)())
{
    if (++m_connections > kMaxConnections) {
        openFailed(u"msim had already opened %1 connections to it"_s.arg(kMaxConnections));
        return;
    }
    if (m_session) {
        m_session->abort();
        m_session->deleteLater();
    }
    auto *s = new imap::ImapSession(m_request.session, this);
    const net::Endpoint &ep = m_request.session.endpoint;
    s->transcript()->setLabel(u"connection %1: diagnose probes to %2:%3 (%4)"_s.arg(m_connections)
                                  .arg(ep.host)
                                  .arg(ep.port)
                                  .arg(net::securityName(ep.security)));
    m_transcripts << s->transcript();
    m_session = s;
    auto *job = new fetch::OpenSessionJob(s, m_request.mailbox, this);
    m_open = job;
    connect(job, &fetch::OpenSessionJob::finished, this, [this, s, job, then] {
        job->deleteLater();
        m_open = nullptr;
        if (m_connections == 1 || m_server.greeting.isEmpty()) {
            m_server.greeting = s->greeting();
            m_server.capabilities = s->capabilities();
            m_server.tls = s->tlsInfo();
            if (!s->rejectedCertificate().isNull()) {
                m_server.rejectedCertificate = s->rejectedCertificate();
                m_server.rejectionReasons = s->rejectionReasons();
            }
        }
        if (job->error() != fetch::OpenSessionJob::Error::None) {
            openFailed(job->errorString());
            return;
        }
        (this->*then)();
    });
    job->start();
}

void ProbeBattery::openFailed(const QString &why)
{
    if (!m_listed) {
        fail(Error::Connection, why);
        return;
    }
    // A later connection: the probes left cannot be sent; what was seen stands.
    for (const ProbeSpec &s : std::as_const(m_queue))
        skip(s, u"not sent: msim could not connect again (%1)"_s.arg(why));
    m_queue.clear();
    if (!m_noopsDone) {
        m_noopsDone = true;
        m_warnings << u"msim could not connect to %1 again to finish the probes: %2"_s.arg(
            net::securityName(transport()), why);
    }
    if (m_restoring) {
        m_warnings << u"\\Seen could not be restored: msim could not connect again (%1)."_s.arg(
            why);
        finish();
        return;
    }
    restoreSeen();
}

void ProbeBattery::listSizes()
{
    const QByteArray set = m_request.uid ? QByteArray::number(*m_request.uid) : "1:*"_ba;
    imap::PendingCommand *cmd = m_session->execute(imap::CommandBuilder::uidFetchSizes(set));
    connect(cmd, &imap::PendingCommand::finished, this, [this, cmd] {
        QList<QPair<quint32, qint64>> sizes;
        QHash<quint32, bool> seen;
        for (const imap::Response &r : cmd->responses()) {
            const auto *f = r.as<imap::FetchResponse>();
            if (!f || !f->uid || !f->rfc822Size || sizes.size() >= kMaxListed)
                continue;
            sizes.append({*f->uid, *f->rfc822Size});
            seen.insert(*f->uid, f->flags && f->flags->contains("\\Seen"_ba));
        }
        m_listed = true;
        const QString mailbox = QString::fromUtf8(m_request.mailbox);
        quint32 main = 0;
        quint32 big = 0;
        if (m_request.uid) {
            main = sizes.isEmpty() ? 0 : sizes.first().first;
            if (!main) {
                fail(Error::NoMessage, u"UID %1 is not in %2."_s.arg(*m_request.uid).arg(mailbox));
                return;
            }
            if (sizes.first().second < kMinProbeSize)
                m_notes << u"UID %1 has %2 octets: Messenger 4.5 fetches a message that small "
                           "whole; the partial probes still run."_s.arg(main)
                               .arg(sizes.first().second);
        } else {
            std::tie(main, big) = choose(sizes);
            if (!main) {
                fail(Error::NoMessage,
                     sizes.isEmpty()
                         ? u"%1 holds no message to probe."_s.arg(mailbox)
                         : u"No message in %1 is between %2 octets (two of KB Q194998's 6144-octet "
                           "chunks and one more) and %3 MiB; name one with --uid."_s.arg(mailbox)
                               .arg(kMinProbeSize)
                               .arg(kMaxChosenSize / kOneMiB));
                return;
            }
        }
        for (const auto &[uid, size] : std::as_const(sizes)) {
            if (uid == main || uid == big)
                m_messages.append({uid, size, seen.value(uid, true), std::nullopt});
        }
        // The probed message first.
        std::stable_sort(
            m_messages.begin(), m_messages.end(),
            [main](const ProbedMessage &a, const ProbedMessage &) { return a.uid == main; });
        m_queue << referenceSpec(main);
        nextProbe();
    });
}

void ProbeBattery::nextProbe()
{
    if (m_finished || m_cancelled)
        return;
    if (m_queue.isEmpty()) {
        runNoops();
        return;
    }
    if (!m_session || !m_session->isUsable()) {
        openSession(&ProbeBattery::nextProbe);
        return;
    }
    const ProbeSpec s = m_queue.takeFirst();
    const ProbedMessage *msg = message(s.uid);
    auto *p = new ProbeStrategy(m_session, s, msg ? msg->rfc822Size : 0, this);
    m_probe = p;
    m_current = s;
    connect(p, &fetch::FetchStrategy::finished, this, &ProbeBattery::fetchProbeDone);
    qCDebug(lcDiagnose) << "probe" << s.name << "on" << net::securityName(transport());
    p->start();
}

void ProbeBattery::fetchProbeDone()
{
    ProbeStrategy *p = m_probe;
    if (!p)
        return;
    m_probe = nullptr;
    p->deleteLater();
    ProbeResult r;
    r.spec = m_current;
    r.transport = transport();
    if (p->answered()) {
        r.record = p->chunks().first();
        r.command = r.record.command;
        r.octets = p->octets();
        r.originText = p->originText();
        r.rfc822Size = p->replySize();
        r.latencyMs = double(r.record.elapsedMs);
    }
    r.connectionKept = m_session && m_session->isUsable();
    ProbedMessage *msg = message(r.spec.uid);
    if (r.spec.name == "reference"_L1 && msg) {
        msg->reference = ProbeJudge::referenceOf(r);
        if (!msg->reference)
            m_notes << u"UID %1 on %2: no reference copy (%3); the probes' octets are not "
                       "compared."_s.arg(msg->uid)
                           .arg(net::securityName(transport()), ProbeJudge::describe(r));
        const qint64 held = msg->reference ? msg->reference->size() : -1;
        if (msg->uid == m_messages.first().uid) {
            for (const ProbeSpec &p : plan(msg->uid, msg->rfc822Size, held)) {
                if (m_request.only.isEmpty() || m_request.only.contains(p.name))
                    m_queue << p;
            }
            if (m_messages.size() > 1)
                m_queue << referenceSpec(m_messages[1].uid);
        } else {
            const ProbeSpec p = pastOneMiB(msg->uid, held >= 0 ? held : msg->rfc822Size);
            if (m_request.only.isEmpty() || m_request.only.contains(p.name))
                m_queue.prepend(p);
        }
    }
    judge(r, msg ? msg->reference : std::nullopt, msg ? msg->rfc822Size : -1);
    m_results << r;
    Q_EMIT probeFinished(int(m_results.size()) - 1);
    QMetaObject::invokeMethod(this, &ProbeBattery::nextProbe, Qt::QueuedConnection);
}

void ProbeBattery::skip(const ProbeSpec &s, const QString &why)
{
    ProbeResult r;
    r.spec = s;
    r.transport = transport();
    r.verdict = ProbeVerdict::Skipped;
    r.evidence = why;
    m_results << r;
    Q_EMIT probeFinished(int(m_results.size()) - 1);
}

void ProbeBattery::runNoops()
{
    if (m_noopsDone || m_request.noops <= 0) {
        m_noopsDone = true;
        restoreSeen();
        return;
    }
    if (!m_session || !m_session->isUsable()) {
        openSession(&ProbeBattery::runNoops);
        return;
    }
    m_noopsDone = true;
    auto times = std::make_shared<QList<double>>();
    auto refused = std::make_shared<QString>();
    auto clock = std::make_shared<QElapsedTimer>();
    for (int i = 0; i < m_request.noops; ++i) {
        imap::PendingCommand *cmd = m_session->execute(imap::CommandBuilder::noop());
        const bool last = i == m_request.noops - 1;
        if (i == 0)
            clock->start();
        connect(cmd, &imap::PendingCommand::finished, this,
                [this, cmd, times, refused, clock, last] {
                    // One at a time on the wire: each ends where the next one's trip begins.
                    times->append(double(clock->nsecsElapsed()) / 1e6);
                    clock->restart();
                    if (!cmd->isOk() && refused->isEmpty())
                        *refused = cmd->errorString();
                    if (m_cmdTag.isEmpty())
                        m_cmdTag = cmd->tag();
                    if (last)
                        noopsDone(*times, *refused);
                });
    }
}

void ProbeBattery::noopsDone(const QList<double> &times, const QString &refused)
{
    ProbeResult n;
    n.spec = ProbeSpec{u"noop"_s, 0, std::nullopt, std::nullopt, "noop"};
    n.transport = transport();
    n.command = m_cmdTag + " noop";
    n.latencyMs = median(times);
    const double slowest = times.isEmpty() ? 0 : *std::max_element(times.begin(), times.end());
    n.verdict = refused.isEmpty() && times.size() == m_request.noops ? ProbeVerdict::Pass
                                                                     : ProbeVerdict::Fail;
    n.evidence = refused.isEmpty()
                     ? u"%1 NOOP round trips: median %2 ms, slowest %3 ms."_s.arg(times.size())
                           .arg(n.latencyMs, 0, 'f', 2)
                           .arg(slowest, 0, 'f', 2)
                     : u"NOOP was not answered OK: %1"_s.arg(refused);
    if (!refused.isEmpty())
        n.observations << QString::fromLatin1(observation::kRefused);
    m_results << n;
    Q_EMIT probeFinished(int(m_results.size()) - 1);

    ProbeResult l = ProbeJudge::latency(m_results, n.latencyMs);
    l.transport = transport();
    m_results << l;
    Q_EMIT probeFinished(int(m_results.size()) - 1);
    restoreSeen();
}

void ProbeBattery::restoreSeen()
{
    if (m_finished)
        return;
    QList<quint32> uids;
    if (!m_request.keepSeen) {
        for (const ProbedMessage &m : std::as_const(m_messages)) {
            const bool chunked =
                std::any_of(m_results.begin(), m_results.end(), [&m](const auto &r) {
                    return r.spec.uid == m.uid && !r.command.isEmpty() &&
                           r.spec.name.startsWith("messenger45-chunk-"_L1);
                });
            if (!m.wasSeen && chunked)
                uids << m.uid;
        }
    }
    if (uids.isEmpty() || m_seenRestoreSent) {
        if (m_session && m_session->isUsable())
            m_session->logout();
        finish();
        return;
    }
    m_restoring = true;
    if (!m_session || !m_session->isUsable()) {
        openSession(&ProbeBattery::restoreSeen);
        return;
    }
    m_seenRestoreSent = true;
    const QByteArray set = imap::CommandBuilder::uidSet(uids);
    imap::PendingCommand *cmd =
        m_session->execute(imap::CommandBuilder::uidStoreFlags(set, false, "\\Seen"));
    connect(cmd, &imap::PendingCommand::finished, this, [this, cmd, set] {
        if (cmd->isOk())
            m_notes << u"Messenger 4.5's chunk probes set \\Seen on UID %1 over %2; msim marked "
                       "it unread again."_s.arg(QString::fromLatin1(set),
                                                net::securityName(transport()));
        else
            m_warnings << u"UID %1 was left marked read: the server refused to restore \\Seen "
                          "(%2)."_s.arg(QString::fromLatin1(set), cmd->errorString());
        restoreSeen();
    });
}

void ProbeBattery::fail(Error error, const QString &why)
{
    m_error = error;
    m_errorString = why;
    finish();
}

void ProbeBattery::finish()
{
    if (m_finished)
        return;
    m_finished = true;
    m_running = false;
    Q_EMIT finished();
}

} // namespace msim::diagnose
