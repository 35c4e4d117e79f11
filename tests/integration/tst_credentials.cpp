// SPDX-License-Identifier: MIT
// No password anywhere: not in transcripts, reports (json, html, txt, eml), the JSON on stdout,
// stderr and logs, crash output, or /proc/<pid>/cmdline; the GUI keeps passwords in the keyring
// or in memory for the session, never in its settings file.
#include "emulator/CertificateMint.h"
#include "emulator/EmulatedServer.h"
#include "ui/MainWindow.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QProcess>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>

using namespace msim;

namespace {

const QByteArray kPassword = "Pa55-w0rd.XyZ";
const QString kCli = QStringLiteral(MSIM_BINARY_DIR "/app/cli/msim-cli");

// The forms a password could leak in: itself, base64 (AUTHENTICATE payloads), the PLAIN blob.
QList<QByteArray> forms()
{
    return {kPassword, kPassword.toBase64(),
            QByteArray('\0' + QByteArray("test") + '\0' + kPassword).toBase64(),
            QByteArray("Pa55")};
}

QString leak(const QByteArray &bytes)
{
    for (const QByteArray &f : forms())
        if (bytes.contains(f))
            return QString::fromLatin1(f);
    return {};
}

} // namespace

class tst_Credentials : public QObject
{
    Q_OBJECT
    std::unique_ptr<emulator::EmulatedServer> server;

    QProcessEnvironment env() const
    {
        auto e = QProcessEnvironment::systemEnvironment();
        e.insert(QStringLiteral("MSIM_PASSWORD"), QString::fromLatin1(kPassword));
        return e;
    }

    // Runs msim-cli on the test's event loop (the server lives on it too).
    int run(const QStringList &args, QByteArray *out, QByteArray *err,
            QByteArray *cmdline = nullptr)
    {
        QProcess p;
        p.setProcessEnvironment(env());
        QSignalSpy done(&p, &QProcess::finished);
        p.start(kCli, args);
        if (!p.waitForStarted())
            return -1;
        if (cmdline) {
            // waitForStarted() returns once exec() has begun; the kernel sets up the new argv a
            // moment later, and until then /proc/<pid>/cmdline reads empty. Poll, bounded.
            QDeadlineTimer deadline(10000);
            while (cmdline->isEmpty() && !deadline.hasExpired()) {
                QFile f(QStringLiteral("/proc/%1/cmdline").arg(p.processId()));
                if (f.open(QIODevice::ReadOnly))
                    *cmdline = f.readAll();
                QCoreApplication::processEvents();
            }
        }
        if (!done.wait(60000))
            return -2;
        *out = p.readAllStandardOutput();
        *err = p.readAllStandardError();
        return p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -3;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QString e;
        emulator::ServerOptions o;
        o.profile = QStringLiteral("exchange55-presp2");
        o.password = kPassword;
        o.identity = *emulator::CertificateMint::mint({}, &e);
        server = std::make_unique<emulator::EmulatedServer>(o, emulator::Mailbox::sample());
        QVERIFY2(server->start(&e), qPrintable(e));
    }

    void cliOutputsAndReports()
    {
        QTemporaryDir dir;
        const QString pin =
            QStringLiteral("sha256:") + QString::fromLatin1(server->fingerprint().toHex());
        for (const QString &security : {QStringLiteral("ssl"), QStringLiteral("none")}) {
            const QString port = QString::number(
                security == QLatin1String("ssl") ? server->tlsPort() : server->port());
            const QString report = dir.filePath(security);
            QByteArray out, err, cmdline;
            const int code = run({QStringLiteral("fetch"), QStringLiteral("--port"), port,
                                  QStringLiteral("--security"), security, QStringLiteral("--user"),
                                  QStringLiteral("test"), QStringLiteral("--pin"), pin,
                                  QStringLiteral("--preset"), QStringLiteral("kb-q194998"),
                                  QStringLiteral("--uid"), QStringLiteral("6"),
                                  QStringLiteral("--json"), QStringLiteral("--report"), report},
                                 &out, &err, &cmdline);
            QVERIFY2(code == 3 || code == 0, err.constData());
            QVERIFY2(leak(out).isEmpty(), qPrintable(leak(out)));
            QVERIFY2(leak(err).isEmpty(), qPrintable(leak(err)));
            QVERIFY2(cmdline.contains("fetch"), cmdline.toHex().constData());
            QVERIFY(leak(cmdline).isEmpty());
            int files = 0;
            for (QDirIterator it(report, QDir::Files, QDirIterator::Subdirectories);
                 it.hasNext();) {
                QFile f(it.next());
                QVERIFY(f.open(QIODevice::ReadOnly));
                const QByteArray content = f.readAll();
                QVERIFY2(leak(content).isEmpty(), qPrintable(f.fileName()));
                ++files;
            }
            QVERIFY(files >= 5); // report.json, report.html, transcript.txt, two .eml
            QFile t(report + QStringLiteral("/transcript.txt"));
            QVERIFY(t.open(QIODevice::ReadOnly));
            QVERIFY(t.readAll().contains("login <redacted> <redacted>"));
        }
    }

