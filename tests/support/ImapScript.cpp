// SPDX-License-Identifier: MIT
#include "ImapScript.h"

#include "emulator/Corpus.h"

namespace msim::testsupport {

using Step = ScriptedServer::Step;

QByteArray ImapScript::Message::header() const
{
    const qsizetype end = body.indexOf("\r\n\r\n");
    return end < 0 ? body : body.left(end + 4);
}

ImapScript::Message ImapScript::Message::sized(quint32 uid, qint64 size)
{
    Message m;
    m.uid = uid;
    m.body = emulator::Corpus::sized(size, "test " + QByteArray::number(size),
                                     QByteArray::number(size) + "@test");
    return m;
}

ScriptedServer::Scenario ImapScript::verification(const Message &m, bool restoreSeen,
                                                  const QByteArray &capabilities)
{
    ImapScript v(capabilities);
    v.open().reference(m, restoreSeen).logout();
    return v.build();
}

ImapScript::ImapScript(QByteArray capabilities)
    : m_caps(std::move(capabilities))
{}

ImapScript &ImapScript::open(int exists)
{
    m_steps << Step::serverLine("* OK [CAPABILITY " + m_caps + "] scripted server ready");
    client("capability");
    line("* CAPABILITY " + m_caps);
    ok("Capability completed");
    return login(exists);
}

ImapScript &ImapScript::reopen(int exists)
{
    m_steps << Step::serverLine("* OK [CAPABILITY " + m_caps + "] scripted server ready");
    return login(exists);
}

ImapScript &ImapScript::login(int exists)
{
    client("login \"test\" \"secret\"");
    ok("Logged in");
    client("select \"INBOX\"");
    line("* FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft)");
    line("* " + QByteArray::number(exists) + " EXISTS");
    line("* OK [UIDVALIDITY 1998] UIDs valid");
    ok("[READ-WRITE] Select completed");
    return *this;
}

ImapScript &ImapScript::headers(const QList<Message> &messages)
{
    QList<quint32> uids;
    for (const Message &m : messages)
        uids << m.uid;
    QByteArray set;
    for (quint32 u : uids)
        set += (set.isEmpty() ? "" : ",") + QByteArray::number(u);
    if (uids.size() > 1 && uids.last() - uids.first() + 1 == quint32(uids.size()))
        set = QByteArray::number(uids.first()) + ':' + QByteArray::number(uids.last());
    // 4.x asks a server without IMAP4rev1 for RFC822.HEADER (MESSENGER45.md §3).
    const bool rev1 = m_caps.toUpper().split(' ').contains("IMAP4REV1");
    client("UID fetch " + set +
           (rev1 ? " (UID RFC822.SIZE BODY.PEEK[HEADER] FLAGS)"
                 : " (UID RFC822.SIZE RFC822.HEADER FLAGS)"));
    int seq = 1;
    for (const Message &m : messages) {
        const QByteArray h = m.header();
        server("* " + QByteArray::number(seq++) + " FETCH (UID " + QByteArray::number(m.uid) +
               " RFC822.SIZE " + QByteArray::number(m.size()) + " FLAGS (" + m.flags + ") " +
               (rev1 ? "BODY[HEADER]" : "RFC822.HEADER") + " {" + QByteArray::number(h.size()) +
               "}\r\n" + h + ")\r\n");
    }
    return ok();
}

ImapScript &ImapScript::client(const QByteArray &text)
{
    m_steps << Step::client(m_tags.next() + ' ' + text);
    return *this;
}

ImapScript &ImapScript::clientRaw(const QByteArray &l)
{
    m_steps << Step::client(l);
    return *this;
}

ImapScript &ImapScript::server(const QByteArray &raw)
{
    m_steps << Step::server(raw);
    return *this;
}

ImapScript &ImapScript::trickle(const QByteArray &raw)
{
    m_steps << Step::trickle(raw);
    return *this;
}

ImapScript &ImapScript::line(const QByteArray &l)
{
    m_steps << Step::serverLine(l);
    return *this;
}

ImapScript &ImapScript::ok(const QByteArray &text)
{
    return line(lastTag() + " OK " + text);
}

ImapScript &ImapScript::logout()
{
    client("logout");
    line("* BYE Logging out");
    ok("Logout completed");
    m_steps << Step::waitClose();
    return *this;
}

ImapScript &ImapScript::emergencyLogout()
{
    clientRaw("xxxx logout");
    m_steps << Step::waitClose();
    return *this;
}

ImapScript &ImapScript::close()
{
    m_steps << Step::close();
    return *this;
}

ImapScript &ImapScript::reference(const Message &m, bool restoreSeen)
{
    client("UID fetch " + QByteArray::number(m.uid) + " (UID RFC822.SIZE BODY.PEEK[])");
    server("* 1 FETCH (UID " + QByteArray::number(m.uid) + " RFC822.SIZE " +
           QByteArray::number(m.size()) + " BODY[] {" + QByteArray::number(m.body.size()) +
           "}\r\n" + m.body + ")\r\n");
    ok();
    if (restoreSeen) {
        client("uid store " + QByteArray::number(m.uid) + " -FLAGS (\\Seen)");
        line("* 1 FETCH (FLAGS ())");
        ok("Store completed");
    }
    return *this;
}

QByteArray ImapScript::fetchReply(int seq, const Message &m, std::optional<qint64> origin,
                                  const QByteArray &data, const QByteArray &unframedExtra)
{
    QByteArray r = "* " + QByteArray::number(seq) + " FETCH (UID " + QByteArray::number(m.uid) +
                   " RFC822.SIZE " + QByteArray::number(m.size()) + " BODY[]";
    if (origin)
        r += '<' + QByteArray::number(*origin) + '>';
    r += " {" + QByteArray::number(data.size()) + "}\r\n" + data + unframedExtra + ")\r\n";
    return r;
}

} // namespace msim::testsupport
