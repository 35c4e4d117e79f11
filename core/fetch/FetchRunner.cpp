// SPDX-License-Identifier: MIT
#include "fetch/FetchRunner.h"

#include "fetch/Findings.h"
#include "fetch/HeaderDownloadJob.h"
#include "fetch/Logging.h"
#include "fetch/OpenSessionJob.h"
#include "fetch/ReferenceCopyJob.h"
#include "fetch/SeenRestoreJob.h"

namespace msim::fetch {

FetchRunner::FetchRunner(FetchRequest request, QObject *parent)
    : QObject(parent)
    , m_request(std::move(request))
    , m_clock(&m_wall)
{}

FetchRunner::~FetchRunner() = default;

void FetchRunner::start()
{
    m_running = true;
    m_elapsed.start();
    const auto &ep = m_request.session.endpoint;
    m_outcome.server.host = ep.host;
    m_outcome.server.port = ep.port;
    m_outcome.server.security = ep.security;
    m_outcome.server.tlsLegacy = m_request.session.tls.legacy;
    m_outcome.client = m_request.client.clientName();
    m_outcome.preset = m_request.client.presetName;
    m_outcome.prefs = m_request.client.prefs.effective();
    if (m_request.session.tls.legacy && ep.security != net::Security::None)
        m_outcome.warnings << QStringLiteral(
            "--tls-legacy is on: TLS 1.0/1.1 and weak ciphers were allowed for this server.");
    for (quint32 uid : std::as_const(m_request.uids)) {
        MessageOutcome m;
        m.uid = uid;
        m_outcome.messages.append(m);
    }
    // One emulated client is one 4.5 program run: it learns each host:port's capabilities
    // once (DESIGN.md §3); a caller that runs several fetches as one client passes its cache.
    if (!m_request.session.capabilityCache)
        m_request.session.capabilityCache = std::make_shared<imap::CapabilityCache>();
    m_request.session.authLogin = m_request.client.authLogin();
    openSession(QStringLiteral("%1 emulation").arg(m_outcome.client), true,
                &FetchRunner::headerDownload, &FetchRunner::openFailed);
}

void FetchRunner::cancel()
{
    if (!m_running || m_cancelled)
        return;
    m_cancelled = true;
    m_outcome.cancelled = true;
    m_error = Error::Cancelled;
    m_outcome.error = QStringLiteral("cancelled by the user");
    if (FetchStrategy *s = m_strategy) {
        // Cut short: the request in flight becomes a row with what had arrived for it.
        MessageOutcome &m = m_outcome.messages[m_current];
        const bool cutShort = !s->isFinished();
        s->disconnect(this);
        s->cancel();
        collect(m, *s);
        if (cutShort) {
            m.cancelled = true;
            m.sessionEnd = MessageEnd::Cancelled;
        }
        s->deleteLater();
        m_strategy = nullptr;
        Q_EMIT messageDone(m_current);
    }
    for (MessageOutcome &m : m_outcome.messages)
        if (m.exists && m.chunks.isEmpty() && m.error.isEmpty())
            m.cancelled = true; // never begun
    detachSession();
    Q_EMIT errorOccurred(m_error);
    restoreAfterCancel();
}

void FetchRunner::detachSession()
{
    // The step running on it: none of its answers reach the runner again.
    for (QObject *job :
         {static_cast<QObject *>(m_openJob), static_cast<QObject *>(m_headerJob),
          static_cast<QObject *>(m_referenceJob), static_cast<QObject *>(m_restoreJob)})
        if (job)
            job->disconnect(this);
    imap::ImapSession *s = m_session;
    m_session = nullptr;
    if (!s)
        return;
    s->disconnect(this);
    s->abort();
}

bool FetchRunner::needsSeenRestore(const MessageOutcome &m) const
{
    // BODY[] and RFC822 set \Seen, as 4.5's did; put back what was there.
    return !m_request.keepSeen && m.exists && !m.chunks.isEmpty() &&
           !m.flagsBefore.contains("\\Seen");
}

namespace {

// Why a command did not succeed, in words for a warning: the server's answer (sanitised, its
// response code included) or what happened to the connection.
QString whyNot(const imap::PendingCommand &cmd)
{
    using Outcome = imap::PendingCommand::Outcome;
    if (cmd.outcome() == Outcome::No || cmd.outcome() == Outcome::Bad)
        return QStringLiteral("the server answered %1").arg(cmd.errorString()); // "NO [CODE] text"
    return cmd.errorString().isEmpty() ? QStringLiteral("no reason given") : cmd.errorString();
}

} // namespace

void FetchRunner::restoreAfterCancel()
{
    m_restore.clear();
    for (int i = 0; i < m_outcome.messages.size(); ++i) {
        const MessageOutcome &m = m_outcome.messages[i];
        if (needsSeenRestore(m) && !m.seenRestored && !m_restoreAnswered.contains(i))
            m_restore << i;
    }
    if (m_restore.isEmpty()) {
        finish();
        return;
    }
    m_restoringAfterCancel = true;
    m_reference.clear();
    openSession(QStringLiteral("msim \\Seen restore after the cancel"), false,
                &FetchRunner::startVerificationJobs, &FetchRunner::verificationConnectionFailed);
    if (m_running)
        Q_EMIT progress(QStringLiteral("cancelled; restoring \\Seen"), 0, 0, 0, 0);
}

void FetchRunner::openSession(const QString &purpose, bool emulated, void (FetchRunner::*then)(),
                              void (FetchRunner::*failed)(const QString &))
{
    if (m_cancelled && !m_restoringAfterCancel)
        return;
    ++m_connections;
    imap::SessionOptions options = m_request.session;
    if (!emulated) {
        // msim's own connection: not the emulated client, so none of its memory or prefs.
        options.capabilityCache = nullptr;
        options.authLogin = true;
    }
    auto *s = new imap::ImapSession(options, this);
    s->transcript()->setLabel(QStringLiteral("connection %1: %2 to %3:%4 (%5)")
                                  .arg(m_connections)
                                  .arg(purpose, m_request.session.endpoint.host)
                                  .arg(m_request.session.endpoint.port)
                                  .arg(net::securityName(m_request.session.endpoint.security)));
    m_outcome.transcripts.append(s->transcript());
    m_session = s;
    // 4.5 copies the prefs into each new connection, which then adapts its own size;
    // Thunderbird shares one adapted size among all connections (MESSENGER45.md §1).
    if (!m_sizer || m_request.client.kind != ClientKind::Thunderbird)
        m_sizer = std::make_unique<ChunkSizer>(m_request.client.sizerSettings());
    Q_EMIT progress(QStringLiteral("connecting"), 0, 0, 0, 0);
    qCDebug(lcFetch) << "runner" << this << "opens connection" << m_connections;
    auto *job = new OpenSessionJob(s, m_request.mailbox, this);
    m_openJob = job;
    connect(job, &OpenSessionJob::finished, this, [this, s, job, then, failed] {
        job->deleteLater();
        if (job->sessionOpened()) {
            if (m_connections == 1 || m_outcome.server.greeting.isEmpty()) {
                m_outcome.server.greeting = s->greeting();
                m_outcome.server.capabilities = s->capabilities();
                m_outcome.server.tls = s->tlsInfo();
            }
        } else {
            if (!s->rejectedCertificate().isNull()) {
                m_outcome.server.rejectedCertificate = s->rejectedCertificate();
                m_outcome.server.rejectionReasons = s->rejectionReasons();
            }
            // A refused login or a BYE greeting: the greeting is evidence too.
            if (m_outcome.server.greeting.isEmpty())
                m_outcome.server.greeting = s->greeting();
        }
        if (job->error() == OpenSessionJob::Error::None)
            (this->*then)();
        else
            (this->*failed)(job->errorString());
    });
    job->start();
}

void FetchRunner::fail(Error error, const QString &text)
{
    qCDebug(lcFetch) << "runner" << this << "failed:" << error;
    m_error = error;
    m_outcome.error = text;
    failRemaining(text);
    Q_EMIT errorOccurred(error);
    finish();
}

void FetchRunner::openFailed(const QString &text)
{
    fail(Error::Connection, text);
}

void FetchRunner::failRemaining(const QString &error)
{
    for (MessageOutcome &m : m_outcome.messages)
        if (m.chunks.isEmpty() && m.error.isEmpty())
            m.error = error;
}

void FetchRunner::headerDownload()
{
    const QByteArray set =
        m_request.all ? QByteArray("1:*") : imap::CommandBuilder::uidSet(m_request.uids);
    Q_EMIT progress(QStringLiteral("header download"), 0, 0, 0, 0);
    auto *job = new HeaderDownloadJob(m_session, set, this);
    m_headerJob = job;
    connect(job, &HeaderDownloadJob::finished, this, [this, job] {
        job->deleteLater();
        if (job->error() != HeaderDownloadJob::Error::None) {
            fail(Error::HeaderDownload, job->errorString());
            return;
        }
        headersKnown(*job);
    });
    job->start();
}

void FetchRunner::headersKnown(const HeaderDownloadJob &job)
{
    const auto outcomeOf = [](const MessageHeader &h) {
        MessageOutcome m;
        m.uid = h.uid;
        m.rfc822Size = h.rfc822Size;
        m.flagsBefore = h.flags;
        m.header = h.header;
        return m;
    };
    if (m_request.all) {
        QList<quint32> order = job.order();
        std::sort(order.begin(), order.end());
        for (quint32 uid : std::as_const(order))
            m_outcome.messages.append(outcomeOf(job.headers()[uid]));
        if (m_outcome.messages.isEmpty())
            m_outcome.warnings << QStringLiteral("The mailbox \"%1\" is empty.")
                                      .arg(QString::fromUtf8(m_request.mailbox));
    } else {
        for (MessageOutcome &m : m_outcome.messages) {
            if (job.headers().contains(m.uid)) {
                const MessageHeader &h = job.headers()[m.uid];
                m.rfc822Size = h.rfc822Size;
                m.flagsBefore = h.flags;
                m.header = h.header;
            } else {
                m.exists = false;
            }
        }
    }
    m_headersDone = true;
    m_current = -1;
    nextMessage();
}

void FetchRunner::nextMessage()
{
    if (m_cancelled)
        return;
    ++m_current;
    while (m_current < m_outcome.messages.size() && !m_outcome.messages[m_current].exists)
        ++m_current;
    if (m_current >= m_outcome.messages.size()) {
        finishEmulation();
        return;
    }
    if (!m_session || !m_session->isUsable()) {
        // After an emergency logout 4.5 opens a new connection for the next message.
        openSession(QStringLiteral("%1 emulation").arg(m_outcome.client), true,
                    &FetchRunner::startMessage, &FetchRunner::reopenFailed);
        return;
    }
    startMessage();
}

void FetchRunner::reopenFailed(const QString &text)
{
    failRemaining(QStringLiteral("a new connection failed: ") + text);
    finishEmulation();
}

void FetchRunner::startMessage()
{
    MessageOutcome &m = m_outcome.messages[m_current];
    MessageJob job;
    job.uid = m.uid;
    job.rfc822Size = m.rfc822Size;
    job.connection = m_connections;
    job.adaptAfterWholeFetch = m_request.client.kind == ClientKind::Messenger45;
    job.messenger45Reading = m_request.client.kind == ClientKind::Messenger45;
    const ClientSettings &c = m_request.client;
    const bool rev1 = m_session->hasCapability("IMAP4REV1");
    FetchStrategy *s = nullptr;
    // MESSENGER45.md §2: chunk iff the switch is on, the server is IMAP4rev1, and the size
    // from the header download is strictly greater than the connection's threshold.
    const bool chunk = rev1 && c.fetchByChunks() && m.rfc822Size > m_sizer->threshold();
    if (!chunk)
        s = new WholeFetch(m_session, m_sizer.get(), m_clock, job, this);
    else if (c.kind == ClientKind::Thunderbird)
        s = new ThunderbirdChunked(m_session, m_sizer.get(), m_clock, job, this);
    else
        s = new Messenger45Chunked(m_session, m_sizer.get(), m_clock, job, this);
    m.strategy = s->strategy();
    m_strategy = s;
    const quint32 uid = m.uid;
    const qint64 total = m.rfc822Size;
    connect(s, &FetchStrategy::progress, this, [this, uid, total](qint64 octets, int chunks) {
        Q_EMIT progress(QStringLiteral("fetching"), uid, octets, total, chunks);
    });
    // Continue from the event loop: the session finishes its own teardown first.
    connect(s, &FetchStrategy::finished, this, &FetchRunner::messageFinished, Qt::QueuedConnection);
    Q_EMIT progress(QStringLiteral("fetching"), uid, 0, total, 0);
    s->start();
}

void FetchRunner::messageFinished()
{
    FetchStrategy *s = m_strategy;
    if (!s)
        return;
    collect(m_outcome.messages[m_current], *s);
    s->deleteLater();
    m_strategy = nullptr;
    Q_EMIT messageDone(m_current);
    nextMessage();
}

void FetchRunner::collect(MessageOutcome &m, const FetchStrategy &s)
{
    m.chunks = s.chunks();
    m.pieces = s.pieces();
    m.displayed = s.displayed();
    m.clientReportsTruncation = s.clientReportsTruncation();
    m.stoppedByLimit = s.stoppedByLimit();
    m.stoppedByTime = s.stoppedByTime();
    m.repeatedRequest = s.repeatedRequest();
    m.completedByRule = s.completedByRule();
    m.sizeZeroSeen = m.sizeZeroSeen || s.sawSizeZero() || m.rfc822Size == 0;
    if (s.sessionBroken() && m_session) {
        const imap::SessionEnd end = m_session->end();
        m.sessionEnd = end == imap::SessionEnd::Disconnected ? MessageEnd::Disconnected
                                                             : MessageEnd::EmergencyLogout;
        m_session->disconnect(this);
        m_session = nullptr;
    } else {
        m.sessionEnd = MessageEnd::Continued;
    }
}

void FetchRunner::finishEmulation()
{
    if (m_cancelled)
        return;
    if (m_session && m_session->isUsable()) {
        imap::ImapSession *s = m_session;
        connect(s, &imap::ImapSession::closed, this, [this, s] {
            // The last message fetched on this connection ended with the normal logout.
            for (qsizetype i = m_outcome.messages.size() - 1; i >= 0; --i) {
                MessageOutcome &m = m_outcome.messages[i];
                if (m.sessionEnd == MessageEnd::Continued) {
                    m.sessionEnd = s->end() == imap::SessionEnd::Logout ? MessageEnd::Logout
                                                                        : MessageEnd::Disconnected;
                    break;
                }
                if (m.sessionEnd != MessageEnd::None)
                    break;
            }
            m_session = nullptr;
            QMetaObject::invokeMethod(this, &FetchRunner::verification, Qt::QueuedConnection);
        });
        s->logout();
        return;
    }
    verification();
}

void FetchRunner::verification()
{
    if (m_cancelled)
        return;
    m_reference.clear();
    m_restore.clear();
    for (int i = 0; i < m_outcome.messages.size(); ++i) {
        MessageOutcome &m = m_outcome.messages[i];
        if (!m.exists)
            continue;
        if (m_request.referenceEml) {
            m.reference = m_request.referenceEml;
            m.referenceSource = m_request.referenceEmlPath;
        } else if (m_request.verify) {
            m_reference << i;
        }
        if (needsSeenRestore(m))
            m_restore << i;
    }
    if (m_reference.isEmpty() && m_restore.isEmpty()) {
        analyse();
        return;
    }
    Q_EMIT progress(QStringLiteral("reference copy"), 0, 0, 0, 0);
    openSession(QStringLiteral("msim verification (reference copy, \\Seen restore)"), false,
                &FetchRunner::startVerificationJobs, &FetchRunner::verificationConnectionFailed);
}

void FetchRunner::verificationConnectionFailed(const QString &text)
{
    if (m_cancelled) {
        for (int i : std::as_const(m_restore))
            m_outcome.warnings << QStringLiteral(
                                      "Cancelled. \\Seen could not be restored on UID %1: the "
                                      "connection to restore it failed (%2); it may stay marked as "
                                      "read.")
                                      .arg(m_outcome.messages[i].uid)
                                      .arg(text);
        finish();
        return;
    }
    m_outcome.warnings << QStringLiteral("The verification connection failed (%1): no reference "
                                         "copy, and \\Seen was not restored.")
                              .arg(text);
    analyse();
}

void FetchRunner::startVerificationJobs()
{
    // Both jobs queue their commands in order: every reference copy, then every restore.
    const auto uidsOf = [this](const QList<int> &indexes) {
        QList<quint32> uids;
        for (int i : indexes)
            uids << m_outcome.messages[i].uid;
        return uids;
    };
    m_referenceJob = m_reference.isEmpty()
                         ? nullptr
                         : new ReferenceCopyJob(m_session, uidsOf(m_reference), this);
    m_restoreJob =
        m_restore.isEmpty() ? nullptr : new SeenRestoreJob(m_session, uidsOf(m_restore), this);
    if (ReferenceCopyJob *job = m_referenceJob) {
        connect(job, &PerMessageJob::answered, this, &FetchRunner::referenceAnswered);
        connect(job, &PerMessageJob::finished, this, &FetchRunner::verificationJobFinished);
    }
    if (SeenRestoreJob *job = m_restoreJob) {
        connect(job, &PerMessageJob::answered, this, &FetchRunner::seenRestoreAnswered);
        connect(job, &PerMessageJob::finished, this, &FetchRunner::verificationJobFinished);
    }
    // The restores are queued after the last reference copy, as before the jobs had a window.
    if (m_referenceJob && m_restoreJob)
        connect(m_referenceJob, &PerMessageJob::allQueued, m_restoreJob, &PerMessageJob::start,
                Qt::SingleShotConnection);
    else if (m_restoreJob)
        m_restoreJob->start();
    if (m_referenceJob)
        m_referenceJob->start();
}

void FetchRunner::referenceAnswered(int position, const imap::PendingCommand *cmd)
{
    MessageOutcome &m = m_outcome.messages[m_reference[position]];
    if (m_referenceJob->succeeded(position)) {
        m.reference = m_referenceJob->takeBody(position);
        // Most often the true message is what was displayed: keep those octets once.
        if (*m.reference == m.displayed)
            m.reference = m.displayed;
        m.referenceSource = QStringLiteral("server");
        return;
    }
    m_outcome.warnings << QStringLiteral("The reference copy of UID %1 could not be fetched (%2); "
                                         "its verdict is judged against RFC822.SIZE only.")
                              .arg(m.uid)
                              .arg(cmd->errorString().isEmpty()
                                       ? QStringLiteral("no BODY[] in the reply")
                                       : cmd->errorString());
}

void FetchRunner::seenRestoreAnswered(int position, const imap::PendingCommand *cmd)
{
    const int i = m_restore[position];
    MessageOutcome &m = m_outcome.messages[i];
    m_restoreAnswered.insert(i);
    if (cmd->isOk()) {
        m.seenRestored = true;
        m_outcome.notes << (m_cancelled ? QStringLiteral("Cancelled. UID %1 was unread before; "
                                                         "the BODY[] requests sent before the "
                                                         "cancel could have marked it read, so "
                                                         "msim marked it unread again.")
                                        : QStringLiteral("UID %1 was unread before; fetching it "
                                                         "with BODY[] marked it read (as "
                                                         "Messenger 4.5 did), so msim marked it "
                                                         "unread again."))
                               .arg(m.uid);
    } else if (m_cancelled) {
        m_outcome.warnings << QStringLiteral("Cancelled. \\Seen could not be restored on UID %1: "
                                             "%2; it may stay marked as read.")
                                  .arg(m.uid)
                                  .arg(whyNot(*cmd));
    } else {
        m_outcome.warnings << QStringLiteral("The server refused to mark UID %1 unread again "
                                             "(%2); it stays marked as read.")
                                  .arg(m.uid)
                                  .arg(cmd->errorString());
    }
}

void FetchRunner::verificationJobFinished()
{
    for (PerMessageJob *job :
         {static_cast<PerMessageJob *>(m_referenceJob), static_cast<PerMessageJob *>(m_restoreJob)})
        if (job && job->state() != PerMessageJob::State::Done)
            return;
    // After a cancel the run ends here; otherwise the analysis follows, from the event loop.
    const auto next = [this] {
        m_session = nullptr;
        if (m_cancelled)
            finish();
        else
            QMetaObject::invokeMethod(this, &FetchRunner::analyse, Qt::QueuedConnection);
    };
    imap::ImapSession *s = m_session;
    if (!s || !s->isUsable()) {
        if (m_cancelled)
            finish();
        else
            next();
        return;
    }
    connect(s, &imap::ImapSession::closed, this, next);
    s->logout();
}

void FetchRunner::analyse()
{
    if (m_cancelled)
        return;
    Findings::Context ctx;
    ctx.client = m_outcome.client;
    ctx.security = m_request.session.endpoint.security;
    QList<MessageEnd> ends;
    for (MessageOutcome &m : m_outcome.messages) {
        if (!m.exists) {
            m.comparison = Comparison::judge({}, std::nullopt, 0);
            m.findings = Findings::forMessage(m, ctx);
            continue;
        }
        m.comparison =
            Comparison::judge(m.displayed, m.reference, m.rfc822Size, m.pieces, m.completedByRule);
        if (Findings::honestlyEmpty(m)) {
            // A 0-octet message the server answered with `{0}`: shown whole (nothing to show).
            m.comparison = Comparison();
            m.comparison.againstReference = m.reference.has_value();
            m.comparison.verdict = Verdict::Complete;
        }
        m.mime = MimeDamage::assess(m.displayed, m.reference);
        if (m.reference) {
            for (ChunkRecord &c : m.chunks) {
                if (c.status != ChunkStatus::OverrunUnframed || c.extraBytes.isEmpty())
                    continue;
                const qint64 from = c.origin.value_or(0) + std::max<qint64>(0, c.literalLength);
                // The extra octets come from the transcript, where an echo of the password is
                // masked: mask the message's octets around them the same way before comparing.
                const qint64 margin = net::Transcript::kMaxSecretFormOctets;
                const qint64 before = std::min(from, margin);
                QByteArray next =
                    m.reference->mid(from - before, before + c.extraBytes.size() + margin);
                net::Transcript::maskSecrets(next, m_request.session.credentials.secretForms());
                c.extraIsNextOctets = next.mid(before, c.extraBytes.size()) == c.extraBytes;
            }
        }
        m.findings = Findings::forMessage(m, ctx);
        if (Findings::honestlyEmpty(m) && ctx.client.startsWith(QLatin1String("Messenger")))
            m_outcome.notes << Findings::emptyMessageNote(m, ctx);
        if (m.sessionEnd != MessageEnd::None)
            ends << m.sessionEnd;
    }
    m_outcome.sessionEnd = FetchOutcome::worstSessionEnd(ends);
    finish();
}

void FetchRunner::finish()
{
    if (!m_running)
        return;
    m_running = false;
    m_outcome.elapsedMs = m_elapsed.elapsed();
    if (m_session) {
        m_session->disconnect(this);
        m_session->abort();
    }
    Q_EMIT finished();
}

} // namespace msim::fetch
