// SPDX-License-Identifier: MIT
// The built-in server byte by byte: RFC 3501 answers (partials, origins, empty past the end,
// \Seen), logins, STARTTLS, and each profile's fault on exactly the listener it belongs to.
#include "MaildirWriter.h"
#include "RawClient.h"
#include "TestIdentity.h"
#include "emulator/CertificateMint.h"
#include "emulator/Corpus.h"
#include "emulator/EmulatedServer.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace msim;
using msim::testsupport::RawClient;
using msim::testsupport::testIdentity;

namespace {

std::unique_ptr<emulator::EmulatedServer>
startServer(const QString &profile, emulator::ServerKnobs knobs = {},
            emulator::Mailbox mailbox = emulator::Mailbox::sample(), emulator::ServerOptions o = {})
{
    o.profile = profile;
    o.knobs = knobs;
    o.identity = testIdentity();
    auto s = std::make_unique<emulator::EmulatedServer>(o, std::move(mailbox));
    QString err;
    if (!s->start(&err))
        qWarning("server did not start: %s", qPrintable(err));
    return s;
}

// Logs in and selects INBOX; returns false when any step fails.
bool loginSelect(RawClient &c)
{
    const auto greeting = c.response();
    if (!greeting || !greeting->firstLine().startsWith("* OK"))
        return false;
    return c.command("a1", "login \"test\" \"secret\"").contains("a1 OK") &&
           c.command("a2", "select \"INBOX\"").contains("a2 OK");
}

const QByteArray &message(quint32 uid)
{
    static const auto corpus = emulator::Corpus::sample();
    return corpus[uid - 1].served;
}

QByteArray chunkReply(quint32 uid, qint64 s, qint64 l, qint64 size, const QByteArray &flags = {})
{
    const QByteArray data = message(uid).mid(s, l);
    QByteArray r = "* " + QByteArray::number(uid) + " FETCH (UID " + QByteArray::number(uid) +
                   " RFC822.SIZE " + QByteArray::number(size) + " BODY[]<" + QByteArray::number(s) +
                   "> {" + QByteArray::number(data.size()) + "}\r\n" + data;
    if (!flags.isEmpty())
        r += " FLAGS (" + flags + ")";
    return r + ")\r\n";
}

QByteArray fetchChunk(RawClient &c, const QByteArray &tag, quint32 uid, qint64 s, qint64 l)
{
    return c.command(tag, "UID fetch " + QByteArray::number(uid) + " (UID RFC822.SIZE BODY[]<" +
                              QByteArray::number(s) + '.' + QByteArray::number(l) + ">)");
}

} // namespace

