// SPDX-License-Identifier: MIT
// The corpus generator: exact sizes, offset-numbered lines, the bare-LF twin, determinism.
#include "emulator/Corpus.h"

#include <QTest>

using msim::emulator::Corpus;

class tst_Corpus : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void sizesAndUids()
    {
        const auto c = Corpus::sample();
        QCOMPARE(c.size(), 17);
        const qint64 sizes[] = {1024,  6143,  6144,   6145,        12288,
                                20000, 26000, 102400, 1024 * 1024, 5 * 1024 * 1024};
        for (int i = 0; i < 10; ++i) {
            QCOMPARE(c[i].uid, quint32(i + 1));
            QCOMPARE(c[i].served.size(), sizes[i]);
            QCOMPARE(Corpus::uidOfSize(sizes[i]), quint32(i + 1));
        }
        for (int i = 0; i < c.size(); ++i)
            QCOMPARE(c[i].uid, quint32(i + 1));
    }

    void bodyLinesStartWithTheirOffset()
    {
        for (const auto &m : Corpus::sample()) {
            if (!m.label.endsWith("octets") && !m.label.startsWith("bare"))
                continue;
            const QByteArray &s = m.served;
            qsizetype pos = s.indexOf("\r\n\r\n");
            QVERIFY(pos > 0);
            pos += 4;
            int lines = 0;
            while (pos < s.size()) {
                const qsizetype eol = s.indexOf("\r\n", pos);
                QVERIFY2(eol > pos, m.label.constData());
                QCOMPARE(s.mid(pos, 8).toLongLong(), qint64(pos));
                QCOMPARE(s.at(pos + 8), ' ');
                pos = eol + 2;
                ++lines;
            }
            QCOMPARE(pos, s.size());
            QVERIFY(lines > 0);
            QVERIFY(!s.contains('\0'));
        }
    }

    void everyServedMessageUsesCrlf()
    {
        for (const auto &m : Corpus::sample()) {
            const QByteArray &s = m.served;
            for (qsizetype i = 0; i < s.size(); ++i)
                if (s[i] == '\n')
                    QVERIFY2(i > 0 && s[i - 1] == '\r', m.label.constData());
        }
    }

    void bareLfTwin()
    {
        const auto c = Corpus::sample();
        const auto &lf = c[12]; // UID 13; the MIME samples follow it
        QCOMPARE(lf.uid, quint32(13));
        QVERIFY(lf.label.startsWith("bare"));
        QVERIFY(!lf.stored.contains('\r'));
        QCOMPARE(lf.stored, Corpus::toBareLf(lf.served));
        QCOMPARE(lf.stored.count('\n') + lf.stored.size(), lf.served.size());
        for (int i = 0; i < c.size(); ++i)
            if (i != 12)
                QCOMPARE(c[i].stored, c[i].served);
    }

    void deterministic()
    {
        QCOMPARE(Corpus::sample()[5].served, Corpus::sample()[5].served);
        const auto a = Corpus::generated(50);
        const auto b = Corpus::generated(50);
        QCOMPARE(a.size(), 50);
        for (int i = 0; i < 50; ++i) {
            QCOMPARE(a[i].served, b[i].served);
            QCOMPARE(a[i].uid, quint32(i + 1));
            QVERIFY(a[i].served.startsWith("From: "));
        }
        QVERIFY(a[0].served != a[1].served);
    }
};

QTEST_GUILESS_MAIN(tst_Corpus)
#include "tst_corpus.moc"
