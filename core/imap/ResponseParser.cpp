#include "imap/ResponseParser.h"

#include "imap/Limits.h"
#include "net/Printable.h"
#include "net/Transcript.h"

#include <algorithm>
#include <limits>

namespace msim::imap {

QByteArray statusName(Status s)
{
    switch (s) {
    case Status::Ok:
        return "OK";
    case Status::No:
        return "NO";
    case Status::Bad:
        return "BAD";
    case Status::Bye:
        return "BYE";
    case Status::Preauth:
        return "PREAUTH";
    }
    return {};
}

QByteArray textWithCode(const std::optional<ResponseCode> &code, const QByteArray &text)
{
    if (!code)
        return text;
    QByteArray out = '[' + code->name;
    if (!code->text.isEmpty())
        out += ' ' + code->text;
    out += ']';
    if (!text.isEmpty())
        out += ' ' + text;
    return out;
}

const BodyItem *FetchResponse::body(QByteArrayView section) const
{
    for (const BodyItem &b : bodies)
        if (b.section == section)
            return &b;
    return nullptr;
}

QString ParseError::describe() const
{
    return QStringLiteral("%1 at stream offset %2; the raw line: \"%3\"")
        .arg(message)
        .arg(offset)
        .arg(net::Transcript::escape(rawLine.left(200).trimmed()));
}

namespace {

bool isAtomChar(char c)
{
    // RFC 3501 ATOM-CHAR: any CHAR except atom-specials ( ) { SP CTL % * " \ ]
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

// C's atoi (C11 §7.22.1.2) as Messenger 4.5 applies it to a FETCH origin (MESSENGER45.md §4):
// leading white space (isspace in the C locale), an optional sign, then decimal digits up to
// the first other octet (a NUL included); no digits read as 0. Where C leaves overflow
// undefined, this saturates at limits::kMaxOrigin / -kMaxOrigin - 1, as MSVC's atoi does.
qint64 atoiOrigin(QByteArrayView text)
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

using ParseResult = ResponseParser::Result;

class Parser
{
public:
    explicit Parser(const RawResponse &raw)
        : r(raw)
    {}

    ParseResult run();

private:
    // --- cursor ---
    const QByteArray &line() const { return r.lines[seg]; }
    bool atLineEnd() const { return pos >= line().size(); }
    bool atEnd() const { return seg == r.lines.size() - 1 && atLineEnd(); }
    char peek() const { return atLineEnd() ? '\0' : line().at(pos); }
    qint64 offset() const { return r.lineOffsets[seg] + pos; }

    bool fail(const QString &message)
    {
        if (!error) {
            ParseError e;
            e.message = message;
            e.offset = offset();
            e.rawLine = line();
            e.responseOffset = r.offset;
            if (seg > 0 && pos == 0 && seg - 1 < r.literals.size()) {
                e.afterLiteral = true;
                e.literalEnd = r.literalOffsets[seg - 1] + r.literals[seg - 1].size();
            }
            error = std::move(e);
        }
        return false;
    }
    QString found() const
    {
        if (atLineEnd())
            return atEnd() ? QStringLiteral("the end of the response")
                           : QStringLiteral("a literal");
        return QStringLiteral("'%1'").arg(
            net::Transcript::escape(QByteArrayView(line().constData() + pos, 1)));
    }

    bool expect(char c)
    {
        if (peek() != c || atLineEnd())
            return fail(
                QStringLiteral("expected '%1' but found %2").arg(QString(QLatin1Char(c)), found()));
        ++pos;
        return true;
    }
    bool sp() { return expect(' '); }

    QByteArray atom()
    {
        const qsizetype start = pos;
        while (!atLineEnd() && isAtomChar(line().at(pos)))
            ++pos;
        return line().mid(start, pos - start);
    }
    // The name part of an item like BODY[HEADER]<0>: stops before '[' and '<'.
    bool keyword(QByteArray &out)
    {
        const qsizetype start = pos;
        while (!atLineEnd() && isAtomChar(line().at(pos)) && line().at(pos) != '[' &&
               line().at(pos) != '<')
            ++pos;
        out = line().mid(start, pos - start).toUpper();
        if (out.isEmpty())
            return fail(QStringLiteral("expected an atom but found %1").arg(found()));
        return true;
    }

    template<class T>
    bool number(T &out, qint64 max)
    {
        const qsizetype start = pos;
        qint64 v = 0;
        while (!atLineEnd() && line().at(pos) >= '0' && line().at(pos) <= '9') {
            v = v * 10 + (line().at(pos) - '0');
            if (v > max) {
                pos = start;
                return fail(QStringLiteral("number too large (the limit is %1)").arg(max));
            }
            ++pos;
        }
        if (pos == start)
            return fail(QStringLiteral("expected a number but found %1").arg(found()));
        out = T(v);
        return true;
    }

    // Is the rest of this line a literal announcement that the framer turned into a literal?
    bool atLiteral() const
    {
        if (seg >= r.literals.size())
            return false;
        const char c = peek();
        if (c != '{' && c != '~')
            return false;
        const qsizetype brace = c == '~' ? pos + 1 : pos;
        return brace < line().size() && line().at(brace) == '{' && line().endsWith('}') &&
               line().indexOf('}', brace) == line().size() - 1;
    }

    bool literal(BodyItem *item, QByteArray *out)
    {
        const QByteArray &data = r.literals[seg];
        if (item) {
            item->fromLiteral = true;
            item->literalLength = data.size();
            item->dataOffset = r.literalOffsets[seg];
            item->data = data;
        } else if (out) {
            *out = data;
        }
        ++seg;
        pos = 0;
        return true;
    }

    bool quoted(QByteArray &out)
    {
        if (!expect('"'))
            return false;
        out.clear();
        while (true) {
            if (atLineEnd())
                return fail(QStringLiteral("unterminated quoted string"));
            const char c = line().at(pos++);
            if (c == '"')
                return true;
            if (c == '\\') {
                if (atLineEnd())
                    return fail(QStringLiteral("unterminated quoted string"));
                out += line().at(pos++);
            } else {
                out += c;
            }
        }
    }

    // nstring = string / NIL (RFC 3501 §9); `item` receives the literal facts.
    bool nstring(QByteArray &out, bool &isNil, BodyItem *item = nullptr)
    {
        isNil = false;
        if (atLiteral())
            return literal(item, &out) && (item ? (out = item->data, true) : true);
        if (peek() == '"')
            return quoted(out);
        const qsizetype start = pos;
        const QByteArray a = atom();
        if (a.compare("NIL", Qt::CaseInsensitive) == 0) {
            isNil = true;
            out.clear();
            return true;
        }
        pos = start;
        return fail(
            QStringLiteral("expected a string, a literal or NIL but found %1").arg(found()));
    }

    bool astring(QByteArray &out)
    {
        if (atLiteral())
            return literal(nullptr, &out);
        if (peek() == '"')
            return quoted(out);
        const qsizetype start = pos;
        while (!atLineEnd() && (isAtomChar(line().at(pos)) || line().at(pos) == ']'))
            ++pos;
        if (pos == start)
            return fail(QStringLiteral("expected an astring but found %1").arg(found()));
        out = line().mid(start, pos - start);
        return true;
    }

    // Skips any one value: atom, number, string, literal, NIL or a nested list.
    bool skipValue(int depth)
    {
        if (depth > limits::kMaxNestingDepth)
            return fail(QStringLiteral("parentheses nested deeper than %1 (the nesting limit)")
                            .arg(limits::kMaxNestingDepth));
        if (atLiteral()) {
            QByteArray ignored;
            return literal(nullptr, &ignored);
        }
        const char c = peek();
        if (c == '(' && !atLineEnd())
            return skipList(depth + 1);
        if (c == '"') {
            QByteArray ignored;
            return quoted(ignored);
        }
        const qsizetype start = pos;
        while (!atLineEnd()) {
            const char ch = line().at(pos);
            if (ch == '[') { // BODY[...] inside a list
                const qsizetype close = line().indexOf(']', pos);
                if (close < 0)
                    return fail(QStringLiteral("unterminated '['"));
                pos = close + 1;
                continue;
            }
            if (!isAtomChar(ch) && ch != '\\' && ch != '*' && ch != '%' && ch != ']')
                break;
            ++pos;
        }
        if (pos == start)
            return fail(QStringLiteral("expected a value but found %1").arg(found()));
        return true;
    }

    bool skipList(int depth)
    {
        if (depth > limits::kMaxNestingDepth)
            return fail(QStringLiteral("parentheses nested deeper than %1 (the nesting limit)")
                            .arg(limits::kMaxNestingDepth));
        if (!expect('('))
            return false;
        int items = 0;
        while (peek() != ')' || atLineEnd()) {
            if (items > 0 && !sp())
                return false;
            if (++items > limits::kMaxListItems)
                return fail(QStringLiteral("more than %1 items in one list (the list limit)")
                                .arg(limits::kMaxListItems));
            if (!skipValue(depth))
                return false;
        }
        return expect(')');
    }

    bool flagList(QList<QByteArray> &out)
    {
        if (!expect('('))
            return false;
        out.clear();
        while (peek() != ')' || atLineEnd()) {
            if (!out.isEmpty() && !sp())
                return false;
            const qsizetype start = pos;
            if (peek() == '\\')
                ++pos;
            while (!atLineEnd() && (isAtomChar(line().at(pos)) || line().at(pos) == '*'))
                ++pos;
            if (pos == start)
                return fail(QStringLiteral("expected a flag but found %1").arg(found()));
            if (out.size() >= limits::kMaxListItems)
                return fail(QStringLiteral("more than %1 flags (the list limit)")
                                .arg(limits::kMaxListItems));
            out.append(line().mid(start, pos - start));
        }
        return expect(')');
    }

    QByteArray restOfLine()
    {
        const QByteArray t = line().mid(pos);
        pos = line().size();
        return t;
    }

    bool respText(std::optional<ResponseCode> &code, QByteArray &text)
    {
        if (atLineEnd())
            return true;
        if (peek() == ' ')
            ++pos;
        if (peek() == '[' && !atLineEnd()) {
            ++pos;
            ResponseCode rc;
            rc.name = atom().toUpper();
            const qsizetype close = line().indexOf(']', pos);
            if (close < 0)
                return fail(QStringLiteral("unterminated response code"));
            if (pos < close && line().at(pos) == ' ')
                ++pos;
            rc.text = line().mid(pos, close - pos);
            pos = close + 1;
            if (peek() == ' ' && !atLineEnd())
                ++pos;
            code = std::move(rc);
        }
        text = restOfLine();
        return true;
    }

    bool section(QByteArray &out)
    {
        // "[" section-spec "]", where the spec may hold a parenthesised header list.
        if (!expect('['))
            return false;
        const qsizetype start = pos;
        int depth = 0;
        while (true) {
            if (atLineEnd())
                return fail(QStringLiteral("unterminated section '['"));
            const char c = line().at(pos);
            if (c == '(')
                ++depth;
            else if (c == ')')
                --depth;
            else if (c == ']' && depth <= 0)
                break;
            if (depth > limits::kMaxNestingDepth)
                return fail(QStringLiteral("section nested too deep"));
            ++pos;
        }
        out = line().mid(start, pos - start).toUpper();
        ++pos; // ]
        return true;
    }

    // "<" origin-text ">" after a body section; the cursor is on the '<'. Lenient (see
    // BodyItem): the text up to the first '>' on the line is kept raw and read as atoi does.
    bool origin(BodyItem &item)
    {
        const qsizetype close = line().indexOf('>', pos + 1);
        if (close < 0)
            return fail(QStringLiteral("unterminated origin '<' (no '>' before the line end)"));
        item.hasOriginBrackets = true;
        item.originText = line().mid(pos + 1, close - pos - 1);
        if (!item.originText.isEmpty())
            item.origin = atoiOrigin(item.originText);
        pos = close + 1;
        return true;
    }

    bool fetchItem(FetchResponse &f);
    bool fetch(FetchResponse &f);

    ParseResult finish(ResponseValue v);

    const RawResponse &r;
    qsizetype seg = 0;
    qsizetype pos = 0;
    std::optional<ParseError> error;
    std::optional<FetchResponse> partial;
};

bool Parser::fetchItem(FetchResponse &f)
{
    QByteArray name;
    if (!keyword(name))
        return false;
    if (name == "UID") {
        f.itemNames.append(name);
        quint32 uid = 0;
        if (!sp() || !number(uid, 0xffffffffLL))
            return false;
        f.uid = uid;
        return true;
    }
    if (name == "RFC822.SIZE") {
        f.itemNames.append(name);
        qint64 size = 0;
        if (!sp() || !number(size, std::numeric_limits<qint64>::max() / 16))
            return false;
        f.rfc822Size = size;
        return true;
    }
    if (name == "FLAGS") {
        f.itemNames.append(name);
        QList<QByteArray> flags;
        if (!sp() || !flagList(flags))
            return false;
        f.flags = std::move(flags);
        return true;
    }
    if (name == "XSENDER") {
        f.itemNames.append(name);
        QByteArray v;
        bool nil = false;
        if (!sp() || !nstring(v, nil))
            return false;
        f.xsender = v;
        return true;
    }
    const bool bodyLike =
        name == "BODY" || name == "BODY.PEEK" || name == "BINARY" || name == "BINARY.PEEK";
    if (bodyLike && peek() == '[' && !atLineEnd()) {
        BodyItem item;
        if (!section(item.section))
            return false;
        item.itemIndex = int(f.itemNames.size());
        f.itemNames.append(name + '[' + item.section + ']');
        if (peek() == '<' && !atLineEnd() && !origin(item))
            return false;
        if (!sp())
            return false;
        QByteArray data;
        if (!nstring(data, item.isNil, &item))
            return false;
        if (!item.fromLiteral)
            item.data = data;
        f.bodies.append(std::move(item));
        return true;
    }
    if (name == "RFC822" || name == "RFC822.HEADER" || name == "RFC822.TEXT") {
        BodyItem item;
        item.section = name;
        item.itemIndex = int(f.itemNames.size());
        f.itemNames.append(name);
        if (!sp())
            return false;
        QByteArray data;
        if (!nstring(data, item.isNil, &item))
            return false;
        if (!item.fromLiteral)
            item.data = data;
        f.bodies.append(std::move(item));
        return true;
    }
    // Unknown or uninteresting (INTERNALDATE, ENVELOPE, BODYSTRUCTURE, MODSEQ, ...): skip the
    // name's [section]<origin> and one value, structurally.
    QByteArray listed = name;
    if (peek() == '[' && !atLineEnd()) {
        QByteArray sectionText;
        if (!section(sectionText))
            return false;
        listed += '[' + sectionText + ']';
    }
    f.itemNames.append(listed);
    if (peek() == '<' && !atLineEnd()) {
        const qsizetype close = line().indexOf('>', pos);
        if (close < 0)
            return fail(QStringLiteral("unterminated '<'"));
        pos = close + 1;
    }
    f.otherItems.append(name);
    return sp() && skipValue(0);
}

bool Parser::fetch(FetchResponse &f)
{
    if (!expect('('))
        return false;
    int items = 0;
    while (true) {
        if (peek() == ')' && !atLineEnd())
            break;
        if (items > 0) {
            if (peek() != ' ' || atLineEnd()) {
                partial = f;
                return fail(QStringLiteral("expected ' ' or ')' after a FETCH item but found %1")
                                .arg(found()));
            }
            ++pos;
        }
        if (++items > limits::kMaxListItems)
            return fail(QStringLiteral("more than %1 FETCH items (the list limit)")
                            .arg(limits::kMaxListItems));
        if (!fetchItem(f)) {
            partial = f;
            return false;
        }
    }
    ++pos;
    return true;
}

ParseResult Parser::finish(ResponseValue v)
{
    if (!error && !atEnd()) {
        if (auto *f = std::get_if<FetchResponse>(&v))
            partial = *f;
        fail(QStringLiteral("unexpected %1 after the end of the response").arg(found()));
    }
    if (error) {
        error->partialFetch = partial;
        return *error;
    }
    Response resp;
    resp.value = std::move(v);
    resp.offset = r.offset;
    resp.end = r.end;
    return resp;
}

ParseResult Parser::run()
{
    if (r.lines.isEmpty() || (r.lines.size() == 1 && r.lines.first().isEmpty())) {
        if (r.lines.isEmpty()) {
            ParseError e;
            e.message = QStringLiteral("an empty response");
            e.offset = r.offset;
            return e;
        }
        fail(QStringLiteral("an empty line where a response should start"));
        return *error;
    }
    if (peek() == '+') {
        ++pos;
        if (peek() == ' ' && !atLineEnd())
            ++pos;
        return finish(Continuation{restOfLine()});
    }
    if (peek() == '*') {
        ++pos;
        if (!sp())
            return *error;
        if (peek() >= '0' && peek() <= '9') {
            quint32 n = 0;
            if (!number(n, 0xffffffffLL) || !sp())
                return *error;
            QByteArray kind;
            if (!keyword(kind))
                return *error;
            if (kind == "FETCH") {
                FetchResponse f;
                f.sequence = n;
                if (!sp() || !fetch(f)) {
                    error->partialFetch = partial;
                    return *error;
                }
                return finish(std::move(f));
            }
            if (kind == "EXISTS" || kind == "RECENT" || kind == "EXPUNGE")
                return finish(NumberResponse{kind, n});
            return finish(OtherUntagged{kind, restOfLine()});
        }
        QByteArray kind;
        if (!keyword(kind))
            return *error;
        if (kind == "OK" || kind == "NO" || kind == "BAD" || kind == "BYE" || kind == "PREAUTH") {
            UntaggedStatus st;
            st.status = kind == "OK"    ? Status::Ok
                        : kind == "NO"  ? Status::No
                        : kind == "BAD" ? Status::Bad
                        : kind == "BYE" ? Status::Bye
                                        : Status::Preauth;
            if (!respText(st.code, st.text))
                return *error;
            return finish(std::move(st));
        }
        if (kind == "CAPABILITY") {
            CapabilityResponse c;
            while (peek() == ' ' && !atLineEnd()) {
                ++pos;
                const QByteArray a = atom().toUpper();
                if (a.isEmpty())
                    break;
                if (c.capabilities.size() >= limits::kMaxListItems) {
                    fail(QStringLiteral("more than %1 capabilities").arg(limits::kMaxListItems));
                    return *error;
                }
                c.capabilities.append(a);
            }
            return finish(std::move(c));
        }
        if (kind == "FLAGS") {
            FlagsResponse fl;
            if (!sp() || !flagList(fl.flags))
                return *error;
            return finish(std::move(fl));
        }
        if (kind == "LIST" || kind == "LSUB") {
            ListResponse l;
            l.kind = kind;
            bool nil = false;
            if (!sp() || !flagList(l.attributes) || !sp() || !nstring(l.delimiter, nil) || !sp() ||
                !astring(l.mailbox))
                return *error;
            return finish(std::move(l));
        }
        // Unknown untagged data: kept verbatim, literals skipped.
        OtherUntagged o{kind, restOfLine()};
        while (seg < r.lines.size() - 1) {
            ++seg;
            pos = 0;
            o.line += "{...}" + restOfLine();
        }
        return finish(std::move(o));
    }
    // Tagged: tag SP (OK|NO|BAD) resp-text
    TaggedResponse t;
    while (!atLineEnd() && isAtomChar(peek()) && peek() != '+')
        ++pos;
    t.tag = line().left(pos);
    if (t.tag.isEmpty()) {
        fail(QStringLiteral("a response must start with '*', '+' or a tag, not %1").arg(found()));
        return *error;
    }
    if (!sp())
        return *error;
    QByteArray kind;
    if (!keyword(kind))
        return *error;
    if (kind == "OK")
        t.status = Status::Ok;
    else if (kind == "NO")
        t.status = Status::No;
    else if (kind == "BAD")
        t.status = Status::Bad;
    else {
        pos -= kind.size();
        fail(QStringLiteral("a tagged response must be OK, NO or BAD, not '%1'")
                 .arg(net::printable::octets(kind.left(40))));
        return *error;
    }
    if (!respText(t.code, t.text))
        return *error;
    return finish(std::move(t));
}

} // namespace

ResponseParser::Result ResponseParser::parse(const RawResponse &raw)
{
    Parser p(raw);
    return p.run();
}

} // namespace msim::imap
