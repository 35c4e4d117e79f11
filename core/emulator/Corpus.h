// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QList>

namespace msim::emulator {

// One message of a corpus, in the form a server serves it (CRLF line ends) and in the form it is
// stored on disk (the same, except for the one bare-LF message).
struct CorpusMessage
{
    quint32 uid = 0;
    QByteArray label;  // short description, e.g. "20000 octets" or "multipart with attachments"
    QByteArray served; // RFC822.SIZE == served.size()
    QByteArray stored; // what a Maildir file holds
    QList<QByteArray> flags;
};

// The sample corpus of DESIGN.md §5, the same octets for the built-in server and the Dovecot
// fixture: sizes 1024, 6143, 6144, 6145, 12288, 20000, 26000, 102400, 1 MiB and 5 MiB, a MIME
// multipart with attachments, non-ASCII headers, and one message written with bare LF line ends;
// then the MIME cases (UIDs 14-17): a 34 KB base64 attachment past the first chunk, a nested
// multipart/alternative with inline images, an RFC 2231 file name, and a multipart without a
// boundary (CorpusMime.h).
// Every body line of the sized messages starts with its own octet offset (8 digits), so a
// chunk's origin can be read by eye. Deterministic: the same bytes on every machine.
class Corpus
{
public:
    static constexpr quint32 kUidValidity = 1998;

    static QList<CorpusMessage> sample();
    // N small messages (varied senders, subjects, dates) for big-mailbox work.
    static QList<CorpusMessage> generated(int count);

    // A text message of exactly `size` octets (CRLF form) with offset-numbered body lines.
    static QByteArray sized(qint64 size, const QByteArray &subject, const QByteArray &messageId);
    // The UID of the sample message of that served size (0 when none).
    static quint32 uidOfSize(qint64 size);

    static QByteArray toBareLf(const QByteArray &crlf);
};

} // namespace msim::emulator
