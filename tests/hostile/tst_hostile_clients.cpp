// SPDX-License-Identifier: MIT
// The built-in server against seeded hostile clients (issue 22, tests/hostile): per seed, one to
// four attackers on 127.0.0.2 and above (DESIGN.md §5) send a command stream made from the
// seed (logins good and bad, AUTHENTICATE, FETCH with repeated and huge items, STORE with
// hundreds of keywords, literals sync and non-sync, over-long and unfinished lines, garbage,
// STARTTLS then plain text), some never reading, while a well-behaved client on 127.0.0.1
// fetches a message. For every seed the good fetch is complete and its octets are the stored
// message; after the attackers go, every session closes and no pre-auth octet stays counted.
// A failure names its seed; the seed alone replays it (HostileRun.h).
#include "FetchRun.h"
#include "HostileRun.h"
#include "TestIdentity.h"
#include "emulator/EmulatedServer.h"

#include <QRandomGenerator>
#include <QTcpSocket>
#include <QTest>

using namespace msim;

namespace {

const QList<QByteArray> kItems = {"UID",
                                  "FLAGS",
                                  "RFC822.SIZE",
                                  "BODY.PEEK[]",
                                  "BODY[]<0.6144>",
                                  "BODY.PEEK[HEADER]",
                                  "BODY[TEXT]",
                                  "RFC822",
                                  "INTERNALDATE",
                                  "ALL",
                                  "BODY[]<6144.9999999>",
                                  "BODY.PEEK[]<0.1>"};
const QList<QByteArray> kSets = {"1", "1:*", "*", "10", "5:3", "1,3,5:9", "99999", "0"};

QByteArray commandStream(QRandomGenerator &rng)
{
    QByteArray out;
    const int n = rng.bounded(3, 40);
    for (int i = 0; i < n; ++i) {
        const QByteArray tag = "h" + QByteArray::number(i);
        switch (rng.bounded(16)) {
        case 0:
            out += tag + " LOGIN test secret\r\n";
            break;
        case 1:
            out += tag + " LOGIN test wrong" + QByteArray::number(rng.bounded(100)) + "\r\n";
            break;
        case 2:
            out += tag + " AUTHENTICATE PLAIN\r\n" + QByteArray("\0test\0secret", 12).toBase64() +
                   "\r\n";
            break;
        case 3:
            out += tag + " SELECT INBOX\r\n";
            break;
        case 4:
        case 5: {
            QByteArray items;
            for (int k = rng.bounded(1, 60); k > 0; --k)
                items += (items.isEmpty() ? "" : " ") + kItems[rng.bounded(int(kItems.size()))];
            out += tag + (rng.bounded(2) ? " UID" : "") + " FETCH " +
                   kSets[rng.bounded(int(kSets.size()))] + " (" + items + ")\r\n";
            break;
        }
        case 6: {
            QByteArray kws;
            for (int k = rng.bounded(1, 300); k > 0; --k)
                kws +=
                    QByteArray(kws.isEmpty() ? "k" : " k") + QByteArray::number(rng.bounded(5000));
            out += tag + " UID STORE " + kSets[rng.bounded(int(kSets.size()))] +
                   (rng.bounded(2) ? " +FLAGS.SILENT (" : " FLAGS (") + kws + ")\r\n";
            break;
        }
        case 7: {
            const int size = rng.bounded(0, 200000);
            out += tag + " LOGIN {" + QByteArray::number(size) + (rng.bounded(2) ? "+" : "") +
                   "}\r\n" + QByteArray(size, 'L') + " x\r\n";
            break;
        }
        case 8:
            out += tag + " NOOP " + QByteArray(rng.bounded(60000, 70000), 'n') + "\r\n";
            break;
        case 9: {
            QByteArray junk(rng.bounded(1, 400), '\0');
            for (char &c : junk)
                c = char(rng.bounded(256));
            out += junk + "\r\n";
            break;
        }
        case 10:
            out += tag + " STARTTLS\r\n" + tag + "x NOOP\r\n";
            break;
        case 11:
            out += tag + " CAPABILITY\r\n" + tag + "l LIST \"\" *\r\n";
            break;
        case 12:
            out += tag + " FETCH 1 (BODY[]<" + QByteArray::number(rng.bounded(100000)) + ".";
            break; // unfinished: the rest of the stream continues this line
        default:
            out += tag + " NOOP\r\n";
            break;
        }
    }
    return out;
}

} // namespace

