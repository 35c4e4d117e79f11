// SPDX-License-Identifier: MIT
// ResponseParser: data-driven tables of real Dovecot replies, 1990s-server
// oddities and broken server output; every parse error names an offset inside
// the response and its raw line.
#include "imap/Limits.h"
#include "imap/ResponseFramer.h"
#include "imap/ResponseParser.h"
#include "net/Transcript.h"

#include <QTest>

// The expected values name only the fields that differ from the defaults (designated
// initializers); the rest are meant to keep their default values, so GCC's warning does not
// apply.
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

using namespace msim::imap;

namespace {

RawResponse frameOne(const QByteArray &bytes)
{
    ResponseFramer f;
    QList<RawResponse> rs;
    f.feed(bytes, rs);
    return rs.value(0);
}

ResponseParser::Result parseOne(const QByteArray &bytes)
{
    return ResponseParser::parse(frameOne(bytes));
}

// Stream offset just past `marker` (e.g. "{5}\r\n": where that literal's data
// starts).
qint64 after(const QByteArray &raw, const QByteArray &marker)
{
    const qsizetype at = raw.indexOf(marker);
    Q_ASSERT(at >= 0);
    return at + marker.size();
}

QByteArray quote(const QByteArray &bytes)
{
    return '"' + msim::net::Transcript::escape(bytes).toUtf8() + '"';
}

QByteArray describe(const BodyItem &b)
{
    return "{section " + quote(b.section) + ", origin " +
           (b.origin ? QByteArray::number(*b.origin) : QByteArray("none")) + ", originText " +
           quote(b.originText) + ", hasOriginBrackets " + QByteArray::number(b.hasOriginBrackets) +
           ", isNil " + QByteArray::number(b.isNil) + ", fromLiteral " +
           QByteArray::number(b.fromLiteral) + ", data " + quote(b.data.left(80)) +
           ", literalLength " + QByteArray::number(b.literalLength) + ", dataOffset " +
           QByteArray::number(b.dataOffset) + ", itemIndex " + QByteArray::number(b.itemIndex) +
           "}";
}

// A body item read from a literal that arrived whole: `marker` is its announcement with the
// CRLF ("{5}\r\n"), where the data starts.
BodyItem lit(const QByteArray &raw, const QByteArray &marker, const QByteArray &data, int itemIndex,
             const QByteArray &section = {})
{
    BodyItem b;
    b.section = section;
    b.fromLiteral = true;
    b.data = data;
    b.literalLength = data.size();
    b.dataOffset = after(raw, marker);
    b.itemIndex = itemIndex;
    return b;
}

BodyItem withOrigin(BodyItem b, qint64 origin, const QByteArray &text)
{
    b.origin = origin;
    b.originText = text;
    b.hasOriginBrackets = true;
    return b;
}

QByteArray describe(const std::optional<ResponseCode> &c)
{
    return c ? "[" + c->name + " " + quote(c->text) + "]" : QByteArray("no code");
}

} // namespace

namespace msim::imap {

// QTest prints whole values on a mismatch through these (found by
// argument-dependent lookup).
char *toString(const BodyItem &b)
{
    return qstrdup(describe(b).constData());
}

char *toString(const FetchResponse &f)
{
    const auto optional = [](const auto &o) {
        return o ? QByteArray::number(*o) : QByteArray("none");
    };
    QByteArray out = "FETCH " + QByteArray::number(f.sequence) + " uid " + optional(f.uid) +
                     " rfc822Size " + optional(f.rfc822Size) + " flags " +
                     (f.flags ? '(' + f.flags->join(' ') + ')' : QByteArray("none")) + " xsender " +
                     (f.xsender ? quote(*f.xsender) : QByteArray("none")) + "\n  itemNames (" +
                     f.itemNames.join(' ') + ")\n  otherItems (" + f.otherItems.join(' ') + ")";
    for (const BodyItem &b : f.bodies)
        out += "\n  body " + describe(b);
    return qstrdup(out.constData());
}

char *toString(const std::optional<FetchResponse> &f)
{
    return f ? toString(*f) : qstrdup("no FETCH");
}

// Every alternative of a response, whole, on one line.
char *toString(const ResponseValue &v)
{
    struct Describe
    {
        QByteArray operator()(const TaggedResponse &t) const
        {
            return "tagged " + quote(t.tag) + " " + statusName(t.status) + " " + describe(t.code) +
                   " " + quote(t.text);
        }
        QByteArray operator()(const UntaggedStatus &u) const
        {
            return "untagged " + statusName(u.status) + " " + describe(u.code) + " " +
                   quote(u.text);
        }
        QByteArray operator()(const Continuation &c) const { return "+ " + quote(c.text); }
        QByteArray operator()(const CapabilityResponse &c) const
        {
            return "capability (" + c.capabilities.join(' ') + ")";
        }
        QByteArray operator()(const NumberResponse &n) const
        {
            return "number " + QByteArray::number(n.number) + " " + n.kind;
        }
        QByteArray operator()(const FlagsResponse &f) const
        {
            return "flags (" + f.flags.join(' ') + ")";
        }
        QByteArray operator()(const ListResponse &l) const
        {
            return l.kind + " (" + l.attributes.join(' ') + ") " + quote(l.delimiter) + " " +
                   quote(l.mailbox);
        }
        QByteArray operator()(const FetchResponse &f) const
        {
            char *text = toString(f);
            const QByteArray out(text);
            delete[] text;
            return out;
        }
        QByteArray operator()(const OtherUntagged &o) const
        {
            return "other " + o.keyword + " " + quote(o.line);
        }
    };
    return qstrdup(std::visit(Describe{}, v).constData());
}

char *toString(const ParseError &e)
{
    char *partial = toString(e.partialFetch);
    const QByteArray out = e.describe().toUtf8() + "\n  afterLiteral " +
                           QByteArray::number(e.afterLiteral) + " literalEnd " +
                           QByteArray::number(e.literalEnd) + " responseOffset " +
                           QByteArray::number(e.responseOffset) + "\n  " + partial;
    delete[] partial;
    return qstrdup(out.constData());
}

} // namespace msim::imap

