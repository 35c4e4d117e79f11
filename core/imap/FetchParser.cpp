// SPDX-License-Identifier: MIT
#include "imap/FetchParser.h"

#include "imap/Limits.h"

#include <algorithm>
#include <limits>

namespace msim::imap {

qint64 FetchParser::atoiOrigin(QByteArrayView text)
{
    const auto isCSpace = [](char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
    };
    qsizetype i = 0;
    while (i < text.size() && isCSpace(text[i]))
        ++i;
    bool negative = false;
    if (i < text.size() && (text[i] == '+' || text[i] == '-'))
        negative = text[i++] == '-';
    const qint64 bound = negative ? limits::kMaxOrigin + 1 : limits::kMaxOrigin;
    qint64 value = 0;
    for (; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i)
        value = std::min(bound, value * 10 + (text[i] - '0'));
    return negative ? -value : value;
}

// "[" section-spec "]", where the spec may hold a parenthesised header list.
bool FetchParser::section(Lexer &lx, QByteArray &out)
{
    if (!lx.expect('['))
        return false;
    const qsizetype start = lx.position();
    int depth = 0;
    while (true) {
        if (lx.atLineEnd())
            return lx.fail(QStringLiteral("unterminated section '['"));
        const char c = lx.peek();
        if (c == '(')
            ++depth;
        else if (c == ')')
            --depth;
        else if (c == ']' && depth <= 0)
            break;
        if (depth > limits::kMaxNestingDepth)
            return lx.fail(QStringLiteral("section nested too deep"));
        lx.advance();
    }
    out = lx.line().mid(start, lx.position() - start).toUpper();
    lx.advance(); // ]
    return true;
}

// "<" origin-text ">" after a body section; the cursor is on the '<'. Lenient (see BodyItem):
// the text up to the first '>' on the line is kept raw and read as atoi does.
bool FetchParser::origin(Lexer &lx, BodyItem &item)
{
    const qsizetype pos = lx.position();
    const qsizetype close = lx.line().indexOf('>', pos + 1);
    if (close < 0)
        return lx.fail(QStringLiteral("unterminated origin '<' (no '>' before the line end)"));
    item.hasOriginBrackets = true;
    item.originText = lx.line().mid(pos + 1, close - pos - 1);
    if (!item.originText.isEmpty())
        item.origin = atoiOrigin(item.originText);
    lx.setPosition(close + 1);
    return true;
}

// SP nstring of a body item; the literal's facts (announced length, offset) go into `item`.
bool FetchParser::bodyValue(Lexer &lx, BodyItem &item, FetchResponse &f)
{
    if (!lx.space())
        return false;
    std::optional<Lexer::Literal> literal;
    if (!lx.nstring(item.data, item.isNil, &literal))
        return false;
    if (literal) {
        item.fromLiteral = true;
        item.literalLength = literal->announcement.length;
        item.dataOffset = literal->dataOffset;
    }
    f.bodies.append(std::move(item));
    return true;
}

bool FetchParser::item(Lexer &lx, FetchResponse &f)
{
    QByteArray name;
    if (!lx.keyword(name))
        return false;
    if (name == "UID" || name == "RFC822.SIZE") {
        f.itemNames.append(name);
        const bool uid = name == "UID";
        qint64 n = 0;
        if (!lx.space() ||
            !lx.number(n, uid ? 0xffffffffLL : std::numeric_limits<qint64>::max() / 16))
            return false;
        if (uid)
            f.uid = quint32(n);
        else
            f.rfc822Size = n;
        return true;
    }
    if (name == "FLAGS") {
        f.itemNames.append(name);
        QList<QByteArray> flags;
        if (!lx.space() || !lx.flagList(flags))
            return false;
        f.flags = std::move(flags);
        return true;
    }
    if (name == "XSENDER") {
        f.itemNames.append(name);
        QByteArray v;
        bool nil = false;
        if (!lx.space() || !lx.nstring(v, nil))
            return false;
        f.xsender = v;
        return true;
    }
    const bool bodyLike =
        name == "BODY" || name == "BODY.PEEK" || name == "BINARY" || name == "BINARY.PEEK";
    if (bodyLike && lx.at('[')) {
        BodyItem item;
        if (!section(lx, item.section))
            return false;
        item.itemIndex = int(f.itemNames.size());
        f.itemNames.append(name + '[' + item.section + ']');
        if (lx.at('<') && !origin(lx, item))
            return false;
        return bodyValue(lx, item, f);
    }
    if (name == "RFC822" || name == "RFC822.HEADER" || name == "RFC822.TEXT") {
        BodyItem item;
        item.section = name;
        item.itemIndex = int(f.itemNames.size());
        f.itemNames.append(name);
        return bodyValue(lx, item, f);
    }
    // Unknown or uninteresting (INTERNALDATE, ENVELOPE, BODYSTRUCTURE, MODSEQ, ...): skip the
    // name's [section]<origin> and one value, structurally.
    QByteArray listed = name;
    if (lx.at('[')) {
        QByteArray sectionText;
        if (!section(lx, sectionText))
            return false;
        listed += '[' + sectionText + ']';
    }
    f.itemNames.append(listed);
    if (lx.at('<')) {
        const qsizetype close = lx.line().indexOf('>', lx.position());
        if (close < 0)
            return lx.fail(QStringLiteral("unterminated '<'"));
        lx.setPosition(close + 1);
    }
    f.otherItems.append(name);
    return lx.space() && lx.skipValue();
}

bool FetchParser::parse(Lexer &lx, FetchResponse &f, std::optional<FetchResponse> &partial)
{
    if (!lx.expect('('))
        return false;
    int items = 0;
    while (!lx.at(')')) {
        if (items > 0 && !lx.at(' ')) {
            partial = f;
            return lx.fail(QStringLiteral("expected ' ' or ')' after a FETCH item but found %1")
                               .arg(lx.found()));
        }
        if (items > 0)
            lx.advance();
        if (++items > limits::kMaxListItems)
            return lx.fail(QStringLiteral("more than %1 FETCH items (the list limit)")
                               .arg(limits::kMaxListItems));
        if (!item(lx, f)) {
            partial = f;
            return false;
        }
    }
    lx.advance();
    return true;
}

} // namespace msim::imap
