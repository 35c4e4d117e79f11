// SPDX-License-Identifier: MIT
// msim-cli as a support engineer runs it: `serve` a misbehaving Exchange 5.5, `fetch` against it
// over SSL and plain text and with the KB workaround, exit statuses, the JSON contract, usage
// errors, and no password on any command line.
#include "ImapScript.h"
#include "ProcessRun.h"
#include "ScriptedServer.h"
#include "ServeListeners.h"
#include "emulator/Corpus.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

namespace {

const QString kCli = QStringLiteral(MSIM_BINARY_DIR "/app/cli/msim-cli");

struct Result : msim::testsupport::ProcessRun
{
    QJsonObject json() const { return QJsonDocument::fromJson(out).object(); }
};

QProcessEnvironment env(const QByteArray &password = "secret")
{
    QProcessEnvironment e = QProcessEnvironment::systemEnvironment();
    if (!password.isNull())
        e.insert(QStringLiteral("MSIM_PASSWORD"), QString::fromUtf8(password));
    else
        e.remove(QStringLiteral("MSIM_PASSWORD"));
    return e;
}

Result cli(const QStringList &args, const QProcessEnvironment &e = env())
{
    return {msim::testsupport::runProcess(kCli, args, e)};
}

} // namespace

class tst_Cli : public QObject
{
    Q_OBJECT
    QProcess server;
    QString plainPort;
    QString tlsPort;
    QString pin;

    QStringList fetchArgs(const QString &security, const QString &port,
                          const QString &uid = QStringLiteral("6"))
    {
        return {QStringLiteral("fetch"),
                QStringLiteral("--security"),
                security,
                QStringLiteral("--port"),
                port,
                QStringLiteral("--user"),
                QStringLiteral("test"),
                QStringLiteral("--pin"),
                pin,
                QStringLiteral("--preset"),
                QStringLiteral("kb-q194998"),
                QStringLiteral("--uid"),
                uid,
                QStringLiteral("--json")};
    }

private Q_SLOTS:
    void initTestCase()
    {
        server.setProcessEnvironment(env(QByteArray()));
        server.start(kCli, {QStringLiteral("serve"), QStringLiteral("--profile"),
                            QStringLiteral("exchange55-presp2")});
        QVERIFY(server.waitForStarted());
        QString text;
        const auto listeners = msim::testsupport::readServeListeners(server, &text);
        QVERIFY2(listeners, qPrintable(text));
        plainPort = QString::number(listeners->plainPort);
        tlsPort = QString::number(listeners->tlsPort);
        pin = listeners->pin;
    }

    void cleanupTestCase()
    {
        server.terminate();
        QVERIFY(server.waitForFinished(15000));
        QCOMPARE(server.exitCode(), 0);
    }

    void kbQ194998OverSsl()
    {
        const Result r = cli(fetchArgs(QStringLiteral("ssl"), tlsPort));
        QCOMPARE(r.exit, 3);
        const QJsonObject o = r.json();
        QCOMPARE(o[QStringLiteral("server")][QStringLiteral("security")].toString(),
                 QStringLiteral("ssl"));
        QCOMPARE(o[QStringLiteral("server")][QStringLiteral("tls")][QStringLiteral("peer_sha256")]
                     .toString(),
                 pin.mid(7));
        const QJsonObject m = o[QStringLiteral("messages")].toArray().at(0).toObject();
        QCOMPARE(m[QStringLiteral("verdict")].toString(), QStringLiteral("truncated"));
        QCOMPARE(m[QStringLiteral("displayed_length")].toInt(), 6144);
        QCOMPARE(m[QStringLiteral("reference_length")].toInt(), 20000);
        QCOMPARE(m[QStringLiteral("session_end")].toString(), QStringLiteral("emergency_logout"));
        const QJsonObject c = m[QStringLiteral("chunks")].toArray().at(0).toObject();
        QCOMPARE(c[QStringLiteral("command")].toString(),
                 QStringLiteral("5 UID fetch 6 (UID RFC822.SIZE BODY[]<0.6144>)"));
        QCOMPARE(c[QStringLiteral("status")].toString(), QStringLiteral("overrun_unframed"));
        QCOMPARE(c[QStringLiteral("unframed_extra")].toInt(), 1500);
        QCOMPARE(c[QStringLiteral("literal_length")].toInt(), 6144);
        QCOMPARE(c[QStringLiteral("requested_length")].toInt(), 6144);
        QCOMPARE(o[QStringLiteral("session_end")].toString(), QStringLiteral("emergency_logout"));
        QVERIFY(o[QStringLiteral("error")].isNull());
        QVERIFY(m[QStringLiteral("findings")].toArray().at(0).toString().contains(
            QLatin1String("unframed overrun) over SSL")));
        QVERIFY(!r.out.contains("secret"));
    }

    void samePlainTextIsComplete()
    {
        const Result r = cli(fetchArgs(QStringLiteral("none"), plainPort));
        QCOMPARE(r.exit, 0);
        const QJsonObject m = r.json()[QStringLiteral("messages")].toArray().at(0).toObject();
        QCOMPARE(m[QStringLiteral("verdict")].toString(), QStringLiteral("complete"));
        QCOMPARE(m[QStringLiteral("chunks")].toArray().size(), 4);
        QVERIFY(m[QStringLiteral("findings")].toArray().isEmpty());
        QVERIFY(r.json()[QStringLiteral("server")][QStringLiteral("tls")].isNull());
    }

