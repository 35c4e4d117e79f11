// SPDX-License-Identifier: MIT
// "Save as scenario" for a diagnosed fault (DiagnoseScenario, issue 18 item 5): each catalogue
// fault id becomes the built-in profile that shows it, over the right transport, on the right
// sample message, for messenger45, with the catalogue's title and ticket; the faults no
// built-in profile shows are refused with the reason. The run rows prove the saved scenario's
// expectation holds when the built-in server plays it (and that a wrong one would not).
#include "FetchRun.h"
#include "TestIdentity.h"
#include "diagnose/DiagnoseScenario.h"
#include "emulator/Corpus.h"
#include "emulator/EmulatedServer.h"
#include "scenario/ScenarioRunner.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace msim;
using namespace msim::testsupport;
using diagnose::DiagnoseScenario;
using net::Security;

namespace {

// A fault as Diagnosis reports it: the catalogue's title and references, the transports that
// showed it, and messenger45's "affects" verdict.
diagnose::DiagnosedFault faultOf(const QString &id, const QList<Security> &transports,
                                 std::optional<fetch::Verdict> messenger45)
{
    diagnose::DiagnosedFault f;
    f.id = id;
    const diagnose::FaultEntry *entry = diagnose::FaultCatalogue::shared().fault(id);
    if (entry) {
        f.title = entry->title;
        for (const diagnose::FaultReference &r : entry->references)
            f.references << r.id;
    }
    f.transports = transports;
    f.evidence = QStringLiteral("messenger45-chunk-1 saw it (2 more probes showed it)");
    f.uid = 6;
    f.affects = {{QStringLiteral("messenger45"), QStringLiteral("a sentence"), messenger45},
                 {QStringLiteral("thunderbird"), QStringLiteral("fine"), fetch::Verdict::Complete}};
    return f;
}

diagnose::DiagnoseResult resultWith(const diagnose::DiagnosedFault &f)
{
    diagnose::DiagnoseResult r;
    r.server.host = QStringLiteral("imap.example.com");
    r.server.port = 993;
    r.faults = {f};
    return r;
}

} // namespace

class TestDiagnoseScenario : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void reproduction_data();
    void reproduction();
    void noMessenger45Run();
    void savedAndLoaded();
    void expectationHolds_data();
    void expectationHolds();
};

void TestDiagnoseScenario::reproduction_data()
{
    QTest::addColumn<QString>("id");
    QTest::addColumn<QList<Security>>("transports");
    QTest::addColumn<QString>("profile"); // empty: refused
    QTest::addColumn<Security>("security");
    QTest::addColumn<qint64>("size"); // of the sample message fetched
    QTest::addColumn<QString>("ticket");

    const QList<Security> ssl = {Security::Ssl};
    const QList<Security> plainFirst = {Security::None, Security::StartTls, Security::Ssl};
    const QList<Security> starttls = {Security::StartTls};
    const qint64 k20 = 20000;
    const qint64 mib5 = 5 * 1024 * 1024;
    // KB Q194998: Exchange 5.5 before SP2, over SSL only.
    QTest::newRow("exchange55-presp2-kb-q194998")
        << "partial-overrun-unframed" << ssl << "exchange55-presp2" << Security::Ssl << k20
        << "KB Q194998";
    // The framed overrun is SSL-only in the built-in server even when shown on STARTTLS first.
    QTest::newRow("exchange55-presp2-framed")
        << "partial-overrun-framed" << starttls << "exchange55-presp2-framed" << Security::Ssl
        << k20 << "RFC 3501 §6.4.5";
    QTest::newRow("ignore-partial-plain-first")
        << "partial-ignored" << plainFirst << "ignore-partial" << Security::None << k20
        << "RFC 3501 §6.4.5";
    QTest::newRow("origin-with-length-starttls")
        << "origin-with-length" << starttls << "origin-with-length" << Security::StartTls << k20
        << "RFC 3501 §7.4.2";
    QTest::newRow("exchange55-fast-retrieval-kb-q191504")
        << "size-under-reported" << ssl << "exchange55-fast-retrieval" << Security::Ssl << k20
        << "KB Q191504";
    QTest::newRow("hmailserver-size-over")
        << "size-over-reported" << plainFirst << "hmailserver-past-end" << Security::None << k20
        << "RFC 3501 §2.3.4";
    QTest::newRow("hmailserver-past-end-drop")
        << "partial-past-end-drop" << ssl << "hmailserver-past-end" << Security::Ssl << k20
        << "RFC 3501 §6.4.5";
    QTest::newRow("exchange2010-1mb-5mib")
        << "partial-beyond-limit-empty" << ssl << "exchange2010-1mb" << Security::Ssl << mib5
        << "RFC 3501 §6.4.5";
    for (const char *none :
         {"origin-mismatch", "body-nil", "body-missing", "fetch-refused", "literal-lf-count"})
        QTest::newRow(none) << QString::fromLatin1(none) << ssl << QString() << Security::Ssl
                            << qint64(0) << QString();
}

