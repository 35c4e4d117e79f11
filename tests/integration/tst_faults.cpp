// SPDX-License-Identifier: MIT
// The fault matrix (label "faults"): servers that misbehave in every way a diagnostic tool must
// survive. For each row msim must end within its timeout with a clear sentence (checked for the
// words a support engineer needs), never crash, keep every octet it received (the transcript
// holds exactly what the server sent) and be able to write the report.
#include "FetchRun.h"
#include "ImapScript.h"
#include "ScriptedServer.h"
#include "emulator/CertificateMint.h"
#include "emulator/Corpus.h"
#include "fetch/FetchRunner.h"
#include "fetch/Findings.h"
#include "prefs/Presets.h"
#include "scenario/JsonOutput.h"
#include "scenario/Report.h"
#include "scenario/TextSummary.h"

#include <QProcess>
#include <QRegularExpression>
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

// A row's expectation: the exit status and every sentence msim says, exactly: the run's error
// ("error: ..."), then each finding of the message. "%T" stands for the transport ("over plain
// text" / "over SSL"): rows not about TLS itself run over both (tlsToo).
struct Row
{
    const char *name;
    Setup setup;
    int exit; // expected exit status (0, 1 or 3)
    QStringList sentences;
    bool tlsToo = true;
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

// The kb-q194998 chunk requests for octets [from, size) of UID 1, each answered by `answer`.
void chunks(ImapScript &s, qint64 from, qint64 size,
            const std::function<void(qint64 start, qint64 length)> &answer)
{
    for (qint64 st = from; st < size; st += 6144) {
        const qint64 len = std::min<qint64>(6144, size - st);
        s.client("UID fetch 1 (UID RFC822.SIZE BODY[]<" + QByteArray::number(st) + '.' +
                 QByteArray::number(len) + ">)");
        answer(st, len);
    }
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
         1,
         {QStringLiteral(
             "error: 127.0.0.1:%P refused the connection (is the server running on that port?)")},
         false},
        {"no greeting",
         [](Fixture &f) {
             script(f, ScriptedServer::parse(QStringLiteral("C: xxxx logout\nW:\n")));
         },
         1,
         {QStringLiteral("error: the server sent no greeting within 1.5 s")}},
        {"greeting then silence",
         [](Fixture &f) {
             script(f, ScriptedServer::parse(
                           QStringLiteral("S: * OK hi\nC: 1 capability\nC: xxxx logout\nW:\n")));
         },
         1,
         {QStringLiteral("error: the server sent nothing for 1.5 s while a command was pending")}},
        {"BYE at greeting",
         [](Fixture &f) {
             script(f, ScriptedServer::parse(QStringLiteral("S: * BYE too many users\nX\n")));
         },
         1,
         {QStringLiteral("error: the server refused the session at once: * BYE too many users")}},
        {"LOGIN NO",
         [](Fixture &f) {
             script(
                 f,
                 ScriptedServer::parse(QStringLiteral(
                     "S: * OK hi\nC: 1 capability\nS: * CAPABILITY IMAP4rev1\nS: 1 OK\n"
                     "C: 2 login \"test\" \"secret\"\nS: 2 NO [AUTHENTICATIONFAILED] nope\nW:\n")));
         },
         1,
         {QStringLiteral("error: the server refused the login: NO [AUTHENTICATIONFAILED] nope")}},
        {"disconnect in the middle of a literal",
         [m](Fixture &f) {
             auto s = afterLogin(m);
             s.server("* 1 FETCH (UID 1 BODY[]<0> {6144}\r\n" + m.body.left(1000));
             s.close();
             script(f, s.build());
         },
         3,
         {QStringLiteral("chunks: error"), QStringLiteral("verdict: truncated"),
          QStringLiteral("chunk 1: the reply to `5 UID fetch 1 (UID RFC822.SIZE BODY[]<0.6144>)` "
                         "never completed %T: the server closed the connection"),
          QStringLiteral(
              "Messenger 4.5 shows 1000 of 20000 octets: the last 19000 octets of the message are "
              "missing (judged against RFC822.SIZE; there is no reference copy)."),
          QStringLiteral("The server closed the connection during the download.")}},
        // The octets before a silence count as those before a close do.
        {"silence in the middle of a literal",
         [m](Fixture &f) {
             auto s = afterLogin(m);
             s.server("* 1 FETCH (UID 1 BODY[]<0> {6144}\r\n" + m.body.left(3072));
             s.emergencyLogout();
             script(f, s.build());
         },
         3,
         {QStringLiteral("chunks: error"), QStringLiteral("verdict: truncated"),
          QStringLiteral("chunk 1: the reply to `5 UID fetch 1 (UID RFC822.SIZE BODY[]<0.6144>)` "
                         "never completed %T: the server sent nothing for 1.5 s while a command "
                         "was pending"),
          QStringLiteral("Messenger 4.5 shows 3072 of 20000 octets: the last 16928 octets of the "
                         "message are missing (judged against RFC822.SIZE; there is no reference "
                         "copy)."),
          QStringLiteral("The session ended with Messenger 4.5's emergency `xxxx logout` after "
                         "the failed reply; the next message needs a new connection.")}},
        {"literal count larger than the data, then close",
         [m](Fixture &f) {
             QString ignored;
             f.req.client.prefs.set(u"mail.imap.fetch_by_chunks", false, &ignored);
             auto s = afterLogin(m, false);
             s.server("* 1 FETCH (UID 1 BODY[] {20000}\r\n" + m.body.left(500));
             s.close();
             script(f, s.build());
         },
         3,
         {QStringLiteral("chunks: error"), QStringLiteral("verdict: truncated"),
          QStringLiteral("the whole-message fetch: the reply to `5 UID fetch 1 (UID RFC822.SIZE "
                         "BODY[])` never completed %T: the server closed the connection"),
          QStringLiteral(
              "Messenger 4.5 shows 500 of 20000 octets: the last 19500 octets of the message are "
              "missing (judged against RFC822.SIZE; there is no reference copy)."),
          QStringLiteral("The server closed the connection during the download.")}},
        {"literal count of 2^63",
         [m](Fixture &f) {
             auto s = afterLogin(m);
             s.server("* 1 FETCH (UID 1 BODY[]<0> {9223372036854775808}\r\n");
             s.emergencyLogout();
             script(f, s.build());
         },
         3,
         {QStringLiteral("chunks: error"), QStringLiteral("verdict: failed"),
          QStringLiteral("chunk 1: the reply to `5 UID fetch 1 (UID RFC822.SIZE BODY[]<0.6144>)` "
                         "never completed %T: a literal of 9223372036854775808 octets announced "
                         "(more than the 268435456-octet literal limit) at stream offset 631; the "
                         "raw line: \"* 1 FETCH (UID 1 BODY[]<0> {9223372036854775808}\""),
          QStringLiteral("Messenger 4.5 shows nothing of this message."),
          QStringLiteral("The session ended with Messenger 4.5's emergency `xxxx logout` after the "
                         "failed reply; the next message needs a new connection.")}},
        {"literal count of 10^12",
         [m](Fixture &f) {
             auto s = afterLogin(m);
             s.server("* 1 FETCH (UID 1 BODY[]<0> {1000000000000}\r\n");
             s.emergencyLogout();
             script(f, s.build());
         },
         3,
         {QStringLiteral("chunks: error"), QStringLiteral("verdict: failed"),
          QStringLiteral("chunk 1: the reply to `5 UID fetch 1 (UID RFC822.SIZE BODY[]<0.6144>)` "
                         "never completed %T: a literal of 1000000000000 octets announced (more "
                         "than the 268435456-octet literal limit) at stream offset 631; the raw "
                         "line: \"* 1 FETCH (UID 1 BODY[]<0> {1000000000000}\""),
          QStringLiteral("Messenger 4.5 shows nothing of this message."),
          QStringLiteral("The session ended with Messenger 4.5's emergency `xxxx logout` after the "
                         "failed reply; the next message needs a new connection.")}},
        {"negative literal count",
         [m](Fixture &f) {
             auto s = afterLogin(m);
             s.server("* 1 FETCH (UID 1 BODY[]<0> {-5}\r\n");
             s.emergencyLogout();
             script(f, s.build());
         },
         3,
         {QStringLiteral("chunks: error"), QStringLiteral("verdict: failed"),
          QStringLiteral(
              "chunk 1: the reply to `5 UID fetch 1 (UID RFC822.SIZE BODY[]<0.6144>)` never "
              "completed %T: a malformed literal count \"{-5}\" (a literal is {digits}) at stream "
              "offset 631; the raw line: \"* 1 FETCH (UID 1 BODY[]<0> {-5}\""),
          QStringLiteral("Messenger 4.5 shows nothing of this message."),
          QStringLiteral("The session ended with Messenger 4.5's emergency `xxxx logout` after the "
                         "failed reply; the next message needs a new connection.")}},
        {"non-numeric literal count",
         [m](Fixture &f) {
             auto s = afterLogin(m);
             s.server("* 1 FETCH (UID 1 BODY[]<0> {lots}\r\n");
             s.emergencyLogout();
             script(f, s.build());
         },
         3,
         {QStringLiteral("chunks: error"), QStringLiteral("verdict: failed"),
          QStringLiteral(
              "chunk 1: the reply to `5 UID fetch 1 (UID RFC822.SIZE BODY[]<0.6144>)` never "
              "completed %T: a malformed literal count \"{lots}\" (a literal is {digits}) at "
              "stream offset 631; the raw line: \"* 1 FETCH (UID 1 BODY[]<0> {lots}\""),
          QStringLiteral("Messenger 4.5 shows nothing of this message."),
          QStringLiteral("The session ended with Messenger 4.5's emergency `xxxx logout` after the "
                         "failed reply; the next message needs a new connection.")}},
        {"a 10 MB line without CRLF",
         [m](Fixture &f) {
             auto s = afterLogin(m);
             s.server("* OK " + QByteArray(10 * 1000 * 1000, 'a'));
             s.close();
             script(f, s.build());
             f.receivedMustMatch = false; // msim stops reading at the limit
             f.minimumReceived = 256 * 1024;
         },
         3,
         {QStringLiteral("chunks: error"), QStringLiteral("verdict: failed"),
          QStringLiteral("chunk 1: the reply to `5 UID fetch 1 (UID RFC822.SIZE BODY[]<0.6144>)` "
                         "never completed %T: a response line longer than 262144 octets (the line "
                         "limit) at stream offset 262748; the raw line: \"* OK "
                         "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
                         "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
                         "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\""),
          QStringLiteral("Messenger 4.5 shows nothing of this message."),
          QStringLiteral("The session ended with Messenger 4.5's emergency `xxxx logout` after the "
                         "failed reply; the next message needs a new connection.")}},
        {"nesting 10 000 parentheses deep",
         [m](Fixture &f) {
             auto s = afterLogin(m);
             s.server("* 1 FETCH (X-NEST " + QByteArray(10000, '(') + QByteArray(10000, ')') +
                      " UID 1)\r\n");
             s.ok();
             s.emergencyLogout();
             script(f, s.build());
         },
         3,
         {QStringLiteral("chunks: error"), QStringLiteral("verdict: failed"),
          QStringLiteral("chunk 1: the reply to `5 UID fetch 1 (UID RFC822.SIZE BODY[]<0.6144>)` "
                         "never completed %T: parentheses nested deeper than 64 (the nesting "
                         "limit) at stream offset 686; the raw line: \"* 1 FETCH (X-NEST "
                         "((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((("
                         "((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((("
                         "((((((((((((((((((((((((((((((((((((\""),
          QStringLiteral("Messenger 4.5 shows nothing of this message."),
          QStringLiteral("The session ended with Messenger 4.5's emergency `xxxx logout` after the "
                         "failed reply; the next message needs a new connection.")}},
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
         3,
         {QStringLiteral("chunks: error"), QStringLiteral("verdict: truncated"),
          QStringLiteral("chunk 1: the reply to `5 UID fetch 1 (UID RFC822.SIZE BODY[]<0.6144>)` "
                         "never completed %T: the literal holds a NUL octet at offset 14; "
                         "Messenger 4.x counts literal lines with C string length, so it counted "
                         "6130 octets too few and read past the literal into the protocol, and "
                         "it showed each line of the literal only up to its first NUL"),
          QStringLiteral(
              "Messenger 4.5 shows 14 of 20027 octets: the last 20013 octets of the message are "
              "missing (judged against RFC822.SIZE; there is no reference copy)."),
          QStringLiteral("The session ended with Messenger 4.5's emergency `xxxx logout` after the "
                         "failed reply; the next message needs a new connection.")}},
        // Review of issue 14: a customer's .eml with a NUL in its last line, fetched whole.
        // 4.x showed that line only up to the NUL: not complete, whatever arrived.
        {"NUL octet in a small message fetched whole",
         [](Fixture &f) {
             ImapScript::Message small;
             small.uid = 1;
             small.body = QByteArray("Subject: a\r\n\r\nx\0y\r\n", 18);
             ImapScript s;
             s.open().headers({small});
             s.client("UID fetch 1 (UID RFC822.SIZE BODY[])");
             s.server(ImapScript::fetchReply(1, small, std::nullopt, small.body));
             s.ok();
             s.emergencyLogout();
             script(f, s.build());
             f.req.verify = false;
         },
         3,
         {QStringLiteral("chunks: error"), QStringLiteral("verdict: truncated"),
          QStringLiteral("the whole-message fetch: the reply to `5 UID fetch 1 (UID RFC822.SIZE "
                         "BODY[])` never completed %T: the literal holds a NUL octet at offset 15; "
                         "Messenger 4.x counts literal lines with C string length, so it counted 3 "
                         "octets too "
                         "few and read past the literal into the protocol, and it showed each line "
                         "of the literal only up to its first NUL"),
          QStringLiteral("Messenger 4.5 shows 15 of 18 octets: the last 3 octets of the message "
                         "are missing (judged against RFC822.SIZE; there is no reference copy)."),
          QStringLiteral("The session ended with Messenger 4.5's emergency `xxxx logout` after the "
                         "failed reply; the next message needs a new connection.")}},
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
         0,
         {QStringLiteral("chunks: ok,ok,ok,ok"), QStringLiteral("verdict: complete")}},
        {"a tagged reply to an unknown tag",
         [m](Fixture &f) {
             auto s = afterLogin(m);
             s.line("99 OK what?");
             s.emergencyLogout();
             script(f, s.build());
             f.req.session.drainTimeoutMs = 300;
         },
         3,
         {QStringLiteral("chunks: error"), QStringLiteral("verdict: failed"),
          QStringLiteral("chunk 1: the reply to `5 UID fetch 1 (UID RFC822.SIZE BODY[]<0.6144>)` "
                         "never completed %T: the server answered tag '99' but the command in "
                         "flight has tag '5' at stream offset 604; the raw line: \"99 OK what?\""),
          QStringLiteral("Messenger 4.5 shows nothing of this message."),
          QStringLiteral("The session ended with Messenger 4.5's emergency `xxxx logout` after the "
                         "failed reply; the next message needs a new connection.")}},
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
         3,
         {QStringLiteral("chunks: error"), QStringLiteral("verdict: failed"),
          QStringLiteral("chunk 1: the reply to `5 UID fetch 1 (UID RFC822.SIZE BODY[]<0.6144>)` "
                         "never completed %T: more than 1000000 untagged responses to one command; "
                         "msim stopped reading"),
          QStringLiteral("Messenger 4.5 shows nothing of this message."),
          QStringLiteral("The session ended with Messenger 4.5's emergency `xxxx logout` after the "
                         "failed reply; the next message needs a new connection.")}},
        {"BAD to a chunk request",
         [m](Fixture &f) {
             auto s = afterLogin(m);
             s.line(s.lastTag() + " BAD Invalid partial");
             chunks(s, 6144, 20000, [&](qint64 st, qint64 len) {
                 s.server(ImapScript::fetchReply(1, m, st, m.body.mid(st, len)));
                 s.ok();
             });
             s.logout();
             script(f, s.build());
         },
         3,
         {QStringLiteral("chunks: error,ok,ok,ok"), QStringLiteral("verdict: corrupted"),
          QStringLiteral("chunk 1: the server refused `<0.6144>` with BAD \"Invalid partial\"; "
                         "Messenger 4.5 shows the server's text in an alert and goes on with the "
                         "next request, leaving a gap in the message."),
          QStringLiteral("Messenger 4.5 shows 13856 of 20000 octets with 6144 never shown (offsets "
                         "0–6143), so from offset 0 on what it shows is out of place (judged from "
                         "the literals' origins; there is no reference copy).")}},
        {"TLS handshake failure (plain text on the TLS port)",
         [](Fixture &f) {
             f.req.session.endpoint.security = net::Security::Ssl;
             script(f, ScriptedServer::parse(QStringLiteral("S: * OK plain text here\nW:\n")));
             f.receivedMustMatch = false; // TLS took the octets
         },
         1,
         {QStringLiteral("error: TLS handshake with 127.0.0.1:%P failed: error:0A00010B:SSL "
                         "routines::wrong version number; the server answered in plain text: \"* "
                         "OK plain text here\" (is this its plain-text port?)")},
         false},
        {"expired certificate",
         [](Fixture &f) {
             f.req.session.endpoint.security = net::Security::Ssl;
             tlsScript(
                 f, leaf([](auto &o) { o.notAfter = QDateTime::currentDateTimeUtc().addDays(-3); }),
                 QStringLiteral("W:\n"), true);
         },
         1,
         {QStringLiteral(
             "error: TLS certificate of 127.0.0.1:%P rejected (expired certificate): the "
             "certificate expired on %D. Certificate subject 'localhost', issuer 'faults CA', "
             "valid %D to %D, checked against the name '127.0.0.1'. If you have checked this "
             "certificate, trust exactly it with --pin sha256:%F")},
         false},
        {"self-signed certificate",
         [](Fixture &f) {
             f.req.session.endpoint.security = net::Security::Ssl;
             QString e;
             const auto id = *emulator::CertificateMint::mint({}, &e);
             tlsScript(f, id, QStringLiteral("W:\n"), true);
         },
         1,
         {QStringLiteral(
             "error: TLS certificate of 127.0.0.1:%P rejected (untrusted issuer): the certificate "
             "is self-signed. Certificate subject 'localhost', issuer 'localhost', valid %D to %D, "
             "checked against the name '127.0.0.1'. If you have checked this certificate, trust "
             "exactly it with --pin sha256:%F")},
         false},
        {"wrong-host certificate",
         [](Fixture &f) {
             f.req.session.endpoint.security = net::Security::Ssl;
             tlsScript(f, leaf([](auto &o) {
                           o.dnsNames = {QStringLiteral("imap.elsewhere.invalid")};
                           o.ipAddresses.clear();
                       }),
                       QStringLiteral("W:\n"), true);
         },
         1,
         {QStringLiteral(
             "error: TLS certificate of 127.0.0.1:%P rejected (host name mismatch): the "
             "certificate does not name the server msim connected to. Certificate subject "
             "'localhost', issuer 'faults CA', valid %D to %D, checked against the name "
             "'127.0.0.1'. If you have checked this certificate, trust exactly it with --pin "
             "sha256:%F (or give the name it was issued for with --tls-name)")},
         false},
        {"STARTTLS refused",
         [](Fixture &f) {
             f.req.session.endpoint.security = net::Security::StartTls;
             script(f,
                    ScriptedServer::parse(QStringLiteral(
                        "S: * OK hi\nC: 1 capability\nS: * CAPABILITY IMAP4rev1 STARTTLS\nS: 1 OK\n"
                        "C: 2 starttls\nS: 2 NO not now\nW:\n")));
         },
         1,
         {QStringLiteral("error: the server refused STARTTLS (NO not now); msim will not fall back "
                         "to plain text")},
         false},
        {"STARTTLS not offered",
         [](Fixture &f) {
             f.req.session.endpoint.security = net::Security::StartTls;
             script(f,
                    ScriptedServer::parse(QStringLiteral(
                        "S: * OK hi\nC: 1 capability\nS: * CAPABILITY IMAP4rev1\nS: 1 OK\nW:\n")));
         },
         1,
         {QStringLiteral(
             "error: the server does not offer STARTTLS; msim will not fall back to plain text "
             "(use --security none to test without TLS, or --security ssl)")},
         false},
        {"data after BYE",
         [m](Fixture &f) {
             auto s = afterLogin(m);
             s.server(ImapScript::fetchReply(1, m, 0, m.body.left(6144)));
             s.ok();
             chunks(s, 6144, 20000, [&](qint64 st, qint64 len) {
                 s.server(ImapScript::fetchReply(1, m, st, m.body.mid(st, len)));
                 s.ok();
             });
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
         0,
         {QStringLiteral("chunks: ok,ok,ok,ok"), QStringLiteral("verdict: complete")}},
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
         0,
         {QStringLiteral("chunks: ok"), QStringLiteral("verdict: complete")}},
        {"the server closing while the client writes",
         [](Fixture &f) { script(f, ScriptedServer::parse(QStringLiteral("S: * OK hi\nX\n"))); },
         1,
         {QStringLiteral("error: the server closed the connection before login completed")}},
        {"an HTTP server instead of IMAP",
         [](Fixture &f) {
             script(f, ScriptedServer::parse(
                           QStringLiteral("S: HTTP/1.1 400 Bad Request\nS: \nW:\n")));
             // msim stops reading at the first line; over TLS the second line is a record of
             // its own that can arrive after msim closed.
             f.receivedMustMatch = f.req.session.endpoint.security == net::Security::None;
         },
         1,
         {QStringLiteral("error: expected a greeting (* OK or * PREAUTH) but the server sent "
                         "\"HTTP/1.1 400 Bad Request\" (is this an IMAP port?)")}},
        {"an unframed overrun (KB Q194998)",
         [m](Fixture &f) {
             auto s = afterLogin(m);
             s.server(ImapScript::fetchReply(1, m, 0, m.body.left(6144), m.body.mid(6144, 1500)));
             s.ok();
             s.emergencyLogout();
             script(f, s.build());
         },
         3,
         {QStringLiteral("chunks: overrun_unframed"), QStringLiteral("verdict: truncated"),
          QStringLiteral("chunk 1: the server sent 1500 octets beyond the 6144-octet literal it "
                         "announced (unframed overrun) %T; Messenger 4.5 aborts the download and "
                         "logs out, so the message shows 6144 of 20000 octets."),
          QStringLiteral(
              "Messenger 4.5 shows 6144 of 20000 octets: the last 13856 octets of the message are "
              "missing (judged against RFC822.SIZE; there is no reference copy)."),
          QStringLiteral("The session ended with Messenger 4.5's emergency `xxxx logout` after the "
                         "failed reply; the next message needs a new connection.")}},
        // Exchange 2010 (and others) answer a partial with the whole message, echoing the
        // origin: one chunk, framed, and 4.5's completion rule ends the download.
        {"whole message answered to a partial, origin echoed",
         [m](Fixture &f) {
             auto s = afterLogin(m);
             s.server(ImapScript::fetchReply(1, m, 0, m.body));
             s.ok();
             s.logout();
             script(f, s.build());
         },
         3,
         {QStringLiteral("chunks: overrun_framed"), QStringLiteral("verdict: complete"),
          QStringLiteral("chunk 1: the server answered <0.6144> with a 20000-octet literal, 13856 "
                         "octets more than asked (framed overrun) %T; its origin and length "
                         "reached the end of the message, so Messenger 4.5 took the download as "
                         "complete and asked for nothing more.")}},
        // RFC822.SIZE over-reported by two octets (Exchange 5.5 before SP2, Lotus Domino).
        {"RFC822.SIZE over-reported",
         [](Fixture &f) {
             auto big = message(1, 20000);
             big.reportedSize = 20002;
             ImapScript s;
             s.open().headers({big});
             chunks(s, 0, 20002, [&](qint64 st, qint64 len) {
                 s.server(ImapScript::fetchReply(1, big, st, big.body.mid(st, len)));
                 s.ok();
             });
             s.client("UID fetch 1 (UID RFC822.SIZE BODY[])");
             s.server(ImapScript::fetchReply(1, big, std::nullopt, big.body));
             s.ok();
             s.logout();
             script(f, s.build());
         },
         3,
         {QStringLiteral("chunks: ok,ok,ok,short,ok"), QStringLiteral("verdict: complete"),
          QStringLiteral(
              "The server reported RFC822.SIZE 20002 but holds 20000 octets (2 more than the "
              "message); the short last chunk did not complete the download, so Messenger 4.5 "
              "asked again without a range (`BODY[]`): one extra round trip.")}},
        // Tencent Exmail, WildDuck: every body fetch refused with a response code.
        {"NO [UNAVAILABLE] to every body fetch",
         [m](Fixture &f) {
             ImapScript s;
             s.open().headers({m});
             chunks(s, 0, 20000, [&](qint64, qint64) {
                 s.line(s.lastTag() + " NO [UNAVAILABLE] UID FETCH Server error while fetching "
                                      "messages");
             });
             for (int again = 0; again < 2; ++again) {
                 s.client("UID fetch 1 (UID RFC822.SIZE BODY[])");
                 s.line(s.lastTag() +
                        " NO [UNAVAILABLE] UID FETCH Server error while fetching messages");
             }
             s.logout();
             script(f, s.build());
         },
         3,
         {QStringLiteral("chunks: error,error,error,error,error,error"),
          QStringLiteral("verdict: failed"),
          QStringLiteral(
              "requests 1–6: the server refused these 6 requests with NO \"[UNAVAILABLE] UID FETCH "
              "Server error while fetching messages\"; Messenger 4.5 shows the server's text in an "
              "alert each time and goes on asking, leaving a gap in the message."),
          QStringLiteral("requests 5–6: the start had reached RFC822.SIZE 20000 without the last "
                         "chunk, so Messenger 4.5 went on asking without a range (`BODY[]`)."),
          QStringLiteral("Messenger 4.5 shows nothing of this message."),
          QStringLiteral(
              "Request 6 repeated request 5 (the same command, answered the same way), so msim "
              "stopped there: Messenger 4.5 would have gone on asking for ever.")}},
        // A reply without any body item (Yahoo, Outlook.com reports).
        {"replies with no body item",
         [m](Fixture &f) {
             ImapScript s;
             s.open().headers({m});
             chunks(s, 0, 20000, [&](qint64, qint64) {
                 s.line("* 1 FETCH (UID 1 RFC822.SIZE 20000)");
                 s.ok();
             });
             s.client("UID fetch 1 (UID RFC822.SIZE BODY[])");
             s.line("* 1 FETCH (UID 1 RFC822.SIZE 20000)");
             s.ok();
             s.client("UID fetch 1 (UID RFC822.SIZE BODY[])");
             s.line("* 1 FETCH (UID 1 RFC822.SIZE 20000)");
             s.ok();
             s.logout();
             script(f, s.build());
         },
         3,
         {QStringLiteral("chunks: no_body,no_body,no_body,no_body,no_body,no_body"),
          QStringLiteral("verdict: failed"),
          QStringLiteral("requests 1–6: the server's FETCH reply to these 6 requests carried no "
                         "body item; Messenger 4.5 displays nothing for them and goes on asking."),
          QStringLiteral("requests 5–6: the start had reached RFC822.SIZE 20000 without the last "
                         "chunk, so Messenger 4.5 went on asking without a range (`BODY[]`)."),
          QStringLiteral("Messenger 4.5 shows nothing of this message."),
          QStringLiteral(
              "Request 6 repeated request 5 (the same command, answered the same way), so msim "
              "stopped there: Messenger 4.5 would have gone on asking for ever.")}},
        // A hostile server: terminal control sequences in the greeting, a NO and a BYE.
        {"control sequences in the greeting and a NO",
         [](Fixture &f) {
             script(f, ScriptedServer::parse(QStringLiteral(
                           "S: * OK \\x1b]0;owned\\x07 hi \\x1b[2J\\xc2\\x9b\n"
                           "C: 1 capability\nS: * CAPABILITY IMAP4rev1\nS: 1 OK\n"
                           "C: 2 login \"test\" \"secret\"\n"
                           "S: 2 NO [AUTHENTICATIONFAILED] \\x1b[31mred\\x1b[0m\\rback\nW:\n")));
         },
         1,
         {QStringLiteral("error: the server refused the login: NO [AUTHENTICATIONFAILED] "
                         "\\x1b[31mred\\x1b[0m\\x0dback")}},
        {"control sequences in a BYE during a chunk",
         [m](Fixture &f) {
             auto s = afterLogin(m);
             s.line("* BYE \x1b]0;closing\x07 now");
             s.close();
             script(f, s.build());
         },
         3,
         {QStringLiteral("chunks: error"), QStringLiteral("verdict: failed"),
          QStringLiteral("chunk 1: the reply to `5 UID fetch 1 (UID RFC822.SIZE BODY[]<0.6144>)` "
                         "never completed %T: the server said BYE \"\\x1b]0;closing\\x07 now\" and "
                         "closed the connection"),
          QStringLiteral("Messenger 4.5 shows nothing of this message."),
          QStringLiteral("The server closed the connection during the download.")}},
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
        QTest::addColumn<bool>("tls");
        const auto all = rows();
        for (int i = 0; i < all.size(); ++i) {
            QTest::newRow(all[i].name) << i << false;
            if (all[i].tlsToo)
                QTest::newRow(QByteArray(all[i].name) + " (TLS)") << i << true;
        }
    }
    void faults()
    {
        QFETCH(int, index);
        QFETCH(bool, tls);
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
        if (tls) {
            static const emulator::TlsIdentity id = leaf([](auto &) {});
            f.server.setTlsIdentity(id.certificate, id.key, true);
            f.req.session.endpoint.security = net::Security::Ssl;
        }
        row.setup(f);
        if (f.scripted) {
            QVERIFY(f.server.listenLoopback());
            f.req.session.endpoint.port = f.server.serverPort();
        }
        const auto run = msim::testsupport::runFetch(f.req, nullptr, 60000);
        QVERIFY2(run, "the fetch did not end within its timeout");
        const fetch::FetchOutcome &o = *run;

        // Everything msim says about the run: the chunk statuses and verdict, the error, the
        // findings, each compared whole.
        QStringList said;
        for (const auto &m : o.messages) {
            QStringList statuses;
            for (const auto &c : m.chunks)
                statuses << QString::fromLatin1(fetch::chunkStatusKey(c.status));
            if (!statuses.isEmpty())
                said << QStringLiteral("chunks: ") + statuses.join(QLatin1Char(','));
            if (!m.chunks.isEmpty())
                said << QStringLiteral("verdict: ") + fetch::verdictName(m.comparison.verdict);
        }
        if (o.error)
            said << QStringLiteral("error: ") + *o.error;
        for (const auto &m : o.messages)
            said << m.findings;
        // Values that change from run to run: the port, certificate dates and fingerprints.
        const QString port = QStringLiteral("127.0.0.1:%1").arg(f.req.session.endpoint.port);
        for (QString &l : said) {
            l.replace(port, QStringLiteral("127.0.0.1:%P"));
            l.replace(
                QRegularExpression(QStringLiteral("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ")),
                QStringLiteral("%D"));
            l.replace(QRegularExpression(QStringLiteral("sha256:[0-9a-f]{64}")),
                      QStringLiteral("sha256:%F"));
        }
        QStringList expected = row.sentences;
        const QString transport = fetch::Findings::transport(f.req.session.endpoint.security);
        for (QString &e : expected)
            e.replace(QStringLiteral("%T"), transport);
        if (qEnvironmentVariableIsSet("MSIM_FAULTS_DUMP")) {
            QString dump;
            for (const QString &l : said)
                dump += QStringLiteral("    %1\n").arg(l);
            qInfo().noquote() << "\nSAID:" << QTest::currentDataTag() << o.exitCode() << '\n'
                              << dump << "server:" << f.server.failure();
        }
        if (said != expected)
            QFAIL(qPrintable(QStringLiteral("msim said:\n  %1\nexpected:\n  %2")
                                 .arg(said.join(QStringLiteral("\n  ")),
                                      expected.join(QStringLiteral("\n  ")))));
        QCOMPARE(o.exitCode(), row.exit);

        // Nothing a server sent reaches a terminal or a report as a control character.
        const QString summary = scenario::TextSummary::render(o, true);
        for (QChar c : summary)
            QVERIFY2(c == u'\n' || (c.unicode() >= 0x20 && c.unicode() != 0x7f &&
                                    !(c.unicode() >= 0x80 && c.unicode() <= 0x9f)),
                     qPrintable(QStringLiteral("control character U+%1 in the text summary")
                                    .arg(c.unicode(), 4, 16, QLatin1Char('0'))));
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
        QVERIFY2(scenario::Report::writeFetch(dir.path(), o, {},
                                              msim::scenario::JsonOutput::fetch(o), &error),
                 qPrintable(error));
        QFile html(dir.filePath(QStringLiteral("report.html")));
        QVERIFY(html.open(QIODevice::ReadOnly));
        const QByteArray page = html.readAll();
        QVERIFY(!page.contains("secret"));
        QVERIFY2(!page.contains('\x1b') && !page.contains('\x07') && !page.contains("\xc2\x9b"),
                 "a control character from the server reached the report");
    }

    // A TLS server that ends with close_notify and waits for the client's before its FIN (an
    // OpenSSL SSL_shutdown server; Qt's own sends both at once, so this one is Python's ssl).
    // The close must be seen at once and the 3072 octets that came before it kept and shown.
    void tlsCloseNotifyWithoutFin()
    {
        QTemporaryDir dir;
        const auto id = leaf([](auto &) {});
        const QString cert = dir.filePath(QStringLiteral("cert.pem"));
        const QString key = dir.filePath(QStringLiteral("key.pem"));
        for (const auto &[path, pem] : {std::pair{cert, id.certificatePem}, {key, id.keyPem}}) {
            QFile file(path);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write(pem);
        }
        QProcess server;
        server.start(
            QStringLiteral("python3"),
            {QStringLiteral(MSIM_SOURCE_DIR "/tests/integration/tls_close_notify.py"), cert, key});
        QVERIFY2(server.waitForStarted(), "python3 is needed for this test");
        QVERIFY(server.waitForReadyRead(30000));
        const quint16 port = server.readLine().trimmed().toUShort();
        QVERIFY(port > 0);

        fetch::FetchRequest req;
        req.session.endpoint = {QStringLiteral("127.0.0.1"), port, net::Security::Ssl};
        const QString caFile = dir.filePath(QStringLiteral("ca.pem"));
        {
            QFile file(caFile);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write(ca().certificatePem);
        }
        req.session.tls.caFile = caFile;
        req.session.credentials = {"test", "secret"};
        req.session.commandTimeoutMs = 60000; // a timeout would be a different error kind
        req.uids = {1};
        QString perr;
        req.client.prefs = *prefs::Presets::make(QStringLiteral("kb-q194998"), &perr);
        req.verify = false;
        req.keepSeen = true;
        const auto run = msim::testsupport::runFetch(req, nullptr, 90000);
        QVERIFY2(run, "the fetch did not finish");
        const fetch::FetchOutcome &o = *run;
        QCOMPARE(o.messages.size(), 1);
        const fetch::MessageOutcome &m = o.messages.first();
        QCOMPARE(m.chunks.size(), 1);
        QCOMPARE(m.chunks.first().status, fetch::ChunkStatus::Error);
        QCOMPARE(m.chunks.first().errorKind, fetch::ErrorKind::Closed);
        QCOMPARE(m.chunks.first().received, 3072);
        QCOMPARE(m.displayed.size(), 3072);
        QCOMPARE(m.findings,
                 QStringList({QStringLiteral("chunk 1: the reply to `5 UID fetch 1 (UID "
                                             "RFC822.SIZE BODY[]<0.6144>)` never completed over "
                                             "SSL: the server closed the connection"),
                              QStringLiteral("Messenger 4.5 shows 3072 of 20000 octets: the last "
                                             "16928 octets of the message are missing (judged "
                                             "against RFC822.SIZE; there is no reference copy)."),
                              QStringLiteral("The server closed the connection during the "
                                             "download.")}));
        QVERIFY(server.waitForFinished(30000));
        const qint64 sent = server.readAll().trimmed().toLongLong();
        QCOMPARE(o.transcripts.first()->receivedTotal(), sent);
    }
};

QTEST_GUILESS_MAIN(tst_Faults)
#include "tst_faults.moc"
