#include "imap/ImapSession.h"

#include "imap/Limits.h"
#include "imap/ResponseParser.h"
#include "net/Printable.h"

namespace msim::imap {

ImapSession::ImapSession(SessionOptions options, QObject *parent)
    : QObject(parent)
    , m_options(std::move(options))
    , m_transcript(std::make_shared<net::Transcript>())
{
    m_clock.start();
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &ImapSession::onTimeout);
}

ImapSession::~ImapSession()
{
    if (m_connection) {
        m_connection->disconnect(this);
        m_connection->abort();
    }
}

net::Connection::Error ImapSession::connectionError() const
{
    return m_connection ? m_connection->error() : net::Connection::Error::None;
}

bool ImapSession::hasCapability(QByteArrayView cap) const
{
    for (const QByteArray &c : m_capabilities)
        if (c.compare(cap, Qt::CaseInsensitive) == 0)
            return true;
    return false;
}

std::optional<net::TlsInfo> ImapSession::tlsInfo() const
{
    return m_connection ? m_connection->tlsInfo() : std::nullopt;
}

QSslCertificate ImapSession::rejectedCertificate() const
{
    return m_connection ? m_connection->rejectedCertificate() : QSslCertificate();
}

QStringList ImapSession::rejectionReasons() const
{
    return m_connection ? m_connection->rejectionReasons() : QStringList();
}

void ImapSession::open()
{
    Q_ASSERT(m_state == State::Idle);
    m_state = State::Connecting;
    m_connection = new net::Connection(m_options.endpoint, m_options.tls, m_transcript, this);
    m_connection->setConnectTimeout(m_options.connectTimeoutMs);
    connect(m_connection, &net::Connection::ready, this, &ImapSession::onConnectionReady);
    connect(m_connection, &net::Connection::tlsReady, this, &ImapSession::onTlsReady);
    connect(m_connection, &net::Connection::received, this, &ImapSession::onReceived);
    connect(m_connection, &net::Connection::errorOccurred, this, &ImapSession::onConnectionError);
    connect(m_connection, &net::Connection::closed, this, &ImapSession::onConnectionClosed);
    m_connection->open();
}

void ImapSession::onConnectionReady()
{
    m_state = State::Greeting;
    m_timer.start(m_options.commandTimeoutMs);
}

void ImapSession::failOpen(Error e, const QString &message)
{
    if (m_error == Error::None) {
        m_error = e;
        m_errorString = message;
    }
    if (!m_opened) {
        m_transcript->note(QStringLiteral("session failed: ") + message);
        m_state = State::Closed;
        m_timer.stop();
        for (PendingCommand *c : std::as_const(m_queue))
            c->deleteLater();
        m_queue.clear();
        if (m_connection) {
            m_connection->disconnect(this);
            m_connection->close(); // flushes what was written (an xxxx logout) first
        }
        if (m_end == SessionEnd::Open)
            m_end = SessionEnd::Disconnected;
        Q_EMIT failed();
    }
}

void ImapSession::onConnectionError()
{
    const QString msg = m_connection->errorString();
    if (!m_opened && m_state != State::Draining) {
        failOpen(Error::Connection, msg);
        return;
    }
    // Afterwards an error is a disconnect; onConnectionClosed handles it.
    if (m_error == Error::None) {
        m_error = Error::Disconnected;
        m_errorString = msg;
    }
}

void ImapSession::onConnectionClosed()
{
    m_timer.stop();
    if (m_state == State::Closed)
        return;
    if (m_state == State::Draining) {
        finishDrain(PendingCommand::DrainEnd::Closed);
        return;
    }
    const bool expected = m_state == State::Closing;
    if (!m_opened) {
        failOpen(m_byeSeen ? Error::Greeting : Error::Disconnected,
                 m_byeSeen ? m_errorString
                           : QStringLiteral("the server closed the connection before login "
                                            "completed"));
        return;
    }
    if (!expected) {
        if (m_error == Error::None) {
            m_error = Error::Disconnected;
            m_errorString =
                m_byeSeen ? (m_byeText.isEmpty()
                                 ? QStringLiteral("the server said BYE and closed the connection")
                                 : QStringLiteral("the server said BYE \"%1\" and closed the "
                                                  "connection")
                                       .arg(m_byeText))
                          : QStringLiteral("the server closed the connection");
        }
        m_end = m_logoutSent ? SessionEnd::Logout : SessionEnd::Disconnected;
        if (m_current) {
            keepPartialReply();
            PendingCommand *cmd = m_current;
            finishCommand(cmd, PendingCommand::Outcome::Disconnected, m_errorString);
        }
        m_transcript->note(
            QStringLiteral("xxxx logout not sent: the connection is already closed"));
    } else if (m_end == SessionEnd::Open) {
        m_end = SessionEnd::Logout;
    }
    m_state = State::Closed;
    for (PendingCommand *c : std::as_const(m_queue)) {
        c->m_outcome = PendingCommand::Outcome::Aborted;
        c->m_errorString = QStringLiteral("the session ended before this command was sent");
        Q_EMIT c->finished();
        c->deleteLater();
    }
    m_queue.clear();
    Q_EMIT closed();
}

