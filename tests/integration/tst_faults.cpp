// The fault matrix (label "faults"): servers that misbehave in every way a diagnostic tool must
// survive. For each row msim must end within its timeout with a clear sentence (checked for the
// words a support engineer needs), never crash, keep every octet it received (the transcript
// holds exactly what the server sent) and be able to write the report.
#include "ImapScript.h"
#include "ScriptedServer.h"
#include "emulator/CertificateMint.h"
#include "emulator/Corpus.h"
#include "fetch/FetchRunner.h"
#include "prefs/Presets.h"
#include "scenario/Report.h"

#include <QSignalSpy>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

using namespace msim;
using msim::testsupport::ImapScript;
using msim::testsupport::ScriptedServer;
using Step = ScriptedServer::Step;

namespace {

// A message head with NUL and 8-bit octets (the literal keeps its terminating NUL out).
constexpr char kBinaryHead[] = "Subject: x\r\n\r\n\0\xff\x80\x01 binary\r\n";

struct Fixture
{
    ScriptedServer server;
    fetch::FetchRequest req;
    bool scripted = true;
    bool receivedMustMatch = true;
    qint64 minimumReceived = -1;
};

using Setup = std::function<void(Fixture &)>;

struct Row
{
    const char *name;
    Setup setup;
    int exit;      // expected exit status (0, 1 or 3)
    QString words; // must appear in the error, the findings or the chunk details
};

const emulator::TlsIdentity &ca()
{
    static const emulator::TlsIdentity id = [] {
        emulator::CertificateMint::Options o;
        o.isCa = true;
        o.commonName = QStringLiteral("faults CA");
        o.dnsNames.clear();
        o.ipAddresses.clear();
        QString e;
        return *emulator::CertificateMint::mint(o, &e);
    }();
    return id;
}

emulator::TlsIdentity leaf(const std::function<void(emulator::CertificateMint::Options &)> &tweak)
{
    emulator::CertificateMint::Options o;
    o.issuer = &ca();
    tweak(o);
    QString e;
    return *emulator::CertificateMint::mint(o, &e);
}

ImapScript::Message message(quint32 uid, qint64 size)
{
    ImapScript::Message m;
    m.uid = uid;
    m.body = emulator::Corpus::sized(size, "fault " + QByteArray::number(size), "fault@test");
    return m;
}

// Greeting, login, select, the header download, then the request of the kb-q194998 preset.
ImapScript afterLogin(const ImapScript::Message &m, bool chunked = true)
{
    ImapScript s;
    s.open().headers({m});
    if (chunked)
        s.client("UID fetch " + QByteArray::number(m.uid) + " (UID RFC822.SIZE BODY[]<0." +
                 QByteArray::number(std::min<qint64>(6144, m.size())) + ">)");
    else
        s.client("UID fetch " + QByteArray::number(m.uid) + " (UID RFC822.SIZE BODY[])");
    return s;
}

void script(Fixture &f, const ScriptedServer::Scenario &s)
{
    f.server.addScenario(s);
}

void tlsScript(Fixture &f, const emulator::TlsIdentity &id, const QString &text, bool implicit)
{
    f.server.setTlsIdentity(id.certificate, id.key, implicit);
    f.server.addScenario(text);
}

QList<Row> rows()
{
    const auto m = message(1, 20000);
    return {
        {"connection refused",
         [](Fixture &f) {
             f.scripted = false;
             QTcpServer probe;
             probe.listen(QHostAddress::LocalHost, 0);
             f.req.session.endpoint.port = probe.serverPort();
         },
         1, QStringLiteral("refused the connection")},
        {"no greeting",
         [](Fixture &f) {
             script(f, ScriptedServer::parse(QStringLiteral("C: xxxx logout\nW:\n")));
         },
         1, QStringLiteral("no greeting")},
        {"greeting then silence",
         [](Fixture &f) {
             script(f, ScriptedServer::parse(
                           QStringLiteral("S: * OK hi\nC: 1 capability\nC: xxxx logout\nW:\n")));
         },
         1, QStringLiteral("sent nothing for")},
        {"BYE at greeting",
         [](Fixture &f) {
             script(f, ScriptedServer::parse(QStringLiteral("S: * BYE too many users\nX\n")));
         },
         1, QStringLiteral("BYE too many users")},
        {"LOGIN NO",
         [](Fixture &f) {
             script(
                 f,
                 ScriptedServer::parse(QStringLiteral(
                     "S: * OK hi\nC: 1 capability\nS: * CAPABILITY IMAP4rev1\nS: 1 OK\n"
                     "C: 2 login \"test\" \"secret\"\nS: 2 NO [AUTHENTICATIONFAILED] nope\nW:\n")));
         },
         1, QStringLiteral("refused the login")},
        {"disconnect in the middle of a literal",
         [m](Fixture &f) {
             auto s = afterLogin(m);
             s.server("* 1 FETCH (UID 1 BODY[]<0> {6144}\r\n" + m.body.left(1000));
             s.close();
             script(f, s.build());
         },
         3, QStringLiteral("closed the connection")},
        {"literal count larger than the data, then close",
         [m](Fixture &f) {
             QString ignored;
             f.req.client.prefs.set(u"mail.imap.fetch_by_chunks", false, &ignored);
             auto s = afterLogin(m, false);
             s.server("* 1 FETCH (UID 1 BODY[] {20000}\r\n" + m.body.left(500));
             s.close();
             script(f, s.build());
         },
         3, QStringLiteral("shows 500 of 20000")},
        {"literal count of 2^63",
         [m](Fixture &f) {
             auto s = afterLogin(m);
             s.server("* 1 FETCH (UID 1 BODY[]<0> {9223372036854775808}\r\n");
             s.emergencyLogout();
             script(f, s.build());
         },
         3, QStringLiteral("a literal of 9223372036854775808 octets announced")},
        {"literal count of 10^12",
         [m](Fixture &f) {
             auto s = afterLogin(m);
             s.server("* 1 FETCH (UID 1 BODY[]<0> {1000000000000}\r\n");
             s.emergencyLogout();
             script(f, s.build());
         },
         3, QStringLiteral("1000000000000 octets announced")},
        {"negative literal count",
         [m](Fixture &f) {
             auto s = afterLogin(m);
             s.server("* 1 FETCH (UID 1 BODY[]<0> {-5}\r\n");
             s.emergencyLogout();
             script(f, s.build());
         },
         3, QStringLiteral("malformed literal count \"{-5}\"")},
        {"non-numeric literal count",
         [m](Fixture &f) {
             auto s = afterLogin(m);
             s.server("* 1 FETCH (UID 1 BODY[]<0> {lots}\r\n");
             s.emergencyLogout();
             script(f, s.build());
         },
         3, QStringLiteral("malformed literal count")},
        {"a 10 MB line without CRLF",
         [m](Fixture &f) {
             auto s = afterLogin(m);
             s.server("* OK " + QByteArray(10 * 1000 * 1000, 'a'));
             s.close();
             script(f, s.build());
             f.receivedMustMatch = false; // msim stops reading at the limit
             f.minimumReceived = 256 * 1024;
         },
         3, QStringLiteral("line limit")},
        {"nesting 10 000 parentheses deep",
         [m](Fixture &f) {
             auto s = afterLogin(m);
             s.server("* 1 FETCH (X-NEST " + QByteArray(10000, '(') + QByteArray(10000, ')') +
                      " UID 1)\r\n");
             s.ok();
             s.emergencyLogout();
             script(f, s.build());
         },
         3, QStringLiteral("nesting limit")},
        // MESSENGER45.md §4: 4.x counts literal lines with C strlen, so a NUL makes it count
        // short and read past the literal: syntax error, `xxxx logout` after the first chunk.
        {"NUL octets in a literal: 4.x miscounts and aborts",
         [](Fixture &f) {
             ImapScript::Message bin;
             bin.uid = 1;
             bin.body = QByteArray(kBinaryHead, sizeof kBinaryHead - 1) + QByteArray(20000, '\0');
             ImapScript s;
             s.open().headers({bin});
             s.client("UID fetch 1 (UID RFC822.SIZE BODY[]<0.6144>)");
             s.server(ImapScript::fetchReply(1, bin, 0, bin.body.left(6144)));
             s.ok();
             s.emergencyLogout();
             script(f, s.build());
             f.req.verify = false;
         },
         3, QStringLiteral("NUL octet at offset 14")},
        // The same 8-bit octets without a NUL: 4.x reads them fine.
        {"8-bit octets without NUL in a literal",
         [](Fixture &f) {
             ImapScript::Message bin;
             bin.uid = 1;
             bin.body = QByteArray("Subject: x\r\n\r\n\xff\x80\x01 binary\r\n") +
                        QByteArray(20000, '\x80');
             ImapScript s;
             s.open().headers({bin});
             for (qint64 st = 0; st < bin.body.size(); st += 6144) {
                 const qint64 len = std::min<qint64>(6144, bin.body.size() - st);
                 s.client("UID fetch 1 (UID RFC822.SIZE BODY[]<" + QByteArray::number(st) + '.' +
                          QByteArray::number(len) + ">)");
                 s.server(ImapScript::fetchReply(1, bin, st, bin.body.mid(st, len)));
                 s.ok();
             }
             s.logout();
             script(f, s.build());
             f.req.verify = false;
         },
         0, QString()},
        {"a tagged reply to an unknown tag",
         [m](Fixture &f) {
             auto s = afterLogin(m);
             s.line("99 OK what?");
             s.emergencyLogout();
             script(f, s.build());
             f.req.session.drainTimeoutMs = 300;
         },
         3, QStringLiteral("answered tag '99'")},
        {"untagged data flooding before the tagged OK",
         [m](Fixture &f) {
             auto s = afterLogin(m);
             QByteArray flood;
             flood.reserve(7 * 1000002);
             for (int i = 0; i < 1000002; ++i)
                 flood += "* OK x\r\n";
             s.server(flood);
             s.close();
             script(f, s.build());
             f.receivedMustMatch = false;
         },
         3, QStringLiteral("more than 1000000 untagged responses")},
        {"BAD to a chunk request",
         [m](Fixture &f) {
             auto s = afterLogin(m);
             s.line(s.lastTag() + " BAD Invalid partial");
             s.logout();
             script(f, s.build());
         },
         3, QStringLiteral("BAD Invalid partial")},
        {"TLS handshake failure (plain text on the TLS port)",
         [](Fixture &f) {
             f.req.session.endpoint.security = net::Security::Ssl;
             script(f, ScriptedServer::parse(QStringLiteral("S: * OK plain text here\nW:\n")));
             f.receivedMustMatch = false; // TLS took the octets
         },
         1, QStringLiteral("TLS handshake")},
        {"expired certificate",
         [](Fixture &f) {
             f.req.session.endpoint.security = net::Security::Ssl;
             tlsScript(
                 f, leaf([](auto &o) { o.notAfter = QDateTime::currentDateTimeUtc().addDays(-3); }),
                 QStringLiteral("W:\n"), true);
         },
         1, QStringLiteral("expired")},
        {"self-signed certificate",
         [](Fixture &f) {
             f.req.session.endpoint.security = net::Security::Ssl;
             QString e;
             const auto id = *emulator::CertificateMint::mint({}, &e);
             tlsScript(f, id, QStringLiteral("W:\n"), true);
         },
         1, QStringLiteral("self-signed")},
        {"wrong-host certificate",
         [](Fixture &f) {
             f.req.session.endpoint.security = net::Security::Ssl;
             tlsScript(f, leaf([](auto &o) {
                           o.dnsNames = {QStringLiteral("imap.elsewhere.invalid")};
                           o.ipAddresses.clear();
                       }),
                       QStringLiteral("W:\n"), true);
         },
         1, QStringLiteral("host name mismatch")},
        {"STARTTLS refused",
         [](Fixture &f) {
             f.req.session.endpoint.security = net::Security::StartTls;
             script(f,
                    ScriptedServer::parse(QStringLiteral(
                        "S: * OK hi\nC: 1 capability\nS: * CAPABILITY IMAP4rev1 STARTTLS\nS: 1 OK\n"
                        "C: 2 starttls\nS: 2 NO not now\nW:\n")));
         },
         1, QStringLiteral("refused STARTTLS")},
        {"STARTTLS not offered",
         [](Fixture &f) {
             f.req.session.endpoint.security = net::Security::StartTls;
             script(f,
                    ScriptedServer::parse(QStringLiteral(
                        "S: * OK hi\nC: 1 capability\nS: * CAPABILITY IMAP4rev1\nS: 1 OK\nW:\n")));
         },
         1, QStringLiteral("does not offer STARTTLS")},
        {"data after BYE",
         [m](Fixture &f) {
             auto s = afterLogin(m);
             s.server(ImapScript::fetchReply(1, m, 0, m.body.left(6144)));
             s.ok();
             for (qint64 st = 6144; st < 20000; st += 6144) {
                 const qint64 len = std::min<qint64>(6144, 20000 - st);
                 s.client("UID fetch 1 (UID RFC822.SIZE BODY[]<" + QByteArray::number(st) + '.' +
                          QByteArray::number(len) + ">)");
                 s.server(ImapScript::fetchReply(1, m, st, m.body.mid(st, len)));
                 s.ok();
             }
             s.client("logout");
             s.line("* BYE bye");
             s.line(s.lastTag() + " OK done");
             s.server("* OK and one more thing after BYE\r\nJUNK\r\n");
             s.close();
             script(f, s.build());
             f.req.verify = false;
             f.req.keepSeen = true;
             f.receivedMustMatch = false; // the close may overtake the last octets
         },
         0, QString()},
        {"the response split one octet per TCP segment",
         [](Fixture &f) {
             const auto small = message(1, 2000); // whole (under the 6144 threshold)
             ImapScript s;
             s.open().headers({small});
             s.client("UID fetch 1 (UID RFC822.SIZE BODY[])");
             s.trickle(ImapScript::fetchReply(1, small, std::nullopt, small.body));
             s.ok();
             s.logout();
             script(f, s.build());
         },
         0, QString()},
        {"the server closing while the client writes",
         [](Fixture &f) { script(f, ScriptedServer::parse(QStringLiteral("S: * OK hi\nX\n"))); }, 1,
         QStringLiteral("closed the connection before login")},
        {"an HTTP server instead of IMAP",
         [](Fixture &f) {
             script(f, ScriptedServer::parse(
                           QStringLiteral("S: HTTP/1.1 400 Bad Request\nS: \nW:\n")));
         },
         1, QStringLiteral("expected a greeting")},
        {"an unframed overrun (KB Q194998)",
         [m](Fixture &f) {
             auto s = afterLogin(m);
             s.server(ImapScript::fetchReply(1, m, 0, m.body.left(6144), m.body.mid(6144, 1500)));
             s.ok();
             s.emergencyLogout();
             script(f, s.build());
         },
         3, QStringLiteral("1500 octets beyond the 6144-octet literal")},
    };
}

} // namespace

