// SPDX-License-Identifier: MIT
// The adaptive chunk rule of Messenger 4.5 on its own (MESSENGER45.md §2): t as the difference
// of two whole-second wall-clock readings, and what one measurement does to the size and the
// threshold from the 4.x defaults (MESSENGER45.md §1).
#include "fetch/ChunkSizer.h"
#include "fetch/Clock.h"

#include <QTest>

using msim::fetch::ChunkSizer;
using msim::fetch::Clock;

class tst_ChunkSizer : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void wholeSecondsBetween_data()
    {
        QTest::addColumn<qint64>("sentMs");
        QTest::addColumn<qint64>("endMs");
        QTest::addColumn<qint64>("t");
        QTest::newRow("MESSENGER45.md §2: 2 ms across a second boundary counts 1")
            << qint64(999) << qint64(1001) << qint64(1);
        QTest::newRow("MESSENGER45.md §2: 999 ms within one second counts 0")
            << qint64(0) << qint64(999) << qint64(0);
        QTest::newRow("MESSENGER45.md §2: 1999 ms from a boundary counts 1")
            << qint64(1000) << qint64(2999) << qint64(1);
        QTest::newRow("MESSENGER45.md §2: 4.9 s counts 5")
            << qint64(500) << qint64(5400) << qint64(5);
        QTest::newRow("MESSENGER45.md §2: the same reading counts 0")
            << qint64(7000) << qint64(7000) << qint64(0);
        QTest::newRow("MESSENGER45.md §2: the clock went back 2 s")
            << qint64(5000) << qint64(3000) << qint64(-2);
        QTest::newRow("Clock.h any epoch: 1 ms across zero counts 1")
            << qint64(-1) << qint64(0) << qint64(1);
        QTest::newRow("Clock.h any epoch: within the second before zero counts 0")
            << qint64(-1000) << qint64(-1) << qint64(0);
    }
    void wholeSecondsBetween()
    {
        QFETCH(qint64, sentMs);
        QFETCH(qint64, endMs);
        QFETCH(qint64, t);
        QCOMPARE(Clock::wholeSecondsBetween(sentMs, endMs), t);
    }

    // From the 4.x defaults (10240 / 15360, fast ≤ 2 s, ideal ≤ 4 s, add 2048, max 40960), one
    // t after another; the size and threshold after the last.
    void adjust_data()
    {
        QTest::addColumn<QList<qint64>>("ts");
        QTest::addColumn<qint64>("size");
        QTest::addColumn<qint64>("threshold");
        QTest::newRow("MESSENGER45.md §2: clock went back (t -1): no change")
            << QList<qint64>{-1} << qint64(10240) << qint64(15360);
        QTest::newRow("MESSENGER45.md §2: fast (t 0) grows by chunk_add")
            << QList<qint64>{0} << qint64(12288) << qint64(18432);
        QTest::newRow("MESSENGER45.md §2: t equal to chunk_fast is fast")
            << QList<qint64>{2} << qint64(12288) << qint64(18432);
        QTest::newRow("MESSENGER45.md §2: ideal (t 3) keeps")
            << QList<qint64>{3} << qint64(10240) << qint64(15360);
        QTest::newRow("MESSENGER45.md §2: t equal to chunk_ideal keeps")
            << QList<qint64>{4} << qint64(10240) << qint64(15360);
        QTest::newRow("MESSENGER45.md §2: slow from 10240 steps down")
            << QList<qint64>{5} << qint64(8192) << qint64(12288);
        QTest::newRow("MESSENGER45.md §1: KB Q194998's 6144 on a slow link")
            << QList<qint64>{5, 5} << qint64(6144) << qint64(9216);
        QTest::newRow("MESSENGER45.md §2: slow floor 4096 with the defaults")
            << QList<qint64>{5, 5, 5, 5} << qint64(4096) << qint64(6144);
        QTest::newRow("MESSENGER45.md §2: slow from 12288 resets to 10240")
            << QList<qint64>{0, 5} << qint64(10240) << qint64(15360);
        QList<qint64> toMax(15, 0); // 10240 + 15 × 2048 = 40960
        QTest::newRow("MESSENGER45.md §2: fast up to the cap")
            << toMax << qint64(40960) << qint64(61440);
        QTest::newRow("MESSENGER45.md §2: fast at the cap: threshold computed before the cap")
            << (toMax + QList<qint64>{0}) << qint64(40960) << qint64(64512);
        QTest::newRow("MESSENGER45.md §2: slow from the cap resets to 10240")
            << (toMax + QList<qint64>{0, 9}) << qint64(10240) << qint64(15360);
    }
    void adjust()
    {
        QFETCH(QList<qint64>, ts);
        QFETCH(qint64, size);
        QFETCH(qint64, threshold);
        ChunkSizer sizer{ChunkSizer::Settings{}};
        for (qint64 t : ts)
            sizer.adjust(t);
        QCOMPARE(sizer.size(), size);
        QCOMPARE(sizer.threshold(), threshold);
    }
};

QTEST_GUILESS_MAIN(tst_ChunkSizer)
#include "tst_chunksizer.moc"
