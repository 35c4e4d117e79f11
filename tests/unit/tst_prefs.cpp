// SPDX-License-Identifier: MIT
// The pref registry, the Prefs value set (set, setFromText, reset, apply) and the presets of
// MESSENGER45.md §1.
#include "prefs/PrefRegistry.h"
#include "prefs/Prefs.h"
#include "prefs/PrefsJs.h"
#include "prefs/Presets.h"

#include <QTest>

#include <limits>

using namespace msim::prefs;

namespace {

using Values = QList<QPair<QString, QVariant>>;

QString s(const char *latin1)
{
    return QString::fromLatin1(latin1);
}

// "LINE error: message" or "LINE warning: message", one per issue, in report order.
QStringList render(const QList<PrefsJsIssue> &issues)
{
    QStringList out;
    for (const PrefsJsIssue &issue : issues) {
        out.append(QString::number(issue.line) +
                   (issue.isWarning() ? s(" warning: ") : s(" error: ")) + issue.message);
    }
    return out;
}

// The sentences of MESSENGER45.md §1's rename, compared whole.
const char kTaken[] = "mail.server_ssl is not a Messenger 4.x pref (4.x reads "
                      "mail.imap.server_ssl); msim took its value as mail.imap.server_ssl";
const char kNote[] = "mail.server_ssl is not a Messenger 4.x pref (4.x reads mail.imap.server_ssl)";

} // namespace