class tst_HostileClients : public QObject
{
    Q_OBJECT
    // A fresh server per seed: nothing one seed did (flags, keywords, failed logins) reaches
    // the next, so a seed replays alone exactly as it ran in the campaign.
    // Odd seeds serve the sessions on two worker threads, as `msim-cli serve` does; even seeds
    // on the server's thread, as the GUI does.
    static std::unique_ptr<emulator::EmulatedServer> freshServer(quint64 seed)
    {
        emulator::ServerOptions o;
        o.workers = seed % 2 ? 2 : 0;
        o.identity = testsupport::testIdentity();
        auto s = std::make_unique<emulator::EmulatedServer>(o, emulator::Mailbox::sample());
        QString e;
        return s->start(&e) ? std::move(s) : nullptr;
    }

    emulator::Mailbox mailbox = emulator::Mailbox::sample();

    QString oneSeed(quint64 seed)
    {
        const auto server = freshServer(seed);
        if (!server)
            return QStringLiteral("the built-in server did not start");
        QRandomGenerator rng{quint32(seed)};
        std::vector<std::unique_ptr<QTcpSocket>> attackers;
        const int count = rng.bounded(1, 5);
        for (int i = 0; i < count; ++i) {
            auto s = std::make_unique<QTcpSocket>();
            if (!s->bind(QHostAddress(QStringLiteral("127.0.0.%1").arg(2 + i))))
                return QStringLiteral("cannot bind 127.0.0.%1").arg(2 + i);
            const bool reads = rng.bounded(3) != 0;
            if (!reads)
                s->setReadBufferSize(1024); // never read: the server's output bound holds
            else
                connect(s.get(), &QTcpSocket::readyRead, s.get(), [p = s.get()] { p->readAll(); });
            const QByteArray stream = commandStream(rng);
            connect(s.get(), &QTcpSocket::connected, s.get(),
                    [p = s.get(), stream] { p->write(stream); });
            s->connectToHost(QHostAddress::LocalHost, server->port());
            attackers.push_back(std::move(s));
        }
        const QList<qsizetype> goodIndexes = {0, 5, 8, 9, 10, 13};
        const qsizetype index = goodIndexes[rng.bounded(int(goodIndexes.size()))];
        const StoredMessageRef want{mailbox.messages[index].uid, mailbox.messages[index].data};
        fetch::FetchRequest req =
            testsupport::loopbackRequest(server->port(), QStringLiteral("messenger45"), {want.uid});
        const auto o = testsupport::runFetch(req, nullptr, 60000);
        if (!o)
            return QStringLiteral("the good client's fetch did not end within 60 s");
        if (o->error || o->messages.size() != 1)
            return QStringLiteral("the good client's fetch failed: %1")
                .arg(o->error.value_or(QStringLiteral("not one message")));
        const fetch::MessageOutcome &m = o->messages[0];
        if (m.comparison.verdict != fetch::Verdict::Complete || m.displayed != want.data)
            return QStringLiteral("the good client's UID %1 was not shown whole and true "
                                  "(%2 of %3 octets)")
                .arg(want.uid)
                .arg(m.displayed.size())
                .arg(want.data.size());
        attackers.clear(); // closes them
        QElapsedTimer wait;
        wait.start();
        while ((server->sessionCount() > 0 || server->preAuthOctets() > 0) &&
               wait.elapsed() < 15000)
            QTest::qWait(20);
        if (server->sessionCount() > 0)
            return QStringLiteral("%1 sessions still open 15 s after the attackers left")
                .arg(server->sessionCount());
        if (server->preAuthOctets() > 0)
            return QStringLiteral("%1 pre-auth octets still counted").arg(server->preAuthOctets());
        return {};
    }

    struct StoredMessageRef
    {
        quint32 uid;
        QByteArray data;
    };

private Q_SLOTS:
    void seededHostileClients()
    {
        quint64 seeds = 0;
        const QString failure = hostile::Campaign::run(
            QStringLiteral("tests/hostile/tst_hostile_clients"),
            [this](quint64 seed) { return oneSeed(seed); }, &seeds);
        QVERIFY2(failure.isEmpty(), qPrintable(failure));
        QVERIFY(seeds > 0);
    }
};

QTEST_GUILESS_MAIN(tst_HostileClients)
#include "tst_hostile_clients.moc"
