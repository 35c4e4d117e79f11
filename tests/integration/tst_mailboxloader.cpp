// SPDX-License-Identifier: MIT
// The message list: streamed in batches from the built-in server, headers decoded.
#include "emulator/CertificateMint.h"
#include "emulator/EmulatedServer.h"
#include "fetch/MailboxLoader.h"

#include <QSignalSpy>
#include <QTest>

using namespace msim;

class tst_MailboxLoader : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void decodesHeaders_data()
    {
        QTest::addColumn<QByteArray>("raw");
        QTest::addColumn<QString>("text");
        QTest::newRow("plain") << QByteArray("Hello world") << QStringLiteral("Hello world");
        QTest::newRow("Q latin1") << QByteArray("=?ISO-8859-1?Q?J=F6rg_M=FCller?= <j@x>")
                                  << QStringLiteral("J\u00f6rg M\u00fcller <j@x>");
        QTest::newRow("B utf-8") << QByteArray("=?UTF-8?B?R3LDvMOfZQ==?=") << QStringLiteral("Gr\u00fc\u00dfe");
        QTest::newRow("adjacent words join") << QByteArray("=?UTF-8?Q?a?= =?UTF-8?Q?b?=") << QStringLiteral("ab");
        QTest::newRow("raw utf-8") << QByteArray("caf\xc3\xa9") << QStringLiteral("caf\u00e9");
        QTest::newRow("raw latin1") << QByteArray("caf\xe9") << QStringLiteral("caf\u00e9");
        QTest::newRow("broken word") << QByteArray("=?UTF-8?X") << QStringLiteral("=?UTF-8?X");
        QTest::newRow("unknown charset") << QByteArray("=?x-unknown?Q?abc?=") << QStringLiteral("abc");
    }
    void decodesHeaders()
    {
        QFETCH(QByteArray, raw);
        QFETCH(QString, text);
        QCOMPARE(fetch::MailboxLoader::decodeHeader(raw), text);
    }

    void streamsABigMailbox()
    {
        QString err;
        emulator::ServerOptions o;
        o.identity = *emulator::CertificateMint::mint({}, &err);
        emulator::EmulatedServer server(o, emulator::Mailbox::generated(20000));
        QVERIFY2(server.start(&err), qPrintable(err));
        imap::SessionOptions so;
        so.endpoint = {QStringLiteral("127.0.0.1"), server.tlsPort(), net::Security::Ssl};
        so.tls.pins = {server.fingerprint()};
        so.credentials = {"test", "secret"};
        fetch::MailboxLoader loader(so, "INBOX");
        QList<fetch::MessageSummary> all;
        int batches = 0;
        connect(&loader, &fetch::MailboxLoader::rows, this, [&](const QList<fetch::MessageSummary> &b) {
            all += b;
            ++batches;
        });
        QSignalSpy opened(&loader, &fetch::MailboxLoader::opened);
        QSignalSpy done(&loader, &fetch::MailboxLoader::finished);
        loader.start();
        QVERIFY(done.wait(60000));
        QCOMPARE(opened.value(0).value(0).toInt(), 20000);
        QCOMPARE(all.size(), 20000);
        QVERIFY(batches >= 4); // streamed, not one lump
        QCOMPARE(all.first().uid, 1u);
        QCOMPARE(all.last().uid, 20000u);
        QVERIFY(all[5].subject.startsWith(QLatin1String("Quarterly report #6")));
        QVERIFY(all[5].from.contains(QLatin1String("@example.invalid")));
        QVERIFY(all[5].date.isValid());
        QCOMPARE(all[5].size, qint64(server.mailbox().messages[5].data.size()));
    }

    void sampleCorpusHeaders()
    {
        QString err;
        emulator::ServerOptions o;
        o.identity = *emulator::CertificateMint::mint({}, &err);
        emulator::EmulatedServer server(o, emulator::Mailbox::sample());
        QVERIFY2(server.start(&err), qPrintable(err));
        imap::SessionOptions so;
        so.endpoint = {QStringLiteral("127.0.0.1"), server.port(), net::Security::None};
        so.credentials = {"test", "secret"};
        fetch::MailboxLoader loader(so, "INBOX");
        QList<fetch::MessageSummary> all;
        connect(&loader, &fetch::MailboxLoader::rows, this,
                [&](const QList<fetch::MessageSummary> &b) { all += b; });
        QSignalSpy done(&loader, &fetch::MailboxLoader::finished);
        loader.start();
        QVERIFY(done.wait(30000));
        QCOMPARE(all.size(), 17);
        QCOMPARE(all[5].subject, QStringLiteral("msim sample: 20000 octets"));
        QCOMPARE(all[5].size, 20000);
        QVERIFY(all[11].from.startsWith(QStringLiteral("J\u00f6rg M\u00fcller")));
        QVERIFY(all[11].subject.contains(QStringLiteral("Gr\u00fc\u00dfe")));
    }
};

QTEST_GUILESS_MAIN(tst_MailboxLoader)
#include "tst_mailboxloader.moc"
