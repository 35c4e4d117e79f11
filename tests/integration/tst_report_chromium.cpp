// SPDX-License-Identifier: MIT
// The ticket report as a customer sees it: a KB Q194998 run (Messenger 4.5 over SSL, the first
// chunk reply carries 1500 octets beyond its 6144-octet literal) written with Report::writeFetch,
// then report.html rendered by headless Chromium. The rendered page must tell the verdict and the
// finding, and hold no password. Set MSIM_REPORT_EXAMPLE_DIR to keep the report in that folder
// (docs/report-example.png is a screenshot of it).
#include "FetchRun.h"
#include "ImapScript.h"
#include "ScriptedServer.h"
#include "emulator/CertificateMint.h"
#include "emulator/Corpus.h"
#include "fetch/FetchRunner.h"
#include "prefs/Presets.h"
#include "scenario/JsonOutput.h"
#include "scenario/Report.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace msim;
using msim::testsupport::ImapScript;
using msim::testsupport::ScriptedServer;

namespace {

constexpr char kChromium[] = "/usr/bin/chromium";

QStringList chromiumArgs(const QString &profile)
{
    return {QStringLiteral("--headless"),
            QStringLiteral("--no-sandbox"),
            QStringLiteral("--disable-gpu"),
            QStringLiteral("--disable-dev-shm-usage"),
            QStringLiteral("--no-first-run"),
            QStringLiteral("--disable-background-networking"),
            QStringLiteral("--disable-component-update"),
            QStringLiteral("--disable-sync"),
            QStringLiteral("--user-data-dir=") + profile};
}

} // namespace

