// SPDX-License-Identifier: MIT
// The Debian package (issue 21): CPack packs this build tree as scripts/package packs its own,
// the package is unpacked with `dpkg -x` into a scratch root, and the programs run from there.
// lintian, dpkg-deb, dpkg-shlibdeps, desktop-file-validate, appstreamcli, man and bash read what
// was made; msim never checks its own package.
#include "ProcessRun.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using msim::testsupport::ProcessRun;
using msim::testsupport::runProcess;

namespace {

const QString kVersion = QStringLiteral(MSIM_VERSION);

QString tool(const char *name)
{
    return QStandardPaths::findExecutable(QString::fromLatin1(name));
}

// `program args`, expected to exit 0; the whole run otherwise fails the test with its stderr.
#define RUN_OK(r, program, ...)                                                                    \
    const ProcessRun r = runProcess(program, __VA_ARGS__);                                         \
    QVERIFY2(r.exit == 0, qPrintable(QStringLiteral("%1 exited %2: %3")                            \
                                         .arg(program)                                             \
                                         .arg(r.exit)                                              \
                                         .arg(QString::fromUtf8(r.err + r.out))))

QStringList lines(const QByteArray &text)
{
    return QString::fromUtf8(text).split(u'\n', Qt::SkipEmptyParts);
}

// A run with no display and no Qt platform chosen: what `msim --version` meets over ssh.
QProcessEnvironment headless()
{
    QProcessEnvironment e = QProcessEnvironment::systemEnvironment();
    e.remove(QStringLiteral("DISPLAY"));
    e.remove(QStringLiteral("WAYLAND_DISPLAY"));
    e.remove(QStringLiteral("QT_QPA_PLATFORM"));
    e.remove(QStringLiteral("MSIM_PASSWORD"));
    e.remove(QStringLiteral("SSLKEYLOGFILE"));
    return e;
}

} // namespace

class tst_Package : public QObject
{
    Q_OBJECT
    QTemporaryDir m_work;
    QString m_deb;
    QString m_root; // where `dpkg -x` unpacked it

    QString installed(const QString &path) const { return m_root + path; }

private Q_SLOTS:
    void initTestCase()
    {
        for (const char *t : {"dpkg-deb", "lintian", "desktop-file-validate", "appstreamcli", "man",
                              "bash", "ldd", "dpkg-query"})
            QVERIFY2(!tool(t).isEmpty(),
                     qPrintable(QStringLiteral("%1 is missing: scripts/test installs it")
                                    .arg(QLatin1String(t))));
        QVERIFY(m_work.isValid());
        const QString out = m_work.filePath(QStringLiteral("dist"));
        const ProcessRun pack = runProcess(QStringLiteral(MSIM_CPACK),
                                           {QStringLiteral("-G"), QStringLiteral("DEB"),
                                            QStringLiteral("-B"), out, QStringLiteral("--config"),
                                            QStringLiteral(MSIM_BINARY_DIR "/CPackConfig.cmake")},
                                           {}, 300000);
        QVERIFY2(pack.exit == 0, pack.out.constData());
        const QStringList debs = QDir(out).entryList({QStringLiteral("msim_*.deb")});
        QCOMPARE(debs.size(), 1);
        m_deb = QDir(out).filePath(debs.first());
        m_root = m_work.filePath(QStringLiteral("root"));
        RUN_OK(x, tool("dpkg-deb"), {QStringLiteral("-x"), m_deb, m_root});
    }

