// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

#include <optional>

namespace msim::fetch {

// One MIME part of a message (RFC 2045/2046), numbered as IMAP numbers body sections
// (RFC 3501 §6.4.5: "1", "2", "2.1"; a message that is not multipart has the one part "1",
// its body). A multipart inside the message (multipart/alternative at "2") and a
// message/rfc822 part are parts too, with children; the top-level multipart has no number.
struct MimePart
{
    QString path;  // "1", "2.1"
    int depth = 1; // 1 for "1"..."n", 2 for "2.1", ...
    // These tokens are printable ASCII (any other octet becomes ?), at most 256 octets.
    QByteArray contentType; // lowercase "type/subtype", e.g. "application/pdf"
    QByteArray charset;     // lowercase, empty when none
    QByteArray encoding;    // Content-Transfer-Encoding, lowercase; empty when none (7bit)
    QByteArray disposition; // "attachment", "inline" or empty
    QString filename;       // decoded (RFC 2047 and RFC 2231); empty when none
    QByteArray contentId;   // without the angle brackets; empty when none
    bool container = false; // a multipart or message/rfc822 part (its children follow it)
    // Octets in the message: the whole part (its MIME header, when it has one, and its
    // content, without the CRLF that belongs to the next boundary line), and its content.
    qint64 offset = 0;
    qint64 length = 0;
    qint64 contentOffset = 0;
    qint64 contentLength = 0;
    qint64 end() const { return offset + length; }
    bool operator==(const MimePart &) const = default;
};

// The MIME structure of a message, read with GMime 3 (the library stays behind this
// interface: nothing else in msim includes it). Untrusted input: at most kMaxParts parts and
// kMaxDepth levels; a message over kMaxOctets is not read. A message GMime cannot read as MIME
// (a multipart without a boundary, nesting past the limit, a part without header or content)
// gives no parts and a note saying why, with the offset GMime named.
struct MimeStructure
{
    static constexpr int kMaxParts = 1000;
    static constexpr int kMaxDepth = 32;
    static constexpr qint64 kMaxOctets = 64LL * 1024 * 1024;

    bool isMime = false;     // a MIME-Version or Content-Type header: false is a plain RFC 822 text
    qint64 headerLength = 0; // the top-level header, with its blank line (octets)
    QList<MimePart> parts;   // in order: a part, then its children
    QString note;            // "not parseable as MIME: …"; empty when parsed

    // `message` is the whole message in octets (CRLF line ends as served).
    static MimeStructure parse(const QByteArray &message);

    // Decodes `encoded` (a content, or a prefix of one) by the Content-Transfer-Encoding
    // `encoding` (base64, quoted-printable, x-uuencode; anything else is returned as it is).
    // Of a cut base64 prefix only whole 4-character groups are decoded (GMime's rule).
    // For an encoding it does not transform the result refers to `encoded`'s octets (no copy):
    // keep them alive while it is used.
    static QByteArray decode(QByteArrayView encoded, const QByteArray &encoding);
    // The characters of `decoded` text in `charset` (us-ascii, utf-8 and the charsets iconv
    // knows); an incomplete character at the end is not counted. nullopt when the charset is
    // unknown or the octets do not convert.
    static std::optional<qint64> characters(const QByteArray &decoded, const QByteArray &charset);
};

} // namespace msim::fetch
