#include "prefs/PrefsJs.h"

#include "net/Printable.h"
#include "prefs/Prefs.h"

#include <QFile>
#include <QSaveFile>

#include <algorithm>
#include <limits>

namespace msim::prefs {

namespace {

// A too-long line is quoted in its issue by this many leading bytes, then "...".
constexpr qsizetype kLongLineQuoteOctets = 200;
// Names, strings and words quoted inside a message are cut to this many characters.
constexpr qsizetype kQuoteChars = 40;

const QByteArrayView kUtf8Bom("\xEF\xBB\xBF");
const char kHeader[] = "// Netscape User Preferences\n"
                       "// This is a generated file!  Do not edit.\n"
                       "\n";

enum class Tok { End, Ident, String, Number, LParen, RParen, Comma, Semicolon, Bad };

struct Token
{
    Tok kind = Tok::End;
    int line = 0;
    qsizetype lineStart = 0; // offset of the token's line, for the issue's raw text
    qsizetype begin = 0;     // offset of the token itself
    QByteArrayView word;     // Ident, and the source of Number and Bad
    QString string;          // String
    int number = 0;          // Number
    QString error;           // Bad: what is wrong with it
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

bool isFunction(QByteArrayView word)
{
    return word == "user_pref" || word == "pref" || word == "lockPref" || word == "sticky_pref";
}

// A piece of the customer's file quoted in a warning: cut to kQuoteChars, control characters
// escaped (DESIGN.md §3).
QString cut(const QString &s)
{
    return net::printable::text(s.size() > kQuoteChars ? s.left(kQuoteChars) + QStringLiteral("...")
                                                       : s);
}

QString describe(const Token &t)
{
    switch (t.kind) {
    case Tok::End:
        return QStringLiteral("the end of the file");
    case Tok::Ident:
        return u'"' + cut(QString::fromUtf8(t.word)) + u'"';
    case Tok::String:
        return QStringLiteral("the string \"") + cut(t.string) + u'"';
    case Tok::Number:
        return QStringLiteral("the number ") + QString::number(t.number);
    case Tok::LParen:
        return QStringLiteral("\"(\"");
    case Tok::RParen:
        return QStringLiteral("\")\"");
    case Tok::Comma:
        return QStringLiteral("\",\"");
    case Tok::Semicolon:
        return QStringLiteral("\";\"");
    case Tok::Bad:
        return u'"' + cut(QString::fromUtf8(t.word)) + u'"';
    }
    return QString();
}

// One pass over a prefs.js: a hand-written lexer and a recursive-descent reader of statements,
// with line tracking and error recovery. Every loop consumes at least one byte per turn.
class Reader
{
public:
    explicit Reader(QByteArrayView text)
        : m_text(text)
    {}

    PrefsJsReadResult run()
    {
        if (m_text.size() > PrefsJs::kMaxFileOctets) {
            m_result.issues.append({0,
                                    QStringLiteral("the file is ") +
                                        QString::number(m_text.size()) +
                                        QStringLiteral(" bytes, over the limit of ") +
                                        QString::number(PrefsJs::kMaxFileOctets) +
                                        QStringLiteral(" for a prefs.js; nothing was read"),
                                    QString()});
            return std::move(m_result);
        }
        if (m_text.startsWith(kUtf8Bom))
            m_pos = m_lineStart = kUtf8Bom.size();
        enterLine();
        while (!m_stopped && skipBlank() && !atEnd())
            statement();
        if (m_suppressedIssues > 0) {
            m_result.issues.append(
                {0, QString::number(m_suppressedIssues) + QStringLiteral(" more issues not listed"),
                 QString()});
        }
        return std::move(m_result);
    }

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

    // The raw text of the line starting at `lineStart`. The last one is kept, so that the values
    // and issues of one line share a single copy.
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

