// SPDX-License-Identifier: MIT
#include "emulator/ServerCommandParser.h"

#include "imap/Lexer.h"

namespace msim::emulator {

namespace {

// The arguments of one command on the shared lexer's cursor.
class Arguments
{
public:
    explicit Arguments(imap::Lexer &lexer)
        : lx(lexer)
    {}

    // An atom argument: up to a space, parenthesis or quote outside [...], at most
    // kDepthInSection brackets deep.
    QByteArray word()
    {
        const qsizetype start = lx.position();
        int bracket = 0;
        while (!lx.atLineEnd()) {
            const char c = lx.peek();
            if (c == '[')
                ++bracket;
            else if (c == ']')
                --bracket;
            else if (bracket <= 0 && (c == ' ' || c == '(' || c == ')' || c == '"'))
                break;
            if (bracket > kDepthInSection)
                break;
            lx.advance();
        }
        return lx.line().mid(start, lx.position() - start);
    }

    bool token(Token &t, int depth)
    {
        if (++count > ServerCommandParser::kMaxTokens)
            return lx.fail(QStringLiteral("too many arguments"));
        if (depth > ServerCommandParser::kMaxDepth)
            return lx.fail(QStringLiteral("lists nested too deep"));
        if (lx.atLiteral()) {
            t.kind = Token::Kind::String;
            t.text = lx.takeLiteral().data;
            return true;
        }
        if (lx.atLineEnd())
            return lx.fail(QStringLiteral("missing argument"));
        if (lx.at('"')) {
            t.kind = Token::Kind::String;
            return lx.quoted(t.text);
        }
        if (lx.at('(')) {
            lx.advance();
            t.kind = Token::Kind::List;
            while (!lx.at(')')) {
                if (lx.atLineEnd())
                    return lx.fail(QStringLiteral("unterminated list"));
                if (!t.children.isEmpty()) {
                    if (!lx.at(' '))
                        return lx.fail(QStringLiteral("expected a space in a list"));
                    lx.advance();
                }
                Token child;
                if (!token(child, depth + 1))
                    return false;
                t.children.append(std::move(child));
            }
            lx.advance();
            return true;
        }
        if (lx.at(')'))
            return lx.fail(QStringLiteral("unexpected ')'"));
        t.kind = Token::Kind::Atom;
        t.text = word();
        if (t.text.isEmpty())
            return lx.fail(QStringLiteral("expected an argument"));
        return true;
    }

private:
    static constexpr int kDepthInSection = 2;
    imap::Lexer &lx;
    int count = 0;
};

bool validTag(QByteArrayView tag)
{
    bool ok = !tag.isEmpty() && tag.size() <= 64;
    for (char c : tag)
        ok = ok && c != '+' && (imap::Lexer::isAtomChar(c) || c == ']');
    return ok;
}

} // namespace

ServerCommandParser::Result ServerCommandParser::parse(const imap::RawResponse &raw)
{
    Result res;
    res.tag = "*";
    if (raw.lines.isEmpty() || raw.lines.first().trimmed().isEmpty()) {
        res.error = QStringLiteral("empty command line");
        return res;
    }
    imap::Lexer lx(raw);
    Arguments args(lx);
    const QByteArray &first = raw.lines.first();
    const qsizetype sp = first.indexOf(' ');
    const QByteArray tag = sp < 0 ? first : first.left(sp);
    if (!validTag(tag)) {
        res.error = QStringLiteral("invalid tag");
        return res;
    }
    res.tag = tag;
    if (sp < 0) {
        res.error = QStringLiteral("missing command");
        return res;
    }
    lx.setPosition(sp + 1);
    ClientCommand cmd;
    cmd.tag = tag;
    QByteArray name = args.word().toUpper();
    if (name == "UID") {
        cmd.uid = true;
        if (!lx.at(' ')) {
            res.error = QStringLiteral("UID needs a command");
            return res;
        }
        lx.advance();
        name = args.word().toUpper();
    }
    if (name.isEmpty()) {
        res.error = QStringLiteral("missing command");
        return res;
    }
    cmd.name = name;
    while (!lx.atEnd()) {
        if (!lx.at(' ')) {
            res.error = QStringLiteral("expected a space between arguments");
            return res;
        }
        lx.advance();
        Token t;
        if (!args.token(t, 0)) {
            res.error = lx.error() ? lx.error()->message : QStringLiteral("bad argument");
            return res;
        }
        cmd.args.append(std::move(t));
    }
    res.command = std::move(cmd);
    return res;
}

} // namespace msim::emulator
