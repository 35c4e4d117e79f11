#include "prefs/PrefsJs.h"

#include "net/NameTable.h"
#include "net/Printable.h"
#include "prefs/Prefs.h"

#include <QFile>
#include <QSaveFile>
#include <QStringDecoder>

#include <algorithm>
#include <limits>
#include <utility>

namespace msim::prefs {

namespace {

using Function = PrefsJsStatement::Function;
constexpr auto kFunctionNames =
    net::nameTable<Function>({{Function::UserPref, "user_pref"},
                              {Function::Pref, "pref"},
                              {Function::LockPref, "lockPref"},
                              {Function::StickyPref, "sticky_pref"},
                              {Function::DefaultPref, "defaultPref"},
                              {Function::LocalDefPref, "localDefPref"}});

} // namespace

QString PrefsJsStatement::functionName(Function function)
{
    return kFunctionNames.name(function);
}

QString PrefsJsStatement::key() const
{
    return functionName(function) + u' ' + name;
}

int PrefsJsStatement::rank() const
{
    if (function == Function::LockPref || locked)
        return 2;
    return function == Function::UserPref ? 1 : 0;
}

namespace {

// A too-long line is quoted in its issue by this many leading bytes, then "...".
constexpr qsizetype kLongLineQuoteOctets = 200;
// Names, strings and words quoted inside a message are cut to this many characters.
constexpr qsizetype kQuoteChars = 40;
// A raw line quoted after a problem (issueLine) is cut to this many characters.
constexpr qsizetype kQuotedLineChars = 300;
// How many leading octets are looked at to recognise UTF-16 without a byte-order mark.
constexpr qsizetype kSniffOctets = 512;

const char kHeader[] = "// Netscape User Preferences\n"
                       "// This is a generated file!  Do not edit.\n"
                       "\n";

enum class Tok {
    End,
    Nul,
    Ident,
    String,
    Number,
    Plus,
    Minus,
    LParen,
    RParen,
    Comma,
    Semicolon,
    Bad
};

struct Token
{
    Tok kind = Tok::End;
    int line = 0;
    qsizetype lineStart = 0; // offset of the token's line, for the issue's raw text
    qsizetype begin = 0;     // offset of the token itself
    int endLine = 0;         // String: the line its closing quote is on
    QByteArrayView word;     // Ident, and the source of Number and Bad
    QByteArray bytes;        // String: the value's octets
    quint32 number = 0;      // Number: the magnitude (a sign is its own token)
    QString error;           // Bad: what is wrong with it
    QString warning;         // Number: read as 4.x read it, and Mozilla differs (leading zero)
};

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

std::optional<Function> functionOf(QByteArrayView word)
{
    return kFunctionNames.parse(word);
}

// A piece of the customer's file quoted in a message: cut to kQuoteChars, control characters
// escaped (DESIGN.md §3).
QString cut(const QString &s)
{
    return net::printable::text(s.size() > kQuoteChars ? s.left(kQuoteChars) + QStringLiteral("...")
                                                       : s);
}

// A raw line quoted after a problem: escaped, cut to kQuotedLineChars.
QString cutLine(const QString &s)
{
    return net::printable::text(
        s.size() > kQuotedLineChars ? s.left(kQuotedLineChars) + QStringLiteral("...") : s);
}

QString describe(const Token &t)
{
    switch (t.kind) {
    case Tok::End:
    case Tok::Nul:
        return QStringLiteral("the end of the file");
    case Tok::Ident:
    case Tok::Bad:
        return u'"' + cut(QString::fromUtf8(t.word)) + u'"';
    case Tok::String:
        return QStringLiteral("the string \"") + cut(QString::fromUtf8(t.bytes)) + u'"';
    case Tok::Number:
        return QStringLiteral("the number ") + QString::number(t.number);
    case Tok::Plus:
        return QStringLiteral("\"+\"");
    case Tok::Minus:
        return QStringLiteral("\"-\"");
    case Tok::LParen:
        return QStringLiteral("\"(\"");
    case Tok::RParen:
        return QStringLiteral("\")\"");
    case Tok::Comma:
        return QStringLiteral("\",\"");
    case Tok::Semicolon:
        return QStringLiteral("\";\"");
    }
    return QString();
}

// One pass over a prefs.js in UTF-8: a hand-written lexer and a recursive-descent reader of
// statements, with line tracking and error recovery. Every loop consumes at least one byte per
// turn.
class Reader
{
public:
    explicit Reader(QByteArrayView text)
        : m_text(text)
    {}