Q_DECLARE_METATYPE(msim::imap::FetchResponse)
Q_DECLARE_METATYPE(msim::imap::ResponseValue)
Q_DECLARE_METATYPE(msim::imap::ParseError)
Q_DECLARE_METATYPE(std::optional<msim::imap::FetchResponse>)

class tst_ResponseParser : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    // Whole responses, every field compared, with offsets: real Dovecot 2.3 lines (captured
    // from the fixture), 1990s servers, and untagged lines kept verbatim for the fetch layer to
    // judge (MESSENGER45.md §4: 4.x takes a bare PERMANENTFLAGS line as a syntax error, the
    // response code form is fine).
    void responses_data()
    {
        QTest::addColumn<QByteArray>("raw");
        QTest::addColumn<ResponseValue>("expected");
        const auto ok = [](const char *code, const char *codeText, const char *text) {
            return UntaggedStatus{Status::Ok, ResponseCode{code, codeText}, text};
        };
        QTest::newRow("dovecot greeting")
            << QByteArray("* OK [CAPABILITY IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE IDLE "
                          "LITERAL+ STARTTLS AUTH=PLAIN AUTH=LOGIN] Dovecot (Debian) ready.\r\n")
            << ResponseValue(ok("CAPABILITY",
                                "IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE IDLE LITERAL+ "
                                "STARTTLS AUTH=PLAIN AUTH=LOGIN",
                                "Dovecot (Debian) ready."));
        QTest::newRow("dovecot greeting, short capability code")
            << QByteArray("* OK [CAPABILITY IMAP4rev1 STARTTLS AUTH=PLAIN] Dovecot (Debian) "
                          "ready.\r\n")
            << ResponseValue(
                   ok("CAPABILITY", "IMAP4rev1 STARTTLS AUTH=PLAIN", "Dovecot (Debian) ready."));
        const QByteArray dovecotCaps =
            "IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE IDLE SORT SORT=DISPLAY THREAD=REFERENCES "
            "MULTIAPPEND URL-PARTIAL CATENATE UNSELECT CHILDREN NAMESPACE UIDPLUS LIST-EXTENDED "
            "I18NLEVEL=1 CONDSTORE QRESYNC ESEARCH ESORT SEARCHRES WITHIN CONTEXT=SEARCH "
            "LIST-STATUS BINARY MOVE SNIPPET=FUZZY PREVIEW=FUZZY PREVIEW STATUS=SIZE SAVEDATE "
            "LITERAL+ NOTIFY SPECIAL-USE";
        QTest::newRow("dovecot capability")
            << "* CAPABILITY " + dovecotCaps + "\r\n"
            << ResponseValue(CapabilityResponse{dovecotCaps.toUpper().split(' ')});
        QTest::newRow("dovecot flags")
            << QByteArray("* FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft)\r\n")
            << ResponseValue(
                   FlagsResponse{{"\\Answered", "\\Flagged", "\\Deleted", "\\Seen", "\\Draft"}});
        QTest::newRow("dovecot permanentflags")
            << QByteArray("* OK [PERMANENTFLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft "
                          "\\*)] Flags permitted.\r\n")
            << ResponseValue(ok("PERMANENTFLAGS",
                                "(\\Answered \\Flagged \\Deleted \\Seen \\Draft \\*)",
                                "Flags permitted."));
        QTest::newRow("exists") << QByteArray("* 13 EXISTS\r\n")
                                << ResponseValue(NumberResponse{"EXISTS", 13});
        QTest::newRow("recent") << QByteArray("* 0 RECENT\r\n")
                                << ResponseValue(NumberResponse{"RECENT", 0});
        QTest::newRow("uidvalidity") << QByteArray("* OK [UIDVALIDITY 1998] UIDs valid\r\n")
                                     << ResponseValue(ok("UIDVALIDITY", "1998", "UIDs valid"));
        QTest::newRow("select ok")
            << QByteArray("3 OK [READ-WRITE] Select completed (0.001 + 0.000 secs).\r\n")
            << ResponseValue(TaggedResponse{"3", Status::Ok, ResponseCode{"READ-WRITE", ""},
                                            "Select completed (0.001 + 0.000 secs)."});
        QTest::newRow("login no") << QByteArray(
                                         "2 NO [AUTHENTICATIONFAILED] Authentication failed.\r\n")
                                  << ResponseValue(TaggedResponse{
                                         "2", Status::No, ResponseCode{"AUTHENTICATIONFAILED", ""},
                                         "Authentication failed."});
        QTest::newRow("bye") << QByteArray("* BYE Logging out\r\n")
                             << ResponseValue(UntaggedStatus{Status::Bye, {}, "Logging out"});
        QTest::newRow("preauth") << QByteArray("* PREAUTH IMAP4rev1 server logged in as test\r\n")
                                 << ResponseValue(UntaggedStatus{
                                        Status::Preauth, {}, "IMAP4rev1 server logged in as test"});
        QTest::newRow("continuation")
            << QByteArray("+ VXNlcm5hbWU6\r\n") << ResponseValue(Continuation{"VXNlcm5hbWU6"});
        QTest::newRow("bare continuation") << QByteArray("+\r\n") << ResponseValue(Continuation{});
        QTest::newRow("list") << QByteArray("* LIST (\\HasNoChildren) \"/\" INBOX\r\n")
                              << ResponseValue(
                                     ListResponse{"LIST", {"\\HasNoChildren"}, "/", "INBOX"});
        QTest::newRow("list nil delimiter")
            << QByteArray("* LIST (\\Noselect) NIL \"\"\r\n")
            << ResponseValue(ListResponse{"LIST", {"\\Noselect"}, "", ""});
        QTest::newRow("lsub quoted") << QByteArray("* LSUB () \".\" \"Sent Items\"\r\n")
                                     << ResponseValue(ListResponse{"LSUB", {}, ".", "Sent Items"});
        QTest::newRow("Dovecot * ID")
            << QByteArray("* ID (\"name\" \"Dovecot\")\r\n")
            << ResponseValue(OtherUntagged{"ID", " (\"name\" \"Dovecot\")"});
        QTest::newRow("namespace")
            << QByteArray("* NAMESPACE ((\"\" \"/\")) NIL NIL\r\n")
            << ResponseValue(OtherUntagged{"NAMESPACE", " ((\"\" \"/\")) NIL NIL"});
        QTest::newRow("tagged ok no text")
            << QByteArray("7 OK\r\n") << ResponseValue(TaggedResponse{"7", Status::Ok, {}, ""});
        QTest::newRow("exchange 5.5 greeting")
            << QByteArray("* OK Microsoft Exchange IMAP4rev1 server version 5.5.2232.25 "
                          "(mail.example.com) ready\r\n")
            << ResponseValue(UntaggedStatus{Status::Ok,
                                            {},
                                            "Microsoft Exchange IMAP4rev1 server version "
                                            "5.5.2232.25 (mail.example.com) ready"});
        QTest::newRow("xxxx tag") << QByteArray("xxxx OK LOGOUT completed\r\n")
                                  << ResponseValue(TaggedResponse{
                                         "xxxx", Status::Ok, {}, "LOGOUT completed"});
        QTest::newRow("bare * PERMANENTFLAGS")
            << QByteArray(
                   "* PERMANENTFLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft \\*)\r\n")
            << ResponseValue(OtherUntagged{"PERMANENTFLAGS",
                                           " (\\Answered \\Flagged \\Deleted \\Seen \\Draft \\*)"});
        QTest::newRow("bare * PERMANENTFLAGS, empty list")
            << QByteArray("* PERMANENTFLAGS ()\r\n")
            << ResponseValue(OtherUntagged{"PERMANENTFLAGS", " ()"});
        QTest::newRow("numbered unknown (* 3 XFOO)")
            << QByteArray("* 3 XFOO bar\r\n") << ResponseValue(OtherUntagged{"XFOO", " bar"});
        QTest::newRow("unknown untagged data with a literal (kept verbatim, literal skipped)")
            << QByteArray("* XDATA {3}\r\nabc rest\r\n")
            << ResponseValue(OtherUntagged{"XDATA", " {3}{...} rest"});
    }
    void responses()
    {
        QFETCH(QByteArray, raw);
        QFETCH(ResponseValue, expected);
        const auto r = parseOne(raw);
        const auto *resp = std::get_if<Response>(&r);
        QVERIFY2(resp, resp ? "" : qPrintable(std::get<ParseError>(r).describe()));
        QCOMPARE(resp->value, expected);
        QCOMPARE(resp->offset, 0);
        QCOMPARE(resp->end, raw.size());
    }

    // Whole FETCH responses, every field compared: the items' wire order
    // (itemNames, each body's itemIndex), the origin as Messenger 4.5 reads it
    // (atoi of originText) and the data.
    void fetch_data()
    {
        QTest::addColumn<QByteArray>("raw");
        QTest::addColumn<FetchResponse>("expected");
        // What Dovecot answers to `UID fetch 6 (UID RFC822.SIZE BODY[]<0.6144>)`.
        QByteArray raw = "* 6 FETCH (UID 6 RFC822.SIZE 20000 FLAGS (\\Seen) BODY[]<0> {6144}\r\n" +
                         QByteArray(6144, 'x') + ")\r\n";
        QTest::newRow("Dovecot chunk (BODY[]<0> {6144})")
            << raw
            << FetchResponse{
                   .sequence = 6,
                   .uid = 6,
                   .flags = QList<QByteArray>{"\\Seen"},
                   .rfc822Size = 20000,
                   .bodies = {withOrigin(lit(raw, "{6144}\r\n", QByteArray(6144, 'x'), 3), 0, "0")},
                   .itemNames = {"UID", "RFC822.SIZE", "FLAGS", "BODY[]"}};

        raw = "* 1 FETCH (XSENDER \"joe@example.com\" UID 9 BODY[]<0> {1}\r\nx)\r\n";
        QTest::newRow("XSENDER first (Netscape Messaging Server)")
            << raw
            << FetchResponse{.sequence = 1,
                             .uid = 9,
                             .xsender = "joe@example.com",
                             .bodies = {withOrigin(lit(raw, "{1}\r\n", "x", 2), 0, "0")},
                             .itemNames = {"XSENDER", "UID", "BODY[]"}};

        raw = "* 1 FETCH (UID 320 RFC822.SIZE 20000 BODY[]<0.6144> {5}\r\nhello)\r\n";
        QTest::newRow("origin-with-length echo (BODY[]<0.6144>)")
            << raw
            << FetchResponse{.sequence = 1,
                             .uid = 320,
                             .rfc822Size = 20000,
                             .bodies = {withOrigin(lit(raw, "{5}\r\n", "hello", 2), 0, "0.6144")},
                             .itemNames = {"UID", "RFC822.SIZE", "BODY[]"}};

        raw = "* 1 FETCH (UID 320 BODY[]<6144.6144> {3}\r\nabc)\r\n";
        QTest::newRow("origin-with-length echo, later chunk (BODY[]<6144.6144>)")
            << raw
            << FetchResponse{
                   .sequence = 1,
                   .uid = 320,
                   .bodies = {withOrigin(lit(raw, "{3}\r\n", "abc", 1), 6144, "6144.6144")},
                   .itemNames = {"UID", "BODY[]"}};

        raw = "* 1 FETCH (UID 320 BODY[]<6144> {3}\r\nabc)\r\n";
        QTest::newRow("Dovecot later chunk (BODY[]<6144>)")
            << raw
            << FetchResponse{.sequence = 1,
                             .uid = 320,
                             .bodies = {withOrigin(lit(raw, "{3}\r\n", "abc", 1), 6144, "6144")},
                             .itemNames = {"UID", "BODY[]"}};

        raw = "* 1 FETCH (UID 320 RFC822.SIZE 5 BODY[] {5}\r\nhello)\r\n";
        QTest::newRow("Exchange ignore-partial (BODY[] no origin)")
            << raw
            << FetchResponse{.sequence = 1,
                             .uid = 320,
                             .rfc822Size = 5,
                             .bodies = {lit(raw, "{5}\r\n", "hello", 2)},
                             .itemNames = {"UID", "RFC822.SIZE", "BODY[]"}};

        raw = "* 1 FETCH (UID 320 BODY[]<> {5}\r\nhello)\r\n";
        QTest::newRow("empty origin BODY[]<>")
            << raw
            << FetchResponse{.sequence = 1,
                             .uid = 320,
                             .bodies = {{.hasOriginBrackets = true,
                                         .fromLiteral = true,
                                         .data = "hello",
                                         .literalLength = 5,
                                         .dataOffset = after(raw, "{5}\r\n"),
                                         .itemIndex = 1}},
                             .itemNames = {"UID", "BODY[]"}};

        raw = "* 1 FETCH (UID 320 BODY[]<x> {5}\r\nhello)\r\n";
        QTest::newRow("garbage origin BODY[]<x>")
            << raw
            << FetchResponse{.sequence = 1,
                             .uid = 320,
                             .bodies = {withOrigin(lit(raw, "{5}\r\n", "hello", 1), 0, "x")},
                             .itemNames = {"UID", "BODY[]"}};

        raw = "* 1 FETCH (BODY[]< +12x> {1}\r\nx)\r\n";
        QTest::newRow("atoi white space and sign BODY[]< +12x>")
            << raw
            << FetchResponse{.sequence = 1,
                             .bodies = {withOrigin(lit(raw, "{1}\r\n", "x", 0), 12, " +12x")},
                             .itemNames = {"BODY[]"}};

        raw = "* 1 FETCH (BODY[]<-5> {1}\r\nx)\r\n";
        QTest::newRow("negative origin BODY[]<-5>")
            << raw
            << FetchResponse{.sequence = 1,
                             .bodies = {withOrigin(lit(raw, "{1}\r\n", "x", 0), -5, "-5")},
                             .itemNames = {"BODY[]"}};

        raw = "* 1 FETCH (BODY[]<99999999999999999999999> {1}\r\nx)\r\n";
        QTest::newRow("origin past int saturates at kMaxOrigin")
            << raw
            << FetchResponse{.sequence = 1,
                             .bodies = {withOrigin(lit(raw, "{1}\r\n", "x", 0), limits::kMaxOrigin,
                                                   "99999999999999999999999")},
                             .itemNames = {"BODY[]"}};

        raw = "* 1 FETCH (BODY[]<-99999999999> {1}\r\nx)\r\n";
        QTest::newRow("negative origin past int saturates at -kMaxOrigin-1")
            << raw
            << FetchResponse{.sequence = 1,
                             .bodies = {withOrigin(lit(raw, "{1}\r\n", "x", 0),
                                                   -limits::kMaxOrigin - 1, "-99999999999")},
                             .itemNames = {"BODY[]"}};

        QTest::newRow("NIL body (BODY[]<0> NIL)")
            << QByteArray("* 1 FETCH (UID 320 BODY[]<0> NIL)\r\n")
            << FetchResponse{.sequence = 1,
                             .uid = 320,
                             .bodies = {{.origin = 0,
                                         .originText = "0",
                                         .hasOriginBrackets = true,
                                         .isNil = true,
                                         .itemIndex = 1}},
                             .itemNames = {"UID", "BODY[]"}};

        QTest::newRow("NIL body without origin (BODY[] NIL)")
            << QByteArray("* 1 FETCH (UID 1 BODY[] NIL)\r\n")
            << FetchResponse{.sequence = 1,
                             .uid = 1,
                             .bodies = {{.isNil = true, .itemIndex = 1}},
                             .itemNames = {"UID", "BODY[]"}};

        QTest::newRow("no body item")
            << QByteArray("* 1 FETCH (UID 320 RFC822.SIZE 20000 FLAGS (\\Seen))\r\n")
            << FetchResponse{.sequence = 1,
                             .uid = 320,
                             .flags = QList<QByteArray>{"\\Seen"},
                             .rfc822Size = 20000,
                             .itemNames = {"UID", "RFC822.SIZE", "FLAGS"}};

        QTest::newRow("no body item, empty list (FETCH ())")
            << QByteArray("* 4 FETCH ()\r\n") << FetchResponse{.sequence = 4};

        raw = "* 1 FETCH (UID 320 MODSEQ (12345) RFC822.SIZE 20000 BODY[]<0> "
              "{5}\r\nhello)\r\n";
        QTest::newRow("MODSEQ before body (CONDSTORE server)")
            << raw
            << FetchResponse{.sequence = 1,
                             .uid = 320,
                             .rfc822Size = 20000,
                             .bodies = {withOrigin(lit(raw, "{5}\r\n", "hello", 3), 0, "0")},
                             .otherItems = {"MODSEQ"},
                             .itemNames = {"UID", "MODSEQ", "RFC822.SIZE", "BODY[]"}};

        raw = "* 1 FETCH (UID 320 RFC822.SIZE 20000 BODY[]<0> {5}\r\nhello "
              "X-GM-MSGID "
              "1278455344230334865)\r\n";
        QTest::newRow("X-GM-MSGID after body (Gmail)")
            << raw
            << FetchResponse{.sequence = 1,
                             .uid = 320,
                             .rfc822Size = 20000,
                             .bodies = {withOrigin(lit(raw, "{5}\r\n", "hello", 2), 0, "0")},
                             .otherItems = {"X-GM-MSGID"},
                             .itemNames = {"UID", "RFC822.SIZE", "BODY[]", "X-GM-MSGID"}};

        raw = "* 1 FETCH (BODY[]<0> {3}\r\nabc UID 320 RFC822.SIZE 20000)\r\n";
        QTest::newRow("items after the body (Exchange order)")
            << raw
            << FetchResponse{.sequence = 1,
                             .uid = 320,
                             .rfc822Size = 20000,
                             .bodies = {withOrigin(lit(raw, "{3}\r\n", "abc", 0), 0, "0")},
                             .itemNames = {"BODY[]", "UID", "RFC822.SIZE"}};

        raw = "* 1 FETCH (UID 1 BODY[]<20000> {0}\r\n)\r\n";
        QTest::newRow("empty literal past the end")
            << raw
            << FetchResponse{.sequence = 1,
                             .uid = 1,
                             .bodies = {{.origin = 20000,
                                         .originText = "20000",
                                         .hasOriginBrackets = true,
                                         .fromLiteral = true,
                                         .literalLength = 0,
                                         .dataOffset = after(raw, "{0}\r\n"),
                                         .itemIndex = 1}},
                             .itemNames = {"UID", "BODY[]"}};

        QTest::newRow("empty quoted") << QByteArray("* 1 FETCH (UID 1 BODY[]<20000> \"\")\r\n")
                                      << FetchResponse{.sequence = 1,
                                                       .uid = 1,
                                                       .bodies = {{.origin = 20000,
                                                                   .originText = "20000",
                                                                   .hasOriginBrackets = true,
                                                                   .itemIndex = 1}},
                                                       .itemNames = {"UID", "BODY[]"}};

        QTest::newRow("quoted with escapes")
            << QByteArray("* 1 FETCH (UID 1 BODY[] \"a\\\"b\\\\c\")\r\n")
            << FetchResponse{.sequence = 1,
                             .uid = 1,
                             .bodies = {{.data = "a\"b\\c", .itemIndex = 1}},
                             .itemNames = {"UID", "BODY[]"}};

        raw = "* 1 FETCH (UID 1 RFC822.SIZE 20 BODY[HEADER] {4}\r\na\r\n\r FLAGS "
              "())\r\n";
        QTest::newRow("header")
            << raw
            << FetchResponse{.sequence = 1,
                             .uid = 1,
                             .flags = QList<QByteArray>{},
                             .rfc822Size = 20,
                             .bodies = {lit(raw, "{4}\r\n", "a\r\n\r", 2, "HEADER")},
                             .itemNames = {"UID", "RFC822.SIZE", "BODY[HEADER]", "FLAGS"}};

        raw = "* 1 FETCH (BODY[header.fields (FROM Subject)] {2}\r\nab)\r\n";
        QTest::newRow("header fields")
            << raw
            << FetchResponse{
                   .sequence = 1,
                   .bodies = {lit(raw, "{2}\r\n", "ab", 0, "HEADER.FIELDS (FROM SUBJECT)")},
                   .itemNames = {"BODY[HEADER.FIELDS (FROM SUBJECT)]"}};

        raw = "* 1 FETCH (UID 1 BODY[HEADER] {2}\r\nab BODY[]<0> {3}\r\nabc)\r\n";
        QTest::newRow("two literals (BODY[HEADER] then BODY[]<0>)")
            << raw
            << FetchResponse{.sequence = 1,
                             .uid = 1,
                             .bodies = {lit(raw, "{2}\r\n", "ab", 1, "HEADER"),
                                        withOrigin(lit(raw, "{3}\r\n", "abc", 2), 0, "0")},
                             .itemNames = {"UID", "BODY[HEADER]", "BODY[]"}};

        raw = "* 1 FETCH (UID 1 RFC822.SIZE 2 RFC822 {2}\r\nhi)\r\n";
        QTest::newRow("rfc822 (pre-IMAP4rev1)")
            << raw
            << FetchResponse{.sequence = 1,
                             .uid = 1,
                             .rfc822Size = 2,
                             .bodies = {lit(raw, "{2}\r\n", "hi", 2, "RFC822")},
                             .itemNames = {"UID", "RFC822.SIZE", "RFC822"}};

        raw = "* 1 fetch (uid 1 body[]<0> {2}\r\nhi)\r\n";
        QTest::newRow("lowercase items")
            << raw
            << FetchResponse{.sequence = 1,
                             .uid = 1,
                             .bodies = {withOrigin(lit(raw, "{2}\r\n", "hi", 1), 0, "0")},
                             .itemNames = {"UID", "BODY[]"}};

        raw = QByteArray("* 1 FETCH (BODY[] {4}\r\n\0\xff\x80\n)\r\n", 31);
        QTest::newRow("NUL and 8-bit in a literal")
            << raw
            << FetchResponse{.sequence = 1,
                             .bodies = {{.fromLiteral = true,
                                         .data = QByteArray("\0\xff\x80\n", 4),
                                         .literalLength = 4,
                                         .dataOffset = after(raw, "{4}\r\n"),
                                         .itemIndex = 0}},
                             .itemNames = {"BODY[]"}};

        raw = "* 1 FETCH (UID 1 BINARY.SIZE[1] 42 BODY[]<0> {1}\r\nx)\r\n";
        QTest::newRow("sectioned unknown item (BINARY.SIZE[1], RFC 3516)")
            << raw
            << FetchResponse{.sequence = 1,
                             .uid = 1,
                             .bodies = {withOrigin(lit(raw, "{1}\r\n", "x", 2), 0, "0")},
                             .otherItems = {"BINARY.SIZE"},
                             .itemNames = {"UID", "BINARY.SIZE[1]", "BODY[]"}};

        raw = "* 1 FETCH (INTERNALDATE \"02-Nov-1998 10:00:00 +0000\" ENVELOPE "
              "(\"date\" \"subj\" "
              "((NIL NIL \"a\" \"b\")) NIL NIL NIL NIL NIL NIL \"<id>\") "
              "BODYSTRUCTURE (\"TEXT\" "
              "\"PLAIN\" (\"CHARSET\" \"us-ascii\") NIL NIL \"7BIT\" 5 1 NIL NIL "
              "NIL NIL) MODSEQ "
              "(12) X-GM-LABELS (\\Inbox) X-THING {3}\r\nabc BODY[]<0> "
              "{2}\r\nhi)\r\n";
        QTest::newRow("unknown items skipped structurally")
            << raw
            << FetchResponse{.sequence = 1,
                             .bodies = {withOrigin(lit(raw, "{2}\r\n", "hi", 6), 0, "0")},
                             .otherItems = {"INTERNALDATE", "ENVELOPE", "BODYSTRUCTURE", "MODSEQ",
                                            "X-GM-LABELS", "X-THING"},
                             .itemNames = {"INTERNALDATE", "ENVELOPE", "BODYSTRUCTURE", "MODSEQ",
                                           "X-GM-LABELS", "X-THING", "BODY[]"}};
    }
    void fetch()
    {
        QFETCH(QByteArray, raw);
        QFETCH(FetchResponse, expected);
        const auto r = parseOne(raw);
        const auto *resp = std::get_if<Response>(&r);
        QVERIFY2(resp, resp ? "" : qPrintable(std::get<ParseError>(r).describe()));
        const auto *f = resp->as<FetchResponse>();
        QVERIFY(f);
        QCOMPARE(*f, expected);
    }

    // Whole parse errors: message, stream offset, raw line, whether the octet came straight
    // after a literal (an unframed overrun), and the FETCH items read before it.
    void errors_data()
    {
        QTest::addColumn<QByteArray>("raw");
        QTest::addColumn<ParseError>("expected");
        const auto error = [](const char *message, qint64 offset, const char *line,
                              std::optional<FetchResponse> partial = std::nullopt) {
            ParseError e;
            e.message = QString::fromUtf8(message);
            e.offset = offset;
            e.rawLine = line;
            e.partialFetch = std::move(partial);
            return e;
        };
        // Exchange 5.5 before SP2 over SSL (KB Q194998): more octets than the literal announced.
        const QByteArray overrun = "* 1 FETCH (UID 320 RFC822.SIZE 20000 BODY[]<0> {10}\r\n" +
                                   QByteArray(10, 'L') + "00000010 more of the message\r\n";
        const qint64 litEnd = overrun.indexOf("}\r\n") + 3 + 10;
        ParseError unframed = error(
            "expected ' ' or ')' after a FETCH item but found '0'", litEnd,
            "00000010 more of the message",
            FetchResponse{
                .sequence = 1,
                .uid = 320,
                .rfc822Size = 20000,
                .bodies = {withOrigin(lit(overrun, "{10}\r\n", QByteArray(10, 'L'), 2), 0, "0")},
                .itemNames = {"UID", "RFC822.SIZE", "BODY[]"}});
        unframed.afterLiteral = true;
        unframed.literalEnd = litEnd;
        QTest::newRow("exchange55-presp2 over SSL: unframed overrun (KB Q194998)")
            << overrun << unframed;
        QTest::newRow("garbage") << QByteArray("garbage\r\n")
                                 << error("expected ' ' but found the end of the response", 7,
                                          "garbage");
        QTest::newRow("tagged bogus status")
            << QByteArray("1 FOO bar\r\n")
            << error("a tagged response must be OK, NO or BAD, not 'FOO'", 2, "1 FOO bar");
        QTest::newRow("uid not a number")
            << QByteArray("* 1 FETCH (UID abc)\r\n")
            << error("expected a number but found 'a'", 15, "* 1 FETCH (UID abc)",
                     FetchResponse{.sequence = 1, .itemNames = {"UID"}});
        QTest::newRow("missing close paren")
            << QByteArray("* 1 FETCH (UID 1\r\n")
            << error("expected ' ' or ')' after a FETCH item but found the end of the response", 16,
                     "* 1 FETCH (UID 1",
                     FetchResponse{.sequence = 1, .uid = 1, .itemNames = {"UID"}});
        QTest::newRow("number overflow")
            << QByteArray("* 99999999999 EXISTS\r\n")
            << error("number too large (the limit is 4294967295)", 2, "* 99999999999 EXISTS");
        QTest::newRow("unterminated quoted")
            << QByteArray("* 1 FETCH (BODY[] \"abc)\r\n")
            << error("unterminated quoted string", 23, "* 1 FETCH (BODY[] \"abc)",
                     FetchResponse{.sequence = 1, .itemNames = {"BODY[]"}});
        QTest::newRow("body without value")
            << QByteArray("* 1 FETCH (BODY[])\r\n")
            << error("expected ' ' but found ')'", 17, "* 1 FETCH (BODY[])",
                     FetchResponse{.sequence = 1, .itemNames = {"BODY[]"}});
        QTest::newRow("junk after response")
            << QByteArray("* 1 FETCH (UID 1) junk\r\n")
            << error("unexpected ' ' after the end of the response", 17, "* 1 FETCH (UID 1) junk",
                     FetchResponse{.sequence = 1, .uid = 1, .itemNames = {"UID"}});
        QTest::newRow("unterminated origin before a literal (BODY[]<0.6144 {5})")
            << QByteArray("* 1 FETCH (BODY[]<0.6144 {5}\r\nhello)\r\n")
            << error("unterminated origin '<' (no '>' before the line end)", 17,
                     "* 1 FETCH (BODY[]<0.6144 {5}",
                     FetchResponse{.sequence = 1, .itemNames = {"BODY[]"}});
        QTest::newRow("unterminated origin at the line end (BODY[]<0)")
            << QByteArray("* 1 FETCH (UID 1 BODY[]<0\r\n")
            << error("unterminated origin '<' (no '>' before the line end)", 23,
                     "* 1 FETCH (UID 1 BODY[]<0",
                     FetchResponse{.sequence = 1, .uid = 1, .itemNames = {"UID", "BODY[]"}});
        QTest::newRow("'>' only after the literal (BODY[]<0 {1} x>)")
            << QByteArray("* 1 FETCH (BODY[]<0 {1}\r\nx>)\r\n")
            << error("unterminated origin '<' (no '>' before the line end)", 17,
                     "* 1 FETCH (BODY[]<0 {1}",
                     FetchResponse{.sequence = 1, .itemNames = {"BODY[]"}});
        QTest::newRow("empty line")
            << QByteArray("\r\n") << error("an empty line where a response should start", 0, "");
        QTest::newRow("star alone")
            << QByteArray("*\r\n")
            << error("expected ' ' but found the end of the response", 1, "*");
    }
    void errors()
    {
        QFETCH(QByteArray, raw);
        QFETCH(ParseError, expected);
        const auto r = parseOne(raw);
        const auto *e = std::get_if<ParseError>(&r);
        QVERIFY2(e, "expected a parse error");
        QCOMPARE(*e, expected);
        QVERIFY(e->describe().contains(QLatin1String("stream offset")));
    }

    // An overrun whose octets after the literal begin with a space (the literal ended just
    // before a word of the message): they read as FETCH items for a while, and the error comes
    // later on that line. It is still an error after a literal, so the overrun is counted from
    // the literal's end (found by the diagnose probes of issue 18).
    void overrunStartingWithASpaceIsAfterTheLiteral()
    {
        const QByteArray raw = "* 1 FETCH (UID 320 RFC822.SIZE 20000 BODY[]<0> {10}\r\n" +
                               QByteArray(10, 'L') + " fetches in chunks. The quick\r\n";
        const qint64 litEnd = raw.indexOf("}\r\n") + 3 + 10;
        const auto r = parseOne(raw);
        const auto *e = std::get_if<ParseError>(&r);
        QVERIFY2(e, "expected a parse error");
        QVERIFY(e->afterLiteral);
        QCOMPARE(e->literalEnd, litEnd);
        QCOMPARE(e->rawLine, QByteArray(" fetches in chunks. The quick"));
    }

    // An incomplete reply (the connection closed, a timeout, a cancel): what FetchStrategy
    // keeps of it, as ImapSession::keepPartialReply() hands it over (the framer's partial
    // response and its unfinished line).
    void parsePartial_data()
    {
        QTest::addColumn<QByteArray>("arrived");
        QTest::addColumn<std::optional<FetchResponse>>("expected");
        QByteArray raw = "* 4 FETCH (UID 320 BODY[]<6144> {100}\r\n0123456789";
        BodyItem cut = withOrigin(lit(raw, "{100}\r\n", "0123456789", 1), 6144, "6144");
        cut.literalLength = 100;
        QTest::newRow("hmailserver-past-end: dropped mid-literal (10 of 100 octets)")
            << raw
            << std::optional(FetchResponse{
                   .sequence = 4, .uid = 320, .bodies = {cut}, .itemNames = {"UID", "BODY[]"}});
        raw = "* 4 FETCH (UID 320 BODY[]<0.6144> {100}\r\n0123";
        cut = withOrigin(lit(raw, "{100}\r\n", "0123", 1), 0, "0.6144");
        cut.literalLength = 100;
        QTest::newRow("Gmail echoing <0.6144>, cut mid-literal (atoi reads 0)")
            << raw
            << std::optional(FetchResponse{
                   .sequence = 4, .uid = 320, .bodies = {cut}, .itemNames = {"UID", "BODY[]"}});
        raw = "* 4 FETCH (UID 320 RFC822.SIZE 5 BODY[]<0> {5}\r\nhello";
        QTest::newRow("Dovecot: closed after the literal, before ')'")
            << raw
            << std::optional(
                   FetchResponse{.sequence = 4,
                                 .uid = 320,
                                 .rfc822Size = 5,
                                 .bodies = {withOrigin(lit(raw, "{5}\r\n", "hello", 2), 0, "0")},
                                 .itemNames = {"UID", "RFC822.SIZE", "BODY[]"}});
        raw = "* 4 FETCH (UID 320 RFC822 {50}\r\nFrom: a";
        cut = lit(raw, "{50}\r\n", "From: a", 1, "RFC822");
        cut.literalLength = 50;
        QTest::newRow("Exchange 5.5 RFC822 for a non-IMAP4rev1 client, cut mid-literal")
            << raw
            << std::optional(FetchResponse{
                   .sequence = 4, .uid = 320, .bodies = {cut}, .itemNames = {"UID", "RFC822"}});
        QTest::newRow("cut inside the announcement: no literal yet")
            << QByteArray("* 4 FETCH (UID 320 BODY[]<0> {10")
            << std::optional(
                   FetchResponse{.sequence = 4, .uid = 320, .itemNames = {"UID", "BODY[]"}});
        QTest::newRow("not a FETCH (* OK cut short)")
            << QByteArray("* OK still thinking") << std::optional<FetchResponse>();
    }
    void parsePartial()
    {
        QFETCH(QByteArray, arrived);
        QFETCH(std::optional<FetchResponse>, expected);
        ResponseFramer f;
        QList<RawResponse> rs;
        QVERIFY(f.feed(arrived, rs));
        QVERIFY(rs.isEmpty());
        RawResponse incomplete = f.partial();
        incomplete.lines.append(f.partialLine());
        QCOMPARE(ResponseParser::parsePartial(incomplete), expected);
    }

    void nestingLimit_data()
    {
        QTest::addColumn<int>("depth");
        QTest::addColumn<bool>("ok");
        QTest::newRow("at the limit") << limits::kMaxNestingDepth << true;
        QTest::newRow("one over") << limits::kMaxNestingDepth + 1 << false;
        QTest::newRow("10000 deep") << 10000 << false;
    }
    void nestingLimit()
    {
        QFETCH(int, depth);
        QFETCH(bool, ok);
        const QByteArray raw = "* 1 FETCH (X-NEST " + QByteArray(depth, '(') + "a" +
                               QByteArray(depth, ')') + " UID 1)\r\n";
        const auto r = parseOne(raw);
        QCOMPARE(std::holds_alternative<Response>(r), ok);
        if (!ok)
            QVERIFY(std::get<ParseError>(r).message.contains(QLatin1String("nesting limit")));
    }

    void listItemLimit_data()
    {
        QTest::addColumn<int>("count");
        QTest::addColumn<bool>("ok");
        QTest::newRow("at the limit") << limits::kMaxListItems << true;
        QTest::newRow("one over") << limits::kMaxListItems + 1 << false;
    }
    void listItemLimit()
    {
        QFETCH(int, count);
        QFETCH(bool, ok);
        QByteArray raw = "* FLAGS (";
        for (int i = 0; i < count; ++i)
            raw += (i ? " k" : "k") + QByteArray::number(i);
        raw += ")\r\n";
        const auto r = parseOne(raw);
        QCOMPARE(std::holds_alternative<Response>(r), ok);
    }

    void offsetsFollowTheStream()
    {
        ResponseFramer f;
        QList<RawResponse> rs;
        f.feed("* OK hi\r\n* 1 FETCH (UID x)\r\n", rs);
        QCOMPARE(rs.size(), 2);
        const auto r = ResponseParser::parse(rs[1]);
        const auto *e = std::get_if<ParseError>(&r);
        QVERIFY(e);
        QCOMPARE(e->offset, 9 + 15);
        QCOMPARE(e->responseOffset, 9);
        QCOMPARE(e->rawLine, QByteArray("* 1 FETCH (UID x)"));
    }
};

QTEST_GUILESS_MAIN(tst_ResponseParser)
#include "tst_responseparser.moc"
