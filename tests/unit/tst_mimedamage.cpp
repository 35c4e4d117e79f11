// SPDX-License-Identifier: MIT
// MimeDamage: which MIME part the octets Messenger 4.5 displayed kept, cut, lost, repeated or
// changed, on the sample corpus's MIME messages, with the displays the public reports produce.
#include "emulator/Corpus.h"
#include "fetch/MimeDamage.h"

#include <QTest>

using msim::emulator::Corpus;
using msim::fetch::MimeDamage;
using msim::fetch::MimeStructure;
using msim::fetch::PartDamage;

namespace {

QByteArray sample(quint32 uid)
{
    for (const auto &m : Corpus::sample())
        if (m.uid == uid)
            return m.served;
    return {};
}

// "path state kept [decoded_kept]" per part: the whole assessment in one comparable value.
QStringList rows(const MimeDamage &d)
{
    QStringList out;
    for (const PartDamage &p : d.parts)
        out << QStringLiteral("%1 %2 %3 %4/%5%6")
                   .arg(p.part.path, QString::fromLatin1(p.part.contentType),
                        msim::fetch::kPartStateNames.name(p.state))
                   .arg(p.kept)
                   .arg(p.part.length)
                   .arg(p.decodedKept ? QStringLiteral(" decoded %1").arg(*p.decodedKept)
                                      : QString());
    return out;
}

// Reference ranges [from, to) in the order a display showed them.
using Ranges = QList<std::pair<qint64, qint64>>;

QByteArray shown(const QByteArray &ref, const Ranges &ranges)
{
    QByteArray out;
    for (const auto &[from, to] : ranges)
        out += ref.mid(from, to - from);
    return out;
}

} // namespace