    PrefsJsReadResult run()
    {
        // Mozilla takes a NUL byte for the end of the file; so does msim, and says so.
        const qsizetype nul = m_text.indexOf('\0');
        if (nul >= 0)
            m_text = m_text.first(nul);
        m_nul = nul;
        enterLine();
        while (!m_stopped && skipBlank() && !atEnd())
            statement();
        if (nul >= 0 && !m_stopped && !m_nulSaid) {
            addIssue(m_line, m_lineStart,
                     QStringLiteral("a NUL byte (offset ") + QString::number(nul) +
                         QStringLiteral("): Mozilla's parser takes it for the end of the file, "
                                        "and so does msim; the last ") +
                         QString::number(m_full - nul) +
                         QStringLiteral(" bytes of the file were not read"));
        }
        if (m_result.unlistedIssues > 0) {
            m_result.issues.append({0,
                                    QString::number(m_result.unlistedIssues) +
                                        QStringLiteral(" more problems not listed"),
                                    QString()});
        }
        return std::move(m_result);
    }

    void setFullSize(qsizetype full) { m_full = full; }

private:
    bool atEnd() const { return m_pos >= m_text.size(); }
    char peek(qsizetype ahead = 0) const
    {
        return m_pos + ahead < m_text.size() ? m_text[m_pos + ahead] : '\0';
    }

    qsizetype lineEndFrom(qsizetype from) const
    {
        qsizetype i = from;
        while (i < m_text.size() && !isLineEnd(m_text[i]))
            ++i;
        return i;
    }

    // The raw text of the line starting at `lineStart`. The last one is kept, so that the
    // statements and issues of one line share a single copy.
    const QString &lineText(qsizetype lineStart)
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
    void addIssue(int line, qsizetype lineStart, const QString &message,
                  PrefsJsIssue::Severity severity = PrefsJsIssue::Severity::Error)
    {
        if (!m_result.issues.isEmpty() && m_result.issues.last().line == line &&
            m_result.issues.last().message == message)
            return;
        if (m_result.issues.size() >= PrefsJs::kMaxIssues) {
            ++m_result.unlistedIssues;
            return;
        }
        m_result.issues.append({line, message, lineText(lineStart), severity});
    }

    // At the start of a line: a line over the limit is reported and skipped to its end.
    void enterLine()
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
    void consumeLineEnd(QByteArray *into = nullptr)
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
    bool skipBlank()
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
    Token token()
    {
        if (!skipBlank()) {
            Token t;
            t.line = m_line;
            t.lineStart = m_lineStart;
            t.begin = m_pos;
            return t;
        }
        return next();
    }

