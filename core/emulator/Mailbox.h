// SPDX-License-Identifier: MIT
#pragma once

#include "emulator/SequenceSet.h"

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QString>

#include <optional>

namespace msim::emulator {

struct StoredMessage
{
    quint32 uid = 0;
    QByteArray data; // as served: CRLF line ends
    QList<QByteArray> flags;
    QDateTime internalDate;
};

// The messages the built-in server serves (DESIGN.md §5): the sample corpus (the octets the
// Dovecot fixture stores), `generated:N`, a Maildir, an mbox, or .eml files given on the
// command line (a customer's sample message), one corpus or several in a row. Every file is
// served as Dovecot serves it: bare LF line ends as CRLF, an mbox as emulator/Mbox.h says, a
// 0-octet file as a 0-octet message.
class Mailbox
{
public:
    // Largest message and mailbox the server loads (a 5 MiB corpus message, a customer's
    // attachment-laden message, a 100 000-message generated mailbox all fit). No option raises
    // them; errors say so.
    static constexpr qint64 kMaxMessageOctets = 128LL * 1024 * 1024;
    static constexpr qint64 kMaxMessages = 1000000;
    // Largest mbox file read (whole, into memory; each message still at most kMaxMessageOctets).
    static constexpr qint64 kMaxMboxOctets = 1024LL * 1024 * 1024;

    // Where one corpus spec's messages came from, for `serve`'s "loaded ..." line.
    struct Load
    {
        QString from; // "mbox /path/x.mbox", "the sample corpus", "eml a.eml, b.eml", ...
        qsizetype messages = 0;
        QString line() const; // "loaded 3 messages from mbox /path/x.mbox"
    };

    // Why fromSpec failed: the spec itself is malformed (an unknown kind, generated:N out of
    // range, a kind without its argument, an empty name in an eml: list: a usage error), or it
    // names something that cannot be loaded (missing, unreadable, not a Maildir, a malformed
    // mbox, over a limit).
    enum class Failure { BadSpec, CannotLoad };

    // One spec: "sample", "generated:N", "maildir:DIR", "mbox:FILE", "eml:FILE[,FILE...]"
    // (when the whole text after "eml:" names an existing file it is that one file, commas and
    // all). nullopt with *error a sentence (the file, the offset and line for a malformed
    // mbox, the limit and that it is msim's for a file too large) and *failure (when given)
    // which kind of failure it is.
    static std::optional<Mailbox> fromSpec(const QString &spec, QString *error,
                                           Failure *failure = nullptr);
    // Several specs in order: each adds its messages, UIDs continuing after the previous ones
    // (the first keeps its own: the sample corpus's fixed UIDs). At most kMaxMessages in all.
    static std::optional<Mailbox> fromSpecs(const QStringList &specs, QString *error,
                                            Failure *failure = nullptr);
    static Mailbox sample();
    static Mailbox generated(int count);

    QList<StoredMessage> messages;
    quint32 uidValidity = 1998;
    QList<Load> loads; // one per spec, in order (empty for sample() / generated())

    // Indexes begin..end-1 into messages.
    struct Span
    {
        qsizetype begin = 0;
        qsizetype end = 0;
        friend bool operator==(const Span &, const Span &) = default;
    };

    // messages are kept in ascending UID order, each UID once (every loader makes them so):
    // the lookups below search the UIDs rather than scan them.
    quint32 uidNext() const { return messages.isEmpty() ? 1 : messages.last().uid + 1; }
    qsizetype indexOfUid(quint32 uid) const; // -1 when absent; O(log N)
    // The messages `set` names, by sequence number or (`uid`) by UID, '*' being the last
    // message, as ascending, disjoint spans of indexes; numbers that name no message are left
    // out. O(R log R + R log N) for a set of R ranges over N messages: never a pass over all
    // messages, however many the set names.
    QList<Span> spansOf(const SequenceSet &set, bool uid) const;
    static QByteArray toCrlf(const QByteArray &data);
    // NUL octets as 0x80, as Dovecot's IMAP layer sends every message of every format (IMAP
    // literals may not hold NULs; imap-msgpart.c): one octet for one, so sizes stay.
    static QByteArray nulAs0x80(QByteArray data);
};

} // namespace msim::emulator