    void addIssue(int line, qsizetype lineStart, const QString &message)
    {
        if (m_result.issues.size() >= PrefsJs::kMaxIssues) {
            ++m_suppressedIssues;
            return;
        }
        m_result.issues.append({line, message, lineText(lineStart)});
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

    // At CR, LF or CRLF: one line end.
    void consumeLineEnd()
    {
        if (m_text[m_pos] == '\r' && peek(1) == '\n')
            ++m_pos;
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
        case '"':
        case '\'':
            lexString(t);
            return t;
        default:
            break;
        }
        if (isDigit(c) || c == '-' || c == '+') {
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
            if (quint8(c) >= 0x20 && quint8(c) < 0x7F) {
                t.error = QStringLiteral("unexpected character \"") + QLatin1Char(c) + u'"';
            } else if (quint8(c) < 0x80) {
                t.error = QStringLiteral("unexpected control character 0x") +
                          QString::number(quint8(c), 16).rightJustified(2, u'0');
            } else {
                t.error = QStringLiteral("unexpected character \"") + QString::fromUtf8(t.word) +
                          QStringLiteral("\" outside a string");
            }
        }
        return t;
    }

    // "..." or '...' on one line, with JavaScript escapes. A bad escape makes the whole string
    // one Bad token (read to its closing quote, so that recovery does not start inside it).
    void lexString(Token &t)
    {
        const char quote = m_text[m_pos++];
        QString out;
        QByteArray run; // raw bytes since the last escape, decoded as UTF-8 when flushed
        const auto flush = [&] {
            if (!run.isEmpty()) {
                out += QString::fromUtf8(run);
                run.clear();
            }
        };
        QString error;
        for (;;) {
            if (atEnd() || isLineEnd(m_text[m_pos])) {
                t.kind = Tok::Bad;
                t.error = QStringLiteral("unterminated string (a string ends on the line it "
                                         "starts on)");
                t.word = m_text.sliced(t.begin, m_pos - t.begin);
                return;
            }
            const char c = m_text[m_pos++];
            if (c == quote)
                break;
            if (c != '\\') {
                run.append(c);
                continue;
            }
            if (atEnd() || isLineEnd(m_text[m_pos]))
                continue; // reported as unterminated on the next turn
            const char e = m_text[m_pos++];
            switch (e) {
            case 'n':
                run.append('\n');
                break;
            case 't':
                run.append('\t');
                break;
            case 'r':
                run.append('\r');
                break;
            case 'b':
                run.append('\b');
                break;
            case 'f':
                run.append('\f');
                break;
            case 'v':
                run.append('\v');
                break;
            case '0':
                run.append('\0');
                break;
            case 'x': {
                const int hi = hexValue(peek(0));
                const int lo = hexValue(peek(1));
                if (hi < 0 || lo < 0) {
                    if (error.isEmpty())
                        error = QStringLiteral("bad \\x escape in a string (two hex digits "
                                               "expected)");
                    break;
                }
                m_pos += 2;
                flush();
                out += QChar(char16_t(hi * 16 + lo));
                break;
            }
            case 'u': {
                const int unit = hexUnit(m_pos);
                if (unit < 0) {
                    if (error.isEmpty())
                        error = QStringLiteral("bad \\u escape in a string (four hex digits "
                                               "expected)");
                    break;
                }
                m_pos += 4;
                flush();
                const QChar ch{char16_t(unit)};
                if (ch.isHighSurrogate() && peek(0) == '\\' && peek(1) == 'u') {
                    const int low = hexUnit(m_pos + 2);
                    if (low >= 0 && QChar::isLowSurrogate(char32_t(low))) {
                        m_pos += 6;
                        out += ch;
                        out += QChar(char16_t(low));
                        break;
                    }
                }
                // Half a surrogate pair is no character: replaced, as bad UTF-8 is.
                out += ch.isSurrogate() ? QChar(QChar::ReplacementCharacter) : ch;
                break;
            }
            default: // \\, \", \' and any other character stand for themselves
                run.append(e);
                break;
            }
        }
        t.word = m_text.sliced(t.begin, m_pos - t.begin);
        if (!error.isEmpty()) {
            t.kind = Tok::Bad;
            t.error = error;
            return;
        }
        flush();
        t.kind = Tok::String;
        t.string = std::move(out);
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

    // [+-]digits, decimal, within 32 bits. Anything glued to it (1.5, 0x10, 1e3) makes it Bad.
    void lexNumber(Token &t)
    {
        const bool negative = m_text[m_pos] == '-';
        if (m_text[m_pos] == '-' || m_text[m_pos] == '+')
            ++m_pos;
        const qsizetype digits = m_pos;
        qint64 v = 0;
        while (!atEnd() && isDigit(m_text[m_pos])) {
            if (v <= qint64(std::numeric_limits<qint32>::max()) + 1)
                v = v * 10 + (m_text[m_pos] - '0');
            ++m_pos;
        }
        const qsizetype digitsEnd = m_pos;
        while (!atEnd() && (isIdentChar(m_text[m_pos]) || m_text[m_pos] == '.'))
            ++m_pos;
        t.word = m_text.sliced(t.begin, m_pos - t.begin);
        const QString shown = u'"' + cut(QString::fromUtf8(t.word)) + u'"';
        t.kind = Tok::Bad;
        if (digitsEnd == digits) {
            t.error = QStringLiteral("expected a number, found ") + shown;
        } else if (digitsEnd != m_pos) {
            t.error = shown + QStringLiteral(" is not a decimal integer (4.x prefs hold whole "
                                             "numbers written in decimal)");
        } else if (digitsEnd - digits > 1 && m_text[digits] == '0') {
            t.error = shown + QStringLiteral(" has a leading zero, which 4.x (JavaScript) reads "
                                             "as octal; write it without the zero");
        } else {
            if (negative)
                v = -v;
            if (v < std::numeric_limits<qint32>::min() || v > std::numeric_limits<qint32>::max()) {
                t.error = shown + QStringLiteral(" does not fit in 32 bits (") +
                          QString::number(std::numeric_limits<qint32>::min()) +
                          QStringLiteral(" to ") +
                          QString::number(std::numeric_limits<qint32>::max()) + u')';
            } else {
                t.kind = Tok::Number;
                t.number = int(v);
            }
        }
    }

    // user_pref("name", value);  The ";" may be left out at the end of a line, as JavaScript
    // allows.
    void statement()
    {
        m_skippedLongLine = false;
        const Token first = token();
        m_statementLine = first.line;
        m_statementLineStart = first.lineStart;
        if (first.kind == Tok::Semicolon)
            return; // an empty statement
        if (first.kind == Tok::Ident && !isFunction(first.word)) {
            return fail(first, QStringLiteral("unknown function ") + describe(first) +
                                   QStringLiteral(" (a prefs.js holds user_pref(\"name\", value); "
                                                  "statements)"));
        }
        if (first.kind != Tok::Ident)
            return expected(first, QStringLiteral("user_pref(\"name\", value);"));
        const QString function = QString::fromLatin1(first.word);

        const Token open = token();
        if (open.kind != Tok::LParen)
            return expected(open, QStringLiteral("\"(\" after ") + function);
        const Token name = token();
        if (name.kind != Tok::String)
            return expected(name, QStringLiteral("the pref name as a \"string\""));
        if (name.string.isEmpty())
            return fail(name, QStringLiteral("the pref name is empty"));
        const Token comma = token();
        if (comma.kind != Tok::Comma)
            return expected(comma, QStringLiteral("\",\" after the pref name"));
        const Token value = token();
        QVariant v;
        if (value.kind == Tok::String)
            v = value.string;
        else if (value.kind == Tok::Number)
            v = value.number;
        else if (value.kind == Tok::Ident && value.word == "true")
            v = true;
        else if (value.kind == Tok::Ident && value.word == "false")
            v = false;
        else
            return expected(value,
                            QStringLiteral("a value (a \"string\", an integer, true or false)"));
        const Token close = token();
        if (close.kind == Tok::Comma) {
            return fail(close, QStringLiteral("expected \")\" after the value: ") + function +
                                   QStringLiteral(" takes exactly two arguments"));
        }
        if (close.kind != Tok::RParen)
            return expected(close, QStringLiteral("\")\" after the value"));
        const bool touchedLongLine = m_skippedLongLine;

        // The ";", unless the line (or the file) ends first.
        const int closeLine = m_line;
        skipBlank();
        if (!atEnd() && m_line == closeLine) {
            if (m_text[m_pos] != ';') {
                return expected(next(), QStringLiteral("\";\" after ") + function +
                                            QStringLiteral("(...)"));
            }
            ++m_pos;
        }
        if (touchedLongLine)
            return; // the statement ran over an over-long line, which is reported already
        if (m_result.values.size() >= PrefsJs::kMaxPrefs) {
            addIssue(m_statementLine, m_statementLineStart,
                     QStringLiteral("more than ") + QString::number(PrefsJs::kMaxPrefs) +
                         QStringLiteral(" prefs; this one and the rest of the file are ignored"));
            m_stopped = true;
            return;
        }
        m_result.values.append({name.string, v});
        m_result.lines.append(m_statementLine);
        m_result.texts.append(lineText(m_statementLineStart));
    }

    void expected(const Token &t, const QString &what)
    {
        if (t.kind == Tok::Bad)
            return fail(t, t.error);
        fail(t, QStringLiteral("expected ") + what + QStringLiteral(", found ") + describe(t));
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
            (t.kind == Tok::Ident && isFunction(t.word) && t.line != m_statementLine)) {
            addIssue(m_statementLine, m_statementLineStart, message);
            m_pos = t.begin;
            return;
        }
        addIssue(t.line, t.lineStart, message);
        if (t.kind == Tok::Semicolon)
            return;
        while (m_line == t.line && skipBlank() && !atEnd() && m_line == t.line) {
            if (next().kind == Tok::Semicolon)
                return;
        }
    }

