// SPDX-License-Identifier: MIT
// `diagnose` against the real Dovecot of the test fixture (issue 18): a conformant server is
// found conformant over plain text, STARTTLS and SSL, every probe passing, and the message the
// 4.5 chunk probes read is marked unread again.
#include "DovecotFixture.h"
#include "diagnose/DiagnoseOutput.h"
#include "diagnose/Diagnosis.h"

#include <QSignalSpy>
#include <QTest>

using namespace msim;
using msim::testsupport::DovecotFixture;

class tst_DovecotDiagnose : public QObject
{
    Q_OBJECT
    DovecotFixture fx;

private Q_SLOTS:
    void initTestCase() { MSIM_LOAD_DOVECOT(fx); }

    void dovecotIsConformant()
    {
        diagnose::DiagnoseRequest req;
        req.base.endpoint.host = QStringLiteral("127.0.0.1");
        req.base.credentials = {fx.user.toUtf8(), fx.password};
        req.base.tls.caFile = fx.certFile;
        req.base.commandTimeoutMs = 20000;
        req.plainPort = fx.imapPort;
        req.tlsPort = fx.imapsPort;
        diagnose::Diagnosis d(req, diagnose::FaultCatalogue::shared());
        QSignalSpy done(&d, &diagnose::Diagnosis::finished);
        d.start();
        QVERIFY(!done.isEmpty() || done.wait(240000));
        const diagnose::DiagnoseResult &r = d.result();
        const QString text = diagnose::DiagnoseOutput::text(r);
        QVERIFY2(!r.error, qPrintable(text));
        QCOMPARE(r.exitCode(), 0);
        QCOMPARE(r.verdict(), QStringLiteral("conformant"));
        QStringList transports;
        for (const fetch::ServerInfo &t : r.transports)
            transports << net::securityName(t.security);
        QCOMPARE(transports, (QStringList{QStringLiteral("none"), QStringLiteral("starttls"),
                                          QStringLiteral("ssl")}));
        for (const diagnose::ProbeResult &p : r.probes) {
            QVERIFY2(p.verdict == diagnose::ProbeVerdict::Pass,
                     qPrintable(net::securityName(p.transport) + u' ' + p.spec.name +
                                QStringLiteral(": ") + p.evidence));
        }
        QVERIFY(r.probes.size() >= 3 * 10);
        QCOMPARE(r.notes.filter(QStringLiteral("marked it unread again")).size(), 3);
    }
};

QTEST_GUILESS_MAIN(tst_DovecotDiagnose)
#include "tst_dovecot_diagnose.moc"
