// SPDX-License-Identifier: MIT
#include "imap/LoginJob.h"

#include "imap/Logging.h"

namespace msim::imap {

LoginJob::LoginJob(ImapSession *session)
    : QObject(session)
    , m_session(session)
{}

void LoginJob::setState(State state)
{
    qCDebug(lcImap) << "login job:" << m_state << "->" << state;
    m_state = state;
}

void LoginJob::fail(Error error, const QString &message)
{
    m_error = error;
    m_errorString = message;
    setState(State::Failed);
    Q_EMIT errorOccurred(error);
    Q_EMIT finished();
}

void LoginJob::succeed()
{
    setState(State::Done);
    Q_EMIT finished();
}

bool LoginJob::answered(const PendingCommand &c)
{
    using Outcome = PendingCommand::Outcome;
    return c.outcome() == Outcome::Ok || c.outcome() == Outcome::No || c.outcome() == Outcome::Bad;
}

Command LoginJob::secretLine(QByteArray text)
{
    Command line;
    line.text = std::move(text);
    line.secrets = {{0, line.text.size()}};
    return line;
}

QString LoginJob::cacheKey() const
{
    return CapabilityCache::key(m_session->m_options.endpoint);
}

void LoginJob::start()
{
    setState(State::Greeting);
}

void LoginJob::greeting(const Response &r)
{
    ImapSession &s = *m_session;
    s.m_greeting = s.m_transcript->received(r.offset, r.end).trimmed();
    const auto *st = r.as<UntaggedStatus>();
    if (!st || (st->status != Status::Ok && st->status != Status::Preauth)) {
        if (st && st->status == Status::Bye) {
            s.m_byeSeen = true;
            fail(Error::Greeting, QStringLiteral("the server refused the session at once: * BYE %1")
                                      .arg(s.sanitisedServerText(st->text)));
        } else {
            fail(Error::Greeting, QStringLiteral("expected a greeting (* OK or * PREAUTH) but the "
                                                 "server sent: %1")
                                      .arg(net::Transcript::escape(s.m_greeting.left(200))));
        }
        return;
    }
    s.m_timer.stop();
    s.m_preauth = st->status == Status::Preauth;
    // A [CAPABILITY ...] code in the greeting is ignored: 4.x learns capabilities only from its
    // own `capability` command (MESSENGER45.md §3).
    s.setState(ImapSession::State::Authenticating);
    const bool startTls = s.m_options.endpoint.security == net::Security::StartTls;
    if (startTls && s.m_preauth && s.m_options.capabilityCache &&
        s.m_options.capabilityCache->contains(cacheKey())) {
        refusePreauthWithoutTls();
        return;
    }
    setState(State::Capability);
    if (takeCachedCapabilities()) {
        capabilitiesKnown();
        return;
    }
    // Before TLS the capabilities only say whether STARTTLS is offered; they are not cached
    // (the cache holds what the client learns after TLS).
    sendCapability(!startTls);
}

void LoginJob::capabilitiesKnown()
{
    ImapSession &s = *m_session;
    if (m_state == State::Capability && s.m_options.endpoint.security == net::Security::StartTls) {
        if (s.m_preauth) {
            refusePreauthWithoutTls();
            return;
        }
        if (!s.m_capabilitiesFromCache && !s.hasCapability("STARTTLS")) {
            fail(Error::StartTlsUnavailable,
                 QStringLiteral("the server does not offer STARTTLS; msim will not fall back to "
                                "plain text (use --security none to test without TLS, or "
                                "--security ssl)"));
            return;
        }
        startTls();
        return;
    }
    startLogin();
}

void LoginJob::refusePreauthWithoutTls()
{
    fail(Error::StartTlsUnavailable,
         QStringLiteral("the server pre-authenticated the session in plain text (PREAUTH), so "
                        "STARTTLS is not possible; msim will not go on without TLS"));
}

void LoginJob::startTls()
{
    ImapSession &s = *m_session;
    setState(State::StartTls);
    s.m_transcript->note(QStringLiteral("STARTTLS is msim's addition, not Messenger 4.5 behaviour: "
                                        "4.5 had no STARTTLS (its SSL was a separate connection "
                                        "to the SSL port)"));
    PendingCommand *c = s.execute(CommandBuilder::starttls());
    connect(c, &PendingCommand::finished, this, [this, c] {
        if (!answered(*c))
            return; // the session failed already
        if (!c->isOk()) {
            fail(Error::StartTlsRefused, QStringLiteral("the server refused STARTTLS (%1); msim "
                                                        "will not fall back to plain text")
                                             .arg(m_session->taggedText(c->tagged())));
            return;
        }
        setState(State::TlsHandshake);
        m_session->m_startTlsPending = true;
        m_session->m_connection->startTls();
    });
}

void LoginJob::tlsReady()
{
    if (m_state != State::TlsHandshake)
        return;
    // RFC 3501 §6.2.1: forget what was said before TLS, and ask again (msim's STARTTLS path
    // always asks, cache or not); what is learned now is what the cache keeps.
    m_session->m_capabilities.clear();
    m_session->m_capabilitiesFromCache = false;
    setState(State::CapabilityAfterTls);
    sendCapability(true);
}

bool LoginJob::takeCachedCapabilities()
{
    ImapSession &s = *m_session;
    if (!s.m_options.capabilityCache)
        return false;
    const auto cached = s.m_options.capabilityCache->find(cacheKey());
    if (!cached)
        return false;
    s.m_capabilities = *cached;
    s.m_capabilitiesFromCache = true;
    const bool startTls = s.m_options.endpoint.security == net::Security::StartTls;
    s.m_transcript->note(
        QStringLiteral("no capability command%1: this client already learned the capabilities "
                       "of %2 (Messenger 4.5 keeps them per host): %3")
            .arg(startTls ? QStringLiteral(" before STARTTLS") : QString(), cacheKey(),
                 net::Transcript::escape(s.m_capabilities.join(' ').left(kMaxQuotedCapabilities))));
    return true;
}

void LoginJob::sendCapability(bool store)
{
    ImapSession &s = *m_session;
    s.m_capabilityLearned = false;
    PendingCommand *c = s.execute(CommandBuilder::capability());
    s.m_capabilityCommand = c;
    connect(c, &PendingCommand::finished, this, [this, c, store] {
        ImapSession &s = *m_session;
        s.m_capabilityCommand = nullptr;
        if (!answered(*c))
            return; // the session failed already
        // Only the untagged * CAPABILITY counts; a [CAPABILITY ...] code in the OK is ignored.
        if (store && s.m_capabilityLearned && s.m_options.capabilityCache)
            s.m_options.capabilityCache->store(cacheKey(), s.m_capabilities);
        capabilitiesKnown();
    });
}

bool LoginJob::listsImap4() const
{
    // 4.x: IMAP4, IMAP4rev1 or any other IMAP4* capability (MESSENGER45.md §3).
    for (const QByteArray &c : m_session->m_capabilities)
        if (c.toUpper().startsWith("IMAP4"))
            return true;
    return false;
}

void LoginJob::startLogin()
{
    ImapSession &s = *m_session;
    if (!listsImap4()) {
        const QString listed =
            s.m_capabilityLearned || s.m_capabilitiesFromCache
                ? (s.m_capabilities.isEmpty()
                       ? QStringLiteral("its * CAPABILITY line was empty")
                       : QStringLiteral("it listed%1: %2")
                             .arg(s.m_capabilitiesFromCache
                                      ? QStringLiteral(" on this client's earlier connection")
                                      : QString(),
                                  net::Transcript::escape(
                                      s.m_capabilities.join(' ').left(kMaxQuotedCapabilities))))
                : QStringLiteral("it sent no * CAPABILITY line");
        fail(Error::NotImap4,
             QStringLiteral("the server did not list IMAP4 or IMAP4rev1 in reply to the "
                            "capability command (%1), so Messenger 4.5 refuses it as not an "
                            "IMAP4 server")
                 .arg(listed));
        return;
    }
    if (s.m_preauth) {
        s.m_transcript->note(QStringLiteral("pre-authenticated by the server (PREAUTH)"));
        succeed();
        return;
    }
    const Credentials &cr = s.m_options.credentials;
    if (cr.user.contains('\r') || cr.user.contains('\n') || cr.password.contains('\r') ||
        cr.password.contains('\n')) {
        fail(Error::LoginRefused,
             QStringLiteral("the user name or password contains a line break"));
        return;
    }
    if (s.hasCapability("AUTH=LOGIN") && !s.m_options.authLogin) {
        s.m_transcript->note(QStringLiteral("the server offers AUTH=LOGIN but mail.auth_login is "
                                            "false, so login instead of authenticate login"));
    }
    if (s.hasCapability("AUTH=LOGIN") && s.m_options.authLogin) {
        authenticateLogin();
        return;
    }
    login();
}

void LoginJob::authenticateLogin()
{
    // 4.x: AUTHENTICATE LOGIN first, user then password in base64 at each "+".
    setState(State::AuthenticateLogin);
    const Credentials cr = m_session->m_options.credentials;
    int step = 0;
    PendingCommand *c = m_session->execute(
        CommandBuilder::authenticateLogin(),
        [step, cr](const Continuation &) mutable -> std::optional<Command> {
            const int s = step++;
            if (s > 1)
                return Command{"*", {}}; // cancel (RFC 3501 §6.2.2)
            return secretLine(CommandBuilder::base64(s == 0 ? cr.user : cr.password));
        });
    connect(c, &PendingCommand::finished, this, [this, c] {
        if (c->isOk())
            succeed();
        else if (answered(*c))
            login(); // 4.x falls back to LOGIN
    });
}

void LoginJob::login()
{
    if (m_session->hasCapability("LOGINDISABLED")) {
        authenticatePlain();
        return;
    }
    setState(State::Login);
    const Credentials &cr = m_session->m_options.credentials;
    PendingCommand *c = m_session->execute(CommandBuilder::login(cr.user, cr.password));
    connect(c, &PendingCommand::finished, this, [this, c] {
        if (c->isOk())
            succeed();
        else if (answered(*c))
            fail(Error::LoginRefused, loginRefusal(c->tagged()));
    });
}

QString LoginJob::loginRefusal(const TaggedResponse &t) const
{
    QString msg = QStringLiteral("the server refused the login: %1").arg(m_session->taggedText(t));
    const Credentials &cr = m_session->m_options.credentials;
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

void LoginJob::authenticatePlain()
{
    ImapSession &s = *m_session;
    if (!s.hasCapability("AUTH=PLAIN")) {
        fail(Error::NoLoginMethod,
             QStringLiteral("the server refuses LOGIN here (LOGINDISABLED) and offers no "
                            "AUTH=PLAIN or AUTH=LOGIN; connect with --security ssl or starttls"));
        return;
    }
    setState(State::AuthenticatePlain);
    s.m_transcript->note(QStringLiteral("AUTHENTICATE PLAIN is msim's addition, not Messenger 4.5 "
                                        "behaviour: the server advertises LOGINDISABLED, and 4.5 "
                                        "would have sent login here"));
    const Credentials cr = s.m_options.credentials;
    bool sent = false;
    PendingCommand *c =
        s.execute(CommandBuilder::authenticatePlain(),
                  [sent, cr](const Continuation &) mutable -> std::optional<Command> {
                      if (sent)
                          return Command{"*", {}};
                      sent = true;
                      return secretLine(CommandBuilder::plainResponse(cr.user, cr.password));
                  });
    connect(c, &PendingCommand::finished, this, [this, c] {
        if (c->isOk())
            succeed();
        else if (answered(*c))
            fail(Error::LoginRefused, QStringLiteral("the server refused the login: %1")
                                          .arg(m_session->taggedText(c->tagged())));
    });
}

} // namespace msim::imap
