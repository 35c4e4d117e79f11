// SPDX-License-Identifier: MIT
#include "emulator/EmulatedSession.h"

#include "emulator/EmulatedServer.h"
#include "emulator/FetchReply.h"
#include "emulator/Logging.h"
#include "emulator/SequenceSet.h"
#include "net/NameTable.h"

#include <QScopeGuard>
#include <QSslSocket>
#include <algorithm>

namespace msim::emulator {

namespace {

constexpr auto kStateNames = net::nameTable<EmulatedSession::State>(
    {{EmulatedSession::State::NotAuthenticated, "not authenticated"},
     {EmulatedSession::State::Authenticated, "authenticated"},
     {EmulatedSession::State::Selected, "selected"},
     {EmulatedSession::State::Logout, "logout"}});

const QList<QByteArray> kSystemFlags = {"\\Seen", "\\Answered", "\\Flagged", "\\Deleted",
                                        "\\Draft"};

imap::ResponseFramer::Limits commandLimits()
{
    return {EmulatedSession::kMaxCommandLine, EmulatedSession::kMaxCommandLine * 4,
            EmulatedSession::kMaxClientLiteral, 16};
}

// A list of its own holding the same flags. (A plain copy would share its array with `flags`;
// the thread that later changes `flags` under the lock may find itself the only owner and write
// the array in place, with no ordering against this copy's last reads.)
QList<QByteArray> flagsCopy(const QList<QByteArray> &flags)
{
    return QList<QByteArray>(flags.cbegin(), flags.cend());
}

} // namespace

EmulatedSession::EmulatedSession(QSslSocket *socket, EmulatedServer *server, QObject *home,
                                 bool implicitTls, quint64 number, net::CaptureFilePtr capture)
    : QObject(home)
    , m_server(server)
    , m_socket(socket)
    , m_framer(commandLimits())
    , m_implicitTls(implicitTls)
    , m_capture(std::move(capture))
{
    socket->setParent(this);
    socket->setReadBufferSize(kReadBufferSize);
    m_peer = socket->peerAddress();
    const ServerLimits &limits = server->options().limits;
    m_authDeadline.setSingleShot(true);
    connect(&m_authDeadline, &QTimer::timeout, this, [this] {
        if (m_state == State::NotAuthenticated)
            close("Autologout; authentication took too long");
    });
    m_authDeadline.start(limits.authDeadlineMs); // also bounds the TLS handshake
    m_commandDeadline.setSingleShot(true);
    connect(&m_commandDeadline, &QTimer::timeout, this, [this] {
        // This server stopped reading (a client that does not read, or commands still
        // waiting their turn), not the client sending.
        if (outputBlocked() || !m_pending.isEmpty())
            return m_commandDeadline.start(m_server->options().limits.commandDeadlineMs);
        close("Autologout; command not completed in time");
    });
    m_penalty.setSingleShot(true);
    connect(&m_penalty, &QTimer::timeout, this, [this] {
        writeNow(std::exchange(m_penaltyReply, QByteArray()));
        pump();
    });
    m_latency.setSingleShot(true);
    connect(&m_latency, &QTimer::timeout, this, [this] {
        m_waitingLatency = false;
        if (!m_pending.isEmpty() && !m_closing && !m_fetch && !m_penalty.isActive())
            handle(m_pending.takeFirst());
        pump();
    });
    m_idle.setSingleShot(true);
    connect(&m_idle, &QTimer::timeout, this, [this] { close("Autologout; idle for too long"); });
    connect(socket, &QSslSocket::readyRead, this, &EmulatedSession::onReadyRead);
    connect(socket, &QSslSocket::bytesWritten, this, [this] {
        if (!outputBlocked()) {
            pump();
            if (m_socket && m_socket->bytesAvailable() > 0)
                onReadyRead();
        }
    });
    connect(socket, &QSslSocket::encryptedBytesWritten, this, [this] {
        if (!outputBlocked())
            pump();
    });
    if (m_capture) {
        m_captureId = m_capture->open(
            {socket->peerAddress(), socket->peerPort(), socket->localAddress(),
             socket->localPort()},
            QStringLiteral("session %1: %2 from %3 port %4")
                .arg(number)
                .arg(implicitTls ? QStringLiteral("imaps (implicit TLS, shown decrypted)")
                                 : QStringLiteral("imap (plain text; STARTTLS shown decrypted)"),
                     socket->peerAddress().toString())
                .arg(socket->peerPort()));
    }
    connect(socket, &QSslSocket::disconnected, this, [this] {
        if (m_capture)
            m_capture->close(m_captureId, !m_closing); // m_closing: this server closed first
        m_closing = true;
        stopTimers();
        Q_EMIT finished();
    });
    connect(socket, &QSslSocket::errorOccurred, this, [this] {
        if (m_socket && m_socket->state() != QAbstractSocket::ConnectedState) {
            m_closing = true;
            stopTimers();
            Q_EMIT finished();
        }
    });
    auto greet = [this] {
        m_tlsActive = m_socket->isEncrypted();
        qCDebug(lcEmulator) << "session greets" << (m_tlsActive ? "over TLS" : "in the clear");
        writeOut("* OK [CAPABILITY " + capabilities() + "] " + m_server->profile().greeting +
                 "\r\n");
        resetIdle();
    };
    if (implicitTls) {
        connect(socket, &QSslSocket::encrypted, this, greet, Qt::SingleShotConnection);
        connect(socket, &QSslSocket::sslErrors, this, [] {}); // the server verifies no peer
        socket->startServerEncryption();
    } else {
        greet();
    }
}

EmulatedSession::~EmulatedSession()
{
    // (Not a word to m_server here: a session closed earlier may be deleted as the server's
    // child after ~EmulatedServer; its pre-auth octets were given back by stopTimers().)
    if (m_socket) {
        m_socket->disconnect(this);
        m_socket->abort();
    }
}

QByteArray EmulatedSession::capabilities() const
{
    QByteArray caps = "IMAP4rev1 LITERAL+ SASL-IR AUTH=PLAIN";
    if (!m_implicitTls && !m_tlsActive && m_state == State::NotAuthenticated &&
        !m_server->identity().isNull())
        caps += " STARTTLS";
    return caps;
}

void EmulatedSession::resetIdle()
{
    // Before login the absolute m_authDeadline is the only clock.
    if (m_closing || m_state == State::NotAuthenticated)
        return;
    m_idle.start(m_server->options().limits.idleTimeoutMs);
}

void EmulatedSession::stopTimers()
{
    m_idle.stop();
    m_latency.stop();
    m_authDeadline.stop();
    m_commandDeadline.stop();
    m_penalty.stop();
    m_server->countPreAuth(-std::exchange(m_preAuthCounted, 0));
}

bool EmulatedSession::countPreAuth()
{
    if (m_state != State::NotAuthenticated || m_closing)
        return true;
    qint64 held = m_framer.inResponse() ? m_framer.offset() - m_framer.partial().offset : 0;
    for (const imap::RawResponse &r : std::as_const(m_pending))
        held += r.end - r.offset;
    const ServerLimits &limits = m_server->options().limits;
    if (held > limits.maxPreAuthOctets) {
        close("Too much data before login; closing the connection");
        return false;
    }
    if (!m_server->countPreAuth(held - m_preAuthCounted)) {
        close("Too much unauthenticated data; try again later");
        return false;
    }
    m_preAuthCounted = held;
    return true;
}

bool EmulatedSession::outputBlocked() const
{
    if (!m_socket)
        return true;
    // The batch counts too: a FETCH of many small messages gathers them there.
    return m_socket->bytesToWrite() + m_socket->encryptedBytesToWrite() + m_batch.size() >
           kMaxPendingOutput;
}

void EmulatedSession::writeOut(const QByteArray &bytes)
{
    if (!m_batching) {
        writeNow(bytes);
    } else if (bytes.size() <= kMaxBatch) {
        m_batch += bytes;
    } else {
        // A big reply (a whole message) is many TLS records anyway: write it as it is rather
        // than copy it into the batch.
        flushBatch();
        writeNow(bytes);
    }
}

void EmulatedSession::writeNow(const QByteArray &bytes)
{
    if (m_socket && m_socket->state() == QAbstractSocket::ConnectedState) {
        m_socket->write(bytes);
        if (m_capture)
            m_capture->server(m_captureId, bytes, std::exchange(m_captureComment, QString()));
    }
}

void EmulatedSession::captureCommand(const imap::RawResponse &raw, bool saslResponse)
{
    if (!m_capture)
        return;
    const QByteArray redacted(net::Transcript::kRedacted);
    if (saslResponse) {
        m_capture->client(m_captureId, QByteArray(redacted + "\r\n"));
        return;
    }
    const QList<QByteArray> words = raw.firstLine().split(' ');
    const QByteArray verb = words.value(1).toUpper();
    if (words.size() > 2 && (verb == "LOGIN" || verb == "AUTHENTICATE")) {
        // LOGIN: user and password; AUTHENTICATE: the mechanism stays, the initial response
        // goes. Whatever the form (quoted, atom, literal), and whether or not it parses.
        QByteArray line = words[0] + ' ' + words[1];
        if (verb == "LOGIN") {
            const auto parsed = ServerCommandParser::parse(raw);
            const qsizetype args = parsed.command ? parsed.command->args.size() : 1;
            for (qsizetype i = 0; i < std::max<qsizetype>(args, 1); ++i)
                line += ' ' + redacted;
        } else {
            line += ' ' + words[2];
            if (words.size() > 3 || raw.lines.size() > 1)
                line += ' ' + redacted;
        }
        m_capture->client(m_captureId, QByteArray(line + "\r\n"));
        return;
    }
    QByteArray octets;
    for (qsizetype i = 0; i < raw.lines.size(); ++i) {
        octets += raw.lines[i] + "\r\n";
        if (i < raw.literals.size())
            octets += raw.literals[i];
    }
    m_capture->client(m_captureId, octets);
}

void EmulatedSession::flushBatch()
{
    if (!m_batch.isEmpty())
        writeNow(std::exchange(m_batch, QByteArray()));
}

void EmulatedSession::writeParts(const QList<QByteArray> &parts)
{
    if (!m_server->options().knobs.splitWrites) {
        QByteArray all;
        qsizetype n = 0;
        for (const QByteArray &p : parts)
            n += p.size();
        all.reserve(n);
        for (const QByteArray &p : parts)
            all += p;
        writeOut(all);
        return;
    }
    // Several writes, each pushed to the kernel at once; with Nagle on (this server never sets
    // TCP_NODELAY) a small segment then waits for the client's ACK of the previous one.
    flushBatch();
    for (const QByteArray &p : parts) {
        if (p.isEmpty())
            continue;
        writeNow(p);
        if (m_socket)
            m_socket->flush();
    }
}

void EmulatedSession::tagged(const QByteArray &tag, const QByteArray &status,
                             const QByteArray &text)
{
    writeOut(tag + ' ' + status + ' ' + text + "\r\n");
}

void EmulatedSession::close(const QByteArray &byeText)
{
    if (m_closing || !m_socket)
        return;
    m_closing = true;
    qCDebug(lcEmulator) << "session closing" << (byeText.isEmpty() ? "" : "with BYE");
    stopTimers();
    if (!m_inFetch) // else continueFetch() is on the stack, holding the job: it sees m_closing
        m_fetch.reset();
    if (!m_penaltyReply.isEmpty())
        writeNow(std::exchange(m_penaltyReply, QByteArray()));
    if (!byeText.isEmpty())
        writeOut("* BYE " + byeText + "\r\n");
    flushBatch();
    m_socket->disconnectFromHost();
    // A client that never reads would keep the connection open for ever: give up after 5 s.
    QTimer::singleShot(5000, this, [this] {
        if (m_socket && m_socket->state() != QAbstractSocket::UnconnectedState)
            m_socket->abort();
    });
}

void EmulatedSession::onReadyRead()
{
    if (m_closing || !m_socket || outputBlocked())
        return;
    if (m_pending.size() >= kCommandsPerTurn)
        return schedulePump(); // which reads on once they are done
    // What is there, up to the limit (read(n) would allocate n octets each time).
    const QByteArray data = m_socket->read(std::min(m_socket->bytesAvailable(), kReadBufferSize));
    if (data.isEmpty())
        return;
    resetIdle();
    QList<imap::RawResponse> out;
    const bool ok = m_framer.feed(data, out);
    m_pending += out;
    // A command must be whole within commandDeadlineMs of its first octet, however it dribbles.
    if (ok && m_framer.inResponse()) {
        if (m_framer.partial().offset != m_deadlineFor || !m_commandDeadline.isActive()) {
            m_deadlineFor = m_framer.partial().offset;
            m_commandDeadline.start(m_server->options().limits.commandDeadlineMs);
        }
    } else {
        m_commandDeadline.stop();
    }
    if (ok && !countPreAuth())
        return;
    if (ok && m_framer.inResponse()) {
        // A synchronizing literal waits for "+" (RFC 3501 §7.5); LITERAL+ ({n+}) does not.
        const imap::RawResponse &p = m_framer.partial();
        if (p.offset != m_continuedAt) {
            m_continuedAt = p.offset;
            m_continued = 0;
        }
        if (p.literals.size() > m_continued) {
            m_continued = int(p.literals.size());
            if (!p.announcements.last().nonSynchronising)
                writeOut("+ Ready for literal data\r\n");
        }
    }
    pump();
    if (!ok && !m_closing) {
        writeOut("* BAD " + m_framer.errorString().toUtf8() + "\r\n");
        close("Command too long or malformed; closing the connection");
    }
    if (m_socket && m_socket->bytesAvailable() > 0 && !outputBlocked() && !m_closing)
        QMetaObject::invokeMethod(this, &EmulatedSession::onReadyRead, Qt::QueuedConnection);
}

void EmulatedSession::pump()
{
    // A write inside handle() can signal bytesWritten, whose pump() would run another turn
    // inside this one: the loop below goes on by itself.
    if (m_inPump)
        return;
    m_inPump = true;
    const auto notInPump = qScopeGuard([this] { m_inPump = false; });
    m_turnOctets = 0; // a new turn
    if (m_fetch && !m_closing)
        continueFetch();
    for (int handled = 0; !m_pending.isEmpty() && !m_closing; ++handled) {
        if (outputBlocked() || m_fetch || m_penalty.isActive())
            return;
        const int latency = m_server->options().knobs.latencyMs;
        if (latency > 0 && m_saslTag.isEmpty()) {
            if (!m_waitingLatency) {
                m_waitingLatency = true;
                m_latency.start(latency);
            }
            return;
        }
        if (handled == kCommandsPerTurn)
            return schedulePump(); // the other sessions on this thread first
        handle(m_pending.takeFirst());
    }
}

void EmulatedSession::schedulePump()
{
    if (std::exchange(m_pumpQueued, true))
        return;
    QMetaObject::invokeMethod(
        this,
        [this] {
            m_pumpQueued = false;
            pump();
            if (m_pending.size() < kCommandsPerTurn && m_socket && !m_closing &&
                m_socket->bytesAvailable() > 0 && !outputBlocked())
                onReadyRead();
        },
        Qt::QueuedConnection);
}

void EmulatedSession::handle(const imap::RawResponse &raw)
{
    // Each complete answer goes out in one write, at once instead of on the next turn of the
    // event loop.
    m_batching = true;
    const auto flushAtEnd = qScopeGuard([this] {
        m_batching = false;
        flushBatch();
        if (m_socket && !m_closing)
            m_socket->flush();
    });
    captureCommand(raw, !m_saslTag.isEmpty());
    if (!m_saslTag.isEmpty()) {
        const QByteArray tag = std::exchange(m_saslTag, QByteArray());
        finishAuthenticate(tag, raw.firstLine().trimmed());
        return;
    }
    const auto res = ServerCommandParser::parse(raw);
    if (!res.command) {
        qCDebug(lcEmulator) << "session: a command that does not parse, answered BAD";
        tagged(res.tag, "BAD", res.error.toUtf8());
        return;
    }
    qCDebug(lcEmulator) << "session: command" << res.command->tag.left(40)
                        << (res.command->uid ? "UID" : "") << res.command->name.left(40)
                        << "in state" << kStateNames.name(m_state);
    execute(*res.command);
}

void EmulatedSession::setState(State state)
{
    qCDebug(lcEmulator) << "session:" << kStateNames.name(m_state) << "->"
                        << kStateNames.name(state);
    m_state = state;
}

void EmulatedSession::execute(const ClientCommand &c)
{
    const QByteArray &n = c.name;
    const bool authed = m_state == State::Authenticated || m_state == State::Selected;
    if (c.uid && n != "FETCH" && n != "STORE") {
        tagged(c.tag, "BAD", "UID " + n.left(20) + " is not supported by this server");
        return;
    }
    if (n == "CAPABILITY")
        return cmdCapability(c);
    if (n == "NOOP" || n == "CHECK") {
        if (n == "CHECK" && m_state != State::Selected)
            return tagged(c.tag, "BAD", "No mailbox selected");
        return tagged(c.tag, "OK", n + " completed");
    }
    if (n == "LOGOUT")
        return cmdLogout(c);
    if (n == "STARTTLS" || n == "LOGIN" || n == "AUTHENTICATE") {
        if (m_state != State::NotAuthenticated)
            return tagged(c.tag, "BAD", "Already authenticated");
        if (n == "STARTTLS")
            return cmdStartTls(c);
        if (n == "LOGIN")
            return cmdLogin(c);
        return cmdAuthenticate(c);
    }
    if (n == "SELECT" || n == "EXAMINE" || n == "LIST" || n == "LSUB" || n == "STATUS" ||
        n == "CREATE" || n == "DELETE" || n == "RENAME" || n == "SUBSCRIBE" || n == "UNSUBSCRIBE" ||
        n == "APPEND" || n == "NAMESPACE") {
        if (!authed)
            return tagged(c.tag, "BAD", "Log in first");
        if (n == "SELECT" || n == "EXAMINE")
            return cmdSelect(c, n == "EXAMINE");
        if (n == "LIST" || n == "LSUB")
            return cmdList(c);
        return tagged(c.tag, "NO", n + " is not supported by this server");
    }
    if (n == "FETCH" || n == "STORE" || n == "CLOSE" || n == "EXPUNGE" || n == "SEARCH" ||
        n == "COPY") {
        if (m_state != State::Selected)
            return tagged(c.tag, "BAD", "No mailbox selected");
        if (n == "FETCH")
            return cmdFetch(c);
        if (n == "STORE")
            return cmdStore(c);
        if (n == "CLOSE") {
            setState(State::Authenticated);
            return tagged(c.tag, "OK", "Close completed");
        }
        return tagged(c.tag, "NO", n + " is not supported by this server");
    }
    tagged(c.tag, "BAD", "Command unknown: " + n.left(40));
}

void EmulatedSession::cmdCapability(const ClientCommand &c)
{
    writeOut("* CAPABILITY " + capabilities() + "\r\n");
    tagged(c.tag, "OK", "Capability completed");
}

void EmulatedSession::cmdLogout(const ClientCommand &c)
{
    writeOut("* BYE msim built-in server logging out\r\n");
    tagged(c.tag, "OK", "Logout completed");
    setState(State::Logout);
    close();
}

void EmulatedSession::cmdStartTls(const ClientCommand &c)
{
    if (m_implicitTls || m_tlsActive || m_server->identity().isNull())
        return tagged(c.tag, "BAD", "STARTTLS is not available here");
    m_captureComment = QStringLiteral("TLS starts after this reply: what follows was encrypted on "
                                      "the wire and is shown decrypted");
    tagged(c.tag, "OK", "Begin TLS negotiation now");
    flushBatch(); // in clear, before the handshake starts
    m_socket->flush();
    // Anything the client pipelined after STARTTLS is dropped (RFC 3501 §6.2.1, CVE-2011-0411).
    m_pending.clear();
    m_framer = imap::ResponseFramer(commandLimits());
    connect(
        m_socket, &QSslSocket::encrypted, this,
        [this] {
            m_tlsActive = true;
            qCDebug(lcEmulator) << "session: STARTTLS handshake done";
        },
        Qt::SingleShotConnection);
    m_socket->startServerEncryption();
}

void EmulatedSession::cmdLogin(const ClientCommand &c)
{
    if (c.args.size() != 2 || c.args[0].kind == Token::Kind::List ||
        c.args[1].kind == Token::Kind::List)
        return tagged(c.tag, "BAD", "LOGIN needs a user name and a password");
    if (c.args[0].text == m_server->options().user &&
        c.args[1].text == m_server->options().password)
        return authenticated(c.tag, c.args[0].text);
    loginFailed(c.tag, c.args[0].text, "[AUTHENTICATIONFAILED] Authentication failed.");
}

void EmulatedSession::authenticated(const QByteArray &tag, const QByteArray &user)
{
    setState(State::Authenticated);
    m_authDeadline.stop();
    m_server->countPreAuth(-std::exchange(m_preAuthCounted, 0));
    m_server->loginSucceeded(m_peer, user.left(kMaxUserKey));
    resetIdle();
    tagged(tag, "OK", "[CAPABILITY " + capabilities() + "] Logged in");
}

void EmulatedSession::loginFailed(const QByteArray &tag, const QByteArray &user,
                                  const QByteArray &text)
{
    const int delay = m_server->loginFailed(m_peer, user.left(kMaxUserKey));
    if (delay <= 0)
        return tagged(tag, "NO", text);
    // The NO waits; so do this session's later commands (pump() sees the timer).
    qCDebug(lcEmulator) << "session: failed login answered after" << delay << "ms";
    m_penaltyReply = tag + " NO " + text + "\r\n";
    m_penalty.start(delay);
}

void EmulatedSession::cmdAuthenticate(const ClientCommand &c)
{
    if (c.args.isEmpty() || c.args[0].text.toUpper() != "PLAIN")
        return tagged(c.tag, "NO", "Only AUTHENTICATE PLAIN is supported");
    if (c.args.size() >= 2) // SASL-IR (RFC 4959): the response comes with the command
        return finishAuthenticate(c.tag, c.args[1].text == "=" ? QByteArray() : c.args[1].text);
    m_saslTag = c.tag;
    writeOut("+ \r\n");
}

void EmulatedSession::finishAuthenticate(const QByteArray &tag, const QByteArray &response)
{
    if (response == "*")
        return tagged(tag, "BAD", "Authentication cancelled");
    const QByteArray decoded = QByteArray::fromBase64(response);
    const QList<QByteArray> parts = decoded.split('\0');
    if (parts.size() != 3)
        return tagged(tag, "NO", "[AUTHENTICATIONFAILED] Malformed PLAIN response");
    if (parts[1] == m_server->options().user && parts[2] == m_server->options().password &&
        (parts[0].isEmpty() || parts[0] == parts[1]))
        return authenticated(tag, parts[1]);
    loginFailed(tag, parts[1], "[AUTHENTICATIONFAILED] Authentication failed.");
}

void EmulatedSession::cmdSelect(const ClientCommand &c, bool readOnly)
{
    if (c.args.size() != 1 || c.args[0].kind == Token::Kind::List)
        return tagged(c.tag, "BAD", "SELECT needs a mailbox name");
    if (c.args[0].text.toUpper() != "INBOX") {
        if (m_state == State::Selected)
            setState(State::Authenticated);
        return tagged(c.tag, "NO", "[NONEXISTENT] Mailbox does not exist");
    }
    const Mailbox &mb = m_server->m_mailbox;
    int unseen = 0;
    {
        QMutexLocker lock(&m_server->m_lock); // flags change in other sessions' threads
        for (qsizetype i = 0; i < mb.messages.size() && !unseen; ++i)
            if (!mb.messages[i].flags.contains("\\Seen"))
                unseen = int(i + 1);
    }
    QByteArray r = "* FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft)\r\n"
                   "* OK [PERMANENTFLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft)] Flags "
                   "permitted\r\n";
    r += "* " + QByteArray::number(mb.messages.size()) + " EXISTS\r\n* 0 RECENT\r\n";
    if (unseen)
        r += "* OK [UNSEEN " + QByteArray::number(unseen) + "] First unseen\r\n";
    r += "* OK [UIDVALIDITY " + QByteArray::number(mb.uidValidity) + "] UIDs valid\r\n";
    r += "* OK [UIDNEXT " + QByteArray::number(mb.uidNext()) + "] Predicted next UID\r\n";
    writeOut(r);
    setState(State::Selected);
    m_readOnly = readOnly;
    tagged(c.tag, "OK",
           readOnly ? "[READ-ONLY] Examine completed" : "[READ-WRITE] Select completed");
}

void EmulatedSession::cmdList(const ClientCommand &c)
{
    if (c.args.size() != 2)
        return tagged(c.tag, "BAD", c.name + " needs a reference and a pattern");
    const QByteArray pattern = c.args[1].text;
    if (pattern.isEmpty()) {
        writeOut("* " + c.name + " (\\Noselect) \"/\" \"\"\r\n");
    } else if (pattern == "*" || pattern == "%" || pattern.toUpper() == "INBOX" ||
               pattern.toUpper() == "INBOX*") {
        writeOut("* " + c.name + " (\\HasNoChildren) \"/\" INBOX\r\n");
    }
    tagged(c.tag, "OK", c.name + " completed");
}

void EmulatedSession::cmdStore(const ClientCommand &c)
{
    if (c.args.size() != 3)
        return tagged(c.tag, "BAD", "STORE needs a set, an item and flags");
    const auto set = SequenceSet::parse(c.args[0].text);
    if (!set || c.args[0].kind != Token::Kind::Atom)
        return tagged(c.tag, "BAD", "Invalid sequence set");
    QByteArray item = c.args[1].text.toUpper();
    const bool silent = item.endsWith(".SILENT");
    if (silent)
        item.chop(7);
    if (item != "FLAGS" && item != "+FLAGS" && item != "-FLAGS")
        return tagged(c.tag, "BAD", "STORE item must be FLAGS, +FLAGS or -FLAGS");
    // The flags named, each once, in their order; the keywords among them in a set.
    QList<QByteArray> flags;
    QSet<QByteArray> named;
    QSet<QByteArray> keywords;
    const QList<Token> given =
        c.args[2].kind == Token::Kind::List ? c.args[2].children : QList<Token>{c.args[2]};
    for (const Token &t : given) {
        if (named.contains(t.text))
            continue;
        QByteArray flag = t.text;
        if (flag.startsWith('\\')) {
            // System flags are case-insensitive (RFC 3501 §2.3.2): kept as RFC 3501 spells them.
            const auto it =
                std::find_if(kSystemFlags.begin(), kSystemFlags.end(), [&](const QByteArray &sf) {
                    return sf.compare(flag, Qt::CaseInsensitive) == 0;
                });
            if (it == kSystemFlags.end())
                return tagged(c.tag, "BAD", "Not a system flag: " + flag.left(40));
            flag = *it;
            if (named.contains(flag))
                continue;
        } else {
            keywords.insert(flag);
        }
        named.insert(flag);
        flags << flag;
    }
    if (m_readOnly)
        return tagged(c.tag, "NO", "Mailbox is read-only");
    const ServerLimits &limits = m_server->options().limits;
    const QByteArray perMessage = "[LIMIT] At most " +
                                  QByteArray::number(limits.maxKeywordsPerMessage) +
                                  " keywords on one message; nothing was changed";
    if (item != "-FLAGS" && keywords.size() > limits.maxKeywordsPerMessage)
        return tagged(c.tag, "NO", perMessage);
    if (item != "-FLAGS") {
        qsizetype fresh = 0;
        for (const QByteArray &k : std::as_const(keywords))
            fresh += !m_keywordsAdded.contains(k);
        if (m_keywordsAdded.size() + fresh > limits.maxKeywordsPerSession)
            return tagged(c.tag, "NO",
                          "[LIMIT] At most " + QByteArray::number(limits.maxKeywordsPerSession) +
                              " different keywords in one session; nothing was changed");
    }
    Mailbox &mb = m_server->m_mailbox;
    const QList<Mailbox::Span> spans = mb.spansOf(*set, c.uid);
    QMutexLocker lock(&m_server->m_lock); // flags change in other sessions' threads
    if (item == "+FLAGS") {
        // Checked for every message before any changes, so a refused STORE changes nothing.
        for (const Mailbox::Span &span : spans) {
            for (qsizetype idx = span.begin; idx < span.end; ++idx) {
                qsizetype count = keywords.size();
                for (const QByteArray &f : mb.messages[idx].flags)
                    count += !f.startsWith('\\') && !keywords.contains(f);
                if (count > limits.maxKeywordsPerMessage) {
                    lock.unlock();
                    return tagged(c.tag, "NO", perMessage);
                }
            }
        }
    }
    if (item != "-FLAGS")
        m_keywordsAdded.unite(keywords);
    QByteArray out;
    for (const Mailbox::Span &span : spans) {
        for (qsizetype idx = span.begin; idx < span.end; ++idx) {
            StoredMessage &m = mb.messages[idx];
            if (item == "FLAGS") {
                m.flags = flags;
            } else if (item == "-FLAGS") {
                m.flags.removeIf([&](const QByteArray &f) { return named.contains(f); });
            } else {
                // One pass over each: the message's flags are few (ServerLimits), the
                // command's in a set.
                QSet<QByteArray> missing = named;
                for (const QByteArray &f : std::as_const(m.flags))
                    missing.remove(f);
                for (const QByteArray &f : flags)
                    if (missing.contains(f))
                        m.flags << f;
            }
            if (!silent) {
                out += "* " + QByteArray::number(idx + 1) + " FETCH (FLAGS (" +
                       FetchReply::flagList(m.flags) + ")";
                if (c.uid)
                    out += " UID " + QByteArray::number(m.uid);
                out += ")\r\n";
            }
        }
    }
    lock.unlock();
    writeOut(out);
    tagged(c.tag, "OK", "Store completed");
}

void EmulatedSession::cmdFetch(const ClientCommand &c)
{
    if (c.args.size() != 2 || c.args[0].kind != Token::Kind::Atom)
        return tagged(c.tag, "BAD", "FETCH needs a sequence set and items");
    const auto set = SequenceSet::parse(c.args[0].text);
    if (!set)
        return tagged(c.tag, "BAD", "Invalid sequence set");
    QString why;
    const auto parsed = FetchAttribute::parseList(c.args[1], &why);
    if (!parsed)
        return tagged(c.tag, "BAD", why.toUtf8());
    const ServerLimits &limits = m_server->options().limits;
    auto job = std::make_unique<FetchJob>();
    int bodyItems = 0;
    for (const FetchAttribute &a : *parsed) {
        if (job->attributes.contains(a))
            continue; // named twice: answered once
        job->attributes << a;
        bodyItems += a.isBodyItem();
    }
    if (bodyItems > limits.maxFetchBodyItems)
        return tagged(c.tag, "BAD",
                      "More than " + QByteArray::number(limits.maxFetchBodyItems) +
                          " different body items in one FETCH");
    const ServerProfile &profile = m_server->profile();
    job->tag = c.tag;
    job->reply = std::make_unique<FetchReply>(profile, m_server->options().knobs,
                                              !profile.sslOnly || m_implicitTls, &m_chunkReplies,
                                              c.uid, job->attributes);
    for (const Mailbox::Span &span : m_server->m_mailbox.spansOf(*set, c.uid))
        job->spans.append({span.begin, span.end});
    m_fetch = std::move(job);
    continueFetch();
}

void EmulatedSession::continueFetch()
{
    // Message by message, while the client takes what was written: a FETCH of the whole
    // mailbox by a client that does not read holds at most kMaxPendingOutput octets plus one
    // message's reply, never the whole answer.
    if (m_inFetch)
        return; // a write signalled bytesWritten inside the loop below: it goes on by itself
    Mailbox &mb = m_server->m_mailbox;
    const ServerLimits &limits = m_server->options().limits;
    const bool batching = std::exchange(m_batching, true);
    // (Declared first, run last: the final flush may signal bytesWritten, and the pump() it
    // calls may start the next FETCH, which must then not find m_inFetch still set.)
    const auto flushAtEnd = qScopeGuard([&] {
        m_batching = batching;
        if (!m_batching) {
            flushBatch();
            if (m_socket && !m_closing)
                m_socket->flush();
        }
    });
    m_inFetch = true;
    const auto notInFetch = qScopeGuard([this] { m_inFetch = false; });
    FetchJob &job = *m_fetch; // close() keeps it while m_inFetch: test m_closing first
    while (!m_closing && job.span < job.spans.size()) {
        if (outputBlocked())
            return; // bytesWritten resumes (pump)
        if (m_turnOctets >= kFetchOctetsPerTurn)
            return schedulePump(); // the other sessions on this thread first
        const auto [begin, end] = job.spans[job.span];
        const qsizetype idx = job.next < 0 ? begin : job.next;
        if (idx >= end) {
            ++job.span;
            job.next = -1;
            continue;
        }
        job.next = idx + 1;
        // A copy taken under the lock, so that the reply is built while other sessions go on:
        // the octets never change and are shared; the flag list is a list of its own, never
        // one shared with the mailbox, which other sessions' threads change (flagsCopy()).
        StoredMessage m;
        {
            QMutexLocker lock(&m_server->m_lock);
            m = std::as_const(mb.messages)[idx];
            m.flags = flagsCopy(m.flags);
        }
        if (job.reply->literalOctetsAtMost(m) > limits.maxReplyOctetsPerMessage) {
            const QByteArray tag = job.tag;
            m_fetch.reset();
            return tagged(tag, "NO",
                          "[LIMIT] The reply for message " + QByteArray::number(idx + 1) +
                              " would carry more than " +
                              QByteArray::number(limits.maxReplyOctetsPerMessage) + " octets");
        }
        bool seenChanged = false;
        if (job.reply->setsSeen() && !m_readOnly && !m.flags.contains("\\Seen")) {
            QMutexLocker lock(&m_server->m_lock);
            QList<QByteArray> &flags = mb.messages[idx].flags;
            if (!flags.contains("\\Seen"))
                flags << "\\Seen";
            m.flags = flagsCopy(flags);
            seenChanged = true;
        }
        const auto parts = job.reply->build(m, idx + 1, seenChanged);
        if (!parts) {
            m_fetch.reset();
            m_closing = true;
            m_socket->abort();
            return;
        }
        for (const QByteArray &part : *parts)
            m_turnOctets += part.size();
        writeParts(*parts);
    }
    if (m_closing)
        return;
    const QByteArray tag = job.tag;
    m_fetch.reset();
    qCDebug(lcEmulator) << "session: fetch" << tag.left(40) << "completed";
    tagged(tag, "OK", "Fetch completed");
}

} // namespace msim::emulator
