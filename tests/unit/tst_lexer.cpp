// SPDX-License-Identifier: MIT
// imap::Lexer and literalAtLineEnd(): the one tokenizer and the one "does this line end in a
// literal?" decision shared by the framer, ResponseParser and the built-in server's command
// parser. Rows compare whole values: every token of a response in order (or the error with its
// stream offset), and the whole LiteralAtLineEnd.
#include "imap/Lexer.h"
#include "imap/Limits.h"
#include "imap/ResponseFramer.h"

#include <QTest>

using namespace msim::imap;

Q_DECLARE_METATYPE(LiteralAtLineEnd)

namespace msim::imap {
char *toString(const LiteralAtLineEnd &l)
{
    static const char *const kinds[] = {"None", "Announced", "Malformed", "TooLarge"};
    const LiteralAnnouncement &a = l.announcement;
    return qstrdup(QByteArray(kinds[int(l.kind)]) + " position " + QByteArray::number(a.position) +
                   " offset " + QByteArray::number(a.offset) + " length " +
                   QByteArray::number(a.length) + " nonSynchronising " +
                   QByteArray::number(a.nonSynchronising) + " binary " +
                   QByteArray::number(a.binary));
}
} // namespace msim::imap

namespace {

// Every token of the response, one string each: `atom:X`, `number:N`, `quoted:X`, `nil`,
// `literal:N[+][~]@OFFSET:DATA`, `(`, `)`, `*`; a failure ends the list with
// `error@OFFSET:MESSAGE`.
QByteArrayList tokens(const QByteArray &bytes)
{
    ResponseFramer framer;
    QList<RawResponse> out;
    framer.feed(bytes, out);
    if (out.isEmpty())
        return {"no response framed"};
    Lexer lx(out.first());
    QByteArrayList t;
    while (!lx.atEnd() && !lx.error()) {
        if (lx.atLineEnd()) {
            lx.nextLine();
            continue;
        }
        if (lx.at(' ')) {
            lx.advance();
        } else if (lx.atLiteral()) {
            const Lexer::Literal l = lx.takeLiteral();
            t << "literal:" + QByteArray::number(l.announcement.length) +
                     (l.announcement.nonSynchronising ? "+" : "") +
                     (l.announcement.binary ? "~" : "") + "@" + QByteArray::number(l.dataOffset) +
                     ":" + l.data;
        } else if (lx.at('(') || lx.at(')') || lx.at('*')) {
            t << QByteArray(1, lx.peek());
            lx.advance();
        } else if (lx.at('"')) {
            QByteArray q;
            if (lx.quoted(q))
                t << "quoted:" + q;
        } else if (lx.peek() >= '0' && lx.peek() <= '9') {
            qint64 n = 0;
            if (lx.number(n, 0xffffffffLL))
                t << "number:" + QByteArray::number(n);
        } else if (lx.nil()) {
            t << "nil";
        } else {
            const QByteArray a = lx.atom();
            if (a.isEmpty())
                lx.fail(QStringLiteral("no token at %1").arg(lx.found()));
            else
                t << "atom:" + a;
        }
    }
    if (const auto &e = lx.error())
        t << "error@" + QByteArray::number(e->offset) + ":" + e->message.toUtf8();
    return t;
}

} // namespace

