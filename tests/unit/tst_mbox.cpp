// An mbox read as Dovecot 2.3 reads it (emulator/Mbox.h, DESIGN.md §5), and the corpus specs
// around it. The rows of servedAsDovecot are what the real Dovecot served for each file of
// tests/data/mbox (tst_dovecot_mbox checks the same files against the live fixture).
#include "emulator/Mailbox.h"
#include "emulator/Mbox.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using msim::emulator::Mailbox;
namespace mbox = msim::emulator::mbox;

namespace {

const QString kData = QStringLiteral(MSIM_SOURCE_DIR "/tests/data/mbox/");

QList<QByteArray> served(const Mailbox &mb)
{
    QList<QByteArray> out;
    for (const auto &m : mb.messages)
        out << m.data;
    return out;
}

QList<quint32> uids(const Mailbox &mb)
{
    QList<quint32> out;
    for (const auto &m : mb.messages)
        out << m.uid;
    return out;
}

bool write(const QString &path, const QByteArray &data)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(data) == data.size();
}

} // namespace

class tst_Mbox : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void servedAsDovecot_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QList<QByteArray>>("expected");
        QTest::newRow("crlf.mbox") << QStringLiteral("crlf.mbox")
                                   << QList<QByteArray>{
                                          QByteArray("Subject: one\r\n"
                                                     "\r\n"
                                                     "line 1\r\n"
                                                     "line 2\r\n"),
                                          QByteArray("Subject: two\r\n"
                                                     "\r\n"
                                                     "\r\n"
                                                     "\r\n"
                                                     "three blank lines above the separator\r\n"
                                                     "\r\n"
                                                     "\r\n"),
                                          QByteArray("Subject: three\r\n"
                                                     "\r\n"
                                                     "last, no blank line"),
                                      };
        QTest::newRow("empty-message.mbox")
            << QStringLiteral("empty-message.mbox")
            << QList<QByteArray>{
                   QByteArray(""),
                   QByteArray("Subject: after an empty one\r\n"
                              "\r\n"
                              "body\r\n"),
                   QByteArray("From a@b Mon Nov  2 10:03:00 1998\r\n"
                              "Subject: right after a From_ line\r\n"
                              "\r\n"
                              "body"),
               };
        QTest::newRow("empty.mbox") << QStringLiteral("empty.mbox") << QList<QByteArray>{};
        QTest::newRow("from-line-at-end.mbox")
            << QStringLiteral("from-line-at-end.mbox")
            << QList<QByteArray>{
                   QByteArray("Subject: a\r\n"
                              "\r\n"
                              "x\r\n"
                              "\r\n"
                              "From a@b Mon Nov  2 10:00:00 1998"),
               };
        QTest::newRow("from-line-only.mbox") << QStringLiteral("from-line-only.mbox")
                                             << QList<QByteArray>{
                                                    QByteArray(""),
                                                };
        QTest::newRow("hidden-headers.mbox")
            << QStringLiteral("hidden-headers.mbox")
            << QList<QByteArray>{
                   QByteArray("Return-Path: <a@b>\r\n"
                              "Subject: hidden headers\r\n"
                              "X-Mozilla-Status: 0001\r\n"
                              "X-Delivery-ID: kept\r\n"
                              "X-UIDL: kept too\r\n"
                              "Status-Report: kept, only the exact names are hidden\r\n"
                              "\r\n"
                              "body\r\n"
                              "Status: RO in the body is kept\r\n"),
                   QByteArray("\r\n"
                              "second\r\n"),
               };
        QTest::newRow("hidden-last.mbox") << QStringLiteral("hidden-last.mbox")
                                          << QList<QByteArray>{
                                                 QByteArray("Subject: a\r\n"),
                                             };
        QTest::newRow("netscape.mbox")
            << QStringLiteral("netscape.mbox")
            << QList<QByteArray>{
                   QByteArray("X-Mozilla-Status: 0001\r\n"
                              "X-Mozilla-Status2: 00000000\r\n"
                              "Message-ID: <0@netscape.example>\r\n"
                              "Date: Mon, 02 Nov 1998 10:00:00 +0100\r\n"
                              "From: Someone <someone@netscape.example>\r\n"
                              "X-Mailer: Mozilla 4.5 [en] (WinNT; I)\r\n"
                              "MIME-Version: 1.0\r\n"
                              "To: test@example.test\r\n"
                              "Subject: Netscape one\r\n"
                              "Content-Type: text/plain; charset=us-ascii\r\n"
                              "Content-Transfer-Encoding: 7bit\r\n"
                              "\r\n"
                              "Hello from 4.5.\r\n"),
                   QByteArray("X-Mozilla-Status: 0001\r\n"
                              "X-Mozilla-Status2: 00000000\r\n"
                              "Message-ID: <1@netscape.example>\r\n"
                              "Date: Mon, 02 Nov 1998 11:00:00 +0100\r\n"
                              "From: Someone <someone@netscape.example>\r\n"
                              "X-Mailer: Mozilla 4.5 [en] (WinNT; I)\r\n"
                              "MIME-Version: 1.0\r\n"
                              "To: test@example.test\r\n"
                              "Subject: Netscape two\r\n"
                              "Content-Type: text/plain; charset=us-ascii\r\n"
                              "Content-Transfer-Encoding: 7bit\r\n"
                              "\r\n"
                              "Second message.\r\n"
                              ">From quoted by Messenger\r\n"),
                   QByteArray("X-Mozilla-Status: 0001\r\n"
                              "X-Mozilla-Status2: 00000000\r\n"
                              "Message-ID: <2@netscape.example>\r\n"
                              "Date: Mon, 02 Nov 1998 12:00:00 +0100\r\n"
                              "From: Someone <someone@netscape.example>\r\n"
                              "X-Mailer: Mozilla 4.5 [en] (WinNT; I)\r\n"
                              "MIME-Version: 1.0\r\n"
                              "To: test@example.test\r\n"
                              "Subject: Netscape three\r\n"
                              "Content-Type: text/plain; charset=us-ascii\r\n"
                              "Content-Transfer-Encoding: 7bit\r\n"
                              "\r\n"
                              "Third.\r\n"),
               };
        QTest::newRow("no-body.mbox") << QStringLiteral("no-body.mbox")
                                      << QList<QByteArray>{
                                             QByteArray("Subject: headers only\r\n"),
                                             QByteArray("Subject: no final line end\r\n"),
                                         };
        QTest::newRow("odd-headers.mbox") << QStringLiteral("odd-headers.mbox")
                                          << QList<QByteArray>{
                                                 QByteArray("Subject: t\r\n"
                                                            "Not a header line\r\n"
                                                            "\r\n"
                                                            "hi\r\n"),
                                                 QByteArray("Subject: headers then text\r\n"
                                                            "no colon here\r\n"),
                                             };
        QTest::newRow("quoted.mbox") << QStringLiteral("quoted.mbox")
                                     << QList<QByteArray>{
                                            QByteArray("Subject: quoted\r\n"
                                                       "\r\n"
                                                       ">From here\r\n"
                                                       ">>From there\r\n"
                                                       "> From spaced\r\n"
                                                       ">From\r\n"
                                                       "end\r\n"),
                                            QByteArray("Subject: second\r\n"
                                                       "\r\n"
                                                       ">From the second message\r\n"),
                                        };
        QTest::newRow("russia.mbox") << QStringLiteral("russia.mbox")
                                     << QList<QByteArray>{
                                            QByteArray("Subject: t\r\n"
                                                       "\r\n"
                                                       "hi\r\n"
                                                       "From Russia with love\r\n"
                                                       "bye"),
                                        };
        QTest::newRow("unescaped-from.mbox")
            << QStringLiteral("unescaped-from.mbox")
            << QList<QByteArray>{
                   QByteArray("Subject: not valid ones\r\n"
                              "\r\n"
                              "From here on it is a body line\r\n"
                              "From me to you\r\n"
                              "From a@b yesterday\r\n"
                              "From a@b Mon Nov  2 10:00:00 98\r\n"
                              "From a@b Mon Xyz  2 10:00:00 1998\r\n"
                              "From a@b Mon Nov  2 1000:00 1998\r\n"),
                   QByteArray("Subject: after a valid one with seconds\r\n"
                              "\r\n"
                              "body 2"),
                   QByteArray("Subject: after one without seconds\r\n"
                              "\r\n"
                              "body 3"),
                   QByteArray("Subject: timezone before the year\r\n"
                              "\r\n"
                              "body 4"),
                   QByteArray("Subject: timezone after the year\r\n"
                              "\r\n"
                              "body 5"),
                   QByteArray("Subject: named timezone\r\n"
                              "\r\n"
                              "body 6"),
                   QByteArray("Subject: alternate stamp\r\n"
                              "\r\n"
                              "body 7"),
                   QByteArray("Subject: quoted sender\r\n"
                              "\r\n"
                              "body 8"),
                   QByteArray("Subject: empty sender\r\n"
                              "\r\n"
                              "body 9"),
                   QByteArray("Subject: words after the year\r\n"
                              "\r\n"
                              "body 10"),
               };
    }

    void servedAsDovecot()
    {
        QFETCH(QString, file);
        QFETCH(QList<QByteArray>, expected);
        QString error;
        const auto mb = Mailbox::fromSpec(QStringLiteral("mbox:") + kData + file, &error);
        QVERIFY2(mb, qPrintable(error));
        QCOMPARE(served(*mb), expected);
        QList<quint32> numbered;
        for (qsizetype i = 0; i < expected.size(); ++i)
            numbered << quint32(i + 1);
        QCOMPARE(uids(*mb), numbered);
        QCOMPARE(mb->loads.size(), 1);
        QCOMPARE(mb->loads[0].line(), QStringLiteral("loaded %1 %2 from mbox %3%4")
                                          .arg(QString::number(expected.size()),
                                               expected.size() == 1 ? QStringLiteral("message")
                                                                    : QStringLiteral("messages"),
                                               kData, file));
    }

    // Issue 14's defects, each as it was found.
    void issue14_data()
    {
        QTest::addColumn<QByteArray>("file");
        QTest::addColumn<QList<QByteArray>>("expected");
        QTest::newRow("From Russia with love is a body line")
            << QByteArray("From a@b Mon Nov  2 10:00:00 1998\nSubject: t\n\nhi\nFrom Russia with "
                          "love\nbye\n")
            << QList<QByteArray>{"Subject: t\r\n\r\nhi\r\nFrom Russia with love\r\nbye"};
        QTest::newRow(">From stays quoted")
            << QByteArray("From a@b Mon Nov  2 10:00:00 1998\n\n>From here\n")
            << QList<QByteArray>{"\r\n>From here"};
        QTest::newRow("CRLF mbox: the separator's CRLF is not served")
            << QByteArray("From a@b Mon Nov  2 10:00:00 1998\r\nA: 1\r\n\r\nx\r\n\r\n"
                          "From a@b Mon Nov  2 10:00:00 1998\r\nA: 2\r\n\r\ny\r\n")
            << QList<QByteArray>{"A: 1\r\n\r\nx\r\n", "A: 2\r\n\r\ny"};
        QTest::newRow("Status and Content-Length are hidden")
            << QByteArray("From a@b Mon Nov  2 10:00:00 1998\nStatus: RO\nContent-Length: 2\n"
                          "Subject: s\n\nhi\n")
            << QList<QByteArray>{"Subject: s\r\n\r\nhi"};
        QTest::newRow("an empty mbox is an empty mailbox") << QByteArray() << QList<QByteArray>{};
    }

    void issue14()
    {
        QFETCH(QByteArray, file);
        QFETCH(QList<QByteArray>, expected);
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("x.mbox"));
        QVERIFY(write(path, file));
        QString error;
        const auto mb = Mailbox::fromSpec(QStringLiteral("mbox:") + path, &error);
        QVERIFY2(mb, qPrintable(error));
        QCOMPARE(served(*mb), expected);
    }

    // Dovecot refuses these mailboxes ("Mailbox isn't a valid mbox file"); msim says why.
    void notAnMbox_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("expected"); // %1: the path
        QTest::newRow("garbage-first.mbox")
            << QStringLiteral("garbage-first.mbox")
            << QStringLiteral("%1 is not an mbox file: it must begin with a From_ line (\"From \" "
                              "sender date), as Dovecot requires; offset 0 holds \"Subject: a "
                              "message saved without its From_ line\"");
        QTest::newRow("from-line-no-end.mbox")
            << QStringLiteral("from-line-no-end.mbox")
            << QStringLiteral("%1 ends inside a From_ line (no line end after it) at offset 0: "
                              "\"From a@b Mon Nov  2 10:00:00 1998\"");
    }

    void notAnMbox()
    {
        QFETCH(QString, file);
        QFETCH(QString, expected);
        QString error;
        QVERIFY(!Mailbox::fromSpec(QStringLiteral("mbox:") + kData + file, &error));
        QCOMPARE(error, expected.arg(kData + file));
    }

    void badLineIsSanitisedAndCut()
    {
        QString error;
        const QByteArray line = "\x1b]0;owned\x07" + QByteArray(200, 'x') + "\n";
        QVERIFY(!mbox::split(line, QStringLiteral("f"), 10, 100, &error));
        QCOMPARE(error, QStringLiteral("f is not an mbox file: it must begin with a From_ line "
                                       "(\"From \" sender date), as Dovecot requires; offset 0 "
                                       "holds \"\\x1b]0;owned\\x07") +
                            QString(mbox::kMaxQuotedOctets - 10, QLatin1Char('x')) +
                            QStringLiteral("\" (cut at 120 octets)"));
    }

    // Dovecot's From_ line rules (mbox_from_parse), each form once.
    void fromLineDate_data()
    {
        QTest::addColumn<QByteArray>("rest");    // after "From "
        QTest::addColumn<QDateTime>("expected"); // invalid: not a From_ line
        const QDateTime none;
        auto local = [](int d, int h, int m, int s) {
            return QDateTime(QDate(1998, 11, d), QTime(h, m, s), Qt::LocalTime);
        };
        auto offset = [](int d, int h, int m, int secs) {
            return QDateTime(QDate(1998, 11, d), QTime(h, m), Qt::OffsetFromUTC, secs);
        };
        QTest::newRow("asctime") << QByteArray("a@b Mon Nov  2 10:00:00 1998\n")
                                 << local(2, 10, 0, 0);
        QTest::newRow("Netscape 'From - '")
            << QByteArray("- Mon Nov  2 10:00:00 1998\n") << local(2, 10, 0, 0);
        QTest::newRow("no seconds")
            << QByteArray("a@b Mon Nov  2 10:02 1998\n") << local(2, 10, 2, 0);
        QTest::newRow("two-digit day")
            << QByteArray("a@b Mon Nov 12 10:00:00 1998\n") << local(12, 10, 0, 0);
        QTest::newRow("month in lower case")
            << QByteArray("a@b Mon nov  2 10:00:00 1998\n") << local(2, 10, 0, 0);
        QTest::newRow("a zone before the year is skipped like a name (as Dovecot does)")
            << QByteArray("a@b Mon Nov 12 10:03:00 +0100 1998\n") << local(12, 10, 3, 0);
        QTest::newRow("zone after the year")
            << QByteArray("a@b Mon Nov  2 10:04:00 1998 -0130\n") << offset(2, 10, 4, -5400);
        QTest::newRow("named zone ignored")
            << QByteArray("a@b Mon Nov  2 10:05:00 CET 1998\n") << local(2, 10, 5, 0);
        QTest::newRow("alternate stamp")
            << QByteArray("a@b Thu, 5 Nov 1998 10:06:00\n") << local(5, 10, 6, 0);
        QTest::newRow("quoted sender")
            << QByteArray("\"x y\"@b Mon Nov  2 10:07:00 1998\n") << local(2, 10, 7, 0);
        QTest::newRow("empty sender")
            << QByteArray(" Mon Nov  2 10:08:00 1998\n") << local(2, 10, 8, 0);
        QTest::newRow("words after the year")
            << QByteArray("a@b Mon Nov  2 10:09 1998 and more\n") << local(2, 10, 9, 0);
        QTest::newRow("Russia with love") << QByteArray("Russia with love\nbye\n") << none;
        QTest::newRow("me to you") << QByteArray("me to you\n") << none;
        QTest::newRow("two-digit year") << QByteArray("a@b Mon Nov  2 10:00:00 98\n") << none;
        QTest::newRow("unknown month") << QByteArray("a@b Mon Xyz  2 10:00:00 1998\n") << none;
        QTest::newRow("no colon in the time")
            << QByteArray("a@b Mon Nov  2 1000:00 1998\n") << none;
        QTest::newRow("line end in the sender")
            << QByteArray("a@b\nMon Nov  2 10:00:00 1998\n") << none;
        QTest::newRow("too short") << QByteArray("a@b Mon Nov  2 10:00") << none;
    }

    void fromLineDate()
    {
        QFETCH(QByteArray, rest);
        QFETCH(QDateTime, expected);
        const auto date = mbox::fromLineDate(rest);
        QCOMPARE(date.value_or(QDateTime()), expected);
    }

    void internalDateIsTheFromLines()
    {
        QString error;
        const auto mb = Mailbox::fromSpec(
            QStringLiteral("mbox:") + kData + QStringLiteral("unescaped-from.mbox"), &error);
        QVERIFY2(mb, qPrintable(error));
        QCOMPARE(mb->messages.size(), 10);
        QCOMPARE(mb->messages[4].internalDate,
                 QDateTime(QDate(1998, 11, 2), QTime(9, 4), Qt::UTC)); // 10:04:00 1998 +0100
    }

    // The limits, at and one past (split takes them as arguments; Mailbox passes its own).
    void limits_data()
    {
        QTest::addColumn<qint64>("maxMessages");
        QTest::addColumn<qint64>("maxOctets");
        QTest::addColumn<QString>("expected"); // empty: loads
        QTest::newRow("messages at the limit") << qint64(2) << qint64(100) << QString();
        QTest::newRow("messages one past")
            << qint64(1) << qint64(100)
            << QStringLiteral("f holds more than 1 messages, msim's limit for one mailbox "
                              "(Mailbox::kMaxMessages; no option raises it)");
        QTest::newRow("octets at the limit") << qint64(2) << qint64(4) << QString();
        QTest::newRow("octets one past")
            << qint64(2) << qint64(3)
            << QStringLiteral("the message at offset 0 of f is 4 octets, over msim's limit of 3 "
                              "octets per message (Mailbox::kMaxMessageOctets; no option raises "
                              "it)");
    }

    void limits()
    {
        QFETCH(qint64, maxMessages);
        QFETCH(qint64, maxOctets);
        QFETCH(QString, expected);
        const QByteArray file = "From a@b Mon Nov  2 10:00:00 1998\nA:1\n\n"
                                "From a@b Mon Nov  2 10:00:00 1998\nA:2\n";
        QString error;
        const auto messages =
            mbox::split(file, QStringLiteral("f"), maxMessages, maxOctets, &error);
        QCOMPARE(error, expected);
        QCOMPARE(messages.has_value(), expected.isEmpty());
    }

    // A file over a size limit: the error names the limit and says no option raises it. The
    // files are sparse: nothing is read.
    void fileOverTheLimit_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<qint64>("size");
        QTest::addColumn<QString>("expected"); // %1: the path
        QTest::newRow("eml") << QStringLiteral("eml") << Mailbox::kMaxMessageOctets + 1
                             << QStringLiteral("%1 is 134217729 octets, over msim's limit of "
                                               "134217728 octets per message "
                                               "(Mailbox::kMaxMessageOctets; no option raises it)");
        QTest::newRow("mbox") << QStringLiteral("mbox") << Mailbox::kMaxMboxOctets + 1
                              << QStringLiteral("%1 is 1073741825 octets, over msim's limit of "
                                                "1073741824 octets per mbox file "
                                                "(Mailbox::kMaxMboxOctets; no option raises it)");
    }

    void fileOverTheLimit()
    {
        QFETCH(QString, kind);
        QFETCH(qint64, size);
        QFETCH(QString, expected);
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("big"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly) && f.resize(size));
        f.close();
        QString error;
        QVERIFY(!Mailbox::fromSpec(kind + QLatin1Char(':') + path, &error));
        QCOMPARE(error, expected.arg(path));
    }

    // "Re: invoice, March.eml": taken whole when it exists; eml:A,B still lists two files.
    void emlNameWithComma()
    {
        QTemporaryDir dir;
        const QString comma = dir.filePath(QStringLiteral("Re: invoice, March.eml"));
        const QString a = dir.filePath(QStringLiteral("a.eml"));
        const QString b = dir.filePath(QStringLiteral("b.eml"));
        QVERIFY(write(comma, "Subject: invoice\n\nMarch\n"));
        QVERIFY(write(a, "Subject: a\n\n"));
        QVERIFY(write(b, ""));
        QString error;
        auto one = Mailbox::fromSpec(QStringLiteral("eml:") + comma, &error);
        QVERIFY2(one, qPrintable(error));
        QCOMPARE(served(*one), QList<QByteArray>{"Subject: invoice\r\n\r\nMarch\r\n"});
        QCOMPARE(one->loads[0].line(), QStringLiteral("loaded 1 message from eml ") + comma);
        auto two = Mailbox::fromSpec(QStringLiteral("eml:%1,%2").arg(a, b), &error);
        QVERIFY2(two, qPrintable(error));
        QCOMPARE(served(*two), (QList<QByteArray>{"Subject: a\r\n\r\n", ""}));
        QCOMPARE(two->loads[0].line(),
                 QStringLiteral("loaded 2 messages from eml %1, %2").arg(a, b));
    }

    // Several specs in a row: messages in order, UIDs continuing, one "loaded" line each.
    void severalSpecs()
    {
        QTemporaryDir dir;
        const QString eml = dir.filePath(QStringLiteral("x.eml"));
        QVERIFY(write(eml, "Subject: x\n\nx\n"));
        const QString netscape = kData + QStringLiteral("netscape.mbox");
        QString error;
        const auto mb =
            Mailbox::fromSpecs({QStringLiteral("mbox:") + netscape, QStringLiteral("eml:") + eml,
                                QStringLiteral("mbox:") + kData + QStringLiteral("empty.mbox"),
                                QStringLiteral("generated:2")},
                               &error);
        QVERIFY2(mb, qPrintable(error));
        QCOMPARE(uids(*mb), (QList<quint32>{1, 2, 3, 4, 5, 6}));
        QCOMPARE(mb->messages[3].data, QByteArray("Subject: x\r\n\r\nx\r\n"));
        QStringList lines;
        for (const auto &l : mb->loads)
            lines << l.line();
        QCOMPARE(lines, (QStringList{QStringLiteral("loaded 3 messages from mbox ") + netscape,
                                     QStringLiteral("loaded 1 message from eml ") + eml,
                                     QStringLiteral("loaded 0 messages from mbox ") + kData +
                                         QStringLiteral("empty.mbox"),
                                     QStringLiteral("loaded 2 messages from generated:2")}));
    }

    void sampleKeepsItsUids()
    {
        QString error;
        const auto mb = Mailbox::fromSpecs({QStringLiteral("sample")}, &error);
        QVERIFY2(mb, qPrintable(error));
        QCOMPARE(mb->messages.size(), 13);
        QCOMPARE(mb->messages.last().uid, quint32(13));
        QCOMPARE(mb->loads[0].line(), QStringLiteral("loaded 13 messages from the sample corpus"));
    }
};

QTEST_GUILESS_MAIN(tst_Mbox)
#include "tst_mbox.moc"
