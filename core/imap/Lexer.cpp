// SPDX-License-Identifier: MIT
#include "imap/Lexer.h"

#include "imap/Limits.h"
#include "net/Transcript.h"

namespace msim::imap {

Lexer::Lexer(const RawResponse &raw)
    : m_raw(raw)
{}

qint64 Lexer::offset() const
{
    return m_raw.lineOffsets.value(m_seg, m_raw.offset) + m_pos;
}

bool Lexer::fail(const QString &message)
{
    if (m_error)
        return false;
    LexError e;
    e.message = message;
    e.offset = offset();
    e.rawLine = line();
    if (m_seg > 0 && m_seg - 1 < m_raw.literals.size()) {
        e.afterLiteral = true;
        e.literalEnd = m_raw.literalOffsets.value(m_seg - 1, -1) + m_raw.literals[m_seg - 1].size();
    }
    m_error = std::move(e);
    return false;
}

QString Lexer::found() const
{
    if (atLineEnd())
        return atEnd() ? QStringLiteral("the end of the response") : QStringLiteral("a literal");
    return QStringLiteral("'%1'").arg(
        net::Transcript::escape(QByteArrayView(line().constData() + m_pos, 1)));
}

bool Lexer::isAtomChar(char c)
{
    const auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u >= 0x7f)
        return false;
    switch (c) {
    case '(':
    case ')':
    case '{':
    case '%':
    case '*':
    case '"':
    case '\\':
    case ']':
        return false;
    default:
        return true;
    }
}

bool Lexer::expect(char c)
{
    if (!at(c))
        return fail(
            QStringLiteral("expected '%1' but found %2").arg(QString(QLatin1Char(c)), found()));
    ++m_pos;
    return true;
}

QByteArray Lexer::atom()
{
    const qsizetype start = m_pos;
    while (!atLineEnd() && isAtomChar(line().at(m_pos)))
        ++m_pos;
    return line().mid(start, m_pos - start);
}

bool Lexer::keyword(QByteArray &out)
{
    const qsizetype start = m_pos;
    while (!atLineEnd() && isAtomChar(line().at(m_pos)) && line().at(m_pos) != '[' &&
           line().at(m_pos) != '<')
        ++m_pos;
    out = line().mid(start, m_pos - start).toUpper();
    if (out.isEmpty())
        return fail(QStringLiteral("expected an atom but found %1").arg(found()));
    return true;
}

bool Lexer::number(qint64 &out, qint64 max)
{
    const qsizetype start = m_pos;
    qint64 v = 0;
    while (!atLineEnd() && line().at(m_pos) >= '0' && line().at(m_pos) <= '9') {
        v = v * 10 + (line().at(m_pos) - '0');
        if (v > max) {
            m_pos = start;
            return fail(QStringLiteral("number too large (the limit is %1)").arg(max));
        }
        ++m_pos;
    }
    if (m_pos == start)
        return fail(QStringLiteral("expected a number but found %1").arg(found()));
    out = v;
    return true;
}

bool Lexer::quoted(QByteArray &out)
{
    if (!expect('"'))
        return false;
    out.clear();
    while (true) {
        if (atLineEnd())
            return fail(QStringLiteral("unterminated quoted string"));
        const char c = line().at(m_pos++);
        if (c == '"')
            return true;
        if (c == '\\') {
            if (atLineEnd())
                return fail(QStringLiteral("unterminated quoted string"));
            out += line().at(m_pos++);
        } else {
            out += c;
        }
    }
}

bool Lexer::nil()
{
    const qsizetype start = m_pos;
    if (atom().compare("NIL", Qt::CaseInsensitive) == 0)
        return true;
    m_pos = start;
    return false;
}

LiteralAnnouncement Lexer::announcement(qsizetype seg) const
{
    if (seg < m_raw.announcements.size())
        return m_raw.announcements[seg];
    // A RawResponse built by hand (tests) without announcements: the same one decision.
    return literalAtLineEnd(m_raw.lines[seg], limits::kMaxLiteralOctets).announcement;
}

bool Lexer::atLiteral() const
{
    return m_seg < m_raw.literals.size() && !atLineEnd() && m_pos == announcement(m_seg).position;
}