    // The control fields, and Depends: dpkg-shlibdeps' packages plus Qt's platform plugins.
    void controlFields()
    {
        const ProcessRun arch = runProcess(tool("dpkg"), {QStringLiteral("--print-architecture")});
        QCOMPARE(QFileInfo(m_deb).fileName(),
                 QStringLiteral("msim_%1-1_%2.deb")
                     .arg(kVersion, QString::fromUtf8(arch.out.trimmed())));
        RUN_OK(f, tool("dpkg-deb"),
               {QStringLiteral("-f"), m_deb, QStringLiteral("Package"), QStringLiteral("Version"),
                QStringLiteral("Section"), QStringLiteral("Priority"),
                QStringLiteral("Maintainer")});
        QCOMPARE(lines(f.out),
                 QStringList({QStringLiteral("Package: msim"),
                              QStringLiteral("Version: %1-1").arg(kVersion),
                              QStringLiteral("Section: net"), QStringLiteral("Priority: optional"),
                              QStringLiteral("Maintainer: The msim authors "
                                             "<msim@msim.invalid>")}));
        RUN_OK(d, tool("dpkg-deb"), {QStringLiteral("-f"), m_deb, QStringLiteral("Depends")});
        QStringList depends;
        for (const QString &dep : QString::fromUtf8(d.out).split(u',', Qt::SkipEmptyParts))
            depends << dep.trimmed().section(u' ', 0, 0);
        depends.sort();
        // Debian 12's names for what msim and msim-cli link, and the xcb plugin msim loads.
        QCOMPARE(depends,
                 QStringList({QStringLiteral("libc6"), QStringLiteral("libgcc-s1"),
                              QStringLiteral("libglib2.0-0"), QStringLiteral("libgmime-3.0-0"),
                              QStringLiteral("libqt6core6"), QStringLiteral("libqt6dbus6"),
                              QStringLiteral("libqt6gui6"), QStringLiteral("libqt6keychain1"),
                              QStringLiteral("libqt6network6"), QStringLiteral("libqt6widgets6"),
                              QStringLiteral("libssl3"), QStringLiteral("libstdc++6"),
                              QStringLiteral("qt6-qpa-plugins")}));
        // Every library the installed programs name (DT_NEEDED) is owned by a package of
        // Depends: what dpkg-shlibdeps is there for.
        for (const char *program : {"/usr/bin/msim", "/usr/bin/msim-cli"}) {
            RUN_OK(needed, tool("readelf"),
                   {QStringLiteral("-d"), installed(QLatin1String(program))});
            RUN_OK(l, tool("ldd"), {installed(QLatin1String(program))});
            QVERIFY2(!l.out.contains("not found"), l.out.constData());
            const QRegularExpression neededLine(QStringLiteral("Shared library: \\[([^]]+)\\]"));
            int checked = 0;
            for (const QString &line : lines(needed.out)) {
                const auto n = neededLine.match(line);
                if (!n.hasMatch())
                    continue;
                // "libX.so => /path (0x...)", or the loader's own "/lib64/ld-linux... (0x...)"
                const auto where =
                    QRegularExpression(QStringLiteral("\\s(?:%1 => )?(/\\S*%1) \\(")
                                           .arg(QRegularExpression::escape(n.captured(1))))
                        .match(QString::fromUtf8(l.out));
                QVERIFY2(where.hasMatch(), qPrintable(n.captured(1)));
                ProcessRun owner =
                    runProcess(tool("dpkg-query"), {QStringLiteral("-S"), where.captured(1)});
                if (owner.exit != 0) // /usr-merge: dpkg may know the other spelling
                    owner = runProcess(
                        tool("dpkg-query"),
                        {QStringLiteral("-S"), QFileInfo(where.captured(1)).canonicalFilePath()});
                QVERIFY2(owner.exit == 0, qPrintable(where.captured(1)));
                const QString package = QString::fromUtf8(owner.out).section(u':', 0, 0);
                QVERIFY2(depends.contains(package),
                         qPrintable(QStringLiteral("%1 %2 needs %3 of %4, not in Depends")
                                        .arg(QLatin1String(program), n.captured(1),
                                             where.captured(1), package)));
                ++checked;
            }
            QVERIFY(checked >= 5);
        }
    }

