// SPDX-License-Identifier: MIT
// The pieces beside the emulation: the adaptive chunk rule, verdicts, the overrun count, and
// the table of exact 4.x command strings.
#include "emulator/Corpus.h"
#include "fetch/ChunkSizer.h"
#include "fetch/Findings.h"
#include "fetch/OverrunAnalyser.h"
#include "fetch/Verdict.h"
#include "imap/CommandBuilder.h"

#include <QTest>

using namespace msim;
using fetch::Comparison;
using fetch::Range;
using fetch::Verdict;

class tst_FetchAnalysis : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void slowLinkShrinks()
    {
        fetch::ChunkSizer s(fetch::ChunkSizer::Settings{});
        QList<qint64> sizes;
        for (int i = 0; i < 5; ++i) {
            s.adjust(5);
            sizes << s.size();
        }
        QCOMPARE(sizes, QList<qint64>({8192, 6144, 4096, 4096, 4096}));
        QCOMPARE(s.threshold(), 4096 + 2048);
    }

    void slowLinkResetsALargeSizeToTheHardCodedStart()
    {
        fetch::ChunkSizer::Settings st;
        st.chunkSize = 30000; // a prefs.js value: 4.x still resets to 10240
        fetch::ChunkSizer s(st);
        s.adjust(10);
        QCOMPARE(s.size(), 10240);
        QCOMPARE(s.threshold(), 15360);
    }

    void fastLinkGrowsToTheCapAndMovesTheThresholdBeforeIt()
    {
        fetch::ChunkSizer s(fetch::ChunkSizer::Settings{});
        QList<qint64> sizes;
        for (int i = 0; i < 17; ++i) {
            s.adjust(0);
            sizes << s.size();
        }
        QCOMPARE(sizes.first(), 12288);
        QCOMPARE(sizes.last(), 40960);
        // At the cap: size 40960 + 2048 = 43008, threshold computed before the cap.
        QCOMPARE(s.threshold(), 43008 + 43008 / 2);
    }

    void idealKeeps()
    {
        fetch::ChunkSizer s(fetch::ChunkSizer::Settings{});
        s.adjust(3);
        s.adjust(4);
        QCOMPARE(s.size(), 10240);
        QCOMPARE(s.threshold(), 15360);
    }

    void kbPresetNeverMoves()
    {
        fetch::ChunkSizer::Settings st;
        st.chunkSize = 6144;
        st.threshold = 6144;
        st.fastSeconds = -1;
        st.idealSeconds = 2147483647;
        fetch::ChunkSizer s(st);
        for (qint64 t : {0, 1, 5, 3600}) {
            s.adjust(t);
            QCOMPARE(s.size(), 6144);
            QCOMPARE(s.threshold(), 6144);
        }
    }

    void verdicts_data()
    {
        QTest::addColumn<QByteArray>("displayed");
        QTest::addColumn<QByteArray>("reference");
        QTest::addColumn<int>("verdict");
        const QByteArray ref = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
        QTest::newRow("complete") << ref << ref << int(Verdict::Complete);
        QTest::newRow("truncated prefix") << ref.left(20) << ref << int(Verdict::Truncated);
        // DESIGN.md §3: truncated only when a strict prefix; shorter and different is corrupted.
        QTest::newRow("shorter and different")
            << QByteArray(20, 'x') << ref << int(Verdict::Corrupted);
        QTest::newRow("duplicated")
            << QByteArray(ref.left(30) + ref.mid(20)) << ref << int(Verdict::Duplicated);
        QTest::newRow("same length, different")
            << QByteArray(ref.left(61) + "!") << ref << int(Verdict::Corrupted);
        QTest::newRow("longer with junk")
            << QByteArray(ref + "junkjunk") << ref << int(Verdict::Corrupted);
        QTest::newRow("longer with a gap") << QByteArray(ref.left(10) + ref.mid(30) + ref.mid(30))
                                           << ref << int(Verdict::Corrupted);
        QTest::newRow("nothing") << QByteArray() << ref << int(Verdict::Failed);
    }
    void verdicts()
    {
        QFETCH(QByteArray, displayed);
        QFETCH(QByteArray, reference);
        QFETCH(int, verdict);
        const Comparison c = Comparison::judge(displayed, reference, reference.size());
        QCOMPARE(int(c.verdict), verdict);
        QVERIFY(c.againstReference);
        if (c.verdict == Verdict::Duplicated)
            QCOMPARE(c.duplicated, QList<Range>({{20, 30}}));
        if (c.verdict == Verdict::Truncated && displayed == reference.left(20)) {
            QCOMPARE(c.missingTail, reference.size() - 20);
            QCOMPARE(c.firstDifference.value(), 20);
        }
    }

    // exchange55-presp2-framed over a 1 MiB corpus message: 170 chunks of 6144 each shown with
    // 1500 octets more, whose lines all repeat the same sentence after their offset. The repeats
    // must be found near where the reference had got to, not among the message's first lines.
    void framedOverrunOverRepeatingLines()
    {
        const QByteArray ref = emulator::Corpus::sized(1048576, "big", "big@test");
        QByteArray displayed;
        QList<Range> expected;
        for (qint64 s = 0; s < ref.size(); s += 6144) {
            const bool last = s + 6144 >= ref.size();
            displayed += ref.mid(s, last ? 6144 : 7644);
            if (!last)
                expected.append({s + 6144, s + 7644});
        }
        const Comparison c = Comparison::judge(displayed, ref, ref.size());
        QCOMPARE(c.verdict, Verdict::Duplicated);
        // Each repeat is 1500 octets where the server put it; a boundary may shift by an octet
        // or two where the octet after a repeat equals the one after its original (the same
        // octets twice either way), so the ranges are checked as an explanation of the display.
        QCOMPARE(c.duplicated.size(), expected.size());
        QByteArray rebuilt;
        qint64 from = 0;
        for (qsizetype k = 0; k < c.duplicated.size(); ++k) {
            QCOMPARE(c.duplicated[k].end - c.duplicated[k].begin, 1500);
            QVERIFY(qAbs(c.duplicated[k].begin - expected[k].begin) <= 8);
            rebuilt += ref.mid(from, c.duplicated[k].end - from);
            from = c.duplicated[k].begin;
        }
        rebuilt += ref.mid(from);
        QCOMPARE(rebuilt, displayed);
    }

    void verdictWithoutReference()
    {
        QCOMPARE(Comparison::judge("abc", std::nullopt, 3).verdict, Verdict::Complete);
        QCOMPARE(Comparison::judge("ab", std::nullopt, 3).verdict, Verdict::Truncated);
        const Comparison d = Comparison::judge("abcdbcd", std::nullopt, 5, {{0, 4}, {1, 4}});
        QCOMPARE(d.verdict, Verdict::Duplicated);
        QCOMPARE(d.duplicated, QList<Range>({{1, 4}}));
        QCOMPARE(Comparison::judge("abcdef", std::nullopt, 5, {{0, 6}}).verdict,
                 Verdict::Corrupted);
        QVERIFY(!Comparison::judge("abc", std::nullopt, 3).againstReference);
    }

    void overrunCount_data()
    {
        QTest::addColumn<QByteArray>("after");
        QTest::addColumn<qint64>("extra");
        QTest::addColumn<bool>("resumed");
        const QByteArray text = "00006144 The quick brown fox jumps over the lazy dog\r\n"
                                "00006199 while Messenger fetches in chunks.";
        QTest::newRow("close paren") << QByteArray(text + ")\r\n") << qint64(text.size()) << true;
        QTest::newRow("items after")
            << QByteArray(text + " UID 320 FLAGS (\\Seen))\r\n") << qint64(text.size()) << true;
        QTest::newRow("prose with a paren is not an item")
            << QByteArray("the lazy dog jumps)\r\n" + text + ")\r\n") << qint64(21 + text.size())
            << true;
        QTest::newRow("more responses after")
            << QByteArray(text + ")\r\n* 3 EXISTS\r\n") << qint64(text.size()) << true;
        QTest::newRow("nothing extra") << QByteArray(")\r\n") << qint64(0) << true;
        QTest::newRow("cut off (close or timeout)") << text << qint64(text.size()) << false;
    }
    void overrunCount()
    {
        QFETCH(QByteArray, after);
        QFETCH(qint64, extra);
        QFETCH(bool, resumed);
        const auto r = fetch::OverrunAnalyser::analyse(after);
        QCOMPARE(r.extra, extra);
        QCOMPARE(r.resumed, resumed);
    }

    // MESSENGER45.md §3, pinned word for word.
    void commandTable_data()
    {
        using imap::CommandBuilder;
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QByteArray>("expected");
        QTest::newRow("capability")
            << CommandBuilder::capability().text << QByteArray("capability");
        QTest::newRow("login") << CommandBuilder::login("user", "pass\"word").text
                               << QByteArray("login \"user\" \"pass\"word\""); // raw, 4.x's bug
        QTest::newRow("authenticate login")
            << CommandBuilder::authenticateLogin().text << QByteArray("authenticate login");
        QTest::newRow("select") << CommandBuilder::select("INBOX").text
                                << QByteArray("select \"INBOX\"");
        QTest::newRow("namespace")
            << CommandBuilder::namespaceCommand().text << QByteArray("namespace");
        QTest::newRow("list") << CommandBuilder::list("", "*").text
                              << QByteArray("list \"\" \"*\"");
        QTest::newRow("lsub") << CommandBuilder::lsub("", "*").text
                              << QByteArray("lsub \"\" \"*\"");
        QTest::newRow("noop") << CommandBuilder::noop().text << QByteArray("noop");
        QTest::newRow("logout") << CommandBuilder::logout().text << QByteArray("logout");
        QTest::newRow("chunk") << CommandBuilder::uidFetchChunk(320, 0, 6144, false).text
                               << QByteArray("UID fetch 320 (UID RFC822.SIZE BODY[]<0.6144>)");
        QTest::newRow("second chunk")
            << CommandBuilder::uidFetchChunk(320, 6144, 6144, false).text
            << QByteArray("UID fetch 320 (UID RFC822.SIZE BODY[]<6144.6144>)");
        QTest::newRow("chunk xsender")
            << CommandBuilder::uidFetchChunk(320, 0, 6144, true).text
            << QByteArray("UID fetch 320 (XSENDER UID RFC822.SIZE BODY[]<0.6144>)");
        QTest::newRow("whole") << CommandBuilder::uidFetchWhole(320, false).text
                               << QByteArray("UID fetch 320 (UID RFC822.SIZE BODY[])");
        QTest::newRow("rfc822") << CommandBuilder::uidFetchRfc822(320).text
                                << QByteArray("UID fetch 320 (UID RFC822.SIZE RFC822)");
        QTest::newRow("peek") << CommandBuilder::uidFetchPeek("1:3,5").text
                              << QByteArray("UID fetch 1:3,5 (UID RFC822.SIZE BODY.PEEK[])");
        QTest::newRow("whole xsender")
            << CommandBuilder::uidFetchWhole(320, true).text
            << QByteArray("UID fetch 320 (XSENDER UID RFC822.SIZE BODY[])");
        QTest::newRow("rfc822 xsender")
            << CommandBuilder::uidFetchRfc822(320, true).text
            << QByteArray("UID fetch 320 (XSENDER UID RFC822.SIZE RFC822)");
        QTest::newRow("rfc822.peek (IMAP4 server)")
            << CommandBuilder::uidFetchRfc822Peek("1:3").text
            << QByteArray("UID fetch 1:3 (UID RFC822.SIZE RFC822.peek)");
        QTest::newRow("rfc822.header (IMAP4 server)")
            << CommandBuilder::uidFetchRfc822Header("320").text
            << QByteArray("UID fetch 320 (UID RFC822.SIZE RFC822.HEADER FLAGS)");
        QTest::newRow("select escapes the mailbox name")
            << CommandBuilder::select("a\"b\\c").text << QByteArray("select \"a\\\"b\\\\c\"");
        QTest::newRow("login backslash raw") << CommandBuilder::login("user", "pa\\ss").text
                                             << QByteArray("login \"user\" \"pa\\ss\"");
        QTest::newRow("headers") << CommandBuilder::uidFetchHeaders("320").text
                                 << QByteArray(
                                        "UID fetch 320 (UID RFC822.SIZE BODY.PEEK[HEADER] FLAGS)");
        QTest::newRow("flags") << CommandBuilder::uidFetchFlags("320").text
                               << QByteArray("UID fetch 320 (FLAGS)");
        QTest::newRow("store") << CommandBuilder::uidStoreFlags("320", false, "\\Seen").text
                               << QByteArray("uid store 320 -FLAGS (\\Seen)");
        QTest::newRow("emergency")
            << CommandBuilder::emergencyLogoutLine() << QByteArray("xxxx logout\r\n");
        QTest::newRow("uid set") << CommandBuilder::uidSet({5, 1, 2, 3, 9, 10, 3})
                                 << QByteArray("1:3,5,9:10");
        QTest::newRow("plain") << CommandBuilder::plainResponse("test", "secret")
                               << QByteArray("AHRlc3QAc2VjcmV0");
        QTest::newRow("login, raw backslash and quote")
            << CommandBuilder::login("user", "pa\"ss\\").text
            << QByteArray("login \"user\" \"pa\"ss\\\"");
        QTest::newRow("rfc822.header of a set (IMAP4 server)")
            << CommandBuilder::uidFetchRfc822Header("1:3").text
            << QByteArray("UID fetch 1:3 (UID RFC822.SIZE RFC822.HEADER FLAGS)");
        QTest::newRow("rfc822.peek xsender") << CommandBuilder::uidFetchRfc822Peek("5", true).text
                                             << QByteArray("UID fetch 5 (XSENDER UID RFC822.SIZE "
                                                           "RFC822.peek)");
        QTest::newRow("peek xsender") << CommandBuilder::uidFetchPeek("5", true).text
                                      << QByteArray("UID fetch 5 (XSENDER UID RFC822.SIZE "
                                                    "BODY.PEEK[])");
    }
    void commandTable()
    {
        QFETCH(QByteArray, text);
        QFETCH(QByteArray, expected);
        QCOMPARE(text, expected);
    }

    void loginSecretsCoverBothArguments()
    {
        const auto c = imap::CommandBuilder::login("user", "pw");
        QCOMPARE(c.secrets.size(), 2);
        QCOMPARE(c.text.mid(c.secrets[0].begin, c.secrets[0].end - c.secrets[0].begin),
                 QByteArray("\"user\""));
        QCOMPARE(c.text.mid(c.secrets[1].begin, c.secrets[1].end - c.secrets[1].begin),
                 QByteArray("\"pw\""));
    }

    void rawLoginSecretsStillCoverThePassword()
    {
        const auto c = imap::CommandBuilder::login("us\"er", "pa\"ss");
        QCOMPARE(c.secrets.size(), 2);
        QCOMPARE(c.text.mid(c.secrets[1].begin, c.secrets[1].end - c.secrets[1].begin),
                 QByteArray("\"pa\"ss\""));
        QVERIFY(imap::CommandBuilder::breaksRawQuoting("a\\b"));
        QVERIFY(imap::CommandBuilder::breaksRawQuoting("a\"b"));
        QVERIFY(!imap::CommandBuilder::breaksRawQuoting("a'b"));
    }

    // A server whose every reply goes wrong a different way (NIL, then no body, alternating:
    // nothing to group) still gets at most a screen of findings, the last chunk sentence
    // saying how many were left out and for which requests.
    void findingsFitOnAScreen()
    {
        fetch::MessageOutcome m;
        m.uid = 7;
        m.rfc822Size = 40 * 100;
        for (int i = 0; i < 40; ++i) {
            fetch::ChunkRecord c;
            c.index = i + 1;
            c.requestedStart = i * 100;
            c.requestedLength = 100;
            c.status = i % 2 ? fetch::ChunkStatus::NoBody : fetch::ChunkStatus::Nil;
            m.chunks << c;
        }
        m.comparison = Comparison::judge({}, std::nullopt, m.rfc822Size);
        const QStringList f = fetch::Findings::forMessage(m, {});
        QCOMPARE(f.size(), fetch::Findings::kMaxChunkSentences + 1); // + "shows nothing"
        QCOMPARE(f[0], QStringLiteral("chunk 1: the server answered `<0.100>` with a NIL body; "
                                      "Messenger 4.5 displays nothing for it and goes on with "
                                      "the next request."));
        QCOMPARE(f[fetch::Findings::kMaxChunkSentences - 1],
                 QStringLiteral("29 more sentences about requests 12–40 are left out here; the "
                                "chunk table lists every request."));
        QCOMPARE(f.last(), QStringLiteral("Messenger 4.5 shows nothing of this message."));
    }
};

QTEST_GUILESS_MAIN(tst_FetchAnalysis)
#include "tst_fetchanalysis.moc"
