// SPDX-License-Identifier: MIT
// The one file that includes GMime: MimeStructure.h keeps the library out of every other part.
#include "fetch/MimeStructure.h"

#include "net/Printable.h"

#include <QStringDecoder>

#include <gmime/gmime.h>

#include <memory>
#include <mutex>

using namespace Qt::StringLiterals;

namespace msim::fetch {

namespace {

void initGMime()
{
    static std::once_flag once;
    std::call_once(once, [] { g_mime_init(); });
}

// GObject references released on scope exit.
struct Unref
{
    void operator()(gpointer p) const
    {
        if (p)
            g_object_unref(p);
    }
};
template<typename T>
using GPtr = std::unique_ptr<T, Unref>;

// The first issue GMime reports that means its reading of the structure cannot be trusted.
struct Issues
{
    GMimeParserWarning code = GMimeParserWarning(0);
    gint64 offset = -1;
};

void onWarning(gint64 offset, GMimeParserWarning code, const gchar *, gpointer data)
{
    auto *issues = static_cast<Issues *>(data);
    switch (code) {
    case GMIME_CRIT_INVALID_HEADER_NAME:
    case GMIME_CRIT_CONFLICTING_HEADER:
    case GMIME_CRIT_CONFLICTING_PARAMETER:
    case GMIME_CRIT_MULTIPART_WITHOUT_BOUNDARY:
    case GMIME_CRIT_NESTING_OVERFLOW:
    case GMIME_CRIT_PART_WITHOUT_HEADERS_OR_CONTENT:
        if (issues->offset < 0) {
            issues->code = code;
            issues->offset = offset;
        }
        break;
    default:
        break; // warnings: GMime's reading still holds (an 8-bit header, a missing end boundary)
    }
}

QString issueWords(GMimeParserWarning code)
{
    switch (code) {
    case GMIME_CRIT_INVALID_HEADER_NAME:
        return u"a header name that is not valid"_s;
    case GMIME_CRIT_CONFLICTING_HEADER:
        return u"two headers that contradict each other"_s;
    case GMIME_CRIT_CONFLICTING_PARAMETER:
        return u"a header parameter given twice with different values"_s;
    case GMIME_CRIT_MULTIPART_WITHOUT_BOUNDARY:
        return u"a multipart without a boundary parameter"_s;
    case GMIME_CRIT_NESTING_OVERFLOW:
        return u"parts nested deeper than GMime reads"_s;
    case GMIME_CRIT_PART_WITHOUT_HEADERS_OR_CONTENT:
        return u"a part with neither a header nor content"_s;
    default:
        return u"a structure GMime does not read"_s;
    }
}

// The line of `message` that holds `offset`, sanitised and shortened (for a note).
QString lineAt(const QByteArray &message, qint64 offset)
{
    offset = std::clamp<qint64>(offset, 0, message.size());
    const qint64 begin = offset > 0 ? message.lastIndexOf('\n', offset - 1) + 1 : 0;
    qint64 end = message.indexOf('\n', begin);
    if (end < 0)
        end = message.size();
    constexpr qint64 kShown = 80;
    const QByteArrayView line = QByteArrayView(message).sliced(begin, end - begin);
    QString text = net::printable::octets(line.first(std::min(kShown, line.size())));
    if (text.endsWith(u"\\x0d"_s))
        text.chop(4);
    if (line.size() > kShown)
        text += u"…"_s;
    return text;
}

// A header token as msim keeps it: lowercase, and printable ASCII only (RFC 2045 tokens are;
// anything else a message puts there becomes '?', so no sink can be fed a control or a byte
// that is not UTF-8), at most kMaxToken octets.
constexpr qsizetype kMaxToken = 256;

QByteArray token(const char *s)
{
    if (!s)
        return {};
    QByteArray t = QByteArray(s).left(kMaxToken);
    for (char &c : t)
        c = uchar(c) > 0x20 && uchar(c) < 0x7f ? c : '?';
    return t;
}

QByteArray lower(const char *s)
{
    return token(s).toLower();
}

// The end of the header block that starts at `from` (after its blank line), or -1.
qint64 headerEnd(const QByteArray &message, qint64 from)
{
    const qint64 crlf = message.indexOf("\r\n\r\n", from);
    const qint64 lf = message.indexOf("\n\n", from);
    if (crlf >= 0 && (lf < 0 || crlf < lf))
        return crlf + 4;
    return lf >= 0 ? lf + 2 : -1;
}

class Walker
{
public:
    Walker(const QByteArray &message, MimeStructure &out)
        : m_message(message)
        , m_out(out)
    {}