    // Every file the package installs, whole: the programs, their data, the desktop files.
    void contents()
    {
        RUN_OK(c, tool("dpkg-deb"), {QStringLiteral("--contents"), m_deb});
        QStringList files;
        for (const QString &line : lines(c.out)) {
            const QString path = line.section(u' ', -1);
            if (!path.endsWith(u'/'))
                files << path.mid(1); // "./usr/..." → "/usr/..."
            QVERIFY2(line.contains(QLatin1String(" root/root ")), qPrintable(line));
        }
        files.sort();
        QStringList expected = {
            QStringLiteral("/usr/bin/msim"),
            QStringLiteral("/usr/bin/msim-cli"),
            QStringLiteral("/usr/share/applications/invalid.msim.msim.desktop"),
            QStringLiteral("/usr/share/bash-completion/completions/msim-cli"),
            QStringLiteral("/usr/share/doc/msim/changelog.Debian.gz"),
            QStringLiteral("/usr/share/doc/msim/SCENARIOS.md"),
            QStringLiteral("/usr/share/doc/msim/copyright"),
            QStringLiteral("/usr/share/icons/hicolor/scalable/apps/msim.svg"),
            QStringLiteral("/usr/share/man/man1/msim-cli.1.gz"),
            QStringLiteral("/usr/share/man/man1/msim.1.gz"),
            QStringLiteral("/usr/share/metainfo/invalid.msim.msim.metainfo.xml"),
        };
        // Each PNG rendered from msim.svg, in its hicolor size.
        for (const QString &png : QDir(QStringLiteral(MSIM_SOURCE_DIR "/resources/icons"))
                                      .entryList({QStringLiteral("msim-*.png")}))
            expected << QStringLiteral("/usr/share/icons/hicolor/%1x%1/apps/msim.png")
                            .arg(png.section(u'-', 1).chopped(4));
        QCOMPARE(expected.size(), 11 + 8);
        for (const QString &s : QDir(QStringLiteral(MSIM_SOURCE_DIR "/resources/scenarios"))
                                    .entryList({QStringLiteral("*.json")}))
            expected << QStringLiteral("/usr/share/msim/scenarios/") + s;
        expected.sort();
        QCOMPARE(files, expected);
        // The licence is LICENSE's text.
        QFile copyright(installed(QStringLiteral("/usr/share/doc/msim/copyright")));
        QVERIFY(copyright.open(QIODevice::ReadOnly));
        const QByteArray text = copyright.readAll();
        QVERIFY(text.startsWith("Format: https://www.debian.org/doc/packaging-manuals/"
                                "copyright-format/1.0/\n"));
        QVERIFY(text.contains("\nLicense: Expat\n Permission is hereby granted, free of charge,"));
        QVERIFY(text.endsWith(" SOFTWARE.\n"));
    }

    // lintian: no error, and exactly the warnings docs/PACKAGING.md explains.
    void lintian()
    {
        const ProcessRun l =
            runProcess(tool("lintian"),
                       {QStringLiteral("--fail-on"), QStringLiteral("error"), m_deb}, {}, 300000);
        QVERIFY2(l.exit == 0, l.out.constData());
        QStringList tags;
        for (const QString &line : lines(l.out)) {
            QVERIFY2(!line.startsWith(QLatin1String("E:")), qPrintable(line));
            if (line.startsWith(QLatin1String("W:")))
                tags << line.section(u' ', 2, 2);
        }
        tags.removeDuplicates();
        tags.sort();
        QCOMPARE(tags, QStringList({QStringLiteral("initial-upload-closes-no-bugs")}));
        QFile docs(QStringLiteral(MSIM_SOURCE_DIR "/docs/PACKAGING.md"));
        QVERIFY(docs.open(QIODevice::ReadOnly));
        const QByteArray explained = docs.readAll();
        for (const QString &tag : tags)
            QVERIFY2(explained.contains(tag.toUtf8()), qPrintable(tag));
    }