void ImapSession::onTimeout()
{
    const QString what = m_state == State::Greeting
                             ? QStringLiteral("the server sent no greeting within %1 s")
                             : QStringLiteral("the server sent nothing for %1 s while a command "
                                              "was pending");
    const QString msg = what.arg(m_options.commandTimeoutMs / 1000.0);
    if (m_state == State::Draining) {
        finishDrain(PendingCommand::DrainEnd::Timeout);
        return;
    }
    m_transcript->note(QStringLiteral("timeout: ") + msg);
    if (!m_opened) {
        m_error = Error::Timeout;
        m_errorString = msg;
        writeEmergencyLogout();
        m_end = SessionEnd::EmergencyLogout;
        failOpen(Error::Timeout, msg);
        return;
    }
    m_error = Error::Timeout;
    m_errorString = msg;
    keepPartialReply(); // what came before the silence is counted and shown
    if (m_current)
        finishCommand(m_current, PendingCommand::Outcome::Timeout, msg);
    teardown(SessionEnd::EmergencyLogout, true);
}

void ImapSession::onReceived(const QByteArray &bytes)
{
    if (m_state == State::Closed)
        return;
    if (m_state == State::Draining) {
        appendDrain(bytes);
        return;
    }
    if (m_transcript->receivedTotal() > limits::kMaxSessionOctets) {
        m_error = Error::Limit;
        m_errorString = QStringLiteral("the server sent more than %1 octets in one session; msim "
                                       "stopped reading")
                            .arg(limits::kMaxSessionOctets);
        if (!m_opened) {
            failOpen(Error::Limit, m_errorString);
            return;
        }
        keepPartialReply();
        if (m_current)
            finishCommand(m_current, PendingCommand::Outcome::Limit, m_errorString);
        teardown(SessionEnd::EmergencyLogout, true);
        return;
    }
    if (m_timer.isActive() || m_current || m_state == State::Greeting)
        m_timer.start(m_options.commandTimeoutMs);
    if (m_startTlsPending) {
        // Octets after the STARTTLS OK but before the handshake would be injected plain text.
        m_transcript->note(QStringLiteral("the server sent data before the TLS handshake"));
        failOpen(Error::Protocol, QStringLiteral("the server sent plain-text data after accepting "
                                                 "STARTTLS (possible injection); msim stopped"));
        return;
    }
    QList<RawResponse> out;
    const bool ok = m_framer.feed(bytes, out);
    QPointer<ImapSession> self(this);
    for (const RawResponse &raw : std::as_const(out)) {
        for (qsizetype i = 0; i < raw.literals.size(); ++i)
            m_transcript->mark(raw.literalOffsets[i], raw.literals[i].size(),
                               net::Transcript::MarkKind::Literal);
        auto result = ResponseParser::parse(raw);
        if (auto *err = std::get_if<ParseError>(&result)) {
            protocolError(*err);
            return;
        }
        handleResponse(std::get<Response>(result));
        if (!self || m_state == State::Closed || m_state == State::Draining ||
            m_state == State::Closing)
            return;
        if (m_startTlsPending) {
            const qint64 consumed = raw.end;
            if (consumed < m_transcript->receivedTotal()) {
                failOpen(Error::Protocol,
                         QStringLiteral("the server sent plain-text data after accepting STARTTLS "
                                        "(possible injection); msim stopped"));
                return;
            }
        }
    }
    // Silence is counted from when msim is ready to read again: a big batch that took long to
    // process (a flood, a slow machine) is not the server's silence.
    if (ok && m_timer.isActive())
        m_timer.start(m_options.commandTimeoutMs);
    if (!ok) {
        ParseError e;
        e.message = m_framer.errorMessage();
        e.offset = m_framer.errorOffset();
        e.rawLine = m_framer.errorLine();
        e.responseOffset = m_framer.partial().offset;
        protocolError(e);
    }
}

