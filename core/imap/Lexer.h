// SPDX-License-Identifier: MIT
#pragma once

#include "imap/LiteralAnnouncement.h"
#include "imap/RawResponse.h"

#include <QByteArray>
#include <QString>

#include <optional>

namespace msim::imap {

// Where and why the lexer (or a parser built on it) stopped: the stream offset of the
// offending octet and the raw line it sits in. When that octet comes straight after a literal
// (how an unframed overrun shows itself, DESIGN.md §3), afterLiteral and literalEnd say so.
struct LexError
{
    QString message;
    qint64 offset = 0;
    QByteArray rawLine;
    bool afterLiteral = false;
    qint64 literalEnd = -1; // stream offset just past that literal
};

// The tokens of the IMAP grammar (RFC 3501 §9) over one framed RawResponse (lines and the
// literals the framer cut out): atoms, numbers, quoted strings, literals (`{n}`, `{n+}`,
// `~{n}`, found by the framer's RawResponse::announcements, never by searching text), NIL,
// and structural skipping of nested lists. It serves both sides: ResponseParser (server
// responses) and the built-in server's command parser (client commands).
//
// A cursor (segment = line index, position in the line) moves forward only. Non-throwing: a
// method that cannot read what it was asked returns false (or an empty value) and keeps the
// first error (error()); later failures do not overwrite it. Limits: limits::kMaxNestingDepth
// and limits::kMaxListItems in skipValue(); numbers up to the caller's maximum.
class Lexer
{
public:
    explicit Lexer(const RawResponse &raw);

    // --- cursor ---
    const RawResponse &raw() const { return m_raw; }
    const QByteArray &line() const { return m_raw.lines[m_seg]; }
    qsizetype segment() const { return m_seg; }
    qsizetype position() const { return m_pos; }
    void setPosition(qsizetype pos) { m_pos = pos; } // within the current line
    void advance(qsizetype n = 1) { m_pos += n; }
    bool atLineEnd() const { return m_pos >= line().size(); }
    bool atEnd() const { return m_seg >= m_raw.lines.size() - 1 && atLineEnd(); }
    char peek() const { return atLineEnd() ? '\0' : line().at(m_pos); }
    bool at(char c) const { return !atLineEnd() && line().at(m_pos) == c; }
    qint64 offset() const; // stream offset of the cursor

    // --- errors ---
    // Records `message` at the cursor unless an error is already kept; returns false.
    bool fail(const QString &message);
    const std::optional<LexError> &error() const { return m_error; }
    // "'x'", "a literal" or "the end of the response": what the cursor is on, for messages.
    QString found() const;

    // --- tokens ---
    // RFC 3501 ATOM-CHAR: any CHAR except atom-specials ( ) { SP CTL % * " \ ]
    static bool isAtomChar(char c);
    bool expect(char c); // the octet c, or an error "expected 'c' but found ..."
    bool space() { return expect(' '); }
    QByteArray atom(); // ATOM-CHARs from the cursor; empty when there is none (no error)
    // An item name such as BODY of BODY[HEADER]<0>: atom octets up to '[' or '<', upper-cased;
    // an error when there is none.
    bool keyword(QByteArray &out);
    // Decimal digits up to `max`; an error for no digit or a value over max (the cursor then
    // stays on the first digit).
    bool number(qint64 &out, qint64 max);
    // `"..."` with `\` escapes; the error "unterminated quoted string" at the line end.
    bool quoted(QByteArray &out);
    // NIL in any case, consumed when there; the cursor does not move otherwise.
    bool nil();
    // Is the cursor on this line's literal announcement (the one the framer cut a literal for)?
    bool atLiteral() const;
    // With atLiteral(): the literal's octets (as many as arrived) and the next line.
    struct Literal
    {
        QByteArray data;
        LiteralAnnouncement announcement;
        qint64 dataOffset = -1; // stream offset of the data's first octet
    };
    Literal takeLiteral();
    // nstring = string / NIL (RFC 3501 §9): a quoted string, a literal (its facts in
    // `literal` when given) or NIL (isNil set, out empty).
    bool nstring(QByteArray &out, bool &isNil, std::optional<Literal> *literal = nullptr);
    // astring (RFC 3501 §9): a string or ATOM-CHARs with ']' allowed.
    bool astring(QByteArray &out);
    // "(" flag *(SP flag) ")" (RFC 3501 §9 flag-list), at most limits::kMaxListItems flags.
    bool flagList(QList<QByteArray> &out);
    QByteArray restOfLine();
    bool nextLine(); // to the start of the next line (past a literal); false at the last line
    // Skips one value: an atom (with [..] sections), number, string, literal, NIL or a nested
    // list, at most limits::kMaxNestingDepth deep and limits::kMaxListItems a list.
    bool skipValue(int depth = 0);

private:
    bool skipList(int depth);
    LiteralAnnouncement announcement(qsizetype seg) const;

    const RawResponse &m_raw;
    qsizetype m_seg = 0;
    qsizetype m_pos = 0;
    std::optional<LexError> m_error;
};

} // namespace msim::imap
