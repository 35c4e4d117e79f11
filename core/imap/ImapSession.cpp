// SPDX-License-Identifier: MIT
#include "imap/ImapSession.h"

#include "imap/Limits.h"
#include "imap/Logging.h"
#include "imap/LoginJob.h"
#include "imap/ResponseParser.h"

namespace msim::imap {

namespace {
const QString kInjectedBeforeTls = QStringLiteral("the server sent plain-text data after accepting "
                                                  "STARTTLS (possible injection); msim stopped");
} // namespace

ImapSession::ImapSession(SessionOptions options, QObject *parent)
    : QObject(parent)
    , m_options(std::move(options))
    , m_transcript(std::make_shared<net::Transcript>())
{
    m_clock.start();
    connect(&m_timer, &SessionDeadline::expired, this, &ImapSession::onTimeout);
}

ImapSession::~ImapSession()
{
    if (m_connection) {
        m_connection->disconnect(this);
        m_connection->abort();
    }
}

void ImapSession::setState(State state)
{
    if (state != m_state)
        qCDebug(lcImap) << "session" << this << m_state << "->" << state;
    m_state = state;
}

bool ImapSession::hasCapability(QByteArrayView cap) const
{
    for (const QByteArray &c : m_capabilities)
        if (c.compare(cap, Qt::CaseInsensitive) == 0)
            return true;
    return false;
}

void ImapSession::open()
{
    Q_ASSERT(m_state == State::Idle);
    setState(State::Connecting);
    // A server that quotes the password back (in a NO, a BYE, a line that does not parse) must
    // not put it into the record, nor into any error or note made of its words.
    m_transcript->setSecrets(m_options.credentials.secretForms());
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
    setState(State::Greeting);
    m_timer.start(m_options.commandTimeoutMs);
    m_login = new LoginJob(this);
    connect(m_login, &LoginJob::finished, this, &ImapSession::loginFinished);
    m_login->start();
}

void ImapSession::failOpen(Error e, const QString &message)
{
    keepFirstError(e, message);
    if (!m_opened) {
        m_transcript->note(QStringLiteral("session failed: ") + message);
        setState(State::Closed);
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
        qCDebug(lcImap) << "session" << this << "could not be opened:" << m_error;
        Q_EMIT errorOccurred(m_error);
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
    keepFirstError(Error::Disconnected, msg);
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
        keepFirstError(Error::Disconnected,
                       m_byeSeen
                           ? (m_byeText.isEmpty()
                                  ? QStringLiteral("the server said BYE and closed the connection")
                                  : QStringLiteral("the server said BYE \"%1\" and closed the "
                                                   "connection")
                                        .arg(m_byeText))
                           : QStringLiteral("the server closed the connection"));
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
    setState(State::Closed);
    abortQueued();
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
    endInFlight(Error::Timeout, PendingCommand::Outcome::Timeout, msg);
}

void ImapSession::endInFlight(Error e, PendingCommand::Outcome outcome, const QString &message)
{
    m_error = e;
    m_errorString = m_transcript->maskedText(message);
    keepPartialReply(); // what came before the silence or the flood is counted and shown
    if (m_current)
        finishCommand(m_current, outcome, message);
    teardown(SessionEnd::EmergencyLogout, true);
}

void ImapSession::keepFirstError(Error e, const QString &message)
{
    if (m_error == Error::None) {
        m_error = e;
        m_errorString = m_transcript->maskedText(message);
    }
}

void ImapSession::onReceived(const QByteArray &bytes)
{
    qDeleteAll(std::exchange(m_finished, {}));
    PendingCommand *const before = m_current;
    QPointer<ImapSession> self(this);
    process(bytes);
    // A reply still incomplete: ACK what came at once, so that a server holding the rest of it
    // back until our ACK (Nagle) sends it now, not after Linux's delayed ACK (~40 ms). A
    // complete reply needs none: the next command carries the ACK.
    if (self && m_connection && m_state != State::Closed && m_state != State::Closing &&
        (m_state == State::Greeting || m_state == State::Draining || m_framer.inResponse() ||
         (m_current && m_current == before)))
        m_connection->quickAck();
}

void ImapSession::process(const QByteArray &bytes)
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
        endInFlight(Error::Limit, PendingCommand::Outcome::Limit, m_errorString);
        return;
    }
    if (m_timer.isActive() || m_current || m_state == State::Greeting)
        m_timer.start(m_options.commandTimeoutMs);
    if (m_startTlsPending) {
        // Octets after the STARTTLS OK but before the handshake would be injected plain text.
        m_transcript->note(QStringLiteral("the server sent data before the TLS handshake"));
        failOpen(Error::Protocol, kInjectedBeforeTls);
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
                failOpen(Error::Protocol, kInjectedBeforeTls);
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

void ImapSession::protocolError(const ParseError &parsed)
{
    // The raw line and the message quote the server: masked once here, for every use below.
    ParseError e = parsed;
    e.rawLine = m_options.credentials.masked(e.rawLine);
    e.message = m_transcript->maskedText(e.message);
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
    keepFirstError(Error::Protocol, e.describe());
    if (!m_current) {
        teardown(SessionEnd::EmergencyLogout, true);
        return;
    }
    m_current->m_parseError = e;
    m_drainCommand = m_current;
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
    setState(State::Draining);
    m_drainCommand->m_drainOffset = from;
    m_drainCommand->m_drained = m_transcript->received(from, m_transcript->receivedTotal());
    m_drain.start(m_drainCommand->m_tag);
    m_timer.start(m_options.drainTimeoutMs);
}

void ImapSession::appendDrain(const QByteArray &bytes)
{
    if (!m_drainCommand) {
        finishDrain(PendingCommand::DrainEnd::None);
        return;
    }
    QByteArray &drained = m_drainCommand->m_drained;
    const qsizetype before = drained.size();
    const ErrorDrain::Step step = m_drain.append(drained, bytes);
    // These octets come straight from the connection: masked here as the transcript masks its
    // own copy (a form may have begun in the previous read), since drained() reaches reports.
    net::Transcript::maskSecrets(
        drained, m_options.credentials.secretForms(),
        std::max<qsizetype>(0, before - net::Transcript::kMaxSecretFormOctets));
    switch (step) {
    case ErrorDrain::Step::TaggedCompletion:
        finishDrain(PendingCommand::DrainEnd::TaggedCompletion);
        break;
    case ErrorDrain::Step::Limit:
        finishDrain(PendingCommand::DrainEnd::Limit);
        break;
    case ErrorDrain::Step::More:
        break;
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
            ErrorDrain::trimLogoutReplies(cmd->m_drained);
        const QString text = cmd->m_parseError ? cmd->m_parseError->describe() : m_errorString;
        // Whoever hears of the failed command may ask for another at once: only a session whose
        // connection is still open takes it (and teardown below then ends it); a closed one
        // refuses it, or it would wait for ever for an answer on no connection.
        setState(open ? State::Authenticated : State::Closing);
        finishCommand(cmd, PendingCommand::Outcome::ParseError, text);
    }
    if (!open) {
        // The connection closed during the drain and will not say so again: the session ends
        // here (the hostile-peer campaign found a fetch waiting for ever without this).
        if (m_state == State::Closed)
            return;
        m_timer.stop();
        m_end = SessionEnd::EmergencyLogout;
        if (!m_xxxxSent)
            m_transcript->note(
                QStringLiteral("xxxx logout not sent: the connection is already closed"));
        setState(State::Closed);
        abortQueued();
        Q_EMIT closed();
        return;
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

void ImapSession::abortQueued()
{
    for (PendingCommand *c : std::as_const(m_queue))
        c->abortUnsent(QStringLiteral("the session ended before this command was sent"), false);
    m_queue.clear();
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
    setState(State::Closing);
    abortQueued();
    if (m_connection)
        m_connection->close();
}

void ImapSession::loginFinished()
{
    if (m_login->error() != Error::None) {
        failOpen(m_login->error(), m_login->errorString());
        return;
    }
    // A [CAPABILITY ...] code in the OK is ignored (MESSENGER45.md §3).
    setState(State::Authenticated);
    m_opened = true;
    Q_EMIT opened();
}

void ImapSession::onTlsReady()
{
    m_startTlsPending = false;
    if (m_login)
        m_login->tlsReady();
}

QString ImapSession::sanitisedServerText(QByteArrayView text) const
{
    return net::Transcript::escape(m_options.credentials.masked(text.toByteArray()));
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
    const bool notOpen = m_state == State::Idle || m_state == State::Connecting;
    if (notOpen || m_state == State::Closed || m_state == State::Closing ||
        m_state == State::Draining) {
        cmd->abortUnsent(notOpen ? QStringLiteral("the session is not open")
                                 : QStringLiteral("the session has ended"),
                         true);
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
    qCDebug(lcImap) << "session" << this << "sent" << cmd->m_tag; // never the text: secrets
    m_connection->write(prefix + cmd->m_command.text + "\r\n", secrets);
    m_timer.start(m_options.commandTimeoutMs);
}

void ImapSession::finishCommand(PendingCommand *cmd, PendingCommand::Outcome outcome,
                                const QString &error)
{
    if (!cmd || cmd->m_outcome != PendingCommand::Outcome::Pending)
        return;
    cmd->m_outcome = outcome;
    cmd->m_errorString = m_transcript->maskedText(error);
    cmd->m_finishedAt = m_clock.elapsed();
    qCDebug(lcImap) << "session" << this << "answered" << cmd->m_tag << outcome;
    if (m_current == cmd)
        m_current = nullptr;
    m_timer.stop();
    QPointer<ImapSession> self(this);
    Q_EMIT cmd->finished();
    // Deleted when the next octets arrive (or with the session), not with deleteLater(): that
    // posts an event and wakes the event loop once per command (issue 16).
    m_finished.append(cmd);
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
        m_login->greeting(r);
        return;
    }
    if (const auto *t = r.as<TaggedResponse>()) {
        if (!m_current || t->tag != m_current->m_tag) {
            const ParseError e = ParseError::unexpectedTag(
                t->tag, m_current ? QByteArrayView(m_current->m_tag) : QByteArrayView(), r.offset,
                m_transcript->received(r.offset, std::min(r.end, r.offset + 200)));
            protocolError(e);
            return;
        }
        PendingCommand *cmd = m_current;
        cmd->m_tagged = *t;
        if (cmd->m_command.kind == CommandKind::Logout && t->status == Status::Ok) {
            m_end = SessionEnd::Logout;
            setState(State::Closing);
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
            setState(State::Closing);
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
    if (m_current)
        m_current->keepIncomplete(m_framer, *m_transcript);
}

void ImapSession::abort()
{
    m_timer.stop();
    if (m_connection) {
        setState(State::Closing);
        m_connection->abort();
    }
}

} // namespace msim::imap
