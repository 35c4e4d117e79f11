// SPDX-License-Identifier: MIT
// Sequence sets (RFC 3501 §9) resolved the way the built-in server resolves them: by sequence
// number or by UID, over a mailbox with gaps between UIDs, without a pass over all messages.
// Every row is also checked against the plain definition (each number of 1..max tested for
// membership), which is what the server did before it indexed messages.
#include "emulator/Mailbox.h"
#include "emulator/SequenceSet.h"

#include <QTest>

using msim::emulator::Mailbox;
using msim::emulator::SequenceSet;
using Spans = QList<Mailbox::Span>;

namespace {

// UIDs 2, 5, 9, 10, 11, 30: sequence numbers 1..6.
Mailbox gapped()
{
    Mailbox mb;
    for (quint32 uid : {2u, 5u, 9u, 10u, 11u, 30u}) {
        msim::emulator::StoredMessage m;
        m.uid = uid;
        mb.messages.append(m);
    }
    return mb;
}

// The plain definition: n is in the set when one range (with '*' as max, in either order)
// holds it. Returns the indexes of the messages named, ascending.
QList<qsizetype> byDefinition(const Mailbox &mb, QByteArrayView text, bool uid)
{
    const quint32 max = mb.messages.isEmpty() ? 0
                        : uid                 ? mb.messages.last().uid
                                              : quint32(mb.messages.size());
    QList<qsizetype> out;
    for (qsizetype i = 0; i < mb.messages.size(); ++i) {
        const quint32 n = uid ? mb.messages[i].uid : quint32(i + 1);
        for (QByteArrayView part : QByteArray(text.toByteArray()).split(',')) {
            const QList<QByteArray> ends = QByteArray(part.toByteArray()).split(':');
            auto value = [&](const QByteArray &v) { return v == "*" ? max : v.toUInt(); };
            quint32 a = value(ends.first());
            quint32 b = value(ends.last());
            if (a > b)
                std::swap(a, b);
            if (n >= a && n <= b) {
                out << i;
                break;
            }
        }
    }
    return out;
}

QList<qsizetype> flatten(const Spans &spans)
{
    QList<qsizetype> out;
    for (const Mailbox::Span &s : spans)
        for (qsizetype i = s.begin; i < s.end; ++i)
            out << i;
    return out;
}

} // namespace

class tst_SequenceSet : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void ranges_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<quint32>("max");
        QTest::addColumn<QList<SequenceSet::Range>>("expected");
        using R = QList<SequenceSet::Range>;
        QTest::newRow("one number") << QByteArray("320") << 1000u << R{{320, 320}};
        QTest::newRow("all") << QByteArray("1:*") << 100000u << R{{1, 100000}};
        QTest::newRow("star alone") << QByteArray("*") << 7u << R{{7, 7}};
        QTest::newRow("reversed") << QByteArray("7:3") << 10u << R{{3, 7}};
        QTest::newRow("star before a bigger number (RFC 3501 §9)")
            << QByteArray("9:*") << 5u << R{{5, 5}};
        QTest::newRow("past the end") << QByteArray("11:20") << 10u << R{};
        QTest::newRow("clipped at the end") << QByteArray("8:20") << 10u << R{{8, 10}};
        QTest::newRow("merged: overlapping, adjacent, unordered")
            << QByteArray("4,1:2,3,9,6:7,7:6") << 10u << R{{1, 4}, {6, 7}, {9, 9}};
        QTest::newRow("empty mailbox") << QByteArray("1:*") << 0u << R{};
        QTest::newRow("the largest number")
            << QByteArray("4294967295,1") << 0xffffffffu << R{{1, 1}, {0xffffffffu, 0xffffffffu}};
        QTest::newRow("whole range of numbers")
            << QByteArray("1:4294967295,5") << 0xffffffffu << R{{1, 0xffffffffu}};
    }

    void ranges()
    {
        QFETCH(QByteArray, text);
        QFETCH(quint32, max);
        QFETCH(QList<SequenceSet::Range>, expected);
        const auto set = SequenceSet::parse(text);
        QVERIFY(set);
        QCOMPARE(set->ranges(max), expected);
    }

    void spans_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<bool>("uid");
        QTest::addColumn<Spans>("expected");
        QTest::newRow("seq one") << QByteArray("3") << false << Spans{{2, 3}};
        QTest::newRow("seq all") << QByteArray("1:*") << false << Spans{{0, 6}};
        QTest::newRow("seq star") << QByteArray("*") << false << Spans{{5, 6}};
        QTest::newRow("seq past the end") << QByteArray("7:9") << false << Spans{};
        QTest::newRow("seq several") << QByteArray("6,1,2") << false << Spans{{0, 2}, {5, 6}};
        QTest::newRow("uid present") << QByteArray("9") << true << Spans{{2, 3}};
        QTest::newRow("uid in a gap") << QByteArray("3") << true << Spans{};
        QTest::newRow("uid range over gaps") << QByteArray("3:10") << true << Spans{{1, 4}};
        QTest::newRow("uid all") << QByteArray("1:*") << true << Spans{{0, 6}};
        QTest::newRow("uid star is the last UID") << QByteArray("*") << true << Spans{{5, 6}};
        QTest::newRow("uid past the last, with star")
            << QByteArray("100:*") << true << Spans{{5, 6}};
        QTest::newRow("uid past the last") << QByteArray("31:40") << true << Spans{};
        QTest::newRow("uid ranges that meet in a gap")
            << QByteArray("1:5,6:9,12:29") << true << Spans{{0, 3}};
        QTest::newRow("uid several")
            << QByteArray("30,2,10:11") << true << Spans{{0, 1}, {3, 5}, {5, 6}};
    }

    void spans()
    {
        QFETCH(QByteArray, text);
        QFETCH(bool, uid);
        QFETCH(Spans, expected);
        const Mailbox mb = gapped();
        const auto set = SequenceSet::parse(text);
        QVERIFY(set);
        const Spans got = mb.spansOf(*set, uid);
        QCOMPARE(got, expected);
        QCOMPARE(flatten(got), byDefinition(mb, text, uid));
    }

    void emptyMailboxNamesNothing()
    {
        const Mailbox mb;
        for (const bool uid : {false, true})
            QCOMPARE(mb.spansOf(*SequenceSet::parse("1:*"), uid), Spans{});
    }
};

QTEST_GUILESS_MAIN(tst_SequenceSet)
#include "tst_sequenceset.moc"