class tst_Emulator : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void greetingAndCapabilities()
    {
        auto server = startServer(QStringLiteral("rfc3501"));
        QVERIFY(server->port() && server->tlsPort());
        QCOMPARE(server->fingerprint(), testIdentity().sha256());
        RawClient plain;
        QVERIFY(plain.connectPlain(server->port()));
        const auto g = plain.response();
        QVERIFY(g);
        QCOMPARE(g->firstLine(),
                 QByteArray("* OK [CAPABILITY IMAP4rev1 LITERAL+ SASL-IR AUTH=PLAIN "
                            "STARTTLS] msim built-in IMAP4rev1 server ready"));
        RawClient tls;
        QVERIFY(tls.connectTls(server->tlsPort()));
        const auto g2 = tls.response();
        QVERIFY(g2 && !g2->firstLine().contains("STARTTLS"));
        QCOMPARE(tls.socket().peerCertificate(), testIdentity().certificate);
        QVERIFY(
            server->listenerLines()
                .join(QLatin1Char('\n'))
                .contains(
                    QStringLiteral("listening imaps 127.0.0.1:%1 sha256:").arg(server->tlsPort())));
    }

    void rfc3501Answers()
    {
        auto server = startServer(QStringLiteral("rfc3501"));
        RawClient c;
        QVERIFY(c.connectPlain(server->port()));
        QVERIFY(c.response());
        QVERIFY(c.command("1", "FETCH 1 (UID)").contains("1 BAD Log in first") ||
                c.received().contains("1 BAD No mailbox selected"));
        QVERIFY(c.command("2", "login \"test\" \"wrong\"").contains("2 NO [AUTHENTICATIONFAILED]"));
        QVERIFY(c.command("3", "login test secret").contains("3 OK"));
        const QByteArray sel = c.command("4", "select \"INBOX\"");
        QVERIFY(sel.contains("* 17 EXISTS\r\n"));
        QVERIFY(sel.contains("* OK [UIDVALIDITY 1998]"));
        QVERIFY(sel.contains("* OK [UIDNEXT 18]"));
        QVERIFY(sel.contains("4 OK [READ-WRITE]"));

        // The header download leaves \Seen alone.
        const QByteArray h =
            c.command("5", "UID fetch 6 (UID RFC822.SIZE BODY.PEEK[HEADER] FLAGS)");
        const QByteArray header = message(6).left(message(6).indexOf("\r\n\r\n") + 4);
        QCOMPARE(h, "* 6 FETCH (UID 6 RFC822.SIZE 20000 BODY[HEADER] {" +
                        QByteArray::number(header.size()) + "}\r\n" + header +
                        " FLAGS ())\r\n5 OK Fetch completed\r\n");
        // A chunk: BODY[] sets \Seen, and the FETCH says so.
        QCOMPARE(fetchChunk(c, "6", 6, 0, 6144),
                 chunkReply(6, 0, 6144, 20000, "\\Seen") + "6 OK Fetch completed\r\n");
        QCOMPARE(fetchChunk(c, "7", 6, 6144, 6144),
                 chunkReply(6, 6144, 6144, 20000) + "7 OK Fetch completed\r\n");
        // Truncated at the end, origin still the start; past the end: an empty literal.
        QCOMPARE(fetchChunk(c, "8", 6, 18432, 6144),
                 chunkReply(6, 18432, 6144, 20000) + "8 OK Fetch completed\r\n");
        QCOMPARE(fetchChunk(c, "9", 6, 30000, 10),
                 chunkReply(6, 30000, 10, 20000) + "9 OK Fetch completed\r\n");
        QVERIFY(chunkReply(6, 30000, 10, 20000).contains("BODY[]<30000> {0}\r\n)"));
        // PEEK does not set \Seen; STORE takes it away again.
        QVERIFY(
            c.command("10", "UID store 6 -FLAGS (\\Seen)").contains("* 6 FETCH (FLAGS () UID 6)"));
        QVERIFY(!c.command("11", "UID fetch 6 (BODY.PEEK[] FLAGS)").contains("\\Seen"));
        QVERIFY(c.command("12", "UID fetch 6 (FLAGS)").contains("FLAGS ()"));
        // Sequence numbers, '*' and ranges.
        const QByteArray all = c.command("13", "FETCH 1:* (UID RFC822.SIZE)");
        QCOMPARE(all.count(" FETCH "), 17);
        QVERIFY(all.contains("* 10 FETCH (UID 10 RFC822.SIZE 5242880)"));
        QVERIFY(c.command("14", "FETCH * (UID)").contains("* 17 FETCH (UID 17)"));
        QVERIFY(c.command("15", "FROB").contains("15 BAD Command unknown"));
        QVERIFY(c.command("16", "UID fetch 6 (BODY[MIME])").contains("16 BAD"));
        QVERIFY(
            c.command("17", "list \"\" \"*\"").contains("* LIST (\\HasNoChildren) \"/\" INBOX"));
        QVERIFY(c.command("18", "select \"Archive\"").contains("18 NO"));
        const QByteArray bye = c.command("19", "logout");
        QVERIFY(bye.contains("* BYE"));
        QVERIFY(bye.contains("19 OK"));
        QVERIFY(c.waitClosed());
    }

    void loginVariants()
    {
        auto server = startServer(QStringLiteral("rfc3501"));
        { // a synchronizing literal gets "+", LITERAL+ does not
            RawClient c;
            QVERIFY(c.connectPlain(server->port()));
            QVERIFY(c.response());
            c.send("a LOGIN {4}\r\n");
            const auto cont = c.response();
            QVERIFY(cont && cont->firstLine().startsWith("+ "));
            c.send("test {6+}\r\nsecret\r\n");
            QVERIFY(c.untilTagged("a").last().firstLine().startsWith("a OK"));
        }
        { // AUTHENTICATE PLAIN with an initial response (SASL-IR, as curl sends it)
            RawClient c;
            QVERIFY(c.connectPlain(server->port()));
            QVERIFY(c.response());
            QVERIFY(c.command("a", "AUTHENTICATE PLAIN AHRlc3QAc2VjcmV0").contains("a OK"));
        }
        { // ... and without (continuation)
            RawClient c;
            QVERIFY(c.connectPlain(server->port()));
            QVERIFY(c.response());
            c.send("a AUTHENTICATE PLAIN\r\n");
            const auto cont = c.response();
            QVERIFY(cont && cont->firstLine().startsWith("+"));
            c.send("AHRlc3QAd3Jvbmc=\r\n");
            QVERIFY(c.untilTagged("a").last().firstLine().startsWith("a NO"));
        }
        { // STARTTLS, then login over TLS
            RawClient c;
            QVERIFY(c.connectPlain(server->port()));
            QVERIFY(c.response());
            QVERIFY(c.command("a", "STARTTLS").contains("a OK"));
            QVERIFY(c.startTls());
            QVERIFY(!c.command("b", "CAPABILITY").contains("STARTTLS"));
            QVERIFY(c.command("c", "login test secret").contains("c OK"));
        }
    }

    void presp2OverrunsOverSslOnly()
    {
        auto server = startServer(QStringLiteral("exchange55-presp2"));
        RawClient tls;
        QVERIFY(tls.connectTls(server->tlsPort()));
        QVERIFY(loginSelect(tls));
        const QByteArray first = fetchChunk(tls, "3", 6, 0, 6144);
        const QByteArray expect = "* 6 FETCH (UID 6 RFC822.SIZE 20000 BODY[]<0> {6144}\r\n" +
                                  message(6).left(6144) + message(6).mid(6144, 1500) +
                                  " FLAGS (\\Seen))\r\n3 OK Fetch completed\r\n";
        QCOMPARE(first, expect);
        // The chunk that reaches the end is clean.
        QCOMPARE(fetchChunk(tls, "4", 6, 18432, 1568),
                 chunkReply(6, 18432, 1568, 20000) + "4 OK Fetch completed\r\n");
        // Whole-message fetches are clean too.
        QVERIFY(tls.command("5", "UID fetch 6 (BODY.PEEK[])")
                    .contains("BODY[] {20000}\r\n" + message(6) + ")\r\n"));

        RawClient plain;
        QVERIFY(plain.connectPlain(server->port()));
        QVERIFY(loginSelect(plain));
        QVERIFY(
            fetchChunk(plain, "3", 7, 0, 6144).startsWith(chunkReply(7, 0, 6144, 26000, "\\Seen")));
    }

    void overrunChunkKPerSession()
    {
        emulator::ServerKnobs k;
        k.overrun = 100;
        k.overrunChunk = 2;
        auto server = startServer(QStringLiteral("exchange55-presp2"), k);
        // Two sessions interleaved: each counts its own chunk replies.
        RawClient a;
        RawClient b;
        QVERIFY(a.connectTls(server->tlsPort()));
        QVERIFY(b.connectTls(server->tlsPort()));
        QVERIFY(loginSelect(a));
        QVERIFY(loginSelect(b));
        QVERIFY(
            fetchChunk(a, "3", 6, 0, 6144).startsWith(chunkReply(6, 0, 6144, 20000).left(6190)));
        QVERIFY(!fetchChunk(b, "3", 6, 0, 6144).contains(message(6).mid(6144, 100)));
        QVERIFY(
            fetchChunk(a, "4", 6, 6144, 6144).contains(message(6).mid(6144, 6144 + 100) + ")\r\n"));
        QVERIFY(
            fetchChunk(b, "4", 6, 6144, 6144).contains(message(6).mid(6144, 6144 + 100) + ")\r\n"));
        QVERIFY(!fetchChunk(a, "5", 6, 12288, 6144).contains(message(6).mid(12288, 6144 + 100)));
    }

    void framedOverrun()
    {
        auto server = startServer(QStringLiteral("exchange55-presp2-framed"));
        RawClient tls;
        QVERIFY(tls.connectTls(server->tlsPort()));
        QVERIFY(loginSelect(tls));
        QVERIFY(fetchChunk(tls, "3", 6, 0, 6144)
                    .startsWith("* 6 FETCH (UID 6 RFC822.SIZE 20000 BODY[]<0> {7644}\r\n" +
                                message(6).left(7644) + " FLAGS"));
    }

    void otherProfiles()
    {
        {
            auto server = startServer(QStringLiteral("exchange55-fast-retrieval"));
            RawClient c;
            QVERIFY(c.connectPlain(server->port()));
            QVERIFY(loginSelect(c));
            QVERIFY(c.command("3", "UID fetch 6 (RFC822.SIZE)").contains("RFC822.SIZE 19700)"));
            QVERIFY(c.command("4", "UID fetch 1 (RFC822.SIZE)").contains("RFC822.SIZE 924)"));
        }
        {
            auto server = startServer(QStringLiteral("ignore-partial"));
            RawClient c;
            QVERIFY(c.connectPlain(server->port()));
            QVERIFY(loginSelect(c));
            QVERIFY(fetchChunk(c, "3", 6, 6144, 6144)
                        .contains("BODY[] {20000}\r\n" + message(6) + " FLAGS"));
        }
        {
            auto server = startServer(QStringLiteral("exchange2010-1mb"));
            RawClient c;
            QVERIFY(c.connectPlain(server->port()));
            QVERIFY(loginSelect(c));
            QVERIFY(fetchChunk(c, "3", 10, 1042432, 6144).contains("BODY[]<1042432> {6144}\r\n"));
            QVERIFY(fetchChunk(c, "4", 10, 1048576, 6144).contains("BODY[]<1048576> {0}\r\n)"));
        }
        {
            auto server = startServer(QStringLiteral("hmailserver-past-end"));
            RawClient c;
            QVERIFY(c.connectPlain(server->port()));
            QVERIFY(loginSelect(c));
            QVERIFY(c.command("3", "UID fetch 6 (RFC822.SIZE)").contains("RFC822.SIZE 20100)"));
            QVERIFY(fetchChunk(c, "4", 6, 18432, 1668).contains("BODY[]<18432> {1568}"));
            c.send("5 UID fetch 6 (UID RFC822.SIZE BODY[]<20100.0>)\r\n");
            QVERIFY(c.waitClosed());
            QVERIFY(!c.received().contains("5 OK"));
            // Other sessions go on.
            RawClient d;
            QVERIFY(d.connectPlain(server->port()));
            QVERIFY(loginSelect(d));
        }
    }

    void splitWritesSendTheSameOctets()
    {
        emulator::ServerKnobs k;
        k.splitWrites = true;
        auto server = startServer(QStringLiteral("rfc3501"), k);
        RawClient c;
        QVERIFY(c.connectTls(server->tlsPort()));
        QVERIFY(loginSelect(c));
        QCOMPARE(fetchChunk(c, "3", 7, 0, 6144),
                 chunkReply(7, 0, 6144, 26000, "\\Seen") + "3 OK Fetch completed\r\n");
    }

    void latencyStillAnswersInOrder()
    {
        emulator::ServerKnobs k;
        k.latencyMs = 30;
        auto server = startServer(QStringLiteral("rfc3501"), k);
        RawClient c;
        QVERIFY(c.connectPlain(server->port()));
        QVERIFY(loginSelect(c));
        c.send("3 noop\r\n4 noop\r\n");
        const auto rs = c.untilTagged("4");
        QCOMPARE(rs.size(), 2);
        QVERIFY(rs[0].firstLine().startsWith("3 OK"));
    }

    void idleTimeoutAndSessionLimit()
    {
        emulator::ServerOptions o;
        o.limits.authDeadlineMs = 300;
        o.limits.maxSessions = 2;
        auto server = startServer(QStringLiteral("rfc3501"), {}, emulator::Mailbox::sample(), o);
        RawClient a;
        RawClient b;
        RawClient c;
        QVERIFY(a.connectPlain(server->port()));
        QVERIFY(b.connectPlain(server->port()));
        QVERIFY(a.response() && b.response());
        QVERIFY(c.connectPlain(server->port()));
        const auto busy = c.response();
        QVERIFY(busy && busy->firstLine().startsWith("* BYE Too many connections"));
        QVERIFY(a.waitClosed(5000));
        QVERIFY(a.received().contains("* BYE Autologout"));
    }

    void oversizedCommandIsRefused()
    {
        auto server = startServer(QStringLiteral("rfc3501"));
        RawClient c;
        QVERIFY(c.connectPlain(server->port()));
        QVERIFY(c.response());
        c.send("1 NOOP " + QByteArray(100 * 1024, 'x') + "\r\n");
        QVERIFY(c.waitClosed());
        QVERIFY(c.received().contains("* BAD"));
        RawClient d;
        QVERIFY(d.connectPlain(server->port()));
        QVERIFY(loginSelect(d)); // the server goes on
    }

    void mailboxSources()
    {
        QTemporaryDir dir;
        QString err;
        const auto corpus = emulator::Corpus::sample();
        QVERIFY(testsupport::writeMaildir(dir.filePath(QStringLiteral("md")), corpus, &err));
        auto md = emulator::Mailbox::fromSpec(
            QStringLiteral("maildir:") + dir.filePath(QStringLiteral("md")), &err);
        QVERIFY2(md, qPrintable(err));
        QCOMPARE(md->messages.size(), corpus.size());
        for (int i = 0; i < corpus.size(); ++i)
            QCOMPARE(md->messages[i].data, corpus[i].served); // the bare-LF one served with CRLF

        QFile mbox(dir.filePath(QStringLiteral("m.mbox")));
        QVERIFY(mbox.open(QIODevice::WriteOnly));
        mbox.write("From a@b Mon Nov  2 10:00:00 1998\nSubject: one\n\nline\n>From the past\n\n"
                   "From c@d Mon Nov  2 11:00:00 1998\nSubject: two\n\nbody\n");
        mbox.close();
        auto mb = emulator::Mailbox::fromSpec(QStringLiteral("mbox:") + mbox.fileName(), &err);
        QVERIFY2(mb, qPrintable(err));
        QCOMPARE(mb->messages.size(), 2);
        // As Dovecot serves it (emulator/Mbox.h): ">From " kept, the separator's line end and the
        // file's last one not served.
        QCOMPARE(mb->messages[0].data,
                 QByteArray("Subject: one\r\n\r\nline\r\n>From the past\r\n"));
        QCOMPARE(mb->messages[1].data, QByteArray("Subject: two\r\n\r\nbody"));

        QFile eml(dir.filePath(QStringLiteral("c.eml")));
        QVERIFY(eml.open(QIODevice::WriteOnly));
        eml.write("Subject: customer\n\nhello\n");
        eml.close();
        auto e = emulator::Mailbox::fromSpec(QStringLiteral("eml:") + eml.fileName(), &err);
        QVERIFY2(e, qPrintable(err));
        QCOMPARE(e->messages.value(0).data, QByteArray("Subject: customer\r\n\r\nhello\r\n"));

        auto g = emulator::Mailbox::fromSpec(QStringLiteral("generated:1000"), &err);
        QVERIFY(g && g->messages.size() == 1000);
        QVERIFY(!emulator::Mailbox::fromSpec(QStringLiteral("floppy:A"), &err));
        QVERIFY(err.contains(QLatin1String("unknown corpus")));
        QVERIFY(!emulator::Mailbox::fromSpec(QStringLiteral("maildir:/nonexistent"), &err));
    }

    void certificateIsMintedAndKept()
    {
        QTemporaryDir dir;
        QString err;
        bool created = false;
        const auto a = emulator::CertificateMint::loadOrCreate(dir.path(), &err, &created);
        QVERIFY2(a, qPrintable(err));
        QVERIFY(created);
        const auto b = emulator::CertificateMint::loadOrCreate(dir.path(), &err, &created);
        QVERIFY(b && !created);
        QCOMPARE(a->sha256(), b->sha256());
    }
};

QTEST_GUILESS_MAIN(tst_Emulator)
#include "tst_emulator.moc"
