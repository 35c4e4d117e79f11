// SPDX-License-Identifier: MIT
// `diagnose` against every profile of the built-in server (issue 18): each profile yields its
// fault ids on the transports it misbehaves on, with who suffers measured and the workaround
// verified; the faultless profiles are conformant.
#include "TestIdentity.h"
#include "diagnose/DiagnoseOutput.h"
#include "diagnose/Diagnosis.h"
#include "emulator/EmulatedServer.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTest>

using namespace msim;
using diagnose::DiagnoseResult;
using diagnose::Diagnosis;

namespace {

DiagnoseResult diagnoseProfile(const QString &profile)
{
    emulator::ServerOptions o;
    o.profile = profile;
    o.identity = msim::testsupport::testIdentity();
    emulator::EmulatedServer server(o, emulator::Mailbox::sample());
    QString err;
    if (!server.start(&err))
        qFatal("the built-in server did not start: %s", qPrintable(err));
    diagnose::DiagnoseRequest req;
    req.base.endpoint.host = QStringLiteral("127.0.0.1");
    req.base.credentials = {"test", "secret"};
    req.base.tls.pins = {server.fingerprint()};
    req.base.commandTimeoutMs = 20000;
    req.plainPort = server.port();
    req.tlsPort = server.tlsPort();
    Diagnosis d(req, diagnose::FaultCatalogue::shared());
    QSignalSpy done(&d, &Diagnosis::finished);
    d.start();
    if (done.isEmpty() && !done.wait(240000))
        qFatal("the diagnosis of %s did not finish", qPrintable(profile));
    return d.result();
}

// "id over transport+transport" for each fault, in catalogue order.
QStringList faultsOf(const DiagnoseResult &r)
{
    QStringList out;
    for (const diagnose::DiagnosedFault &f : r.faults) {
        QStringList t;
        for (net::Security s : f.transports)
            t << net::securityName(s);
        out << f.id + QStringLiteral(" over ") + t.join(u'+');
    }
    return out;
}

} // namespace