    // Issue 19's "done means": the multipart sample (UID 11) from exchange55-presp2 with the
    // kb-q194998 preset: over SSL the attachment the truncation removed is missing by file name
    // and the one it cut is cut with its percentage; over plain text every part is intact.
    void multipartDamage_data()
    {
        QTest::addColumn<QString>("security");
        QTest::addColumn<int>("exit");
        QTest::addColumn<QByteArray>("mime");
        QTest::newRow("exchange55-presp2 KB Q194998 over SSL")
            << QStringLiteral("ssl") << 3
            << QByteArray(
                   R"({"note":null,"parts":[)"
                   R"({"content_type":"text/plain","decoded_kept":null,"filename":null,"kept":4347,"length":4347,"offset":354,"path":"1","state":"intact"},)"
                   R"({"content_type":"application/octet-stream","decoded_kept":924,"filename":"pattern.bin","kept":1419,"length":12468,"offset":4725,"path":"2","state":"cut"},)"
                   R"({"content_type":"text/plain","decoded_kept":null,"filename":"notes.txt","kept":0,"length":229,"offset":17217,"path":"3","state":"missing"}]})");
        QTest::newRow("exchange55-presp2 over plain text")
            << QStringLiteral("none") << 0
            << QByteArray(
                   R"({"note":null,"parts":[)"
                   R"({"content_type":"text/plain","decoded_kept":null,"filename":null,"kept":4347,"length":4347,"offset":354,"path":"1","state":"intact"},)"
                   R"({"content_type":"application/octet-stream","decoded_kept":null,"filename":"pattern.bin","kept":12468,"length":12468,"offset":4725,"path":"2","state":"intact"},)"
                   R"({"content_type":"text/plain","decoded_kept":null,"filename":"notes.txt","kept":229,"length":229,"offset":17217,"path":"3","state":"intact"}]})");
    }
    void multipartDamage()
    {
        QFETCH(QString, security);
        QFETCH(int, exit);
        QFETCH(QByteArray, mime);
        const Result r =
            cli(fetchArgs(security, security == QStringLiteral("ssl") ? tlsPort : plainPort,
                          QStringLiteral("11")));
        QCOMPARE(r.exit, exit);
        const QJsonObject m = r.json()[QStringLiteral("messages")].toArray().at(0).toObject();
        QCOMPARE(QJsonDocument(m[QStringLiteral("mime")].toObject()).toJson(QJsonDocument::Compact),
                 mime);
        const QJsonArray findings = m[QStringLiteral("findings")].toArray();
        if (exit == 0) {
            QVERIFY(findings.isEmpty());
            return;
        }
        QCOMPARE(findings.at(2).toString(),
                 QStringLiteral("The attachment pattern.bin (application/octet-stream, 8.8 kB, "
                                "part 2) is cut: 924 of its 9000 bytes survive (11% of its "
                                "octets)."));
        QCOMPARE(findings.at(3).toString(),
                 QStringLiteral("The attachment notes.txt (text/plain, 64 bytes, part 3) is "
                                "missing entirely."));
    }

    void workaroundOverSslIsComplete()
    {
        QStringList args = fetchArgs(QStringLiteral("ssl"), tlsPort);
        args << QStringLiteral("--set") << QStringLiteral("mail.imap.fetch_by_chunks=false");
        const Result r = cli(args);
        QCOMPARE(r.exit, 0);
        const QJsonObject o = r.json();
        const QJsonObject m = o[QStringLiteral("messages")].toArray().at(0).toObject();
        QCOMPARE(m[QStringLiteral("strategy")].toString(), QStringLiteral("whole"));
        const QJsonArray chunks = m[QStringLiteral("chunks")].toArray();
        QCOMPARE(chunks.size(), 1);
        QCOMPARE(chunks.at(0)[QStringLiteral("command")].toString(),
                 QStringLiteral("5 UID fetch 6 (UID RFC822.SIZE BODY[])"));
        QVERIFY(chunks.at(0)[QStringLiteral("requested_start")].isNull());
        QCOMPARE(o[QStringLiteral("prefs")][QStringLiteral("mail.imap.fetch_by_chunks")].toBool(),
                 false);
    }

    void humanSummary()
    {
        QStringList args = fetchArgs(QStringLiteral("ssl"), tlsPort);
        args.removeAll(QStringLiteral("--json"));
        const Result r = cli(args);
        QCOMPARE(r.exit, 3);
        QVERIFY(
            r.out.contains("UID 6  20000 octets  chunked  TRUNCATED (shows 6144 of 20000 octets)"));
        QVERIFY(r.out.contains("OVERRUN_UNFRAMED"));
        QVERIFY(r.out.contains("session end: emergency_logout"));
    }

    // The issue's "done means" for the CLI: exit 3, partial-overrun-unframed over ssl only,
    // KB Q194998, and a verified mail.imap.fetch_by_chunks=false workaround.
    void diagnoseNamesKbQ194998()
    {
        QTemporaryDir reportDir;
        const QString folder = reportDir.filePath(QStringLiteral("diagnose"));
        const Result r = cli({QStringLiteral("diagnose"), QStringLiteral("--port"), plainPort,
                              QStringLiteral("--tls-port"), tlsPort, QStringLiteral("--user"),
                              QStringLiteral("test"), QStringLiteral("--pin"), pin,
                              QStringLiteral("--json"), QStringLiteral("--report"), folder});
        QCOMPARE(r.exit, 3);
        // The report folder holds the same object, the page and the redacted transcript.
        const QDir report(folder);
        QFile json(report.filePath(QStringLiteral("report.json")));
        QVERIFY(json.open(QIODevice::ReadOnly));
        QCOMPARE(QJsonDocument::fromJson(json.readAll()).object(), r.json());
        QVERIFY(report.exists(QStringLiteral("report.html")));
        QFile transcript(report.filePath(QStringLiteral("transcript.txt")));
        QVERIFY(transcript.open(QIODevice::ReadOnly));
        const QByteArray t = transcript.readAll();
        QVERIFY(t.contains("BODY[]<0.6144>"));
        QVERIFY(!t.contains("secret"));
        const QJsonObject o = r.json();
        QCOMPARE(o[QStringLiteral("verdict")].toString(), QStringLiteral("faults_found"));
        const QJsonArray faults = o[QStringLiteral("faults")].toArray();
        QCOMPARE(faults.size(), 1);
        const QJsonObject f = faults.at(0).toObject();
        QCOMPARE(f[QStringLiteral("id")].toString(), QStringLiteral("partial-overrun-unframed"));
        QCOMPARE(f[QStringLiteral("transports")].toArray(), QJsonArray{QStringLiteral("ssl")});
        QCOMPARE(f[QStringLiteral("references")].toArray().at(0).toString(),
                 QStringLiteral("KB Q194998"));
        const QJsonObject w = f[QStringLiteral("workaround")].toObject();
        QCOMPARE(
            w[QStringLiteral("prefs")].toObject(),
            (QJsonObject{{QStringLiteral("mail.imap.fetch_by_chunks"), QStringLiteral("false")}}));
        QCOMPARE(w[QStringLiteral("verified")].toBool(), true);
        QVERIFY(f[QStringLiteral("affects")][QStringLiteral("kb-q194998")].toString().startsWith(
            QLatin1String("Truncated: shows 6144 of")));
        QVERIFY(!r.out.contains("secret"));
        // The same over plain text only: nothing to find (contrast).
        const Result plain = cli({QStringLiteral("diagnose"), QStringLiteral("--port"), plainPort,
                                  QStringLiteral("--user"), QStringLiteral("test")});
        QCOMPARE(plain.exit, 0);
        QVERIFY2(plain.out.startsWith("Conformant: "), plain.out.constData());
    }

