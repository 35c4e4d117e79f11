// SPDX-License-Identifier: MIT
// Messenger 4.5 as its source shows it (MESSENGER45.md §2–§5): for each row of §5, and for each
// reply 4.x's parser could not read (§4), the exact wire sequence 4.5 sends against a scripted
// server, what it displays, the chunk statuses and the verdict. Rows are named after the server
// or report each case comes from. The command words themselves are pinned in
// tst_fetchanalysis's commandTable; the reading rules (Messenger45Reading) here.
#include "FetchRun.h"
#include "ImapScript.h"
#include "ScriptedServer.h"
#include "emulator/Corpus.h"
#include "fetch/FetchRunner.h"
#include "fetch/Messenger45Reading.h"

#include <QTest>

#include <functional>

using namespace msim;
using namespace msim::testsupport;
using Message = ImapScript::Message;
using fetch::Verdict;

namespace {

constexpr quint32 kUid = 320;

// One case: what the server answers to the chunk requests (after the header download), and
// what Messenger 4.5 must do with it.
struct Case
{
    qint64 reportedSize = -1;                                    // RFC822.SIZE (-1: the true size)
    std::function<void(ImapScript &, const Message &)> exchange; // the chunk requests onwards
    QStringList requests;                                        // "<s.l>" or "BODY[]", in order
    std::function<QByteArray(const QByteArray &)> displayed;     // from the true message
    QStringList statuses;                                        // every row's status, in order
    Verdict verdict = Verdict::Complete;                         // against the reference copy
    QString sessionEnd;                                          // logout, emergency_logout, ...
    QString finding;                                             // a sentence part that must appear
    bool loopGuard = false; // msim stops the loop: 4.5 would repeat itself for ever
};

// A QStringList from plain literals (the project builds with QT_NO_CAST_FROM_ASCII).
QStringList L(std::initializer_list<const char *> items)
{
    QStringList out;
    for (const char *i : items)
        out << QString::fromLatin1(i);
    return out;
}

QString S(const char *text)
{
    return QString::fromUtf8(text);
}

QByteArray body()
{
    return emulator::Corpus::sized(20000, "fidelity", "fidelity@test");
}

QByteArray chunkText(qint64 s, qint64 l)
{
    return "UID fetch 320 (UID RFC822.SIZE BODY[]<" + QByteArray::number(s) + '.' +
           QByteArray::number(l) + ">)";
}

// The server answers `<s.l>` exactly (RFC 3501).
void answer(ImapScript &s, const Message &m, qint64 start, qint64 len)
{
    s.client(chunkText(start, len));
    s.server(ImapScript::fetchReply(1, m, start, m.body.mid(start, len)));
    s.ok();
}

QByteArray fetchLine(const QByteArray &items)
{
    return "* 1 FETCH (" + items + ")\r\n";
}

QMap<QString, Case> &cases()
{
    static QMap<QString, Case> c;
    if (!c.isEmpty())
        return c;
    const QStringList four = {QStringLiteral("<0.6144>"), QStringLiteral("<6144.6144>"),
                              QStringLiteral("<12288.6144>"), QStringLiteral("<18432.1568>")};
    auto whole = [](const QByteArray &b) { return b; };

    c[QStringLiteral("RFC 3501 server: BODY[]<S> {L}, next request at S+L")] = {
        -1,
        [](ImapScript &s, const Message &m) {
            for (qint64 st = 0; st < 20000; st += 6144)
                answer(s, m, st, std::min<qint64>(6144, 20000 - st));
            s.logout();
        },
        four,
        whole,
        L({"ok", "ok", "ok", "ok"}),
        Verdict::Complete,
        S("logout"),
        {}};

    c[QStringLiteral("short literal before the end: a gap, the next request still at S+L")] = {
        -1,
        [](ImapScript &s, const Message &m) {
            answer(s, m, 0, 6144);
            s.client(chunkText(6144, 6144));
            s.server(ImapScript::fetchReply(1, m, 6144, m.body.mid(6144, 1000)));
            s.ok();
            answer(s, m, 12288, 6144);
            answer(s, m, 18432, 1568);
            s.logout();
        },
        four,
        [](const QByteArray &b) { return b.left(7144) + b.mid(12288); },
        L({"ok", "short", "ok", "ok"}),
        Verdict::Corrupted,
        S("logout"),
        S("the server sent 1000 of the 6144 octets asked for at offset 6144")};

    c[QStringLiteral("exchange55-presp2-framed: framed overrun, octets shown twice")] = {
        -1,
        [](ImapScript &s, const Message &m) {
            s.client(chunkText(0, 6144));
            s.server(ImapScript::fetchReply(1, m, 0, m.body.left(7644)));
            s.ok();
            answer(s, m, 6144, 6144);
            answer(s, m, 12288, 6144);
            answer(s, m, 18432, 1568);
            s.logout();
        },
        four,
        [](const QByteArray &b) { return b.left(7644) + b.mid(6144); },
        L({"overrun_framed", "ok", "ok", "ok"}),
        Verdict::Duplicated,
        S("logout"),
        S("so octets 6144–7643 are shown twice")};

    c[QStringLiteral(
        "Exchange, Tencent Exmail: whole message as BODY[]<0> to <0.6144>: complete")] = {
        -1,
        [](ImapScript &s, const Message &m) {
            s.client(chunkText(0, 6144));
            s.server(ImapScript::fetchReply(1, m, 0, m.body));
            s.ok();
            s.logout();
        },
        L({"<0.6144>"}),
        whole,
        L({"overrun_framed"}),
        Verdict::Complete,
        S("logout"),
        S("its origin and length reached the end of the message")};

    c[QStringLiteral("KB Q194998: unframed overrun, xxxx logout, 6144 octets shown")] = {
        -1,
        [](ImapScript &s, const Message &m) {
            s.client(chunkText(0, 6144));
            s.server(ImapScript::fetchReply(1, m, 0, m.body.left(6144), m.body.mid(6144, 1500)));
            s.ok();
            s.emergencyLogout();
        },
        L({"<0.6144>"}),
        [](const QByteArray &b) { return b.left(6144); },
        L({"overrun_unframed"}),
        Verdict::Truncated,
        S("emergency_logout"),
        S("1500 octets beyond the 6144-octet literal")};

    c[QStringLiteral("ignore-partial: whole message as BODY[] without origin: complete")] = {
        -1,
        [](ImapScript &s, const Message &m) {
            s.client(chunkText(0, 6144));
            s.server(ImapScript::fetchReply(1, m, std::nullopt, m.body));
            s.ok();
            s.logout();
        },
        L({"<0.6144>"}),
        whole,
        L({"no_origin"}),
        Verdict::Complete,
        S("logout"),
        {}};

    c[QStringLiteral("BODY[]<0> on a later chunk restarts the display")] = {
        -1,
        [](ImapScript &s, const Message &m) {
            answer(s, m, 0, 6144);
            s.client(chunkText(6144, 6144));
            s.server(ImapScript::fetchReply(1, m, 0, m.body.left(6144)));
            s.ok();
            answer(s, m, 12288, 6144);
            answer(s, m, 18432, 1568);
            s.logout();
        },
        four,
        [](const QByteArray &b) { return b.left(6144) + b.mid(12288); },
        L({"ok", "origin_mismatch", "ok", "ok"}),
        Verdict::Corrupted,
        S("logout"),
        S("restarts the display with it")};

    c[QStringLiteral("KB Q191504: RFC822.SIZE too small, the tail never fetched")] = {
        19700,
        [](ImapScript &s, const Message &m) {
            answer(s, m, 0, 6144);
            answer(s, m, 6144, 6144);
            answer(s, m, 12288, 6144);
            answer(s, m, 18432, 1268);
            s.logout();
        },
        L({"<0.6144>", "<6144.6144>", "<12288.6144>", "<18432.1268>"}),
        [](const QByteArray &b) { return b.left(19700); },
        L({"ok", "ok", "ok", "ok"}),
        Verdict::Truncated,
        S("logout"),
        S("as in KB Q191504")};

    c[QStringLiteral("hmailserver-past-end: RFC822.SIZE too large, then BODY[] without a range")] =
        {20100,
         [](ImapScript &s, const Message &m) {
             answer(s, m, 0, 6144);
             answer(s, m, 6144, 6144);
             answer(s, m, 12288, 6144);
             answer(s, m, 18432, 1668);
             s.client("UID fetch 320 (UID RFC822.SIZE BODY[])");
             s.server(ImapScript::fetchReply(1, m, std::nullopt, m.body));
             s.ok();
             s.logout();
         },
         L({"<0.6144>", "<6144.6144>", "<12288.6144>", "<18432.1668>", "BODY[]"}),
         whole,
         L({"ok", "ok", "ok", "short", "ok"}),
         Verdict::Complete,
         S("logout"),
         S("asked again without a range (`BODY[]`): one extra round trip")};

    c[QStringLiteral("Yahoo: tagged NO [UNAVAILABLE], an alert, the next request")] = {
        -1,
        [](ImapScript &s, const Message &m) {
            answer(s, m, 0, 6144);
            s.client(chunkText(6144, 6144));
            s.line(s.lastTag() + " NO [UNAVAILABLE] UID FETCH Server error while fetching");
            answer(s, m, 12288, 6144);
            answer(s, m, 18432, 1568);
            s.logout();
        },
        four,
        [](const QByteArray &b) { return b.left(6144) + b.mid(12288); },
        L({"ok", "error", "ok", "ok"}),
        Verdict::Corrupted,
        S("logout"),
        S("with NO \"[UNAVAILABLE] UID FETCH Server error while fetching\"")};

    c[QStringLiteral("BODY[]<S> NIL: nothing displayed for it, the loop goes on")] = {
        -1,
        [](ImapScript &s, const Message &m) {
            answer(s, m, 0, 6144);
            s.client(chunkText(6144, 6144));
            s.server(fetchLine("UID 320 RFC822.SIZE 20000 BODY[]<6144> NIL"));
            s.ok();
            answer(s, m, 12288, 6144);
            answer(s, m, 18432, 1568);
            s.logout();
        },
        four,
        [](const QByteArray &b) { return b.left(6144) + b.mid(12288); },
        L({"ok", "nil", "ok", "ok"}),
        Verdict::Corrupted,
        S("logout"),
        S("with a NIL body")};

    c[QStringLiteral("FETCH reply without a body item: the loop goes on")] = {
        -1,
        [](ImapScript &s, const Message &m) {
            answer(s, m, 0, 6144);
            s.client(chunkText(6144, 6144));
            s.server(fetchLine("UID 320 RFC822.SIZE 20000"));
            s.ok();
            answer(s, m, 12288, 6144);
            answer(s, m, 18432, 1568);
            s.logout();
        },
        four,
        [](const QByteArray &b) { return b.left(6144) + b.mid(12288); },
        L({"ok", "no_body", "ok", "ok"}),
        Verdict::Corrupted,
        S("logout"),
        S("carried no body item")};

    c[QStringLiteral("* BYE then close: what arrived stays displayed")] = {
        -1,
        [](ImapScript &s, const Message &m) {
            answer(s, m, 0, 6144);
            s.client(chunkText(6144, 6144));
            s.line("* BYE server shutting down");
            s.close();
        },
        L({"<0.6144>", "<6144.6144>"}),
        [](const QByteArray &b) { return b.left(6144); },
        L({"ok", "error"}),
        Verdict::Truncated,
        S("disconnected"),
        {}};

    c[QStringLiteral("origin-with-length: BODY[]<0.6144> is origin 0 (atoi): complete")] = {
        -1,
        [](ImapScript &s, const Message &m) {
            for (qint64 st = 0; st < 20000; st += 6144) {
                const qint64 l = std::min<qint64>(6144, 20000 - st);
                s.client(chunkText(st, l));
                s.server("* 1 FETCH (UID 320 RFC822.SIZE 20000 BODY[]<" + QByteArray::number(st) +
                         '.' + QByteArray::number(l) + "> {" + QByteArray::number(l) + "}\r\n" +
                         m.body.mid(st, l) + ")\r\n");
                s.ok();
            }
            s.logout();
        },
        four,
        whole,
        L({"ok", "ok", "ok", "ok"}),
        Verdict::Complete,
        S("logout"),
        {}};

    c[QStringLiteral("CONDSTORE server: MODSEQ before the body, 4.x aborts with nothing shown")] = {
        -1,
        [](ImapScript &s, const Message &m) {
            s.client(chunkText(0, 6144));
            s.server("* 1 FETCH (UID 320 MODSEQ (12) BODY[]<0> {6144}\r\n" + m.body.left(6144) +
                     ")\r\n");
            s.ok();
            s.emergencyLogout();
        },
        L({"<0.6144>"}),
        [](const QByteArray &) { return QByteArray(); },
        L({"error"}),
        Verdict::Failed,
        S("emergency_logout"),
        S("does not know the FETCH item MODSEQ")};

    c[QStringLiteral("Gmail: X-GM-MSGID after the body, the literal stays shown")] = {
        -1,
        [](ImapScript &s, const Message &m) {
            s.client(chunkText(0, 6144));
            s.server("* 1 FETCH (UID 320 BODY[]<0> {6144}\r\n" + m.body.left(6144) +
                     " X-GM-MSGID 1278455344230334865)\r\n");
            s.ok();
            s.emergencyLogout();
        },
        L({"<0.6144>"}),
        [](const QByteArray &b) { return b.left(6144); },
        L({"error"}),
        Verdict::Truncated,
        S("emergency_logout"),
        S("does not know the FETCH item X-GM-MSGID")};

    c[QStringLiteral("bare untagged * PERMANENTFLAGS is a syntax error to 4.x")] = {
        -1,
        [](ImapScript &s, const Message &m) {
            s.client(chunkText(0, 6144));
            s.line("* PERMANENTFLAGS (\\Seen \\Deleted)");
            s.server(ImapScript::fetchReply(1, m, 0, m.body.left(6144)));
            s.ok();
            s.emergencyLogout();
        },
        L({"<0.6144>"}),
        [](const QByteArray &) { return QByteArray(); },
        L({"error"}),
        Verdict::Failed,
        S("emergency_logout"),
        S("bare untagged * PERMANENTFLAGS")};

    c[QStringLiteral("NO to every request: stopped when the state repeats, not after 100000")] = {
        -1,
        [](ImapScript &s, const Message &) {
            for (const QByteArray &r :
                 {chunkText(0, 6144), chunkText(6144, 6144), chunkText(12288, 6144),
                  chunkText(18432, 1568), QByteArray("UID fetch 320 (UID RFC822.SIZE BODY[])"),
                  QByteArray("UID fetch 320 (UID RFC822.SIZE BODY[])")}) {
                s.client(r);
                s.line(s.lastTag() + " NO [UNAVAILABLE] Server error while fetching messages");
            }
            s.logout();
        },
        four + L({"BODY[]", "BODY[]"}),
        [](const QByteArray &) { return QByteArray(); },
        L({"error", "error", "error", "error", "error", "error"}),
        Verdict::Failed,
        S("logout"),
        S("Request 6 repeated request 5 (the same command, answered the same way), so msim "
          "stopped there: Messenger 4.5 would have gone on asking for ever."),
        true};

    c[QStringLiteral("no body item to every request: a handful of requests, then stopped")] = {
        -1,
        [](ImapScript &s, const Message &) {
            for (const QByteArray &r :
                 {chunkText(0, 6144), chunkText(6144, 6144), chunkText(12288, 6144),
                  chunkText(18432, 1568), QByteArray("UID fetch 320 (UID RFC822.SIZE BODY[])"),
                  QByteArray("UID fetch 320 (UID RFC822.SIZE BODY[])")}) {
                s.client(r);
                s.server(fetchLine("UID 320 RFC822.SIZE 20000"));
                s.ok();
            }
            s.logout();
        },
        four + L({"BODY[]", "BODY[]"}),
        [](const QByteArray &) { return QByteArray(); },
        L({"no_body", "no_body", "no_body", "no_body", "no_body", "no_body"}),
        Verdict::Failed,
        S("logout"),
        S("requests 1–6: the server's FETCH reply to these 6 requests carried no body"),
        true};
    return c;
}

} // namespace

