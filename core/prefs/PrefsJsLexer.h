// SPDX-License-Identifier: MIT
#pragma once

#include "prefs/PrefsJsReadResult.h"
#include "prefs/PrefsJsToken.h"

#include <QByteArrayView>

namespace msim::prefs {

// The tokens of a prefs.js in UTF-8 (MESSENGER45.md §7; Mozilla's modules/libpref/parser is the
// reference): white space, LF/CRLF/CR line ends and `//`, `#`, `/* */` comments skipped; strings
// with Mozilla's escapes, over several lines; decimal integers (a leading zero read as 4.x's
// octal, with a warning); line tracking, over-long lines skipped, a NUL byte taken for the end
// of the file. Problems go to the result's issues, each once and at most PrefsJs::kMaxIssues.
// Every loop consumes at least one byte per turn.
class PrefsJsLexer
{
public:
    // `text` is the whole file, decoded to UTF-8 (PrefsJsDecoder); issues are added to
    // `result`, which must outlive the lexer.
    PrefsJsLexer(QByteArrayView text, PrefsJsReadResult *result);

    // The next token after blanks; End at the end of the file or once reading has stopped.
    PrefsJsToken token();
    // The next token at the current position (blanks already skipped).
    PrefsJsToken next();
    // Skips white space, line ends and comments. False when an unterminated /* comment ran to
    // the end of the file (reported; reading stops).
    bool skipBlank();

    bool atEnd() const { return m_pos >= m_text.size(); }
    char peek(qsizetype ahead = 0) const
    {
        return m_pos + ahead < m_text.size() ? m_text[m_pos + ahead] : '\0';
    }
    void advance() { ++m_pos; } // past one octet that holds no line end
    qsizetype position() const { return m_pos; }
    // Back to `at`, an offset on the current line (what lies between holds no line end).
    void rewind(qsizetype at) { m_pos = at; }
    int line() const { return m_line; } // 1-based

    // Reading stops (the reader met a limit); token() then gives End.
    void stop() { m_stopped = true; }
    bool stopped() const { return m_stopped; }
    // An over-long line was skipped since clearSkippedLongLine().
    bool skippedLongLine() const { return m_skippedLongLine; }
    void clearSkippedLongLine() { m_skippedLongLine = false; }

    // The raw text of the line starting at `lineStart`. The last one is kept, so that the
    // statements and issues of one line share a single copy.
    const QString &lineText(qsizetype lineStart);
    // Each problem once: the same sentence about the same line is not repeated.
    void addIssue(int line, qsizetype lineStart, const QString &message,
                  PrefsJsIssue::Severity severity = PrefsJsIssue::Severity::Error);
    // At the end of reading: the NUL byte that cut the file short (unless said already) and the
    // count of issues not listed.
    void finish();

private:
    using Kind = PrefsJsToken::Kind;

    qsizetype lineEndFrom(qsizetype from) const;
    void enterLine();
    void consumeLineEnd(QByteArray *into = nullptr);
    void stringError(PrefsJsToken &t, QString *error, const QString &message);
    void lexString(PrefsJsToken &t);
    void lexEscape(PrefsJsToken &t, QString *error, QByteArray *out);
    int hexUnit(qsizetype at) const;
    void lexNumber(PrefsJsToken &t);
    void lexBad(PrefsJsToken &t);

    QByteArrayView m_text;
    PrefsJsReadResult *m_result;
    qsizetype m_full = 0; // octets of the whole text, before a NUL cut it short
    qsizetype m_pos = 0;
    int m_line = 1;
    qsizetype m_lineStart = 0;
    bool m_skippedLongLine = false; // an over-long line was skipped since the flag was cleared
    bool m_stopped = false;         // nothing more is read (unterminated comment, too many prefs)
    qsizetype m_nul = -1;           // offset of the NUL byte the text was cut at, or -1
    bool m_nulSaid = false;         // the NUL was reported (inside a string)
    qsizetype m_cachedLineStart = -1;
    QString m_cachedLine;
};

} // namespace msim::prefs
