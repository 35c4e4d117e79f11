// SPDX-License-Identifier: MIT
// An mbox read as Dovecot 2.3 reads it (emulator/Mbox.h, DESIGN.md §5), and the corpus specs
// around it. The rows of servedAsDovecot are what the real Dovecot served for each file of
// tests/data/mbox (tst_dovecot_mbox checks the same files against the live fixture).
#include "emulator/Mailbox.h"
#include "emulator/Mbox.h"

#include <QDir>
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
        QTest::newRow("nul.mbox")
            << QStringLiteral("nul.mbox")
            << QList<QByteArray>{
                   QByteArray("Subject: a NUL \x80 in the header\r\n"
                              "X-Nul:\x80\r\n"
                              "\r\n"
                              "body with a NUL \x80 here\r\n"
                              "\x80\x80\r\n"
                              "last line ends with a NUL\x80\r\n"),
                   QByteArray("Subject: second\r\n"
                              "\r\n"
                              "\x80\r\n"),
                   QByteArray("Subject: a NUL in a field name\r\n"
                              "\r\n"
                              "Dovecot compares names only up to a NUL: Status, so hidden and "
                              "Seen"),
               };
        QTest::newRow("status-flags.mbox")
            << QStringLiteral("status-flags.mbox")
            << QList<QByteArray>{
                   QByteArray("Subject: Status RO\r\n\r\nseen\r\n"),
                   QByteArray("Subject: Status O, X-Status AFTD\r\n\r\n"
                              "answered flagged draft deleted\r\n"),
                   QByteArray("Subject: lower-case names, letters in any place\r\n\r\n"
                              "seen flagged (d is not D)\r\n"),
                   QByteArray("Subject: Status in the body only\r\n\r\n"
                              "Status: RO\r\n"
                              "X-Status: AFTD\r\n"),
                   QByteArray("Subject: X-Mozilla-Status is not a flag source\r\n"
                              "X-Mozilla-Status: 0001\r\n"
                              "\r\n"
                              "no flags: R and A are in the other field"),
               };
        QTest::newRow("uw-pseudo.mbox")
            << QStringLiteral("uw-pseudo.mbox")
            << QList<QByteArray>{
                   QByteArray("Subject: first real message\r\n\r\none\r\n"),
                   QByteArray("Subject: second real message\r\n\r\ntwo"),
               };
        QTest::newRow("x-imap-invalid.mbox")
            << QStringLiteral("x-imap-invalid.mbox")
            << QList<QByteArray>{
                   QByteArray("Subject: X-IMAP with a bad value\r\n\r\nserved\r\n"),
                   QByteArray("Subject: no X-IMAP here\r\n\r\nserved too"),
               };
        QTest::newRow("x-imap-lone.mbox")
            << QStringLiteral("x-imap-lone.mbox") << QList<QByteArray>{};
        QTest::newRow("x-imap-second.mbox")
            << QStringLiteral("x-imap-second.mbox")
            << QList<QByteArray>{
                   QByteArray("Subject: first\r\n\r\none\r\n"),
                   QByteArray("Subject: DON'T DELETE THIS MESSAGE -- FOLDER INTERNAL DATA\r\n"
                              "\r\n"
                              "two"),
               };
        QTest::newRow("x-imap-zero.mbox")
            << QStringLiteral("x-imap-zero.mbox")
            << QList<QByteArray>{
                   QByteArray("Subject: X-IMAP with UIDVALIDITY 0\r\n\r\nserved"),
               };
    }

    // The flags the real Dovecot gave each message of these files (FLAGS less \Recent).
    void flagsAsDovecot_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QList<QByteArrayList>>("expected");
        QTest::newRow("status-flags.mbox")
            << QStringLiteral("status-flags.mbox")
            << QList<QByteArrayList>{{"\\Seen"},
                                     {"\\Answered", "\\Flagged", "\\Deleted", "\\Draft"},
                                     {"\\Flagged", "\\Seen"},
                                     {},
                                     {}};
        QTest::newRow("hidden-headers.mbox") << QStringLiteral("hidden-headers.mbox")
                                             << QList<QByteArrayList>{{"\\Answered", "\\Seen"}, {}};
        QTest::newRow("uw-pseudo.mbox") << QStringLiteral("uw-pseudo.mbox")
                                        << QList<QByteArrayList>{{"\\Seen"}, {"\\Answered"}};
        QTest::newRow("nul.mbox") << QStringLiteral("nul.mbox")
                                  << QList<QByteArrayList>{{}, {}, {"\\Flagged", "\\Seen"}};
    }

    void flagsAsDovecot()
    {
        QFETCH(QString, file);
        QFETCH(QList<QByteArrayList>, expected);
        QString error;
        const auto mb = Mailbox::fromSpec(QStringLiteral("mbox:") + kData + file, &error);
        QVERIFY2(mb, qPrintable(error));
        QList<QByteArrayList> got;
        for (const auto &m : mb->messages)
            got << m.flags;
        QCOMPARE(got, expected);
    }

    // Dovecot's Status / X-Status reading in the forms its 2.3.19.1 mbox rewrite corrupts the
    // file on (so they are not in tests/data/mbox): what mbox_sync_parse_next_mail reads.
    void flagsDovecotReads_data()
    {
        QTest::addColumn<QByteArray>("stored");
        QTest::addColumn<QByteArrayList>("expected");
        QTest::newRow("two Status fields add up")
            << QByteArray("Status: O\nStatus: R\n\nx\n") << QByteArrayList{"\\Seen"};
        QTest::newRow("a folded X-Status: its continuation counts")
            << QByteArray("X-Status: A\n T\n\nx\n") << QByteArrayList{"\\Answered", "\\Draft"};
        QTest::newRow("CRLF header section") << QByteArray("Status: RO\r\nX-Status: F\r\n\r\nx\r\n")
                                             << QByteArrayList{"\\Flagged", "\\Seen"};
        QTest::newRow("after the empty line: body, no flag")
            << QByteArray("Subject: s\n\nStatus: R\n") << QByteArrayList{};
        QTest::newRow("no empty line: all header")
            << QByteArray("Subject: s\nX-Status: D") << QByteArrayList{"\\Deleted"};
        QTest::newRow("a NUL ends the name")
            << QByteArray("X-Status\0x: T\n\n", 15) << QByteArrayList{"\\Draft"};
        QTest::newRow("lower case letters are no flags")
            << QByteArray("Status: ro\nX-Status: aftd\n\n") << QByteArrayList{};
    }

    void flagsDovecotReads()
    {
        QFETCH(QByteArray, stored);
        QFETCH(QByteArrayList, expected);
        QCOMPARE(mbox::flags(stored), expected);
    }

    // mbox-sync-parse.c's parse_x_imap / parse_x_imap_base, on the first message's header.
    void folderInternalData_data()
    {
        QTest::addColumn<QByteArray>("stored");
        QTest::addColumn<bool>("expected");
        QTest::newRow("UW-IMAP's pseudo message")
            << QByteArray("Subject: DON'T DELETE THIS MESSAGE -- FOLDER INTERNAL DATA\n"
                          "X-IMAP: 0910000000 0000000002 $Label1\n\ntext\n")
            << true;
        QTest::newRow("any sender or subject") << QByteArray("X-IMAP: 1 2\n") << true;
        QTest::newRow("UIDVALIDITY alone") << QByteArray("X-IMAP: 7\n\n") << true;
        QTest::newRow("lower-case name, space before the colon")
            << QByteArray("x-imap : 1 0000000001\n\n") << true;
        QTest::newRow("CRLF") << QByteArray("X-IMAP: 1 0000000001\r\n\r\n") << true;
        QTest::newRow("UIDVALIDITY 0") << QByteArray("X-IMAP: 0 0000000001\n\n") << false;
        QTest::newRow("UIDVALIDITY 2^32 counts as 0")
            << QByteArray("X-IMAP: 4294967296 1\n\n") << false;
        QTest::newRow("not a number") << QByteArray("X-IMAP: yes\n\n") << false;
        QTest::newRow("two spaces after the colon: only one is skipped")
            << QByteArray("X-IMAP:  1 0000000001\n\n") << false;
        QTest::newRow("last UID followed by a letter") << QByteArray("X-IMAP: 1 2x\n\n") << false;
        QTest::newRow("a valid X-IMAPbase first decides")
            << QByteArray("X-IMAPbase: 1 0000000001\nX-IMAP: 1 0000000001\n\n") << false;
        QTest::newRow("an invalid X-IMAPbase first does not")
            << QByteArray("X-IMAPbase: 0 0000000001\nX-IMAP: 1 0000000001\n\n") << true;
        QTest::newRow("in the body") << QByteArray("Subject: s\n\nX-IMAP: 1 2\n") << false;
    }

    void folderInternalData()
    {
        QFETCH(QByteArray, stored);
        QFETCH(bool, expected);
        QCOMPARE(mbox::folderInternalData(stored), expected);
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

    // Dovecot's IMAP layer serves a NUL as 0x80 for every format (checked with a Maildir
    // message in the fixture): eml and Maildir files too, sizes unchanged.
    void nulAs0x80InEveryFormat()
    {
        QTemporaryDir dir;
        const QByteArray withNul("Subject: a \0 b\n\nbody \0\n", 23);
        const QByteArray as0x80("Subject: a \x80 b\r\n\r\nbody \x80\r\n");
        const QString eml = dir.filePath(QStringLiteral("nul.eml"));
        QVERIFY(write(eml, withNul));
        QVERIFY(QDir(dir.path()).mkpath(QStringLiteral("md/cur")));
        QVERIFY(write(dir.filePath(QStringLiteral("md/cur/1.nul:2,S")), withNul));
        QString error;
        const auto mb =
            Mailbox::fromSpecs({QStringLiteral("eml:") + eml,
                                QStringLiteral("maildir:") + dir.filePath(QStringLiteral("md"))},
                               &error);
        QVERIFY2(mb, qPrintable(error));
        QCOMPARE(served(*mb), (QList<QByteArray>{as0x80, as0x80}));
    }

    // A malformed spec is a usage error for `serve` (exit 2); a spec naming something that
    // cannot be loaded is not (exit 1).
    void failureKinds_data()
    {
        QTest::addColumn<QString>("spec"); // %1: an existing .eml, %2: a missing file
        QTest::addColumn<Mailbox::Failure>("expected");
        QTest::addColumn<QString>("error");
        QTest::newRow("unknown kind")
            << QStringLiteral("floppy:A") << Mailbox::Failure::BadSpec
            << QStringLiteral("unknown corpus 'floppy:A': use sample, generated:N, maildir:DIR, "
                              "mbox:FILE or eml:FILE[,FILE...]");
        QTest::newRow("generated:N out of range")
            << QStringLiteral("generated:-1") << Mailbox::Failure::BadSpec
            << QStringLiteral("generated:N needs N from 0 to 1000000 (msim's limit for one "
                              "mailbox, Mailbox::kMaxMessages)");
        QTest::newRow("eml:a.eml,,b.eml (an empty name)")
            << QStringLiteral("eml:%1,,%1") << Mailbox::Failure::BadSpec
            << QStringLiteral("eml:%1,,%1 has an empty file name (name 2 of 3): "
                              "eml:FILE[,FILE...] takes names separated by single commas");
        QTest::newRow("eml:a.eml, (a trailing comma)")
            << QStringLiteral("eml:%1,") << Mailbox::Failure::BadSpec
            << QStringLiteral("eml:%1, has an empty file name (name 2 of 2): "
                              "eml:FILE[,FILE...] takes names separated by single commas");
        QTest::newRow("mbox: without a file")
            << QStringLiteral("mbox:") << Mailbox::Failure::BadSpec
            << QStringLiteral("mbox: needs a file: mbox:FILE");
        QTest::newRow("maildir: without a folder")
            << QStringLiteral("maildir:") << Mailbox::Failure::BadSpec
            << QStringLiteral("maildir: needs a folder: maildir:DIR");
        QTest::newRow("a missing mbox")
            << QStringLiteral("mbox:%2") << Mailbox::Failure::CannotLoad
            << QStringLiteral("cannot read %2: No such file or directory");
        QTest::newRow("a missing eml in a list")
            << QStringLiteral("eml:%1,%2") << Mailbox::Failure::CannotLoad
            << QStringLiteral("cannot read %2: No such file or directory");
        QTest::newRow("not a Maildir")
            << QStringLiteral("maildir:%2") << Mailbox::Failure::CannotLoad
            << QStringLiteral("maildir:%2 is not a Maildir (no cur/ folder)");
    }

    void failureKinds()
    {
        QFETCH(QString, spec);
        QFETCH(Mailbox::Failure, expected);
        QFETCH(QString, error);
        QTemporaryDir dir;
        const QString eml = dir.filePath(QStringLiteral("a.eml"));
        const QString missing = dir.filePath(QStringLiteral("missing"));
        QVERIFY(write(eml, "Subject: a\n\n"));
        auto fill = [&](QString text) {
            return text.replace(QLatin1String("%1"), eml).replace(QLatin1String("%2"), missing);
        };
        QString got;
        auto failure = expected == Mailbox::Failure::BadSpec ? Mailbox::Failure::CannotLoad
                                                             : Mailbox::Failure::BadSpec;
        QVERIFY(!Mailbox::fromSpecs({fill(spec)}, &got, &failure));
        QCOMPARE(got, fill(error));
        QCOMPARE(failure, expected);
    }

    void sampleKeepsItsUids()
    {
        QString error;
        const auto mb = Mailbox::fromSpecs({QStringLiteral("sample")}, &error);
        QVERIFY2(mb, qPrintable(error));
        QCOMPARE(mb->messages.size(), 17);
        QCOMPARE(mb->messages.last().uid, quint32(17));
        QCOMPARE(mb->loads[0].line(), QStringLiteral("loaded 17 messages from the sample corpus"));
    }
};

QTEST_GUILESS_MAIN(tst_Mbox)
#include "tst_mbox.moc"
