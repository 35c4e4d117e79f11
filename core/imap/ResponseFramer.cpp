// SPDX-License-Identifier: MIT
#include "imap/ResponseFramer.h"

#include "imap/Limits.h"
#include "net/Printable.h"
#include "net/Transcript.h"

#include <cstring>

namespace msim::imap {

ResponseFramer::Limits ResponseFramer::clientLimits()
{
    return {limits::kMaxLineOctets, limits::kMaxResponseTextOctets, limits::kMaxLiteralOctets,
            limits::kMaxLiteralsPerResponse};
}

bool ResponseFramer::fail(Error e, qint64 offset, const QByteArray &line, const QString &message)
{
    m_error = e;
    m_errorOffset = offset;
    m_errorLine = line.left(512);
    m_errorMessage = message;
    m_errorString = QStringLiteral("%1 at stream offset %2; the raw line begins: \"%3\"")
                        .arg(message)
                        .arg(offset)
                        .arg(net::Transcript::escape(m_errorLine.left(160)));
    return false;
}

bool ResponseFramer::feed(QByteArrayView data, QList<RawResponse> &out)
{
    if (m_error != Error::None)
        return false;
    const char *base = data.data();
    qsizetype i = 0;
    const qsizetype n = data.size();
    while (i < n) {
        if (m_literalRemaining > 0) {
            const qint64 take = std::min<qint64>(m_literalRemaining, n - i);
            QByteArray &lit = m_current.literals.last();
            const qint64 need = lit.size() + take;
            if (need > lit.capacity())
                lit.reserve(std::min<qint64>(m_literalDeclared,
                                             std::max<qint64>(need, 2 * lit.capacity())));
            lit.append(base + i, take);
            i += take;
            m_offset += take;
            m_literalRemaining -= take;
            if (m_literalRemaining == 0)
                m_lineOffset = m_offset;
            continue;
        }
        if (!m_inResponse) {
            m_current = RawResponse();
            m_current.offset = m_offset;
            m_inResponse = true;
            m_lineOffset = m_offset;
            m_textOctets = 0;
        }
        const void *nl = std::memchr(base + i, '\n', size_t(n - i));
        const qsizetype take = nl ? (static_cast<const char *>(nl) - (base + i)) + 1 : n - i;
        if (m_line.size() + take > m_limits.maxLineOctets + (nl ? 2 : 1)) {
            m_line.append(base + i, std::min<qsizetype>(take, 512));
            return fail(Error::LineTooLong, m_lineOffset + m_limits.maxLineOctets, m_line,
                        QStringLiteral("a response line longer than %1 octets (the line limit)")
                            .arg(m_limits.maxLineOctets));
        }
        m_line.append(base + i, take);
        i += take;
        m_offset += take;
        if (nl && !endLine())
            return false;
        if (nl && !m_inResponse)
            out.append(std::move(m_current));
    }
    return true;
}

// Called with m_line holding one line including its LF. Decides between "a literal follows"
// and "the response is complete" (then m_inResponse becomes false).
bool ResponseFramer::endLine()
{
    QByteArray line = std::move(m_line);
    m_line = QByteArray();
    line.chop(1);
    if (line.endsWith('\r'))
        line.chop(1);
    if (line.size() > m_limits.maxLineOctets)
        return fail(Error::LineTooLong, m_lineOffset + m_limits.maxLineOctets, line,
                    QStringLiteral("a response line longer than %1 octets (the line limit)")
                        .arg(m_limits.maxLineOctets));
    m_textOctets += line.size();
    if (m_textOctets > m_limits.maxTextOctets)
        return fail(Error::ResponseTooLarge, m_lineOffset, line,
                    QStringLiteral("a response with more than %1 octets of text")
                        .arg(m_limits.maxTextOctets));

    const LiteralAtLineEnd end = literalAtLineEnd(line, m_limits.maxLiteralOctets);
    const qsizetype open = line.lastIndexOf('{');
    if (end.kind == LiteralAtLineEnd::Kind::Malformed)
        return fail(Error::MalformedLiteral, m_lineOffset + open, line,
                    QStringLiteral("a malformed literal count \"%1\" (a literal is {digits})")
                        .arg(net::printable::octets(line.mid(open).left(40))));
    m_current.lines.append(line);
    m_current.lineOffsets.append(m_lineOffset);
    if (end.kind == LiteralAtLineEnd::Kind::None) {
        m_current.end = m_offset;
        m_inResponse = false;
        return true;
    }
    if (end.kind == LiteralAtLineEnd::Kind::TooLarge) {
        QByteArray digits = line.mid(open + 1, line.size() - open - 2);
        if (digits.endsWith('+'))
            digits.chop(1);
        return fail(Error::LiteralTooLarge, m_lineOffset + open, line,
                    QStringLiteral("a literal of %1 octets announced (more than the "
                                   "%2-octet literal limit)")
                        .arg(net::printable::octets(digits))
                        .arg(m_limits.maxLiteralOctets));
    }
    if (m_current.literals.size() >= m_limits.maxLiterals)
        return fail(
            Error::TooManyLiterals, m_lineOffset, line,
            QStringLiteral("more than %1 literals in one response").arg(m_limits.maxLiterals));
    const qint64 value = end.announcement.length;
    LiteralAnnouncement announcement = end.announcement;
    announcement.offset = m_lineOffset + announcement.position;
    m_current.announcements.append(announcement);
    QByteArray lit;
    lit.reserve(std::min<qint64>(value, kInitialLiteralReserve));
    m_current.literals.append(std::move(lit));
    m_current.literalOffsets.append(m_offset);
    m_literalDeclared = value;
    m_literalRemaining = value;
    m_lineOffset = m_offset; // for a {0} literal the text goes on at once
    return true;
}

} // namespace msim::imap
