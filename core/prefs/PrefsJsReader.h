// SPDX-License-Identifier: MIT
#pragma once

#include "prefs/PrefsJsLexer.h"
#include "prefs/PrefsJsReadResult.h"

#include <QByteArrayView>
#include <QPair>

namespace msim::prefs {

// The statements of a prefs.js in UTF-8 (MESSENGER45.md §7): a recursive-descent reader over
// PrefsJsLexer's tokens, `function("name", value [, sticky] [, locked]);`, with Mozilla's error
// recovery (on to the next `;`) and 4.x's leniency (a `;` left out at the end of a line), each
// difference between the two said in a warning. One pass; the grammar is in PrefsJs's comment.
class PrefsJsReader
{
public:
    // `text` is the whole file, decoded to UTF-8 (PrefsJsDecoder).
    explicit PrefsJsReader(QByteArrayView text);

    // Reads the whole text once: statements and issues (encoding left empty).
    PrefsJsReadResult run();

private:
    using Kind = PrefsJsToken::Kind;

    void statement();
    bool integerValue(const PrefsJsToken &first, QVariant *value, QString *warning,
                      QByteArray *literal);
    void noteString(const PrefsJsToken &t);
    void expected(const PrefsJsToken &t, const QString &what);
    void fail(const PrefsJsToken &t, const QString &message);

    PrefsJsReadResult m_result; // (before m_lexer, which adds its issues to it)
    PrefsJsLexer m_lexer;
    int m_statementLine = 0;
    qsizetype m_statementLineStart = 0;
    QPair<int, int> m_spanningString; // first and last line of a string over several lines
    // The line of a bad statement after which msim read on at a new line where Mozilla skips to
    // the next ";", so the next statement is lost to Mozilla (0: none).
    int m_mozillaSkipsNext = 0;
};

} // namespace msim::prefs