void ImapSession::protocolError(const ParseError &e)
{
    m_transcript->note(QStringLiteral("protocol error: ") + e.describe());
    if (!m_opened) {
        if (m_state == State::Greeting) {
            failOpen(Error::Greeting,
                     QStringLiteral("expected a greeting (* OK or * PREAUTH) but the server sent "
                                    "\"%1\" (is this an IMAP port?)")
                         .arg(net::Transcript::escape(e.rawLine.left(200))));
            return;
        }
        failOpen(Error::Protocol, e.describe());
        return;
    }
    if (m_error == Error::None) {
        m_error = Error::Protocol;
        m_errorString = e.describe();
    }
    if (!m_current) {
        teardown(SessionEnd::EmergencyLogout, true);
        return;
    }
    m_current->m_parseError = e;
    m_drainCommand = m_current;
    m_drainTag = m_current->m_tag;
    // 4.5 writes `xxxx logout` the moment the reply fails to parse (MESSENGER45.md §3); the
    // analysis then reads on without answering (DESIGN.md §3). The session is Draining before
    // the write: a TLS socket can read (and deliver octets to onReceived) inside write().
    m_end = SessionEnd::EmergencyLogout;
    startDrain(e.afterLiteral ? e.literalEnd : e.responseOffset);
    QPointer<ImapSession> self(this);
    writeEmergencyLogout();
    if (!self || m_state != State::Draining || !m_drainCommand)
        return;                // the drain ended inside the write (tagged line, close)
    appendDrain(QByteArray()); // what had arrived before the error
}

void ImapSession::startDrain(qint64 from)
{
    m_state = State::Draining;
    m_drainCommand->m_drainOffset = from;
    m_drainCommand->m_drained = m_transcript->received(from, m_transcript->receivedTotal());
    m_drainScan = 0;
    m_timer.start(m_options.drainTimeoutMs);
}

void ImapSession::appendDrain(const QByteArray &bytes)
{
    if (!m_drainCommand) {
        finishDrain(PendingCommand::DrainEnd::None);
        return;
    }
    QByteArray &buf = m_drainCommand->m_drained;
    buf += bytes;
    // Look for the command's tagged completion at the start of a line.
    const QByteArray needle = '\n' + m_drainTag + ' ';
    qsizetype from = std::max<qsizetype>(0, m_drainScan - needle.size());
    const qsizetype hit = buf.indexOf(needle, from);
    if (hit >= 0) {
        buf.truncate(hit + 1);
        finishDrain(PendingCommand::DrainEnd::TaggedCompletion);
        return;
    }
    m_drainScan = buf.size();
    if (buf.size() > limits::kMaxDrainOctets) {
        buf.truncate(limits::kMaxDrainOctets);
        finishDrain(PendingCommand::DrainEnd::Limit);
    }
}

void ImapSession::finishDrain(PendingCommand::DrainEnd how)
{
    m_timer.stop();
    PendingCommand *cmd = m_drainCommand;
    m_drainCommand = nullptr;
    const bool open = m_connection && m_connection->isOpen();
    if (cmd) {
        cmd->m_drainEnd = how;
        if (how == PendingCommand::DrainEnd::Closed || how == PendingCommand::DrainEnd::Timeout)
            trimLogoutReplies(cmd->m_drained);
        const QString text = cmd->m_parseError ? cmd->m_parseError->describe() : m_errorString;
        m_state = State::Authenticated; // so that teardown runs once, below
        finishCommand(cmd, PendingCommand::Outcome::ParseError, text);
    }
    teardown(SessionEnd::EmergencyLogout, open);
}

void ImapSession::writeEmergencyLogout()
{
    if (m_xxxxSent || !m_connection || !m_connection->isOpen())
        return;
    m_xxxxSent = true;
    m_connection->write(CommandBuilder::emergencyLogoutLine());
}

void ImapSession::trimLogoutReplies(QByteArray &drained)
{
    // Without the failing command's tagged line, the drain may end with the server's answers to
    // `xxxx logout` (`* BYE ...`, `xxxx OK ...`); they are not part of the failing reply. The
    // first line (the rest of the failing response's own line) is never trimmed.
    for (;;) {
        qsizetype end = drained.size();
        if (drained.endsWith('\n'))
            --end;
        if (end <= 0)
            return;
        const qsizetype start = drained.lastIndexOf('\n', end - 1) + 1;
        if (start <= 0 || start >= drained.size())
            return;
        const QByteArray head = drained.mid(start, 5).toUpper();
        if (head != "XXXX " && head != "* BYE")
            return;
        drained.truncate(start);
    }
}