    // Adds `object` at `path` (its children after it); returns the part's end, or -1 on a limit.
    // `floor`: the parent's content offset, before which no child may start (a hostile message
    // must not place a part outside its parent).
    qint64 add(GMimeObject *object, const QString &path, int depth, qint64 inheritedOffset,
               qint64 floor)
    {
        if (m_out.parts.size() >= MimeStructure::kMaxParts) {
            m_failure = u"more than %1 parts"_s.arg(MimeStructure::kMaxParts);
            return -1;
        }
        if (depth > MimeStructure::kMaxDepth) {
            m_failure = u"parts nested more than %1 deep"_s.arg(MimeStructure::kMaxDepth);
            return -1;
        }
        // A copy: m_out.parts grows (and may move) while the children are added.
        const MimePart part = describe(object, path, depth, inheritedOffset, floor);
        const qsizetype index = m_out.parts.size();
        m_out.parts.append(part);
        qint64 end = part.end();
        if (GMIME_IS_MULTIPART(object)) {
            const qint64 e = addChildren(GMIME_MULTIPART(object), path, depth, part.contentOffset);
            if (e < 0)
                return -1;
            end = std::max(end, e);
        } else if (GMIME_IS_MESSAGE_PART(object)) {
            GMimeMessage *inner = g_mime_message_part_get_message(GMIME_MESSAGE_PART(object));
            GMimeObject *body = inner ? g_mime_message_get_mime_part(inner) : nullptr;
            if (body) {
                // RFC 3501 §6.4.5: an encapsulated multipart's parts are path.1, path.2, ...;
                // an encapsulated single part is path.1.
                const qint64 e =
                    GMIME_IS_MULTIPART(body)
                        ? addChildren(GMIME_MULTIPART(body), path, depth, part.contentOffset)
                        : add(body, path + u".1"_s, depth + 1,
                              headerEnd(m_message, part.contentOffset), part.contentOffset);
                if (e < 0)
                    return -1;
                end = std::max(end, e);
            }
        }
        if (!part.container)
            return end;
        MimePart &q = m_out.parts[index];
        q.length = std::max<qint64>(0, std::min<qint64>(end, m_message.size()) - q.offset);
        q.contentLength = std::max<qint64>(0, q.end() - q.contentOffset);
        return q.end();
    }

    qint64 addChildren(GMimeMultipart *mp, const QString &path, int depth, qint64 floor)
    {
        qint64 end = floor;
        for (int i = 0; i < g_mime_multipart_get_count(mp); ++i) {
            const QString child =
                (path.isEmpty() ? QString() : path + u'.') + QString::number(i + 1);
            const qint64 e = add(g_mime_multipart_get_part(mp, i), child, depth + 1, -1, floor);
            if (e < 0)
                return -1;
            end = std::max(end, e);
        }
        return closingDelimiterEnd(mp, end);
    }

    QString failure() const { return m_failure; }

private:
    // After the last child: the end of the `--boundary--` line (without its CRLF), or `from`.
    qint64 closingDelimiterEnd(GMimeMultipart *mp, qint64 from) const
    {
        const char *boundary = g_mime_multipart_get_boundary(mp);
        if (!boundary || from < 0)
            return from;
        const QByteArray close = "--" + QByteArray(boundary) + "--";
        const qint64 at = m_message.indexOf(close, from);
        return at < 0 ? from : at + close.size();
    }