    Token next()
    {
        Token t;
        t.line = m_line;
        t.lineStart = m_lineStart;
        t.begin = m_pos;
        if (atEnd())
            return t;
        const char c = m_text[m_pos];
        switch (c) {
        case '(':
            ++m_pos;
            t.kind = Tok::LParen;
            return t;
        case ')':
            ++m_pos;
            t.kind = Tok::RParen;
            return t;
        case ',':
            ++m_pos;
            t.kind = Tok::Comma;
            return t;
        case ';':
            ++m_pos;
            t.kind = Tok::Semicolon;
            return t;
        case '+':
            ++m_pos;
            t.kind = Tok::Plus;
            return t;
        case '-':
            ++m_pos;
            t.kind = Tok::Minus;
            return t;
        case '"':
        case '\'':
            lexString(t);
            return t;
        default:
            break;
        }
        if (isDigit(c)) {
            lexNumber(t);
        } else if (isIdentStart(c)) {
            while (!atEnd() && isIdentChar(m_text[m_pos]))
                ++m_pos;
            t.kind = Tok::Ident;
            t.word = m_text.sliced(t.begin, m_pos - t.begin);
        } else {
            ++m_pos;
            // Keep a UTF-8 sequence whole so that the message can show the character.
            while (!atEnd() && (quint8(m_text[m_pos]) & 0xC0) == 0x80)
                ++m_pos;
            t.kind = Tok::Bad;
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
        return t;
    }

    void stringError(Token &t, QString *error, const QString &message)
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
    void lexString(Token &t)
    {
        const int startLine = m_line;
        const qsizetype startLineStart = m_lineStart;
        const char quote = m_text[m_pos++];
        QByteArray out;
        QString error;
        for (;;) {
            if (atEnd()) {
                t.kind = Tok::Bad;
                t.line = startLine;
                t.lineStart = startLineStart;
                t.error = QStringLiteral("unterminated string: it starts on line ") +
                          QString::number(startLine) +
                          QStringLiteral(" and no closing quote follows");
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
                t.word = m_text.sliced(t.begin, std::min<qsizetype>(m_pos - t.begin, kQuoteChars));
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
            const char e = m_text[m_pos++];
            switch (e) {
            case 'n':
                out.append('\n');
                break;
            case 'r':
                out.append('\r');
                break;
            case '\\':
            case '"':
            case '\'':
                out.append(e);
                break;
            case 'x': {
                const int hi = hexValue(peek(0));
                const int lo = hexValue(peek(1));
                if (hi < 0 || lo < 0) {
                    stringError(t, &error,
                                QStringLiteral("bad \\x escape in a string (two hex digits "
                                               "expected)"));
                    break;
                }
                m_pos += 2;
                if (hi == 0 && lo == 0) {
                    stringError(t, &error,
                                QStringLiteral("\\x00 in a string (Mozilla's parser does not "
                                               "allow a NUL)"));
                    break;
                }
                out.append(char(hi * 16 + lo)); // a raw byte, as Mozilla keeps it
                break;
            }
            case 'u': {
                const int unit = hexUnit(m_pos);
                if (unit < 0) {
                    stringError(t, &error,
                                QStringLiteral("bad \\u escape in a string (four hex digits "
                                               "expected)"));
                    break;
                }
                m_pos += 4;
                if (unit == 0) {
                    stringError(t, &error,
                                QStringLiteral("\\u0000 in a string (Mozilla's parser does not "
                                               "allow a NUL)"));
                    break;
                }
                if (QChar::isLowSurrogate(char32_t(unit))) {
                    stringError(t, &error,
                                QStringLiteral("\\u") +
                                    QString::number(unit, 16).toUpper().rightJustified(4, u'0') +
                                    QStringLiteral(" in a string is the second half of a "
                                                   "surrogate pair without its first half"));
                    break;
                }
                if (QChar::isHighSurrogate(char32_t(unit))) {
                    const int low = (peek(0) == '\\' && peek(1) == 'u') ? hexUnit(m_pos + 2) : -1;
                    if (low < 0 || !QChar::isLowSurrogate(char32_t(low))) {
                        stringError(
                            t, &error,
                            QStringLiteral("\\u") +
                                QString::number(unit, 16).toUpper().rightJustified(4, u'0') +
                                QStringLiteral(" in a string is the first half of a "
                                               "surrogate pair without its second half"));
                        break;
                    }
                    m_pos += 6;
                    const char16_t pair[2] = {char16_t(unit), char16_t(low)};
                    out.append(QStringView(pair, 2).toUtf8());
                    break;
                }
                const QChar ch{char16_t(unit)};
                out.append(QStringView(&ch, 1).toUtf8());
                break;
            }
            default:
                stringError(t, &error,
                            QStringLiteral("unknown escape \\") +
                                cut(QString::fromUtf8(QByteArrayView(&e, 1))) +
                                QStringLiteral(" in a string (Mozilla's parser takes only \\\" "
                                               "\\' \\\\ \\n \\r \\xNN and \\uNNNN)"));
                break;
            }
        }
        t.word = m_text.sliced(t.begin, m_pos - t.begin);
        t.endLine = m_line;
        if (!error.isEmpty()) {
            t.kind = Tok::Bad;
            t.error = error;
            return;
        }
        t.line = startLine;
        t.lineStart = startLineStart;
        t.kind = Tok::String;
        t.bytes = std::move(out);
    }

    // Four hex digits at `at` as a UTF-16 unit, or -1.
    int hexUnit(qsizetype at) const
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
    void lexNumber(Token &t)
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
        const QString shown = u'"' + cut(QString::fromUtf8(t.word)) + u'"';
        t.kind = Tok::Bad;
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
        t.kind = Tok::Number; // past 32 bits: saturated, and integerValue() says so
        t.number = quint32(std::min<quint64>(v, std::numeric_limits<quint32>::max()));
    }

    // An integer value: the number, or a sign then the number (tokens apart, as in Mozilla).
    bool integerValue(const Token &first, QVariant *value, QString *warning, QByteArray *literal)
    {
        Token number = first;
        const bool negative = first.kind == Tok::Minus;
        if (first.kind == Tok::Plus || first.kind == Tok::Minus) {
            number = token();
            if (number.kind != Tok::Number) {
                expected(number,
                         QStringLiteral("a number after \"") + (negative ? u'-' : u'+') + u'"');
                return false;
            }
        }
        const quint64 limit = quint64(std::numeric_limits<qint32>::max()) + (negative ? 1 : 0);
        if (number.number > limit) {
            fail(number, u'"' + (negative ? QStringLiteral("-") : QString()) +
                             cut(QString::fromLatin1(number.word)) +
                             QStringLiteral("\" does not fit in 32 bits (") +
                             QString::number(std::numeric_limits<qint32>::min()) +
                             QStringLiteral(" to ") +
                             QString::number(std::numeric_limits<qint32>::max()) + u')');
            return false;
        }
        const qint64 v = negative ? -qint64(number.number) : qint64(number.number);
        *value = int(v);
        *warning = number.warning;
        if (!number.warning.isEmpty()) // written back as the file wrote it (PrefsJsStatement)
            *literal = (negative ? QByteArray("-") : QByteArray()) + number.word.toByteArray();
        return true;
    }

    // function("name", value [, sticky] [, locked]);  The ";" may be left out at the end of a
    // line, as 4.x's JavaScript allowed (with a warning: Mozilla rejects it).
    void statement()
    {
        m_skippedLongLine = false;
        m_spanningString = {};
        const int mozillaSkips = std::exchange(m_mozillaSkipsNext, 0);
        const Token first = token();
        m_statementLine = first.line;
        m_statementLineStart = first.lineStart;
        if (first.kind == Tok::Semicolon) {
            addIssue(first.line, first.lineStart,
                     QStringLiteral("an empty statement (a \";\" alone): current Mozilla "
                                    "parsers report an error here, then read on"),
                     PrefsJsIssue::Severity::Warning);
            return;
        }
        const std::optional<Function> function =
            first.kind == Tok::Ident ? functionOf(first.word) : std::nullopt;
        if (first.kind == Tok::Ident && !function) {
            return fail(first, QStringLiteral("unknown function ") + describe(first) +
                                   QStringLiteral(" (a prefs.js holds user_pref(\"name\", value); "
                                                  "statements)"));
        }
        if (!function)
            return expected(first, QStringLiteral("user_pref(\"name\", value);"));
        const QString name = PrefsJsStatement::functionName(*function);

        const Token open = token();
        if (open.kind != Tok::LParen)
            return expected(open, QStringLiteral("\"(\" after ") + name);
        const Token prefName = token();
        if (prefName.kind != Tok::String)
            return expected(prefName, QStringLiteral("the pref name as a \"string\""));
        noteString(prefName);
        if (prefName.bytes.isEmpty())
            return fail(prefName, QStringLiteral("the pref name is empty"));
        const Token comma = token();
        if (comma.kind != Tok::Comma)
            return expected(comma, QStringLiteral("\",\" after the pref name"));
        const Token value = token();
        PrefsJsStatement s;
        s.function = *function;
        QString numberWarning;
        if (value.kind == Tok::String) {
            noteString(value);
            s.bytes = value.bytes;
            s.value = QString::fromUtf8(value.bytes);
        } else if (value.kind == Tok::Number || value.kind == Tok::Plus ||
                   value.kind == Tok::Minus) {
            if (!integerValue(value, &s.value, &numberWarning, &s.literal))
                return;
        } else if (value.kind == Tok::Ident && value.word == "true") {
            s.value = true;
        } else if (value.kind == Tok::Ident && value.word == "false") {
            s.value = false;
        } else {
            return expected(value,
                            QStringLiteral("a value (a \"string\", an integer, true or false)"));
        }
        Token close = token();
        while (close.kind == Tok::Comma) {
            const Token attribute = token();
            const bool sticky = attribute.kind == Tok::Ident && attribute.word == "sticky";
            const bool locked = attribute.kind == Tok::Ident && attribute.word == "locked";
            if (!sticky && !locked) {
                return expected(attribute, QStringLiteral("sticky or locked after the value "
                                                          "and \",\" (") +
                                               name + QStringLiteral(" takes a name and a value)"));
            }
            if (s.function == Function::UserPref) {
                return fail(attribute,
                            QStringLiteral("user_pref takes no attributes: Mozilla reads \"") +
                                QString::fromLatin1(attribute.word) +
                                QStringLiteral("\" only in pref(...) of a default prefs file"));
            }
            s.sticky = s.sticky || sticky;
            s.locked = s.locked || locked;
            close = token();
        }
        if (close.kind != Tok::RParen)
            return expected(close, QStringLiteral("\")\" after the value"));
        const bool touchedLongLine = m_skippedLongLine;

        // The ";", unless the line (or the file) ends first.
        const int closeLine = m_line;
        QString semicolonWarning;
        if (!skipBlank())
            return;
        if (!atEnd() && m_line == closeLine) {
            if (m_text[m_pos] != ';')
                return expected(next(),
                                QStringLiteral("\";\" after ") + name + QStringLiteral("(...)"));
            ++m_pos;
        } else {
            semicolonWarning =
                QStringLiteral("no \";\" after ") + name +
                QStringLiteral("(...): 4.x (JavaScript) read the statement, and "
                               "so does msim, but current Mozilla parsers reject "
                               "it") +
                (atEnd() ? QString() : QStringLiteral(" and the statement after it"));
        }
        if (touchedLongLine)
            return; // the statement ran over an over-long line, which is reported already
        if (m_result.statements.size() >= PrefsJs::kMaxPrefs) {
            addIssue(m_statementLine, m_statementLineStart,
                     QStringLiteral("more than ") + QString::number(PrefsJs::kMaxPrefs) +
                         QStringLiteral(" prefs; this one and the rest of the file are ignored"));
            m_stopped = true;
            return;
        }
        if (!numberWarning.isEmpty())
            addIssue(m_statementLine, m_statementLineStart, numberWarning,
                     PrefsJsIssue::Severity::Warning);
        if (!semicolonWarning.isEmpty())
            addIssue(m_statementLine, m_statementLineStart, semicolonWarning,
                     PrefsJsIssue::Severity::Warning);
        if (mozillaSkips > 0) {
            addIssue(m_statementLine, m_statementLineStart,
                     QStringLiteral("msim read this statement, but current Mozilla parsers skip "
                                    "it: after the error on line ") +
                         QString::number(mozillaSkips) +
                         QStringLiteral(" they read on only after the next \";\""),
                     PrefsJsIssue::Severity::Warning);
        }
        s.nameBytes = prefName.bytes;
        s.name = QString::fromUtf8(prefName.bytes);
        s.line = m_statementLine;
        s.text = lineText(m_statementLineStart);
        m_result.statements.append(std::move(s));
    }

    // Remembers a string that ran over several lines: a missing quote is the likely cause of
    // what goes wrong after it.
    void noteString(const Token &t)
    {
        if (t.endLine > t.line)
            m_spanningString = {t.line, t.endLine};
    }

    void expected(const Token &t, const QString &what)
    {
        if (t.kind == Tok::Bad)
            return fail(t, t.error);
        QString message =
            QStringLiteral("expected ") + what + QStringLiteral(", found ") + describe(t);
        if (m_spanningString.first > 0) {
            message += QStringLiteral(" (the string that starts on line ") +
                       QString::number(m_spanningString.first) + QStringLiteral(" runs to line ") +
                       QString::number(m_spanningString.second) +
                       QStringLiteral(": is a closing quote missing?)");
        }
        fail(t, message);
    }

    // Reports the statement being read as bad and resumes after the next ";" on the line of the
    // bad token, or at the next line. A statement cut short by the end of the file, or by a new
    // statement on a later line, is reported on the line where it starts, and that new
    // statement is read next.
    void fail(const Token &t, const QString &message)
    {
        if (m_stopped)
            return;
        if (t.kind == Tok::End ||
            (t.kind == Tok::Ident && functionOf(t.word) && t.line != m_statementLine)) {
            addIssue(m_statementLine, m_statementLineStart, message);
            m_pos = t.begin;
            if (t.kind != Tok::End)
                m_mozillaSkipsNext = m_statementLine;
            return;
        }
        addIssue(t.line, t.lineStart, message);
        if (t.kind == Tok::Semicolon)
            return;
        // On to the next ";" (as Mozilla), or to a statement that begins on a later line than
        // the bad token (or the string it ends): msim reads that one, Mozilla would not.
        const int line = std::max(t.line, t.endLine);
        while (skipBlank() && !atEnd()) {
            const qsizetype at = m_pos;
            const int tokenLine = m_line;
            const Token n = next();
            if (n.kind == Tok::Semicolon)
                return;
            if (n.kind == Tok::Ident && functionOf(n.word) && tokenLine > line) {
                m_pos = at; // (a name holds no line end: the line counters still hold)
                m_mozillaSkipsNext = m_statementLine;
                return;
            }
        }
    }

    QByteArrayView m_text;
    qsizetype m_full = 0; // octets of the whole text, before a NUL cut it short
    qsizetype m_pos = 0;
    int m_line = 1;
    qsizetype m_lineStart = 0;
    bool m_skippedLongLine = false; // an over-long line was skipped since the statement began
    bool m_stopped = false;         // nothing more is read (unterminated comment, too many prefs)
    int m_statementLine = 0;
    qsizetype m_statementLineStart = 0;
    QPair<int, int> m_spanningString; // first and last line of a string over several lines
    // The line of a bad statement after which msim read on at a new line where Mozilla skips to
    // the next ";", so the next statement is lost to Mozilla (0: none).
    int m_mozillaSkipsNext = 0;
    qsizetype m_nul = -1;   // offset of the NUL byte the text was cut at, or -1
    bool m_nulSaid = false; // the NUL was reported (inside a string)
    qsizetype m_cachedLineStart = -1;
    QString m_cachedLine;
    PrefsJsReadResult m_result;
};

// The file's bytes as UTF-8, and what they were.
struct Decoded
{
    QByteArray utf8;
    QString encoding;
    bool latin1 = false;
};

// UTF-16 without a byte-order mark: ASCII text in it has a NUL in every other octet. Returns
// the endianness that fits (0 none, 1 little, 2 big).
int sniffUtf16(QByteArrayView bytes)
{
    const qsizetype n = std::min(bytes.size(), kSniffOctets) & ~qsizetype(1);
    if (n < 4)
        return 0;
    qsizetype evenNul = 0;
    qsizetype oddNul = 0;
    for (qsizetype i = 0; i < n; i += 2) {
        evenNul += bytes[i] == '\0';
        oddNul += bytes[i + 1] == '\0';
    }
    const qsizetype pairs = n / 2;
    if (oddNul * 10 >= pairs * 9 && evenNul * 10 < pairs)
        return 1;
    if (evenNul * 10 >= pairs * 9 && oddNul * 10 < pairs)
        return 2;
    return 0;
}

bool validUtf8(QByteArrayView bytes)
{
    QStringDecoder utf8(QStringConverter::Utf8, QStringConverter::Flag::Stateless);
    const QString text = utf8(bytes); // (the decoder works when its result is taken)
    return !utf8.hasError();
}

Decoded decode(QByteArrayView bytes)
{
    const auto utf16 = [&](QStringConverter::Encoding e, qsizetype skip, const QString &name) {
        QStringDecoder decoder(e, QStringConverter::Flag::Stateless);
        const QString text = decoder(bytes.sliced(skip));
        return Decoded{text.toUtf8(),
                       name + (decoder.hasError()
                                   ? QStringLiteral(", with invalid UTF-16 shown as U+FFFD")
                                   : QString()),
                       false};
    };
    if (bytes.startsWith("\xFF\xFE"))
        return utf16(QStringConverter::Utf16LE, 2,
                     QStringLiteral("UTF-16LE with a byte-order mark"));
    if (bytes.startsWith("\xFE\xFF"))
        return utf16(QStringConverter::Utf16BE, 2,
                     QStringLiteral("UTF-16BE with a byte-order mark"));
    if (bytes.startsWith("\xEF\xBB\xBF"))
        return {bytes.sliced(3).toByteArray(), QStringLiteral("UTF-8 with a byte-order mark"),
                false};
    switch (sniffUtf16(bytes)) {
    case 1:
        return utf16(QStringConverter::Utf16LE, 0,
                     QStringLiteral("UTF-16LE without a byte-order mark, recognised by its NUL "
                                    "bytes"));
    case 2:
        return utf16(QStringConverter::Utf16BE, 0,
                     QStringLiteral("UTF-16BE without a byte-order mark, recognised by its NUL "
                                    "bytes"));
    default:
        break;
    }
    if (validUtf8(bytes))
        return {bytes.toByteArray(), QStringLiteral("UTF-8"), false};
    return {QString::fromLatin1(bytes).toUtf8(), QStringLiteral("Latin-1: not valid UTF-8"), true};
}

// Length of the valid UTF-8 sequence at `i`, or 0.
qsizetype utf8Sequence(QByteArrayView s, qsizetype i)
{
    const quint8 c = quint8(s[i]);
    qsizetype len = 0;
    char32_t cp = 0;
    if (c < 0x80)
        return 1;
    if (c >= 0xC2 && c <= 0xDF) {
        len = 2;
        cp = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
        len = 3;
        cp = c & 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        len = 4;
        cp = c & 0x07;
    } else {
        return 0;
    }
    if (i + len > s.size())
        return 0;
    for (qsizetype k = 1; k < len; ++k) {
        const quint8 d = quint8(s[i + k]);
        if ((d & 0xC0) != 0x80)
            return 0;
        cp = (cp << 6) | (d & 0x3F);
    }
    if ((len == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) ||
        (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)))
        return 0;
    return len;
}

// How non-ASCII characters are written: as UTF-8, as Latin-1 (past U+00FF as \uNNNN), or all
// as \uNNNN (pure ASCII output).
enum class Charset { Utf8, Latin1, Ascii };

// A string's octets as a prefs.js literal body that reads back as the same octets.
QByteArray escaped(QByteArrayView bytes, Charset charset)
{
    QByteArray out;
    out.reserve(bytes.size() + 2);
    const auto hex = [&](uint v, int width) {
        out += QByteArray::number(v, 16).rightJustified(width, '0');
    };
    for (qsizetype i = 0; i < bytes.size();) {
        const char c = bytes[i];
        const qsizetype len = utf8Sequence(bytes, i);
        if (len == 0) { // not UTF-8: a raw octet, which only \xNN keeps exactly
            out += "\\x";
            hex(quint8(c), 2);
            ++i;
            continue;
        }
        if (len == 1) {
            switch (c) {
            case '\\':
                out += "\\\\";
                break;
            case '"':
                out += "\\\"";
                break;
            case '\n':
                out += "\\n";
                break;
            case '\r':
                out += "\\r";
                break;
            default:
                out += c;
            }
            ++i;
            continue;
        }
        if (charset == Charset::Utf8) {
            out += bytes.sliced(i, len);
        } else {
            const QString ch = QString::fromUtf8(bytes.sliced(i, len));
            if (charset == Charset::Latin1 && ch.size() == 1 && ch[0].unicode() <= 0xFF) {
                out += char(ch[0].unicode());
            } else {
                for (const QChar unit : ch) {
                    out += "\\u";
                    hex(unit.unicode(), 4);
                }
            }
        }
        i += len;
    }
    return out;
}

QByteArray valueText(const PrefsJsStatement &s, Charset charset)
{
    switch (s.value.typeId()) {
    case QMetaType::Bool:
        return s.value.toBool() ? QByteArray("true") : QByteArray("false");
    case QMetaType::Int:
    case QMetaType::LongLong:
    case QMetaType::Long:
    case QMetaType::Short:
    case QMetaType::SChar:
        if (!s.literal.isEmpty())
            return s.literal;
        return QByteArray::number(s.value.toLongLong());
    case QMetaType::UInt:
    case QMetaType::ULongLong:
    case QMetaType::ULong:
    case QMetaType::UShort:
    case QMetaType::UChar:
        return QByteArray::number(s.value.toULongLong());
    case QMetaType::QString: {
        const QByteArray bytes = s.bytes.isEmpty() ? s.value.toString().toUtf8() : s.bytes;
        return '"' + escaped(bytes, charset) + '"';
    }
    default:
        return QByteArray();
    }
}

} // namespace

PrefsJsReadResult PrefsJs::parse(QByteArrayView bytes)
{
    if (bytes.size() > kMaxFileOctets) {
        PrefsJsReadResult result;
        result.issues.append({0,
                              QStringLiteral("the file is ") + QString::number(bytes.size()) +
                                  QStringLiteral(" bytes, over msim's limit of ") +
                                  QString::number(kMaxFileOctets) +
                                  QStringLiteral(" for a prefs.js; nothing was read"),
                              QString()});
        return result;
    }
    const Decoded decoded = decode(bytes);
    Reader reader(decoded.utf8);
    reader.setFullSize(decoded.utf8.size());
    PrefsJsReadResult result = reader.run();
    result.encoding = decoded.encoding;
    result.latin1 = decoded.latin1;
    return result;
}

std::optional<PrefsJsReadResult> PrefsJs::readFile(const QString &path, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        if (error)
            *error =
                QStringLiteral("cannot open ") + path + QStringLiteral(": ") + file.errorString();
        return std::nullopt;
    }
    const QByteArray data = file.read(kMaxFileOctets + 1);
    if (file.error() != QFileDevice::NoError) {
        if (error)
            *error =
                QStringLiteral("cannot read ") + path + QStringLiteral(": ") + file.errorString();
        return std::nullopt;
    }
    if (data.size() > kMaxFileOctets) {
        if (error) {
            *error = path + QStringLiteral(" is larger than ") + QString::number(kMaxFileOctets) +
                     QStringLiteral(" bytes, msim's limit for a prefs.js (a real one is under a "
                                    "megabyte); not read");
        }
        return std::nullopt;
    }
    return parse(data);
}