class tst_Fidelity : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void messenger45Reading_data()
    {
        QTest::addColumn<QByteArray>("item");
        QTest::addColumn<bool>("known");
        QTest::newRow("UID") << QByteArray("UID") << true;
        QTest::newRow("FLAGS") << QByteArray("FLAGS") << true;
        QTest::newRow("RFC822.SIZE") << QByteArray("RFC822.SIZE") << true;
        QTest::newRow("XSENDER (Netscape Messaging Server)") << QByteArray("XSENDER") << true;
        QTest::newRow("BODY[]") << QByteArray("BODY[]") << true;
        QTest::newRow("BODY[HEADER]") << QByteArray("BODY[HEADER]") << true;
        QTest::newRow("BODYSTRUCTURE") << QByteArray("BODYSTRUCTURE") << true;
        QTest::newRow("ENVELOPE") << QByteArray("ENVELOPE") << true;
        QTest::newRow("INTERNALDATE") << QByteArray("INTERNALDATE") << true;
        QTest::newRow("RFC822") << QByteArray("RFC822") << true;
        QTest::newRow("RFC822.HEADER") << QByteArray("RFC822.HEADER") << true;
        QTest::newRow("RFC822.TEXT") << QByteArray("RFC822.TEXT") << true;
        QTest::newRow("MODSEQ (RFC 7162, CONDSTORE)") << QByteArray("MODSEQ") << false;
        QTest::newRow("X-GM-MSGID (Gmail)") << QByteArray("X-GM-MSGID") << false;
        QTest::newRow("BINARY[] (RFC 3516)") << QByteArray("BINARY[]") << false;
        QTest::newRow("EMAILID (RFC 8474)") << QByteArray("EMAILID") << false;
    }
    void messenger45Reading()
    {
        QFETCH(QByteArray, item);
        QFETCH(bool, known);
        QCOMPARE(fetch::Messenger45Reading::knowsItem(item), known);
    }

    void nulMiscount()
    {
        // Two lines; the second, "xy\0z\r\n", counts 2 of its 6 octets: 4 owed.
        const QByteArray lit("abc\r\nxy\0z\r\n", 11);
        const auto n = fetch::Messenger45Reading::nulMiscount(lit, lit.size());
        QVERIFY(n);
        QCOMPARE(n->firstNul, 7);
        QCOMPARE(n->owed, 4);
        QVERIFY(!fetch::Messenger45Reading::nulMiscount("abc\r\n\xff\x80\r\n", 9));
    }

    void section5_data()
    {
        QTest::addColumn<QString>("name");
        for (auto it = cases().cbegin(); it != cases().cend(); ++it)
            QTest::newRow(qPrintable(it.key())) << it.key();
    }
    void section5()
    {
        QFETCH(QString, name);
        const Case &c = cases()[name];
        Message m;
        m.uid = kUid;
        m.body = body();
        m.reportedSize = c.reportedSize;
        ImapScript s;
        s.open().headers({m});
        c.exchange(s, m);
        auto r = loopbackRequest(0, QStringLiteral("kb-q194998"), {kUid});
        r.keepSeen = true;
        QString why;
        const auto run = playFetch({s.build(), ImapScript::verification(m, false)}, r, &why);
        QVERIFY2(run, qPrintable(why));
        const fetch::FetchOutcome &out = *run;
        QVERIFY2(!out.error, qPrintable(out.error.value_or(QString())));
        const fetch::MessageOutcome &msg = out.messages.value(0);

        // The wire: decimal tags from 5 (after capability, login, select, headers), 4.x words.
        QCOMPARE(msg.requests(), c.requests);
        for (qsizetype i = 0; i < msg.chunks.size(); ++i)
            QVERIFY2(
                msg.chunks[i].command.startsWith(QByteArray::number(5 + i) + " UID fetch 320 "),
                msg.chunks[i].command.constData());
        QStringList statuses;
        for (const auto &ch : msg.chunks)
            statuses << fetch::chunkStatusName(ch.status);
        QCOMPARE(statuses, c.statuses);
        QCOMPARE(msg.displayed, c.displayed(m.body));
        QCOMPARE(fetch::verdictName(msg.comparison.verdict), fetch::verdictName(c.verdict));
        QCOMPARE(msim::fetch::kMessageEndNames.name(msg.sessionEnd), c.sessionEnd);
        if (!c.finding.isEmpty())
            QVERIFY2(msg.findings.join(QLatin1Char('\n')).contains(c.finding),
                     qPrintable(msg.findings.join(QLatin1Char('\n'))));
        // The loop guard speaks only where the loop repeated itself.
        QCOMPARE(msg.findings.join(QLatin1Char('\n')).contains(QLatin1String("gone on asking")),
                 c.loopGuard);
        // At most a screen of findings, whatever the server did.
        QVERIFY(msg.findings.size() <= 10);
    }
};

QTEST_GUILESS_MAIN(tst_Fidelity)
#include "tst_fidelity.moc"