class tst_Prefs : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void registry_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<int>("type");
        QTest::addColumn<QVariant>("defaultValue");
        QTest::addColumn<QString>("group");
        const auto row = [](const char *name, PrefType type, const QVariant &def,
                            const char *group) {
            QTest::newRow(name) << s(name) << int(type) << def << s(group);
        };
        row("mail.imap.fetch_by_chunks", PrefType::Bool, true, "Chunked fetching");
        row("mail.imap.chunk_size", PrefType::Int, 10240, "Chunked fetching");
        row("mail.imap.min_chunk_size_threshold", PrefType::Int, 15360, "Chunked fetching");
        row("mail.imap.max_chunk_size", PrefType::Int, 40960, "Chunked fetching");
        row("mail.imap.chunk_fast", PrefType::Int, 2, "Adaptive chunk size");
        row("mail.imap.chunk_ideal", PrefType::Int, 4, "Adaptive chunk size");
        row("mail.imap.chunk_add", PrefType::Int, 2048, "Adaptive chunk size");
        row("mail.imap.server_ssl", PrefType::Bool, false, "SSL");
        row("mail.imap.ssl_port", PrefType::Int, 993, "SSL");
        row("mail.auth_login", PrefType::Bool, true, "Login");
        row("mail.server.default.fetch_by_chunks", PrefType::Bool, true, "Thunderbird");
    }

    void registry()
    {
        QFETCH(QString, name);
        QFETCH(int, type);
        QFETCH(QVariant, defaultValue);
        QFETCH(QString, group);
        const PrefInfo *info = PrefRegistry::find(name);
        QVERIFY(info);
        QCOMPARE(info->name, name);
        QCOMPARE(int(info->type), type);
        QCOMPARE(info->defaultValue, defaultValue);
        QCOMPARE(info->defaultValue.typeId(), defaultValue.typeId()); // bool or int, exactly
        QCOMPARE(info->group, group);
        QVERIFY(!info->description.isEmpty());
        QVERIFY(!info->description.contains(u'\n'));
        QVERIFY(!info->description.contains(u'\t'));
        QVERIFY(PrefRegistry::groups().contains(group));

        const Prefs prefs;
        QCOMPARE(prefs.value(name), defaultValue);
        QVERIFY(!prefs.isUserSet(name));
        if (info->type == PrefType::Bool)
            QCOMPARE(prefs.boolValue(name), defaultValue.toBool());
        else
            QCOMPARE(prefs.intValue(name), defaultValue.toLongLong());
    }

    void registryOrderAndGroups()
    {
        const QList<PrefInfo> &all = PrefRegistry::all();
        QCOMPARE(all.size(), 11);
        QCOMPARE(all.first().name, s("mail.imap.fetch_by_chunks"));
        QCOMPARE(PrefRegistry::groups(),
                 QStringList({s("Chunked fetching"), s("Adaptive chunk size"), s("SSL"), s("Login"),
                              s("Thunderbird")}));
        // Grouped: the groups appear in groups() order, each one contiguous.
        QStringList seen;
        for (const PrefInfo &info : all) {
            if (seen.isEmpty() || seen.last() != info.group) {
                QVERIFY2(!seen.contains(info.group), qPrintable(info.group));
                seen.append(info.group);
            }
        }
        QCOMPARE(seen, PrefRegistry::groups());
        // Unique names; find() returns the entry itself.
        for (const PrefInfo &info : all)
            QCOMPARE(PrefRegistry::find(info.name), &info);
        QCOMPARE(PrefRegistry::find(u"mail.imap.chunk_sizes"), nullptr);
        QCOMPARE(PrefRegistry::find(u""), nullptr);
        QCOMPARE(PrefRegistry::find(u"MAIL.IMAP.CHUNK_SIZE"), nullptr); // case matters, as in 4.x
    }

    void defaults()
    {
        const Prefs prefs;
        QVERIFY(prefs.userSetNames().isEmpty());
        QVERIFY(prefs.userSet().isEmpty());
        const Values effective = prefs.effective();
        QCOMPARE(effective.size(), PrefRegistry::all().size());
        for (qsizetype i = 0; i < effective.size(); ++i) {
            QCOMPARE(effective[i].first, PrefRegistry::all()[i].name);
            QCOMPARE(effective[i].second, PrefRegistry::all()[i].defaultValue);
        }
        QVERIFY(!prefs.value(u"no.such.pref").isValid());
        QCOMPARE(prefs.boolValue(u"no.such.pref"), false);
        QCOMPARE(prefs.intValue(u"no.such.pref"), 0);
        QCOMPARE(prefs.stringValue(u"no.such.pref"), QString());
        QVERIFY(!prefs.isUserSet(u"no.such.pref"));
        QVERIFY(prefs == Prefs());
    }

    void set_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QVariant>("value");
        QTest::addColumn<QVariant>("expected"); // invalid: rejected
        QTest::addColumn<QString>("error");     // a part of the message

        QTest::newRow("bool") << s("mail.imap.fetch_by_chunks") << QVariant(false)
                              << QVariant(false) << QString();
        QTest::newRow("int") << s("mail.imap.chunk_size") << QVariant(6144) << QVariant(6144)
                             << QString();
        QTest::newRow("negative int")
            << s("mail.imap.chunk_fast") << QVariant(-1) << QVariant(-1) << QString();
        QTest::newRow("int32 max") << s("mail.imap.chunk_ideal") << QVariant(2147483647)
                                   << QVariant(2147483647) << QString();
        QTest::newRow("int32 min")
            << s("mail.imap.chunk_ideal") << QVariant(qlonglong(-2147483648LL))
            << QVariant(std::numeric_limits<int>::min()) << QString();
        QTest::newRow("qint64 in range")
            << s("mail.imap.chunk_add") << QVariant(qlonglong(8192)) << QVariant(8192) << QString();
        QTest::newRow("quint64 in range") << s("mail.imap.chunk_add") << QVariant(qulonglong(8192))
                                          << QVariant(8192) << QString();
        QTest::newRow("uint") << s("mail.imap.ssl_port") << QVariant(uint(1993)) << QVariant(1993)
                              << QString();
        QTest::newRow("same as default")
            << s("mail.imap.chunk_size") << QVariant(10240) << QVariant(10240) << QString();

        QTest::newRow("unknown name")
            << s("mail.imap.chunk_sizes") << QVariant(6144) << QVariant()
            << s("unknown pref \"mail.imap.chunk_sizes\" (did you mean mail.imap.chunk_size)");
        QTest::newRow("unknown short name")
            << s("chunk_size") << QVariant(6144) << QVariant()
            << s("unknown pref \"chunk_size\" (did you mean mail.imap.chunk_size)");
        QTest::newRow("unknown far name")
            << s("browser.startup.homepage") << QVariant(1) << QVariant()
            << s("unknown pref \"browser.startup.homepage\"");
        QTest::newRow("string for int")
            << s("mail.imap.chunk_size") << QVariant(s("6144")) << QVariant()
            << s("mail.imap.chunk_size is an integer pref; got the string \"6144\"");
        QTest::newRow("bool for int") << s("mail.imap.chunk_size") << QVariant(true) << QVariant()
                                      << s("mail.imap.chunk_size is an integer pref; got true");
        QTest::newRow("double for int")
            << s("mail.imap.chunk_size") << QVariant(6144.0) << QVariant()
            << s("is an integer pref; got a value of type double");
        QTest::newRow("int for bool") << s("mail.imap.fetch_by_chunks") << QVariant(0) << QVariant()
                                      << s("mail.imap.fetch_by_chunks is a boolean pref; got 0");
        QTest::newRow("string for bool")
            << s("mail.imap.server_ssl") << QVariant(s("true")) << QVariant()
            << s("mail.imap.server_ssl is a boolean pref; got the string \"true\"");
        QTest::newRow("invalid") << s("mail.imap.server_ssl") << QVariant() << QVariant()
                                 << s("mail.imap.server_ssl is a boolean pref; got no value");
        QTest::newRow("over int32")
            << s("mail.imap.chunk_ideal") << QVariant(qlonglong(2147483648LL)) << QVariant()
            << s("mail.imap.chunk_ideal must fit in 32 bits like every 4.x integer pref "
                 "(-2147483648 to 2147483647); got 2147483648");
        QTest::newRow("under int32")
            << s("mail.imap.chunk_fast") << QVariant(qlonglong(-2147483649LL)) << QVariant()
            << s("got -2147483649");
        QTest::newRow("huge unsigned")
            << s("mail.imap.chunk_size") << QVariant(std::numeric_limits<qulonglong>::max())
            << QVariant() << s("got 18446744073709551615");
    }

    void set()
    {
        QFETCH(QString, name);
        QFETCH(QVariant, value);
        QFETCH(QVariant, expected);
        QFETCH(QString, error);

        Prefs prefs;
        const QVariant before = prefs.value(name);
        QString message = s("untouched");
        const bool ok = prefs.set(name, value, &message);
        QCOMPARE(ok, expected.isValid());
        if (ok) {
            QCOMPARE(message, s("untouched"));
            QCOMPARE(prefs.value(name), expected);
            QCOMPARE(prefs.value(name).typeId(), expected.typeId()); // normalised to bool/int
            QVERIFY(prefs.isUserSet(name));
            QCOMPARE(prefs.userSetNames(), QStringList{name});
            QVERIFY(prefs != Prefs());
        } else {
            QVERIFY2(message.contains(error), qPrintable(message));
            QCOMPARE(prefs.value(name), before);
            QVERIFY(!prefs.isUserSet(name));
            QVERIFY(prefs == Prefs());
            QVERIFY(!prefs.set(name, value, nullptr)); // no error pointer is fine too
        }
    }

    void setFromText_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("name");
        QTest::addColumn<QVariant>("expected"); // invalid: rejected
        QTest::addColumn<QString>("error");

        QTest::newRow("int") << s("mail.imap.chunk_size=6144") << s("mail.imap.chunk_size")
                             << QVariant(6144) << QString();
        QTest::newRow("negative") << s("mail.imap.chunk_fast=-1") << s("mail.imap.chunk_fast")
                                  << QVariant(-1) << QString();
        QTest::newRow("int32 max")
            << s("mail.imap.chunk_ideal=2147483647") << s("mail.imap.chunk_ideal")
            << QVariant(2147483647) << QString();
        QTest::newRow("int32 min")
            << s("mail.imap.chunk_ideal=-2147483648") << s("mail.imap.chunk_ideal")
            << QVariant(std::numeric_limits<int>::min()) << QString();
        QTest::newRow("zero") << s("mail.imap.chunk_add=0") << s("mail.imap.chunk_add")
                              << QVariant(0) << QString();
        QTest::newRow("false") << s("mail.imap.fetch_by_chunks=false")
                               << s("mail.imap.fetch_by_chunks") << QVariant(false) << QString();
        QTest::newRow("true") << s("mail.imap.server_ssl=true") << s("mail.imap.server_ssl")
                              << QVariant(true) << QString();
        QTest::newRow("spaces") << s("  mail.imap.chunk_size = 6144 ") << s("mail.imap.chunk_size")
                                << QVariant(6144) << QString();

        QTest::newRow("over int32")
            << s("mail.imap.chunk_ideal=2147483648") << s("mail.imap.chunk_ideal") << QVariant()
            << s("mail.imap.chunk_ideal must fit in 32 bits like every 4.x integer pref "
                 "(-2147483648 to 2147483647); got 2147483648");
        QTest::newRow("under int32")
            << s("mail.imap.chunk_fast=-2147483649") << s("mail.imap.chunk_fast") << QVariant()
            << s("got -2147483649");
        QTest::newRow("many digits")
            << s("mail.imap.chunk_size=99999999999999999999999999") << s("mail.imap.chunk_size")
            << QVariant() << s("must fit in 32 bits");
        QTest::newRow("yes") << s("mail.imap.fetch_by_chunks=yes") << s("mail.imap.fetch_by_chunks")
                             << QVariant()
                             << s("mail.imap.fetch_by_chunks is a boolean pref: write true or "
                                  "false, not \"yes\"");
        QTest::newRow("1 for bool")
            << s("mail.imap.fetch_by_chunks=1") << s("mail.imap.fetch_by_chunks") << QVariant()
            << s("write true or false, not \"1\"");
        QTest::newRow("TRUE") << s("mail.imap.server_ssl=TRUE") << s("mail.imap.server_ssl")
                              << QVariant() << s("write true or false, not \"TRUE\"");
        QTest::newRow("word for int")
            << s("mail.imap.chunk_size=big") << s("mail.imap.chunk_size") << QVariant()
            << s("mail.imap.chunk_size is an integer pref: write a decimal number such as 10240, "
                 "not \"big\"");
        QTest::newRow("fraction") << s("mail.imap.chunk_size=6144.5") << s("mail.imap.chunk_size")
                                  << QVariant() << s("not \"6144.5\"");
        QTest::newRow("hex") << s("mail.imap.chunk_size=0x1800") << s("mail.imap.chunk_size")
                             << QVariant() << s("not \"0x1800\"");
        QTest::newRow("quoted int")
            << s("mail.imap.chunk_size=\"6144\"") << s("mail.imap.chunk_size") << QVariant()
            << s("not \"\"6144\"\"");
        QTest::newRow("empty value") << s("mail.imap.chunk_size=") << s("mail.imap.chunk_size")
                                     << QVariant() << s("not \"\"");
        QTest::newRow("lone minus") << s("mail.imap.chunk_size=-") << s("mail.imap.chunk_size")
                                    << QVariant() << s("not \"-\"");
        QTest::newRow("no equals")
            << s("mail.imap.chunk_size") << s("mail.imap.chunk_size") << QVariant()
            << s("expected NAME=VALUE, got \"mail.imap.chunk_size\"");
        QTest::newRow("no name") << s("=6144") << s("mail.imap.chunk_size") << QVariant()
                                 << s("expected NAME=VALUE with a pref name before \"=\"");
        QTest::newRow("unknown") << s("mail.imap.chunksize=6144") << s("mail.imap.chunk_size")
                                 << QVariant()
                                 << s("unknown pref \"mail.imap.chunksize\" (did you mean "
                                      "mail.imap.chunk_size)");
    }

    void setFromText()
    {
        QFETCH(QString, text);
        QFETCH(QString, name);
        QFETCH(QVariant, expected);
        QFETCH(QString, error);

        Prefs prefs;
        QString message;
        const bool ok = prefs.setFromText(text, &message);
        QCOMPARE(ok, expected.isValid());
        if (ok) {
            QVERIFY(message.isEmpty());
            QCOMPARE(prefs.value(name), expected);
            QVERIFY(prefs.isUserSet(name));
        } else {
            QVERIFY2(message.contains(error), qPrintable(message));
            QVERIFY(prefs == Prefs());
        }
    }

    void resetAndUserSet()
    {
        Prefs prefs;
        QVERIFY(prefs.setFromText(u"mail.imap.max_chunk_size=81920", nullptr));
        QVERIFY(prefs.setFromText(u"mail.imap.chunk_add=1024", nullptr));
        QVERIFY(prefs.setFromText(u"mail.imap.server_ssl=true", nullptr));
        QVERIFY(prefs.setFromText(u"mail.imap.chunk_add=4096", nullptr)); // the last one wins
        QCOMPARE(prefs.userSetNames(),
                 QStringList({s("mail.imap.chunk_add"), s("mail.imap.max_chunk_size"),
                              s("mail.imap.server_ssl")}));
        QCOMPARE(prefs.userSet(), Values({{s("mail.imap.chunk_add"), 4096},
                                          {s("mail.imap.max_chunk_size"), 81920},
                                          {s("mail.imap.server_ssl"), true}}));
        // effective(): registry order, user values where set.
        const Values effective = prefs.effective();
        QCOMPARE(effective.size(), PrefRegistry::all().size());
        QCOMPARE(effective[3], (QPair<QString, QVariant>(s("mail.imap.max_chunk_size"), 81920)));
        QCOMPARE(effective[6], (QPair<QString, QVariant>(s("mail.imap.chunk_add"), 4096)));
        QCOMPARE(effective[7], (QPair<QString, QVariant>(s("mail.imap.server_ssl"), true)));
        QCOMPARE(effective[0], (QPair<QString, QVariant>(s("mail.imap.fetch_by_chunks"), true)));

        prefs.reset(u"mail.imap.chunk_add");
        QVERIFY(!prefs.isUserSet(u"mail.imap.chunk_add"));
        QCOMPARE(prefs.intValue(u"mail.imap.chunk_add"), 2048);
        prefs.reset(u"no.such.pref");         // harmless
        prefs.reset(u"mail.imap.chunk_size"); // not set: harmless
        QCOMPARE(prefs.userSetNames().size(), 2);
        prefs.reset(u"mail.imap.max_chunk_size");
        prefs.reset(u"mail.imap.server_ssl");
        QVERIFY(prefs == Prefs());
    }

    void equality()
    {
        Prefs a;
        Prefs b;
        QVERIFY(a.set(u"mail.imap.chunk_size", 6144, nullptr));
        QVERIFY(a != b);
        QVERIFY(b.set(u"mail.imap.chunk_size", qlonglong(6144), nullptr));
        QVERIFY(a == b);
        // Setting a pref to its default still makes it user-set (it is written to prefs.js).
        QVERIFY(b.set(u"mail.imap.chunk_add", 2048, nullptr));
        QVERIFY(a != b);
        QCOMPARE(a.effective(), b.effective());
    }

    void applyReadResult()
    {
        const QByteArray text = "user_pref(\"mail.imap.fetch_by_chunks\", false);\n"  // 1
                                "user_pref(\"mail.imap.chunk_size\", \"6144\");\n"    // 2
                                "user_pref(\"browser.startup.page\", 1);\n"           // 3
                                "user_pref(\"mail.imap.chunk_add\", 4096);\n"         // 4
                                "user_pref(\"mail.imap.chunk_add\", 1024); garbage\n" // 5
                                "user_pref(\"mail.imap.server_ssl\", 1);\n"           // 6
                                "user_pref(\"mail.identity.username\", \"Ann\");\n";  // 7
        const PrefsJsReadResult read = PrefsJs::parse(text);
        QCOMPARE(read.statements.size(), 7);
        QCOMPARE(read.issues.size(), 2); // garbage, and: Mozilla skips line 6 after it
        Prefs prefs;
        const Prefs::ApplyReport report = prefs.apply(read);
        QCOMPARE(report.read, 6); // chunk_add twice: the last wins
        QCOMPARE(report.used, 2);
        QCOMPARE(report.kept, 4);          // two unknown, two of the wrong type
        QCOMPARE(report.issues.size(), 5); // in line order, the reader's issues included
        QCOMPARE(report.issues[0].line, 2);
        QCOMPARE(report.issues[0].message,
                 s("mail.imap.chunk_size is an integer pref; got the string \"6144\""));
        QCOMPARE(report.issues[0].text, s("user_pref(\"mail.imap.chunk_size\", \"6144\");"));
        QCOMPARE(report.issues[1].line, 5);
        QCOMPARE(report.issues[1].message, read.issues[0].message);
        QCOMPARE(report.issues[2].line, 5);
        QCOMPARE(report.issues[2].message,
                 s("user_pref(\"mail.imap.chunk_add\") is also on line 4; the last one wins, as "
                   "when 4.x ran the file, and only it is kept"));
        QVERIFY(report.issues[2].isWarning());
        QCOMPARE(report.issues[3].line, 6);
        QCOMPARE(report.issues[3].message,
                 s("msim read this statement, but current Mozilla parsers skip it: after the "
                   "error on line 5 they read on only after the next \";\""));
        QCOMPARE(report.issues[4].line, 6);
        QCOMPARE(report.issues[4].message, s("mail.imap.server_ssl is a boolean pref; got 1"));
        QCOMPARE(report.problems, 5);
        QCOMPARE(report.summary(),
                 s("read 6 prefs: 2 used by msim, 4 kept unchanged, 5 problems (UTF-8)"));

        QCOMPARE(prefs.boolValue(u"mail.imap.fetch_by_chunks"), false);
        QVERIFY(!prefs.isUserSet(u"mail.imap.chunk_size"));
        QCOMPARE(prefs.intValue(u"mail.imap.chunk_add"), 1024); // the later statement wins
        QVERIFY(!prefs.isUserSet(u"mail.imap.server_ssl"));
    }

    // lockPref (or `, locked`) over user_pref over pref, whatever their order; the others are
    // kept and written back as they were.
    void statementRanks()
    {
        const QByteArray text = "lockPref(\"mail.imap.chunk_size\", 6144);\n"   // 1
                                "user_pref(\"mail.imap.chunk_size\", 8192);\n"  // 2
                                "pref(\"mail.imap.chunk_size\", 4096);\n"       // 3
                                "user_pref(\"mail.imap.chunk_add\", 1024);\n"   // 4
                                "pref(\"mail.imap.chunk_add\", 512, locked);\n" // 5
                                "pref(\"mail.imap.chunk_fast\", 1);\n"          // 6
                                "user_pref(\"mail.imap.chunk_fast\", 3);\n";    // 7
        Prefs prefs;
        const Prefs::ApplyReport report = prefs.apply(PrefsJs::parse(text));
        QVERIFY(report.issues.isEmpty());
        QCOMPARE(prefs.intValue(u"mail.imap.chunk_size"), 6144);
        QCOMPARE(prefs.intValue(u"mail.imap.chunk_add"), 512);
        QCOMPARE(prefs.intValue(u"mail.imap.chunk_fast"), 3);
        QCOMPARE(report.usedLines, (QList<QPair<QString, int>>{{s("mail.imap.chunk_size"), 1},
                                                               {s("mail.imap.chunk_add"), 5},
                                                               {s("mail.imap.chunk_fast"), 7}}));
        QCOMPARE(report.used, 3);
        QCOMPARE(report.kept, 4);
        // Every statement goes back out in its own form; an edit changes the deciding one.
        QVERIFY(prefs.set(u"mail.imap.chunk_size", 10240, nullptr));
        QCOMPARE(PrefsJs::write(prefs), QByteArray("// Netscape User Preferences\n"
                                                   "// This is a generated file!  Do not edit.\n"
                                                   "\n"
                                                   "lockPref(\"mail.imap.chunk_size\", 10240);\n"
                                                   "pref(\"mail.imap.chunk_add\", 512, locked);\n"
                                                   "pref(\"mail.imap.chunk_fast\", 1);\n"
                                                   "pref(\"mail.imap.chunk_size\", 4096);\n"
                                                   "user_pref(\"mail.imap.chunk_add\", 1024);\n"
                                                   "user_pref(\"mail.imap.chunk_fast\", 3);\n"
                                                   "user_pref(\"mail.imap.chunk_size\", 8192);\n"));
    }

    // MESSENGER45.md §1: the per-server prefs are patterns, not entries per host.
    void perHostRegistry()
    {
        const QList<PrefInfo> &perHost = PrefRegistry::perHost();
        QCOMPARE(perHost.size(), 2);
        QCOMPARE(perHost[0].name, s("mail.imap.server.<host>.isSecure"));
        QCOMPARE(perHost[0].type, PrefType::Bool);
        QCOMPARE(perHost[0].defaultValue, QVariant(false));
        QCOMPARE(perHost[1].name, s("mail.imap.server.<host>.userName"));
        QCOMPARE(perHost[1].type, PrefType::String);
        QCOMPARE(perHost[1].defaultValue.typeId(), int(QMetaType::QString));
        for (const PrefInfo &info : perHost) {
            QCOMPARE(info.group, s("Per server"));
            QVERIFY(!PrefRegistry::groups().contains(info.group));
            QVERIFY(!info.description.isEmpty());
            QVERIFY(!info.description.contains(u'\n') && !info.description.contains(u'\t'));
            QCOMPARE(PrefRegistry::find(info.name), nullptr); // not a global pref
            const QString shortName = PrefRegistry::perHostShortName(info);
            QCOMPARE(PrefRegistry::findPerHostShort(shortName), &info);
        }
        QCOMPARE(PrefRegistry::perHostShortName(perHost[0]), s("isSecure"));
        QCOMPARE(PrefRegistry::findPerHostShort(u"check_time"), nullptr);
        QCOMPARE(PrefRegistry::findPerHostShort(u""), nullptr);
        QCOMPARE(PrefRegistry::findPerHostShort(u"issecure"), nullptr);

        // The alias table: old name -> current name, the current name registered.
        QCOMPARE(PrefRegistry::aliases(), (QList<QPair<QString, QString>>{
                                              {s("mail.server_ssl"), s("mail.imap.server_ssl")}}));
        for (const auto &[oldName, currentName] : PrefRegistry::aliases()) {
            QCOMPARE(PrefRegistry::find(oldName), nullptr);
            QVERIFY(PrefRegistry::find(currentName));
            QCOMPARE(PrefRegistry::aliasTarget(oldName), currentName);
        }
        QCOMPARE(PrefRegistry::aliasTarget(u"mail.imap.server_ssl"), QString());
        QCOMPARE(PrefRegistry::aliasTarget(u"MAIL.SERVER_SSL"), QString());
    }

    void perHostName_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("host"); // empty: not a registered per-host name
        QTest::addColumn<QString>("shortName");

        QTest::newRow("netscape-4.5-windows-prefs.js userName")
            << s("mail.imap.server.imap.example.com.userName") << s("imap.example.com")
            << s("userName");
        QTest::newRow("netscape-4.5-windows-prefs.js isSecure")
            << s("mail.imap.server.imap.example.com.isSecure") << s("imap.example.com")
            << s("isSecure");
        QTest::newRow("imaphost.cpp host:port (network.hosts.imap_servers)")
            << s("mail.imap.server.mail.example.org:993.isSecure") << s("mail.example.org:993")
            << s("isSecure");
        QTest::newRow("single-label host")
            << s("mail.imap.server.mailhost.userName") << s("mailhost") << s("userName");
        QTest::newRow("no host") << s("mail.imap.server.isSecure") << QString() << QString();
        QTest::newRow("empty host") << s("mail.imap.server..isSecure") << QString() << QString();
        QTest::newRow("imaphost.cpp check_time (not registered)")
            << s("mail.imap.server.imap.example.com.check_time") << QString() << QString();
        QTest::newRow("wrong case (4.x names are case-sensitive)")
            << s("mail.imap.server.imap.example.com.issecure") << QString() << QString();
        QTest::newRow("thunderbird mail.server.server1.isSecure")
            << s("mail.server.server1.isSecure") << QString() << QString();
        QTest::newRow("global mail.imap.server_ssl")
            << s("mail.imap.server_ssl") << QString() << QString();
    }

    void perHostName()
    {
        QFETCH(QString, name);
        QFETCH(QString, host);
        QFETCH(QString, shortName);
        QString found = s("untouched");
        const PrefInfo *info = PrefRegistry::findPerHost(name, &found);
        if (host.isEmpty()) {
            QCOMPARE(info, nullptr);
            QCOMPARE(found, s("untouched"));
            // Only a global pref has a value then.
            QCOMPARE(Prefs().value(name).isValid(), PrefRegistry::find(name) != nullptr);
            return;
        }
        QVERIFY(info);
        QCOMPARE(found, host);
        QCOMPARE(PrefRegistry::perHostShortName(*info), shortName);
        QCOMPARE(PrefRegistry::findPerHost(name, nullptr), info);
        QCOMPARE(PrefRegistry::perHostName(host, shortName), name);
        // Unset: the pattern's default through value(), nothing through hostValue().
        const Prefs prefs;
        QCOMPARE(prefs.value(name), info->defaultValue);
        QVERIFY(!prefs.isUserSet(name));
        QVERIFY(!prefs.hostValue(host, shortName).isValid());
    }

    // A prefs.js through apply(): values, issues (whole sentences, with their line numbers),
    // counts. Rows are named after the file they stand for.
    void applyNames_data()
    {
        QTest::addColumn<QByteArray>("file");
        QTest::addColumn<Values>("userSet");
        QTest::addColumn<QStringList>("issues");
        QTest::addColumn<int>("used");
        QTest::addColumn<int>("kept");

        QTest::newRow("msim-0.1-written-prefs.js (mail.server_ssl)")
            << QByteArray("// Netscape User Preferences\n"
                          "// This is a generated file!  Do not edit.\n"
                          "\n"
                          "user_pref(\"mail.imap.fetch_by_chunks\", false);\n"
                          "user_pref(\"mail.server_ssl\", true);\n")
            << Values({{s("mail.imap.fetch_by_chunks"), false}, {s("mail.imap.server_ssl"), true}})
            << QStringList{s("5 warning: ") + s(kTaken)} << 2 << 0;
        QTest::newRow("helpdesk-edit-both-names-old-first")
            << QByteArray("user_pref(\"mail.server_ssl\", true);\n"
                          "user_pref(\"mail.imap.server_ssl\", false);\n")
            << Values({{s("mail.imap.server_ssl"), false}})
            << QStringList{s("1 warning: ") + s(kNote) +
                           s("; msim ignored it because line 2 sets mail.imap.server_ssl, and "
                             "the name 4.x reads wins")}
            << 1 << 1;
        QTest::newRow("helpdesk-edit-both-names-old-last")
            << QByteArray("user_pref(\"mail.imap.server_ssl\", true);\n"
                          "user_pref(\"mail.server_ssl\", false);\n")
            << Values({{s("mail.imap.server_ssl"), true}})
            << QStringList{s("2 warning: ") + s(kNote) +
                           s("; msim ignored it because line 1 sets mail.imap.server_ssl, and "
                             "the name 4.x reads wins")}
            << 1 << 1;
        QTest::newRow("helpdesk-edit-old-name-number")
            << QByteArray("user_pref(\"mail.server_ssl\", 1);\n") << Values()
            << QStringList{s("1 error: ") + s(kNote) +
                           s(", and mail.imap.server_ssl is a boolean pref; got 1")}
            << 0 << 1;
        // The own name with a value of the wrong type is skipped, so it does not win.
        QTest::newRow("helpdesk-edit-own-name-string-old-name-bool")
            << QByteArray("user_pref(\"mail.imap.server_ssl\", \"true\");\n"
                          "user_pref(\"mail.server_ssl\", true);\n")
            << Values({{s("mail.imap.server_ssl"), true}})
            << QStringList{s("1 error: mail.imap.server_ssl is a boolean pref; got the string "
                             "\"true\""),
                           s("2 warning: ") + s(kTaken)}
            << 1 << 1;
        QTest::newRow("netscape-4.5-unix-preferences.js (mail.auth_login false)")
            << QByteArray("// Netscape User Preferences\n"
                          "// This is a generated file!  Do not edit.\n"
                          "\n"
                          "user_pref(\"mail.auth_login\", false);\n"
                          "user_pref(\"mail.server_type\", 1);\n")
            << Values({{s("mail.auth_login"), false}}) << QStringList() << 1 << 1;
        QTest::newRow("netscape-4.5-windows-prefs.js (per-server isSecure, userName)")
            << QByteArray("// Netscape User Preferences\r\n"
                          "// This is a generated file!  Do not edit.\r\n"
                          "\r\n"
                          "user_pref(\"mail.imap.server.imap.example.com.check_time\", 10);\r\n"
                          "user_pref(\"mail.imap.server.imap.example.com.isSecure\", true);\r\n"
                          "user_pref(\"mail.imap.server.imap.example.com.userName\", \"ann\");\r\n"
                          "user_pref(\"network.hosts.imap_servers\", \"imap.example.com\");\r\n")
            << Values({{s("mail.imap.server.imap.example.com.isSecure"), true},
                       {s("mail.imap.server.imap.example.com.userName"), s("ann")}})
            << QStringList() << 2 << 2;
        QTest::newRow("helpdesk-edit-per-server-wrong-types")
            << QByteArray("user_pref(\"mail.imap.server.imap.example.com.userName\", \"ann\");\n"
                          "user_pref(\"mail.imap.server.imap.example.com.isSecure\", \"true\");\n"
                          "user_pref(\"mail.imap.server.mail.example.org.userName\", 42);\n")
            << Values({{s("mail.imap.server.imap.example.com.userName"), s("ann")}})
            << QStringList{s("2 error: mail.imap.server.imap.example.com.isSecure is a boolean "
                             "pref; got the string \"true\""),
                           s("3 error: mail.imap.server.mail.example.org.userName is a string "
                             "pref; got 42")}
            << 1 << 2;
    }

    void applyNames()
    {
        QFETCH(QByteArray, file);
        QFETCH(Values, userSet);
        QFETCH(QStringList, issues);
        QFETCH(int, used);
        QFETCH(int, kept);

        const PrefsJsReadResult read = PrefsJs::parse(file);
        QVERIFY(read.issues.isEmpty());
        Prefs prefs;
        const Prefs::ApplyReport report = prefs.apply(read);
        QCOMPARE(render(report.issues), issues);
        for (const PrefsJsIssue &issue : report.issues) {
            const auto at =
                std::find_if(read.statements.cbegin(), read.statements.cend(),
                             [&](const PrefsJsStatement &st) { return st.line == issue.line; });
            QVERIFY(at != read.statements.cend());
            QCOMPARE(issue.text, at->text);
        }
        QCOMPARE(prefs.userSet(), userSet);
        QCOMPARE(report.used, used);
        QCOMPARE(report.kept, kept);
        QCOMPARE(report.read, int(read.statements.size()));

        // Every statement is written back under its own name (an alias as an alias), and reads
        // back to the same values and the same file.
        const QByteArray written = PrefsJs::write(prefs);
        const PrefsJsReadResult again = PrefsJs::parse(written);
        QCOMPARE(again.statements.size(), read.statements.size());
        Prefs fresh;
        const Prefs::ApplyReport freshReport = fresh.apply(again);
        QCOMPARE(freshReport.used, used);
        QCOMPARE(freshReport.kept, kept);
        QVERIFY(fresh == prefs);
        QCOMPARE(PrefsJs::write(fresh), written);
    }

    // The CLI's --set: the value read back under its current (or per-host full) name, the error
    // and the warning compared whole.
    void setFromTextNames_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("name");
        QTest::addColumn<QVariant>("expected"); // invalid: rejected
        QTest::addColumn<QString>("error");
        QTest::addColumn<QString>("warning");

        QTest::newRow("msim-0.1-script --set mail.server_ssl=true")
            << s("mail.server_ssl=true") << s("mail.imap.server_ssl") << QVariant(true) << QString()
            << s(kTaken);
        QTest::newRow("msim-0.1-script --set mail.server_ssl=1")
            << s("mail.server_ssl=1") << s("mail.imap.server_ssl") << QVariant()
            << s(kNote) + s(", and mail.imap.server_ssl is a boolean pref: write true or false, "
                            "not \"1\"")
            << QString();
        QTest::newRow("messenger45-section3 --set mail.auth_login=false")
            << s("mail.auth_login=false") << s("mail.auth_login") << QVariant(false) << QString()
            << QString();
        QTest::newRow("messenger45-section3 --set mail.auth_login=no")
            << s("mail.auth_login=no") << s("mail.auth_login") << QVariant()
            << s("mail.auth_login is a boolean pref: write true or false, not \"no\"") << QString();
        QTest::newRow("netscape-4.5-windows-prefs.js --set isSecure")
            << s("mail.imap.server.imap.example.com.isSecure=true")
            << s("mail.imap.server.imap.example.com.isSecure") << QVariant(true) << QString()
            << QString();
        QTest::newRow("netscape-4.5-windows-prefs.js --set userName")
            << s("mail.imap.server.imap.example.com.userName= ann ")
            << s("mail.imap.server.imap.example.com.userName") << QVariant(s(" ann ")) << QString()
            << QString();
        QTest::newRow("netscape-4.5-windows-prefs.js --set isSecure=yes")
            << s("mail.imap.server.imap.example.com.isSecure=yes")
            << s("mail.imap.server.imap.example.com.isSecure") << QVariant()
            << s("mail.imap.server.imap.example.com.isSecure is a boolean pref: write true or "
                 "false, not \"yes\"")
            << QString();
        QTest::newRow("imaphost.cpp check_time (not registered)")
            << s("mail.imap.server.imap.example.com.check_time=10")
            << s("mail.imap.server.imap.example.com.check_time") << QVariant()
            << s("unknown pref \"mail.imap.server.imap.example.com.check_time\"") << QString();
    }

    void setFromTextNames()
    {
        QFETCH(QString, text);
        QFETCH(QString, name);
        QFETCH(QVariant, expected);
        QFETCH(QString, error);
        QFETCH(QString, warning);

        Prefs prefs;
        QString message = s("untouched");
        QString said = s("not cleared");
        const bool ok = prefs.setFromText(text, &message, &said);
        QCOMPARE(ok, expected.isValid());
        QCOMPARE(said, warning);
        if (ok) {
            QCOMPARE(message, s("untouched"));
            QCOMPARE(prefs.value(name), expected);
            QVERIFY(prefs.isUserSet(name));
            QCOMPARE(prefs.userSetNames(), QStringList{name});
        } else {
            QCOMPARE(message, error);
            QVERIFY(prefs == Prefs());
        }
    }

    // Several --set in a row, or a prefs.js and then --set: the name 4.x reads wins wherever it
    // was given.
    void aliasSequence_data()
    {
        QTest::addColumn<QByteArray>("file"); // applied first, if not empty
        QTest::addColumn<QStringList>("assignments");
        QTest::addColumn<bool>("expected"); // mail.imap.server_ssl afterwards
        QTest::addColumn<QStringList>("warnings");

        const QString ignored = s(kNote) + s("; msim ignored it because mail.imap.server_ssl is "
                                             "also set, and the name 4.x reads wins");
        QTest::newRow("cli --set own name, then old name")
            << QByteArray()
            << QStringList{s("mail.imap.server_ssl=false"), s("mail.server_ssl=true")} << false
            << QStringList{ignored};
        QTest::newRow("cli --set old name, then own name")
            << QByteArray()
            << QStringList{s("mail.server_ssl=true"), s("mail.imap.server_ssl=false")} << false
            << QStringList{s(kTaken)};
        QTest::newRow("cli --set old name twice")
            << QByteArray() << QStringList{s("mail.server_ssl=true"), s("mail.server_ssl=false")}
            << false << QStringList{s(kTaken), s(kTaken)};
        QTest::newRow("netscape-4.5 prefs.js own name, then --set old name")
            << QByteArray("user_pref(\"mail.imap.server_ssl\", true);\n")
            << QStringList{s("mail.server_ssl=false")} << true << QStringList{ignored};
        QTest::newRow("msim-0.1 prefs.js old name, then --set own name")
            << QByteArray("user_pref(\"mail.server_ssl\", true);\n")
            << QStringList{s("mail.imap.server_ssl=false")} << false
            << QStringList{s("1 ") + s(kTaken)};
    }

    void aliasSequence()
    {
        QFETCH(QByteArray, file);
        QFETCH(QStringList, assignments);
        QFETCH(bool, expected);
        QFETCH(QStringList, warnings);

        Prefs prefs;
        QStringList said;
        for (const PrefsJsIssue &issue : prefs.apply(PrefsJs::parse(file)).issues)
            said.append(QString::number(issue.line) + u' ' + issue.message);
        for (const QString &assignment : assignments) {
            QString error;
            QString warning;
            QVERIFY2(prefs.setFromText(assignment, &error, &warning), qPrintable(error));
            if (!warning.isEmpty())
                said.append(warning);
        }
        QCOMPARE(said, warnings);
        QCOMPARE(prefs.value(u"mail.imap.server_ssl"), QVariant(expected));
        QCOMPARE(prefs.userSetNames(), QStringList{s("mail.imap.server_ssl")});
        QVERIFY(!prefs.value(u"mail.server_ssl").isValid()); // readers know only current names
        QVERIFY(!prefs.isUserSet(u"mail.server_ssl"));
    }

    // A prefs.js with only the old name, applied over a Prefs where the own name is set.
    void aliasAppliedOverOwnName()
    {
        Prefs prefs;
        QVERIFY(prefs.set(u"mail.imap.server_ssl", false, nullptr));
        const Prefs::ApplyReport report =
            prefs.apply(PrefsJs::parse("user_pref(\"mail.imap.chunk_size\", 6144);\n"
                                       "user_pref(\"mail.server_ssl\", true);\n"));
        QCOMPARE(render(report.issues),
                 QStringList{s("2 warning: ") + s(kNote) +
                             s("; msim ignored it because mail.imap.server_ssl is also set, and "
                               "the name 4.x reads wins")});
        QCOMPARE(report.used, 1);
        QCOMPARE(prefs.boolValue(u"mail.imap.server_ssl"), false);

        // reset() forgets where a value came from.
        Prefs taken;
        QVERIFY(taken.set(u"mail.server_ssl", true, nullptr));
        QCOMPARE(taken.userSet(), Values({{s("mail.imap.server_ssl"), true}}));
        Prefs direct;
        QVERIFY(direct.set(u"mail.imap.server_ssl", true, nullptr));
        QVERIFY(taken == direct);        // equality does not ask where a value came from
        taken.reset(u"mail.server_ssl"); // an alias is not a name reset() knows
        QVERIFY(taken.isUserSet(u"mail.imap.server_ssl"));
        taken.reset(u"mail.imap.server_ssl");
        QVERIFY(taken == Prefs());
    }

    void sslFor_data()
    {
        QTest::addColumn<QVariant>("global"); // mail.imap.server_ssl; invalid: not set
        QTest::addColumn<QVariant>("own");    // mail.imap.server.imap.example.com.isSecure
        QTest::addColumn<bool>("expected");

        QTest::newRow("messenger45 defaults") << QVariant() << QVariant() << false;
        QTest::newRow("4.0x single-server profile: mail.imap.server_ssl only")
            << QVariant(true) << QVariant() << true;
        QTest::newRow("netscape-4.5-windows-prefs.js: isSecure only")
            << QVariant() << QVariant(true) << true;
        QTest::newRow("imaphost.cpp: isSecure false wins over mail.imap.server_ssl true")
            << QVariant(true) << QVariant(false) << false;
        QTest::newRow("imaphost.cpp: isSecure true wins over mail.imap.server_ssl false")
            << QVariant(false) << QVariant(true) << true;
    }

    void sslFor()
    {
        QFETCH(QVariant, global);
        QFETCH(QVariant, own);
        QFETCH(bool, expected);
        Prefs prefs;
        if (global.isValid())
            QVERIFY(prefs.set(u"mail.imap.server_ssl", global, nullptr));
        if (own.isValid())
            QVERIFY(prefs.set(u"mail.imap.server.imap.example.com.isSecure", own, nullptr));
        QCOMPARE(prefs.sslFor(u"imap.example.com"), expected);
        // Another host has no isSecure of its own: the global switch.
        QCOMPARE(prefs.sslFor(u"mail.example.org"), global.isValid() && global.toBool());
        QCOMPARE(prefs.sslFor(u"IMAP.EXAMPLE.COM"), global.isValid() && global.toBool());
    }

    void perHostValues()
    {
        Prefs prefs;
        QVERIFY(prefs.hosts().isEmpty());
        QVERIFY(prefs.set(u"mail.imap.server.mail.example.org:993.isSecure", true, nullptr));
        QVERIFY(prefs.set(u"mail.imap.server.imap.example.com.userName", s("ann"), nullptr));
        QVERIFY(prefs.set(u"mail.imap.server.imap.example.com.isSecure", false, nullptr));
        QVERIFY(prefs.set(u"mail.auth_login", false, nullptr));

        QCOMPARE(prefs.hosts(), QStringList({s("imap.example.com"), s("mail.example.org:993")}));
        QCOMPARE(prefs.hostValue(u"imap.example.com", u"userName"), QVariant(s("ann")));
        QCOMPARE(prefs.hostValue(u"imap.example.com", u"isSecure"), QVariant(false));
        QCOMPARE(prefs.hostValue(u"mail.example.org:993", u"isSecure"), QVariant(true));
        QVERIFY(!prefs.hostValue(u"mail.example.org:993", u"userName").isValid());
        QVERIFY(!prefs.hostValue(u"mail.example.org", u"isSecure").isValid()); // exact host
        QVERIFY(!prefs.hostValue(u"imap.example.com", u"check_time").isValid());
        QVERIFY(!prefs.hostValue(u"", u"isSecure").isValid());
        QCOMPARE(prefs.stringValue(u"mail.imap.server.imap.example.com.userName"), s("ann"));

        // effective(): every global pref in registry order, then the per-host values by name.
        const Values effective = prefs.effective();
        QCOMPARE(effective.size(), PrefRegistry::all().size() + 3);
        for (qsizetype i = 0; i < PrefRegistry::all().size(); ++i)
            QCOMPARE(effective[i].first, PrefRegistry::all()[i].name);
        QVERIFY(effective.contains(QPair<QString, QVariant>(s("mail.imap.server_ssl"), false)));
        QVERIFY(effective.contains(QPair<QString, QVariant>(s("mail.auth_login"), false)));
        QCOMPARE(effective.mid(PrefRegistry::all().size()),
                 Values({{s("mail.imap.server.imap.example.com.isSecure"), false},
                         {s("mail.imap.server.imap.example.com.userName"), s("ann")},
                         {s("mail.imap.server.mail.example.org:993.isSecure"), true}}));

        // Written under their full names; read back equal.
        const QByteArray written = PrefsJs::write(prefs);
        QVERIFY(written.contains(
            "user_pref(\"mail.imap.server.imap.example.com.userName\", \"ann\");\n"));
        Prefs fresh;
        const Prefs::ApplyReport report = fresh.apply(PrefsJs::parse(written));
        QVERIFY(report.issues.isEmpty());
        QCOMPARE(report.used, 4);
        QVERIFY(fresh == prefs);

        prefs.reset(u"mail.imap.server.imap.example.com.userName");
        prefs.reset(u"mail.imap.server.imap.example.com.isSecure");
        QCOMPARE(prefs.hosts(), QStringList{s("mail.example.org:993")});
        QCOMPARE(prefs.value(u"mail.imap.server.imap.example.com.isSecure"), QVariant(false));
    }

    void presetNames()
    {
        QCOMPARE(Presets::names(), QStringList({s("messenger45"), s("kb-q194998"),
                                                s("messenger407"), s("thunderbird")}));
        for (const QString &name : Presets::names()) {
            const QString d = Presets::description(name);
            QVERIFY2(!d.isEmpty(), qPrintable(name));
            QVERIFY(!d.contains(u'\t') && !d.contains(u'\n'));
            QVERIFY(d.size() < 120);
        }
        QCOMPARE(Presets::description(u"netscape"), QString());
    }

    void presets_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<Values>("userSet");
        QTest::newRow("messenger45") << s("messenger45") << Values();
        QTest::newRow("kb-q194998") << s("kb-q194998")
                                    << Values({{s("mail.imap.chunk_fast"), -1},
                                               {s("mail.imap.chunk_ideal"), 2147483647},
                                               {s("mail.imap.chunk_size"), 6144},
                                               {s("mail.imap.min_chunk_size_threshold"), 6144}});
        QTest::newRow("messenger407")
            << s("messenger407") << Values({{s("mail.imap.fetch_by_chunks"), false}});
        QTest::newRow("thunderbird") << s("thunderbird")
                                     << Values({{s("mail.imap.chunk_add"), 8192},
                                                {s("mail.imap.chunk_size"), 65536},
                                                {s("mail.imap.min_chunk_size_threshold"), 98304}});
    }

    void presets()
    {
        QFETCH(QString, name);
        QFETCH(Values, userSet);
        QString error = s("untouched");
        const std::optional<Prefs> prefs = Presets::make(name, &error);
        QVERIFY(prefs);
        QCOMPARE(error, s("untouched"));
        QCOMPARE(prefs->userSet(), userSet);
        for (const auto &[pref, value] : userSet)
            QCOMPARE(prefs->value(pref), value);
        // Everything else keeps its 4.x default.
        for (const PrefInfo &info : PrefRegistry::all()) {
            if (!prefs->isUserSet(info.name))
                QCOMPARE(prefs->value(info.name), info.defaultValue);
        }
    }

    void unknownPreset()
    {
        QString error;
        QVERIFY(!Presets::make(u"netscape", &error));
        QCOMPARE(error, s("unknown preset \"netscape\"; the presets are messenger45, kb-q194998, "
                          "messenger407, thunderbird"));
        QVERIFY(!Presets::make(u"", nullptr));
        QVERIFY(!Presets::make(u"Messenger45", nullptr));
    }
};

QTEST_GUILESS_MAIN(tst_Prefs)
#include "tst_prefs.moc"
