// SPDX-License-Identifier: MIT
#include "imap/CommandBuilder.h"

#include <algorithm>

namespace msim::imap {

QByteArray CommandBuilder::quoted(QByteArrayView s)
{
    QByteArray out;
    out.reserve(s.size() + 2);
    out += '"';
    for (char c : s) {
        if (c == '"' || c == '\\')
            out += '\\';
        out += c;
    }
    out += '"';
    return out;
}

static Command plain(const char *text)
{
    return Command{QByteArray(text), {}};
}

// The one-word commands read best as a table.
// clang-format off
Command CommandBuilder::capability() { return plain("capability"); }
Command CommandBuilder::noop() { return plain("noop"); }
Command CommandBuilder::logout()
{
    return Command{"logout", {}, CommandKind::Logout};
}
Command CommandBuilder::namespaceCommand() { return plain("namespace"); }
Command CommandBuilder::starttls() { return plain("starttls"); }
Command CommandBuilder::authenticateLogin() { return plain("authenticate login"); }
Command CommandBuilder::authenticatePlain() { return plain("authenticate plain"); }
// clang-format on

// MESSENGER45.md §3: the arguments go between quotes as they are; quoted() is not used here.
Command CommandBuilder::login(QByteArrayView user, QByteArrayView password)
{
    Command c;
    c.text = "login ";
    const qsizetype u0 = c.text.size();
    c.text += '"' + user.toByteArray() + '"';
    const qsizetype u1 = c.text.size();
    c.text += ' ';
    const qsizetype p0 = c.text.size();
    c.text += '"' + password.toByteArray() + '"';
    c.secrets = {{u0, u1}, {p0, c.text.size()}};
    return c;
}

bool CommandBuilder::breaksRawQuoting(QByteArrayView argument)
{
    return argument.contains('"') || argument.contains('\\');
}

Command CommandBuilder::select(QByteArrayView mailbox)
{
    return Command{"select " + quoted(mailbox), {}};
}

Command CommandBuilder::examine(QByteArrayView mailbox)
{
    return Command{"examine " + quoted(mailbox), {}};
}

Command CommandBuilder::list(QByteArrayView reference, QByteArrayView pattern)
{
    return Command{"list " + quoted(reference) + ' ' + quoted(pattern), {}};
}

Command CommandBuilder::lsub(QByteArrayView reference, QByteArrayView pattern)
{
    return Command{"lsub " + quoted(reference) + ' ' + quoted(pattern), {}};
}

Command CommandBuilder::uidFetchSizes(QByteArrayView uidSet)
{
    return Command{"UID fetch " + uidSet.toByteArray() + " (UID RFC822.SIZE FLAGS)", {}};
}

Command CommandBuilder::uidFetchPeekPartial(quint32 uid, qint64 start, qint64 length)
{
    return Command{"UID fetch " + QByteArray::number(uid) + " (UID RFC822.SIZE BODY.PEEK[]<" +
                       QByteArray::number(start) + '.' + QByteArray::number(length) + ">)",
                   {}};
}

Command CommandBuilder::uidFetchChunk(quint32 uid, qint64 start, qint64 length, bool xsender)
{
    return Command{
        "UID fetch " + QByteArray::number(uid) +
            (xsender ? " (XSENDER UID RFC822.SIZE BODY[]<" : " (UID RFC822.SIZE BODY[]<") +
            QByteArray::number(start) + '.' + QByteArray::number(length) + ">)",
        {}};
}

Command CommandBuilder::uidFetchWhole(quint32 uid, bool xsender)
{
    return Command{
        "UID fetch " + QByteArray::number(uid) +
            (xsender ? " (XSENDER UID RFC822.SIZE BODY[])" : " (UID RFC822.SIZE BODY[])"),
        {}};
}

Command CommandBuilder::uidFetchRfc822(quint32 uid, bool xsender)
{
    return Command{
        "UID fetch " + QByteArray::number(uid) +
            (xsender ? " (XSENDER UID RFC822.SIZE RFC822)" : " (UID RFC822.SIZE RFC822)"),
        {}};
}

Command CommandBuilder::uidFetchPeek(QByteArrayView uidSet, bool xsender)
{
    return Command{
        "UID fetch " + uidSet.toByteArray() +
            (xsender ? " (XSENDER UID RFC822.SIZE BODY.PEEK[])" : " (UID RFC822.SIZE BODY.PEEK[])"),
        {}};
}

Command CommandBuilder::uidFetchRfc822Peek(QByteArrayView uidSet, bool xsender)
{
    return Command{
        "UID fetch " + uidSet.toByteArray() +
            (xsender ? " (XSENDER UID RFC822.SIZE RFC822.peek)" : " (UID RFC822.SIZE RFC822.peek)"),
        {}};
}

Command CommandBuilder::uidFetchHeaders(QByteArrayView uidSet)
{
    return Command{
        "UID fetch " + uidSet.toByteArray() + " (UID RFC822.SIZE BODY.PEEK[HEADER] FLAGS)", {}};
}

Command CommandBuilder::uidFetchRfc822Header(QByteArrayView uidSet)
{
    return Command{"UID fetch " + uidSet.toByteArray() + " (UID RFC822.SIZE RFC822.HEADER FLAGS)",
                   {}};
}

Command CommandBuilder::uidFetchFlags(QByteArrayView uidSet)
{
    return Command{"UID fetch " + uidSet.toByteArray() + " (FLAGS)", {}};
}

Command CommandBuilder::uidStoreFlags(QByteArrayView uidSet, bool add, QByteArrayView flags)
{
    return Command{"uid store " + uidSet.toByteArray() + (add ? " +FLAGS (" : " -FLAGS (") +
                       flags.toByteArray() + ')',
                   {}};
}

QByteArray CommandBuilder::emergencyLogoutLine()
{
    return QByteArrayLiteral("xxxx logout\r\n");
}

QByteArray CommandBuilder::uidSet(QList<quint32> uids)
{
    std::sort(uids.begin(), uids.end());
    uids.erase(std::unique(uids.begin(), uids.end()), uids.end());
    QByteArray out;
    for (qsizetype i = 0; i < uids.size();) {
        qsizetype j = i;
        while (j + 1 < uids.size() && uids[j + 1] == uids[j] + 1)
            ++j;
        if (!out.isEmpty())
            out += ',';
        out += QByteArray::number(uids[i]);
        if (j > i)
            out += ':' + QByteArray::number(uids[j]);
        i = j + 1;
    }
    return out;
}

QByteArray CommandBuilder::base64(QByteArrayView bytes)
{
    return bytes.toByteArray().toBase64();
}

QByteArray CommandBuilder::plainResponse(QByteArrayView user, QByteArrayView password)
{
    QByteArray raw;
    raw += '\0';
    raw += user.toByteArray();
    raw += '\0';
    raw += password.toByteArray();
    return raw.toBase64();
}

} // namespace msim::imap
