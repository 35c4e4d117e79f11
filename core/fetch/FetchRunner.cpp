#include "fetch/FetchRunner.h"

#include "fetch/Findings.h"

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
    openSession(
        QStringLiteral("%1 emulation").arg(m_outcome.client), [this] { headerDownload(); },
        [this](const QString &error) { fail(error); });
}

void FetchRunner::cancel()
{
    if (!m_running || m_cancelled)
        return;
    m_cancelled = true;
    m_outcome.cancelled = true;
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
    restoreAfterCancel();
}

void FetchRunner::detachSession()
{
    imap::ImapSession *s = m_session;
    m_session = nullptr;
    if (!s)
        return;
    s->disconnect(this);
    for (imap::PendingCommand *c :
         s->findChildren<imap::PendingCommand *>(Qt::FindDirectChildrenOnly))
        c->disconnect(this);
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
    QList<int> restore;
    for (int i = 0; i < m_outcome.messages.size(); ++i) {
        const MessageOutcome &m = m_outcome.messages[i];
        if (needsSeenRestore(m) && !m.seenRestored && !m_restoreAnswered.contains(i))
            restore << i;
    }
    if (restore.isEmpty()) {
        finish();
        return;
    }
    m_restoringAfterCancel = true;
    openSession(
        QStringLiteral("msim \\Seen restore after the cancel"),
        [this, restore] {
            imap::ImapSession *s = m_session;
            auto remaining = std::make_shared<int>(int(restore.size()));
            for (int i : restore) {
                const quint32 uid = m_outcome.messages[i].uid;
                auto *cmd = s->execute(
                    imap::CommandBuilder::uidStoreFlags(QByteArray::number(uid), false, "\\Seen"));
                connect(cmd, &imap::PendingCommand::finished, this, [this, s, cmd, i, remaining] {
                    MessageOutcome &m = m_outcome.messages[i];
                    m_restoreAnswered.insert(i);
                    if (cmd->isOk()) {
                        m.seenRestored = true;
                        m_outcome.notes
                            << QStringLiteral("Cancelled. UID %1 was unread before; the BODY[] "
                                              "requests sent before the cancel could have marked "
                                              "it read, so msim marked it unread again.")
                                   .arg(m.uid);
                    } else {
                        m_outcome.warnings
                            << QStringLiteral("Cancelled. \\Seen could not be restored on UID "
                                              "%1: %2; it may stay marked as read.")
                                   .arg(m.uid)
                                   .arg(whyNot(*cmd));
                    }
                    if (--*remaining > 0)
                        return;
                    if (!s->isUsable()) {
                        finish();
                        return;
                    }
                    connect(s, &imap::ImapSession::closed, this, [this] {
                        m_session = nullptr;
                        finish();
                    });
                    s->logout();
                });
            }
        },
        [this, restore](const QString &error) {
            for (int i : restore)
                m_outcome.warnings
                    << QStringLiteral("Cancelled. \\Seen could not be restored on UID %1: the "
                                      "connection to restore it failed (%2); it may stay marked "
                                      "as read.")
                           .arg(m_outcome.messages[i].uid)
                           .arg(error);
            finish();
        },
        false);
    if (m_running)
        Q_EMIT progress(QStringLiteral("cancelled; restoring \\Seen"), 0, 0, 0, 0);
}

void FetchRunner::openSession(const QString &purpose, std::function<void()> then,
                              std::function<void(const QString &)> failed, bool emulated)
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
    connect(s, &imap::ImapSession::failed, this, [this, s, failed] {
        if (!s->rejectedCertificate().isNull()) {
            m_outcome.server.rejectedCertificate = s->rejectedCertificate();
            m_outcome.server.rejectionReasons = s->rejectionReasons();
        }
        // A refused login or a BYE greeting: the greeting is evidence too.
        if (m_outcome.server.greeting.isEmpty())
            m_outcome.server.greeting = s->greeting();
        failed(s->errorString());
    });
    connect(s, &imap::ImapSession::opened, this, [this, s, then, failed] {
        if (m_connections == 1 || m_outcome.server.greeting.isEmpty()) {
            m_outcome.server.greeting = s->greeting();
            m_outcome.server.capabilities = s->capabilities();
            m_outcome.server.tls = s->tlsInfo();
        }
        auto *sel = s->execute(imap::CommandBuilder::select(m_request.mailbox));
        connect(sel, &imap::PendingCommand::finished, this, [this, sel, then, failed] {
            if (sel->isOk()) {
                then();
                return;
            }
            failed(QStringLiteral("the server refused to open the mailbox \"%1\": %2")
                       .arg(QString::fromUtf8(m_request.mailbox),
                            sel->errorString().isEmpty() ? QStringLiteral("no reason given")
                                                         : sel->errorString()));
        });
    });
    s->open();
}

