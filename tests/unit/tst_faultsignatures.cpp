// SPDX-License-Identifier: MIT
// Every fault of the catalogue (resources/diagnose/fault-catalogue.json) held against a
// ScriptedServer that shows it (issue 18: "a test holds every entry's signature against a
// ScriptedServer that shows it"): the probe battery runs the reference and one probe, and the
// catalogue's signatures name exactly the faults of the row, by id. Rows are named after the
// server or public report whose replies they copy.
#include "ImapScript.h"
#include "ScriptedServer.h"
#include "diagnose/FaultCatalogue.h"
#include "diagnose/ProbeBattery.h"
#include "diagnose/ProbeJudge.h"

#include <QSignalSpy>
#include <QTest>

using namespace msim;
using diagnose::ProbeBattery;
using msim::testsupport::ImapScript;
using msim::testsupport::ScriptedServer;

namespace {

using Sizes = QList<QPair<quint32, qint64>>; // (UID, RFC822.SIZE)

constexpr quint32 kUid = 7;
constexpr qint64 kSize = 4000;

ImapScript::Message message()
{
    ImapScript::Message m = ImapScript::Message::sized(kUid, kSize);
    m.flags = "\\Seen"; // nothing to restore
    return m;
}

// `* 1 FETCH (UID 7 RFC822.SIZE s BODY[]<origin> {n}` data extra `)`
QByteArray reply(std::optional<qint64> origin, const QByteArray &data, const QByteArray &extra = {},
                 qint64 size = kSize)
{
    ImapScript::Message m = message();
    m.reportedSize = size;
    return ImapScript::fetchReply(1, m, origin, data, extra);
}

QByteArray peek(qint64 start, qint64 length)
{
    return imap::CommandBuilder::uidFetchPeekPartial(kUid, start, length).text;
}

// The connection up to the probe: login, select, the size listing, the reference.
ImapScript opened(qint64 listedSize = kSize, const QByteArray &referenceReply = {})
{
    ImapScript s;
    s.open();
    s.client(imap::CommandBuilder::uidFetchSizes(QByteArray::number(kUid)).text);
    s.line("* 1 FETCH (UID 7 RFC822.SIZE " + QByteArray::number(listedSize) + " FLAGS (\\Seen))");
    s.ok();
    s.client(imap::CommandBuilder::uidFetchPeek(QByteArray::number(kUid)).text);
    s.server(referenceReply.isEmpty() ? reply(std::nullopt, message().body, {}, listedSize)
                                      : referenceReply);
    s.ok();
    return s;
}

struct Row
{
    const char *name;
    QStringList only;
    ScriptedServer::Scenario script;
    QStringList faults;
};

QList<Row> rows()
{
    const QByteArray body = message().body;
    const QByteArray first = body.left(1024);
    QList<Row> out;
    {
        ImapScript s = opened();
        s.client(peek(0, 1024)).server(reply(0, first, body.mid(1024, 100))).ok();
        s.emergencyLogout();
        out << Row{"Exchange 5.5 before SP2 over SSL (KB Q194998): 100 octets after the literal",
                   {u"first"_qs},
                   s.build(),
                   {u"partial-overrun-unframed"_qs}};
    }
    {
        ImapScript s = opened();
        s.client(peek(0, 1024)).server(reply(0, body.left(1124))).ok().logout();
        out << Row{"exchange55-presp2-framed: the overrun inside a longer literal",
                   {u"first"_qs},
                   s.build(),
                   {u"partial-overrun-framed"_qs}};
    }
    {
        ImapScript s = opened();
        s.client(peek(2000, 1024)).server(reply(std::nullopt, body)).ok().logout();
        out << Row{"Tencent Exmail: the whole message without an origin for a middle range",
                   {u"middle"_qs},
                   s.build(),
                   {u"partial-ignored"_qs}};
    }
    {
        ImapScript s = opened();
        QByteArray r = reply(0, first);
        r.replace("BODY[]<0>", "BODY[]<0.1024>");
        s.client(peek(0, 1024)).server(r).ok().logout();
        out << Row{"origin-with-length: the range echoed as <0.1024>",
                   {u"first"_qs},
                   s.build(),
                   {u"origin-with-length"_qs}};
    }
    {
        ImapScript s = opened();
        s.client(peek(2000, 1024)).server(reply(1000, body.mid(1000, 1024))).ok().logout();
        out << Row{"origin-mismatch: <1000> in reply to <2000.1024>",
                   {u"middle"_qs},
                   s.build(),
                   {u"origin-mismatch"_qs}};
    }
    {
        ImapScript s = opened(3940, reply(std::nullopt, body, {}, 3940));
        s.client(peek(0, 1024)).server(reply(0, first, {}, 3940)).ok().logout();
        out << Row{"Exchange 5.5 fast message retrieval (KB Q191504): RFC822.SIZE 1.5 % under",
                   {u"first"_qs},
                   s.build(),
                   {u"size-under-reported"_qs}};
    }
    {
        ImapScript s = opened(4100, reply(std::nullopt, body, {}, 4100));
        s.client(peek(0, 1024)).server(reply(0, first, {}, 4100)).ok().logout();
        out << Row{"hMailServer: RFC822.SIZE 100 octets over",
                   {u"first"_qs},
                   s.build(),
                   {u"size-over-reported"_qs}};
    }
    {
        ImapScript s = opened();
        s.client(peek(kSize, 6144)).close();
        out << Row{"hMailServer: a partial at the end drops the connection",
                   {u"at-end"_qs},
                   s.build(),
                   {u"partial-past-end-drop"_qs}};
    }
    {
        ImapScript s = opened();
        s.client(peek(0, 1024)).server(reply(0, {})).ok().logout();
        out << Row{"Exchange 2010 past 1 MiB: an empty literal inside the message",
                   {u"first"_qs},
                   s.build(),
                   {u"partial-beyond-limit-empty"_qs}};
    }
    {
        ImapScript s = opened();
        s.client(peek(0, 1024)).line("* 1 FETCH (UID 7 RFC822.SIZE 4000 BODY[]<0> NIL)").ok();
        s.logout();
        out << Row{"Yahoo: BODY[]<0> NIL", {u"first"_qs}, s.build(), {u"body-nil"_qs}};
    }
    {
        ImapScript s = opened();
        s.client(peek(0, 1024)).line("* 1 FETCH (UID 7 RFC822.SIZE 4000)").ok().logout();
        out << Row{"Outlook.com: a FETCH reply without the body item",
                   {u"first"_qs},
                   s.build(),
                   {u"body-missing"_qs}};
    }
    {
        ImapScript s = opened();
        s.client(peek(0, 1024));
        s.line(s.lastTag() + " NO [UNAVAILABLE] Internal error occurred");
        s.logout();
        out << Row{"Gmail: a partial refused with NO [UNAVAILABLE]",
                   {u"first"_qs},
                   s.build(),
                   {u"fetch-refused"_qs}};
    }
    {
        // The literal counts LF line ends, the octets carry CRLF: one octet short per line.
        QByteArray r = reply(std::nullopt, body);
        const QByteArray announced = "{" + QByteArray::number(kSize) + "}";
        r.replace(announced, "{" + QByteArray::number(kSize - body.count("\r\n")) + "}");
        ImapScript s = opened(kSize, r);
        s.emergencyLogout();
        out << Row{"Lotus Domino: the literal counted with LF line ends",
                   {u"reference"_qs},
                   s.build(),
                   {u"literal-lf-count"_qs}};
    }
    {
        ImapScript s = opened();
        s.client(peek(0, 1024)).server(reply(0, first)).ok().logout();
        out << Row{"contrast: an RFC 3501 answer shows no fault", {u"first"_qs}, s.build(), {}};
    }
    return out;
}

} // namespace