    MimePart describe(GMimeObject *object, const QString &path, int depth, qint64 inheritedOffset,
                      qint64 floor)
    {
        MimePart p;
        p.path = path;
        p.depth = depth;
        GMimeContentType *ct = g_mime_object_get_content_type(object);
        if (ct) {
            p.contentType = lower(g_mime_content_type_get_media_type(ct)) + '/' +
                            lower(g_mime_content_type_get_media_subtype(ct));
            p.charset = lower(g_mime_content_type_get_parameter(ct, "charset"));
        }
        p.disposition = lower(g_mime_object_get_disposition(object));
        p.contentId = token(g_mime_object_get_content_id(object));
        p.container = GMIME_IS_MULTIPART(object) || GMIME_IS_MESSAGE_PART(object);

        GMimeHeaderList *headers = g_mime_object_get_header_list(object);
        const int count = headers ? g_mime_header_list_get_count(headers) : 0;
        qint64 firstHeader = -1;
        qint64 lastHeader = -1;
        for (int i = 0; i < count; ++i) {
            const gint64 at =
                g_mime_header_get_offset(g_mime_header_list_get_header_at(headers, i));
            if (at < 0)
                continue;
            firstHeader = firstHeader < 0 ? at : std::min<qint64>(firstHeader, at);
            lastHeader = std::max<qint64>(lastHeader, at);
        }

        if (GMIME_IS_PART(object)) {
            auto *part = GMIME_PART(object);
            const char *name = g_mime_part_get_filename(part);
            p.filename = name ? QString::fromUtf8(name) : QString();
            const GMimeContentEncoding enc = g_mime_part_get_content_encoding(part);
            if (enc != GMIME_CONTENT_ENCODING_DEFAULT)
                p.encoding = lower(g_mime_content_encoding_to_string(enc));
            GMimeDataWrapper *content = g_mime_part_get_content(part);
            GMimeStream *stream = content ? g_mime_data_wrapper_get_stream(content) : nullptr;
            if (stream) {
                p.contentOffset = std::clamp<qint64>(stream->bound_start, 0, m_message.size());
                const qint64 end = stream->bound_end < 0 ? m_message.size() : stream->bound_end;
                p.contentLength =
                    std::clamp<qint64>(end, p.contentOffset, m_message.size()) - p.contentOffset;
            } else {
                // No content: the part ends with its header block.
                const qint64 e = lastHeader >= 0 ? headerEnd(m_message, lastHeader) : -1;
                p.contentOffset = e >= 0 ? e : std::max(inheritedOffset, floor);
            }
        } else {
            const qint64 e = lastHeader >= 0 ? headerEnd(m_message, lastHeader) : -1;
            p.contentOffset = e >= 0 ? e : std::max(inheritedOffset, floor);
        }
        // The top part of a message that is not multipart has the message's header, not its
        // own: the part is its content (inheritedOffset says where that starts).
        if (inheritedOffset >= 0)
            p.offset = GMIME_IS_PART(object) ? p.contentOffset : inheritedOffset;
        else
            p.offset = firstHeader >= 0 ? std::min(firstHeader, p.contentOffset) : p.contentOffset;
        // Inside the parent and the message, whatever GMime made of a hostile structure.
        const qint64 contentEnd =
            std::min<qint64>(p.contentOffset + p.contentLength, m_message.size());
        p.offset = std::clamp<qint64>(p.offset, floor, m_message.size());
        p.contentOffset = std::clamp<qint64>(p.contentOffset, p.offset, m_message.size());
        p.contentLength = std::max<qint64>(0, contentEnd - p.contentOffset);
        p.length = p.contentOffset + p.contentLength - p.offset;
        return p;
    }

