// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QDateTime>
#include <QList>
#include <QString>

#include <optional>

namespace msim::emulator::mbox {

// An mbox file read the way Dovecot 2.3 (Debian 12's dovecot-imapd) reads it, so that the
// built-in server serves the octets Dovecot serves (DESIGN.md §5). The rules, checked against
// the real Dovecot by tests/integration/tst_dovecot_mbox.cpp over tests/data/mbox/*.mbox:
//
// - A file must begin with a valid From_ line; anything else (text, a blank line, "From me")
//   is not an mbox and Dovecot refuses to open it ("Mailbox isn't a valid mbox file"). An
//   empty file is an empty mailbox.
// - A message ends only where a line end is followed by a *valid* From_ line (fromLineDate).
//   Unescaped body lines such as "From Russia with love" stay in the body.
// - That line end (LF or CRLF) belongs to the separator, so the blank line mboxes put before a
//   From_ line is not served; a message not followed by a blank line loses its last line end.
//   At the end of the file the final LF (or CRLF) is dropped the same way.
// - `>From ` quoting is kept as stored (mboxo: nothing is unquoted).
// - A From_ line without a line end (at the end of the file) is body text.
// - The From_ line right after another one is the second message's first line (Dovecot looks
//   for a separator only after the message's first octet); a From_ line followed by a blank
//   line and a From_ line is a 0-octet message.
// - Header fields Dovecot keeps for itself are hidden (with their continuation lines), in the
//   header section only (up to the first empty line): Content-Length, Status, X-IMAP,
//   X-IMAPbase, X-Keywords, X-Status, X-UID; names compared without case, without the spaces
//   before the colon and only up to a NUL ("Status\0x:" is Status). Netscape's
//   X-Mozilla-Status / X-Mozilla-Status2 are served.
// - The first message is UW-IMAP's / Pine's "FOLDER INTERNAL DATA" pseudo message, which
//   Dovecot does not show, when the first of its X-IMAP / X-IMAPbase fields with a valid value
//   ("<uidvalidity> <uidlast>", UIDVALIDITY not 0) is X-IMAP (mbox-sync-parse.c's
//   parse_x_imap); whatever its sender or subject. A lone such message leaves 0 messages;
//   X-IMAP in a later message, or with another value, is only hidden.
// - Flags come from the hidden Status / X-Status fields of the header section, as
//   mbox-sync-parse.c's mbox_status_flags / mbox_xstatus_flags read them: any R in a Status
//   value is \Seen (O only clears \Recent, which msim does not serve); in an X-Status value A
//   is \Answered, F \Flagged, T \Draft, D \Deleted (case matters; other octets and repeats
//   are ignored; several fields and continuation lines add up). In Dovecot's order: \Answered
//   \Flagged \Deleted \Seen \Draft. X-Keywords gives no keywords (Dovecot needs them listed in
//   an X-IMAPbase first; msim does not follow that). Dovecot 2.3.19.1 corrupts a writable mbox
//   when it rewrites a message with two Status fields or a folded X-Status ("Sync failed for
//   mbox ... originally needed N bytes, now needs M bytes" in its log): the flags above are what
//   it reads, but tests/data/mbox avoids those forms.
// - A NUL octet, in the header or the body, is served as 0x80: not an mbox rule but Dovecot's
//   IMAP layer (imap-msgpart.c, i_stream_create_nonuls) for every format; Mailbox::nulAs0x80.
//   RFC822.SIZE is unchanged (one octet for one).
// - A non-empty message with no empty line whose last line has no line end gets an LF: Dovecot
//   writes its X-UID header there when it first opens a writable mbox (a read-only one serves
//   the message without it).
// - Line ends are served as CRLF (Mailbox::toCrlf).

// Longest stretch of a bad line quoted in an error message, in octets.
inline constexpr qsizetype kMaxQuotedOctets = 120;

// `rest` is what follows "From " (to the end of the file: like Dovecot, the parser may look
// past the line). Returns the date of a valid From_ line, or nullopt. Valid means, as Dovecot's
// mbox_from_parse decides: a sender (an optional "quoted part", then up to a space; no line
// end), spaces, then at least 21 octets of which the first 4 (the weekday) are not checked,
// then either "Mon DD HH:MM[:SS] [ZONE|+HHMM ]YYYY[ +HHMM]" (month in any case, "???" for
// January, day one or two digits, a single-digit day may have an extra space) or the
// alternate "D Mon YYYY HH:MM[:SS]"; anything after the year is ignored. A date without a zone
// is taken as local time (as Dovecot does); a named zone is ignored.
std::optional<QDateTime> fromLineDate(QByteArrayView rest);

struct Message
{
    qint64 offset = 0;  // of its From_ line in the file
    QByteArray stored;  // between the From_ line and the separator, as stored
    QDateTime received; // the From_ line's date (INTERNALDATE)
};

// Splits a whole mbox file into the messages Dovecot shows (the pseudo message dropped). Limits: at
// most `maxMessages` messages, each at most `maxOctets` stored octets. On failure returns nullopt
// with *error a sentence naming the offset and the offending line (sanitised with
// net::printable::octets, at most kMaxQuotedOctets of it) or the limit; `what` names the file in
// it.
std::optional<QList<Message>> split(QByteArrayView file, const QString &what, qint64 maxMessages,
                                    qint64 maxOctets, QString *error);

// True when `stored`, the file's first message, is the "FOLDER INTERNAL DATA" pseudo message
// (split() drops it).
bool folderInternalData(QByteArrayView stored);

// The flags Dovecot gives a stored message (its Status / X-Status fields), in Dovecot's order.
QList<QByteArray> flags(QByteArrayView stored);

// What Dovecot serves for a stored message: hidden headers removed, the header section's line
// end supplied, LF line ends as CRLF. Output at most one octet per input octet plus the CRs.
QByteArray served(QByteArrayView stored);

} // namespace msim::emulator::mbox