Lexer::Literal Lexer::takeLiteral()
{
    Literal l;
    l.data = m_raw.literals[m_seg];
    l.announcement = announcement(m_seg);
    l.dataOffset = m_raw.literalOffsets.value(m_seg, -1);
    ++m_seg;
    m_pos = 0;
    return l;
}

bool Lexer::nstring(QByteArray &out, bool &isNil, std::optional<Literal> *literal)
{
    isNil = false;
    if (atLiteral()) {
        Literal l = takeLiteral();
        out = l.data;
        if (literal)
            *literal = std::move(l);
        return true;
    }
    if (at('"'))
        return quoted(out);
    if (nil()) {
        isNil = true;
        out.clear();
        return true;
    }
    return fail(QStringLiteral("expected a string, a literal or NIL but found %1").arg(found()));
}

bool Lexer::astring(QByteArray &out)
{
    if (atLiteral()) {
        out = takeLiteral().data;
        return true;
    }
    if (at('"'))
        return quoted(out);
    const qsizetype start = m_pos;
    while (!atLineEnd() && (isAtomChar(line().at(m_pos)) || line().at(m_pos) == ']'))
        ++m_pos;
    if (m_pos == start)
        return fail(QStringLiteral("expected an astring but found %1").arg(found()));
    out = line().mid(start, m_pos - start);
    return true;
}

bool Lexer::flagList(QList<QByteArray> &out)
{
    if (!expect('('))
        return false;
    out.clear();
    while (!at(')')) {
        if (!out.isEmpty() && !space())
            return false;
        const qsizetype start = m_pos;
        if (at('\\'))
            ++m_pos;
        while (!atLineEnd() && (isAtomChar(line().at(m_pos)) || line().at(m_pos) == '*'))
            ++m_pos;
        if (m_pos == start)
            return fail(QStringLiteral("expected a flag but found %1").arg(found()));
        if (out.size() >= limits::kMaxListItems)
            return fail(
                QStringLiteral("more than %1 flags (the list limit)").arg(limits::kMaxListItems));
        out.append(line().mid(start, m_pos - start));
    }
    return expect(')');
}

QByteArray Lexer::restOfLine()
{
    const QByteArray t = line().mid(m_pos);
    m_pos = line().size();
    return t;
}

bool Lexer::nextLine()
{
    if (m_seg >= m_raw.lines.size() - 1)
        return false;
    ++m_seg;
    m_pos = 0;
    return true;
}

bool Lexer::skipValue(int depth)
{
    if (depth > limits::kMaxNestingDepth)
        return fail(QStringLiteral("parentheses nested deeper than %1 (the nesting limit)")
                        .arg(limits::kMaxNestingDepth));
    if (atLiteral()) {
        takeLiteral();
        return true;
    }
    if (at('('))
        return skipList(depth + 1);
    if (at('"')) {
        QByteArray ignored;
        return quoted(ignored);
    }
    const qsizetype start = m_pos;
    while (!atLineEnd()) {
        const char ch = line().at(m_pos);
        if (ch == '[') { // BODY[...] inside a list
            const qsizetype close = line().indexOf(']', m_pos);
            if (close < 0)
                return fail(QStringLiteral("unterminated '['"));
            m_pos = close + 1;
            continue;
        }
        if (!isAtomChar(ch) && ch != '\\' && ch != '*' && ch != '%' && ch != ']')
            break;
        ++m_pos;
    }
    if (m_pos == start)
        return fail(QStringLiteral("expected a value but found %1").arg(found()));
    return true;
}

bool Lexer::skipList(int depth)
{
    if (depth > limits::kMaxNestingDepth)
        return fail(QStringLiteral("parentheses nested deeper than %1 (the nesting limit)")
                        .arg(limits::kMaxNestingDepth));
    if (!expect('('))
        return false;
    int items = 0;
    while (!at(')')) {
        if (items > 0 && !space())
            return false;
        if (++items > limits::kMaxListItems)
            return fail(QStringLiteral("more than %1 items in one list (the list limit)")
                            .arg(limits::kMaxListItems));
        if (!skipValue(depth))
            return false;
    }
    return expect(')');
}

} // namespace msim::imap
