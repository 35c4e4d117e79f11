// SPDX-License-Identifier: MIT
// ChunkClassifier: one row per status of DESIGN.md §3 at least, each named after the real
// server, profile or public report whose reply it models; every row compares the whole result.
#include "fetch/ChunkClassifier.h"

#include <QTest>

using namespace msim::fetch;
using Request = ChunkClassifier::Request;
using Reply = ChunkClassifier::Reply;
using End = ChunkClassifier::End;

Q_DECLARE_METATYPE(Request)
Q_DECLARE_METATYPE(Reply)
Q_DECLARE_METATYPE(msim::fetch::ChunkStatus)

namespace msim::fetch {
char *toString(ChunkStatus s)
{
    return qstrdup(chunkStatusKey(s));
}
} // namespace msim::fetch

namespace {

// A literal body reply that completed with a tagged OK.
Reply literal(std::optional<qint64> origin, qint64 length)
{
    Reply r;
    r.haveBody = true;
    r.origin = origin;
    r.literalLength = length;
    return r;
}

Reply ended(End end, Reply r = {})
{
    r.end = end;
    return r;
}

struct Row
{
    const char *name;
    Request request;
    Reply reply;
    ChunkStatus expected;
};

QList<Row> rows()
{
    const Request first{0, 6144, 20000};
    const Request second{6144, 6144, 20000};
    const Request last{18432, 1568, 20000};
    const Request rangeless{std::nullopt, std::nullopt, 20000};
    Reply overrun = ended(End::ParseError, literal(0, 6144));
    overrun.unframedExtra = 1500;
    Reply nil = literal(6144, -1);
    nil.isNil = true;
    Reply misread = literal(0, 6144);
    misread.misread = true;
    Reply misreadOverrun = overrun;
    misreadOverrun.misread = true;
    return {
        {"Dovecot BODY[]<0> {6144} for <0.6144>", first, literal(0, 6144), ChunkStatus::Ok},
        {"Gmail echoing <s.l> (BODY[]<6144.6144> read by atoi as 6144)", second,
         literal(6144, 6144), ChunkStatus::Ok},
        {"4.5's range-less BODY[] answered whole without origin", rangeless,
         literal(std::nullopt, 20000), ChunkStatus::Ok},
        {"Dovecot 0-octet message: range-less BODY[] answered {0}",
         Request{std::nullopt, std::nullopt, 0}, literal(std::nullopt, 0), ChunkStatus::Ok},
        {"Dovecot last chunk shorter than asked (end of the message)", Request{18432, 6144, 20000},
         literal(18432, 1568), ChunkStatus::Short},
        {"exchange55-presp2-framed: the overrun inside a larger literal", first, literal(0, 7644),
         ChunkStatus::OverrunFramed},
        {"exchange55-presp2 over SSL (KB Q194998)", first, overrun, ChunkStatus::OverrunUnframed},
        {"ignore-partial servers (whole BODY[] without origin)", first,
         literal(std::nullopt, 20000), ChunkStatus::NoOrigin},
        {"origin-mismatch: BODY[]<0> for <6144.6144>", second, literal(0, 6144),
         ChunkStatus::OriginMismatch},
        {"Exchange 2010 past 1 MiB (exchange2010-1mb: {0})", Request{1048576, 6144, 2097152},
         literal(1048576, 0), ChunkStatus::Empty},
        {"Exchange 2010 past 1 MiB, the message's last chunk still {0}",
         Request{1048576, 1024, 1049600}, literal(1048576, 0), ChunkStatus::Empty},
        {"body-nil: BODY[]<6144> NIL", second, nil, ChunkStatus::Nil},
        {"body-missing: FETCH (UID 320 RFC822.SIZE 20000) without BODY[]", first, Reply{},
         ChunkStatus::NoBody},
        {"fetch-refused: tagged NO [UNAVAILABLE]", first, ended(End::Failed), ChunkStatus::Error},
        {"hmailserver-past-end: the connection dropped", last,
         ended(End::Failed, literal(18432, 1568)), ChunkStatus::Error},
        {"parse error without octets after the literal", first,
         ended(End::ParseError, literal(0, 6144)), ChunkStatus::Error},
        {"X-GM-MSGID after the body: 4.x takes it for a syntax error (Gmail)", first, misread,
         ChunkStatus::Error},
        {"4.x's misreading wins over an unframed overrun", first, misreadOverrun,
         ChunkStatus::Error},
        {"a failed reply wins over its body", first,
         ended(End::Failed, literal(std::nullopt, 20000)), ChunkStatus::Error},
    };
}

} // namespace

class tst_ChunkClassifier : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    // The table holds a row for every status of DESIGN.md §3.
    void everyStatusHasARow()
    {
        QStringList covered;
        for (const Row &row : rows())
            covered.append(chunkStatusName(row.expected));
        covered.removeDuplicates();
        covered.sort();
        QStringList all = chunkStatusNames();
        all.sort();
        QCOMPARE(covered, all);
    }

    void classify_data()
    {
        QTest::addColumn<Request>("request");
        QTest::addColumn<Reply>("reply");
        QTest::addColumn<ChunkStatus>("expected");
        for (const Row &row : rows())
            QTest::newRow(row.name) << row.request << row.reply << row.expected;
    }
    void classify()
    {
        QFETCH(Request, request);
        QFETCH(Reply, reply);
        QFETCH(ChunkStatus, expected);
        QCOMPARE(ChunkClassifier::classify(request, reply), expected);
    }
};

QTEST_GUILESS_MAIN(tst_ChunkClassifier)
#include "tst_chunkclassifier.moc"