    QByteArrayView m_text;
    qsizetype m_pos = 0;
    int m_line = 1;
    qsizetype m_lineStart = 0;
    bool m_skippedLongLine = false; // an over-long line was skipped since the statement began
    bool m_stopped = false;         // nothing more is read (unterminated comment, too many prefs)
    int m_suppressedIssues = 0;
    int m_statementLine = 0;
    qsizetype m_statementLineStart = 0;
    qsizetype m_cachedLineStart = -1;
    QString m_cachedLine;
    PrefsJsReadResult m_result;
};

QByteArray escaped(const QString &s)
{
    const QByteArray utf8 = s.toUtf8();
    QByteArray out;
    out.reserve(utf8.size() + 2);
    for (const char c : utf8) {
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
    }
    return out;
}

QByteArray valueText(const QVariant &v)
{
    switch (v.typeId()) {
    case QMetaType::Bool:
        return v.toBool() ? QByteArray("true") : QByteArray("false");
    case QMetaType::ULongLong:
    case QMetaType::ULong:
        return QByteArray::number(v.toULongLong());
    case QMetaType::Int:
    case QMetaType::UInt:
    case QMetaType::LongLong:
    case QMetaType::Long:
    case QMetaType::Short:
    case QMetaType::UShort:
    case QMetaType::SChar:
    case QMetaType::UChar:
        return QByteArray::number(v.toLongLong());
    default:
        return QByteArray('"' + escaped(v.toString()) + '"');
    }
}

} // namespace

PrefsJsReadResult PrefsJs::parse(QByteArrayView text)
{
    return Reader(text).run();
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
                     QStringLiteral(" bytes, too large for a prefs.js; not read");
        }
        return std::nullopt;
    }
    return parse(data);
}

QByteArray PrefsJs::write(const QList<QPair<QString, QVariant>> &values)
{
    QList<QByteArray> lines;
    lines.reserve(values.size());
    for (const auto &[name, value] : values) {
        if (!name.isEmpty() && value.isValid())
            lines.append(
                QByteArray("user_pref(\"" + escaped(name) + "\", " + valueText(value) + ");"));
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

QByteArray PrefsJs::write(const Prefs &prefs)
{
    return write(prefs.userSet());
}

bool PrefsJs::writeFile(const QString &path, const Prefs &prefs, QString *error)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        if (error)
            *error =
                QStringLiteral("cannot write ") + path + QStringLiteral(": ") + file.errorString();
        return false;
    }
    const QByteArray data = write(prefs);
    if (file.write(data) != data.size() || !file.commit()) {
        if (error)
            *error =
                QStringLiteral("cannot write ") + path + QStringLiteral(": ") + file.errorString();
        return false;
    }
    return true;
}

} // namespace msim::prefs