namespace {

QByteArray writeIn(const QList<PrefsJsStatement> &statements, Charset charset)
{
    QList<QByteArray> lines;
    lines.reserve(statements.size());
    for (const PrefsJsStatement &s : statements) {
        const QByteArray value = valueText(s, charset);
        const QByteArray name = s.nameBytes.isEmpty() ? s.name.toUtf8() : s.nameBytes;
        if (name.isEmpty() || value.isEmpty())
            continue;
        QByteArray line = PrefsJsStatement::functionName(s.function).toLatin1() + "(\"" +
                          escaped(name, charset) + "\", " + value;
        if (s.sticky)
            line += ", sticky";
        if (s.locked)
            line += ", locked";
        line += ");";
        lines.append(line);
    }
    // Byte order of the whole line (QByteArray compares bytes as unsigned), as 4.x sorted them.
    std::sort(lines.begin(), lines.end());
    QByteArray out(kHeader);
    for (const QByteArray &line : std::as_const(lines)) {
        out += line;
        out += '\n';
    }
    return out;
}

bool isAscii(QByteArrayView bytes)
{
    return std::all_of(bytes.cbegin(), bytes.cend(), [](char c) { return quint8(c) < 0x80; });
}

} // namespace

QByteArray PrefsJs::write(const QList<PrefsJsStatement> &statements, bool latin1)
{
    if (!latin1)
        return writeIn(statements, Charset::Utf8);
    const QByteArray out = writeIn(statements, Charset::Latin1);
    // Latin-1 octets that also read as valid UTF-8 ("Ã©") would come back as other characters:
    // then every non-ASCII character is written as \uNNNN, which reads back the same anywhere.
    if (!isAscii(out) && validUtf8(out))
        return writeIn(statements, Charset::Ascii);
    return out;
}

