// SPDX-License-Identifier: MIT
// Scenario files: every bundled one loads; errors name the JSON path; a round trip keeps it.
#include "scenario/Scenario.h"

#include <QDir>
#include <QJsonDocument>
#include <QTest>

using msim::scenario::Scenario;
namespace fetch = msim::fetch;

namespace {

std::optional<Scenario> parse(const QByteArray &json, QString *error)
{
    return Scenario::fromJson(QJsonDocument::fromJson(json).object(), QStringLiteral("/tmp/s.json"),
                              error);
}

const QByteArray kGood = R"({"title": "t", "server": {"profile": "exchange55-presp2"},
    "fetch": {"uids": [6]}, "expect": {"messages": {"6": {"verdict": "truncated"}}}})";

} // namespace

class tst_Scenario : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    // "Copy as msim-cli command": one line a POSIX shell reads back as the same arguments.
    void shellCommand_data()
    {
        QTest::addColumn<QString>("mailbox");
        QTest::addColumn<QString>("expected");
        QTest::newRow("plain INBOX")
            << QStringLiteral("INBOX")
            << QStringLiteral("msim-cli fetch --host mail.example.com --port 993 --security ssl "
                              "--user test --preset messenger45 --uid 6");
        QTest::newRow("a space and a quote, Outlook's folder names")
            << QStringLiteral("Sent Items/Bob's")
            << QStringLiteral("msim-cli fetch --host mail.example.com --port 993 --security ssl "
                              "--user test --preset messenger45 --uid 6 --mailbox "
                              "'Sent Items/Bob'\\''s'");
    }

    void shellCommand()
    {
        QFETCH(QString, mailbox);
        QFETCH(QString, expected);
        Scenario s;
        s.server.host = QStringLiteral("mail.example.com");
        s.server.port = 993;
        s.server.security = msim::net::Security::Ssl;
        s.server.user = QStringLiteral("test");
        s.mailbox = mailbox;
        s.uids = {6};
        QCOMPARE(s.toShellCommand(), expected);
    }

    void bundledScenariosLoad()
    {
        const QDir dir(QStringLiteral(MSIM_SOURCE_DIR "/resources/scenarios"));
        const QStringList files = dir.entryList({QStringLiteral("*.json")});
        QVERIFY(files.size() >= 11);
        for (const QString &f : files) {
            QString err;
            const auto s = Scenario::load(dir.filePath(f), &err);
            QVERIFY2(s, qPrintable(err));
            QVERIFY(!s->title.isEmpty());
            QVERIFY2(s->description.size() > 80, qPrintable(f)); // each tells its story
            QVERIFY(s->server.builtIn);
            // A round trip through the JSON text gives the same scenario.
            const auto again = Scenario::fromJson(s->toJson(), s->path, &err);
            QVERIFY2(again, qPrintable(err));
            QCOMPARE(QJsonDocument(again->toJson()).toJson(), QJsonDocument(s->toJson()).toJson());
        }
    }

    void goodOne()
    {
        QString err;
        const auto s = parse(kGood, &err);
        QVERIFY2(s, qPrintable(err));
        QCOMPARE(s->server.profile, QStringLiteral("exchange55-presp2"));
        QCOMPARE(s->uids, QList<quint32>{6});
        QCOMPARE(s->expectMessages[6].verdict.value(), fetch::Verdict::Truncated);
        QCOMPARE(s->client.preset, QStringLiteral("messenger45"));
    }

    void errorsNameThePath_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("error");
        QTest::newRow("unknown top key")
            << QByteArray(R"({"title":"t","sever":{}})") << QStringLiteral("$.sever: unknown key");
        QTest::newRow("no title")
            << QByteArray(
                   R"({"server":{"profile":"rfc3501"},"fetch":{"uids":[1]},"expect":{"messages":{"1":{}}}})")
            << QStringLiteral("$.title: is required");
        QTest::newRow("unknown profile")
            << QByteArray(
                   R"({"title":"t","server":{"profile":"exchange4"},"fetch":{"uids":[1]},"expect":{"messages":{"1":{}}}})")
            << QStringLiteral("$.server.profile: 'exchange4' is not one of");
        QTest::newRow("typo in a knob")
            << QByteArray(R"({"title":"t","server":{"profile":"rfc3501","latnecy_ms":5}})")
            << QStringLiteral("$.server.latnecy_ms: unknown key");
        QTest::newRow("negative latency")
            << QByteArray(R"({"title":"t","server":{"profile":"rfc3501","latency_ms":-5}})")
            << QStringLiteral("$.server.latency_ms: must be a whole number");
        QTest::newRow("password in the file")
            << QByteArray(R"({"title":"t","server":{"host":"h","user":"u","password":"x"}})")
            << QStringLiteral("$.server.password: passwords never go in scenario files");
        QTest::newRow("bad security")
            << QByteArray(R"({"title":"t","server":{"profile":"rfc3501","security":"tls1"}})")
            << QStringLiteral("$.server.security: must be none, starttls or ssl");
        QTest::newRow("unknown preset")
            << QByteArray(
                   R"({"title":"t","server":{"profile":"rfc3501"},"client":{"preset":"outlook"}})")
            << QStringLiteral("$.client.preset: 'outlook' is not one of");
        QTest::newRow("unknown pref")
            << QByteArray(
                   R"({"title":"t","server":{"profile":"rfc3501"},"client":{"set":{"mail.imap.chunksize":1}}})")
            << QStringLiteral("$.client.set.mail.imap.chunksize: unknown pref");
        QTest::newRow("wrong pref type")
            << QByteArray(
                   R"({"title":"t","server":{"profile":"rfc3501"},"client":{"set":{"mail.imap.fetch_by_chunks":"maybe"}}})")
            << QStringLiteral("$.client.set.mail.imap.fetch_by_chunks");
        QTest::newRow("bad uids")
            << QByteArray(R"({"title":"t","server":{"profile":"rfc3501"},"fetch":{"uids":[0]}})")
            << QStringLiteral("$.fetch.uids");
        QTest::newRow("no expect")
            << QByteArray(R"({"title":"t","server":{"profile":"rfc3501"},"fetch":{"uids":[1]}})")
            << QStringLiteral("$.expect: is required");
        QTest::newRow("bad verdict")
            << QByteArray(
                   R"({"title":"t","server":{"profile":"rfc3501"},"fetch":{"uids":[1]},"expect":{"messages":{"1":{"verdict":"fine"}}}})")
            << QStringLiteral("$.expect.messages.1.verdict: 'fine' is not one of");
        QTest::newRow("bad request")
            << QByteArray(
                   R"({"title":"t","server":{"profile":"rfc3501"},"fetch":{"uids":[1]},"expect":{"messages":{"1":{"requests":["0.6144"]}}}})")
            << QStringLiteral("$.expect.messages.1.requests");
        QTest::newRow("cells without matrix")
            << QByteArray(
                   R"({"title":"t","server":{"profile":"rfc3501"},"fetch":{"uids":[1]},"expect":{"cells":[]}})")
            << QStringLiteral("$.expect.cells: only a scenario with \"matrix\"");
        QTest::newRow("matrix of two")
            << QByteArray(
                   R"({"title":"t","server":{"profile":"rfc3501"},"fetch":{"uids":[1,2]},"matrix":{},"expect":{"cells":[{"verdict":"complete"}]}})")
            << QStringLiteral("$.fetch.uids: a matrix fetches exactly one UID");
        QTest::newRow("bad pin")
            << QByteArray(R"({"title":"t","server":{"host":"h","user":"u","pin":"sha256:12"}})")
            << QStringLiteral("$.server.pin: a pin is sha256:");
        QTest::newRow("chunk_sizes not a list")
            << QByteArray(
                   R"({"title":"t","server":{"profile":"rfc3501"},"fetch":{"uids":[1]},"matrix":{"chunk_sizes":6144},"expect":{"cells":[]}})")
            << QStringLiteral("$.matrix.chunk_sizes: must be a list");
        QTest::newRow("chunk_statuses not a list")
            << QByteArray(
                   R"({"title":"t","server":{"profile":"rfc3501"},"fetch":{"uids":[1]},"expect":{"messages":{"1":{"chunk_statuses":"ok"}}}})")
            << QStringLiteral("$.expect.messages.1.chunk_statuses: must be a list");
    }
    void errorsNameThePath()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, error);
        QString err;
        QVERIFY(!parse(json, &err));
        QVERIFY2(err.startsWith(error), qPrintable(err));
    }

    void fuzzFindingsRoundTrip_data()
    {
        QTest::addColumn<QByteArray>("json");
        // fuzz_scenario, 2026-11-28: a real host with an empty pin list and uids "all".
        QTest::newRow("empty pin list") << QByteArray(
            R"({"title":"t","server":{"host":"h","user":"u","pin":[]},"fetch":{"uids":"all"},)"
            R"("expect":{"messages":{"2":{"verdict":"complete"}}}})");
    }
    void fuzzFindingsRoundTrip()
    {
        // What the fuzzer checks: a scenario read, written and read again writes the same JSON.
        QFETCH(QByteArray, json);
        QString err;
        const auto s = parse(json, &err);
        QVERIFY2(s, qPrintable(err));
        const QJsonObject once = s->toJson();
        const auto again = Scenario::fromJson(once, s->path, &err);
        QVERIFY2(again, qPrintable(err));
        QCOMPARE(QJsonDocument(again->toJson()).toJson(), QJsonDocument(once).toJson());
    }

    void loadReportsTheFile()
    {
        QString err;
        QVERIFY(!Scenario::load(QStringLiteral("/nonexistent/s.json"), &err));
        QVERIFY(err.contains(QLatin1String("/nonexistent/s.json")));
    }
};

QTEST_GUILESS_MAIN(tst_Scenario)
#include "tst_scenario.moc"