    void desktopFiles()
    {
        RUN_OK(d, tool("desktop-file-validate"),
               {installed(QStringLiteral("/usr/share/applications/invalid.msim.msim.desktop"))});
        QCOMPARE(d.out, QByteArray());
        const QString metainfo =
            installed(QStringLiteral("/usr/share/metainfo/invalid.msim.msim.metainfo.xml"));
        RUN_OK(a, tool("appstreamcli"),
               {QStringLiteral("validate"), QStringLiteral("--no-net"), QStringLiteral("--explain"),
                metainfo});
        QFile xml(metainfo);
        QVERIFY(xml.open(QIODevice::ReadOnly));
        const QByteArray text = xml.readAll();
        QVERIFY(text.contains(
            QStringLiteral("<release version=\"%1\" date=\"").arg(kVersion).toUtf8()));
        QVERIFY(text.contains("<launchable type=\"desktop-id\">invalid.msim.msim.desktop"
                              "</launchable>"));
    }

    // The installed programs, run from the scratch root with no display: --version names the
    // one project version and the Qt and OpenSSL in use.
    void installedVersions()
    {
        const QRegularExpression line(
            QStringLiteral("^%1 %2 \\(Qt %3, OpenSSL 3\\.[0-9]+\\.[0-9]+ [^)]+\\)\n$"));
        for (const QString &program : {QStringLiteral("msim-cli"), QStringLiteral("msim")}) {
            RUN_OK(v, installed(QStringLiteral("/usr/bin/") + program),
                   {QStringLiteral("--version")}, headless());
            const QString out = QString::fromUtf8(v.out);
            QVERIFY2(QRegularExpression(line.pattern().arg(QRegularExpression::escape(program),
                                                           QRegularExpression::escape(kVersion),
                                                           QRegularExpression::escape(
                                                               QString::fromLatin1(qVersion()))))
                         .match(out)
                         .hasMatch(),
                     qPrintable(out));
        }
    }

    // The done-means: the installed msim-cli reproduces KB Q194998 from its installed data, by
    // the file's path and by the library's name.
    void installedReproduce_data()
    {
        QTest::addColumn<QString>("scenario");
        QTest::newRow("KB Q194998 by installed path")
            << installed(QStringLiteral("/usr/share/msim/scenarios/kb-q194998.json"));
        QTest::newRow("KB Q194998 by library name") << QStringLiteral("kb-q194998");
    }
    void installedReproduce()
    {
        QFETCH(QString, scenario);
        QTemporaryDir report;
        const ProcessRun r =
            runProcess(installed(QStringLiteral("/usr/bin/msim-cli")),
                       {QStringLiteral("reproduce"), scenario, QStringLiteral("--json"),
                        QStringLiteral("--report"), report.filePath(QStringLiteral("r"))},
                       headless());
        QVERIFY2(r.exit == 0, r.err.constData()); // 0: the expectation (truncated) holds
        const QJsonObject o = QJsonDocument::fromJson(r.out).object();
        QCOMPARE(o.value(QStringLiteral("expectation_met")).toBool(), true);
        const QJsonObject message = o.value(QStringLiteral("result"))
                                        .toObject()
                                        .value(QStringLiteral("messages"))
                                        .toArray()
                                        .first()
                                        .toObject();
        QCOMPARE(message.value(QStringLiteral("uid")).toInt(), 6);
        QCOMPARE(message.value(QStringLiteral("verdict")).toString(), QStringLiteral("truncated"));
        QCOMPARE(message.value(QStringLiteral("displayed_length")).toInt(), 6144);
        QVERIFY(QFile::exists(report.filePath(QStringLiteral("r/report.html"))));
    }