QString PrefsJs::issueLine(const QString &path, const PrefsJsIssue &issue)
{
    QString line = path;
    if (issue.line > 0)
        line += QStringLiteral(" line ") + QString::number(issue.line);
    line += QStringLiteral(": ") + issue.message;
    const QString raw = cutLine(issue.text.trimmed());
    if (raw.isEmpty())
        return line;
    return line + QStringLiteral(" (the line: ") + raw + u')';
}

QByteArray PrefsJs::write(const Prefs &prefs)
{
    return write(prefs.statements(), prefs.writesLatin1());
}

bool PrefsJs::writeFile(const QString &path, const Prefs &prefs, bool backup, WriteResult *result,
                        QString *error)
{
    const auto failed = [&](const QString &what, const QString &why) {
        if (error)
            *error = what + path + QStringLiteral(": ") + why;
        return false;
    };
    const QList<PrefsJsStatement> statements = prefs.statements();
    const QByteArray data = write(statements, prefs.writesLatin1());
    QString kept;
    if (backup && QFile::exists(path)) {
        // Never lose the file being replaced: path.bak, or when that holds something else
        // (an older copy, kept too), path.bak.1, path.bak.2, ...
        QFile original(path);
        if (!original.open(QIODevice::ReadOnly))
            return failed(QStringLiteral("cannot read "), original.errorString());
        const QByteArray old = original.readAll();
        original.close();
        for (int n = 0; n <= kMaxBackups && kept.isEmpty(); ++n) {
            const QString bak =
                path + QStringLiteral(".bak") + (n == 0 ? QString() : u'.' + QString::number(n));
            QFile existing(bak);
            if (!existing.exists()) {
                if (!original.copy(bak))
                    return failed(QStringLiteral("cannot keep a copy of "), original.errorString());
                kept = bak;
            } else if (existing.size() == old.size() && existing.open(QIODevice::ReadOnly) &&
                       existing.readAll() == old) {
                kept = bak; // the same octets are kept already
            }
        }
        if (kept.isEmpty()) {
            return failed(QStringLiteral("not replaced: "),
                          QStringLiteral("%1.bak to %1.bak.%2 are all taken, so no copy of it "
                                         "could be kept")
                              .arg(path)
                              .arg(kMaxBackups));
        }
    }
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return failed(QStringLiteral("cannot write "), file.errorString());
    if (file.write(data) != data.size() || !file.commit())
        return failed(QStringLiteral("cannot write "), file.errorString());
    if (result) {
        result->statements = int(statements.size());
        result->backup = kept;
    }
    return true;
}

} // namespace msim::prefs