    void diagnoseThatCannotConnectExitsOne()
    {
        const Result r =
            cli({QStringLiteral("diagnose"), QStringLiteral("--port"), QStringLiteral("1"),
                 QStringLiteral("--user"), QStringLiteral("test"), QStringLiteral("--json")});
        QCOMPARE(r.exit, 1);
        const QJsonObject o = r.json();
        QVERIFY(o[QStringLiteral("verdict")].isNull());
        QVERIFY2(!o[QStringLiteral("error")].toString().isEmpty(), r.out.constData());
    }

    void tlsFailureExitsOne()
    {
        QStringList args = fetchArgs(QStringLiteral("ssl"), tlsPort);
        const int at = args.indexOf(QStringLiteral("--pin"));
        args.remove(at, 2);
        const Result r = cli(args);
        QCOMPARE(r.exit, 1);
        const QString error = r.json()[QStringLiteral("error")].toString();
        QVERIFY2(error.contains(QLatin1String("untrusted issuer")), qPrintable(error));
        QVERIFY(error.contains(pin));
    }

    void passwordFromAFile()
    {
        QTemporaryDir dir;
        QFile f(dir.filePath(QStringLiteral("pw")));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("secret\n");
        f.close();
        QStringList args = fetchArgs(QStringLiteral("none"), plainPort);
        args << QStringLiteral("--password-file") << f.fileName();
        QCOMPARE(cli(args, env(QByteArray())).exit, 0);
        QCOMPARE(cli(fetchArgs(QStringLiteral("none"), plainPort), env("wrong")).exit, 1);
    }

