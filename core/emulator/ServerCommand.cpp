#include "emulator/ServerCommand.h"

namespace msim::emulator {

namespace {

class Tokenizer
{
public:
    explicit Tokenizer(const imap::RawResponse &raw)
        : r(raw)
    {
    }

    const imap::RawResponse &r;
    qsizetype seg = 0;
    qsizetype pos = 0;
    int count = 0;
    QString error;

    const QByteArray &line() const { return r.lines[seg]; }
    bool atLineEnd() const { return pos >= line().size(); }
    bool atEnd() const { return seg >= r.lines.size() - 1 && atLineEnd(); }
    char peek() const { return atLineEnd() ? '\0' : line().at(pos); }

    bool fail(const QString &e)
    {
        if (error.isEmpty())
            error = e;
        return false;
    }

    // At the end of a segment that announced a literal, the literal is the next string.
    bool atLiteral() const
    {
        if (seg >= r.literals.size())
            return false;
        const QByteArray &l = line();
        const qsizetype open = l.lastIndexOf('{');
        return open >= 0 && pos == open;
    }

    QByteArray word()
    {
        const qsizetype start = pos;
        int bracket = 0;
        while (!atLineEnd()) {
            const char c = line().at(pos);
            if (c == '[')
                ++bracket;
            else if (c == ']')
                --bracket;
            else if (bracket <= 0 && (c == ' ' || c == '(' || c == ')' || c == '"'))
                break;
            if (bracket > kDepthInSection)
                break;
            ++pos;
        }
        return line().mid(start, pos - start);
    }
    static constexpr int kDepthInSection = 2;