class tst_ReportChromium : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void kbQ194998RendersInChromium()
    {
        if (!QFile::exists(QLatin1String(kChromium)))
            QFAIL("/usr/bin/chromium is missing: install the Debian package chromium "
                  "(scripts/test installs it), e.g. `apt-get install -y chromium`.");

        // The sample corpus's 20000-octet message, served over implicit TLS (port 993 style).
        const emulator::CorpusMessage sample = emulator::Corpus::sample()[5];
        QCOMPARE(sample.served.size(), 20000);
        ImapScript::Message m;
        m.uid = sample.uid;
        m.body = sample.served;

        QString err;
        const auto identity = emulator::CertificateMint::mint({}, &err);
        QVERIFY2(identity, qPrintable(err));

        // Exchange 5.5 before SP2 over SSL: 1500 octets more than the literal announced.
        ImapScript s("IMAP4rev1 AUTH=PLAIN");
        s.open().headers({m});
        s.client("UID fetch " + QByteArray::number(m.uid) + " (UID RFC822.SIZE BODY[]<0.6144>)");
        s.server(ImapScript::fetchReply(1, m, 0, m.body.left(6144), m.body.mid(6144, 1500)));
        s.ok();
        s.emergencyLogout();
        ImapScript v("IMAP4rev1 AUTH=PLAIN");
        v.open().reference(m, true).logout();

        ScriptedServer server;
        server.setTlsIdentity(identity->certificate, identity->key, true);
        server.addScenario(s.build());
        server.addScenario(v.build());
        QVERIFY(server.listenLoopback());

        fetch::FetchRequest req;
        req.session.endpoint.host = QStringLiteral("127.0.0.1");
        req.session.endpoint.port = server.serverPort();
        req.session.endpoint.security = net::Security::Ssl;
        req.session.tls.pins = {identity->sha256()};
        req.session.credentials = {"test", "secret"};
        req.session.commandTimeoutMs = 10000;
        req.session.drainTimeoutMs = 1000;
        req.uids = {m.uid};
        const QString preset = QStringLiteral("kb-q194998");
        req.client.prefs = *prefs::Presets::make(preset, &err);
        req.client.presetName = preset;
        req.client.kind = fetch::ClientSettings::kindForPreset(preset);

        const auto run = msim::testsupport::runFetch(req, nullptr, 30000);
        QVERIFY2(run, "the fetch did not finish");
        MSIM_VERIFY_SCRIPT(server);
        const fetch::FetchOutcome out = *run;
        QCOMPARE(out.messages.size(), 1);
        const fetch::MessageOutcome &msg = out.messages[0];
        QCOMPARE(msg.comparison.verdict, fetch::Verdict::Truncated);
        QCOMPARE(msg.chunks[0].unframedExtra, 1500);
        QVERIFY(out.server.tls);

        scenario::ReportContext ctx;
        ctx.title = QStringLiteral("Messages over 6 KB are cut off when reading mail over SSL");
        ctx.ticket = QStringLiteral("KB Q194998");
        ctx.description = QStringLiteral(
            "The customer reads mail on Exchange Server 5.5 with Netscape Messenger 4.5 over "
            "SSL. Short messages are fine; any message over about 6 KB shows only its beginning, "
            "and Messenger seems to drop the connection while opening it. Over a plain "
            "connection the same messages open completely.");
        ctx.command =
            QStringLiteral("msim-cli fetch --host 127.0.0.1 --port %1 --security ssl "
                           "--user test --pin %2 --preset kb-q194998 --uid %3 "
                           "--report report")
                .arg(server.serverPort())
                .arg(QStringLiteral("sha256:") + QString::fromLatin1(identity->sha256().toHex()),
                     QString::number(m.uid));

        QTemporaryDir tmp;
        QVERIFY(tmp.isValid());
        QString dir = tmp.filePath(QStringLiteral("report"));
        if (qEnvironmentVariableIsSet("MSIM_REPORT_EXAMPLE_DIR"))
            dir = qEnvironmentVariable("MSIM_REPORT_EXAMPLE_DIR");
        QVERIFY2(scenario::Report::writeFetch(dir, out, ctx, msim::scenario::JsonOutput::fetch(out),
                                              &err),
                 qPrintable(err));
        const QString html = QDir(dir).absoluteFilePath(QStringLiteral("report.html"));

        QProcess chromium;
        chromium.setProgram(QLatin1String(kChromium));
        chromium.setArguments(chromiumArgs(tmp.filePath(QStringLiteral("profile")))
                              << QStringLiteral("--dump-dom") << QStringLiteral("file://") + html);
        chromium.start();
        QVERIFY2(chromium.waitForStarted(10000), qPrintable(chromium.errorString()));
        if (!chromium.waitForFinished(90000)) {
            chromium.kill();
            chromium.waitForFinished(5000);
            QFAIL("headless Chromium did not finish within 90 s");
        }
        const QString dom = QString::fromUtf8(chromium.readAllStandardOutput());
        QVERIFY2(chromium.exitStatus() == QProcess::NormalExit && chromium.exitCode() == 0,
                 qPrintable(QString::fromLocal8Bit(chromium.readAllStandardError())));
        QVERIFY2(dom.contains(QLatin1String("</html>")), qPrintable(dom.left(2000)));

        // The verdict, the summary line, the finding, the picture, the overrun line.
        QVERIFY(dom.contains(QLatin1String(">truncated</span>")));
        QVERIFY(dom.contains(QLatin1String("Messenger 4.5 shows 6144 of 20000 octets")));
        const QString finding = msg.findings.first();
        QVERIFY2(finding.contains(QLatin1String("unframed overrun")), qPrintable(finding));
        QVERIFY(finding.contains(QLatin1String("over SSL")));
        QVERIFY2(dom.contains(finding), qPrintable(finding));
        QVERIFY(dom.contains(QLatin1String("<svg")));
        QVERIFY(dom.contains(QLatin1String("+1500 unframed")));
        QVERIFY(dom.contains(QLatin1String("class=\"t-overrun\"")));
        QVERIFY(dom.contains(QLatin1String("TLS protocol")));
        // No password anywhere: not in the page Chromium rendered, not in any written file.
        QVERIFY(!dom.contains(QLatin1String("secret")));
        for (const QString &f : QDir(dir).entryList(QDir::Files)) {
            QFile file(QDir(dir).filePath(f));
            QVERIFY(file.open(QIODevice::ReadOnly));
            QVERIFY2(!file.readAll().contains("secret"), qPrintable(f));
        }
    }
};

QTEST_GUILESS_MAIN(tst_ReportChromium)
#include "tst_report_chromium.moc"