class tst_MimeDamage : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void structureOfTheSamples_data()
    {
        QTest::addColumn<quint32>("uid");
        QTest::addColumn<QStringList>("parts"); // "path type offset+length filename"
        QTest::newRow("UID 11 multipart with attachments")
            << quint32(11)
            << QStringList{QStringLiteral("1 text/plain 354+4347 "),
                           QStringLiteral("2 application/octet-stream 4725+12468 pattern.bin"),
                           QStringLiteral("3 text/plain 17217+229 notes.txt")};
        QTest::newRow("UID 14 a 34 KB report.pdf past the first chunk")
            << quint32(14)
            << QStringList{QStringLiteral("1 text/plain 362+2012 "),
                           QStringLiteral("2 application/pdf 2395+47787 report.pdf"),
                           QStringLiteral("3 text/csv 50203+177 summary.csv")};
        QTest::newRow("UID 15 multipart/related > multipart/alternative + inline images")
            << quint32(15)
            << QStringList{QStringLiteral("1 multipart/alternative 365+2805 "),
                           QStringLiteral("1.1 text/plain 463+1783 "),
                           QStringLiteral("1.2 text/html 2273+870 "),
                           QStringLiteral("2 image/png 3193+8535 "),
                           QStringLiteral("3 image/png 11751+12740 ")};
        QTest::newRow("UID 16 RFC 2231 file name, UTF-8 in two continuations")
            << quint32(16)
            << QStringList{QStringLiteral("1 text/plain 315+684 "),
                           QStringLiteral("2 application/pdf 1022+7204 "
                                          "Prüfbericht Q3 — Müller GmbH.pdf")};
        QTest::newRow("UID 6 a text message: its body is part 1")
            << quint32(6) << QStringList{QStringLiteral("1 text/plain 268+19732 ")};
    }
    void structureOfTheSamples()
    {
        QFETCH(quint32, uid);
        QFETCH(QStringList, parts);
        const MimeStructure s = MimeStructure::parse(sample(uid));
        QVERIFY(s.isMime);
        QCOMPARE(s.note, QString());
        QStringList got;
        for (const auto &p : s.parts)
            got << QStringLiteral("%1 %2 %3+%4 %5")
                       .arg(p.path, QString::fromLatin1(p.contentType))
                       .arg(p.offset)
                       .arg(p.length)
                       .arg(p.filename);
        QCOMPARE(got, parts);
    }

    // Issue 19's "done means": exchange55-presp2 over SSL with kb-q194998 shows the first
    // 6144 octets of UID 11, then logs out (KB Q194998).
    void damage_data()
    {
        QTest::addColumn<quint32>("uid");
        QTest::addColumn<Ranges>("display");
        QTest::addColumn<QStringList>("parts");
        QTest::addColumn<QStringList>("sentences");

        QTest::newRow("exchange55-presp2 KB Q194998 over SSL, kb-q194998: UID 11 shows 6144")
            << quint32(11) << Ranges{{0, 6144}}
            << QStringList{QStringLiteral("1 text/plain intact 4347/4347"),
                           QStringLiteral("2 application/octet-stream cut 1419/12468 decoded 924"),
                           QStringLiteral("3 text/plain missing 0/229")}
            << QStringList{
                   QStringLiteral("The attachment pattern.bin (application/octet-stream, 8.8 kB, "
                                  "part 2) is cut: 924 of its 9000 bytes survive (11% of its "
                                  "octets)."),
                   QStringLiteral("The attachment notes.txt (text/plain, 64 bytes, part 3) is "
                                  "missing entirely."),
                   QStringLiteral("Intact: the text part (text/plain, 4.2 kB, part 1).")};
        QTest::newRow("rfc3501 over plain text: UID 11 whole, every part intact")
            << quint32(11) << Ranges{{0, 17472}}
            << QStringList{QStringLiteral("1 text/plain intact 4347/4347"),
                           QStringLiteral("2 application/octet-stream intact 12468/12468"),
                           QStringLiteral("3 text/plain intact 229/229")}
            << QStringList{};
        QTest::newRow("exchange55-presp2 messenger45: UID 14 shows 10240, report.pdf cut")
            << quint32(14) << Ranges{{0, 10240}}
            << QStringList{QStringLiteral("1 text/plain intact 2012/2012"),
                           QStringLiteral("2 application/pdf cut 7845/47787 decoded 5628"),
                           QStringLiteral("3 text/csv missing 0/177")}
            << QStringList{
                   QStringLiteral("The attachment report.pdf (application/pdf, 34 kB, part 2) "
                                  "is cut: 5628 of its 34816 bytes survive (16% of its octets)."),
                   QStringLiteral("The attachment summary.csv (text/csv, 56 bytes, part 3) is "
                                  "missing entirely."),
                   QStringLiteral("Intact: the text part (text/plain, 1.9 kB, part 1).")};
        QTest::newRow("KB Q194998 on UID 15: the logo cut, the chart missing, the texts intact")
            << quint32(15) << Ranges{{0, 6144}}
            << QStringList{QStringLiteral("1 multipart/alternative intact 2805/2805"),
                           QStringLiteral("1.1 text/plain intact 1783/1783"),
                           QStringLiteral("1.2 text/html intact 870/870"),
                           QStringLiteral("2 image/png cut 2951/8535 decoded 2061"),
                           QStringLiteral("3 image/png missing 0/12740")}
            << QStringList{
                   QStringLiteral("The inline image (image/png, 6.0 kB, part 2) is cut: 2061 of "
                                  "its 6144 bytes survive (34% of its octets)."),
                   QStringLiteral("The inline image (image/png, 9.0 kB, part 3) is missing "
                                  "entirely."),
                   QStringLiteral("Intact: the text part (text/plain, 1.6 kB, part 1.1); the text "
                                  "part (text/html, 771 bytes, part 1.2).")};
        QTest::newRow("exchange55-presp2-framed: 1500 octets of UID 11 shown twice")
            << quint32(11) << Ranges{{0, 7644}, {6144, 17472}}
            << QStringList{QStringLiteral("1 text/plain intact 4347/4347"),
                           QStringLiteral("2 application/octet-stream duplicated 12468/12468"),
                           QStringLiteral("3 text/plain intact 229/229")}
            << QStringList{QStringLiteral("The attachment pattern.bin (application/octet-stream, "
                                          "8.8 kB, part 2) is shown more than once."),
                           QStringLiteral("Intact: the text part (text/plain, 4.2 kB, part 1); the "
                                          "attachment notes.txt (text/plain, 64 bytes, part 3).")};
        QTest::newRow("MESSENGER45.md §5 origin 0 again: UID 11 loses 6144-12287")
            << quint32(11) << Ranges{{0, 6144}, {12288, 17472}}
            << QStringList{QStringLiteral("1 text/plain intact 4347/4347"),
                           QStringLiteral("2 application/octet-stream changed 6324/12468"),
                           QStringLiteral("3 text/plain intact 229/229")}
            << QStringList{QStringLiteral("The attachment pattern.bin (application/octet-stream, "
                                          "8.8 kB, part 2) is shown with a piece left out: 6324 of "
                                          "its 12468 octets are shown, and octets 6144–12287 of "
                                          "the message are not."),
                           QStringLiteral("Intact: the text part (text/plain, 4.2 kB, part 1); the "
                                          "attachment notes.txt (text/plain, 64 bytes, part 3).")};
        QTest::newRow("KB Q191504 RFC822.SIZE 300 short: the end of pattern.bin and notes.txt")
            << quint32(11) << Ranges{{0, 17172}}
            << QStringList{QStringLiteral("1 text/plain intact 4347/4347"),
                           QStringLiteral("2 application/octet-stream cut 12447/12468 decoded "
                                          "8982"),
                           QStringLiteral("3 text/plain missing 0/229")}
            << QStringList{QStringLiteral("The attachment pattern.bin (application/octet-stream, "
                                          "8.8 kB, part 2) is cut: 8982 of its 9000 bytes survive "
                                          "(99% of its octets)."),
                           QStringLiteral("The attachment notes.txt (text/plain, 64 bytes, part "
                                          "3) is missing entirely."),
                           QStringLiteral("Intact: the text part (text/plain, 4.2 kB, part 1).")};
        QTest::newRow("100 octets of pattern.bin inserted inside the text part")
            << quint32(11) << Ranges{{0, 4000}, {9000, 9100}, {4000, 17472}}
            << QStringList{QStringLiteral("1 text/plain changed 4347/4347"),
                           QStringLiteral("2 application/octet-stream duplicated 12468/12468"),
                           QStringLiteral("3 text/plain intact 229/229")}
            << QStringList{QStringLiteral("The text part (text/plain, 4.2 kB, part 1) is shown "
                                          "changed: its octets are shown in pieces, with other "
                                          "octets between them."),
                           QStringLiteral("The attachment pattern.bin (application/octet-stream, "
                                          "8.8 kB, part 2) is shown more than once."),
                           QStringLiteral("Intact: the attachment notes.txt (text/plain, 64 "
                                          "bytes, part 3).")};
        QTest::newRow("a cut inside the text part: characters, not octets")
            << quint32(11) << Ranges{{0, 2000}}
            << QStringList{QStringLiteral("1 text/plain cut 1646/4347"),
                           QStringLiteral("2 application/octet-stream missing 0/12468"),
                           QStringLiteral("3 text/plain missing 0/229")}
            << QStringList{QStringLiteral("The text part (text/plain, part 1) is cut after 1567 "
                                          "of 4268 characters (37% of its octets)."),
                           QStringLiteral("The attachment pattern.bin (application/octet-stream, "
                                          "8.8 kB, part 2) is missing entirely."),
                           QStringLiteral("The attachment notes.txt (text/plain, 64 bytes, part "
                                          "3) is missing entirely.")};
    }
    void damage()
    {
        QFETCH(quint32, uid);
        QFETCH(Ranges, display);
        QFETCH(QStringList, parts);
        QFETCH(QStringList, sentences);
        const QByteArray ref = sample(uid);
        const auto d = MimeDamage::assess(shown(ref, display), ref);
        QVERIFY(d);
        QCOMPARE(rows(*d), parts);
        QCOMPARE(d->sentences(), sentences);
        QCOMPARE(d->damaged(), !sentences.isEmpty());
    }

    void foreignOctetsChangeThePartTheyLandIn()
    {
        // A server that sent other octets in place of part 2's (Yahoo-like garbage, a proxy).
        const QByteArray ref = sample(11);
        QByteArray display = ref.left(5000) + QByteArray(300, '\x01');
        const auto d = MimeDamage::assess(display, ref);
        QVERIFY(d);
        QCOMPARE(rows(*d), (QStringList{QStringLiteral("1 text/plain intact 4347/4347"),
                                        QStringLiteral("2 application/octet-stream changed "
                                                       "275/12468"),
                                        QStringLiteral("3 text/plain missing 0/229")}));
        QCOMPARE(d->sentences().first(),
                 QStringLiteral("The attachment pattern.bin (application/octet-stream, 8.8 kB, "
                                "part 2) is shown changed: at offset 5000 of the message, the "
                                "display holds octets that are not the message's."));
    }

    void missingBoundaryIsANoteNotACrash()
    {
        const QByteArray ref = sample(17);
        const auto d = MimeDamage::assess(ref.left(1000), ref);
        QVERIFY(d);
        QVERIFY(d->parts.isEmpty());
        QCOMPARE(d->note, QStringLiteral("not parseable as MIME: a multipart without a boundary "
                                         "parameter at offset 231 (\"Content-Type: "
                                         "multipart/mixed\")"));
        // No part sentences; the header cut is not the case here either (1000 > header).
        QCOMPARE(d->sentences(), QStringList{});
    }

    void hostileTokensBecomePrintable()
    {
        // A content type, charset and Content-ID with C1 controls and 8-bit octets: nothing
        // a message puts there reaches a sentence, the JSON or the GUI as it was.
        QByteArray m = "MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n"
                       "--b\r\nContent-Type: text/p\xc2\x9b"
                       "31mlain; charset=\"utf\x1b-8\"\r\n"
                       "Content-ID: <\x7f\xe2\x80\xae"
                       "id>\r\n\r\nhello\r\n--b--\r\n";
        const MimeStructure s = MimeStructure::parse(m);
        QCOMPARE(s.parts.size(), 1);
        QCOMPARE(s.parts[0].contentType, QByteArray("text/p??31mlain"));
        QCOMPARE(s.parts[0].contentId, QByteArray("????id"));
        for (char c : s.parts[0].charset)
            QVERIFY(uchar(c) > 0x20 && uchar(c) < 0x7f);
    }

    void nullWithoutReferenceOrMime()
    {
        QVERIFY(!MimeDamage::assess(QByteArray("x"), std::nullopt));
        const QByteArray plain = "From: a@b.invalid\r\nSubject: no MIME\r\n\r\nhello\r\n";
        QVERIFY(!MimeDamage::assess(plain.left(20), plain));
    }

    void headerCutIsSaid()
    {
        const QByteArray ref = sample(11);
        const auto d = MimeDamage::assess(ref.left(100), ref);
        QVERIFY(d);
        QCOMPARE(d->sentences().first(),
                 QStringLiteral("The message's own header is cut after 100 of its 286 octets, "
                                "so no part of it was shown."));
    }

    void limits()
    {
        // One part past kMaxParts: not analysed, said so.
        QByteArray many = "MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n";
        for (int i = 0; i <= MimeStructure::kMaxParts; ++i)
            many += "--b\r\nContent-Type: text/plain\r\n\r\nx\r\n";
        many += "--b--\r\n";
        const MimeStructure s = MimeStructure::parse(many);
        QVERIFY(s.parts.isEmpty());
        QCOMPARE(s.note, QStringLiteral("not analysed as MIME: more than 1000 parts (msim's "
                                        "limit)"));
        // Exactly kMaxParts parts are read.
        QByteArray at = "MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n";
        for (int i = 0; i < MimeStructure::kMaxParts; ++i)
            at += "--b\r\nContent-Type: text/plain\r\n\r\nx\r\n";
        at += "--b--\r\n";
        QCOMPARE(MimeStructure::parse(at).parts.size(), MimeStructure::kMaxParts);
    }

    void decodeAndCount()
    {
        // A base64 prefix cut inside a quantum gives only the complete bytes.
        QCOMPARE(MimeStructure::decode("aGVsbG8gd29y", "base64"), QByteArray("hello wor"));
        QCOMPARE(MimeStructure::decode("aGVsbG8gd2", "base64"), QByteArray("hello "));
        QCOMPARE(MimeStructure::decode("caf=C3=A9 =\r\nna", "quoted-printable"),
                 QByteArray("caf\xc3\xa9 na"));
        QCOMPARE(MimeStructure::decode("as is", "7bit"), QByteArray("as is"));
        // UTF-8 cut inside a character: the incomplete one is not counted.
        QCOMPARE(MimeStructure::characters("caf\xc3\xa9", "utf-8"), std::optional<qint64>(4));
        QCOMPARE(MimeStructure::characters("caf\xc3", "utf-8"), std::optional<qint64>(3));
        QCOMPARE(MimeStructure::characters("caf\xe9", "iso-8859-1"), std::optional<qint64>(4));
        QCOMPARE(MimeStructure::characters("x", "no-such-charset"), std::nullopt);
    }

    void sizes()
    {
        QCOMPARE(MimeDamage::size(1), QStringLiteral("1 byte"));
        QCOMPARE(MimeDamage::size(900), QStringLiteral("900 bytes"));
        QCOMPARE(MimeDamage::size(1023), QStringLiteral("1023 bytes"));
        QCOMPARE(MimeDamage::size(1024), QStringLiteral("1.0 kB"));
        QCOMPARE(MimeDamage::size(9000), QStringLiteral("8.8 kB"));
        QCOMPARE(MimeDamage::size(34816), QStringLiteral("34 kB"));
        QCOMPARE(MimeDamage::size(10 * 1024), QStringLiteral("10 kB"));
        QCOMPARE(MimeDamage::size(5 * 1024 * 1024), QStringLiteral("5.0 MB"));
        QCOMPARE(MimeDamage::size(64 * 1024 * 1024), QStringLiteral("64 MB"));
    }
};

QTEST_GUILESS_MAIN(tst_MimeDamage)
#include "tst_mimedamage.moc"
