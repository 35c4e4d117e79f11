// SPDX-License-Identifier: MIT
// prefs.js reading (tolerant, line-numbered issues, bounded) and writing (the exact 4.x form),
// and the round trip through Prefs: MESSENGER45.md §7.
#include "prefs/PrefRegistry.h"
#include "prefs/Prefs.h"
#include "prefs/PrefsJs.h"
#include "prefs/Presets.h"

#include <QTemporaryDir>
#include <QTest>

using namespace msim::prefs;

namespace {

using Values = QList<QPair<QString, QVariant>>;

QString s(const char *utf8)
{
    return QString::fromUtf8(utf8);
}

// "name=value" per value, value as it would be written (bool, int) or "quoted" (string); a
// value of any other QVariant type shows as "name=?type".
QStringList render(const Values &values)
{
    QStringList out;
    for (const auto &[name, value] : values) {
        switch (value.typeId()) {
        case QMetaType::Bool:
            out.append(name + u'=' + (value.toBool() ? s("true") : s("false")));
            break;
        case QMetaType::Int:
            out.append(name + u'=' + QString::number(value.toInt()));
            break;
        case QMetaType::QString:
            out.append(name + s("=\"") + value.toString() + u'"');
            break;
        default:
            out.append(name + s("=?") + QString::fromLatin1(value.typeName()));
        }
    }
    return out;
}

Values valuesOf(const PrefsJsReadResult &read)
{
    Values out;
    for (const PrefsJsStatement &st : read.statements)
        out.append({st.name, st.value});
    return out;
}

// user_pref statements for these values, written.
QByteArray writeValues(const Values &values)
{
    QList<PrefsJsStatement> statements;
    for (const auto &[name, value] : values) {
        PrefsJsStatement st;
        st.name = name;
        st.value = value;
        statements.append(st);
    }
    return PrefsJs::write(statements);
}

QList<int> linesOf(const PrefsJsReadResult &read)
{
    QList<int> out;
    for (const PrefsJsStatement &st : read.statements)
        out.append(st.line);
    return out;
}

QStringList textsOf(const PrefsJsReadResult &read)
{
    QStringList out;
    for (const PrefsJsStatement &st : read.statements)
        out.append(st.text);
    return out;
}

QList<int> issueLines(const PrefsJsReadResult &read)
{
    QList<int> lines;
    for (const PrefsJsIssue &issue : read.issues)
        lines.append(issue.line);
    return lines;
}

QByteArray dump(const PrefsJsReadResult &read)
{
    QByteArray out;
    for (const PrefsJsIssue &issue : read.issues)
        out += QByteArray::number(issue.line) + ": " + issue.message.toUtf8() + " | " +
               issue.text.toUtf8() + '\n';
    return out;
}

const QByteArray kHeader = "// Netscape User Preferences\n"
                           "// This is a generated file!  Do not edit.\n"
                           "\n";

// What a Windows Messenger 4.5 profile's prefs.js looks like after a support call: the
// generated part (CRLF, sorted, mostly prefs msim does not know) and a hand-added KB
// workaround with a comment.
const QByteArray kNetscapeExcerpt =
    "// Netscape User Preferences\r\n"
    "// This is a generated file!  Do not edit.\r\n"
    "\r\n"
    "user_pref(\"browser.bookmark_file\", \"C:\\\\Program "
    "Files\\\\Netscape\\\\Users\\\\ann\\\\bookmark.htm\");\r\n"
    "user_pref(\"browser.cache.directory\", \"C:\\\\Program "
    "Files\\\\Netscape\\\\Users\\\\ann\\\\cache\");\r\n"
    "user_pref(\"browser.download_directory\", \"C:\\\\TEMP\");\r\n"
    "user_pref(\"browser.startup.homepage\", \"http://home.netscape.com/\");\r\n"
    "user_pref(\"browser.window_rect\", \"0,0,800,572\");\r\n"
    "user_pref(\"custtoolbar.Browser.Navigation_Toolbar.open\", true);\r\n"
    "user_pref(\"editor.author\", \"Ann Example\");\r\n"
    "user_pref(\"intl.font_charset\", \"iso-8859-1\");\r\n"
    "user_pref(\"mail.check_time\", 5);\r\n"
    "user_pref(\"mail.default_html_action\", 3);\r\n"
    "user_pref(\"mail.directory\", \"C:\\\\Program "
    "Files\\\\Netscape\\\\Users\\\\ann\\\\mail\");\r\n"
    "user_pref(\"mail.identity.organization\", \"Example \\\"Widgets\\\" Ltd.\");\r\n"
    "user_pref(\"mail.identity.useremail\", \"ann@example.com\");\r\n"
    "user_pref(\"mail.identity.username\", \"Ann Example\");\r\n"
    "user_pref(\"mail.imap.root_dir\", \"C:\\\\Program "
    "Files\\\\Netscape\\\\Users\\\\ann\\\\ImapMail\");\r\n"
    "user_pref(\"mail.imap.server.imap.example.com.userName\", \"ann\");\r\n"
    "user_pref(\"mail.imap.server_ssl\", true);\r\n"
    "user_pref(\"mail.imap.ssl_port\", 993);\r\n"
    "user_pref(\"mail.leave_on_server\", true);\r\n"
    "user_pref(\"mail.remember_password\", false);\r\n"
    "user_pref(\"mail.server_type\", 1);\r\n"
    "user_pref(\"network.hosts.imap_servers\", \"imap.example.com\");\r\n"
    "user_pref(\"network.hosts.smtp_server\", \"smtp.example.com\");\r\n"
    "user_pref(\"news.directory\", \"C:\\\\Program "
    "Files\\\\Netscape\\\\Users\\\\ann\\\\News\");\r\n"
    "user_pref(\"security.warn_submit_insecure\", false);\r\n"
    "\r\n"
    "/* Added by the help desk, ticket 4711: KB Q194998 workaround\r\n"
    "   (\"Unable to display message\" with large IMAP messages). */\r\n"
    "user_pref(\"mail.imap.fetch_by_chunks\", false);  // was true\r\n"
    "# user_pref(\"mail.imap.chunk_size\", 6144);   tried first, did not help\r\n";

} // namespace