void ImapSession::teardown(SessionEnd end, bool sendXxxx)
{
    if (m_state == State::Closed)
        return;
    m_timer.stop();
    m_end = end;
    if (sendXxxx && m_connection && m_connection->isOpen())
        writeEmergencyLogout();
    else if (end == SessionEnd::EmergencyLogout && !m_xxxxSent)
        m_transcript->note(
            QStringLiteral("xxxx logout not sent: the connection is already closed"));
    m_state = State::Closing;
    for (PendingCommand *c : std::as_const(m_queue)) {
        c->m_outcome = PendingCommand::Outcome::Aborted;
        c->m_errorString = QStringLiteral("the session ended before this command was sent");
        Q_EMIT c->finished();
        c->deleteLater();
    }
    m_queue.clear();
    if (m_connection)
        m_connection->close();
}

void ImapSession::handleGreeting(const Response &r)
{
    m_greeting = m_transcript->received(r.offset, r.end).trimmed();
    const auto *st = r.as<UntaggedStatus>();
    if (!st || (st->status != Status::Ok && st->status != Status::Preauth)) {
        if (st && st->status == Status::Bye) {
            m_byeSeen = true;
            failOpen(Error::Greeting, QStringLiteral("the server refused the session at once: "
                                                     "* BYE %1")
                                          .arg(sanitisedServerText(st->text)));
        } else {
            failOpen(Error::Greeting, QStringLiteral("expected a greeting (* OK or * PREAUTH) but "
                                                     "the server sent: %1")
                                          .arg(net::Transcript::escape(m_greeting.left(200))));
        }
        return;
    }
    m_timer.stop();
    m_preauth = st->status == Status::Preauth;
    // A [CAPABILITY ...] code in the greeting is ignored: 4.x learns capabilities only from its
    // own `capability` command (MESSENGER45.md §3).
    m_state = State::Authenticating;
    if (m_options.endpoint.security == net::Security::StartTls) {
        if (m_preauth && m_options.capabilityCache &&
            m_options.capabilityCache->contains(cacheKey())) {
            refusePreauthWithoutTls();
            return;
        }
        // Before TLS the capabilities only say whether STARTTLS is offered; they are not cached
        // (the cache holds what the client learns after TLS).
        learnCapabilities(
            [this] {
                if (m_preauth) {
                    refusePreauthWithoutTls();
                    return;
                }
                if (!m_capabilitiesFromCache && !hasCapability("STARTTLS")) {
                    failOpen(Error::StartTlsUnavailable,
                             QStringLiteral("the server does not offer STARTTLS; msim will not "
                                            "fall back to plain text (use --security none to "
                                            "test without TLS, or --security ssl)"));
                    return;
                }
                startTls();
            },
            false);
        return;
    }
    learnCapabilities([this] { startLogin(); }, true);
}

void ImapSession::refusePreauthWithoutTls()
{
    failOpen(Error::StartTlsUnavailable,
             QStringLiteral("the server pre-authenticated the session in plain text (PREAUTH), so "
                            "STARTTLS is not possible; msim will not go on without TLS"));
}

void ImapSession::startTls()
{
    m_transcript->note(QStringLiteral("STARTTLS is msim's addition, not Messenger 4.5 behaviour: "
                                      "4.5 had no STARTTLS (its SSL was a separate connection to "
                                      "the SSL port)"));
    PendingCommand *c = execute(CommandBuilder::starttls());
    connect(c, &PendingCommand::finished, this, [this, c] {
        if (!c->isOk()) {
            if (c->outcome() != PendingCommand::Outcome::No &&
                c->outcome() != PendingCommand::Outcome::Bad)
                return; // failOpen already ran
            failOpen(Error::StartTlsRefused,
                     QStringLiteral("the server refused STARTTLS (%1); msim will not fall back to "
                                    "plain text")
                         .arg(taggedText(c->tagged())));
            return;
        }
        m_startTlsPending = true;
        m_connection->startTls();
    });
}

void ImapSession::onTlsReady()
{
    m_startTlsPending = false;
    // RFC 3501 §6.2.1: forget what was said before TLS, and ask again (msim's STARTTLS path
    // always asks, cache or not); what is learned now is what the cache keeps.
    m_capabilities.clear();
    m_capabilitiesFromCache = false;
    sendCapability([this] { startLogin(); }, true);
}