    const QByteArray &m_message;
    MimeStructure &m_out;
    QString m_failure;
};

bool hasHeader(GMimeObject *object, const char *name)
{
    GMimeHeaderList *headers = g_mime_object_get_header_list(object);
    return headers && g_mime_header_list_contains(headers, name);
}

} // namespace

MimeStructure MimeStructure::parse(const QByteArray &message)
{
    MimeStructure s;
    if (message.size() > kMaxOctets) {
        s.note = u"not analysed as MIME: the message is %1 octets, over msim's limit of %2"_s
                     .arg(message.size())
                     .arg(kMaxOctets);
        return s;
    }
    initGMime();
    GPtr<GMimeStream> stream(
        g_mime_stream_mem_new_with_buffer(message.constData(), size_t(message.size())));
    GPtr<GMimeParser> parser(g_mime_parser_new_with_stream(stream.get()));
    g_mime_parser_set_persist_stream(parser.get(), TRUE);
    g_mime_parser_set_format(parser.get(), GMIME_FORMAT_MESSAGE);
    std::unique_ptr<GMimeParserOptions, decltype(&g_mime_parser_options_free)> options(
        g_mime_parser_options_new(), &g_mime_parser_options_free);
    Issues issues;
    g_mime_parser_options_set_warning_callback(options.get(), &onWarning, &issues);
    GPtr<GMimeMessage> msg(g_mime_parser_construct_message(parser.get(), options.get()));
    if (!msg) {
        s.note = u"not parseable as MIME: GMime found no message header"_s;
        return s;
    }
    GMimeObject *top = g_mime_message_get_mime_part(msg.get());
    s.isMime = hasHeader(GMIME_OBJECT(msg.get()), "MIME-Version") ||
               hasHeader(GMIME_OBJECT(msg.get()), "Content-Type");
    const gint64 end = g_mime_parser_get_headers_end(parser.get());
    s.headerLength = std::clamp<qint64>(headerEnd(message, 0), 0, message.size());
    if (s.headerLength == 0)
        s.headerLength = std::clamp<qint64>(end, 0, message.size());
    if (issues.offset >= 0) {
        s.note = u"not parseable as MIME: %1 at offset %2 (\"%3\")"_s.arg(
            issueWords(issues.code), QString::number(issues.offset),
            lineAt(message, issues.offset));
        return s;
    }
    if (!top)
        return s;
    Walker walker(message, s);
    const qint64 ok = GMIME_IS_MULTIPART(top)
                          ? walker.addChildren(GMIME_MULTIPART(top), {}, 0, s.headerLength)
                          : walker.add(top, u"1"_s, 1, s.headerLength, s.headerLength);
    if (ok < 0) {
        s.parts.clear();
        s.note = u"not analysed as MIME: %1 (msim's limit)"_s.arg(walker.failure());
    }
    return s;
}

QByteArray MimeStructure::decode(QByteArrayView encoded, const QByteArray &encoding)
{
    initGMime();
    const GMimeContentEncoding enc = g_mime_content_encoding_from_string(encoding.constData());
    if (enc != GMIME_CONTENT_ENCODING_BASE64 && enc != GMIME_CONTENT_ENCODING_QUOTEDPRINTABLE &&
        enc != GMIME_CONTENT_ENCODING_UUENCODE)
        return QByteArray::fromRawData(encoded.data(), encoded.size()); // no copy: see the header
    GMimeEncoding state;
    g_mime_encoding_init_decode(&state, enc);
    QByteArray out(qsizetype(g_mime_encoding_outlen(&state, size_t(encoded.size()))) + 16,
                   Qt::Uninitialized);
    const size_t n =
        g_mime_encoding_flush(&state, encoded.data(), size_t(encoded.size()), out.data());
    out.truncate(qsizetype(n));
    return out;
}

std::optional<qint64> MimeStructure::characters(const QByteArray &decoded,
                                                const QByteArray &charset)
{
    auto codePoints = [](QByteArrayView utf8) {
        qint64 n = 0;
        for (char c : utf8)
            n += (uchar(c) & 0xc0) != 0x80;
        return n;
    };
    if (charset.isEmpty() || charset == "us-ascii" || charset == "utf-8" || charset == "utf8") {
        QStringDecoder decoder(QStringDecoder::Utf8);
        // Drop an incomplete UTF-8 sequence at the end (a cut inside a character).
        qsizetype n = decoded.size();
        qsizetype lead = n - 1;
        while (lead > 0 && n - lead < 4 && (uchar(decoded[lead]) & 0xc0) == 0x80)
            --lead;
        if (lead >= 0 && uchar(decoded[lead]) >= 0xc0) {
            const uchar l = uchar(decoded[lead]);
            const qsizetype need = l >= 0xf0 ? 4 : l >= 0xe0 ? 3 : 2;
            if (n - lead < need)
                n = lead;
        }
        const QByteArrayView whole = QByteArrayView(decoded).first(n);
        // Checked in slices: a 5 MiB text part need not become a 10 MB QString at once.
        constexpr qsizetype kSlice = 64 * 1024;
        for (qsizetype at = 0; at < whole.size() && !decoder.hasError(); at += kSlice)
            (void)decoder.decode(whole.sliced(at, std::min(kSlice, whole.size() - at)));
        if (decoder.hasError())
            return std::nullopt;
        return codePoints(whole);
    }
    initGMime();
    const char *name = g_mime_charset_iconv_name(charset.constData());
    iconv_t cd = g_mime_iconv_open("UTF-8", name);
    if (cd == iconv_t(-1))
        return std::nullopt;
    std::optional<qint64> result;
    // A multibyte charset cut inside a character: try without the last 1..3 octets.
    for (int drop = 0; drop < 4 && drop <= decoded.size() && !result; ++drop) {
        char *utf8 = g_mime_iconv_strndup(cd, decoded.constData(), size_t(decoded.size() - drop));
        if (utf8) {
            result = codePoints(QByteArrayView(utf8));
            g_free(utf8);
        }
    }
    g_mime_iconv_close(cd);
    return result;
}

} // namespace msim::fetch
