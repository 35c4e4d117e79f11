// SPDX-License-Identifier: MIT
#include "emulator/CorpusMime.h"

#include <QStringBuilder>

namespace msim::emulator::corpusmime {

namespace {

QByteArray head(const QByteArray &subject, const QByteArray &id, const QByteArray &contentType)
{
    QByteArray m;
    m += "From: Pat Customer <pat@customer.invalid>\r\n";
    m += "To: support@msim.invalid\r\n";
    m += "Subject: msim sample: " + subject + "\r\n";
    m += "Date: Thu, 05 Nov 1998 11:15:00 +0100\r\n";
    m += "Message-ID: <" + id + "@msim.invalid>\r\n";
    m += "MIME-Version: 1.0\r\n";
    m += "Content-Type: " + contentType + "\r\n\r\n";
    return m;
}

// `n` deterministic bytes that start with `magic` (so a file type can be seen in a hex view).
QByteArray pattern(const QByteArray &magic, int n, int seed)
{
    QByteArray b = magic;
    b.reserve(n);
    quint32 x = quint32(seed) * 2654435761u + 1u;
    while (b.size() < n) {
        x = x * 1103515245u + 12345u;
        b += char((x >> 16) & 0xff);
    }
    b.truncate(n);
    return b;
}

QByteArray base64Lines(const QByteArray &bytes)
{
    const QByteArray b64 = bytes.toBase64();
    QByteArray out;
    for (qsizetype i = 0; i < b64.size(); i += 76)
        out += b64.mid(i, 76) + "\r\n";
    return out;
}

QByteArray textLines(const QByteArray &what, int lines)
{
    QByteArray out;
    for (int i = 1; i <= lines; ++i)
        out += what + " line " + QByteArray::number(i) + " of " + QByteArray::number(lines) +
               ": the customer wrote this text and expects to read all of it.\r\n";
    return out;
}

} // namespace

QByteArray largeAttachment()
{
    const QByteArray b = "msim-large-1998";
    QByteArray m = head("multipart with a 34 KB attachment", "large-attachment.sample",
                        "multipart/mixed; boundary=\"" + b + "\"");
    m += "This is a multi-part message in MIME format.\r\n";
    m += "--" + b + "\r\nContent-Type: text/plain; charset=us-ascii\r\n";
    m += "Content-Transfer-Encoding: 7bit\r\n\r\n";
    m += textLines("Text", 24);
    m += "--" + b + "\r\nContent-Type: application/pdf; name=\"report.pdf\"\r\n";
    m += "Content-Transfer-Encoding: base64\r\n";
    m += "Content-Disposition: attachment; filename=\"report.pdf\"\r\n\r\n";
    m += base64Lines(pattern("%PDF-1.3\n", 34 * 1024, 1));
    m += "--" + b + "\r\nContent-Type: text/csv; charset=us-ascii; name=\"summary.csv\"\r\n";
    m += "Content-Disposition: attachment; filename=\"summary.csv\"\r\n\r\n";
    m += "chunk,offset,octets\r\n1,0,6144\r\n2,6144,6144\r\n3,12288,6144\r\n";
    m += "--" + b + "--\r\n";
    return m;
}

QByteArray nestedAlternative()
{
    const QByteArray rel = "msim-related-1998";
    const QByteArray alt = "msim-alternative-1998";
    QByteArray m =
        head("alternative text and HTML with inline images", "nested-alternative.sample",
             "multipart/related; boundary=\"" + rel + "\"; type=\"multipart/alternative\"");
    m += "--" + rel + "\r\nContent-Type: multipart/alternative; boundary=\"" + alt + "\"\r\n\r\n";
    m += "--" + alt + "\r\nContent-Type: text/plain; charset=utf-8\r\n";
    m += "Content-Transfer-Encoding: quoted-printable\r\n\r\n";
    m += "Gr=C3=BC=C3=9Fe! The chart and the logo are in the HTML version.\r\n";
    m += textLines("Plain", 20);
    m += "--" + alt + "\r\nContent-Type: text/html; charset=utf-8\r\n";
    m += "Content-Transfer-Encoding: quoted-printable\r\n\r\n";
    m += "<html><body><p>Gr=C3=BC=C3=9Fe!</p><img src=3D\"cid:logo.1998@msim.invalid\">\r\n";
    for (int i = 1; i <= 20; ++i)
        m += "<p>HTML paragraph " + QByteArray::number(i) + " of 20.</p>\r\n";
    m += "<img src=3D\"cid:chart.1998@msim.invalid\"></body></html>\r\n";
    m += "--" + alt + "--\r\n";
    m += "--" + rel + "\r\nContent-Type: image/png\r\nContent-Transfer-Encoding: base64\r\n";
    m += "Content-ID: <logo.1998@msim.invalid>\r\nContent-Disposition: inline\r\n\r\n";
    m += base64Lines(pattern("\x89PNG\r\n\x1a\n", 6 * 1024, 2));
    m += "--" + rel + "\r\nContent-Type: image/png\r\nContent-Transfer-Encoding: base64\r\n";
    m += "Content-ID: <chart.1998@msim.invalid>\r\nContent-Disposition: inline\r\n\r\n";
    m += base64Lines(pattern("\x89PNG\r\n\x1a\n", 9 * 1024, 3));
    m += "--" + rel + "--\r\n";
    return m;
}

QByteArray rfc2231Name()
{
    const QByteArray b = "msim-rfc2231-1998";
    QByteArray m = head("attachment with an RFC 2231 file name", "rfc2231.sample",
                        "multipart/mixed; boundary=\"" + b + "\"");
    m += "--" + b + "\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\n";
    m += textLines("Cover", 8);
    m += "--" + b + "\r\nContent-Type: application/pdf\r\n";
    m += "Content-Transfer-Encoding: base64\r\n";
    m += "Content-Disposition: attachment;\r\n";
    m += " filename*0*=UTF-8''Pr%C3%BCfbericht%20Q3%20%E2%80%94%20;\r\n";
    m += " filename*1*=M%C3%BCller%20GmbH.pdf\r\n\r\n";
    m += base64Lines(pattern("%PDF-1.4\n", 5 * 1024, 4));
    m += "--" + b + "--\r\n";
    return m;
}

QByteArray missingBoundary()
{
    QByteArray m =
        head("multipart without a boundary", "missing-boundary.sample", "multipart/mixed");
    m += "--lost-boundary\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\n";
    m += textLines("Orphan", 10);
    m += "--lost-boundary\r\nContent-Type: application/octet-stream; name=\"data.bin\"\r\n";
    m += "Content-Transfer-Encoding: base64\r\n\r\n";
    m += base64Lines(pattern("DATA", 600, 5));
    m += "--lost-boundary--\r\n";
    return m;
}

} // namespace msim::emulator::corpusmime