QString ImapSession::cacheKey() const
{
    return CapabilityCache::key(m_options.endpoint);
}

void ImapSession::learnCapabilities(std::function<void()> then, bool store)
{
    if (m_options.capabilityCache) {
        if (auto cached = m_options.capabilityCache->find(cacheKey())) {
            m_capabilities = *cached;
            m_capabilitiesFromCache = true;
            const bool startTls = m_options.endpoint.security == net::Security::StartTls;
            m_transcript->note(
                QStringLiteral("no capability command%1: this client already learned the "
                               "capabilities of %2 (Messenger 4.5 keeps them per host): %3")
                    .arg(startTls ? QStringLiteral(" before STARTTLS") : QString(), cacheKey(),
                         net::Transcript::escape(
                             m_capabilities.join(' ').left(kMaxQuotedCapabilities))));
            then();
            return;
        }
    }
    sendCapability(std::move(then), store);
}

void ImapSession::sendCapability(std::function<void()> then, bool store)
{
    m_capabilityLearned = false;
    PendingCommand *c = execute(CommandBuilder::capability());
    m_capabilityCommand = c;
    connect(c, &PendingCommand::finished, this, [this, c, then, store] {
        m_capabilityCommand = nullptr;
        if (c->outcome() != PendingCommand::Outcome::Ok &&
            c->outcome() != PendingCommand::Outcome::No &&
            c->outcome() != PendingCommand::Outcome::Bad)
            return; // failOpen already ran
        // Only the untagged * CAPABILITY counts; a [CAPABILITY ...] code in the OK is ignored.
        if (store && m_capabilityLearned && m_options.capabilityCache)
            m_options.capabilityCache->store(cacheKey(), m_capabilities);
        then();
    });
}

bool ImapSession::listsImap4() const
{
    // 4.x: IMAP4, IMAP4rev1 or any other IMAP4* capability (MESSENGER45.md §3).
    for (const QByteArray &c : m_capabilities)
        if (c.toUpper().startsWith("IMAP4"))
            return true;
    return false;
}

void ImapSession::startLogin()
{
    if (!listsImap4()) {
        const QString listed =
            m_capabilityLearned || m_capabilitiesFromCache
                ? (m_capabilities.isEmpty()
                       ? QStringLiteral("its * CAPABILITY line was empty")
                       : QStringLiteral("it listed%1: %2")
                             .arg(m_capabilitiesFromCache
                                      ? QStringLiteral(" on this client's earlier connection")
                                      : QString(),
                                  net::Transcript::escape(
                                      m_capabilities.join(' ').left(kMaxQuotedCapabilities))))
                : QStringLiteral("it sent no * CAPABILITY line");
        failOpen(Error::NotImap4,
                 QStringLiteral("the server did not list IMAP4 or IMAP4rev1 in reply to the "
                                "capability command (%1), so Messenger 4.5 refuses it as not an "
                                "IMAP4 server")
                     .arg(listed));
        return;
    }
    if (m_preauth) {
        m_state = State::Authenticated;
        m_opened = true;
        m_transcript->note(QStringLiteral("pre-authenticated by the server (PREAUTH)"));
        Q_EMIT opened();
        return;
    }
    const Credentials &cr = m_options.credentials;
    if (cr.user.contains('\r') || cr.user.contains('\n') || cr.password.contains('\r') ||
        cr.password.contains('\n')) {
        failOpen(Error::LoginRefused,
                 QStringLiteral("the user name or password contains a line break"));
        return;
    }
    if (hasCapability("AUTH=LOGIN") && !m_options.authLogin) {
        m_transcript->note(QStringLiteral("the server offers AUTH=LOGIN but mail.auth_login is "
                                          "false, so login instead of authenticate login"));
    }
    if (hasCapability("AUTH=LOGIN") && m_options.authLogin) {
        // 4.x: AUTHENTICATE LOGIN first, user then password in base64 at each "+".
        auto step = std::make_shared<int>(0);
        PendingCommand *c = execute(CommandBuilder::authenticateLogin(),
                                    [step, cr](const Continuation &) -> std::optional<Command> {
                                        const int s = (*step)++;
                                        if (s > 1)
                                            return Command{"*", {}}; // cancel (RFC 3501 §6.2.2)
                                        Command r;
                                        r.text =
                                            CommandBuilder::base64(s == 0 ? cr.user : cr.password);
                                        r.secrets = {{0, r.text.size()}};
                                        return r;
                                    });
        connect(c, &PendingCommand::finished, this, [this, c] {
            if (c->isOk()) {
                loggedIn();
            } else if (c->outcome() == PendingCommand::Outcome::No ||
                       c->outcome() == PendingCommand::Outcome::Bad) {
                tryLogin(); // 4.x falls back to LOGIN
            }
        });
        return;
    }
    tryLogin();
}

