// SPDX-License-Identifier: MIT
#include "prefs/PrefsJsLexer.h"

#include "net/Printable.h"
#include "prefs/PrefsJs.h"
#include "prefs/PrefsJsQuote.h"

#include <algorithm>
#include <limits>
#include <optional>

namespace msim::prefs {

namespace {

// A too-long line is quoted in its issue by this many leading bytes, then "...".
constexpr qsizetype kLongLineQuoteOctets = 200;

bool isLineEnd(char c)
{
    return c == '\n' || c == '\r';
}

bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

bool isIdentStart(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '$';
}

bool isIdentChar(char c)
{
    return isIdentStart(c) || isDigit(c);
}

int hexValue(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

// "\uD800 in a string is the first half of a surrogate pair without its second half"
QString halfPair(int unit, const char *half, const char *missing)
{
    return QStringLiteral("\\u") + QString::number(unit, 16).toUpper().rightJustified(4, u'0') +
           QStringLiteral(" in a string is the %1 half of a surrogate pair without its %2 half")
               .arg(QLatin1String(half), QLatin1String(missing));
}

} // namespace

PrefsJsLexer::PrefsJsLexer(QByteArrayView text, PrefsJsReadResult *result)
    : m_text(text)
    , m_result(result)
    , m_full(text.size())
{
    // Mozilla takes a NUL byte for the end of the file; so does msim, and says so (finish()).
    m_nul = m_text.indexOf('\0');
    if (m_nul >= 0)
        m_text = m_text.first(m_nul);
    enterLine();
}

void PrefsJsLexer::finish()
{
    if (m_nul >= 0 && !m_stopped && !m_nulSaid) {
        addIssue(m_line, m_lineStart,
                 QStringLiteral("a NUL byte (offset ") + QString::number(m_nul) +
                     QStringLiteral("): Mozilla's parser takes it for the end of the file, "
                                    "and so does msim; the last ") +
                     QString::number(m_full - m_nul) +
                     QStringLiteral(" bytes of the file were not read"));
    }
    if (m_result->unlistedIssues > 0) {
        m_result->issues.append({0,
                                 QString::number(m_result->unlistedIssues) +
                                     QStringLiteral(" more problems not listed"),
                                 QString()});
    }
}

qsizetype PrefsJsLexer::lineEndFrom(qsizetype from) const
{
    qsizetype i = from;
    while (i < m_text.size() && !isLineEnd(m_text[i]))
        ++i;
    return i;
}

// The raw text of the line starting at `lineStart`. The last one is kept, so that the
// statements and issues of one line share a single copy.
const QString &PrefsJsLexer::lineText(qsizetype lineStart)
{
    if (lineStart == m_cachedLineStart)
        return m_cachedLine;
    m_cachedLineStart = lineStart;
    const qsizetype end = lineEndFrom(lineStart);
    if (end - lineStart > PrefsJs::kMaxLineOctets) {
        m_cachedLine = QString::fromUtf8(m_text.sliced(lineStart, kLongLineQuoteOctets)) +
                       QStringLiteral("...");
    } else {
        m_cachedLine = QString::fromUtf8(m_text.sliced(lineStart, end - lineStart));
    }
    return m_cachedLine;
}

// Each problem once: the same sentence about the same line is not repeated.
void PrefsJsLexer::addIssue(int line, qsizetype lineStart, const QString &message,
                            PrefsJsIssue::Severity severity)
{
    if (!m_result->issues.isEmpty() && m_result->issues.last().line == line &&
        m_result->issues.last().message == message)
        return;
    if (m_result->issues.size() >= PrefsJs::kMaxIssues) {
        ++m_result->unlistedIssues;
        return;
    }
    m_result->issues.append({line, message, lineText(lineStart), severity});
}

// At the start of a line: a line over the limit is reported and skipped to its end.
void PrefsJsLexer::enterLine()
{
    const qsizetype end = lineEndFrom(m_pos);
    if (end - m_pos <= PrefsJs::kMaxLineOctets)
        return;
    addIssue(m_line, m_lineStart,
             QStringLiteral("line is ") + QString::number(end - m_pos) +
                 QStringLiteral(" bytes long, over the limit of ") +
                 QString::number(PrefsJs::kMaxLineOctets) + QStringLiteral("; ignored"));
    m_pos = end;
    m_skippedLongLine = true;
}

// At CR, LF or CRLF: one line end. Appends its octets to `into` when given (in a string).
void PrefsJsLexer::consumeLineEnd(QByteArray *into)
{
    if (m_text[m_pos] == '\r' && peek(1) == '\n') {
        if (into)
            into->append('\r');
        ++m_pos;
    }
    if (into)
        into->append(m_text[m_pos]);
    ++m_pos;
    ++m_line;
    m_lineStart = m_pos;
    enterLine();
}

// Skips white space, line ends and comments. False when an unterminated /* comment ran to
// the end of the file (reported; reading stops).
bool PrefsJsLexer::skipBlank()
{
    while (!atEnd()) {
        const char c = m_text[m_pos];
        if (c == ' ' || c == '\t' || c == '\f' || c == '\v') {
            ++m_pos;
        } else if (isLineEnd(c)) {
            consumeLineEnd();
        } else if (c == '#' || (c == '/' && peek(1) == '/')) {
            m_pos = lineEndFrom(m_pos);
        } else if (c == '/' && peek(1) == '*') {
            const int line = m_line;
            const qsizetype lineStart = m_lineStart;
            m_pos += 2;
            for (;;) {
                if (atEnd()) {
                    addIssue(line, lineStart,
                             QStringLiteral("unterminated /* comment; the rest of the file "
                                            "is ignored"));
                    m_stopped = true;
                    return false;
                }
                if (m_text[m_pos] == '*' && peek(1) == '/') {
                    m_pos += 2;
                    break;
                }
                if (isLineEnd(m_text[m_pos]))
                    consumeLineEnd();
                else
                    ++m_pos;
            }
        } else {
            break;
        }
    }
    return true;
}

// The next token after blanks; End at the end of the file or once reading has stopped.
PrefsJsToken PrefsJsLexer::token()
{
    if (!skipBlank()) {
        PrefsJsToken t;
        t.line = m_line;
        t.lineStart = m_lineStart;
        t.begin = m_pos;
        return t;
    }
    return next();
}

PrefsJsToken PrefsJsLexer::next()
{
    PrefsJsToken t;
    t.line = m_line;
    t.lineStart = m_lineStart;
    t.begin = m_pos;
    if (atEnd())
        return t;
    const char c = m_text[m_pos];
    if (const auto punctuation = PrefsJsToken::punctuation(c)) {
        ++m_pos;
        t.kind = *punctuation;
    } else if (c == '"' || c == '\'') {
        lexString(t);
    } else if (isDigit(c)) {
        lexNumber(t);
    } else if (isIdentStart(c)) {
        while (!atEnd() && isIdentChar(m_text[m_pos]))
            ++m_pos;
        t.kind = Kind::Ident;
        t.word = m_text.sliced(t.begin, m_pos - t.begin);
    } else {
        lexBad(t);
    }
    return t;
}

// A character that starts no token: one Bad token (a whole UTF-8 sequence) saying which.
void PrefsJsLexer::lexBad(PrefsJsToken &t)
{
    const char c = m_text[m_pos];
    ++m_pos;
    // Keep a UTF-8 sequence whole so that the message can show the character.
    while (!atEnd() && (quint8(m_text[m_pos]) & 0xC0) == 0x80)
        ++m_pos;
    t.kind = Kind::Bad;
    t.word = m_text.sliced(t.begin, m_pos - t.begin);
    if (c == '/') {
        t.error = QStringLiteral("unexpected \"/\" (a comment starts with // or /*)");
    } else if (quint8(c) >= 0x20 && quint8(c) < 0x7F) {
        t.error = QStringLiteral("unexpected character \"") + QLatin1Char(c) + u'"';
    } else if (quint8(c) < 0x80) {
        t.error = QStringLiteral("unexpected control character 0x") +
                  QString::number(quint8(c), 16).rightJustified(2, u'0');
    } else {
        t.error = QStringLiteral("unexpected character \"") +
                  net::printable::text(QString::fromUtf8(t.word)) +
                  QStringLiteral("\" outside a string");
    }
}

void PrefsJsLexer::stringError(PrefsJsToken &t, QString *error, const QString &message)
{
    if (error->isEmpty()) {
        *error = message;
        t.line = m_line; // a string over several lines: the line of its first bad escape
        t.lineStart = m_lineStart;
    }
}

// "..." or '...', over as many lines as it takes, with Mozilla's escapes. A bad escape
// makes the whole string one Bad token (read to its closing quote, as Mozilla does, so that
// recovery does not start inside it).
void PrefsJsLexer::lexString(PrefsJsToken &t)
{
    const int startLine = m_line;
    const qsizetype startLineStart = m_lineStart;
    const char quote = m_text[m_pos++];
    QByteArray out;
    QString error;
    for (;;) {
        if (atEnd()) {
            t.kind = Kind::Bad;
            t.line = startLine;
            t.lineStart = startLineStart;
            t.error = QStringLiteral("unterminated string: it starts on line ") +
                      QString::number(startLine) + QStringLiteral(" and no closing quote follows");
            if (m_nul >= 0) {
                m_nulSaid = true;
                t.error = QStringLiteral("a NUL byte (offset ") + QString::number(m_nul) +
                          QStringLiteral(") inside the string that starts on line ") +
                          QString::number(startLine) +
                          QStringLiteral(": Mozilla's parser takes it for the end of the "
                                         "file, and so does msim; the last ") +
                          QString::number(m_full - m_nul) +
                          QStringLiteral(" bytes of the file were not read");
            }
            t.word = m_text.sliced(
                t.begin, std::min<qsizetype>(m_pos - t.begin, PrefsJsQuote::kFragmentChars));
            return;
        }
        if (out.size() > PrefsJs::kMaxStringOctets) {
            stringError(t, &error,
                        QStringLiteral("a string longer than ") +
                            QString::number(PrefsJs::kMaxStringOctets) +
                            QStringLiteral(" octets, msim's limit for a pref's name or value"));
            out.clear();
        }
        const char c = m_text[m_pos];
        if (isLineEnd(c)) {
            consumeLineEnd(&out); // Mozilla keeps the line end in the string
            continue;
        }
        ++m_pos;
        if (c == quote)
            break;
        if (c != '\\') {
            out.append(c);
            continue;
        }
        if (atEnd() || isLineEnd(m_text[m_pos])) {
            stringError(t, &error,
                        QStringLiteral("a \\ at the end of a line in a string (Mozilla's "
                                       "parser does not join lines)"));
            continue;
        }
        lexEscape(t, &error, &out);
    }
    t.word = m_text.sliced(t.begin, m_pos - t.begin);
    t.endLine = m_line;
    if (!error.isEmpty()) {
        t.kind = Kind::Bad;
        t.error = error;
        return;
    }
    t.line = startLine;
    t.lineStart = startLineStart;
    t.kind = Kind::String;
    t.bytes = std::move(out);
}

// After a `\` in a string: one escape, its octets appended to `out`, or the first bad escape
// noted in `error` (the string goes on to its closing quote).
void PrefsJsLexer::lexEscape(PrefsJsToken &t, QString *error, QByteArray *out)
{
    const char e = m_text[m_pos++];
    switch (e) {
    case 'n':
        out->append('\n');
        break;
    case 'r':
        out->append('\r');
        break;
    case '\\':
    case '"':
    case '\'':
        out->append(e);
        break;
    case 'x': {
        const int hi = hexValue(peek(0));
        const int lo = hexValue(peek(1));
        if (hi < 0 || lo < 0) {
            stringError(t, error,
                        QStringLiteral("bad \\x escape in a string (two hex digits "
                                       "expected)"));
            break;
        }
        m_pos += 2;
        if (hi == 0 && lo == 0) {
            stringError(t, error,
                        QStringLiteral("\\x00 in a string (Mozilla's parser does not "
                                       "allow a NUL)"));
            break;
        }
        out->append(char(hi * 16 + lo)); // a raw byte, as Mozilla keeps it
        break;
    }
    case 'u': {
        const int unit = hexUnit(m_pos);
        if (unit < 0) {
            stringError(t, error,
                        QStringLiteral("bad \\u escape in a string (four hex digits "
                                       "expected)"));
            break;
        }
        m_pos += 4;
        if (unit == 0) {
            stringError(t, error,
                        QStringLiteral("\\u0000 in a string (Mozilla's parser does not "
                                       "allow a NUL)"));
            break;
        }
        if (QChar::isLowSurrogate(char32_t(unit))) {
            stringError(t, error, halfPair(unit, "second", "first"));
            break;
        }
        if (QChar::isHighSurrogate(char32_t(unit))) {
            const int low = (peek(0) == '\\' && peek(1) == 'u') ? hexUnit(m_pos + 2) : -1;
            if (low < 0 || !QChar::isLowSurrogate(char32_t(low))) {
                stringError(t, error, halfPair(unit, "first", "second"));
                break;
            }
            m_pos += 6;
            const char16_t pair[2] = {char16_t(unit), char16_t(low)};
            out->append(QStringView(pair, 2).toUtf8());
            break;
        }
        const QChar ch{char16_t(unit)};
        out->append(QStringView(&ch, 1).toUtf8());
        break;
    }
    default:
        stringError(t, error,
                    QStringLiteral("unknown escape \\") +
                        PrefsJsQuote::fragment(QString::fromUtf8(QByteArrayView(&e, 1))) +
                        QStringLiteral(" in a string (Mozilla's parser takes only \\\" "
                                       "\\' \\\\ \\n \\r \\xNN and \\uNNNN)"));
        break;
    }
}

// Four hex digits at `at` as a UTF-16 unit, or -1.
int PrefsJsLexer::hexUnit(qsizetype at) const
{
    if (at + 4 > m_text.size())
        return -1;
    int unit = 0;
    for (qsizetype i = at; i < at + 4; ++i) {
        const int h = hexValue(m_text[i]);
        if (h < 0)
            return -1;
        unit = unit * 16 + h;
    }
    return unit;
}

// Decimal digits, the magnitude only (a sign is its own token, as in Mozilla). Anything
// glued to it (1.5, 0x10, 1e3) makes it Bad. A leading zero is read as 4.x's JavaScript
// read it (octal when every digit is under 8), with a warning that Mozilla reads decimal.
void PrefsJsLexer::lexNumber(PrefsJsToken &t)
{
    const qsizetype digits = m_pos;
    quint64 decimal = 0;
    quint64 octal = 0;
    bool octalDigits = true;
    while (!atEnd() && isDigit(m_text[m_pos])) {
        const int d = m_text[m_pos] - '0';
        if (decimal <= 0x100000000ULL)
            decimal = decimal * 10 + d;
        if (octal <= 0x100000000ULL)
            octal = octal * 8 + d;
        octalDigits = octalDigits && d < 8;
        ++m_pos;
    }
    const qsizetype digitsEnd = m_pos;
    while (!atEnd() && (isIdentChar(m_text[m_pos]) || m_text[m_pos] == '.'))
        ++m_pos;
    t.word = m_text.sliced(t.begin, m_pos - t.begin);
    const QString shown = u'"' + PrefsJsQuote::fragment(QString::fromUtf8(t.word)) + u'"';
    t.kind = Kind::Bad;
    if (digitsEnd != m_pos) {
        t.error = shown + QStringLiteral(" is not a decimal integer (prefs hold whole "
                                         "numbers written in decimal)");
        return;
    }
    quint64 v = decimal;
    if (digitsEnd - digits > 1 && m_text[digits] == '0' && octalDigits) {
        v = octal;
        if (octal != decimal) {
            t.warning = shown +
                        QStringLiteral(" has a leading zero: 4.x (JavaScript) read "
                                       "it as octal, ") +
                        QString::number(octal) +
                        QStringLiteral(", and so does msim; current Mozilla parsers read ") +
                        QString::number(decimal);
        }
    }
    t.kind = Kind::Number; // past 32 bits: saturated, and integerValue() says so
    t.number = quint32(std::min<quint64>(v, std::numeric_limits<quint32>::max()));
}

// An integer value: the number, or a sign then the number (tokens apart, as in Mozilla).

} // namespace msim::prefs
