// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

#include <optional>

namespace msim::prefs {

// One token of a prefs.js as PrefsJsLexer reads it (MESSENGER45.md §7; the token kinds of
// Mozilla's modules/libpref/parser): a punctuation mark, a name, a string with its decoded
// octets, an integer's magnitude, or a Bad token that carries what is wrong with it.
struct PrefsJsToken
{
    enum class Kind {
        End, // the end of the file, or reading has stopped
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

    Kind kind = Kind::End;
    int line = 0;
    qsizetype lineStart = 0; // offset of the token's line, for the raw text
    qsizetype begin = 0;     // offset of the token itself
    int endLine = 0;         // String: the line its closing quote is on
    QByteArrayView word;     // Ident, and the source of Number and Bad
    QByteArray bytes;        // String: the value's octets
    quint32 number = 0;      // Number: the magnitude (a sign is its own token)
    QString error;           // Bad: what is wrong with it
    QString warning;         // Number: read as 4.x read it, and Mozilla differs (leading zero)

    // How the token reads in a message: `"foo"`, `the string "..."`, `the number 7`, `";"`,
    // `the end of the file`; quoted parts cut by PrefsJsQuote::fragment().
    QString describe() const;

    // The one-character tokens: `(` `)` `,` `;` `+` `-`. The kind a character stands for, or
    // nullopt; the character of such a kind, or '\0'.
    static std::optional<Kind> punctuation(char c);
    static char punctuationChar(Kind kind);
};

} // namespace msim::prefs