void FetchRunner::fail(const QString &error)
{
    m_outcome.error = error;
    failRemaining(error);
    finish();
}

void FetchRunner::failRemaining(const QString &error)
{
    for (MessageOutcome &m : m_outcome.messages)
        if (m.chunks.isEmpty() && m.error.isEmpty())
            m.error = error;
}

void FetchRunner::headerDownload()
{
    QByteArray set;
    if (m_request.all) {
        set = "1:*";
    } else {
        set = imap::CommandBuilder::uidSet(m_request.uids);
    }
    Q_EMIT progress(QStringLiteral("header download"), 0, 0, 0, 0);
    // A server that is not IMAP4rev1 gets RFC822.HEADER (MESSENGER45.md §3).
    auto *cmd = m_session->execute(m_session->hasCapability("IMAP4REV1")
                                       ? imap::CommandBuilder::uidFetchHeaders(set)
                                       : imap::CommandBuilder::uidFetchRfc822Header(set));
    cmd->setCollect(false);
    auto seen = std::make_shared<QHash<quint32, MessageOutcome>>();
    auto order = std::make_shared<QList<quint32>>();
    connect(cmd, &imap::PendingCommand::untagged, this, [seen, order](const imap::Response &r) {
        const auto *f = r.as<imap::FetchResponse>();
        if (!f || !f->uid)
            return;
        MessageOutcome &m = (*seen)[*f->uid];
        if (m.uid == 0)
            order->append(*f->uid);
        m.uid = *f->uid;
        if (f->rfc822Size)
            m.rfc822Size = *f->rfc822Size;
        if (f->flags)
            m.flagsBefore = *f->flags;
        if (const imap::BodyItem *h = f->body("HEADER"))
            m.header = h->data;
        else if (const imap::BodyItem *h4 = f->body("RFC822.HEADER"))
            m.header = h4->data;
    });
    connect(cmd, &imap::PendingCommand::finished, this, [this, cmd, seen, order] {
        if (!cmd->isOk()) {
            const bool refused = cmd->outcome() == imap::PendingCommand::Outcome::No ||
                                 cmd->outcome() == imap::PendingCommand::Outcome::Bad;
            fail((refused ? QStringLiteral("the server refused the header download: %1")
                          : QStringLiteral("the header download failed: %1"))
                     .arg(cmd->errorString()));
            return;
        }
        if (m_request.all) {
            std::sort(order->begin(), order->end());
            for (quint32 uid : std::as_const(*order))
                m_outcome.messages.append((*seen)[uid]);
            if (m_outcome.messages.isEmpty())
                m_outcome.warnings << QStringLiteral("The mailbox \"%1\" is empty.")
                                          .arg(QString::fromUtf8(m_request.mailbox));
        } else {
            for (MessageOutcome &m : m_outcome.messages) {
                if (seen->contains(m.uid)) {
                    const MessageOutcome &h = (*seen)[m.uid];
                    m.rfc822Size = h.rfc822Size;
                    m.flagsBefore = h.flagsBefore;
                    m.header = h.header;
                } else {
                    m.exists = false;
                }
            }
        }
        m_headersDone = true;
        m_current = -1;
        nextMessage();
    });
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
        openSession(
            QStringLiteral("%1 emulation").arg(m_outcome.client),
            [this] { startMessage(m_outcome.messages[m_current]); },
            [this](const QString &error) {
                failRemaining(QStringLiteral("a new connection failed: ") + error);
                finishEmulation();
            });
        return;
    }
    startMessage(m_outcome.messages[m_current]);
}

