// SPDX-License-Identifier: MIT
// How server and customer text is shown (DESIGN.md §3): one escaping for the terminal, logs,
// the GUI and reports. Rows are the sequences hostile servers use on terminals.
#include "net/Printable.h"

#include <QTest>

using namespace msim::net;

class tst_Printable : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void text_data()
    {
        QTest::addColumn<QString>("in");
        QTest::addColumn<bool>("keepBreaks");
        QTest::addColumn<QString>("out");
        QTest::newRow("plain text is kept")
            << QStringLiteral("NO [UNAVAILABLE] Server error") << false
            << QStringLiteral("NO [UNAVAILABLE] Server error");
        QTest::newRow("UTF-8 letters are kept")
            << QStringLiteral("Grüße, 東京") << false << QStringLiteral("Grüße, 東京");
        QTest::newRow("xterm title (OSC 0 ... BEL)")
            << QStringLiteral("\x1b]0;owned\x07 hi") << false
            << QStringLiteral("\\x1b]0;owned\\x07 hi");
        QTest::newRow("clear screen (CSI 2J)")
            << QStringLiteral("\x1b[2J") << false << QStringLiteral("\\x1b[2J");
        QTest::newRow("C1 CSI (U+009B)")
            << QStringLiteral("a\u009b31mb") << false << QStringLiteral("a\\x9b31mb");
        QTest::newRow("NUL and DEL")
            << QString::fromLatin1("a\0b\x7f", 4) << false << QStringLiteral("a\\x00b\\x7f");
        QTest::newRow("CR rewrites a line")
            << QStringLiteral("ok\rFAKE") << true << QStringLiteral("ok\\x0dFAKE");
        QTest::newRow("tab is harmless and kept") << QStringLiteral("a\tb") << false
                                                  << QStringLiteral("a\tb");
        QTest::newRow("LF escaped in a line")
            << QStringLiteral("a\nb") << false << QStringLiteral("a\\x0ab");
        QTest::newRow("LF kept in multi-line text")
            << QStringLiteral("a\nb") << true << QStringLiteral("a\nb");
        QTest::newRow("bidi override (Trojan Source)")
            << QStringLiteral("file\u202Efdp.exe") << false << QStringLiteral("file\\u202efdp.exe");
        QTest::newRow("lone surrogate")
            << QString(QChar(0xd800)) + QStringLiteral("x") << false << QStringLiteral("\\ud800x");
        QTest::newRow("surrogate pair is kept")
            << QStringLiteral("\U0001F600") << false << QStringLiteral("\U0001F600");
        QTest::newRow("backslashes are left alone")
            << QStringLiteral("C:\\x1b") << false << QStringLiteral("C:\\x1b");
    }
    void text()
    {
        QFETCH(QString, in);
        QFETCH(bool, keepBreaks);
        QFETCH(QString, out);
        const auto breaks = keepBreaks ? printable::Breaks::Keep : printable::Breaks::Escape;
        QCOMPARE(printable::text(in, breaks), out);
        QCOMPARE(printable::needsEscaping(in, breaks), in != out);
        // Idempotent: a sink may apply it again to text escaped where it was made.
        QCOMPARE(printable::text(out, breaks), out);
    }

    void octets_data()
    {
        QTest::addColumn<QByteArray>("in");
        QTest::addColumn<QString>("out");
        QTest::newRow("greeting with a title sequence")
            << QByteArray("* OK \x1b]0;x\x07 ready") << QStringLiteral("* OK \\x1b]0;x\\x07 ready");
        QTest::newRow("8-bit octets")
            << QByteArray("\xc3\xa9\xff") << QStringLiteral("\\xc3\\xa9\\xff");
        QTest::newRow("a backslash is doubled (unambiguous)")
            << QByteArray("a\\b") << QStringLiteral("a\\\\b");
        QTest::newRow("CRLF") << QByteArray("x\r\n") << QStringLiteral("x\\x0d\\x0a");
    }
    void octets()
    {
        QFETCH(QByteArray, in);
        QFETCH(QString, out);
        QCOMPARE(printable::octets(in), out);
    }
};

QTEST_GUILESS_MAIN(tst_Printable)
#include "tst_printable.moc"