void ImapSession::loggedIn()
{
    // A [CAPABILITY ...] code in the OK is ignored (MESSENGER45.md §3).
    m_state = State::Authenticated;
    m_opened = true;
    Q_EMIT opened();
}

void ImapSession::tryLogin()
{
    if (hasCapability("LOGINDISABLED")) {
        tryAuthenticatePlain();
        return;
    }
    const Credentials &cr = m_options.credentials;
    PendingCommand *c = execute(CommandBuilder::login(cr.user, cr.password));
    connect(c, &PendingCommand::finished, this, [this, c] {
        if (c->isOk()) {
            loggedIn();
        } else if (c->outcome() == PendingCommand::Outcome::No ||
                   c->outcome() == PendingCommand::Outcome::Bad) {
            failOpen(Error::LoginRefused, loginRefusal(c->tagged()));
        }
    });
}

QString ImapSession::loginRefusal(const TaggedResponse &t) const
{
    QString msg = QStringLiteral("the server refused the login: %1").arg(taggedText(t));
    const Credentials &cr = m_options.credentials;
    const bool user = CommandBuilder::breaksRawQuoting(cr.user);
    const bool password = CommandBuilder::breaksRawQuoting(cr.password);
    if (!user && !password)
        return msg;
    const bool quote = (user && cr.user.contains('"')) || (password && cr.password.contains('"'));
    const bool backslash =
        (user && cr.user.contains('\\')) || (password && cr.password.contains('\\'));
    const QString subject = user && password ? QStringLiteral("this user name and this password "
                                                              "contain")
                            : user           ? QStringLiteral("this user name contains")
                                             : QStringLiteral("this password contains");
    const QString octets = quote && backslash ? QStringLiteral("a \" and a \\")
                           : quote            ? QStringLiteral("a \"")
                                              : QStringLiteral("a \\");
    const QString effect =
        quote ? QStringLiteral("4.5's login command was malformed (an unescaped \" ends the "
                               "quoted string early)")
              : QStringLiteral("the server could not read %1 as typed (inside quotes IMAP reads "
                               "\\ as an escape character)")
                    .arg(user && password ? QStringLiteral("them") : QStringLiteral("it"));
    const QString tail = user && password ? QStringLiteral("the user name and password "
                                                           "themselves may be right")
                         : user           ? QStringLiteral("the user name itself may be right")
                                          : QStringLiteral("the password itself may be right");
    msg += QStringLiteral("; Messenger 4.5 inserts the user name and password between quotes "
                          "without escaping them, and %1 %2, so %3: %4")
               .arg(subject, octets, effect, tail);
    return msg;
}

void ImapSession::tryAuthenticatePlain()
{
    if (!hasCapability("AUTH=PLAIN")) {
        failOpen(Error::NoLoginMethod,
                 QStringLiteral("the server refuses LOGIN here (LOGINDISABLED) and offers no "
                                "AUTH=PLAIN or AUTH=LOGIN; connect with --security ssl or "
                                "starttls"));
        return;
    }
    m_transcript->note(QStringLiteral("AUTHENTICATE PLAIN is msim's addition, not Messenger 4.5 "
                                      "behaviour: the server advertises LOGINDISABLED, and 4.5 "
                                      "would have sent login here"));
    const Credentials cr = m_options.credentials;
    auto sent = std::make_shared<bool>(false);
    PendingCommand *c = execute(CommandBuilder::authenticatePlain(),
                                [sent, cr](const Continuation &) -> std::optional<Command> {
                                    if (*sent)
                                        return Command{"*", {}};
                                    *sent = true;
                                    Command r;
                                    r.text = CommandBuilder::plainResponse(cr.user, cr.password);
                                    r.secrets = {{0, r.text.size()}};
                                    return r;
                                });
    connect(c, &PendingCommand::finished, this, [this, c] {
        if (c->isOk()) {
            loggedIn();
        } else if (c->outcome() == PendingCommand::Outcome::No ||
                   c->outcome() == PendingCommand::Outcome::Bad) {
            failOpen(
                Error::LoginRefused,
                QStringLiteral("the server refused the login: %1").arg(taggedText(c->tagged())));
        }
    });
}

