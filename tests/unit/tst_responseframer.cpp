// SPDX-License-Identifier: MIT
// ResponseFramer: lines and literals from any byte split, offsets, and every named limit checked
// on both sides.
#include "imap/Limits.h"
#include "imap/Messenger4xLiteral.h"
#include "imap/ResponseFramer.h"

#include <QTest>

// The expected values name only the fields that differ from the defaults (designated
// initializers); the rest are meant to keep their default values, so GCC's warning does not
// apply.
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

using namespace msim::imap;

namespace {

QList<RawResponse> frame(QByteArrayView data, qsizetype step, ResponseFramer *out = nullptr)
{
    ResponseFramer f;
    QList<RawResponse> rs;
    for (qsizetype i = 0; i < data.size(); i += step)
        if (!f.feed(data.sliced(i, std::min(step, data.size() - i)), rs))
            break;
    if (out)
        *out = f;
    return rs;
}

const QByteArray kStream =
    "* OK [CAPABILITY IMAP4rev1 SASL-IR LITERAL+ STARTTLS AUTH=PLAIN AUTH=LOGIN] Dovecot (Debian) "
    "ready.\r\n"
    "* 6 FETCH (UID 6 RFC822.SIZE 20000 BODY[]<0> {12}\r\n0000000 abc\n)\r\n"
    "* 7 FETCH (UID 7 BODY[HEADER] {0}\r\n BODY[]<6144> {4}\r\n\r\n\r\n)\r\n"
    "11 OK Fetch completed (0.001 + 0.000 secs).\r\n";

} // namespace

namespace msim::imap {

char *toString(const Messenger4xLiteral &m)
{
    return qstrdup(QByteArray("{announced " + QByteArray::number(m.announced) + ", counted " +
                              QByteArray::number(m.counted) + ", firstNul " +
                              QByteArray::number(m.firstNul) + ", owed " +
                              QByteArray::number(m.owed) + "}")
                       .constData());
}

// The whole framed response, announcements included.
char *toString(const RawResponse &r)
{
    QByteArray out = "{offset " + QByteArray::number(r.offset) + ", end " +
                     QByteArray::number(r.end) + ", lines";
    for (qsizetype i = 0; i < r.lines.size(); ++i)
        out += " [" + QByteArray::number(r.lineOffsets.value(i, -1)) + "] \"" + r.lines[i] + '"';
    out += ", literals";
    for (qsizetype i = 0; i < r.literals.size(); ++i)
        out += " [" + QByteArray::number(r.literalOffsets.value(i, -1)) + "] \"" +
               r.literals[i].left(40) + '"';
    out += ", announcements";
    for (const LiteralAnnouncement &a : r.announcements)
        out += " {position " + QByteArray::number(a.position) + " offset " +
               QByteArray::number(a.offset) + " length " + QByteArray::number(a.length) +
               (a.nonSynchronising ? " +" : "") + (a.binary ? " ~" : "") + "}";
    return qstrdup((out + "}").constData());
}

} // namespace msim::imap

Q_DECLARE_METATYPE(msim::imap::Messenger4xLiteral)
Q_DECLARE_METATYPE(QList<msim::imap::RawResponse>)

