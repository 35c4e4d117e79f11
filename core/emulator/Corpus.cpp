// SPDX-License-Identifier: MIT
#include "emulator/Corpus.h"

#include "emulator/CorpusMime.h"

#include <QDateTime>
#include <QTimeZone>

namespace msim::emulator {

namespace {

constexpr qint64 kLine = 78;    // octets of a full body line, CRLF included
constexpr qint64 kMinLine = 11; // "%08lld" + " " + CRLF ... smallest numbered line
const QByteArray kFiller =
    "The quick brown fox jumps over the lazy dog while Messenger fetches in chunks. ";

QByteArray header(const QByteArray &subject, const QByteArray &messageId, qint64 size)
{
    QByteArray h;
    h += "From: msim corpus <corpus@msim.invalid>\r\n";
    h += "To: support@msim.invalid\r\n";
    h += "Subject: " + subject + "\r\n";
    h += "Date: Mon, 02 Nov 1998 10:00:00 +0000\r\n";
    h += "Message-ID: <" + messageId + ">\r\n";
    h += "MIME-Version: 1.0\r\n";
    h += "Content-Type: text/plain; charset=us-ascii\r\n";
    if (size >= 0)
        h += "X-Msim-Size: " + QByteArray::number(size) + "\r\n";
    h += "\r\n";
    return h;
}

// A body line of exactly `len` octets (len >= kMinLine) starting with its offset.
void appendLine(QByteArray &out, qint64 len)
{
    const qint64 offset = out.size();
    QByteArray line = QByteArray::number(offset).rightJustified(8, '0') + ' ';
    const qint64 text = len - line.size() - 2;
    for (qint64 i = 0; i < text; ++i)
        line += kFiller.at((offset + i) % kFiller.size());
    line += "\r\n";
    out += line;
}

QByteArray fillBody(QByteArray msg, qint64 size)
{
    msg.reserve(size);
    while (msg.size() < size) {
        const qint64 remaining = size - msg.size();
        if (remaining == kLine || remaining >= kLine + kMinLine)
            appendLine(msg, kLine);
        else if (remaining <= kLine)
            appendLine(msg, remaining);
        else
            appendLine(msg, remaining - 40);
    }
    return msg;
}

QByteArray multipart()
{
    QByteArray m;
    m += "From: Pat Customer <pat@customer.invalid>\r\n";
    m += "To: support@msim.invalid\r\n";
    m += "Subject: msim sample: multipart with attachments\r\n";
    m += "Date: Tue, 03 Nov 1998 09:30:00 +0100\r\n";
    m += "Message-ID: <multipart.sample@msim.invalid>\r\n";
    m += "MIME-Version: 1.0\r\n";
    m += "Content-Type: multipart/mixed; boundary=\"msim-boundary-1998\"\r\n";
    m += "\r\n";
    m += "This is a multi-part message in MIME format.\r\n";
    m += "--msim-boundary-1998\r\n";
    m += "Content-Type: text/plain; charset=us-ascii\r\n";
    m += "Content-Transfer-Encoding: 7bit\r\n\r\n";
    for (int i = 0; i < 40; ++i)
        m += "Line " + QByteArray::number(i) + " of the text part. " + kFiller + "\r\n";
    m += "--msim-boundary-1998\r\n";
    m += "Content-Type: application/octet-stream; name=\"pattern.bin\"\r\n";
    m += "Content-Transfer-Encoding: base64\r\n";
    m += "Content-Disposition: attachment; filename=\"pattern.bin\"\r\n\r\n";
    QByteArray bin;
    for (int i = 0; i < 9000; ++i)
        bin += char((i * 37 + i / 256) & 0xff);
    const QByteArray b64 = bin.toBase64();
    for (qsizetype i = 0; i < b64.size(); i += 76)
        m += b64.mid(i, 76) + "\r\n";
    m += "--msim-boundary-1998\r\n";
    m += "Content-Type: text/plain; charset=utf-8; name=\"notes.txt\"\r\n";
    m += "Content-Transfer-Encoding: quoted-printable\r\n";
    m += "Content-Disposition: attachment; filename=\"notes.txt\"\r\n\r\n";
    m += "Customer notes: messages over 6 KB are cut off when SSL is on.=0D=0A\r\n";
    m += "--msim-boundary-1998--\r\n";
    return m;
}

QByteArray nonAscii()
{
    QByteArray m;
    m += "From: =?ISO-8859-1?Q?J=F6rg_M=FCller?= <joerg@customer.invalid>\r\n";
    m += "To: support@msim.invalid\r\n";
    m += "Subject: msim sample: non-ASCII headers \xc3\x84rger mit gro\xc3\x9f"
         "en Nachrichten \xe2\x80\x94 =?UTF-8?B?R3LDvMOfZQ==?=\r\n";
    m += "X-Customer-Note: caf\xc3\xa9 na\xc3\xafve \xe6\x97\xa5\xe6\x9c\xac\r\n";
    m += "Date: Wed, 04 Nov 1998 16:45:00 +0100\r\n";
    m += "Message-ID: <nonascii.sample@msim.invalid>\r\n";
    m += "MIME-Version: 1.0\r\n";
    m += "Content-Type: text/plain; charset=utf-8\r\n";
    m += "Content-Transfer-Encoding: 8bit\r\n\r\n";
    return fillBody(m, m.size() + 3000);
}

} // namespace

QByteArray Corpus::sized(qint64 size, const QByteArray &subject, const QByteArray &messageId)
{
    return fillBody(header(subject, messageId, size), size);
}

QByteArray Corpus::toBareLf(const QByteArray &crlf)
{
    QByteArray out = crlf;
    out.replace("\r\n", "\n");
    return out;
}

quint32 Corpus::uidOfSize(qint64 size)
{
    static const qint64 sizes[] = {1024,  6143,  6144,   6145,        12288,
                                   20000, 26000, 102400, 1024 * 1024, 5 * 1024 * 1024};
    for (quint32 i = 0; i < std::size(sizes); ++i)
        if (sizes[i] == size)
            return i + 1;
    return 0;
}

QList<CorpusMessage> Corpus::sample()
{
    QList<CorpusMessage> out;
    const qint64 sizes[] = {1024,  6143,  6144,   6145,        12288,
                            20000, 26000, 102400, 1024 * 1024, 5 * 1024 * 1024};
    quint32 uid = 1;
    for (qint64 s : sizes) {
        CorpusMessage m;
        m.uid = uid++;
        m.label = QByteArray::number(s) + " octets";
        m.served = sized(s, "msim sample: " + QByteArray::number(s) + " octets",
                         QByteArray::number(s) + ".sample@msim.invalid");
        m.stored = m.served;
        out.append(m);
    }
    // A message stored as it is served (all but the bare-LF one).
    const auto asServed = [&](const QByteArray &label, const QByteArray &served) {
        CorpusMessage m;
        m.uid = uid++;
        m.label = label;
        m.served = served;
        m.stored = served;
        out.append(m);
    };
    asServed("multipart with attachments", multipart());
    asServed("non-ASCII headers", nonAscii());

    CorpusMessage lf;
    lf.uid = uid++;
    lf.label = "bare LF line ends on disk";
    lf.served =
        sized(8000, "msim sample: stored with bare LF line ends", "bare-lf.sample@msim.invalid");
    lf.stored = toBareLf(lf.served);
    out.append(lf);
    // The MIME cases support tickets bring (MimeDamage), after the UIDs older tests name.
    asServed("multipart with a 34 KB attachment", corpusmime::largeAttachment());
    asServed("alternative text and HTML with inline images", corpusmime::nestedAlternative());
    asServed("attachment with an RFC 2231 file name", corpusmime::rfc2231Name());
    asServed("multipart without a boundary", corpusmime::missingBoundary());
    return out;
}

QList<CorpusMessage> Corpus::generated(int count)
{
    static const char *const names[] = {"Alice Archer", "Bob Baker",    "Carol Cooper",
                                        "Dan Draper",   "Eve Fletcher", "Frank Mason"};
    static const char *const topics[] = {"Quarterly report",          "Re: lunch on Friday",
                                         "Server maintenance window", "Invoice",
                                         "Fwd: customer ticket",      "Meeting notes"};
    QList<CorpusMessage> out;
    out.reserve(count);
    const QDateTime base(QDate(1998, 11, 2), QTime(8, 0), Qt::UTC);
    for (int i = 0; i < count; ++i) {
        const quint32 uid = quint32(i + 1);
        const char *name = names[i % std::size(names)];
        QByteArray addr = QByteArray(name).toLower().replace(' ', '.') + "@example.invalid";
        QByteArray m;
        m += "From: " + QByteArray(name) + " <" + addr + ">\r\n";
        m += "To: support@msim.invalid\r\n";
        m += "Subject: " + QByteArray(topics[(i / 6) % std::size(topics)]) + " #" +
             QByteArray::number(uid) + "\r\n";
        m += "Date: " + base.addSecs(qint64(i) * 97).toString(Qt::RFC2822Date).toLatin1() + "\r\n";
        m += "Message-ID: <gen." + QByteArray::number(uid) + "@msim.invalid>\r\n";
        m += "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\n";
        const qint64 size = m.size() + 200 + (qint64(i) * 7919) % 1800;
        CorpusMessage cm;
        cm.uid = uid;
        cm.label = "generated " + QByteArray::number(uid);
        cm.served = fillBody(m, size);
        cm.stored = cm.served;
        out.append(cm);
    }
    return out;
}

} // namespace msim::emulator