QByteArray ImapSession::maskSecrets(QByteArray text) const
{
    const Credentials &cr = m_options.credentials;
    if (cr.password.size() < kMinMaskedSecretOctets)
        return text;
    for (const QByteArray &form : {cr.password, CommandBuilder::base64(cr.password),
                                   CommandBuilder::plainResponse(cr.user, cr.password)})
        text.replace(form, net::Transcript::kRedacted);
    return text;
}

QString ImapSession::sanitisedServerText(QByteArrayView text) const
{
    return net::Transcript::escape(maskSecrets(text.toByteArray()));
}

QString ImapSession::taggedText(const TaggedResponse &t) const
{
    QByteArray raw = statusName(t.status);
    const QByteArray rest = textWithCode(t.code, t.text);
    if (!rest.isEmpty())
        raw += ' ' + rest;
    return sanitisedServerText(raw);
}

PendingCommand *ImapSession::execute(const Command &command)
{
    return execute(command, {});
}

PendingCommand *ImapSession::execute(const Command &command,
                                     PendingCommand::ContinuationHandler handler)
{
    auto *cmd = new PendingCommand(command, this);
    cmd->m_onContinuation = std::move(handler);
    if (m_state == State::Closed || m_state == State::Closing || m_state == State::Draining ||
        m_state == State::Idle || m_state == State::Connecting) {
        cmd->m_outcome = PendingCommand::Outcome::Aborted;
        cmd->m_errorString = m_state == State::Idle || m_state == State::Connecting
                                 ? QStringLiteral("the session is not open")
                                 : QStringLiteral("the session has ended");
        QMetaObject::invokeMethod(
            cmd,
            [cmd] {
                Q_EMIT cmd->finished();
                cmd->deleteLater();
            },
            Qt::QueuedConnection);
        return cmd;
    }
    m_queue.append(cmd);
    if (!m_current)
        sendNext();
    return cmd;
}

void ImapSession::sendNext()
{
    if (m_current || m_queue.isEmpty() || !m_connection)
        return;
    PendingCommand *cmd = m_queue.takeFirst();
    m_current = cmd;
    cmd->m_tag = m_tags.next();
    const QByteArray prefix = cmd->m_tag + ' ';
    QList<net::Transcript::Secret> secrets;
    for (const auto &s : cmd->m_command.secrets)
        secrets.append({s.begin + prefix.size(), s.end + prefix.size()});
    cmd->m_sentAt = m_clock.elapsed();
    if (cmd->m_command.kind == CommandKind::Logout)
        m_logoutSent = true;
    m_connection->write(prefix + cmd->m_command.text + "\r\n", secrets);
    m_timer.start(m_options.commandTimeoutMs);
}

void ImapSession::finishCommand(PendingCommand *cmd, PendingCommand::Outcome outcome,
                                const QString &error)
{
    if (!cmd || cmd->m_outcome != PendingCommand::Outcome::Pending)
        return;
    cmd->m_outcome = outcome;
    cmd->m_errorString = error;
    cmd->m_finishedAt = m_clock.elapsed();
    if (m_current == cmd)
        m_current = nullptr;
    m_timer.stop();
    QPointer<ImapSession> self(this);
    Q_EMIT cmd->finished();
    cmd->deleteLater();
    if (!self)
        return;
    const bool ended = outcome == PendingCommand::Outcome::ParseError ||
                       outcome == PendingCommand::Outcome::Disconnected ||
                       outcome == PendingCommand::Outcome::Timeout ||
                       outcome == PendingCommand::Outcome::Limit;
    if (!ended && m_state != State::Closed && m_state != State::Closing &&
        m_state != State::Draining)
        sendNext();
}