    void wrongPasswordMessages()
    {
        QByteArray out, err;
        auto e = env();
        QProcess p;
        e.insert(QStringLiteral("MSIM_PASSWORD"), QStringLiteral("Pa55-wrong-guess"));
        p.setProcessEnvironment(e);
        QSignalSpy done(&p, &QProcess::finished);
        p.start(kCli, {QStringLiteral("fetch"), QStringLiteral("--port"),
                       QString::number(server->port()), QStringLiteral("--security"),
                       QStringLiteral("none"), QStringLiteral("--user"), QStringLiteral("test"),
                       QStringLiteral("--uid"), QStringLiteral("6"), QStringLiteral("--json")});
        QVERIFY(done.wait(60000));
        QCOMPARE(p.exitCode(), 1);
        const QByteArray all = p.readAllStandardOutput() + p.readAllStandardError();
        QVERIFY(all.contains("refused the login"));
        QVERIFY(!all.contains("Pa55-wrong-guess"));
    }

    void crashOutput()
    {
        // A msim-cli killed by a signal in the middle of a fetch prints nothing of the password.
        emulator::ServerOptions o;
        o.profile = QStringLiteral("rfc3501");
        o.password = kPassword;
        o.knobs.latencyMs = 500;
        QString e;
        o.identity = *emulator::CertificateMint::mint({}, &e);
        emulator::EmulatedServer slow(o, emulator::Mailbox::sample());
        QVERIFY(slow.start(&e));
        QProcess p;
        p.setProcessEnvironment(env());
        QSignalSpy done(&p, &QProcess::finished);
        p.start(kCli,
                {QStringLiteral("fetch"), QStringLiteral("--port"), QString::number(slow.port()),
                 QStringLiteral("--security"), QStringLiteral("none"), QStringLiteral("--user"),
                 QStringLiteral("test"), QStringLiteral("--uid"), QStringLiteral("6")});
        QVERIFY(p.waitForStarted());
        QTRY_VERIFY_WITH_TIMEOUT(slow.sessionCount() > 0, 10000);
        ::kill(pid_t(p.processId()), SIGSEGV);
        QVERIFY(done.wait(30000));
        const QByteArray all = p.readAllStandardOutput() + p.readAllStandardError();
        if (p.exitStatus() == QProcess::NormalExit) {
            // Under MSIM_SANITIZE, AddressSanitizer catches the SIGSEGV, prints its own crash
            // report (which must not leak either) and exits with a failure status.
            QVERIFY2(all.contains("AddressSanitizer"), all.constData());
            QVERIFY(p.exitCode() != 0);
        } else {
            QCOMPARE(p.exitStatus(), QProcess::CrashExit);
        }
        QVERIFY2(leak(all).isEmpty(), all.constData());
    }

    void guiKeepsPasswordsOutOfItsSettings()
    {
        QCoreApplication::setOrganizationName(QStringLiteral("msim-test"));
        QCoreApplication::setApplicationName(QStringLiteral("credentials"));
        QSettings().clear();
        {
            ui::MainWindow w;
            w.start();
            ui::Account a;
            a.id = QStringLiteral("acct");
            a.name = QStringLiteral("Customer");
            a.host = QStringLiteral("127.0.0.1");
            a.port = server->port();
            a.security = net::Security::None;
            a.user = QStringLiteral("test");
            QSignalSpy listed(&w, &ui::MainWindow::listLoaded);
            w.addAccount(a, kPassword,
                         true); // "keep it in the keyring": none here, so session only
            QVERIFY(listed.wait(30000) || listed.count());
            QCOMPARE(listed.last().first().toInt(), 17);
            w.close();
        }
        QSettings s;
        s.sync();
        QFile f(s.fileName());
        QVERIFY2(f.open(QIODevice::ReadOnly), qPrintable(s.fileName()));
        const QByteArray settings = f.readAll();
        QVERIFY(settings.contains("Customer"));                   // the account is there ...
        QVERIFY2(leak(settings).isEmpty(), settings.constData()); // ... its password is not
    }
};

QTEST_MAIN(tst_Credentials)
#include "tst_credentials.moc"