    // The library the installed msim-cli sees is the installed one, whole.
    void installedScenarios()
    {
        RUN_OK(s, installed(QStringLiteral("/usr/bin/msim-cli")), {QStringLiteral("scenarios")},
               headless());
        QStringList names;
        for (const QString &line : lines(s.out))
            names << line.section(u'\t', 0, 0);
        QStringList expected;
        for (const QString &f : QDir(installed(QStringLiteral("/usr/share/msim/scenarios")))
                                    .entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name))
            expected << f.chopped(5);
        QCOMPARE(names, expected);
    }

    // The manual page: man reads it without a warning, and every command and option of
    // `msim-cli COMMAND --help` is in it (they come from one table; this shows it).
    void manPages()
    {
        for (const QString &page : {QStringLiteral("msim-cli.1.gz"), QStringLiteral("msim.1.gz")}) {
            QProcessEnvironment e = headless();
            e.insert(QStringLiteral("MANWIDTH"), QStringLiteral("100"));
            e.insert(QStringLiteral("MAN_KEEP_FORMATTING"), QString());
            RUN_OK(m, tool("man"),
                   {QStringLiteral("--warnings"), QStringLiteral("-E"), QStringLiteral("UTF-8"),
                    QStringLiteral("-l"), installed(QStringLiteral("/usr/share/man/man1/") + page)},
                   e);
            QVERIFY2(m.err.isEmpty(), m.err.constData());
            QVERIFY(m.out.size() > 1000);
        }
        QProcessEnvironment e = headless();
        e.insert(QStringLiteral("MANWIDTH"), QStringLiteral("200"));
        RUN_OK(
            m, tool("man"),
            {QStringLiteral("-l"), installed(QStringLiteral("/usr/share/man/man1/msim-cli.1.gz"))},
            e);
        // man's own hyphenation and bold are off at this width with no terminal.
        const QString man = QString::fromUtf8(m.out);
        const QString cli = installed(QStringLiteral("/usr/bin/msim-cli"));
        RUN_OK(h, cli, {QStringLiteral("--help")}, headless());
        const QRegularExpression commandLine(QStringLiteral("^  ([a-z]+) "));
        QStringList commands;
        for (const QString &line : lines(h.out)) {
            const auto c = commandLine.match(line);
            if (c.hasMatch())
                commands << c.captured(1);
        }
        QVERIFY(commands.size() >= 9);
        for (const QString &c : commands) {
            const qsizetype at = man.indexOf(QRegularExpression(
                QStringLiteral("\n   %1 - ").arg(QRegularExpression::escape(c))));
            QVERIFY2(at > 0, qPrintable(c));
            const qsizetype next = man.indexOf(
                QRegularExpression(QStringLiteral("\n   [a-z]+ - |\nEXIT STATUS")), at + 1);
            const QString section = man.mid(at, next - at);
            RUN_OK(ch, cli, {c, QStringLiteral("--help")}, headless());
            const QRegularExpression option(QStringLiteral("^\\s+(--[a-z-]+)"));
            for (const QString &line : lines(ch.out)) {
                const auto o = option.match(line);
                if (o.hasMatch())
                    // Whole: "--overrun" is not found in "--overrun-chunk".
                    QVERIFY2(section.contains(QRegularExpression(
                                 QStringLiteral("\n       %1[ \n]")
                                     .arg(QRegularExpression::escape(o.captured(1))))),
                             qPrintable(c + u' ' + o.captured(1)));
            }
        }
        for (const char *word : {"MSIM_PASSWORD", "SSLKEYLOGFILE", "EXIT STATUS"})
            QVERIFY2(man.contains(QLatin1String(word)), word);
    }

    // bash completion, sourced as bash-completion sources it, asked as a shell asks. `words`
    // follow "msim-cli"; the last is the word being completed.
    void bashCompletion_data()
    {
        QTest::addColumn<QStringList>("words");
        QTest::addColumn<QStringList>("expected");
        const QString cli = installed(QStringLiteral("/usr/bin/msim-cli"));
        // The names the installed program lists itself.
        auto names = [&](const QString &command) {
            const ProcessRun r = runProcess(cli, {command}, headless());
            QStringList out;
            const QRegularExpression commandLine(QStringLiteral("^  ([a-z]+) "));
            for (const QString &line : lines(r.out)) {
                if (command != QLatin1String("--help"))
                    out << line.section(u'\t', 0, 0);
                else if (const auto c = commandLine.match(line); c.hasMatch())
                    out << c.captured(1); // "  fetch      fetch messages ..."
            }
            if (command == QLatin1String("--help"))
                out << QStringLiteral("--help") << QStringLiteral("--version");
            out.sort();
            return out;
        };
        QTest::newRow("the commands") << QStringList{QString()} << names(QStringLiteral("--help"));
        QTest::newRow("fetch --preset")
            << QStringList{QStringLiteral("fetch"), QStringLiteral("--preset"), QString()}
            << names(QStringLiteral("presets"));
        QTest::newRow("serve --profile")
            << QStringList{QStringLiteral("serve"), QStringLiteral("--profile"), QString()}
            << names(QStringLiteral("profiles"));
        QTest::newRow("reproduce: the library")
            << QStringList{QStringLiteral("reproduce"), QString()}
            << names(QStringLiteral("scenarios"));
        QTest::newRow("matrix --security")
            << QStringList{QStringLiteral("matrix"), QStringLiteral("--security"), QString()}
            << QStringList(
                   {QStringLiteral("none"), QStringLiteral("ssl"), QStringLiteral("starttls")});
        QTest::newRow("fetch --p")
            << QStringList{QStringLiteral("fetch"), QStringLiteral("--p")}
            << QStringList({QStringLiteral("--password-file"), QStringLiteral("--pcap"),
                            QStringLiteral("--pin"), QStringLiteral("--port"),
                            QStringLiteral("--prefs"), QStringLiteral("--preset")});
        QTest::newRow("reproduce: one scenario only")
            << QStringList{QStringLiteral("reproduce"), QStringLiteral("kb-q194998"),
                           QStringLiteral("--json"), QString()}
            << QStringList();
        QTest::newRow("serve --corpus")
            << QStringList{QStringLiteral("serve"), QStringLiteral("--corpus"), QStringLiteral("g")}
            << QStringList({QStringLiteral("generated:")});
        QTest::newRow("prefs --set: a pref name")
            << QStringList{QStringLiteral("prefs"), QStringLiteral("--set"),
                           QStringLiteral("mail.imap.fetch_by_ch")}
            << QStringList({QStringLiteral("mail.imap.fetch_by_chunks=")});
    }
    void bashCompletion()
    {
        QFETCH(QStringList, words);
        QFETCH(QStringList, expected);
        const QStringList w = QStringList{QStringLiteral("msim-cli")} + words;
        QString quoted;
        for (const QString &word : w)
            quoted += QStringLiteral(" '%1'").arg(word);
        // An empty folder: no files of its own to add to the reproduce list.
        const QString empty = m_work.filePath(QStringLiteral("empty"));
        QVERIFY(QDir().mkpath(empty));
        const QString script =
            QStringLiteral("source /usr/share/bash-completion/bash_completion\n"
                           "source '%1'\n"
                           "cd '%2'\n"
                           "COMP_WORDS=(%3)\n"
                           "COMP_CWORD=%4\n"
                           "COMP_LINE=\"${COMP_WORDS[*]}\"\n"
                           "COMP_POINT=${#COMP_LINE}\n"
                           "_msim_cli msim-cli\n"
                           "printf '%s\\n' \"${COMPREPLY[@]}\"\n")
                .arg(installed(QStringLiteral("/usr/share/bash-completion/completions/msim-cli")),
                     empty, quoted.trimmed(), QString::number(w.size() - 1));
        RUN_OK(b, tool("bash"), {QStringLiteral("-c"), script}, headless());
        QStringList got = lines(b.out);
        got.sort();
        QCOMPARE(got, expected);
    }
};

QTEST_GUILESS_MAIN(tst_Package)
#include "tst_package.moc"