void TestDiagnoseScenario::reproduction()
{
    QFETCH(QString, id);
    QFETCH(QList<Security>, transports);
    QFETCH(QString, profile);
    QFETCH(Security, security);
    QFETCH(qint64, size);
    QFETCH(QString, ticket);
    const auto f = faultOf(id, transports, fetch::Verdict::Truncated);
    QVERIFY(diagnose::FaultCatalogue::shared().fault(id));
    QCOMPARE(DiagnoseScenario::profileFor(id), profile);

    QString why;
    const auto s = DiagnoseScenario::reproduction(f, resultWith(f), &why);
    if (profile.isEmpty()) {
        QVERIFY(!s);
        QCOMPARE(why, QStringLiteral("No built-in server profile shows %1, so it cannot be "
                                     "reproduced without the customer's server.")
                          .arg(id));
        return;
    }
    QVERIFY2(s, qPrintable(why));
    QVERIFY(s->server.builtIn);
    QCOMPARE(s->server.profile, profile);
    QCOMPARE(s->server.corpus, QStringLiteral("sample"));
    QCOMPARE(s->server.security, security);
    const quint32 uid = emulator::Corpus::uidOfSize(size);
    QVERIFY(uid != 0);
    QCOMPARE(s->uids, QList<quint32>{uid});
    QCOMPARE(s->client.preset, QStringLiteral("messenger45"));
    QVERIFY(s->client.set.isEmpty());
    QVERIFY(s->client.prefsJs.isEmpty());
    QCOMPARE(s->title, diagnose::FaultCatalogue::shared().fault(id)->title);
    QCOMPARE(s->ticket, ticket);
    QStringList where;
    for (Security t : transports)
        where << net::securityName(t);
    const QString diagnosed = QStringLiteral("Diagnosed on imap.example.com over %1 (UID 6): "
                                             "messenger45-chunk-1 saw it (2 more probes showed "
                                             "it). Reproduced by the built-in server's %2 profile.")
                                  .arg(where.join(QStringLiteral(", ")), profile);
    QVERIFY2(s->description.endsWith(diagnosed), qPrintable(s->description));
    QVERIFY(s->description.startsWith(diagnose::FaultCatalogue::shared().fault(id)->cause));
    QCOMPARE(s->expectMessages.keys(), QList<quint32>{uid});
    QCOMPARE(s->expectMessages.value(uid).verdict, fetch::Verdict::Truncated);
    QVERIFY(!s->matrix);
}

// Without messenger45's verdict there is nothing for the scenario to expect.
void TestDiagnoseScenario::noMessenger45Run()
{
    auto f = faultOf(QStringLiteral("partial-overrun-unframed"), {Security::Ssl}, std::nullopt);
    QString why;
    QVERIFY(!DiagnoseScenario::reproduction(f, resultWith(f), &why));
    QCOMPARE(why, QStringLiteral("Messenger 4.5's run on the message could not fetch it, so "
                                 "there is no outcome for a scenario to expect."));
    f.affects.clear();
    QVERIFY(!DiagnoseScenario::reproduction(f, resultWith(f), &why));
    QCOMPARE(why, QStringLiteral("Messenger 4.5 was not run on the message (the diagnosis "
                                 "stopped before), so there is no outcome to expect."));
    // The contrast: with the run, the same fault is reproducible.
    f = faultOf(QStringLiteral("partial-overrun-unframed"), {Security::Ssl},
                fetch::Verdict::Truncated);
    QVERIFY(DiagnoseScenario::reproduction(f, resultWith(f), &why));
}