    bool token(Token &t, int depth)
    {
        if (++count > ServerCommandParser::kMaxTokens)
            return fail(QStringLiteral("too many arguments"));
        if (depth > ServerCommandParser::kMaxDepth)
            return fail(QStringLiteral("lists nested too deep"));
        if (atLiteral()) {
            t.kind = Token::Kind::String;
            t.text = r.literals[seg];
            ++seg;
            pos = 0;
            return true;
        }
        const char c = peek();
        if (atLineEnd())
            return fail(QStringLiteral("missing argument"));
        if (c == '"') {
            ++pos;
            t.kind = Token::Kind::String;
            while (true) {
                if (atLineEnd())
                    return fail(QStringLiteral("unterminated quoted string"));
                const char ch = line().at(pos++);
                if (ch == '"')
                    return true;
                if (ch == '\\') {
                    if (atLineEnd())
                        return fail(QStringLiteral("unterminated quoted string"));
                    t.text += line().at(pos++);
                } else {
                    t.text += ch;
                }
            }
        }
        if (c == '(') {
            ++pos;
            t.kind = Token::Kind::List;
            while (peek() != ')' || atLineEnd()) {
                if (atEnd() || (atLineEnd() && !atLiteral()))
                    return fail(QStringLiteral("unterminated list"));
                if (!t.children.isEmpty()) {
                    if (peek() != ' ')
                        return fail(QStringLiteral("expected a space in a list"));
                    ++pos;
                }
                Token child;
                if (!token(child, depth + 1))
                    return false;
                t.children.append(std::move(child));
            }
            ++pos;
            return true;
        }
        if (c == ')')
            return fail(QStringLiteral("unexpected ')'"));
        t.kind = Token::Kind::Atom;
        t.text = word();
        if (t.text.isEmpty())
            return fail(QStringLiteral("expected an argument"));
        return true;
    }
};

} // namespace

ServerCommandParser::Result ServerCommandParser::parse(const imap::RawResponse &raw)
{
    Result res;
    res.tag = "*";
    if (raw.lines.isEmpty() || raw.lines.first().trimmed().isEmpty()) {
        res.error = QStringLiteral("empty command line");
        return res;
    }
    Tokenizer tk(raw);
    const QByteArray &first = raw.lines.first();
    const qsizetype sp = first.indexOf(' ');
    const QByteArray tag = sp < 0 ? first : first.left(sp);
    bool tagOk = !tag.isEmpty() && tag.size() <= 64;
    for (char c : tag)
        tagOk = tagOk && c > ' ' && c < 0x7f && c != '(' && c != ')' && c != '{' && c != '*' &&
                c != '%' && c != '"' && c != '\\' && c != '+';
    if (!tagOk) {
        res.error = QStringLiteral("invalid tag");
        return res;
    }
    res.tag = tag;
    if (sp < 0) {
        res.error = QStringLiteral("missing command");
        return res;
    }
    tk.pos = sp + 1;
    ClientCommand cmd;
    cmd.tag = tag;
    QByteArray name = tk.word().toUpper();
    if (name == "UID") {
        cmd.uid = true;
        if (tk.peek() != ' ') {
            res.error = QStringLiteral("UID needs a command");
            return res;
        }
        ++tk.pos;
        name = tk.word().toUpper();
    }
    if (name.isEmpty()) {
        res.error = QStringLiteral("missing command");
        return res;
    }
    cmd.name = name;
    while (!tk.atEnd()) {
        if (tk.peek() != ' ' || tk.atLineEnd()) {
            if (tk.atLiteral()) {
                // a literal directly after the previous token is not valid syntax
            }
            res.error = QStringLiteral("expected a space between arguments");
            return res;
        }
        ++tk.pos;
        Token t;
        if (!tk.token(t, 0)) {
            res.error = tk.error;
            return res;
        }
        cmd.args.append(std::move(t));
    }
    res.command = std::move(cmd);
    return res;
}

std::optional<SequenceSet> SequenceSet::parse(QByteArrayView text)
{
    SequenceSet set;
    if (text.isEmpty())
        return std::nullopt;
    auto number = [](QByteArrayView v, quint32 &out) {
        if (v == "*") {
            out = 0;
            return true;
        }
        if (v.isEmpty() || v.size() > 10)
            return false;
        quint64 n = 0;
        for (char c : v) {
            if (c < '0' || c > '9')
                return false;
            n = n * 10 + quint64(c - '0');
        }
        if (n == 0 || n > 0xffffffffULL)
            return false;
        out = quint32(n);
        return true;
    };
    for (QByteArrayView part : QByteArray(text.toByteArray()).split(',')) {
        if (set.m_ranges.size() >= 10000)
            return std::nullopt;
        const qsizetype colon = part.indexOf(':');
        Range r;
        if (colon < 0) {
            if (!number(part, r.first))
                return std::nullopt;
            r.last = r.first;
        } else if (!number(part.first(colon), r.first) || !number(part.sliced(colon + 1), r.last)) {
            return std::nullopt;
        }
        set.m_ranges.append(r);
    }
    return set;
}

bool SequenceSet::contains(quint32 n, quint32 max) const
{
    for (const Range &r : m_ranges) {
        quint32 a = r.first == 0 ? max : r.first;
        quint32 b = r.last == 0 ? max : r.last;
        if (a > b)
            std::swap(a, b);
        if (n >= a && n <= b)
            return true;
    }
    return false;
}

QList<quint32> SequenceSet::select(const QList<quint32> &available) const
{
    QList<quint32> out;
    const quint32 max = available.isEmpty() ? 0 : available.last();
    for (quint32 n : available)
        if (contains(n, max))
            out.append(n);
    return out;
}

std::optional<QList<FetchAttribute>> FetchAttribute::parseList(const Token &token, QString *error)
{
    QList<Token> items;
    if (token.kind == Token::Kind::List)
        items = token.children;
    else
        items = {token};
    if (items.isEmpty()) {
        *error = QStringLiteral("empty FETCH item list");
        return std::nullopt;
    }
    QList<FetchAttribute> out;
    for (const Token &t : std::as_const(items)) {
        if (t.kind != Token::Kind::Atom) {
            *error = QStringLiteral("FETCH items are atoms");
            return std::nullopt;
        }
        const QByteArray up = t.text.toUpper();
        FetchAttribute a;
        if (up == "ALL" || up == "FAST" || up == "FULL") {
            out.append({Kind::Flags, {}, false, {}, {}});
            out.append({Kind::InternalDate, {}, false, {}, {}});
            out.append({Kind::Rfc822Size, {}, false, {}, {}});
            continue;
        }
        if (up == "UID") {
            a.kind = Kind::Uid;
        } else if (up == "FLAGS") {
            a.kind = Kind::Flags;
        } else if (up == "RFC822.SIZE") {
            a.kind = Kind::Rfc822Size;
        } else if (up == "RFC822") {
            a.kind = Kind::Rfc822;
        } else if (up == "RFC822.HEADER") {
            a.kind = Kind::Rfc822Header;
        } else if (up == "RFC822.TEXT") {
            a.kind = Kind::Rfc822Text;
        } else if (up == "INTERNALDATE") {
            a.kind = Kind::InternalDate;
        } else if (up.startsWith("BODY[") || up.startsWith("BODY.PEEK[")) {
            a.kind = Kind::Body;
            a.peek = up.startsWith("BODY.PEEK[");
            const qsizetype open = up.indexOf('[');
            const qsizetype close = up.indexOf(']', open);
            if (close < 0) {
                *error = QStringLiteral("unterminated section");
                return std::nullopt;
            }
            a.section = up.mid(open + 1, close - open - 1);
            const bool fields = a.section.startsWith("HEADER.FIELDS (") ||
                                a.section.startsWith("HEADER.FIELDS.NOT (");
            if (fields && !a.section.endsWith(')')) {
                *error = QStringLiteral("malformed HEADER.FIELDS list");
                return std::nullopt;
            }
            if (!a.section.isEmpty() && a.section != "HEADER" && a.section != "TEXT" && !fields) {
                *error = QStringLiteral("section %1 is not supported by this server")
                             .arg(QString::fromLatin1(a.section.left(40)));
                return std::nullopt;
            }
            QByteArrayView rest = QByteArrayView(up).sliced(close + 1);
            if (!rest.isEmpty()) {
                if (!rest.startsWith('<') || !rest.endsWith('>')) {
                    *error = QStringLiteral("malformed partial");
                    return std::nullopt;
                }
                rest = rest.sliced(1, rest.size() - 2);
                const qsizetype dot = rest.indexOf('.');
                bool ok1 = false;
                bool ok2 = false;
                if (dot < 0) {
                    *error = QStringLiteral("a partial is <start.length>");
                    return std::nullopt;
                }
                const qint64 s = rest.first(dot).toLongLong(&ok1);
                const qint64 l = rest.sliced(dot + 1).toLongLong(&ok2);
                if (!ok1 || !ok2 || s < 0 || l < 0 || rest.first(dot).startsWith('+') ||
                    rest.sliced(dot + 1).startsWith('+')) {
                    *error = QStringLiteral("malformed partial numbers");
                    return std::nullopt;
                }
                a.partialStart = s;
                a.partialLength = l;
            }
        } else {
            *error = QStringLiteral("FETCH item %1 is not supported by this server")
                         .arg(QString::fromLatin1(t.text.left(40)));
            return std::nullopt;
        }
        out.append(a);
    }
    return out;
}

} // namespace msim::emulator
