// SPDX-License-Identifier: MIT
#include "Reference.h"

#include "CommandTable.h"
#include "ManPage.h"

#include "emulator/ServerProfile.h"
#include "net/Version.h"
#include "prefs/PrefRegistry.h"
#include "prefs/Presets.h"
#include "scenario/ScenarioLibrary.h"

#include <QStringList>

namespace msim::cli {

namespace {

// The synopsis lines ("Usage: ..." and their continuations) and the prose under them.
void splitUsage(const QString &usage, QString *synopsis, QString *prose)
{
    const qsizetype blank = usage.indexOf(QStringLiteral("\n\n"));
    // "Usage: " goes; the continuation lines, aligned under it, move left as far.
    const QString usageWord = QStringLiteral("Usage: ");
    QStringList lines = (blank < 0 ? usage : usage.left(blank)).trimmed().split(u'\n');
    for (QString &line : lines) {
        if (line.startsWith(usageWord))
            line.remove(0, usageWord.size());
        else if (line.startsWith(QString(usageWord.size(), u' ')))
            line.remove(0, usageWord.size());
    }
    *synopsis = lines.join(u'\n');
    *prose = blank < 0 ? QString() : usage.mid(blank + 2).trimmed();
}

QString optionHelp(const OptionSpec &o)
{
    QString help = QString::fromUtf8(o.help);
    if (o.defaultValue && !help.contains(QLatin1String(o.defaultValue)))
        help += QStringLiteral(" Default: %1.").arg(QLatin1String(o.defaultValue));
    return help;
}

// Options whose value is a file or a folder, by the placeholder the table gives them.
bool takesFile(const OptionSpec &o)
{
    const QLatin1String v(o.valueName ? o.valueName : "");
    return v == QLatin1String("FILE") || v == QLatin1String("F") || v == QLatin1String("PEM");
}

bool takesFolder(const OptionSpec &o)
{
    const QLatin1String v(o.valueName ? o.valueName : "");
    return v == QLatin1String("DIR");
}

} // namespace

QString manPage()
{
    app::ManPage page(QStringLiteral("msim-cli"), 1, QStringLiteral("msim ") + net::msimVersion(),
                      QStringLiteral("msim manual"));
    page.section(QStringLiteral("Name"));
    page.paragraph(QStringLiteral("msim-cli - the Messenger 4.5 IMAP simulator, headless"));
    page.section(QStringLiteral("Synopsis"));
    QStringList synopsis{QStringLiteral("msim-cli COMMAND [options]"),
                         QStringLiteral("msim-cli COMMAND --help"),
                         QStringLiteral("msim-cli --help | --version")};
    page.verbatim(synopsis.join(u'\n'));
    page.section(QStringLiteral("Description"));
    // The paragraph of `msim-cli --help`, between its usage line and its command list.
    const QString help = programHelp();
    const qsizetype from = help.indexOf(QStringLiteral("\n\n")) + 2;
    page.paragraph(help.mid(from, help.indexOf(QStringLiteral("\n\nCommands:")) - from));
    page.paragraph(QStringLiteral(
        "CONNECTION options name the server and how to reach it; CLIENT options choose the "
        "emulated client: a preset, the customer's prefs.js, single prefs. The password is "
        "never an option, where the process list would show it: fetch, matrix and diagnose "
        "read it from --password-file, else $MSIM_PASSWORD, else a prompt on a terminal; "
        "reproduce, for a scenario against a real server, from --password-file or "
        "$MSIM_PASSWORD."));
    page.section(QStringLiteral("Options"));
    page.tagged(QStringLiteral("--help"), {},
                QStringLiteral("List the commands ('msim-cli COMMAND --help': a command's "
                               "options)."));
    page.tagged(QStringLiteral("--version"), {},
                QStringLiteral("Print msim's version and the versions of Qt and OpenSSL it runs "
                               "with, e.g. 'msim-cli 0.1.0 (Qt 6.4.2, OpenSSL 3.0.19 27 Jan "
                               "2026)'."));
    page.section(QStringLiteral("Commands"));
    for (const CommandSpec &c : commands()) {
        page.subsection(QString::fromLatin1(c.name) + QStringLiteral(" - ") +
                        QString::fromUtf8(c.summary));
        QString syn;
        QString prose;
        splitUsage(QString::fromUtf8(c.usage), &syn, &prose);
        page.verbatim(syn);
        if (!prose.isEmpty())
            page.paragraph(prose);
        for (const OptionSpec &o : c.options)
            page.tagged(QStringLiteral("--") + QLatin1String(o.name),
                        o.valueName ? QString::fromLatin1(o.valueName) : QString(), optionHelp(o));
        page.tagged(QStringLiteral("--help"), QString(), QStringLiteral("Show this help."));
    }
    page.section(QStringLiteral("Exit status"));
    page.tagged(QStringLiteral("0"), {},
                QStringLiteral("It ran and its check passed: fetch and matrix, every message "
                               "complete and no finding; reproduce, the expectation holds; "
                               "diagnose, the server is conformant; prefs, read without "
                               "problems."));
    page.tagged(QStringLiteral("1"), {},
                QStringLiteral("It could not run, e.g. no connection or a refused login."));
    page.tagged(QStringLiteral("2"), {},
                QStringLiteral("Usage error: an unknown command or option, a bad value, a bad "
                               "scenario file."));
    page.tagged(QStringLiteral("3"), {},
                QStringLiteral("It ran and its check did not pass: fetch and matrix, a finding; "
                               "reproduce, the expectation does not hold; diagnose, faults "
                               "found; prefs, problems in the file."));
    page.paragraph(QStringLiteral(
        "fetch, reproduce, matrix, diagnose, prefs and serve say exactly which in their own "
        "paragraphs above. presets, profiles and scenarios exit 0; scenarios exits 1 when no "
        "scenario library is beside the program."));
    page.section(QStringLiteral("Environment"));
    page.tagged(QStringLiteral("MSIM_PASSWORD"), {},
                QStringLiteral("The password fetch, matrix, diagnose and reproduce log in with "
                               "when --password-file is not given (serve does not read it). "
                               "msim's own LOGIN and AUTHENTICATE lines are redacted in its "
                               "output, reports, transcripts and captures."));
    page.tagged(QStringLiteral("SSLKEYLOGFILE"), {},
                QStringLiteral("When set, the TLS session keys of every connection (the emulated "
                               "client, the verification connection, the built-in server) are "
                               "appended to this file in NSS key log format, so that Wireshark "
                               "can decrypt a capture of the wire. The file is created with "
                               "mode 0600; msim-cli says on stderr that keys are being logged, "
                               "and exits 1 when the file cannot be opened."));
    page.tagged(QStringLiteral("SSL_CERT_DIR"), {},
                QStringLiteral("The hashed folder of the system's CA certificates msim trusts "
                               "(default /usr/lib/ssl/certs), looked up per issuer."));
    page.section(QStringLiteral("Files"));
    page.tagged(QStringLiteral("/usr/share/msim/scenarios/"), {},
                QStringLiteral("The bundled scenario library ('msim-cli scenarios'), found "
                               "relative to the program: share/msim/scenarios beside its bin "
                               "folder."));
    page.tagged(QStringLiteral("~/.local/share/msim/fault-catalogue.json"), {},
                QStringLiteral("A fault catalogue that replaces the built-in one for diagnose "
                               "(in $XDG_DATA_HOME when set)."));
    page.tagged(QStringLiteral("~/.local/share/msim/tls/"), {},
                QStringLiteral("The built-in server's self-signed certificate and its private "
                               "key (owner-only), made the first time the built-in server starts "
                               "(serve, reproduce of a built-in scenario) and kept, so that its "
                               "sha256 pin stays the same."));
    page.section(QStringLiteral("Examples"));
    page.paragraph(QStringLiteral("Reproduce Microsoft KB Q194998 against the built-in server:"));
    page.verbatim(QStringLiteral("msim-cli reproduce kb-q194998"));
    page.paragraph(QStringLiteral("Fetch message 320 as Messenger 4.5 did, with the customer's "
                                  "prefs.js, and write a report for the ticket:"));
    page.verbatim(QStringLiteral("MSIM_PASSWORD=... msim-cli fetch --host imap.example.com "
                                 "--user alice \\\n    --prefs prefs.js --uid 320 --report "
                                 "ticket-4711"));
    page.section(QStringLiteral("See also"));
    page.paragraph(QStringLiteral("msim(1), tshark(1)"));
    return page.text();
}

QString bashCompletion()
{
    QStringList commandNames;
    for (const CommandSpec &c : commands())
        commandNames << QString::fromLatin1(c.name);
    QStringList prefNames;
    for (const prefs::PrefInfo &p : prefs::PrefRegistry::all())
        prefNames << p.name + u'=';
    QStringList profiles;
    for (const emulator::ServerProfile &p : emulator::ServerProfile::all())
        profiles << p.name;

    QString s =
        QStringLiteral(
            "# bash completion for msim-cli, written by `msim-cli --bash-completion` (msim %1)\n"
            "# from the same command table as `msim-cli --help`.\n"
            "\n"
            "# A value still to be typed on (\"generated:\", \"NAME=\") takes no space after it.\n"
            "_msim_cli_nospace()\n"
            "{\n"
            "    [[ ${#COMPREPLY[@]} -eq 1 && ${COMPREPLY[0]} == *[:=] ]] && compopt -o nospace\n"
            "}\n"
            "\n"
            "_msim_cli()\n"
            "{\n"
            "    local cur prev words cword\n"
            "    _init_completion -n = || return\n"
            "    if [[ $cword -eq 1 ]]; then\n"
            "        COMPREPLY=($(compgen -W '%2 --help --version' -- \"$cur\"))\n"
            "        return\n"
            "    fi\n"
            "    local command=${words[1]}\n"
            "    case $prev in\n"
            "    --preset) COMPREPLY=($(compgen -W '%3' -- \"$cur\")); return ;;\n"
            "    --profile) COMPREPLY=($(compgen -W '%4' -- \"$cur\")); return ;;\n"
            "    --security) COMPREPLY=($(compgen -W 'none starttls ssl' -- \"$cur\")); return "
            ";;\n")
            .arg(net::msimVersion(), commandNames.join(u' '), prefs::Presets::names().join(u' '),
                 profiles.join(u' '));
    s += QStringLiteral("    --corpus)\n"
                        "        COMPREPLY=($(compgen -W 'sample generated: maildir: mbox: eml:' "
                        "-- \"$cur\"))\n"
                        "        _msim_cli_nospace\n"
                        "        return ;;\n"
                        "    --set)\n"
                        "        COMPREPLY=($(compgen -W '%1' -- \"$cur\"))\n"
                        "        _msim_cli_nospace\n"
                        "        return ;;\n")
             .arg(prefNames.join(u' '));
    QStringList fileOptions;
    QStringList folderOptions;
    for (const CommandSpec &c : commands()) {
        for (const OptionSpec &o : c.options) {
            const QString name = QStringLiteral("--") + QLatin1String(o.name);
            if (takesFile(o) && !fileOptions.contains(name))
                fileOptions << name;
            if (takesFolder(o) && !folderOptions.contains(name))
                folderOptions << name;
        }
    }
    s += QStringLiteral("    %1) _filedir; return ;;\n").arg(fileOptions.join(u'|'));
    s += QStringLiteral("    %1) _filedir -d; return ;;\n").arg(folderOptions.join(u'|'));
    // Any other option with a value: nothing to offer (a number, a host, a name).
    QStringList valueOptions;
    for (const CommandSpec &c : commands()) {
        for (const OptionSpec &o : c.options) {
            const QString name = QStringLiteral("--") + QLatin1String(o.name);
            if (o.valueName && !takesFile(o) && !takesFolder(o) && !valueOptions.contains(name) &&
                name != QLatin1String("--preset") && name != QLatin1String("--profile") &&
                name != QLatin1String("--security") && name != QLatin1String("--corpus") &&
                name != QLatin1String("--set"))
                valueOptions << name;
        }
    }
    s += QStringLiteral("    %1) return ;;\n").arg(valueOptions.join(u'|'));
    s += QStringLiteral("    esac\n"
                        "    local options=\n"
                        "    case $command in\n");
    for (const CommandSpec &c : commands()) {
        QStringList names;
        for (const OptionSpec &o : c.options)
            names << QStringLiteral("--") + QLatin1String(o.name);
        names << QStringLiteral("--help");
        s += QStringLiteral("    %1) options='%2' ;;\n")
                 .arg(QLatin1String(c.name), names.join(u' '));
    }
    // reproduce's options without a value, which the scan for its one scenario steps over.
    QStringList switches;
    for (const OptionSpec &o : findCommand(QStringLiteral("reproduce"))->options) {
        if (!o.valueName)
            switches << QStringLiteral("--") + QLatin1String(o.name);
    }
    switches << QStringLiteral("--help");
    s += QStringLiteral(
             "    *) return ;;\n"
             "    esac\n"
             "    if [[ $cur == -* ]]; then\n"
             "        COMPREPLY=($(compgen -W \"$options\" -- \"$cur\"))\n"
             "    elif [[ $command == reproduce ]]; then\n"
             "        # One scenario: none before this word (options and values skipped).\n"
             "        local i\n"
             "        for ((i = 2; i < cword; i++)); do\n"
             "            case ${words[i]} in\n"
             "            %2) ;;\n"
             "            --*) ((i++)) ;;\n"
             "            *) return ;;\n"
             "            esac\n"
             "        done\n"
             "        COMPREPLY=($(compgen -W '%1' -- \"$cur\"))\n"
             "        _filedir json\n"
             "    fi\n"
             "} &&\n"
             "    complete -F _msim_cli msim-cli\n")
             .arg(scenario::ScenarioLibrary::names().join(u' '), switches.join(u'|'));
    return s;
}

} // namespace msim::cli
