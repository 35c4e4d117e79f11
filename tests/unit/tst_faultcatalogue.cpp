// SPDX-License-Identifier: MIT
// The fault catalogue (core/diagnose, resources/diagnose/fault-catalogue.json): every fault id
// of DESIGN.md §4 with all its fields and workarounds the prefs accept; an entry for every
// other outcome kind (chunk statuses, error kinds, verdicts, session ends); and "What this
// means" sentences that are true for the outcome: KB Q194998 named over SSL only, a pattern on
// another transport, "Nothing went wrong" only for a complete message without a fault.
#include "diagnose/Explanation.h"
#include "diagnose/FaultCatalogue.h"
#include "diagnose/OutcomeFaults.h"
#include "prefs/Prefs.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace msim;
using diagnose::FaultCatalogue;
using diagnose::OutcomeFaults;
using fetch::ChunkStatus;
using fetch::ErrorKind;

namespace {

// A 20000-octet message (reference copy held) whose second chunk had `status`.
fetch::MessageOutcome withChunk(ChunkStatus status, ErrorKind kind = ErrorKind::None,
                                fetch::Verdict verdict = fetch::Verdict::Truncated)
{
    fetch::MessageOutcome m;
    m.uid = 6;
    m.rfc822Size = 20000;
    m.reference = QByteArray(20000, 'x');
    fetch::ChunkRecord first;
    first.index = 1;
    first.requestedStart = 0;
    first.requestedLength = 6144;
    first.origin = 0;
    first.literalLength = 6144;
    fetch::ChunkRecord c;
    c.index = 2;
    c.requestedStart = 6144;
    c.requestedLength = 6144;
    c.origin = status == ChunkStatus::OriginMismatch ? 100 : 6144;
    c.literalLength = status == ChunkStatus::Short ? 100 : 6144;
    c.status = status;
    c.errorKind = kind;
    fetch::ChunkRecord last = first;
    last.index = 3;
    last.requestedStart = 12288;
    last.origin = 12288;
    m.chunks = {first, c, last};
    m.comparison.verdict = verdict;
    m.sessionEnd = fetch::MessageEnd::Logout;
    return m;
}

} // namespace