void ImapSession::handleResponse(const Response &r)
{
    if (m_state == State::Greeting) {
        handleGreeting(r);
        return;
    }
    if (const auto *t = r.as<TaggedResponse>()) {
        if (!m_current || t->tag != m_current->m_tag) {
            ParseError e;
            e.message = m_current ? QStringLiteral("the server answered tag '%1' but the command "
                                                   "in flight has tag '%2'")
                                        .arg(net::printable::octets(t->tag.left(40)),
                                             net::printable::octets(m_current->m_tag))
                                  : QStringLiteral("the server answered tag '%1' but no command "
                                                   "is in flight")
                                        .arg(net::printable::octets(t->tag.left(40)));
            e.offset = r.offset;
            e.responseOffset = r.offset;
            e.rawLine = m_transcript->received(r.offset, std::min(r.end, r.offset + 200));
            protocolError(e);
            return;
        }
        PendingCommand *cmd = m_current;
        cmd->m_tagged = *t;
        if (cmd->m_command.kind == CommandKind::Logout && t->status == Status::Ok) {
            m_end = SessionEnd::Logout;
            m_state = State::Closing;
        }
        finishCommand(cmd,
                      t->status == Status::Ok   ? PendingCommand::Outcome::Ok
                      : t->status == Status::No ? PendingCommand::Outcome::No
                                                : PendingCommand::Outcome::Bad,
                      t->status == Status::Ok ? QString() : taggedText(*t));
        if (m_state == State::Closing && m_connection)
            m_connection->close();
        return;
    }
    if (const auto *c = r.as<Continuation>()) {
        if (m_current && m_current->m_onContinuation) {
            if (auto reply = m_current->m_onContinuation(*c)) {
                m_connection->write(reply->text + "\r\n", reply->secrets);
                return;
            }
        }
        m_transcript->note(QStringLiteral("ignored an unexpected continuation request"));
        return;
    }
    if (const auto *cap = r.as<CapabilityResponse>()) {
        // MESSENGER45.md §3: learned only from the reply to the `capability` command.
        if (m_current && m_current == m_capabilityCommand) {
            m_capabilities = cap->capabilities;
            m_capabilityLearned = true;
        } else {
            m_transcript->note(QStringLiteral("capabilities not taken from this * CAPABILITY: "
                                              "Messenger 4.5 learns them only from its own "
                                              "capability command"));
        }
    }
    if (const auto *st = r.as<UntaggedStatus>()) {
        if (st->status == Status::Bye) {
            m_byeSeen = true;
            m_byeText = sanitisedServerText(textWithCode(st->code, st->text));
            if (m_error == Error::None && !m_logoutSent)
                m_errorString =
                    QStringLiteral("the server said BYE: %1").arg(sanitisedServerText(st->text));
        }
    }
    if (m_current) {
        if (++m_current->m_untaggedCount > limits::kMaxUntaggedPerCommand) {
            m_error = Error::Limit;
            m_errorString = QStringLiteral("more than %1 untagged responses to one command; msim "
                                           "stopped reading")
                                .arg(limits::kMaxUntaggedPerCommand);
            finishCommand(m_current, PendingCommand::Outcome::Limit, m_errorString);
            teardown(SessionEnd::EmergencyLogout, true);
            return;
        }
        if (m_current->m_collect)
            m_current->m_responses.append(r);
        Q_EMIT m_current->untagged(r);
    }
    Q_EMIT untagged(r);
}

void ImapSession::logout()
{
    if (m_state != State::Authenticated) {
        if (m_state != State::Closed && m_state != State::Closing)
            abort();
        return;
    }
    PendingCommand *c = execute(CommandBuilder::logout());
    connect(c, &PendingCommand::finished, this, [this, c] {
        if (c->isOk() || m_byeSeen) {
            if (m_end == SessionEnd::Open)
                m_end = SessionEnd::Logout;
            m_state = State::Closing;
            if (m_connection)
                m_connection->close();
        }
    });
}

void ImapSession::emergencyLogout()
{
    if (m_current)
        finishCommand(m_current, PendingCommand::Outcome::Aborted,
                      QStringLiteral("aborted by an emergency logout"));
    teardown(SessionEnd::EmergencyLogout, true);
}

void ImapSession::clientParseError(const QString &why)
{
    if (!m_current || m_state != State::Authenticated) {
        emergencyLogout();
        return;
    }
    ParseError e;
    e.message = why;
    e.offset = m_transcript->receivedTotal();
    e.responseOffset = e.offset;
    protocolError(e);
}

void ImapSession::keepPartialReply()
{
    if (!m_current || m_current->m_incomplete || !m_framer.inResponse())
        return;
    m_current->m_incomplete = m_framer.partial();
    const RawResponse &p = *m_current->m_incomplete;
    if (!p.literals.isEmpty())
        m_transcript->mark(p.literalOffsets.last(), p.literals.last().size(),
                           net::Transcript::MarkKind::Literal);
    m_current->m_incomplete->lines.append(m_framer.partialLine());
}

void ImapSession::abort()
{
    m_timer.stop();
    if (m_connection) {
        m_state = State::Closing;
        m_connection->abort();
    }
}

} // namespace msim::imap