class tst_FaultSignatures : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void eachFaultByItsSignature_data()
    {
        QTest::addColumn<int>("row");
        const QList<Row> all = rows();
        for (int i = 0; i < all.size(); ++i)
            QTest::newRow(all[i].name) << i;
    }
    void eachFaultByItsSignature()
    {
        QFETCH(int, row);
        const Row r = rows().at(row);
        ScriptedServer server;
        server.addScenario(r.script);
        QVERIFY(server.listenLoopback());
        diagnose::BatteryRequest req;
        req.session.endpoint = {QStringLiteral("127.0.0.1"), server.serverPort(),
                                net::Security::None};
        req.session.credentials = {"test", "secret"};
        req.session.commandTimeoutMs = 5000;
        req.session.drainTimeoutMs = 1000;
        req.uid = kUid;
        req.noops = 0;
        req.only = r.only;
        ProbeBattery battery(req);
        QSignalSpy done(&battery, &ProbeBattery::finished);
        battery.start();
        QVERIFY(done.wait(15000));
        MSIM_VERIFY_SCRIPT(server);
        QCOMPARE(battery.error(), ProbeBattery::Error::None);
        QStringList found;
        for (const diagnose::FaultEntry &f : diagnose::FaultCatalogue::shared().faults()) {
            for (const diagnose::ProbeResult &p : battery.results()) {
                if (f.signature.matches(p) && !found.contains(f.id))
                    found << f.id;
            }
        }
        QStringList seen;
        for (const diagnose::ProbeResult &p : battery.results())
            seen << p.spec.name + u": "_qs + p.evidence +
                        u" [%1 extra %2 lit %3]"_qs.arg(fetch::chunkStatusName(p.record.status))
                            .arg(p.record.unframedExtra)
                            .arg(p.record.literalLength);
        QVERIFY2(found == r.faults, qPrintable(seen.join(u'\n')));
    }

    // Every fault of the catalogue has a row above.
    void everyFaultHasARow()
    {
        QStringList covered;
        for (const Row &r : rows())
            covered << r.faults;
        for (const diagnose::FaultEntry &f : diagnose::FaultCatalogue::shared().faults())
            QVERIFY2(covered.contains(f.id), qPrintable(f.id));
    }

    // Which messages the battery probes when no --uid is given.
    void choosesTheMessages_data()
    {
        QTest::addColumn<Sizes>("sizes");
        QTest::addColumn<quint32>("main");
        QTest::addColumn<quint32>("big");
        const qint64 mib = ProbeBattery::kOneMiB;
        QTest::newRow("the sample corpus: the multipart, and 5 MiB (the 1 MiB one is not over)")
            << Sizes{{1, 1024},   {2, 6143},  {3, 6144},   {4, 6145}, {5, 12288},
                     {6, 20000},  {7, 26000}, {8, 102400}, {9, mib},  {10, 5 * mib},
                     {11, 17472}, {12, 3000}, {13, 8000}}
            << 11u << 10u;
        QTest::newRow("12289 octets is big enough")
            << Sizes{{1, 12288}, {2, 12289}, {3, 12290}} << 2u << 0u;
        QTest::newRow("an empty mailbox") << Sizes{} << 0u << 0u;
        QTest::newRow("only small messages") << Sizes{{1, 100}, {2, 12288}} << 0u << 0u;
        QTest::newRow("the only big one is also the main one") << Sizes{{4, 2 * mib}} << 4u << 0u;
        QTest::newRow("an untrusted 2 GiB RFC822.SIZE is never chosen")
            << Sizes{{1, 2048 * mib}, {2, 65 * mib}, {3, 20000}} << 3u << 0u;
        QTest::newRow("64 MiB is the most") << Sizes{{1, 64 * mib}, {2, 20000}} << 2u << 1u;
    }
    void choosesTheMessages()
    {
        QFETCH(Sizes, sizes);
        QFETCH(quint32, main);
        QFETCH(quint32, big);
        QCOMPARE(ProbeBattery::choose(sizes), qMakePair(main, big));
    }

    // The reference of a literal that counted LF line ends is the literal and the CRs after it.
    void theLfCountedReferenceIsTheWholeMessage()
    {
        diagnose::ProbeResult r;
        r.command = "2 UID fetch 7 (UID RFC822.SIZE BODY.PEEK[])";
        r.octets = "a\r\nb"; // 5 octets sent as "a\r\nb\r\n", announced {4}
        r.record.status = fetch::ChunkStatus::OverrunUnframed;
        r.record.unframedExtra = 2;
        r.record.extraBytes = "\r\n";
        QVERIFY(diagnose::ProbeJudge::countedLf(r));
        QCOMPARE(diagnose::ProbeJudge::referenceOf(r), std::optional<QByteArray>("a\r\nb\r\n"));
        r.record.extraBytes = "xy"; // octets after the literal that are not line ends
        QVERIFY(!diagnose::ProbeJudge::countedLf(r));
    }
};

QTEST_GUILESS_MAIN(tst_FaultSignatures)
#include "tst_faultsignatures.moc"