class tst_Lexer : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void tokens_data()
    {
        QTest::addColumn<QByteArray>("raw");
        QTest::addColumn<QByteArrayList>("expected");
        QTest::newRow("Dovecot chunk reply: * 6 FETCH (UID 6 BODY[]<0> {5})")
            << QByteArray("* 6 FETCH (UID 6 {5}\r\nhello)\r\n")
            << QByteArrayList{"*",        "number:6", "atom:FETCH",         "(",
                              "atom:UID", "number:6", "literal:5@22:hello", ")"};
        QTest::newRow("LITERAL+ {n+} (RFC 7888, as clients send to the built-in server)")
            << QByteArray("a1 LOGIN {4+}\r\ntest {6+}\r\nsecret\r\n")
            << QByteArrayList{"atom:a1", "atom:LOGIN", "literal:4+@15:test",
                              "literal:6+@26:secret"};
        QTest::newRow("BINARY ~{n} (RFC 3516)")
            << QByteArray("* 1 X ~{3}\r\nabc\r\n")
            << QByteArrayList{"*", "number:1", "atom:X", "literal:3~@12:abc"};
        QTest::newRow("quoted with escapes (RFC 3501 §4.3)")
            << QByteArray("* LSUB () \".\" \"a\\\"b\\\\c\"\r\n")
            << QByteArrayList{"*", "atom:LSUB", "(", ")", "quoted:.", "quoted:a\"b\\c"};
        QTest::newRow("NIL in any case (RFC 3501 §9: case-insensitive)")
            << QByteArray("* LIST (x) nil Nil\r\n")
            << QByteArrayList{"*", "atom:LIST", "(", "atom:x", ")", "nil", "nil"};
        QTest::newRow("NILX is an atom, not NIL")
            << QByteArray("* X NILX\r\n") << QByteArrayList{"*", "atom:X", "atom:NILX"};
        QTest::newRow("unterminated quoted string names its offset")
            << QByteArray("* X \"abc\r\n")
            << QByteArrayList{"*", "atom:X", "error@8:unterminated quoted string"};
        QTest::newRow("number over the UID limit (2^32 - 1)")
            << QByteArray("* 4294967296 EXISTS\r\n")
            << QByteArrayList{"*", "error@2:number too large (the limit is 4294967295)"};
        QTest::newRow("{a b} at the line end is text, not a literal")
            << QByteArray("* OK {a b}\r\n")
            << QByteArrayList{"*", "atom:OK", "error@5:no token at '{'"};
        QTest::newRow("{0} literal, the text goes on at once (Exchange 2010 past 1 MiB)")
            << QByteArray("* 1 X {0}\r\n Y\r\n")
            << QByteArrayList{"*", "number:1", "atom:X", "literal:0@11:", "atom:Y"};
        QTest::newRow("two literals on consecutive lines")
            << QByteArray("* 1 X {2}\r\nab {3}\r\nabc\r\n")
            << QByteArrayList{"*", "number:1", "atom:X", "literal:2@11:ab", "literal:3@19:abc"};
    }
    void tokens()
    {
        QFETCH(QByteArray, raw);
        QFETCH(QByteArrayList, expected);
        QCOMPARE(::tokens(raw), expected);
    }

    void skipValue_data()
    {
        QTest::addColumn<QByteArray>("raw");
        QTest::addColumn<QString>("expected"); // what follows the value, or the error
        QTest::newRow("BODYSTRUCTURE list (Dovecot)")
            << QByteArray("(\"TEXT\" \"PLAIN\" (\"CHARSET\" \"us-ascii\") NIL NIL \"7BIT\" 5 1) "
                          "next\r\n")
            << QStringLiteral(" next");
        QTest::newRow("literal inside a list (X-THING {3})")
            << QByteArray("(a {3}\r\nabc b) next\r\n") << QStringLiteral(" next");
        QTest::newRow("BODY[HEADER.FIELDS (FROM)] atom with a section")
            << QByteArray("BODY[HEADER.FIELDS (FROM)] next\r\n") << QStringLiteral(" next");
        QTest::newRow("nesting at the limit")
            << QByteArray(limits::kMaxNestingDepth, '(') + "a" +
                   QByteArray(limits::kMaxNestingDepth, ')') + " next\r\n"
            << QStringLiteral(" next");
        QTest::newRow("nesting one over the limit")
            << QByteArray(limits::kMaxNestingDepth + 1, '(') + "a" +
                   QByteArray(limits::kMaxNestingDepth + 1, ')') + "\r\n"
            << QStringLiteral("error@64:parentheses nested deeper than 64 (the nesting limit)");
        QTest::newRow("unterminated section")
            << QByteArray("BODY[HEADER\r\n") << QStringLiteral("error@4:unterminated '['");
    }
    void skipValue()
    {
        QFETCH(QByteArray, raw);
        QFETCH(QString, expected);
        ResponseFramer framer;
        QList<RawResponse> out;
        QVERIFY(framer.feed(raw, out));
        QCOMPARE(out.size(), 1);
        Lexer lx(out.first());
        const bool ok = lx.skipValue();
        const QString got =
            ok ? QString::fromLatin1(lx.restOfLine())
               : QStringLiteral("error@%1:%2").arg(lx.error()->offset).arg(lx.error()->message);
        QCOMPARE(got, expected);
    }

    void literalAtLineEnd_data()
    {
        QTest::addColumn<QByteArray>("line");
        QTest::addColumn<LiteralAtLineEnd>("expected");
        using K = LiteralAtLineEnd::Kind;
        const auto announced = [](qsizetype pos, qint64 len, bool plus = false, bool bin = false) {
            return LiteralAtLineEnd{K::Announced, {pos, -1, len, plus, bin}};
        };
        QTest::newRow("Dovecot BODY[]<0> {6144}")
            << QByteArray("* 6 FETCH (BODY[]<0> {6144}") << announced(21, 6144);
        QTest::newRow("LITERAL+ {5+} (RFC 7888)")
            << QByteArray("a LOGIN {5+}") << announced(8, 5, true);
        QTest::newRow("BINARY ~{3} (RFC 3516)")
            << QByteArray("* 1 FETCH (BINARY[] ~{3}") << announced(20, 3, false, true);
        QTest::newRow("{0}") << QByteArray("x {0}") << announced(2, 0);
        QTest::newRow("no brace") << QByteArray("* OK done") << LiteralAtLineEnd{};
        QTest::newRow("} without {") << QByteArray("* OK x}") << LiteralAtLineEnd{};
        QTest::newRow("{} empty count is text") << QByteArray("* OK {}") << LiteralAtLineEnd{};
        QTest::newRow("{a b} with a space is text")
            << QByteArray("* OK {a b}") << LiteralAtLineEnd{};
        QTest::newRow("count over 32 octets is text")
            << QByteArray("* OK {" + QByteArray(33, '1') + "}") << LiteralAtLineEnd{};
        QTest::newRow("{abc} malformed")
            << QByteArray("* 1 FETCH (BODY[] {abc}")
            << LiteralAtLineEnd{K::Malformed, {18, -1, 0, false, false}};
        QTest::newRow("{+} malformed")
            << QByteArray("x {+}") << LiteralAtLineEnd{K::Malformed, {2, -1, 0, true, false}};
        QTest::newRow("{5++} malformed")
            << QByteArray("x {5++}") << LiteralAtLineEnd{K::Malformed, {2, -1, 0, true, false}};
        QTest::newRow("the literal limit")
            << QByteArray("x {" + QByteArray::number(limits::kMaxLiteralOctets) + "}")
            << announced(2, limits::kMaxLiteralOctets);
        QTest::newRow("one past the literal limit")
            << QByteArray("x {" + QByteArray::number(limits::kMaxLiteralOctets + 1) + "}")
            << LiteralAtLineEnd{K::TooLarge, {2, -1, limits::kMaxLiteralOctets + 1, false, false}};
    }
    void literalAtLineEnd()
    {
        QFETCH(QByteArray, line);
        QFETCH(LiteralAtLineEnd, expected);
        const LiteralAtLineEnd got = msim::imap::literalAtLineEnd(line, limits::kMaxLiteralOctets);
        QCOMPARE(got.kind, expected.kind);
        QCOMPARE(got.announcement, expected.announcement);
    }
};

QTEST_GUILESS_MAIN(tst_Lexer)
#include "tst_lexer.moc"