class tst_ResponseFramer : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void framesTheSample()
    {
        const auto rs = frame(kStream, kStream.size());
        QCOMPARE(rs.size(), 4);
        QCOMPARE(rs[0].lines.size(), 1);
        QVERIFY(rs[0].lines[0].startsWith("* OK [CAPABILITY"));
        QCOMPARE(rs[1].lines,
                 QList<QByteArray>({"* 6 FETCH (UID 6 RFC822.SIZE 20000 BODY[]<0> {12}", ")"}));
        QCOMPARE(rs[1].literals, QList<QByteArray>({"0000000 abc\n"}));
        QCOMPARE(rs[2].literals, QList<QByteArray>({"", "\r\n\r\n"}));
        QCOMPARE(rs[2].lines.size(), 3);
        QCOMPARE(rs[2].lines[1], QByteArray(" BODY[]<6144> {4}"));
        QCOMPARE(rs[3].firstLine(), QByteArray("11 OK Fetch completed (0.001 + 0.000 secs)."));
        // offsets
        QCOMPARE(rs[0].offset, 0);
        QCOMPARE(rs[1].offset, rs[0].end);
        QCOMPARE(rs[3].end, kStream.size());
        const qint64 litAt = rs[1].literalOffsets[0];
        QCOMPARE(kStream.mid(litAt, 12), QByteArray("0000000 abc\n"));
        QCOMPARE(rs[1].lineOffsets[1], litAt + 12);
        QCOMPARE(kStream.mid(rs[2].literalOffsets[1], 4), QByteArray("\r\n\r\n"));
    }

    // Whole framed responses, every field compared: lines and literals with their stream
    // offsets, and each literal announcement as the framer recorded it (so no later layer
    // searches the text for '{').
    void frames_data()
    {
        QTest::addColumn<QByteArray>("stream");
        QTest::addColumn<QList<RawResponse>>("expected");
        QTest::newRow("Dovecot chunk reply (BODY[]<0> {12})")
            << QByteArray("* 6 FETCH (UID 6 BODY[]<0> {12}\r\n0000000 abc\n)\r\n")
            << QList<RawResponse>{{.offset = 0,
                                   .end = 48,
                                   .lines = {"* 6 FETCH (UID 6 BODY[]<0> {12}", ")"},
                                   .lineOffsets = {0, 45},
                                   .literals = {"0000000 abc\n"},
                                   .literalOffsets = {33},
                                   .announcements = {{27, 27, 12, false, false}}}};
        QTest::newRow("LITERAL+ client login ({4+}, RFC 7888)")
            << QByteArray("a LOGIN {4+}\r\ntest {6+}\r\nsecret\r\n")
            << QList<RawResponse>{
                   {.offset = 0,
                    .end = 33,
                    .lines = {"a LOGIN {4+}", " {6+}", ""},
                    .lineOffsets = {0, 18, 31},
                    .literals = {"test", "secret"},
                    .literalOffsets = {14, 25},
                    .announcements = {{8, 8, 4, true, false}, {1, 19, 6, true, false}}}};
        QTest::newRow("BINARY ~{3} (RFC 3516)")
            << QByteArray("* 1 FETCH (BINARY[] ~{3}\r\nabc)\r\n")
            << QList<RawResponse>{{.offset = 0,
                                   .end = 32,
                                   .lines = {"* 1 FETCH (BINARY[] ~{3}", ")"},
                                   .lineOffsets = {0, 29},
                                   .literals = {"abc"},
                                   .literalOffsets = {26},
                                   .announcements = {{20, 20, 3, false, true}}}};
        QTest::newRow("Exchange 2010 past 1 MiB ({0}: the text goes on at once)")
            << QByteArray("* 1 FETCH (BODY[]<1048576> {0}\r\n)\r\n")
            << QList<RawResponse>{{.offset = 0,
                                   .end = 35,
                                   .lines = {"* 1 FETCH (BODY[]<1048576> {0}", ")"},
                                   .lineOffsets = {0, 32},
                                   .literals = {""},
                                   .literalOffsets = {32},
                                   .announcements = {{27, 27, 0, false, false}}}};
        QTest::newRow("Dovecot greeting then a tagged OK: two responses")
            << QByteArray("* OK ready\r\n1 OK done\r\n")
            << QList<RawResponse>{
                   {.offset = 0, .end = 12, .lines = {"* OK ready"}, .lineOffsets = {0}},
                   {.offset = 12, .end = 23, .lines = {"1 OK done"}, .lineOffsets = {12}}};
        QTest::newRow("{a b} at a line end is text, not a literal")
            << QByteArray("* OK {a b}\r\n")
            << QList<RawResponse>{
                   {.offset = 0, .end = 12, .lines = {"* OK {a b}"}, .lineOffsets = {0}}};
    }
    void frames()
    {
        QFETCH(QByteArray, stream);
        QFETCH(QList<RawResponse>, expected);
        for (qsizetype step : {stream.size(), qsizetype(1), qsizetype(5)}) {
            const auto rs = frame(stream, step);
            QCOMPARE(rs.size(), expected.size());
            for (qsizetype i = 0; i < rs.size(); ++i)
                QCOMPARE(rs[i], expected[i]);
        }
    }

    void everySplitGivesTheSameResponses()
    {
        const auto whole = frame(kStream, kStream.size());
        for (qsizetype cut = 1; cut < kStream.size(); ++cut) {
            ResponseFramer f;
            QList<RawResponse> rs;
            QVERIFY(f.feed(QByteArrayView(kStream).first(cut), rs));
            QVERIFY(f.feed(QByteArrayView(kStream).sliced(cut), rs));
            QCOMPARE(rs.size(), whole.size());
            for (qsizetype i = 0; i < rs.size(); ++i) {
                QCOMPARE(rs[i].lines, whole[i].lines);
                QCOMPARE(rs[i].literals, whole[i].literals);
                QCOMPARE(rs[i].literalOffsets, whole[i].literalOffsets);
                QCOMPARE(rs[i].end, whole[i].end);
            }
        }
        for (qsizetype step : {1, 2, 3, 7, 13}) {
            const auto rs = frame(kStream, step);
            QCOMPARE(rs.size(), whole.size());
            for (qsizetype i = 0; i < rs.size(); ++i) {
                QCOMPARE(rs[i].lines, whole[i].lines);
                QCOMPARE(rs[i].literals, whole[i].literals);
            }
        }
    }

    void partialStateIsVisible()
    {
        ResponseFramer f;
        QList<RawResponse> rs;
        QVERIFY(f.feed("* 1 FETCH (BODY[] {10}\r\n01234", rs));
        QVERIFY(rs.isEmpty());
        QVERIFY(f.inResponse());
        QVERIFY(f.inLiteral());
        QCOMPARE(f.literalDeclared(), 10);
        QCOMPARE(f.partial().literals.value(0), QByteArray("01234"));
        QCOMPARE(f.offset(), 29);
    }

    void bareLfEndsALine()
    {
        const auto rs = frame("* OK hi\n1 OK done\n", 100);
        QCOMPARE(rs.size(), 2);
        QCOMPARE(rs[1].lines[0], QByteArray("1 OK done"));
    }

    void lineLimit_data()
    {
        QTest::addColumn<qint64>("length");
        QTest::addColumn<bool>("crlf");
        QTest::addColumn<bool>("ok");
        QTest::newRow("at the limit") << limits::kMaxLineOctets << true << true;
        QTest::newRow("one over") << limits::kMaxLineOctets + 1 << true << false;
        QTest::newRow("one over, no CRLF yet") << limits::kMaxLineOctets + 2 << false << false;
        QTest::newRow("10 MB without CRLF") << qint64(10 * 1000 * 1000) << false << false;
    }
    void lineLimit()
    {
        QFETCH(qint64, length);
        QFETCH(bool, crlf);
        QFETCH(bool, ok);
        QByteArray line = "* OK " + QByteArray(length - 5, 'a');
        if (crlf)
            line += "\r\n";
        ResponseFramer f;
        QList<RawResponse> rs;
        bool fed = true;
        for (qsizetype i = 0; i < line.size() && fed; i += 65536)
            fed = f.feed(
                QByteArrayView(line).sliced(i, std::min<qsizetype>(65536, line.size() - i)), rs);
        QCOMPARE(fed, ok);
        if (ok) {
            QCOMPARE(rs.size(), 1);
            QCOMPARE(rs[0].lines[0].size(), length);
        } else {
            QCOMPARE(f.error(), ResponseFramer::Error::LineTooLong);
            QCOMPARE(f.errorOffset(), limits::kMaxLineOctets);
            QVERIFY(f.errorString().contains(QLatin1String("line limit")));
            QVERIFY(f.errorString().contains(QLatin1String("* OK aaa")));
        }
    }

    void literalCounts_data()
    {
        QTest::addColumn<QByteArray>("count");
        QTest::addColumn<int>("error");
        QTest::newRow("at the limit")
            << QByteArray::number(limits::kMaxLiteralOctets) << int(ResponseFramer::Error::None);
        QTest::newRow("one over") << QByteArray::number(limits::kMaxLiteralOctets + 1)
                                  << int(ResponseFramer::Error::LiteralTooLarge);
        QTest::newRow("10^12") << QByteArray("1000000000000")
                               << int(ResponseFramer::Error::LiteralTooLarge);
        QTest::newRow("2^63") << QByteArray("9223372036854775808")
                              << int(ResponseFramer::Error::LiteralTooLarge);
        QTest::newRow("2^64") << QByteArray("18446744073709551616")
                              << int(ResponseFramer::Error::LiteralTooLarge);
        QTest::newRow("negative") << QByteArray("-5")
                                  << int(ResponseFramer::Error::MalformedLiteral);
        QTest::newRow("non-numeric")
            << QByteArray("abc") << int(ResponseFramer::Error::MalformedLiteral);
        QTest::newRow("hex") << QByteArray("0x10") << int(ResponseFramer::Error::MalformedLiteral);
        QTest::newRow("non-sync plus") << QByteArray("5+") << int(ResponseFramer::Error::None);
    }
    void literalCounts()
    {
        QFETCH(QByteArray, count);
        QFETCH(int, error);
        ResponseFramer f;
        QList<RawResponse> rs;
        const QByteArray line = "* 1 FETCH (BODY[] {" + count + "}\r\n";
        const bool ok = f.feed(line, rs);
        QCOMPARE(int(f.error()), error);
        QCOMPARE(ok, error == int(ResponseFramer::Error::None));
        if (ok) {
            QVERIFY(f.inLiteral());
            // nothing was allocated for the announcement beyond the initial reserve
            QVERIFY(f.partial().literals[0].capacity() <=
                    ResponseFramer::kInitialLiteralReserve + 64);
        } else {
            QCOMPARE(f.errorOffset(), qint64(line.indexOf('{')));
            QVERIFY(f.errorString().contains(QString::fromLatin1(count.left(10))));
        }
    }

    void literalBufferNeverGrowsPastItsSize()
    {
        const qint64 n = 3 * 1024 * 1024 + 17;
        QByteArray stream = "* 1 FETCH (BODY[] {" + QByteArray::number(n) + "}\r\n";
        stream += QByteArray(n, 'x');
        stream += ")\r\n";
        const auto rs = frame(stream, 4096);
        QCOMPARE(rs.size(), 1);
        QCOMPARE(rs[0].literals[0].size(), n);
        QVERIFY(rs[0].literals[0].capacity() <= n + 64);
    }

    void literalsPerResponse_data()
    {
        QTest::addColumn<int>("count");
        QTest::addColumn<bool>("ok");
        QTest::newRow("at the limit") << limits::kMaxLiteralsPerResponse << true;
        QTest::newRow("one over") << limits::kMaxLiteralsPerResponse + 1 << false;
    }
    void literalsPerResponse()
    {
        QFETCH(int, count);
        QFETCH(bool, ok);
        QByteArray s = "* 1 FETCH (";
        for (int i = 0; i < count; ++i)
            s += "X {1}\r\na ";
        s += ")\r\n";
        ResponseFramer f;
        QList<RawResponse> rs;
        QCOMPARE(f.feed(s, rs), ok);
        if (!ok)
            QCOMPARE(f.error(), ResponseFramer::Error::TooManyLiterals);
        else
            QCOMPARE(rs[0].literals.size(), count);
    }

    void responseTextLimit()
    {
        // Many short lines joined by {0} literals: each line is fine, the response is not.
        QByteArray s = "* 1 FETCH (";
        const QByteArray piece = QByteArray(2000, 'a') + " {0}\r\n";
        for (int i = 0; i < 600; ++i)
            s += piece;
        s += ")\r\n";
        ResponseFramer f;
        QList<RawResponse> rs;
        QVERIFY(!f.feed(s, rs));
        QVERIFY(f.error() == ResponseFramer::Error::ResponseTooLarge ||
                f.error() == ResponseFramer::Error::TooManyLiterals);
    }

    // NUL octets are data inside a literal: kept exactly, at every split, and never taken for
    // a line end (Messenger 4.x miscounts them, MESSENGER45.md §4; msim must see them as sent).
    void nulOctetsInALiteral_data()
    {
        QTest::addColumn<QByteArray>("literal");
        QTest::newRow("NUL mid-line") << QByteArray("ab\0cd\r\nef\r\n", 11);
        QTest::newRow("NUL first octet") << QByteArray("\0abc", 4);
        QTest::newRow("only NULs") << QByteArray(8, '\0');
        QTest::newRow("NUL then what looks like the response's end")
            << QByteArray("x\0)\r\n1 OK done\r\n", 17);
        QTest::newRow("NUL last octet") << QByteArray("abc\r\n\0", 6);
    }
    void nulOctetsInALiteral()
    {
        QFETCH(QByteArray, literal);
        const QByteArray head = "* 1 FETCH (BODY[]<0> {" + QByteArray::number(literal.size()) + "}";
        const QByteArray stream = head + "\r\n" + literal + " UID 1)\r\n";
        for (qsizetype step : {stream.size(), qsizetype(1), qsizetype(3)}) {
            const auto rs = frame(stream, step);
            QCOMPARE(rs.size(), 1);
            QCOMPARE(rs[0].lines, QList<QByteArray>({head, " UID 1)"}));
            QCOMPARE(rs[0].literals, QList<QByteArray>({literal}));
            QCOMPARE(rs[0].literalOffsets, QList<qint64>({head.size() + 2}));
            QCOMPARE(rs[0].end, stream.size());
        }
    }

    // How Messenger 4.x's line reader counts a literal (MESSENGER45.md §4): strlen per line.
    void messenger4xLiteralCount_data()
    {
        QTest::addColumn<QByteArray>("literal");
        QTest::addColumn<qint64>("announced");
        QTest::addColumn<Messenger4xLiteral>("expected");
        QTest::newRow("no NUL (plain text chunk)")
            << QByteArray("line one\r\nline two\r\n") << qint64(20)
            << Messenger4xLiteral{.announced = 20, .counted = 20, .firstNul = -1, .owed = 0};
        QTest::newRow("no NUL, last line without LF (a chunk cut mid-line)")
            << QByteArray("abc\r\nde") << qint64(7)
            << Messenger4xLiteral{.announced = 7, .counted = 7, .firstNul = -1, .owed = 0};
        QTest::newRow("one NUL mid-line")
            << QByteArray("ab\0cd\r\nef\r\n", 11) << qint64(11)
            << Messenger4xLiteral{.announced = 11, .counted = 6, .firstNul = 2, .owed = 5};
        QTest::newRow("NUL at the start of a line")
            << QByteArray("abc\r\n\0def\r\nxyz", 14) << qint64(14)
            << Messenger4xLiteral{.announced = 14, .counted = 8, .firstNul = 5, .owed = 6};
        QTest::newRow("several lines with NULs")
            << QByteArray("\0\r\na\0b\r\n\r\nc\0", 12) << qint64(12)
            << Messenger4xLiteral{.announced = 12, .counted = 4, .firstNul = 0, .owed = 8};
        QTest::newRow("two NULs in one line count to the first")
            << QByteArray("ab\0c\0d\n", 7) << qint64(7)
            << Messenger4xLiteral{.announced = 7, .counted = 2, .firstNul = 2, .owed = 5};
        QTest::newRow("empty literal ({0})")
            << QByteArray() << qint64(0)
            << Messenger4xLiteral{.announced = 0, .counted = 0, .firstNul = -1, .owed = 0};
        QTest::newRow("cut short by a disconnect (3 of 10 arrived)")
            << QByteArray("abc") << qint64(10)
            << Messenger4xLiteral{.announced = 10, .counted = 3, .firstNul = -1, .owed = 7};
    }
    void messenger4xLiteralCount()
    {
        QFETCH(QByteArray, literal);
        QFETCH(qint64, announced);
        QFETCH(Messenger4xLiteral, expected);
        QCOMPARE(Messenger4xLiteral::count(literal, announced), expected);
    }

    void stopsAfterAnError()
    {
        ResponseFramer f;
        QList<RawResponse> rs;
        QVERIFY(!f.feed("* 1 FETCH (BODY[] {-1}\r\n", rs));
        QVERIFY(!f.feed("* OK fine\r\n", rs));
        QVERIFY(rs.isEmpty());
    }
};

QTEST_GUILESS_MAIN(tst_ResponseFramer)
#include "tst_responseframer.moc"
