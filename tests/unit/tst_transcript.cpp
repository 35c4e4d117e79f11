// SPDX-License-Identifier: MIT
// The Transcript: every octet kept with offsets, secrets redacted before they are stored,
// literals summarised and overrun octets shown on lines of their own.
#include "net/Transcript.h"

#include <QTest>

using msim::net::Transcript;

class tst_Transcript : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void secretsNeverStored()
    {
        Transcript t;
        const QByteArray line = "2 login \"test\" \"hunter2\"\r\n";
        t.recordSent(line, {{8, 14}, {15, 24}});
        QCOMPARE(t.sentTotal(), line.size());
        QCOMPARE(t.octets(t.entries()[0]), QByteArrayView("2 login <redacted> <redacted>\r\n"));
        QCOMPARE(t.entries()[0].length, line.size());
        QVERIFY(!t.renderText().contains(QLatin1String("hunter2")));
    }

    // A server quoting a secret back (issue 22): each form is overwritten with '*' of its own
    // length as it arrives, also when reads split it, so offsets and totals stay true; notes
    // made of the server's words get <redacted>.
    void serverEchoesOfSecretsAreMasked_data()
    {
        QTest::addColumn<QList<QByteArray>>("reads");
        QTest::addColumn<QByteArray>("stored");
        QTest::newRow("issue 22: the LOGIN line in the NO")
            << QList<QByteArray>{"2 NO rejected: 2 login \"u\" \"hunter22\"\r\n"}
            << QByteArray("2 NO rejected: 2 login \"u\" \"********\"\r\n");
        QTest::newRow("base64 of the password")
            << QList<QByteArray>{"* BYE aHVudGVyMjI= is wrong\r\n"}
            << QByteArray("* BYE ************ is wrong\r\n");
        QTest::newRow("the PLAIN response, split over three reads")
            << QList<QByteArray>{"* NO AHUAaH", "VudGVy", "MjI=\r\n"}
            << QByteArray("* NO ****************\r\n");
        QTest::newRow("one octet per read")
            << QList<QByteArray>{"x", "h", "u", "n", "t", "e", "r", "2", "2", "y"}
            << QByteArray("x********y");
        QTest::newRow("twice, and a near miss left alone")
            << QList<QByteArray>{"hunter22 hunter2 hunter22"}
            << QByteArray("******** hunter2 ********");
    }

    void serverEchoesOfSecretsAreMasked()
    {
        QFETCH(QList<QByteArray>, reads);
        QFETCH(QByteArray, stored);
        Transcript t;
        t.setSecrets({"hunter22", "aHVudGVyMjI=", "AHUAaHVudGVyMjI="});
        for (const QByteArray &r : reads)
            t.recordReceived(r);
        QCOMPARE(t.received(0, t.receivedTotal()), stored);
        QCOMPARE(t.receivedTotal(), stored.size());
        t.note(QStringLiteral("the server said hunter22 and aHVudGVyMjI="));
        QCOMPARE(t.octets(t.entries().last()),
                 QByteArrayView("the server said <redacted> and <redacted>"));
        QVERIFY(!t.renderText().contains(QLatin1String("hunter22")));
    }

    void shortSecretsAreNotMasked()
    {
        Transcript t;
        t.setSecrets({"abc", ""});
        t.recordReceived("* OK abc\r\n");
        QCOMPARE(t.received(0, 100), QByteArray("* OK abc\r\n"));
    }

    void receivedRangesAcrossEntries()
    {
        Transcript t;
        t.recordReceived("* OK hel");
        t.recordReceived("lo\r\n1 OK");
        t.recordReceived(" done\r\n");
        QCOMPARE(t.receivedTotal(), 23);
        QCOMPARE(t.received(5, 10), QByteArray("hello"));
        QCOMPARE(t.received(0, 1000), QByteArray("* OK hello\r\n1 OK done\r\n"));
        QCOMPARE(t.received(20, 5), QByteArray());
    }

    // Each entry's octets, whichever buffer holds them, interleaved in any order.
    void entryOctetsByDirection()
    {
        Transcript t;
        t.recordReceived("* OK hel");
        t.recordSent("1 login \"u\" \"pw\"\r\n", {{8, 16}});
        t.note(QStringLiteral("caf\u00e9"));
        t.recordReceived("lo\r\n");
        const auto &e = t.entries();
        QCOMPARE(e.size(), 4);
        QCOMPARE(t.octets(e[0]), QByteArrayView("* OK hel"));
        QCOMPARE(t.octets(e[1]), QByteArrayView("1 login <redacted>\r\n"));
        QCOMPARE(e[1].length, 18);
        QCOMPARE(t.octets(e[2]), QByteArrayView("caf\xc3\xa9"));
        QCOMPARE(t.octets(e[3]), QByteArrayView("lo\r\n"));
        QCOMPARE(e[3].offset, 8);
        QCOMPARE(t.received(6, 10), QByteArray("ello"));
    }

    void linesSummariseLiteralsAndShowOverruns()
    {
        Transcript t;
        t.recordSent("3 UID fetch 320 (UID RFC822.SIZE BODY[]<0.10>)\r\n");
        const QByteArray head = "* 1 FETCH (BODY[]<0> {10}\r\n";
        t.recordReceived(head + "0123456789");
        t.recordReceived("EXTRA\r\nMORE)\r\n3 OK\r\n");
        t.mark(head.size(), 10, Transcript::MarkKind::Literal);
        t.mark(head.size() + 10, 11, Transcript::MarkKind::Overrun);
        t.note(QStringLiteral("protocol error"));
        const auto lines = t.lines();
        QList<Transcript::Line::Kind> kinds;
        QStringList texts;
        for (const auto &l : lines) {
            kinds << l.kind;
            texts << l.text;
        }
        using K = Transcript::Line::Kind;
        QCOMPARE(kinds, QList<K>({K::Client, K::Server, K::Literal, K::Overrun, K::Overrun,
                                  K::Server, K::Server, K::Note}));
        QCOMPARE(texts[1], QStringLiteral("* 1 FETCH (BODY[]<0> {10}"));
        QCOMPARE(texts[2], QStringLiteral("[literal: 10 octets]"));
        QCOMPARE(texts[3], QStringLiteral("EXTRA"));
        QCOMPARE(texts[4], QStringLiteral("MORE"));
        QCOMPARE(texts[5], QStringLiteral(")"));
        QCOMPARE(lines[3].offset, head.size() + 10);
        const QString text = t.renderText();
        QVERIFY(text.contains(QLatin1String("S! ")));
        QVERIFY(!text.contains(QLatin1String("0123456789")));
        QVERIFY(t.renderText(4).contains(QLatin1String("[literal: 10 octets] 0123")));
    }

    void escapesNonPrinting()
    {
        QCOMPARE(Transcript::escape(QByteArray("a\0b\xff\\", 5)),
                 QStringLiteral("a\\x00b\\xff\\\\"));
    }
};

QTEST_GUILESS_MAIN(tst_Transcript)
#include "tst_transcript.moc"