class tst_PrefsJs : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void kbWorkaroundLine()
    {
        const PrefsJsReadResult read =
            PrefsJs::parse("user_pref(\"mail.imap.fetch_by_chunks\", false);");
        QVERIFY2(read.issues.isEmpty(), dump(read).constData());
        QCOMPARE(render(valuesOf(read)), QStringList{s("mail.imap.fetch_by_chunks=false")});
        QCOMPARE(linesOf(read), QList<int>{1});
        QCOMPARE(textsOf(read), QStringList{s("user_pref(\"mail.imap.fetch_by_chunks\", false);")});
        Prefs prefs;
        const Prefs::ApplyReport report = prefs.apply(read);
        QCOMPARE(report.used, 1);
        QCOMPARE(report.kept, 0);
        QVERIFY(report.issues.isEmpty());
        QCOMPARE(prefs.boolValue(u"mail.imap.fetch_by_chunks"), false);
        QVERIFY(prefs.isUserSet(u"mail.imap.fetch_by_chunks"));
        QCOMPARE(prefs, *Presets::make(u"messenger407", nullptr));
    }

    void parse_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QStringList>("values");
        QTest::addColumn<QList<int>>("lines");
        QTest::addColumn<QList<int>>("issues"); // their line numbers

        QTest::newRow("empty") << QByteArray() << QStringList() << QList<int>() << QList<int>();
        QTest::newRow("header only") << kHeader << QStringList() << QList<int>() << QList<int>();
        QTest::newRow("blank lines")
            << QByteArray("\n\n  \t\n") << QStringList() << QList<int>() << QList<int>();
        QTest::newRow("functions")
            << QByteArray("pref(\"a\", 1);\nlockPref(\"b\", true);\n"
                          "sticky_pref(\"c\", \"x\");\nuser_pref(\"d\", -5);\n")
            << QStringList({s("a=1"), s("b=true"), s("c=\"x\""), s("d=-5")})
            << QList<int>({1, 2, 3, 4}) << QList<int>();
        QTest::newRow("no final line end")
            << QByteArray("user_pref(\"a\", 1);") << QStringList{s("a=1")} << QList<int>{1}
            << QList<int>();
        QTest::newRow("crlf") << QByteArray(
                                     "// c\r\n\r\nuser_pref(\"a\", 1);\r\nuser_pref(\"b\", 2);\r\n")
                              << QStringList({s("a=1"), s("b=2")}) << QList<int>({3, 4})
                              << QList<int>();
        QTest::newRow("cr (classic Mac)")
            << QByteArray("// c\r\ruser_pref(\"a\", 1);\ruser_pref(\"b\", 2);\r")
            << QStringList({s("a=1"), s("b=2")}) << QList<int>({3, 4}) << QList<int>();
        QTest::newRow("utf-8 bom") << QByteArray("\xEF\xBB\xBFuser_pref(\"a\", 1);\n")
                                   << QStringList{s("a=1")} << QList<int>{1} << QList<int>();
        QTest::newRow("comments")
            << QByteArray("// line comment user_pref(\"x\", 1);\n"
                          "# hash comment user_pref(\"y\", 1);\n"
                          "  # indented hash\n"
                          "/* block */ user_pref(\"a\", 1); // trailing\n"
                          "user_pref(\"b\", 2); /* mid */ user_pref(\"c\", 3); # trailing\n"
                          "user_pref(/* inside */ \"d\", /**/ 4);\n")
            << QStringList({s("a=1"), s("b=2"), s("c=3"), s("d=4")}) << QList<int>({4, 5, 5, 6})
            << QList<int>();
        QTest::newRow("multi-line comment")
            << QByteArray("/* one\n two user_pref(\"x\", 1);\r\n three */ user_pref(\"a\", 1);\n"
                          "user_pref(\"b\", 2); /***/\n/*\n*/\nuser_pref(\"c\", 3);\n")
            << QStringList({s("a=1"), s("b=2"), s("c=3")}) << QList<int>({3, 4, 7}) << QList<int>();
        QTest::newRow("several on a line")
            << QByteArray("user_pref(\"a\",1);user_pref(\"b\",2);  user_pref ( \"c\" , 3 ) ;\n")
            << QStringList({s("a=1"), s("b=2"), s("c=3")}) << QList<int>({1, 1, 1}) << QList<int>();
        QTest::newRow("one over several lines")
            << QByteArray("user_pref(\n  \"a\",\n  42\n);\nuser_pref(\"b\", 1);\n")
            << QStringList({s("a=42"), s("b=1")}) << QList<int>({1, 5}) << QList<int>();
        // 4.x's JavaScript read these; current Mozilla parsers do not: read, with a warning each.
        QTest::newRow("semicolon left out at line end")
            << QByteArray("user_pref(\"a\", 1)\nuser_pref(\"b\", 2) // c\nuser_pref(\"c\", 3)")
            << QStringList({s("a=1"), s("b=2"), s("c=3")}) << QList<int>({1, 2, 3})
            << QList<int>({1, 2, 3});
        QTest::newRow("semicolon left out mid-line")
            << QByteArray("user_pref(\"a\", 1) user_pref(\"b\", 2);\nuser_pref(\"c\", 3);\n")
            << QStringList({s("c=3")}) << QList<int>({2}) << QList<int>{1};
        // Mozilla reports an error for a ";" alone, then reads on: a warning each line.
        QTest::newRow("empty statements")
            << QByteArray(";;user_pref(\"a\", 1);;\n;\n") << QStringList{s("a=1")} << QList<int>{1}
            << QList<int>({1, 2});
        QTest::newRow("integers") << QByteArray(
                                         "user_pref(\"a\", 0);\nuser_pref(\"b\", 2147483647);\n"
                                         "user_pref(\"c\", -2147483648);\nuser_pref(\"d\", +7);\n"
                                         "user_pref(\"e\", -0);\n")
                                  << QStringList({s("a=0"), s("b=2147483647"), s("c=-2147483648"),
                                                  s("d=7"), s("e=0")})
                                  << QList<int>({1, 2, 3, 4, 5}) << QList<int>();
        QTest::newRow("integers out of range")
            << QByteArray("user_pref(\"a\", 2147483648);\nuser_pref(\"b\", -2147483649);\n"
                          "user_pref(\"c\", 99999999999999999999999);\nuser_pref(\"d\", 1);\n")
            << QStringList{s("d=1")} << QList<int>{4} << QList<int>({1, 2, 3});
        // (Ordinary literals: moc cannot read raw strings that hold quotes.)
        QTest::newRow("strings")
            << QByteArray("user_pref(\"s1\", \"C:\\\\Program Files\\\\Netscape\");\n"
                          "user_pref(\"s2\", \"say \\\"hi\\\"\");\n"
                          "user_pref(\"s3\", 'single \"q\" \\'');\n"
                          "user_pref(\"s4\", \"cr\\rnl\\n\");\n"
                          "user_pref(\"s5\", \"\\u00e9\\x41\\u20AC\");\n"
                          "user_pref(\"s6\", \"caf\xC3\xA9\");\n"
                          "user_pref(\"s7\", \"\");\n"
                          "user_pref(\"s8\", \"\\uD83D\\uDE00\");\n"
                          "user_pref(\"s9\", \"raw\ttab\");\n"
                          "user_pref(\"s10\", \"// not a comment; /* nor this */ # nor this\");\n"
                          "user_pref(\"s11\", \"\\xc3\\xa9\");\n"
                          "user_pref(\"s12\", \"\\xe9\");\n"
                          "user_pref(\"s\\\"13\", 1);\n")
            << QStringList({s("s1=\"C:\\Program Files\\Netscape\""), s("s2=\"say \"hi\"\""),
                            s("s3=\"single \"q\" '\""), s("s4=\"cr\rnl\n\""),
                            s("s5=\"\xC3\xA9"
                              "A\xE2\x82\xAC\""),
                            s("s6=\"caf\xC3\xA9\""), s("s7=\"\""), s("s8=\"\xF0\x9F\x98\x80\""),
                            s("s9=\"raw\ttab\""),
                            s("s10=\"// not a comment; /* nor this */ # nor this\""),
                            // \xNN is a raw byte (Mozilla): two of them make one UTF-8 é
                            s("s11=\"\xC3\xA9\""), s("s12=\"\xEF\xBF\xBD\""), s("s\"13=1")})
            << QList<int>({1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13}) << QList<int>();
        // Mozilla's parser (modules/libpref/parser): a sign is a token of its own.
        QTest::newRow("mozilla signs apart")
            << QByteArray("pref(\"a\", - 1);\npref(\"b\", +  345);\npref(\"c\", -/* x */7);\n"
                          "pref(\"d\", -\n2147483648);\n")
            << QStringList({s("a=-1"), s("b=345"), s("c=-7"), s("d=-2147483648")})
            << QList<int>({1, 2, 3, 4}) << QList<int>();
        QTest::newRow("mozilla string over lines")
            << QByteArray("user_pref(\"a\", \"one\ntwo\r\nthree\");\nuser_pref(\"b\", 1);\n")
            << QStringList({s("a=\"one\ntwo\r\nthree\""), s("b=1")}) << QList<int>({1, 4})
            << QList<int>();
        QTest::newRow("mozilla attributes")
            << QByteArray("pref(\"a\", false, locked);\npref(\"b\", 1, sticky);\n"
                          "pref(\"c\", \"x\", sticky, locked);\nsticky_pref(\"d\", true);\n")
            << QStringList({s("a=false"), s("b=1"), s("c=\"x\""), s("d=true")})
            << QList<int>({1, 2, 3, 4}) << QList<int>();
        QTest::newRow("4.x config functions")
            << QByteArray("defaultPref(\"a\", 1);\nlocalDefPref(\"b\", \"x\");\n")
            << QStringList({s("a=1"), s("b=\"x\"")}) << QList<int>({1, 2}) << QList<int>();
        // 4.x's JavaScript read 010 as octal 8; Mozilla reads 10. Read as 4.x, with a warning.
        QTest::newRow("4.x leading zero")
            << QByteArray("user_pref(\"a\", 010);\nuser_pref(\"b\", 09);\nuser_pref(\"c\", 00);\n")
            << QStringList({s("a=8"), s("b=9"), s("c=0")}) << QList<int>({1, 2, 3})
            << QList<int>{1};
        QTest::newRow("bad lines among good ones")
            << QByteArray("user_pref(\"good.1\", 1);\n"
                          "user_pref(\"a\", tru);\n"
                          "\n"
                          "user_pref(\"good.2\", 2);\n"
                          "user_pref(\"b\" 1);\n"
                          "user_pref(\"c\", null); user_pref(\"good.3\", 3);\n"
                          "user_pref(\"good.4\", 4);\n")
            << QStringList({s("good.1=1"), s("good.2=2"), s("good.3=3"), s("good.4=4")})
            << QList<int>({1, 4, 6, 7}) << QList<int>({2, 5, 6});
        QTest::newRow("unterminated comment")
            << QByteArray("user_pref(\"a\", 1);\n/* open\nuser_pref(\"b\", 2);\n")
            << QStringList{s("a=1")} << QList<int>{1} << QList<int>{2};
        QTest::newRow("unfinished at the end of the file")
            << QByteArray("user_pref(\"a\", 1);\n\nuser_pref(\"b\",\n") << QStringList{s("a=1")}
            << QList<int>{1} << QList<int>{3};
        QTest::newRow("unfinished, then a new statement")
            << QByteArray("user_pref(\"a\", 1\nuser_pref(\"b\", 2);\nuser_pref(\"c\",\n"
                          "user_pref(\"d\", 4);\n")
            << QStringList({s("b=2"), s("d=4")}) << QList<int>({2, 4})
            << QList<int>({1, 2, 3, 4}); // 2 and 4: Mozilla would skip them
        QTest::newRow("nul byte") << QByteArray(
                                         "user_pref(\"a\", 1);\0\nuser_pref(\"b\", 2);",
                                         sizeof("user_pref(\"a\", 1);\0\nuser_pref(\"b\", 2);") - 1)
                                  << QStringList({s("a=1")}) << QList<int>({1}) << QList<int>{1};
        // One problem for a bad statement over several lines: recovery goes to its ";".
        QTest::newRow("bad value over lines")
            << QByteArray("user_pref(\n  \"a.b\",\n  1.5\n);\nuser_pref(\"c\", 1);\n")
            << QStringList{s("c=1")} << QList<int>{5} << QList<int>{3};
        QTest::newRow("javascript that is not a pref")
            << QByteArray("var x = 1;\nuser_pref(\"a\", 1);\nif (x) { user_pref(\"b\", 2); }\n")
            << QStringList{s("a=1")} << QList<int>{2} << QList<int>({1, 3, 3});
    }

    void parse()
    {
        QFETCH(QByteArray, text);
        QFETCH(QStringList, values);
        QFETCH(QList<int>, lines);
        QFETCH(QList<int>, issues);
        const PrefsJsReadResult read = PrefsJs::parse(text);
        QCOMPARE(render(valuesOf(read)), values);
        QCOMPARE(linesOf(read), lines);
        QCOMPARE(textsOf(read).size(), valuesOf(read).size());
        QVERIFY2(issueLines(read) == issues, dump(read).constData());
        for (const PrefsJsIssue &issue : read.issues)
            QVERIFY(!issue.message.isEmpty());
    }

    // One bad statement between two good ones: the message, its line and its raw text.
    void badStatement_data()
    {
        QTest::addColumn<QByteArray>("statement");
        QTest::addColumn<QString>("message");

        const auto row = [](const char *name, const char *statement, const char *message) {
            QTest::newRow(name) << QByteArray(statement) << s(message);
        };
        row("misspelt true", "user_pref(\"a\", tru);",
            "expected a value (a \"string\", an integer, true or false), found \"tru\"");
        row("missing comma", "user_pref(\"a\" 1);",
            "expected \",\" after the pref name, found the number 1");
        row("unquoted name", "user_pref(mail.imap.chunk_size, 1);",
            "expected the pref name as a \"string\", found \"mail\"");
        row("missing paren", "user_pref \"a\", 1);",
            "expected \"(\" after user_pref, found the string \"a\"");
        row("missing close paren", "user_pref(\"a\", 1;",
            "expected \")\" after the value, found \";\"");
        row("fraction", "user_pref(\"a\", 1.5);",
            "\"1.5\" is not a decimal integer (prefs hold whole numbers written in decimal)");
        row("hex", "user_pref(\"a\", 0x1800);",
            "\"0x1800\" is not a decimal integer (prefs hold whole numbers written in "
            "decimal)");
        row("exponent", "user_pref(\"a\", 1e3);",
            "\"1e3\" is not a decimal integer (prefs hold whole numbers written in "
            "decimal)");
        row("out of range", "user_pref(\"a\", 4294967296);",
            "\"4294967296\" does not fit in 32 bits (-2147483648 to 2147483647)");
        row("sign alone", "user_pref(\"a\", -);", "expected a number after \"-\", found \")\"");
        row("two signs", "user_pref(\"a\", - -1);", "expected a number after \"-\", found \"-\"");
        row("-2147483649", "user_pref(\"a\", -2147483649);",
            "\"-2147483649\" does not fit in 32 bits (-2147483648 to 2147483647)");
        row("+2147483648", "user_pref(\"a\", +2147483648);",
            "\"2147483648\" does not fit in 32 bits (-2147483648 to 2147483647)");
        // Mozilla's escapes only (modules/libpref/parser): 4.x's JavaScript took more.
        row("escape \\q (Mozilla rejects it)", "user_pref(\"a\", \"\\q\");",
            "unknown escape \\q in a string (Mozilla's parser takes only \\\" \\' \\\\ \\n "
            "\\r \\xNN and \\uNNNN)");
        row("escape \\t (Mozilla rejects it)", "user_pref(\"a\", \"tab\\there\");",
            "unknown escape \\t in a string (Mozilla's parser takes only \\\" \\' \\\\ \\n "
            "\\r \\xNN and \\uNNNN)");
        row("escape \\0 (Mozilla rejects it)", "user_pref(\"a\", \"\\0\");",
            "unknown escape \\0 in a string (Mozilla's parser takes only \\\" \\' \\\\ \\n "
            "\\r \\xNN and \\uNNNN)");
        row("escape \\x00", "user_pref(\"a\", \"\\x00\");",
            "\\x00 in a string (Mozilla's parser does not allow a NUL)");
        row("escape \\u0000", "user_pref(\"a\", \"\\u0000\");",
            "\\u0000 in a string (Mozilla's parser does not allow a NUL)");
        row("lone high surrogate", "user_pref(\"a\", \"\\uD800x\");",
            "\\uD800 in a string is the first half of a surrogate pair without its second half");
        row("lone low surrogate", "user_pref(\"a\", \"\\uDC00\");",
            "\\uDC00 in a string is the second half of a surrogate pair without its first half");
        row("high surrogate then not a low one", "user_pref(\"a\", \"\\uD83D\\u0041\");",
            "\\uD83D in a string is the first half of a surrogate pair without its second half");
        row("bad x escape", "user_pref(\"a\", \"\\x4g\");",
            "bad \\x escape in a string (two hex digits expected)");
        row("bad u escape", "user_pref(\"a\", \"\\u12\");",
            "bad \\u escape in a string (four hex digits expected)");
        row("unknown function", "userpref(\"a\", 1);",
            "unknown function \"userpref\" (a prefs.js holds user_pref(\"name\", value); "
            "statements)");
        row("empty name", "user_pref(\"\", 1);", "the pref name is empty");
        row("third argument not an attribute", "pref(\"a\", 1, 2);",
            "expected sticky or locked after the value and \",\" (pref takes a name and a "
            "value), found the number 2");
        row("attribute on user_pref", "user_pref(\"a\", 1, locked);",
            "user_pref takes no attributes: Mozilla reads \"locked\" only in pref(...) of a "
            "default prefs file");
        row("slash alone", "user_pref(\"a\", 1) / 2;",
            "unexpected \"/\" (a comment starts with // or /*)");
        row("stray brace", "}", "unexpected character \"}\"");
        row("stray string", "\"a\";",
            "expected user_pref(\"name\", value);, found the string \"a\"");
        row("stray number", "42;", "expected user_pref(\"name\", value);, found the number 42");
        row("control character", "user_pref(\"a\", 1)\x01;", "unexpected control character 0x01");
        row("non-ascii", "user_pref(\"a\", \xC3\xA9);",
            "unexpected character \"\xC3\xA9\" outside a string");
        row("two statements glued", "user_pref(\"a\", 1)user_pref(\"b\", 2);",
            "expected \";\" after user_pref(...), found \"user_pref\"");
        row("long string cut in message",
            "user_pref(\"a\", \"0123456789012345678901234567890123456789abcdef\" 1);",
            "expected \")\" after the value, found the number 1");
        row("long word cut in message",
            "user_pref(\"a\", abcdefghijabcdefghijabcdefghijabcdefghijXYZ);",
            "expected a value (a \"string\", an integer, true or false), found "
            "\"abcdefghijabcdefghijabcdefghijabcdefghij...\"");
    }

    void badStatement()
    {
        QFETCH(QByteArray, statement);
        QFETCH(QString, message);
        for (const QByteArray &eol : {QByteArray("\n"), QByteArray("\r\n")}) {
            const QByteArray text = "user_pref(\"before\", 1);" + eol + statement + eol +
                                    "user_pref(\"after\", 2);" + eol;
            const PrefsJsReadResult read = PrefsJs::parse(text);
            QCOMPARE(render(valuesOf(read)), QStringList({s("before=1"), s("after=2")}));
            QCOMPARE(linesOf(read), QList<int>({1, 3}));
            // A bad line with no ";" on it: msim reads on at the next line, and says that
            // Mozilla, skipping to the next ";", loses that statement.
            const bool noSemicolon = !statement.contains(';');
            QVERIFY2(read.issues.size() == (noSemicolon ? 2 : 1), dump(read).constData());
            if (noSemicolon) {
                QCOMPARE(read.issues[1].line, 3);
                QCOMPARE(read.issues[1].message,
                         s("msim read this statement, but current Mozilla parsers skip it: "
                           "after the error on line 2 they read on only after the next \";\""));
            }
            QCOMPARE(read.issues[0].line, 2);
            QCOMPARE(read.issues[0].message, message);
            QCOMPARE(read.issues[0].text, QString::fromUtf8(statement)); // no line end
        }
    }

    // A string may run over lines (Mozilla), so a missing closing quote runs on to the next
    // quote: the statements after it are lost, as in Mozilla, and the sentence says why.
    void missingQuote()
    {
        const PrefsJsReadResult read = PrefsJs::parse("user_pref(\"a\", 1);\n"
                                                      "user_pref(\"d\", \"no end);\n"
                                                      "user_pref(\"b\", 2);\n"
                                                      "user_pref(\"c\", 3);\n");
        // The rest of line 3 opens a string that runs into line 4: c is lost too, as in Mozilla.
        QCOMPARE(render(valuesOf(read)), QStringList({s("a=1")}));
        QCOMPARE(issueLines(read), QList<int>{3});
        QCOMPARE(read.issues[0].message,
                 s("expected \")\" after the value, found \"b\" (the string that starts on line "
                   "2 runs to line 3: is a closing quote missing?)"));

        const PrefsJsReadResult end =
            PrefsJs::parse("user_pref(\"a\", 1);\nuser_pref(\"d\", \"x);\n");
        QCOMPARE(render(valuesOf(end)), QStringList({s("a=1")}));
        QCOMPARE(issueLines(end), QList<int>{2});
        QCOMPARE(end.issues[0].message,
                 s("unterminated string: it starts on line 2 and no closing quote follows"));
    }

    void netscapeExcerpt()
    {
        const PrefsJsReadResult read = PrefsJs::parse(kNetscapeExcerpt);
        QVERIFY2(read.issues.isEmpty(), dump(read).constData());
        QCOMPARE(valuesOf(read).size(), 26);
        QCOMPARE(valuesOf(read)[0].second.toString(),
                 s("C:\\Program Files\\Netscape\\Users\\ann\\bookmark.htm"));
        QCOMPARE(valuesOf(read)[11].first, s("mail.identity.organization"));
        QCOMPARE(valuesOf(read)[11].second.toString(), s("Example \"Widgets\" Ltd."));
        QCOMPARE(valuesOf(read).last().first, s("mail.imap.fetch_by_chunks"));
        QCOMPARE(linesOf(read).last(), 32);
        QCOMPARE(textsOf(read).last(),
                 s("user_pref(\"mail.imap.fetch_by_chunks\", false);  // was true"));

        Prefs prefs;
        const Prefs::ApplyReport report = prefs.apply(read);
        QVERIFY(report.issues.isEmpty());
        QCOMPARE(report.used, 4);
        QCOMPARE(report.kept, 22);
        QCOMPARE(prefs.userSet(),
                 Values({{s("mail.imap.fetch_by_chunks"), false},
                         {s("mail.imap.server.imap.example.com.userName"), s("ann")},
                         {s("mail.imap.server_ssl"), true},
                         {s("mail.imap.ssl_port"), 993}}));
        QCOMPARE(prefs.hosts(), QStringList{s("imap.example.com")});
        QCOMPARE(prefs.hostValue(u"imap.example.com", u"userName"), QVariant(s("ann")));
        QVERIFY(prefs.sslFor(u"imap.example.com")); // no isSecure: mail.imap.server_ssl
        QCOMPARE(prefs.intValue(u"mail.imap.chunk_size"), 10240); // the line is commented out
    }

    void issueTextIsTheRawLine()
    {
        const PrefsJsReadResult read =
            PrefsJs::parse("user_pref(\"a\", 1);\r\n\tuser_pref(\"b\", yes); // x\r\n");
        QCOMPARE(read.issues.size(), 1);
        QCOMPARE(read.issues[0].line, 2);
        QCOMPARE(read.issues[0].text, s("\tuser_pref(\"b\", yes); // x"));
        // A bad statement inside an apply() issue: the raw line too.
        const PrefsJsReadResult typed =
            PrefsJs::parse("\n  user_pref(\"mail.imap.chunk_size\", true); // x\n");
        Prefs prefs;
        const Prefs::ApplyReport report = prefs.apply(typed);
        QCOMPARE(report.issues.size(), 1);
        QCOMPARE(report.issues[0].line, 2);
        QCOMPARE(report.issues[0].text, s("  user_pref(\"mail.imap.chunk_size\", true); // x"));
    }

    void longLines()
    {
        const qsizetype limit = PrefsJs::kMaxLineOctets;
        const qsizetype longest = PrefsJs::kMaxStringOctets;
        // Exactly at the limits (the longest string, blanks up to the longest line): read.
        const QByteArray statement = "user_pref(\"fits\", \"" + QByteArray(longest, 'x') + "\");";
        const QByteArray fits = statement + QByteArray(limit - statement.size(), ' ');
        QCOMPARE(fits.size(), limit);
        // One byte over: reported and ignored, also inside a statement over several lines.
        const QByteArray over = "user_pref(\"over\", \"" + QByteArray(limit, 'y') + "\");";
        const QByteArray junk(limit + 1, '%');
        const QByteArray text = "user_pref(\"a\", 1);\n" + fits + "\n" + over + "\r\n" + junk +
                                "\nuser_pref(\"b\",\n" + junk + "\n2);\nuser_pref(\"c\", 3);\n";
        const PrefsJsReadResult read = PrefsJs::parse(text);
        QCOMPARE(valuesOf(read).size(), 3);
        QCOMPARE(valuesOf(read)[0].first, s("a"));
        QCOMPARE(valuesOf(read)[1].first, s("fits"));
        QCOMPARE(valuesOf(read)[1].second.toString().size(), longest);
        QCOMPARE(valuesOf(read)[2].first, s("c"));
        QCOMPARE(linesOf(read), QList<int>({1, 2, 8}));
        QCOMPARE(issueLines(read), QList<int>({3, 4, 6}));
        QCOMPARE(read.issues[0].message, s("line is 1048598 bytes long, over the limit of "
                                           "1048576; ignored"));
        QCOMPARE(read.issues[0].text, QString::fromLatin1(over.left(200)) + s("..."));
        QCOMPARE(read.issues[1].text, QString(200, u'%') + s("..."));

        // A string one octet over its limit, over several lines: an error, the rest is read.
        const QByteArray lines = QByteArray(longest / 2, 'z') + '\n' + QByteArray(longest / 2, 'z');
        const PrefsJsReadResult big =
            PrefsJs::parse("user_pref(\"big\", \"" + lines + "\");\nuser_pref(\"after\", 1);\n");
        QCOMPARE(render(valuesOf(big)), QStringList{s("after=1")});
        QCOMPARE(issueLines(big), QList<int>{2});
        QCOMPARE(big.issues[0].message, s("a string longer than 122880 octets, msim's limit for "
                                          "a pref's name or value"));
    }

    void tooManyPrefs()
    {
        QByteArray text;
        for (int i = 0; i <= PrefsJs::kMaxPrefs; ++i)
            text +=
                "user_pref(\"p." + QByteArray::number(i) + "\", " + QByteArray::number(i) + ");\n";
        const PrefsJsReadResult read = PrefsJs::parse(text);
        QCOMPARE(valuesOf(read).size(), PrefsJs::kMaxPrefs);
        QCOMPARE(valuesOf(read).last().first, s("p.99999"));
        QCOMPARE(issueLines(read), QList<int>{PrefsJs::kMaxPrefs + 1});
        QCOMPARE(read.issues[0].message,
                 s("more than 100000 prefs; this one and the rest of the file are ignored"));
    }

    void tooManyIssues()
    {
        QByteArray text;
        for (int i = 0; i < PrefsJs::kMaxIssues + 500; ++i)
            text += "bad;\n";
        text += "user_pref(\"a\", 1);\n";
        const PrefsJsReadResult read = PrefsJs::parse(text);
        QCOMPARE(valuesOf(read).size(), 1);
        QCOMPARE(read.issues.size(), PrefsJs::kMaxIssues + 1);
        QCOMPARE(read.issues[PrefsJs::kMaxIssues - 1].line, PrefsJs::kMaxIssues);
        QCOMPARE(read.issues.last().line, 0);
        QCOMPARE(read.issues.last().message, s("500 more problems not listed"));
    }

    void fileTooLarge()
    {
        const QByteArray ok(PrefsJs::kMaxFileOctets, '\n');
        QVERIFY(PrefsJs::parse(ok).issues.isEmpty());
        const QByteArray big = ok + "user_pref(\"a\", 1);";
        const PrefsJsReadResult read = PrefsJs::parse(big);
        QVERIFY(valuesOf(read).isEmpty());
        QCOMPARE(issueLines(read), QList<int>{0});
        QVERIFY(read.issues[0].message.contains(s("over msim's limit of 16777216")));
    }

    void writeExactForm()
    {
        const Values values = {{s("mail.imap.chunk_size"), 6144},
                               {s("mail.imap.fetch_by_chunks"), false},
                               {s("mail.imap.server_ssl"), true},
                               {s("mail.imap.chunk_fast"), -1},
                               {s("mail.identity.organization"), s("Example \"Widgets\" Ltd.")},
                               {s("mail.directory"), s("C:\\Program Files\\Netscape\\")}};
        const QByteArray expected =
            "// Netscape User Preferences\n"
            "// This is a generated file!  Do not edit.\n"
            "\n"
            "user_pref(\"mail.directory\", \"C:\\\\Program Files\\\\Netscape\\\\\");\n"
            "user_pref(\"mail.identity.organization\", \"Example \\\"Widgets\\\" Ltd.\");\n"
            "user_pref(\"mail.imap.chunk_fast\", -1);\n"
            "user_pref(\"mail.imap.chunk_size\", 6144);\n"
            "user_pref(\"mail.imap.fetch_by_chunks\", false);\n"
            "user_pref(\"mail.imap.server_ssl\", true);\n";
        QCOMPARE(writeValues(values), expected);
        QCOMPARE(writeValues(Values()), kHeader);
        QCOMPARE(PrefsJs::write(Prefs()), kHeader);
    }

    void writePresets_data()
    {
        QTest::addColumn<QString>("preset");
        QTest::addColumn<QByteArray>("expected");
        QTest::newRow("messenger45") << s("messenger45") << kHeader;
        QTest::newRow("kb-q194998")
            << s("kb-q194998")
            << kHeader + "user_pref(\"mail.imap.chunk_fast\", -1);\n"
                         "user_pref(\"mail.imap.chunk_ideal\", 2147483647);\n"
                         "user_pref(\"mail.imap.chunk_size\", 6144);\n"
                         "user_pref(\"mail.imap.min_chunk_size_threshold\", "
                         "6144);\n";
        QTest::newRow("messenger407")
            << s("messenger407") << kHeader + "user_pref(\"mail.imap.fetch_by_chunks\", false);\n";
        QTest::newRow("thunderbird")
            << s("thunderbird")
            << kHeader + "user_pref(\"mail.imap.chunk_add\", 8192);\n"
                         "user_pref(\"mail.imap.chunk_size\", 65536);\n"
                         "user_pref(\"mail.imap.min_chunk_size_threshold\", 98304);\n";
    }

    // Each preset is expressible as a prefs.js: written, read back into a fresh Prefs, equal.
    void writePresets()
    {
        QFETCH(QString, preset);
        QFETCH(QByteArray, expected);
        const Prefs prefs = *Presets::make(preset, nullptr);
        const QByteArray written = PrefsJs::write(prefs);
        QCOMPARE(written, expected);
        const PrefsJsReadResult read = PrefsJs::parse(written);
        QVERIFY(read.issues.isEmpty());
        Prefs fresh;
        const Prefs::ApplyReport report = fresh.apply(read);
        QVERIFY(report.issues.isEmpty());
        QCOMPARE(report.kept, 0);
        QCOMPARE(report.used, prefs.userSet().size());
        QVERIFY(fresh == prefs);
        QCOMPARE(fresh.effective(), prefs.effective());
        QCOMPARE(PrefsJs::write(fresh), written);
    }

    void sortedByBytes()
    {
        // By name the order would be "B", "_x", "a", "a!", "a.b", "é"; by whole line, the byte
        // after the name ('"' = 0x22) sorts after '!' (0x21) and before '.' (0x2E).
        const Values values = {{s("a.b"), 4}, {s("\xC3\xA9"), 6}, {s("a"), 1},
                               {s("_x"), 5},  {s("a!"), 3},       {s("B"), 2}};
        QCOMPARE(writeValues(values), kHeader + "user_pref(\"B\", 2);\n"
                                                "user_pref(\"_x\", 5);\n"
                                                "user_pref(\"a!\", 3);\n"
                                                "user_pref(\"a\", 1);\n"
                                                "user_pref(\"a.b\", 4);\n"
                                                "user_pref(\"\xC3\xA9\", 6);\n");
        // Same name, the value decides.
        QCOMPARE(
            writeValues(Values({{s("n"), s("b")}, {s("n"), 10}, {s("n"), s("a")}, {s("n"), 9}})),
            kHeader + "user_pref(\"n\", \"a\");\n"
                      "user_pref(\"n\", \"b\");\n"
                      "user_pref(\"n\", 10);\n"
                      "user_pref(\"n\", 9);\n");
    }

    void writeOtherTypes()
    {
        const Values values = {{s("a"), qlonglong(-3000000000LL)},
                               {s("b"), uint(7)},
                               {s("c"), 1.5},
                               {s("d"), QVariant()},
                               {s("e"), QByteArray("bytes")},
                               {s("f"), s("x\r\ny")},
                               {QString(), 1}};
        QCOMPARE(writeValues(values), kHeader + "user_pref(\"a\", -3000000000);\n"
                                                "user_pref(\"b\", 7);\n"
                                                "user_pref(\"f\", \"x\\r\\ny\");\n");
    }

    void roundTripStrings_data()
    {
        QTest::addColumn<QString>("value");
        QTest::newRow("plain") << s("imap.example.com");
        QTest::newRow("empty") << QString();
        QTest::newRow("quotes") << s("say \"hi\" and \"\"");
        QTest::newRow("backslashes") << s("C:\\Program Files\\Netscape\\");
        QTest::newRow("backslash quote") << s("\\\"\\\\\"");
        QTest::newRow("trailing backslash") << s("\\");
        QTest::newRow("escape-looking") << s("\\u0041\\x41\\n");
        QTest::newRow("single quote") << s("it's");
        QTest::newRow("comment-looking") << s("/* x */ // y # z ; ) ,");
        QTest::newRow("unicode") << s("caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80");
        QTest::newRow("line breaks") << s("one\ntwo\r\nthree\r");
        QTest::newRow("control") << s("tab\there \x01\x1b[31m end");
        QTest::newRow("latin-1 range") << s("J\xC3\xB6rg M\xC3\xBCller \xC2\xA0");
    }

    void roundTripStrings()
    {
        QFETCH(QString, value);
        const Values values = {{s("str.value"), value}, {s("str \"name\\"), value}};
        const QByteArray written = writeValues(values);
        const PrefsJsReadResult read = PrefsJs::parse(written);
        QVERIFY2(read.issues.isEmpty(), dump(read).constData());
        QCOMPARE(valuesOf(read).size(), 2);
        QCOMPARE(valuesOf(read)[0], (QPair<QString, QVariant>(s("str \"name\\"), value)));
        QCOMPARE(valuesOf(read)[1], (QPair<QString, QVariant>(s("str.value"), value)));
        QCOMPARE(linesOf(read), QList<int>({4, 5}));
        QCOMPARE(writeValues(valuesOf(read)), written);
    }

    // Issue 14: a customer's file written back keeps every statement, in its own form, with
    // the same octets in every string, and writing is stable.
    void roundTripCustomerFiles_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<int>("statements");
        QTest::addColumn<QString>("encoding");
        QTest::addColumn<int>("problems");
        QTest::newRow("thunderbird-user.js (every construct of Mozilla's grammar)")
            << s("thunderbird-user.js") << 445 << s("UTF-8") << 0;
        // Written by Messenger 4.5 on Windows (Latin-1, CRLF), one ";" lost by a hand edit.
        QTest::newRow("netscape45-prefs.js (4.x, Latin-1, CRLF)")
            << s("netscape45-prefs.js") << 20 << s("Latin-1: not valid UTF-8") << 1;
    }

    void roundTripCustomerFiles()
    {
        QFETCH(QString, file);
        QFETCH(int, statements);
        QFETCH(QString, encoding);
        QFETCH(int, problems);
        QString error;
        const auto read = PrefsJs::readFile(s(MSIM_SOURCE_DIR "/tests/data/prefs/") + file, &error);
        QVERIFY2(read, qPrintable(error));
        QVERIFY2(read->issues.size() == problems, dump(*read).constData());
        QCOMPARE(read->encoding, encoding);
        Prefs prefs;
        const Prefs::ApplyReport report = prefs.apply(*read);
        QCOMPARE(report.read, statements);
        QCOMPARE(report.used + report.kept, statements);

        const QByteArray written = PrefsJs::write(prefs);
        const PrefsJsReadResult again = PrefsJs::parse(written);
        QVERIFY2(again.issues.isEmpty(), dump(again).constData());
        QCOMPARE(again.encoding, encoding);
        const auto shape = [](const PrefsJsReadResult &r) {
            QStringList out;
            for (const PrefsJsStatement &st : r.statements) {
                out.append(PrefsJsStatement::functionName(st.function) + u' ' +
                           QString::fromLatin1(st.nameBytes.toHex()) + u' ' +
                           QString::fromLatin1(st.value.typeName()) + u' ' +
                           (st.value.typeId() == QMetaType::QString
                                ? QString::fromLatin1(st.bytes.toHex())
                                : st.value.toString()) +
                           (st.sticky ? s(" sticky") : QString()) +
                           (st.locked ? s(" locked") : QString()));
            }
            out.sort();
            return out;
        };
        QCOMPARE(shape(again), shape(*read));
        Prefs fresh;
        fresh.apply(again);
        QVERIFY(fresh == prefs);
        QCOMPARE(PrefsJs::write(fresh), written);
    }

    // MESSENGER45.md §7: a file in UTF-16 is decoded and says so; not valid UTF-8 is Latin-1.
    void encodings_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("encoding");
        const QString kb = s("user_pref(\"mail.imap.fetch_by_chunks\", false);\r\n"
                             "user_pref(\"n\", \"J\u00f6rg\");\r\n");
        const auto utf16 = [&](bool big) {
            QByteArray out;
            for (const QChar c : kb) {
                const char hi = char(c.unicode() >> 8);
                const char lo = char(c.unicode() & 0xFF);
                out.append(big ? hi : lo);
                out.append(big ? lo : hi);
            }
            return out;
        };
        QTest::newRow("utf-8") << kb.toUtf8() << s("UTF-8");
        QTest::newRow("utf-8 bom")
            << QByteArray("\xEF\xBB\xBF" + kb.toUtf8()) << s("UTF-8 with a byte-order mark");
        QTest::newRow("windows notepad unicode (utf-16le bom)")
            << QByteArray("\xFF\xFE" + utf16(false)) << s("UTF-16LE with a byte-order mark");
        QTest::newRow("utf-16be bom")
            << QByteArray("\xFE\xFF" + utf16(true)) << s("UTF-16BE with a byte-order mark");
        QTest::newRow("utf-16le without bom")
            << utf16(false) << s("UTF-16LE without a byte-order mark, recognised by its NUL bytes");
        QTest::newRow("latin-1") << kb.toLatin1() << s("Latin-1: not valid UTF-8");
    }

    void encodings()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(QString, encoding);
        const PrefsJsReadResult read = PrefsJs::parse(bytes);
        QVERIFY2(read.issues.isEmpty(), dump(read).constData());
        QCOMPARE(read.encoding, encoding);
        QCOMPARE(render(valuesOf(read)),
                 QStringList({s("mail.imap.fetch_by_chunks=false"), s("n=\"J\u00f6rg\"")}));
        // Written back in Latin-1 when it came so, else in UTF-8.
        Prefs prefs;
        prefs.apply(read);
        QCOMPARE(PrefsJs::write(prefs).contains(read.latin1 ? QByteArray("J\xF6rg")
                                                            : QByteArray("J\xC3\xB6rg")),
                 true);
    }

    // A Latin-1 file whose written Latin-1 octets would read as UTF-8 ("Ã©" is C3 A9): written
    // with \uNNNN so that it reads back as the same characters.
    void latin1ThatLooksLikeUtf8()
    {
        const PrefsJsReadResult read =
            PrefsJs::parse("// \xff in a comment\nuser_pref(\"a\", \"\xc3\xa9\");\n");
        QCOMPARE(read.encoding, s("Latin-1: not valid UTF-8"));
        QCOMPARE(render(valuesOf(read)), QStringList{s("a=\"\u00c3\u00a9\"")});
        Prefs prefs;
        prefs.apply(read);
        const QByteArray written = PrefsJs::write(prefs);
        QVERIFY2(written.endsWith("user_pref(\"a\", \"\\u00c3\\u00a9\");\n"), written.constData());
        QCOMPARE(render(valuesOf(PrefsJs::parse(written))), render(valuesOf(read)));
    }

    // The old SSL name in a user_pref that a lockPref of it overrides (fuzz_prefsjs, CI of
    // stop 25): msim takes the lockPref's value, and --write keeps both statements.
    void aliasOverriddenByLockPrefIsKept()
    {
        const QByteArray text = "user_pref(\"mail.server_ssl\", true);\n"
                                "lockPref(\"mail.server_ssl\", false);\n";
        Prefs prefs;
        const Prefs::ApplyReport report = prefs.apply(PrefsJs::parse(text));
        QCOMPARE(report.read, 2);
        QCOMPARE(prefs.value(s("mail.imap.server_ssl")), QVariant(false));
        QCOMPARE(PrefsJs::write(prefs),
                 kHeader + QByteArray("lockPref(\"mail.server_ssl\", false);\n"
                                      "user_pref(\"mail.server_ssl\", true);\n"));
    }

    // A NUL inside a string ends the file there (Mozilla); one problem says so.
    void nulInsideAString()
    {
        const QByteArray text(
            "user_pref(\"a\", 1);\nuser_pref(\"b\", \"x\0y\");\nuser_pref(\"c\", 3);\n",
            sizeof("user_pref(\"a\", 1);\nuser_pref(\"b\", \"x\0y\");\nuser_pref(\"c\", 3);\n") -
                1);
        const PrefsJsReadResult read = PrefsJs::parse(text);
        QCOMPARE(render(valuesOf(read)), QStringList{s("a=1")});
        QVERIFY2(read.issues.size() == 1, dump(read).constData());
        QCOMPARE(read.issues[0].line, 2);
        QCOMPARE(read.issues[0].message,
                 s("a NUL byte (offset 36) inside the string that starts on line 2: Mozilla's "
                   "parser takes it for the end of the file, and so does msim; the last 25 bytes "
                   "of the file were not read"));
    }

    // 4.x read 010 as 8 and Mozilla as 10: written back as "010", so neither changes.
    void leadingZeroWrittenAsWritten()
    {
        Prefs prefs;
        prefs.apply(PrefsJs::parse("user_pref(\"a.b\", 010);\nuser_pref(\"c.d\", -010);\n"
                                   "user_pref(\"mail.imap.chunk_add\", 04000);\n"));
        QCOMPARE(prefs.intValue(u"mail.imap.chunk_add"), 2048); // octal, as 4.x
        QByteArray written = PrefsJs::write(prefs);
        QVERIFY2(written.endsWith("user_pref(\"a.b\", 010);\nuser_pref(\"c.d\", -010);\n"
                                  "user_pref(\"mail.imap.chunk_add\", 04000);\n"),
                 written.constData());
        // A new value is written as a number.
        QVERIFY(prefs.set(u"mail.imap.chunk_add", 4096, nullptr));
        written = PrefsJs::write(prefs);
        QVERIFY(written.contains("user_pref(\"mail.imap.chunk_add\", 4096);\n"));
    }

    void files()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString path = dir.filePath(s("prefs.js"));
        const Prefs kb = *Presets::make(u"kb-q194998", nullptr);
        QString error;
        QVERIFY2(PrefsJs::writeFile(path, kb, false, nullptr, &error), qPrintable(error));
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(file.readAll(), PrefsJs::write(kb));
        file.close();

        const std::optional<PrefsJsReadResult> read = PrefsJs::readFile(path, &error);
        QVERIFY(read);
        QVERIFY(read->issues.isEmpty());
        Prefs fresh;
        fresh.apply(*read);
        QVERIFY(fresh == kb);

        // Overwrites.
        QVERIFY(PrefsJs::writeFile(path, Prefs(), false, nullptr, &error));
        QCOMPARE(PrefsJs::readFile(path, &error)->statements.size(), 0);

        const QString missing = dir.filePath(s("missing.js"));
        QVERIFY(!PrefsJs::readFile(missing, &error));
        QVERIFY2(error.startsWith(s("cannot open ") + missing + s(": ")), qPrintable(error));
        QVERIFY(!PrefsJs::readFile(dir.path(), &error)); // a folder
        QVERIFY(!PrefsJs::readFile(missing, nullptr));

        const QString nowhere = dir.filePath(s("no/such/folder/prefs.js"));
        QVERIFY(!PrefsJs::writeFile(nowhere, kb, false, nullptr, &error));
        QVERIFY2(error.startsWith(s("cannot write ") + nowhere), qPrintable(error));

        const QString big = dir.filePath(s("big.js"));
        QFile bigFile(big);
        QVERIFY(bigFile.open(QIODevice::WriteOnly));
        QVERIFY(bigFile.resize(PrefsJs::kMaxFileOctets + 1));
        bigFile.close();
        QVERIFY(!PrefsJs::readFile(big, &error));
        QVERIFY2(error.contains(s("msim's limit for a prefs.js")), qPrintable(error));
    }
};

QTEST_GUILESS_MAIN(tst_PrefsJs)
#include "tst_prefsjs.moc"
