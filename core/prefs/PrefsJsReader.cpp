// SPDX-License-Identifier: MIT
#include "prefs/PrefsJsReader.h"

#include "prefs/PrefsJs.h"
#include "prefs/PrefsJsQuote.h"

#include <limits>
#include <utility>

namespace msim::prefs {

using Function = PrefsJsStatement::Function;

PrefsJsReader::PrefsJsReader(QByteArrayView text)
    : m_lexer(text, &m_result)
{}

PrefsJsReadResult PrefsJsReader::run()
{
    while (!m_lexer.stopped() && m_lexer.skipBlank() && !m_lexer.atEnd())
        statement();
    m_lexer.finish();
    return std::move(m_result);
}

bool PrefsJsReader::integerValue(const PrefsJsToken &first, QVariant *value, QString *warning,
                                 QByteArray *literal)
{
    PrefsJsToken number = first;
    const bool negative = first.kind == Kind::Minus;
    if (first.kind == Kind::Plus || first.kind == Kind::Minus) {
        number = m_lexer.token();
        if (number.kind != Kind::Number) {
            expected(number, QStringLiteral("a number after \"") + (negative ? u'-' : u'+') + u'"');
            return false;
        }
    }
    const quint64 limit = quint64(std::numeric_limits<qint32>::max()) + (negative ? 1 : 0);
    if (number.number > limit) {
        fail(number, u'"' + (negative ? QStringLiteral("-") : QString()) +
                         PrefsJsQuote::fragment(QString::fromLatin1(number.word)) +
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
void PrefsJsReader::statement()
{
    m_lexer.clearSkippedLongLine();
    m_spanningString = {};
    const int mozillaSkips = std::exchange(m_mozillaSkipsNext, 0);
    const PrefsJsToken first = m_lexer.token();
    m_statementLine = first.line;
    m_statementLineStart = first.lineStart;
    if (first.kind == Kind::Semicolon) {
        m_lexer.addIssue(first.line, first.lineStart,
                         QStringLiteral("an empty statement (a \";\" alone): current Mozilla "
                                        "parsers report an error here, then read on"),
                         PrefsJsIssue::Severity::Warning);
        return;
    }
    const std::optional<Function> function =
        first.kind == Kind::Ident ? PrefsJsStatement::parseFunction(first.word) : std::nullopt;
    if (first.kind == Kind::Ident && !function) {
        return fail(first, QStringLiteral("unknown function ") + first.describe() +
                               QStringLiteral(" (a prefs.js holds user_pref(\"name\", value); "
                                              "statements)"));
    }
    if (!function)
        return expected(first, QStringLiteral("user_pref(\"name\", value);"));
    const QString name = PrefsJsStatement::functionName(*function);

    const PrefsJsToken open = m_lexer.token();
    if (open.kind != Kind::LParen)
        return expected(open, QStringLiteral("\"(\" after ") + name);
    const PrefsJsToken prefName = m_lexer.token();
    if (prefName.kind != Kind::String)
        return expected(prefName, QStringLiteral("the pref name as a \"string\""));
    noteString(prefName);
    if (prefName.bytes.isEmpty())
        return fail(prefName, QStringLiteral("the pref name is empty"));
    const PrefsJsToken comma = m_lexer.token();
    if (comma.kind != Kind::Comma)
        return expected(comma, QStringLiteral("\",\" after the pref name"));
    const PrefsJsToken value = m_lexer.token();
    PrefsJsStatement s;
    s.function = *function;
    QString numberWarning;
    if (value.kind == Kind::String) {
        noteString(value);
        s.bytes = value.bytes;
        s.value = QString::fromUtf8(value.bytes);
    } else if (value.kind == Kind::Number || value.kind == Kind::Plus ||
               value.kind == Kind::Minus) {
        if (!integerValue(value, &s.value, &numberWarning, &s.literal))
            return;
    } else if (value.kind == Kind::Ident && value.word == "true") {
        s.value = true;
    } else if (value.kind == Kind::Ident && value.word == "false") {
        s.value = false;
    } else {
        return expected(value, QStringLiteral("a value (a \"string\", an integer, true or false)"));
    }
    PrefsJsToken close = m_lexer.token();
    while (close.kind == Kind::Comma) {
        const PrefsJsToken attribute = m_lexer.token();
        const bool sticky = attribute.kind == Kind::Ident && attribute.word == "sticky";
        const bool locked = attribute.kind == Kind::Ident && attribute.word == "locked";
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
        close = m_lexer.token();
    }
    if (close.kind != Kind::RParen)
        return expected(close, QStringLiteral("\")\" after the value"));
    const bool touchedLongLine = m_lexer.skippedLongLine();

    // The ";", unless the line (or the file) ends first.
    const int closeLine = m_lexer.line();
    QString semicolonWarning;
    if (!m_lexer.skipBlank())
        return;
    if (!m_lexer.atEnd() && m_lexer.line() == closeLine) {
        if (m_lexer.peek() != ';')
            return expected(m_lexer.next(),
                            QStringLiteral("\";\" after ") + name + QStringLiteral("(...)"));
        m_lexer.advance();
    } else {
        semicolonWarning =
            QStringLiteral("no \";\" after ") + name +
            QStringLiteral("(...): 4.x (JavaScript) read the statement, and "
                           "so does msim, but current Mozilla parsers reject "
                           "it") +
            (m_lexer.atEnd() ? QString() : QStringLiteral(" and the statement after it"));
    }
    if (touchedLongLine)
        return; // the statement ran over an over-long line, which is reported already
    if (m_result.statements.size() >= PrefsJs::kMaxPrefs) {
        m_lexer.addIssue(
            m_statementLine, m_statementLineStart,
            QStringLiteral("more than ") + QString::number(PrefsJs::kMaxPrefs) +
                QStringLiteral(" prefs; this one and the rest of the file are ignored"));
        m_lexer.stop();
        return;
    }
    if (!numberWarning.isEmpty())
        m_lexer.addIssue(m_statementLine, m_statementLineStart, numberWarning,
                         PrefsJsIssue::Severity::Warning);
    if (!semicolonWarning.isEmpty())
        m_lexer.addIssue(m_statementLine, m_statementLineStart, semicolonWarning,
                         PrefsJsIssue::Severity::Warning);
    if (mozillaSkips > 0) {
        m_lexer.addIssue(
            m_statementLine, m_statementLineStart,
            QStringLiteral("msim read this statement, but current Mozilla parsers skip "
                           "it: after the error on line ") +
                QString::number(mozillaSkips) +
                QStringLiteral(" they read on only after the next \";\""),
            PrefsJsIssue::Severity::Warning);
    }
    s.nameBytes = prefName.bytes;
    s.name = QString::fromUtf8(prefName.bytes);
    s.line = m_statementLine;
    s.text = m_lexer.lineText(m_statementLineStart);
    m_result.statements.append(std::move(s));
}

// Remembers a string that ran over several lines: a missing quote is the likely cause of
// what goes wrong after it.
void PrefsJsReader::noteString(const PrefsJsToken &t)
{
    if (t.endLine > t.line)
        m_spanningString = {t.line, t.endLine};
}

void PrefsJsReader::expected(const PrefsJsToken &t, const QString &what)
{
    if (t.kind == Kind::Bad)
        return fail(t, t.error);
    QString message =
        QStringLiteral("expected ") + what + QStringLiteral(", found ") + t.describe();
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
void PrefsJsReader::fail(const PrefsJsToken &t, const QString &message)
{
    if (m_lexer.stopped())
        return;
    if (t.kind == Kind::End || (t.kind == Kind::Ident && PrefsJsStatement::parseFunction(t.word) &&
                                t.line != m_statementLine)) {
        m_lexer.addIssue(m_statementLine, m_statementLineStart, message);
        m_lexer.rewind(t.begin);
        if (t.kind != Kind::End)
            m_mozillaSkipsNext = m_statementLine;
        return;
    }
    m_lexer.addIssue(t.line, t.lineStart, message);
    if (t.kind == Kind::Semicolon)
        return;
    // On to the next ";" (as Mozilla), or to a statement that begins on a later line than
    // the bad token (or the string it ends): msim reads that one, Mozilla would not.
    const int line = std::max(t.line, t.endLine);
    while (m_lexer.skipBlank() && !m_lexer.atEnd()) {
        const qsizetype at = m_lexer.position();
        const int tokenLine = m_lexer.line();
        const PrefsJsToken n = m_lexer.next();
        if (n.kind == Kind::Semicolon)
            return;
        if (n.kind == Kind::Ident && PrefsJsStatement::parseFunction(n.word) && tokenLine > line) {
            m_lexer.rewind(at); // (a name holds no line end: the line counters still hold)
            m_mozillaSkipsNext = m_statementLine;
            return;
        }
    }
}

} // namespace msim::prefs