void FetchRunner::startMessage(MessageOutcome &m)
{
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
    QList<int> reference;
    QList<int> restore;
    for (int i = 0; i < m_outcome.messages.size(); ++i) {
        MessageOutcome &m = m_outcome.messages[i];
        if (!m.exists)
            continue;
        if (m_request.referenceEml) {
            m.reference = m_request.referenceEml;
            m.referenceSource = m_request.referenceEmlPath;
        } else if (m_request.verify) {
            reference << i;
        }
        if (needsSeenRestore(m))
            restore << i;
    }
    if (reference.isEmpty() && restore.isEmpty()) {
        analyse();
        return;
    }
    Q_EMIT progress(QStringLiteral("reference copy"), 0, 0, 0, 0);
    openSession(
        QStringLiteral("msim verification (reference copy, \\Seen restore)"),
        [this, reference, restore] {
            imap::ImapSession *s = m_session;
            auto remaining = std::make_shared<int>(int(reference.size() + restore.size()));
            auto step = [this, s, remaining] {
                if (--*remaining == 0) {
                    if (!s->isUsable()) {
                        m_session = nullptr;
                        QMetaObject::invokeMethod(this, &FetchRunner::analyse,
                                                  Qt::QueuedConnection);
                        return;
                    }
                    connect(s, &imap::ImapSession::closed, this, [this] {
                        m_session = nullptr;
                        QMetaObject::invokeMethod(this, &FetchRunner::analyse,
                                                  Qt::QueuedConnection);
                    });
                    s->logout();
                }
            };
            for (int i : reference) {
                const quint32 uid = m_outcome.messages[i].uid;
                auto *cmd = s->execute(imap::CommandBuilder::uidFetchPeek(QByteArray::number(uid)));
                cmd->setCollect(false);
                auto got = std::make_shared<std::optional<QByteArray>>();
                connect(cmd, &imap::PendingCommand::untagged, this, [got](const imap::Response &r) {
                    if (const auto *f = r.as<imap::FetchResponse>())
                        if (const imap::BodyItem *b = f->body(""))
                            *got = b->data;
                });
                connect(cmd, &imap::PendingCommand::finished, this, [this, cmd, i, got, step] {
                    MessageOutcome &m = m_outcome.messages[i];
                    if (cmd->isOk() && *got) {
                        m.reference = **got;
                        m.referenceSource = QStringLiteral("server");
                    } else {
                        m_outcome.warnings
                            << QStringLiteral("The reference copy of UID %1 could not be "
                                              "fetched (%2); its verdict is judged against "
                                              "RFC822.SIZE only.")
                                   .arg(m.uid)
                                   .arg(cmd->errorString().isEmpty()
                                            ? QStringLiteral("no BODY[] in the reply")
                                            : cmd->errorString());
                    }
                    step();
                });
            }
            for (int i : restore) {
                const quint32 uid = m_outcome.messages[i].uid;
                auto *cmd = s->execute(
                    imap::CommandBuilder::uidStoreFlags(QByteArray::number(uid), false, "\\Seen"));
                connect(cmd, &imap::PendingCommand::finished, this, [this, cmd, i, step] {
                    MessageOutcome &m = m_outcome.messages[i];
                    m_restoreAnswered.insert(i);
                    if (cmd->isOk()) {
                        m.seenRestored = true;
                        m_outcome.notes
                            << QStringLiteral("UID %1 was unread before; fetching it with BODY[] "
                                              "marked it read (as Messenger 4.5 did), so msim "
                                              "marked it unread again.")
                                   .arg(m.uid);
                    } else {
                        m_outcome.warnings
                            << QStringLiteral("The server refused to mark UID %1 unread "
                                              "again (%2); it stays marked as read.")
                                   .arg(m.uid)
                                   .arg(cmd->errorString());
                    }
                    step();
                });
            }
        },
        [this](const QString &error) {
            m_outcome.warnings << QStringLiteral("The verification connection failed (%1): no "
                                                 "reference copy, and \\Seen was not restored.")
                                      .arg(error);
            analyse();
        },
        false);
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
        if (m.reference) {
            for (ChunkRecord &c : m.chunks) {
                if (c.status != ChunkStatus::OverrunUnframed || c.extraBytes.isEmpty())
                    continue;
                const qint64 from = c.origin.value_or(0) + std::max<qint64>(0, c.literalLength);
                c.extraIsNextOctets = m.reference->mid(from, c.extraBytes.size()) == c.extraBytes;
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