class tst_Diagnose : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void everyProfile_data()
    {
        QTest::addColumn<QString>("profile");
        QTest::addColumn<QStringList>("faults");
        QTest::addColumn<int>("exit");
        const QString all = QStringLiteral(" over none+starttls+ssl");
        QTest::newRow("rfc3501") << QStringLiteral("rfc3501") << QStringList() << 0;
        QTest::newRow("exchange55-sp2") << QStringLiteral("exchange55-sp2") << QStringList() << 0;
        QTest::newRow("exchange55-presp2 (KB Q194998)")
            << QStringLiteral("exchange55-presp2")
            << QStringList{QStringLiteral("partial-overrun-unframed over ssl")} << 3;
        QTest::newRow("exchange55-presp2-framed")
            << QStringLiteral("exchange55-presp2-framed")
            << QStringList{QStringLiteral("partial-overrun-framed over ssl")} << 3;
        QTest::newRow("exchange55-fast-retrieval (KB Q191504)")
            << QStringLiteral("exchange55-fast-retrieval")
            << QStringList{QStringLiteral("size-under-reported") + all} << 3;
        QTest::newRow("ignore-partial")
            << QStringLiteral("ignore-partial")
            << QStringList{QStringLiteral("partial-ignored") + all} << 3;
        QTest::newRow("exchange2010-1mb")
            << QStringLiteral("exchange2010-1mb")
            << QStringList{QStringLiteral("partial-beyond-limit-empty") + all} << 3;
        QTest::newRow("hmailserver-past-end")
            << QStringLiteral("hmailserver-past-end")
            << QStringList{QStringLiteral("size-over-reported") + all,
                           QStringLiteral("partial-past-end-drop") + all}
            << 3;
        QTest::newRow("origin-with-length")
            << QStringLiteral("origin-with-length")
            << QStringList{QStringLiteral("origin-with-length") + all} << 3;
    }
    void everyProfile()
    {
        QFETCH(QString, profile);
        QFETCH(QStringList, faults);
        QFETCH(int, exit);
        const DiagnoseResult r = diagnoseProfile(profile);
        QVERIFY2(!r.error, qPrintable(r.error.value_or(QString())));
        QCOMPARE(faultsOf(r), faults);
        QCOMPARE(r.exitCode(), exit);
        QCOMPARE(r.verdict(),
                 faults.isEmpty() ? QStringLiteral("conformant") : QStringLiteral("faults_found"));
        // Each fault: who suffers is measured for all four presets, every candidate was run.
        for (const diagnose::DiagnosedFault &f : r.faults) {
            QCOMPARE(f.affects.size(), 4);
            for (const diagnose::AffectedClient &a : f.affects)
                QVERIFY2(a.verdict, qPrintable(a.preset + QStringLiteral(": ") + a.sentence));
            for (const diagnose::WorkaroundCandidate &c : f.candidates)
                QVERIFY(!c.evidence.isEmpty());
        }
        // Messenger 4.5's chunk probes set \Seen on the (unread) sample message over each of
        // the three transports, and msim marked it unread again each time.
        QCOMPARE(r.notes.filter(QStringLiteral("marked it unread again")).size(), 3);
        QVERIFY2(r.warnings.isEmpty(), qPrintable(r.warnings.join(u'\n')));
    }

    // The "done means": exchange55-presp2 names partial-overrun-unframed on SSL only,
    // with KB Q194998 matched, and a verified fetch_by_chunks=false workaround; who suffers is
    // stated per client in one sentence each.
    void exchange55Presp2InFull()
    {
        const DiagnoseResult r = diagnoseProfile(QStringLiteral("exchange55-presp2"));
        QCOMPARE(r.faults.size(), 1);
        const diagnose::DiagnosedFault &f = r.faults.first();
        QCOMPARE(f.references.value(0), QStringLiteral("KB Q194998"));
        QCOMPARE(f.transports, QList<net::Security>{net::Security::Ssl});
        QCOMPARE(f.clean, (QList<net::Security>{net::Security::None, net::Security::StartTls}));
        QCOMPARE(f.sentence,
                 QStringLiteral("Unframed overrun: octets after a chunk's literal that the "
                                "literal did not count (partial-overrun-unframed), over ssl only, "
                                "not over none or starttls; this is KB Q194998."));
        const diagnose::WorkaroundCandidate *w = f.verifiedWorkaround();
        QVERIFY(w);
        QCOMPARE(w->preset, QStringLiteral("messenger45"));
        QCOMPARE(w->prefs,
                 (QList<QPair<QString, QString>>{
                     {QStringLiteral("mail.imap.fetch_by_chunks"), QStringLiteral("false")}}));
        QStringList affects;
        for (const diagnose::AffectedClient &a : f.affects)
            affects << a.preset + QStringLiteral(": ") + a.sentence;
        const qint64 size = r.messages.first().rfc822Size;
        QCOMPARE(affects,
                 (QStringList{
                     QStringLiteral("messenger45: Truncated: shows 10240 of %1 octets, then logs "
                                    "out (xxxx logout).")
                         .arg(size),
                     QStringLiteral("kb-q194998: Truncated: shows 6144 of %1 octets, then logs "
                                    "out (xxxx logout).")
                         .arg(size),
                     QStringLiteral("messenger407: Fine: shows all %1 octets, in one request.")
                         .arg(size),
                     QStringLiteral("thunderbird: Fine: shows all %1 octets, in one request.")
                         .arg(size)}));
        // The probes over plain text and STARTTLS passed; over SSL the chunk probes failed.
        for (const diagnose::ProbeResult &p : r.probes) {
            if (p.transport != net::Security::Ssl)
                QVERIFY2(p.verdict == diagnose::ProbeVerdict::Pass,
                         qPrintable(p.spec.name + QStringLiteral(": ") + p.evidence));
        }
        const QString text = diagnose::DiagnoseOutput::text(r);
        QVERIFY(text.startsWith(QStringLiteral("Faults found: 1 known partial-FETCH fault")));
        QVERIFY(text.contains(
            QStringLiteral("Workaround (verified): mail.imap.fetch_by_chunks=false.")));
        // The chunk probes set \Seen, and msim put it back on every transport.
        QCOMPARE(r.notes.filter(QStringLiteral("marked it unread again")).size(), 3);
    }

    // A conformant server says so, with no workaround line (contrast row).
    void conformantSaysNoFault()
    {
        const DiagnoseResult r = diagnoseProfile(QStringLiteral("rfc3501"));
        const QString text = diagnose::DiagnoseOutput::text(r);
        QVERIFY(text.startsWith(QStringLiteral("Conformant: the probes found no known")));
        QVERIFY(!text.contains(QStringLiteral("Workaround")));
        const QJsonObject json =
            QJsonDocument::fromJson(diagnose::DiagnoseOutput::json(r)).object();
        QCOMPARE(json.value(QStringLiteral("verdict")).toString(), QStringLiteral("conformant"));
        QCOMPARE(json.value(QStringLiteral("faults")).toArray().size(), 0);
        QCOMPARE(json.value(QStringLiteral("probes")).toArray().size(), r.probes.size());
        QVERIFY(json.value(QStringLiteral("error")).isNull());
    }
};

QTEST_GUILESS_MAIN(tst_Diagnose)
#include "tst_diagnose.moc"
