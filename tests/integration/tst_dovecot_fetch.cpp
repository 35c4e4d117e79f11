// SPDX-License-Identifier: MIT
// The emulation against a real Dovecot: every corpus message fetched with the kb-q194998 and
// messenger45 presets (chunked or whole as each rule decides) is complete and byte-identical to
// the message as served, and the transcript holds the exact 4.x command lines.
#include "DovecotFixture.h"
#include "FetchRun.h"
#include "emulator/Corpus.h"

#include <QTest>

using namespace msim;
using msim::testsupport::DovecotFixture;
using msim::testsupport::dovecotRequest;
using msim::testsupport::runFetch;

class tst_DovecotFetch : public QObject
{
    Q_OBJECT
    DovecotFixture fx;

private Q_SLOTS:
    void initTestCase() { MSIM_LOAD_DOVECOT(fx); }

    void wholeCorpus_data()
    {
        QTest::addColumn<QString>("preset");
        QTest::addColumn<int>("security");
        QTest::newRow("kb-q194998 over SSL")
            << QStringLiteral("kb-q194998") << int(net::Security::Ssl);
        QTest::newRow("messenger45 over SSL")
            << QStringLiteral("messenger45") << int(net::Security::Ssl);
        QTest::newRow("kb-q194998 over plain text")
            << QStringLiteral("kb-q194998") << int(net::Security::None);
        QTest::newRow("messenger407 over STARTTLS")
            << QStringLiteral("messenger407") << int(net::Security::StartTls);
    }
    void wholeCorpus()
    {
        QFETCH(QString, preset);
        QFETCH(int, security);
        const auto corpus = emulator::Corpus::sample();
        QList<quint32> uids;
        for (const auto &m : corpus)
            uids << m.uid;
        const auto req = dovecotRequest(fx, net::Security(security), preset, uids);
        const auto run = runFetch(req, nullptr, 120000);
        QVERIFY2(run, "the fetch did not finish");
        const auto &out = *run;
        QVERIFY2(!out.error, qPrintable(out.error.value_or(QString())));
        QCOMPARE(out.messages.size(), corpus.size());
        const QString transcript = out.transcripts.first()->renderText();
        const qint64 threshold = req.client.prefs.intValue(u"mail.imap.min_chunk_size_threshold");
        const bool chunking = req.client.prefs.boolValue(u"mail.imap.fetch_by_chunks");
        for (int i = 0; i < corpus.size(); ++i) {
            const auto &m = out.messages[i];
            QCOMPARE(m.uid, corpus[i].uid);
            QCOMPARE(m.rfc822Size, qint64(corpus[i].served.size()));
            QVERIFY2(m.displayed == corpus[i].served, corpus[i].label.constData());
            QCOMPARE(m.comparison.verdict, fetch::Verdict::Complete);
            QVERIFY2(m.findings.isEmpty(), qPrintable(m.findings.join(QLatin1Char('\n'))));
            if (preset == QLatin1String("kb-q194998")) {
                // Fixed 6144-octet chunks above 6144 octets, each command exactly as 4.x wrote it.
                const bool chunked = m.rfc822Size > threshold;
                QCOMPARE(m.strategy, chunked ? fetch::Strategy::Chunked : fetch::Strategy::Whole);
                if (chunked) {
                    QCOMPARE(m.chunks.size(), int((m.rfc822Size + 6143) / 6144));
                    for (int c = 0; c < m.chunks.size(); ++c) {
                        const qint64 start = qint64(c) * 6144;
                        const qint64 len = std::min<qint64>(6144, m.rfc822Size - start);
                        const QByteArray expected = " UID fetch " + QByteArray::number(m.uid) +
                                                    " (UID RFC822.SIZE BODY[]<" +
                                                    QByteArray::number(start) + '.' +
                                                    QByteArray::number(len) + ">)";
                        QVERIFY2(m.chunks[c].command.endsWith(expected),
                                 m.chunks[c].command.constData());
                        QVERIFY(transcript.contains(QString::fromLatin1(m.chunks[c].command)));
                    }
                }
            }
            if (!chunking) {
                QCOMPARE(m.strategy, fetch::Strategy::Whole);
                QVERIFY(m.chunks[0].command.endsWith(" (UID RFC822.SIZE BODY[])"));
            }
            for (const auto &c : m.chunks)
                QVERIFY(c.status == fetch::ChunkStatus::Ok ||
                        c.status == fetch::ChunkStatus::Short);
        }
        QVERIFY(transcript.contains(
            QLatin1String(" UID fetch 1:17 (UID RFC822.SIZE BODY.PEEK[HEADER] FLAGS)")));
        QCOMPARE(out.exitCode(), 0);
        QCOMPARE(out.sessionEnd, fetch::MessageEnd::Logout);
    }
};

QTEST_GUILESS_MAIN(tst_DovecotFetch)
#include "tst_dovecot_fetch.moc"