class tst_Faults : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void faults_data()
    {
        QTest::addColumn<int>("index");
        const auto all = rows();
        for (int i = 0; i < all.size(); ++i)
            QTest::newRow(all[i].name) << i;
    }
    void faults()
    {
        QFETCH(int, index);
        const Row row = rows()[index];
        Fixture f;
        f.req.session.endpoint = {QStringLiteral("127.0.0.1"), 0, net::Security::None};
        f.req.session.tls.caFile = [] {
            static QTemporaryDir dir;
            const QString path = dir.filePath(QStringLiteral("ca.pem"));
            QFile file(path);
            if (file.open(QIODevice::WriteOnly))
                file.write(ca().certificatePem);
            return path;
        }();
        f.req.session.credentials = {"test", "secret"};
        f.req.session.commandTimeoutMs = 1500;
        f.req.session.connectTimeoutMs = 5000;
        f.req.session.drainTimeoutMs = 500;
        f.req.uids = {1};
        QString perr;
        f.req.client.prefs = *prefs::Presets::make(QStringLiteral("kb-q194998"), &perr);
        f.req.client.presetName = QStringLiteral("kb-q194998");
        f.req.verify = false;
        f.req.keepSeen = true;
        row.setup(f);
        if (f.scripted) {
            QVERIFY(f.server.listenLoopback());
            f.req.session.endpoint.port = f.server.serverPort();
        }
        fetch::FetchRunner runner(f.req);
        QSignalSpy done(&runner, &fetch::FetchRunner::finished);
        runner.start();
        QVERIFY2(done.wait(60000), "the fetch did not end within its timeout");
        const fetch::FetchOutcome &o = runner.outcome();
        QCOMPARE(o.exitCode(), row.exit);
        QString text = o.error.value_or(QString());
        for (const auto &m : o.messages) {
            text += QLatin1Char('\n') + m.findings.join(QLatin1Char('\n'));
            for (const auto &c : m.chunks)
                text += QLatin1Char('\n') + c.detail;
        }
        if (!row.words.isEmpty())
            QVERIFY2(text.contains(row.words), qPrintable(text));
        // Every octet received is kept, and the report can be written.
        if (f.scripted && !o.transcripts.isEmpty()) {
            QTRY_VERIFY_WITH_TIMEOUT(f.server.allConsumed() || !f.server.failure().isEmpty() ||
                                         !f.receivedMustMatch,
                                     5000);
            const qint64 got = o.transcripts.first()->receivedTotal();
            if (f.receivedMustMatch)
                QCOMPARE(got, f.server.bytesSent(0));
            if (f.minimumReceived >= 0)
                QVERIFY(got >= f.minimumReceived);
            QCOMPARE(o.transcripts.first()->received(0, got).size(), got);
        }
        QTemporaryDir dir;
        QString error;
        QVERIFY2(scenario::Report::writeFetch(dir.path(), o, {}, o.toJson(), &error),
                 qPrintable(error));
        QFile html(dir.filePath(QStringLiteral("report.html")));
        QVERIFY(html.open(QIODevice::ReadOnly));
        QVERIFY(!html.readAll().contains("secret"));
    }
};

QTEST_GUILESS_MAIN(tst_Faults)
#include "tst_faults.moc"
