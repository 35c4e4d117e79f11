// SPDX-License-Identifier: MIT
#pragma once

#include "net/Transcript.h"

#include <QByteArray>
#include <QList>

namespace msim::imap {

// What a command is, where the session acts on it (a `logout` answered OK ends the session
// as a normal logout); every other command is Other. Set by CommandBuilder, never read back
// from the text.
enum class CommandKind { Other, Logout };

// A command without its tag and CRLF, with the ranges that hold secrets (redacted in the
// transcript).
struct Command
{
    QByteArray text;
    QList<net::Transcript::Secret> secrets;
    CommandKind kind = CommandKind::Other;
};

// The exact command strings of Netscape Messenger 4.x (MESSENGER45.md §3), all in one table so
// that a fidelity test pins every word: lowercase command words except "UID fetch" and
// "UID store", mailbox names quoted with \ and " escaped, login arguments quoted raw (4.x's
// bug), decimal tags (TagGenerator). The item lists follow the 4.x source's FetchMessage(),
// RFC822.peek spelled as it spells it.
class CommandBuilder
{
public:
    static QByteArray quoted(QByteArrayView s); // "..." with \ and " escaped (mailbox names)

    static Command capability();
    static Command noop();
    static Command logout();
    static Command namespaceCommand();
    static Command starttls();
    // `login "user" "password"`: the arguments are put between quotes as they are, WITHOUT
    // escaping, as 4.x did; a `"` or `\` in them makes the command malformed or changes what the
    // server reads (a real 4.5 bug msim reproduces, MESSENGER45.md §3). Both quoted arguments
    // are secrets (redacted in the transcript).
    static Command login(QByteArrayView user, QByteArrayView password);
    // Whether a login argument holds an octet that 4.x's unescaped quoting breaks.
    static bool breaksRawQuoting(QByteArrayView argument); // it holds a " or a backslash
    static Command authenticateLogin();
    static Command authenticatePlain();
    static Command select(QByteArrayView mailbox);
    static Command examine(QByteArrayView mailbox);
    static Command list(QByteArrayView reference, QByteArrayView pattern);
    static Command lsub(QByteArrayView reference, QByteArrayView pattern);

    // `UID fetch 320 (UID RFC822.SIZE BODY[]<0.6144>)`; with XSENDER advertised the item list
    // starts `(XSENDER UID ...`.
    static Command uidFetchChunk(quint32 uid, qint64 start, qint64 length, bool xsender);
    // `UID fetch 320 (UID RFC822.SIZE BODY[])`
    static Command uidFetchWhole(quint32 uid, bool xsender);
    // A server that is not IMAP4rev1 gets RFC822 (and never chunks):
    // `UID fetch 320 (UID RFC822.SIZE RFC822)`, `(XSENDER UID RFC822.SIZE RFC822)` with XSENDER.
    static Command uidFetchRfc822(quint32 uid, bool xsender = false);
    // Multi-message and offline copies, and msim's reference copy: `(UID RFC822.SIZE BODY.PEEK[])`
    // (`(XSENDER UID ...` with XSENDER).
    static Command uidFetchPeek(QByteArrayView uidSet, bool xsender = false);
    // The same for a server that is not IMAP4rev1: `UID fetch <set> (UID RFC822.SIZE RFC822.peek)`
    // (`(XSENDER UID RFC822.SIZE RFC822.peek)` with XSENDER), "peek" in lower case as 4.x wrote it.
    static Command uidFetchRfc822Peek(QByteArrayView uidSet, bool xsender = false);
    // The header download: `(UID RFC822.SIZE BODY.PEEK[HEADER] FLAGS)`
    static Command uidFetchHeaders(QByteArrayView uidSet);
    // The header download from a server that is not IMAP4rev1:
    // `UID fetch <set> (UID RFC822.SIZE RFC822.HEADER FLAGS)`
    static Command uidFetchRfc822Header(QByteArrayView uidSet);
    static Command uidFetchFlags(QByteArrayView uidSet);
    // msim's own, not 4.x's (the diagnose probes, DESIGN.md §4): the sizes and flags of a set,
    // `UID fetch 1:* (UID RFC822.SIZE FLAGS)`, and a partial that leaves \Seen alone,
    // `UID fetch 320 (UID RFC822.SIZE BODY.PEEK[]<0.1024>)`.
    static Command uidFetchSizes(QByteArrayView uidSet);
    static Command uidFetchPeekPartial(quint32 uid, qint64 start, qint64 length);
    // `uid store 320 -FLAGS (\Seen)` (add = "+FLAGS"), lower case as 4.x wrote it
    static Command uidStoreFlags(QByteArrayView uidSet, bool add, QByteArrayView flags);

    // The emergency teardown line, sent without a real tag (MESSENGER45.md §3).
    static QByteArray emergencyLogoutLine(); // "xxxx logout\r\n"

    // "1:3,5,9:10" from a list of UIDs (sorted, duplicates dropped).
    static QByteArray uidSet(QList<quint32> uids);
    // The base64 lines of AUTHENTICATE LOGIN and PLAIN.
    static QByteArray base64(QByteArrayView bytes);
    static QByteArray plainResponse(QByteArrayView user, QByteArrayView password);
};

// Messenger-style tags: a decimal counter per connection, starting at 1.
class TagGenerator
{
public:
    QByteArray next() { return QByteArray::number(++m_last); }
    int last() const { return m_last; }
    void reset() { m_last = 0; }

private:
    int m_last = 0;
};

} // namespace msim::imap