    void usageErrors_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("message");
        QTest::newRow("password on the command line")
            << QStringList{QStringLiteral("fetch"), QStringLiteral("--password"),
                           QStringLiteral("x")}
            << QStringLiteral("never taken on the command line");
        QTest::newRow("no uid") << QStringList{QStringLiteral("fetch"), QStringLiteral("--user"),
                                               QStringLiteral("t")}
                                << QStringLiteral("--uid N");
        QTest::newRow("bad security")
            << QStringList{QStringLiteral("fetch"), QStringLiteral("--uid"),
                           QStringLiteral("1"),     QStringLiteral("--user"),
                           QStringLiteral("t"),     QStringLiteral("--security"),
                           QStringLiteral("tls13")}
            << QStringLiteral("--security must be");
        QTest::newRow("unknown preset")
            << QStringList{QStringLiteral("fetch"), QStringLiteral("--uid"), QStringLiteral("1"),
                           QStringLiteral("--preset"), QStringLiteral("outlook")}
            << QStringLiteral("--preset");
        QTest::newRow("unknown pref")
            << QStringList{QStringLiteral("prefs"), QStringLiteral("--set"),
                           QStringLiteral("mail.imap.chunksize=1")}
            << QStringLiteral("mail.imap.chunksize");
        QTest::newRow("bad pin") << QStringList{QStringLiteral("fetch"),
                                                QStringLiteral("--uid"),
                                                QStringLiteral("1"),
                                                QStringLiteral("--user"),
                                                QStringLiteral("t"),
                                                QStringLiteral("--pin"),
                                                QStringLiteral("sha256:abc")}
                                 << QStringLiteral("64 hexadecimal digits");
        QTest::newRow("diagnose with two uids")
            << QStringList{QStringLiteral("diagnose"), QStringLiteral("--user"),
                           QStringLiteral("u"),        QStringLiteral("--uid"),
                           QStringLiteral("1"),        QStringLiteral("--uid"),
                           QStringLiteral("2")}
            << QStringLiteral("--uid names the one message to probe");
        QTest::newRow("unknown command")
            << QStringList{QStringLiteral("frobnicate")} << QStringLiteral("unknown command");
        QTest::newRow("serve without profile")
            << QStringList{QStringLiteral("serve")} << QStringLiteral("--profile is required");
        QTest::newRow("serve with 65 workers")
            << QStringList{QStringLiteral("serve"), QStringLiteral("--profile"),
                           QStringLiteral("rfc3501"), QStringLiteral("--workers"),
                           QStringLiteral("65")}
            << QStringLiteral("--workers must be 0 to 64 threads, not '65'");
        QTest::newRow("serve with negative workers")
            << QStringList{QStringLiteral("serve"), QStringLiteral("--profile"),
                           QStringLiteral("rfc3501"), QStringLiteral("--workers"),
                           QStringLiteral("-1")}
            << QStringLiteral("--workers must be 0 to 64 threads, not '-1'");
        QTest::newRow("unknown option")
            << QStringList{QStringLiteral("fetch"), QStringLiteral("--frob")}
            << QStringLiteral("frob");
    }
    void usageErrors()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, message);
        const Result r = cli(args);
        QCOMPARE(r.exit, 2);
        QVERIFY2(QString::fromUtf8(r.err).contains(message), r.err.constData());
        QVERIFY(r.out.isEmpty()); // no JSON on a usage error
    }

    void helpAndVersion()
    {
        const Result v = cli({QStringLiteral("--version")});
        QCOMPARE(v.exit, 0);
        QVERIFY(v.out.startsWith("msim-cli 0."));
        for (const QString &c :
             {QStringLiteral("fetch"), QStringLiteral("serve"), QStringLiteral("prefs")}) {
            const Result h = cli({c, QStringLiteral("--help")});
            QCOMPARE(h.exit, 0);
            QVERIFY(h.out.contains("Usage: msim-cli " + c.toUtf8()));
        }
    }

    void listsAreNameTabDescription()
    {
        for (const QString &c : {QStringLiteral("presets"), QStringLiteral("profiles")}) {
            const Result r = cli({c});
            QCOMPARE(r.exit, 0);
            const QList<QByteArray> lines = r.out.trimmed().split('\n');
            QVERIFY(lines.size() >= 4);
            for (const QByteArray &l : lines)
                QVERIFY2(QRegularExpression(QStringLiteral("^[a-z0-9-]+\\t\\S.*$"))
                             .match(QString::fromUtf8(l))
                             .hasMatch(),
                         l.constData());
        }
        QVERIFY(cli({QStringLiteral("presets")}).out.startsWith("messenger45\t"));
        QVERIFY(cli({QStringLiteral("profiles")}).out.contains("exchange55-presp2\t"));
    }

    void prefsWriteAndRead()
    {
        QTemporaryDir dir;
        const QString js = dir.filePath(QStringLiteral("prefs.js"));
        Result r =
            cli({QStringLiteral("prefs"), QStringLiteral("--preset"), QStringLiteral("kb-q194998"),
                 QStringLiteral("--set"), QStringLiteral("mail.imap.fetch_by_chunks=false"),
                 QStringLiteral("--write"), js});
        QCOMPARE(r.exit, 0);
        QVERIFY(r.out.contains("mail.imap.fetch_by_chunks\tfalse\t--set\t"));
        QVERIFY(r.out.contains("mail.imap.chunk_size\t6144\tpreset kb-q194998\t"));
        QVERIFY(r.out.contains("mail.imap.max_chunk_size\t40960\tdefault\t"));
        QFile f(js);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray text = f.readAll();
        QVERIFY(text.startsWith(
            "// Netscape User Preferences\n// This is a generated file!  Do not edit.\n\n"));
        QVERIFY(text.contains("user_pref(\"mail.imap.fetch_by_chunks\", false);\n"));
        // A customer's file with a bad line: reported by number, the good lines still apply.
        QFile bad(dir.filePath(QStringLiteral("customer.js")));
        QVERIFY(bad.open(QIODevice::WriteOnly));
        bad.write(
            "// customer\r\nuser_pref(\"mail.imap.chunk_size\", 6144);\r\nuser_pref(\"oops\";\r\n");
        bad.close();
        r = cli({QStringLiteral("prefs"), QStringLiteral("--prefs"), bad.fileName()});
        QCOMPARE(r.exit, 3); // read, with a problem
        QVERIFY2(r.err.startsWith(bad.fileName().toUtf8() +
                                  ": read 1 pref: 1 used by msim, 0 kept unchanged, 1 problem "
                                  "(UTF-8)\n"),
                 r.err.constData());
        QVERIFY2(r.err.contains(bad.fileName().toUtf8() + " line 3: "), r.err.constData());
        QVERIFY(
            r.out.contains("mail.imap.chunk_size\t6144\t" + bad.fileName().toUtf8() + " line 2\t"));
        // A file that cannot be read: exit 1, no usage text.
        r = cli({QStringLiteral("prefs"), QStringLiteral("--prefs"),
                 dir.filePath(QStringLiteral("none.js"))});
        QCOMPARE(r.exit, 1);
        QVERIFY2(!r.err.contains("Usage") && !r.err.contains("--help"), r.err.constData());
    }

    // Issue 14's rows: a customer's prefs.js written back keeps every pref (DESIGN.md §4 prefs).
    void prefsWriteKeepsEveryPref()
    {
        QTemporaryDir dir;
        const QString js = dir.filePath(QStringLiteral("p.js"));
        QFile f(js);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("user_pref(\"mail.identity.id1.useremail\", \"a@example.test\");\n"
                "user_pref(\"mail.imap.fetch_by_chunks\", false);\n");
        f.close();
        Result r = cli({QStringLiteral("prefs"), QStringLiteral("--prefs"), js,
                        QStringLiteral("--write"), js});
        QCOMPARE(r.exit, 0);
        QVERIFY2(r.err.contains("p.js: read 2 prefs: 1 used by msim, 1 kept unchanged, 0 problems "
                                "(UTF-8)\n"),
                 r.err.constData());
        QVERIFY2(r.err.contains("wrote " + js.toUtf8() +
                                ": 2 prefs (the file it replaced is kept as " + js.toUtf8() +
                                ".bak)\n"),
                 r.err.constData());
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(f.readAll(), QByteArray("// Netscape User Preferences\n"
                                         "// This is a generated file!  Do not edit.\n"
                                         "\n"
                                         "user_pref(\"mail.identity.id1.useremail\", "
                                         "\"a@example.test\");\n"
                                         "user_pref(\"mail.imap.fetch_by_chunks\", false);\n"));
        f.close();
        QFile bak(js + QStringLiteral(".bak"));
        QVERIFY(bak.open(QIODevice::ReadOnly));
        QVERIFY(bak.readAll().startsWith("user_pref(\"mail.identity.id1.useremail\""));
        bak.close();
        // Written again after a hand edit: the edited file is kept too (p.js.bak is taken).
        QVERIFY(f.open(QIODevice::Append));
        f.write("user_pref(\"hand.edit\", 1);\n");
        f.close();
        r = cli({QStringLiteral("prefs"), QStringLiteral("--prefs"), js, QStringLiteral("--write"),
                 js});
        QVERIFY2(r.err.contains("wrote " + js.toUtf8() +
                                ": 3 prefs (the file it replaced is kept as " + js.toUtf8() +
                                ".bak.1)\n"),
                 r.err.constData());
        QFile bak1(js + QStringLiteral(".bak.1"));
        QVERIFY(bak1.open(QIODevice::ReadOnly));
        QVERIFY(bak1.readAll().endsWith("user_pref(\"hand.edit\", 1);\n"));

        // --verbose lists the kept one; an alias is written back under its own name.
        QFile alias(dir.filePath(QStringLiteral("alias.js")));
        QVERIFY(alias.open(QIODevice::WriteOnly));
        alias.write("user_pref(\"mail.server_ssl\", true);\n");
        alias.close();
        const QString out = dir.filePath(QStringLiteral("out.js"));
        r = cli({QStringLiteral("prefs"), QStringLiteral("--prefs"), alias.fileName(),
                 QStringLiteral("--write"), out, QStringLiteral("--verbose")});
        QCOMPARE(r.exit, 3); // the alias is a problem worth a warning
        QVERIFY(r.out.contains("mail.imap.server_ssl\ttrue\t" + alias.fileName().toUtf8() +
                               " line 1\t"));
        QVERIFY(r.out.contains(
            "mail.server_ssl\ttrue\t" + alias.fileName().toUtf8() +
            " line 1\tused by msim as mail.imap.server_ssl, written back under its own name as "
            "user_pref(...)\n"));
        QFile written(out);
        QVERIFY(written.open(QIODevice::ReadOnly));
        QVERIFY(written.readAll().endsWith("\n\nuser_pref(\"mail.server_ssl\", true);\n"));
    }

    // Known prefs of the wrong type are problems, but they are kept and written back: no
    // sentence may say they are missing from the file written.
    void prefsWrongTypesAreWrittenBack()
    {
        QTemporaryDir dir;
        QFile c(dir.filePath(QStringLiteral("c.js")));
        QVERIFY(c.open(QIODevice::WriteOnly));
        c.write("user_pref(\"mail.imap.fetch_by_chunks\", \"false\");\n"
                "user_pref(\"mail.imap.chunk_size\", \"6144\");\n"
                "user_pref(\"mail.imap.server_ssl\", 1);\n"
                "user_pref(\"x\", tru);\n");
        c.close();
        const QString out = dir.filePath(QStringLiteral("o.js"));
        const Result r = cli({QStringLiteral("prefs"), QStringLiteral("--prefs"), c.fileName(),
                              QStringLiteral("--write"), out});
        QCOMPARE(r.exit, 3);
        QVERIFY2(r.err.contains("not in it: the statements msim could not read, on line 4 of "),
                 r.err.constData());
        QFile o(out);
        QVERIFY(o.open(QIODevice::ReadOnly));
        const QByteArray written = o.readAll();
        QVERIFY(written.contains("user_pref(\"mail.imap.chunk_size\", \"6144\");\n"));
        QVERIFY(written.contains("user_pref(\"mail.imap.server_ssl\", 1);\n"));
        QVERIFY(written.contains("user_pref(\"mail.imap.fetch_by_chunks\", \"false\");\n"));
    }

    // A prefs.js a Windows editor saved as "Unicode": UTF-16LE with a byte-order mark.
    void prefsUtf16()
    {
        QTemporaryDir dir;
        QFile f(dir.filePath(QStringLiteral("prefs.js")));
        QVERIFY(f.open(QIODevice::WriteOnly));
        const QString text = QStringLiteral("user_pref(\"mail.imap.fetch_by_chunks\", false);\r\n");
        f.write("\xFF\xFE");
        f.write(reinterpret_cast<const char *>(text.utf16()), text.size() * 2);
        f.close();
        const Result r = cli({QStringLiteral("prefs"), QStringLiteral("--prefs"), f.fileName()});
        QCOMPARE(r.exit, 0);
        QVERIFY2(r.err.contains(": read 1 pref: 1 used by msim, 0 kept unchanged, 0 problems "
                                "(UTF-16LE with a byte-order mark)\n"),
                 r.err.constData());
        QVERIFY(r.out.contains("mail.imap.fetch_by_chunks\tfalse\t"));
    }

    // A hostile server and a hostile prefs.js: no control character reaches the terminal
    // (DESIGN.md §3), whether msim-cli prints a summary, an error or a warning.
    void noControlCharacterReachesTheTerminal()
    {
        msim::testsupport::ScriptedServer hostile;
        hostile.addScenario(
            QStringLiteral("S: * OK \\x1b]0;owned\\x07 ready \\x1b[2J\\xc2\\x9b31m\n"
                           "C: 1 capability\nS: * CAPABILITY IMAP4rev1\nS: 1 OK\n"
                           "C: 2 login \"test\" \"secret\"\n"
                           "S: 2 NO [AUTHENTICATIONFAILED] \\x1b[31mred\\x07\\rFAKE\nW:\n"));
        QVERIFY(hostile.listenLoopback());
        QTemporaryDir dir;
        QFile js(dir.filePath(QStringLiteral("prefs.js")));
        QVERIFY(js.open(QIODevice::WriteOnly));
        js.write("user_pref(\"mail.imap.server.x\x1b[2J.userName\", \"\x1b]0;t\x07\");\n"
                 "user_pref(\"mail.imap.fetch_by_chunks\", \"\x1b[5m\");\n");
        js.close();
        QProcess p;
        p.setProcessEnvironment(env());
        p.setStandardInputFile(QProcess::nullDevice());
        QSignalSpy finished(&p, &QProcess::finished);
        p.start(kCli,
                {QStringLiteral("fetch"), QStringLiteral("--security"), QStringLiteral("none"),
                 QStringLiteral("--port"), QString::number(hostile.serverPort()),
                 QStringLiteral("--user"), QStringLiteral("test"), QStringLiteral("--uid"),
                 QStringLiteral("1"), QStringLiteral("--prefs"), js.fileName()});
        QVERIFY(finished.wait(60000)); // the event loop runs, so the scripted server answers
        QCOMPARE(p.exitCode(), 1);
        const QByteArray all = p.readAllStandardOutput() + p.readAllStandardError();
        QVERIFY2(all.contains("NO [AUTHENTICATIONFAILED] \\x1b[31mred\\x07\\x0dFAKE"),
                 all.constData());
        const Result prefs =
            cli({QStringLiteral("prefs"), QStringLiteral("--prefs"), js.fileName()});
        for (const QByteArray &bytes : {all, prefs.out + prefs.err}) {
            for (char c : bytes)
                QVERIFY2(c == '\n' || c == '\t' ||
                             (static_cast<unsigned char>(c) >= 0x20 && c != 0x7f),
                         bytes.constData());
            QVERIFY2(!bytes.contains("\xc2\x9b"), bytes.constData());
        }
    }

    // A server that quotes the password back, in any of its forms, does not get it into any
    // output: stdout (text and JSON), stderr, the report's files or the capture (issue 22).
    void serverEchoesNeverLeakThePassword_data()
    {
        QTest::addColumn<QByteArray>("echo");   // the server's reply to the login, PW* filled in
        QTest::addColumn<QByteArray>("marker"); // what the transcript must show of it
        QTest::addColumn<bool>("trickle");      // one octet per segment: a form split by reads
        QTest::newRow("issue 22: the LOGIN line quoted back in the NO")
            << QByteArray("2 NO [AUTHENTICATIONFAILED] rejected: 2 login \"test\" \"PW\"\r\n")
            << QByteArray("rejected: 2 login") << false;
        QTest::newRow("the password's base64 (AUTHENTICATE LOGIN) in the NO")
            << QByteArray("2 NO [AUTHENTICATIONFAILED] wrong PWB64 for test\r\n")
            << QByteArray("wrong ") << false;
        QTest::newRow("the AUTHENTICATE PLAIN response in an untagged NO, then BYE")
            << QByteArray("* NO [ALERT] bad PLAIN PWPLAIN\r\n* BYE closing, PW was wrong\r\n")
            << QByteArray("bad PLAIN") << false;
        QTest::newRow("the password in a line that does not parse")
            << QByteArray("2 NO \x01PW(\r\n") << QByteArray("2 NO") << false;
        QTest::newRow("the password as the tag of the answer")
            << QByteArray("PW OK thanks\r\n") << QByteArray("OK thanks") << false;
        QTest::newRow("the password split over one-octet segments")
            << QByteArray("2 NO [AUTHENTICATIONFAILED] rejected: 2 login \"test\" \"PW\"\r\n")
            << QByteArray("rejected: 2 login") << true;
    }

    void serverEchoesNeverLeakThePassword()
    {
        QFETCH(QByteArray, echo);
        QFETCH(QByteArray, marker);
        QFETCH(bool, trickle);
        const QByteArray password = "Hunter2-Secret9";
        const QList<QByteArray> forms = {password, password.toBase64(),
                                         QByteArray("\0test\0", 6).append(password).toBase64()};
        echo.replace("PWPLAIN", forms[2]).replace("PWB64", forms[1]).replace("PW", password);
        QTemporaryDir dir;
        for (const bool json : {true, false}) {
            using Step = msim::testsupport::ScriptedServer::Step;
            msim::testsupport::ScriptedServer hostile;
            hostile.addScenario(
                {Step::serverLine("* OK ready"), Step::client("1 capability"),
                 Step::serverLine("* CAPABILITY IMAP4rev1"), Step::serverLine("1 OK"),
                 Step::client("2 login \"test\" \"" + password + '"'),
                 trickle ? Step::trickle(echo) : Step::server(echo), Step::close()});
            QVERIFY(hostile.listenLoopback());
            const QString report =
                dir.filePath(json ? QStringLiteral("json") : QStringLiteral("text"));
            QStringList args = {QStringLiteral("fetch"),
                                QStringLiteral("--security"),
                                QStringLiteral("none"),
                                QStringLiteral("--port"),
                                QString::number(hostile.serverPort()),
                                QStringLiteral("--user"),
                                QStringLiteral("test"),
                                QStringLiteral("--uid"),
                                QStringLiteral("1"),
                                QStringLiteral("--report"),
                                report,
                                QStringLiteral("--pcap"),
                                report + QStringLiteral(".pcapng")};
            if (json)
                args << QStringLiteral("--json");
            QProcess p;
            p.setProcessEnvironment(env(password));
            p.setStandardInputFile(QProcess::nullDevice());
            QSignalSpy finished(&p, &QProcess::finished);
            p.start(kCli, args);
            QVERIFY(finished.wait(60000)); // the event loop runs, so the scripted server answers
            QCOMPARE(p.exitCode(), 1);
            QList<std::pair<QString, QByteArray>> outputs = {
                {QStringLiteral("stdout"), p.readAllStandardOutput()},
                {QStringLiteral("stderr"), p.readAllStandardError()}};
            QDirIterator it(report, QDir::Files, QDirIterator::Subdirectories);
            while (it.hasNext()) {
                QFile f(it.next());
                QVERIFY(f.open(QIODevice::ReadOnly));
                outputs.append({f.fileName(), f.readAll()});
            }
            QFile pcap(report + QStringLiteral(".pcapng"));
            QVERIFY(pcap.open(QIODevice::ReadOnly));
            outputs.append({pcap.fileName(), pcap.readAll()});
            QVERIFY2(outputs.size() >= 5, qPrintable(QString::number(outputs.size())));
            bool markerSeen = false;
            for (const auto &[name, bytes] : std::as_const(outputs)) {
                for (const QByteArray &form : forms)
                    QVERIFY2(!bytes.contains(form), qPrintable(name + QStringLiteral(" holds ") +
                                                               QString::fromLatin1(form)));
                if (name.endsWith(QStringLiteral("transcript.txt")))
                    markerSeen = bytes.contains(marker);
            }
            QVERIFY2(markerSeen, "the server's echo is not in transcript.txt"); // it was recorded
        }
    }

    // Ctrl-C or SIGTERM during a fetch cancels it as the GUI's Esc does: the \Seen restore
    // runs on a new connection and the summary says what had arrived, with no verdict.
    void interruptCancelsAndRestoresSeen()
    {
        msim::testsupport::ImapScript::Message m;
        m.uid = 1;
        m.body = msim::emulator::Corpus::sized(20000, "interrupt me", "cli@test");
        msim::testsupport::ImapScript s;
        s.open().headers({m});
        s.client("UID fetch 1 (UID RFC822.SIZE BODY[]<0.6144>)");
        s.server(msim::testsupport::ImapScript::fetchReply(1, m, 0, m.body.left(6144)));
        s.ok();
        s.client("UID fetch 1 (UID RFC822.SIZE BODY[]<6144.6144>)");
        auto emulation = s.build();
        emulation << msim::testsupport::ScriptedServer::Step::waitClose(); // no reply
        msim::testsupport::ScriptedServer server;
        server.addScenario(emulation);
        msim::testsupport::ImapScript restore;
        restore.open().client("uid store 1 -FLAGS (\\Seen)");
        restore.line("* 1 FETCH (FLAGS ())").ok("Store completed").logout();
        server.addScenario(restore.build());
        QVERIFY(server.listenLoopback());

        QProcess p;
        p.setProcessEnvironment(env());
        p.setStandardInputFile(QProcess::nullDevice());
        // The second request is waiting for its reply: the user interrupts (SIGTERM here).
        connect(&server, &msim::testsupport::ScriptedServer::waitingForClose, &p, [&p](int index) {
            if (index == 0)
                p.terminate();
        });
        QSignalSpy finished(&p, &QProcess::finished);
        p.start(kCli,
                {QStringLiteral("fetch"), QStringLiteral("--security"), QStringLiteral("none"),
                 QStringLiteral("--port"), QString::number(server.serverPort()),
                 QStringLiteral("--user"), QStringLiteral("test"), QStringLiteral("--uid"),
                 QStringLiteral("1"), QStringLiteral("--preset"), QStringLiteral("kb-q194998"),
                 QStringLiteral("--no-verify")});
        QVERIFY(finished.wait(60000));
        QVERIFY2(server.allConsumed(), qPrintable(server.failure() + server.progress()));
        QCOMPARE(p.exitStatus(), QProcess::NormalExit);
        QCOMPARE(p.exitCode(), 3);
        const QByteArray outText = p.readAllStandardOutput();
        QVERIFY2(outText.contains("UID 1  20000 octets  chunked  CANCELLED (Messenger 4.5 had "
                                  "received 6144 of 20000 octets)"),
                 outText.constData());
        QVERIFY2(outText.contains("so msim marked it unread again."), outText.constData());
        QVERIFY(!outText.contains("FAILED"));
        QVERIFY(p.readAllStandardError().contains("interrupted: cancelling the fetch"));
    }

    // Issue 14: --corpus is repeatable (a name with a comma is taken whole), serve says what it
    // loaded after its listening lines, and an honest 0-octet message is not blamed on the
    // server.
    void serveTakesEveryCorpus()
    {
        QTemporaryDir dir;
        const QString russia = QStringLiteral(MSIM_SOURCE_DIR "/tests/data/mbox/russia.mbox");
        const QString comma = dir.filePath(QStringLiteral("Re: invoice, March.eml"));
        const QString empty = dir.filePath(QStringLiteral("empty.eml"));
        QFile f(comma);
        QVERIFY(f.open(QIODevice::WriteOnly) && f.write("Subject: invoice\n\nMarch\n") > 0);
        f.close();
        QFile e(empty);
        QVERIFY(e.open(QIODevice::WriteOnly));
        e.close();
        QProcess serve;
        serve.start(kCli, {QStringLiteral("serve"), QStringLiteral("--profile"),
                           QStringLiteral("rfc3501"), QStringLiteral("--corpus"),
                           QStringLiteral("mbox:") + russia, QStringLiteral("--corpus"),
                           QStringLiteral("eml:") + comma, QStringLiteral("--corpus"),
                           QStringLiteral("eml:") + empty});
        QVERIFY(serve.waitForStarted());
        QByteArray out;
        while (out.count('\n') < 5 && serve.waitForReadyRead(30000))
            out += serve.readAllStandardOutput();
        const QStringList lines = QString::fromUtf8(out).split(QLatin1Char('\n'));
        QVERIFY2(lines.size() >= 5, out.constData());
        QVERIFY2(lines[0].startsWith(QLatin1String("listening imap 127.0.0.1:")), out.constData());
        QVERIFY2(lines[1].startsWith(QLatin1String("listening imaps 127.0.0.1:")), out.constData());
        QCOMPARE(lines.mid(2, 3),
                 (QStringList{QStringLiteral("loaded 1 message from mbox ") + russia,
                              QStringLiteral("loaded 1 message from eml ") + comma,
                              QStringLiteral("loaded 1 message from eml ") + empty}));
        const QString port = lines[0].section(QLatin1Char(':'), 1);
        const Result r =
            cli({QStringLiteral("fetch"), QStringLiteral("--security"), QStringLiteral("none"),
                 QStringLiteral("--port"), port, QStringLiteral("--user"), QStringLiteral("test"),
                 QStringLiteral("--all"), QStringLiteral("--keep-seen"), QStringLiteral("--json")});
        serve.terminate();
        QVERIFY(serve.waitForFinished(15000));
        QCOMPARE(r.exit, 0);
        const QJsonObject o = r.json();
        QStringList got;
        for (const QJsonValue &v : o[QStringLiteral("messages")].toArray()) {
            const QJsonObject m = v.toObject();
            got << QStringLiteral("%1 %2 %3 %4")
                       .arg(m[QStringLiteral("uid")].toInt())
                       .arg(m[QStringLiteral("rfc822_size")].toInt())
                       .arg(m[QStringLiteral("verdict")].toString())
                       .arg(m[QStringLiteral("findings")].toArray().size());
        }
        QCOMPARE(got,
                 (QStringList{QStringLiteral("1 44 complete 0"), QStringLiteral("2 27 complete 0"),
                              QStringLiteral("3 0 complete 0")}));
        QCOMPARE(o[QStringLiteral("notes")].toArray().last().toString(),
                 QStringLiteral("UID 3 is an empty message (0 octets, RFC822.SIZE 0), and the "
                                "server served it so. Messenger 4.x would have marked it "
                                "\\Deleted and expunged it (its workaround for an old Netscape "
                                "server), so a 4.x user would not see it again; msim did not do "
                                "that."));
    }

    // A corpus that cannot be loaded exits 1 with its sentence (the file, the offset and the
    // line for a non-mbox) and no usage hint; a malformed --corpus spec is a usage error (2),
    // msim's own sentence (never Qt's "QFSFileEngine::open: No file name specified"). No
    // listener either way.
    void serveCorpusErrors_data()
    {
        QTest::addColumn<QString>("corpus"); // %1: tests/data/mbox, %2: a temporary folder
        QTest::addColumn<int>("exit");
        QTest::addColumn<QString>("err");
        const QString hint = QStringLiteral("\nRun 'msim-cli serve --help' for the options.");
        QTest::newRow("garbage-first.mbox (not an mbox)")
            << QStringLiteral("mbox:%1/garbage-first.mbox") << 1
            << QStringLiteral("msim-cli serve: --corpus: %1/garbage-first.mbox is not an mbox "
                              "file: it must begin with a From_ line (\"From \" sender date), as "
                              "Dovecot requires; offset 0 holds \"Subject: a message saved "
                              "without its From_ line\"");
        QTest::newRow("a missing mbox")
            << QStringLiteral("mbox:%2/missing.mbox") << 1
            << QStringLiteral("msim-cli serve: --corpus: cannot read %2/missing.mbox: No such "
                              "file or directory");
        QTest::newRow("a folder given as an eml")
            << QStringLiteral("eml:%2") << 1
            << QStringLiteral("msim-cli serve: --corpus: cannot read %2: file to open is a "
                              "directory");
        QTest::newRow("eml:a.eml,,b.eml (an empty name)")
            << QStringLiteral("eml:%2/a.eml,,%2/b.eml") << 2
            << QStringLiteral("msim-cli serve: --corpus: eml:%2/a.eml,,%2/b.eml has an empty "
                              "file name (name 2 of 3): eml:FILE[,FILE...] takes names "
                              "separated by single commas") +
                   hint;
        QTest::newRow("an unknown kind")
            << QStringLiteral("floppy:A") << 2
            << QStringLiteral("msim-cli serve: --corpus: unknown corpus 'floppy:A': use sample, "
                              "generated:N, maildir:DIR, mbox:FILE or eml:FILE[,FILE...]") +
                   hint;
    }

    void serveCorpusErrors()
    {
        QFETCH(QString, corpus);
        QFETCH(int, exit);
        QFETCH(QString, err);
        QTemporaryDir dir;
        auto fill = [&](QString text) {
            return text
                .replace(QLatin1String("%1"), QStringLiteral(MSIM_SOURCE_DIR "/tests/data/mbox"))
                .replace(QLatin1String("%2"), dir.path());
        };
        for (const char *name : {"a.eml", "b.eml"}) {
            QFile f(dir.filePath(QLatin1String(name)));
            QVERIFY(f.open(QIODevice::WriteOnly) && f.write("Subject: x\n\nx\n") > 0);
        }
        const Result r = cli({QStringLiteral("serve"), QStringLiteral("--profile"),
                              QStringLiteral("rfc3501"), QStringLiteral("--corpus"), fill(corpus)});
        QCOMPARE(r.exit, exit);
        QCOMPARE(r.out, QByteArray());
        QCOMPARE(QString::fromUtf8(r.err), fill(err) + QLatin1Char('\n'));
    }

    void passwordNeverInAProcessCommandLine()
    {
        QFile cmdline(QStringLiteral("/proc/%1/cmdline").arg(server.processId()));
        QVERIFY(cmdline.open(QIODevice::ReadOnly));
        QVERIFY(!cmdline.readAll().contains("secret"));
        // A fetch in progress (the server answers slowly here) shows no password either.
        QProcess slow;
        slow.start(kCli,
                   {QStringLiteral("serve"), QStringLiteral("--profile"), QStringLiteral("rfc3501"),
                    QStringLiteral("--latency"), QStringLiteral("400")});
        QVERIFY(slow.waitForReadyRead(30000));
        const QByteArray line = slow.readLine();
        const QString port = QString::fromUtf8(line).section(QLatin1Char(':'), 1).trimmed();
        QProcess fetch;
        fetch.setProcessEnvironment(env("secret"));
        fetch.start(kCli, {QStringLiteral("fetch"), QStringLiteral("--security"),
                           QStringLiteral("none"), QStringLiteral("--port"), port,
                           QStringLiteral("--user"), QStringLiteral("test"),
                           QStringLiteral("--uid"), QStringLiteral("6"), QStringLiteral("--json")});
        QVERIFY(fetch.waitForStarted());
        // Right after the exec the kernel can still show an empty command line: read it until
        // it is there (bounded by QTRY's timeout).
        const auto readArgv = [&fetch] {
            QFile fc(QStringLiteral("/proc/%1/cmdline").arg(fetch.processId()));
            return fc.open(QIODevice::ReadOnly) ? fc.readAll() : QByteArray();
        };
        QByteArray argv;
        QTRY_VERIFY_WITH_TIMEOUT(!(argv = readArgv()).isEmpty(), 5000);
        QVERIFY2(argv.contains("fetch"), argv.constData());
        QVERIFY(!argv.contains("secret"));
        QVERIFY(fetch.waitForFinished(60000));
        QCOMPARE(fetch.exitCode(), 0);
        QVERIFY(!fetch.readAllStandardOutput().contains("secret"));
        slow.terminate();
        QVERIFY(slow.waitForFinished(15000));
    }
};

QTEST_GUILESS_MAIN(tst_Cli)
#include "tst_cli.moc"