class tst_FaultCatalogue : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void everyStableIdHasEveryField_data()
    {
        QTest::addColumn<QString>("id");
        for (const QString &id : FaultCatalogue::stableIds())
            QTest::newRow(qPrintable(id)) << id;
    }
    void everyStableIdHasEveryField()
    {
        QFETCH(QString, id);
        QString error;
        QFile f(FaultCatalogue::builtInPath());
        QVERIFY(f.open(QIODevice::ReadOnly));
        const auto c = FaultCatalogue::parse(f.readAll(), &error);
        QVERIFY2(c, qPrintable(error));
        const diagnose::FaultEntry *e = c->fault(id);
        QVERIFY2(e, "missing from the catalogue");
        QVERIFY(!e->title.isEmpty());
        QVERIFY(e->cause.endsWith(QLatin1Char('.')));
        QVERIFY(!e->references.isEmpty());
        for (const auto &r : e->references) {
            QVERIFY(!r.id.isEmpty());
            QVERIFY(!r.title.isEmpty());
            QVERIFY(r.url.isEmpty() || r.url.startsWith(QLatin1String("https://")));
        }
        QVERIFY(!e->workaround.isEmpty());
        QVERIFY(!e->serverFix.isEmpty());
        for (const QString &set : e->workaroundSets) {
            prefs::Prefs p;
            QVERIFY2(p.setFromText(set, &error), qPrintable(set + QLatin1String(": ") + error));
        }
    }

    // Support staff add entries without rebuilding: a catalogue in the user's data folder is
    // used; a broken one is not, with a warning that says why.
    void theUsersCatalogueOverrides()
    {
        QTemporaryDir home;
        const QByteArray before = qgetenv("XDG_DATA_HOME");
        qputenv("XDG_DATA_HOME", home.path().toLocal8Bit());
        QVERIFY(QDir().mkpath(home.filePath(QStringLiteral("msim"))));
        QFile f(FaultCatalogue::userPath());
        QVERIFY(f.fileName().startsWith(home.path()));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(R"({"faults":[{"id":"site-quirk","title":"t","cause":"c.",)"
                R"("signature":{"probes":["first"],"observed":["nil"]}}]})");
        f.close();
        QString warning;
        auto c = FaultCatalogue::load(&warning);
        QVERIFY2(warning.isEmpty(), qPrintable(warning));
        QVERIFY(c.fault(u"site-quirk"));
        QCOMPARE(c.fault(u"site-quirk")->signature.probes, QStringList{QStringLiteral("first")});
        // A fault no probe can show is refused, and so is a word no probe records.
        for (const QByteArray &bad :
             {QByteArray(R"({"faults":[{"id":"q","title":"t","cause":"c."}]})"),
              QByteArray(R"({"faults":[{"id":"q","title":"t","cause":"c.",)"
                         R"("signature":{"probes":["first"],"observed":["nill"]}}]})")}) {
            QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
            f.write(bad);
            f.close();
            warning.clear();
            c = FaultCatalogue::load(&warning);
            QVERIFY2(warning.contains(QLatin1String("signature")), qPrintable(warning));
        }
        QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
        f.write("{ broken");
        f.close();
        c = FaultCatalogue::load(&warning);
        QVERIFY2(warning.contains(QLatin1String("was not used")), qPrintable(warning));
        QVERIFY(c.fault(u"partial-overrun-unframed")); // msim's own
        qputenv("XDG_DATA_HOME", before);
    }

    void theCatalogueHasNothingElse()
    {
        QCOMPARE(FaultCatalogue::shared().faults().size(), FaultCatalogue::stableIds().size());
    }

    void kbReferencesAndTransports()
    {
        const auto &c = FaultCatalogue::shared();
        QCOMPARE(c.fault(u"partial-overrun-unframed")->references.first().id,
                 QStringLiteral("KB Q194998"));
        QCOMPARE(c.fault(u"partial-overrun-unframed")->references.first().transports,
                 QList<net::Security>{net::Security::Ssl});
        QCOMPARE(c.fault(u"size-under-reported")->references.first().id,
                 QStringLiteral("KB Q191504"));
        QVERIFY(c.fault(u"partial-overrun-unframed")
                    ->serverFix.contains(QLatin1String("Service Pack 2")));
        QVERIFY(c.fault(u"size-under-reported")
                    ->serverFix.contains(QLatin1String("fast message retrieval off")));
    }

    void badCatalogues_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("error");
        QTest::newRow("not JSON") << QByteArray("{") << QStringLiteral("not JSON");
        QTest::newRow("no cause") << QByteArray(R"({"faults":[{"id":"a","title":"t"}]})")
                                  << QStringLiteral("no id, title or cause");
        QTest::newRow("twice")
            << QByteArray(
                   R"({"faults":[{"id":"a","title":"t","cause":"c"},{"id":"a","title":"t","cause":"c"}]})")
            << QStringLiteral("twice");
        QTest::newRow("transport")
            << QByteArray(
                   R"({"faults":[{"id":"a","title":"t","cause":"c","references":[{"id":"r","transports":["pop3"]}]}]})")
            << QStringLiteral("pop3");
        QTest::newRow("workaround")
            << QByteArray(
                   R"({"faults":[{"id":"a","title":"t","cause":"c","workaround":{"set":["x"]}}]})")
            << QStringLiteral("NAME=VALUE");
    }
    void badCatalogues()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, error);
        QString why;
        QVERIFY(!FaultCatalogue::parse(json, &why));
        QVERIFY2(why.contains(error), qPrintable(why));
    }

    // Every chunk status but ok, every error kind, every verdict but complete and every
    // session end but a logout has something in the catalogue to say.
    void everyKindIsExplained_data()
    {
        QTest::addColumn<int>("status");
        QTest::addColumn<int>("kind");
        QTest::addColumn<QString>("expected"); // the fault id or event it shows
        QTest::newRow("overrun_unframed")
            << int(ChunkStatus::OverrunUnframed) << 0 << QStringLiteral("partial-overrun-unframed");
        QTest::newRow("overrun_framed")
            << int(ChunkStatus::OverrunFramed) << 0 << QStringLiteral("partial-overrun-framed");
        QTest::newRow("no_origin")
            << int(ChunkStatus::NoOrigin) << 0 << QStringLiteral("partial-ignored");
        QTest::newRow("origin_mismatch")
            << int(ChunkStatus::OriginMismatch) << 0 << QStringLiteral("origin-mismatch");
        QTest::newRow("empty") << int(ChunkStatus::Empty) << 0
                               << QStringLiteral("partial-beyond-limit-empty");
        QTest::newRow("nil") << int(ChunkStatus::Nil) << 0 << QStringLiteral("body-nil");
        QTest::newRow("no_body") << int(ChunkStatus::NoBody) << 0 << QStringLiteral("body-missing");
        QTest::newRow("short") << int(ChunkStatus::Short) << 0 << QStringLiteral("chunk:short");
        for (const QString &k : fetch::kErrorKindNames.names()) {
            const ErrorKind kind = *fetch::kErrorKindNames.parse(k);
            const bool refused = kind == ErrorKind::No || kind == ErrorKind::Bad;
            QTest::newRow(qPrintable(QLatin1String("error ") + k))
                << int(ChunkStatus::Error) << int(kind)
                << (refused ? QStringLiteral("fetch-refused") : QLatin1String("error:") + k);
        }
    }
    void everyKindIsExplained()
    {
        QFETCH(int, status);
        QFETCH(int, kind);
        QFETCH(QString, expected);
        const auto m = withChunk(ChunkStatus(status), ErrorKind(kind));
        const QStringList shown = OutcomeFaults::faults(m) + OutcomeFaults::events(m);
        QVERIFY2(shown.contains(expected), qPrintable(shown.join(u' ')));
        const auto &c = FaultCatalogue::shared();
        for (const QString &id : shown)
            QVERIFY2(c.fault(id) || c.event(id), qPrintable(id + QLatin1String(" has no entry")));
    }

    void everyVerdictAndEndIsExplained()
    {
        const auto &c = FaultCatalogue::shared();
        for (const QString &v : fetch::kVerdictNames.names())
            QVERIFY2(v == QLatin1String("complete") || c.event(QLatin1String("verdict:") + v),
                     qPrintable(v));
        for (const QString &e : fetch::kMessageEndNames.names()) {
            const bool normal = e == QLatin1String("logout") || e == QLatin1String("continued");
            QVERIFY2(normal || c.event(QLatin1String("end:") + e), qPrintable(e));
        }
    }

    // KB Q194998 is about SSL: over plain text an unframed overrun only matches its pattern.
    void kbNamedOnlyForItsTransport_data()
    {
        QTest::addColumn<int>("security");
        QTest::addColumn<QString>("said");
        QTest::addColumn<QString>("notSaid");
        QTest::newRow("exchange55-presp2 over ssl")
            << int(net::Security::Ssl) << QStringLiteral("Matches KB Q194998")
            << QStringLiteral("pattern of KB Q194998");
        QTest::newRow("unframed overrun over plain")
            << int(net::Security::None) << QStringLiteral("Matches the pattern of KB Q194998")
            << QStringLiteral("Matches KB Q194998");
        QTest::newRow("unframed overrun over starttls")
            << int(net::Security::StartTls) << QStringLiteral("Matches the pattern of KB Q194998")
            << QStringLiteral("Matches KB Q194998");
    }
    void kbNamedOnlyForItsTransport()
    {
        QFETCH(int, security);
        QFETCH(QString, said);
        QFETCH(QString, notSaid);
        auto m = withChunk(ChunkStatus::OverrunUnframed);
        m.sessionEnd = fetch::MessageEnd::EmergencyLogout;
        const auto x =
            diagnose::Explanation::of(m, net::Security(security), QStringLiteral("Messenger 4.5"));
        QVERIFY2(x.toText().contains(said), qPrintable(x.toText()));
        QVERIFY2(!x.toText().contains(notSaid), qPrintable(x.toText()));
        QCOMPARE(x.workaroundSets, QStringList{QStringLiteral("mail.imap.fetch_by_chunks=false")});
        QVERIFY(!x.nothingWrong);
        // The overrun explains the emergency logout: it is not a second item.
        QCOMPARE(x.items.size(), 1);
    }

    // The catalogue's workarounds are Messenger 4.5's prefs: no button for Thunderbird, and
    // the verdict said of the client that ran.
    void otherClientsGetNoMessengerButton()
    {
        auto m = withChunk(ChunkStatus::OverrunUnframed);
        m.sessionEnd = fetch::MessageEnd::EmergencyLogout;
        auto x = diagnose::Explanation::of(m, net::Security::Ssl, QStringLiteral("Thunderbird"));
        QVERIFY(x.workaroundSets.isEmpty());
        QVERIFY2(x.headline.startsWith(QLatin1String("Thunderbird showed only the start")),
                 qPrintable(x.headline));
        QVERIFY(x.headline.contains(QLatin1String("are Messenger 4.5's")));
        // Contrast: the same outcome by Messenger 4.5 has the button, and no such note.
        x = diagnose::Explanation::of(m, net::Security::Ssl, QStringLiteral("Messenger 4.5"));
        QCOMPARE(x.workaroundSets, QStringList{QStringLiteral("mail.imap.fetch_by_chunks=false")});
        QVERIFY(!x.headline.contains(QLatin1String("are Messenger 4.5's")));
    }

    void completeSaysNothingWentWrong()
    {
        auto m = withChunk(ChunkStatus::Ok, ErrorKind::None, fetch::Verdict::Complete);
        auto x = diagnose::Explanation::of(m, net::Security::Ssl, QStringLiteral("Messenger 4.5"));
        QVERIFY(x.nothingWrong);
        QVERIFY(x.headline.startsWith(QLatin1String("Nothing went wrong")));
        QVERIFY(x.workaroundSets.isEmpty());
        // Contrast: complete, but the server ignored the partial: not "nothing went wrong".
        m = withChunk(ChunkStatus::NoOrigin, ErrorKind::None, fetch::Verdict::Complete);
        x = diagnose::Explanation::of(m, net::Security::Ssl, QStringLiteral("Messenger 4.5"));
        QVERIFY(!x.nothingWrong);
        QVERIFY2(!x.toText().contains(QLatin1String("Nothing went wrong")), qPrintable(x.toText()));
        QCOMPARE(x.items.value(0).id, QStringLiteral("partial-ignored"));
        // A cancelled message: no verdict, no fault.
        m = withChunk(ChunkStatus::OverrunUnframed);
        m.cancelled = true;
        QVERIFY(OutcomeFaults::faults(m).isEmpty());
        QCOMPARE(OutcomeFaults::events(m), QStringList{QStringLiteral("end:cancelled")});
    }
};

QTEST_GUILESS_MAIN(tst_FaultCatalogue)
#include "tst_faultcatalogue.moc"