// The scenario file written by "Save as scenario" loads back as the same value.
void TestDiagnoseScenario::savedAndLoaded()
{
    const auto f = faultOf(QStringLiteral("partial-overrun-unframed"), {Security::Ssl},
                           fetch::Verdict::Truncated);
    const auto s = DiagnoseScenario::reproduction(f, resultWith(f), nullptr);
    QVERIFY(s);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("kb-q194998.json"));
    QString error;
    QVERIFY2(s->save(path, &error), qPrintable(error));
    const auto loaded = scenario::Scenario::load(path, &error);
    QVERIFY2(loaded, qPrintable(error));
    QCOMPARE(loaded->toJson(), s->toJson());
}

void TestDiagnoseScenario::expectationHolds_data()
{
    QTest::addColumn<QString>("id");
    QTest::addColumn<QString>("profile");
    QTest::addColumn<Security>("transport");
    QTest::addColumn<fetch::Verdict>("verdict"); // what messenger45 suffers there

    // KB Q194998: the first chunk's overrun ends the session, the message shows 6144 octets.
    QTest::newRow("exchange55-presp2-ssl")
        << "partial-overrun-unframed"
        << "exchange55-presp2" << Security::Ssl << fetch::Verdict::Truncated;
    // 4.5 takes the whole message sent for its first chunk as the whole message: it suffers
    // nothing, and the scenario expects exactly that.
    QTest::newRow("ignore-partial-plain")
        << "partial-ignored"
        << "ignore-partial" << Security::None << fetch::Verdict::Complete;
}

// As Diagnosis measures "affects": messenger45 fetches the message from the server showing the
// fault; the scenario made from that fault, run by ScenarioRunner against a fresh built-in
// server, meets its expectation, and the same scenario expecting another verdict does not.
void TestDiagnoseScenario::expectationHolds()
{
    QFETCH(QString, id);
    QFETCH(QString, profile);
    QFETCH(Security, transport);
    QFETCH(fetch::Verdict, verdict);

    emulator::ServerOptions o;
    o.profile = profile;
    o.identity = testIdentity();
    emulator::EmulatedServer server(o, emulator::Mailbox::sample());
    QString error;
    QVERIFY2(server.start(&error), qPrintable(error));
    const quint32 uid = emulator::Corpus::uidOfSize(20000);
    const auto run = runFetch(builtInRequest(server.port(), server.tlsPort(), server.fingerprint(),
                                             transport, QStringLiteral("messenger45"), {uid}));
    QVERIFY(run);
    QCOMPARE(run->messages.size(), 1);
    QCOMPARE(run->messages[0].comparison.verdict, verdict);

    auto f = faultOf(id, {transport}, run->messages[0].comparison.verdict);
    f.uid = uid;
    const auto s = DiagnoseScenario::reproduction(f, resultWith(f), &error);
    QVERIFY2(s, qPrintable(error));

    auto play = [](const scenario::Scenario &sc) -> std::optional<bool> {
        scenario::ScenarioRunner runner(sc);
        QSignalSpy done(&runner, &scenario::ScenarioRunner::finished);
        runner.start();
        if (!done.count() && !done.wait(kFetchWaitMs))
            return std::nullopt;
        if (!runner.ran())
            qWarning() << runner.errorString();
        return runner.expectationMet();
    };
    QCOMPARE(play(*s), std::optional<bool>(true));

    // A test that cannot fail is a defect: another expectation is reported as not met.
    scenario::Scenario wrong = *s;
    wrong.expectMessages[uid].verdict =
        verdict == fetch::Verdict::Complete ? fetch::Verdict::Truncated : fetch::Verdict::Complete;
    QCOMPARE(play(wrong), std::optional<bool>(false));
}

QTEST_GUILESS_MAIN(TestDiagnoseScenario)
#include "tst_diagnosescenario.moc"
