// SPDX-License-Identifier: MIT
#include "CommandTable.h"

#include "CliCommon.h"
#include "Commands.h"

#include <QDir>
#include <QFileInfo>
#include <QRegularExpression>

namespace msim::cli {

namespace {

// CONNECTION (DESIGN.md §4). The password is never an option: $MSIM_PASSWORD, --password-file
// or a prompt.
const std::vector<OptionSpec> kConnection = {
    {"host", "H", "127.0.0.1", "Server host (127.0.0.1)."},
    {"port", "N", nullptr, "Server port (993 for ssl, 143 otherwise)."},
    {"security", "MODE", "ssl", "none, starttls or ssl (ssl)."},
    {"user", "U", nullptr, "Login name."},
    {"password-file", "F", nullptr,
     "Read the password from this file (else $MSIM_PASSWORD, else a prompt on a terminal)."},
    {"timeout", "S", "30", "Seconds of server silence allowed per command (30)."},
    {"tls-name", "NAME", nullptr, "Name to verify in the certificate when --host is an address."},
    {"ca-file", "PEM", nullptr, "Also trust the CA certificates in this PEM file."},
    {"pin", "sha256:HEX", nullptr,
     "Trust exactly the certificate with this SHA-256 (sha256:HEX); repeatable."},
    {"tls-legacy", nullptr, nullptr,
     "Allow TLS 1.0/1.1 and weak ciphers (1990s servers); reported."},
};

// CLIENT.
const std::vector<OptionSpec> kClient = {
    {"preset", "NAME", "messenger45",
     "messenger45, kb-q194998, messenger407 or thunderbird (messenger45)."},
    {"prefs", "FILE", nullptr, "Apply this prefs.js (after the preset)."},
    {"set", "NAME=VALUE", nullptr, "Set one pref, applied last; repeatable."},
};

const OptionSpec kMailbox = {"mailbox", "NAME", "INBOX", "Mailbox (INBOX)."};
const OptionSpec kJson = {"json", nullptr, nullptr, "Print the result as one JSON object."};
const OptionSpec kReport = {"report", "DIR", nullptr,
                            "Write report.json, report.html, transcript.txt, capture.pcapng and "
                            "the .eml files here (a matrix: a folder per cell)."};
const OptionSpec kPcap = {"pcap", "FILE", nullptr,
                          "Write every connection's decrypted octets here as pcapng, for "
                          "Wireshark or tshark (credentials redacted)."};

std::vector<OptionSpec> join(std::initializer_list<std::vector<OptionSpec>> groups)
{
    std::vector<OptionSpec> out;
    for (const auto &g : groups)
        out.insert(out.end(), g.begin(), g.end());
    return out;
}

std::vector<CommandSpec> makeCommands()
{
    return {
        {"fetch", "fetch messages as Messenger 4.5 opens them, chunk by chunk",
         "Usage: msim-cli fetch CONNECTION CLIENT (--uid N [--uid M ...] | --all)\n"
         "                      [--mailbox INBOX] [--no-verify | --reference-eml FILE]\n"
         "                      [--keep-seen] [--json] [--report DIR] [--pcap FILE]\n\n"
         "Fetches messages the way the emulated client opens them and reports what it\n"
         "displays, chunk by chunk. Exit status: 0 every message complete and no finding,\n"
         "3 any finding, 1 nothing could be fetched, 2 usage error.\n",
         join(
             {kConnection,
              kClient,
              {{"uid", "N", nullptr, "A message to fetch; repeatable."},
               {"all", nullptr, nullptr, "Fetch every message of the mailbox."},
               kMailbox,
               {"no-verify", nullptr, nullptr,
                "Do not fetch a reference copy on a second connection."},
               {"reference-eml", "FILE", nullptr,
                "Compare with this file (e.g. the customer's copy) instead."},
               {"keep-seen", nullptr, nullptr, "Do not restore \\Seen after fetching with BODY[]."},
               kJson,
               kReport,
               kPcap}}),
         0, fetchCommand},
        {"reproduce",
         "run a scenario file and check its expectation",
         "Usage: msim-cli reproduce (SCENARIO.json | NAME) [--json] [--report DIR]\n"
         "                          [--pcap FILE]\n\n"
         "Runs a reproduction: starts the built-in server when the scenario names a\n"
         "profile, runs the client, compares with the expectation. Exit status: 0 the\n"
         "expectation holds, 3 it does not, 1 it could not run, 2 a bad scenario file.\n"
         "NAME is a scenario of the bundled library (see 'msim-cli scenarios'), e.g.\n"
         "kb-q194998. docs/SCENARIOS.md (installed: /usr/share/doc/msim/SCENARIOS.md)\n"
         "describes the format.\n",
         {kJson,
          kReport,
          kPcap,
          {"password-file", "F", nullptr,
           "For a scenario against a real host: read the password here (else "
           "$MSIM_PASSWORD)."}},
         1,
         reproduceCommand},
        {"scenarios",
         "list the bundled scenarios",
         "Usage: msim-cli scenarios\n\nLists the scenarios of the bundled library "
         "(share/msim/scenarios beside\nthe program): NAME<TAB>title. 'msim-cli reproduce NAME' "
         "runs one.\n",
         {},
         0,
         scenariosCommand},
        {"matrix", "fetch one message over each transport with chunking on and off",
         "Usage: msim-cli matrix CONNECTION CLIENT --uid N [--tls-port N]\n"
         "                       [--chunk-sizes 6144,10240,...] [--json] [--report DIR]\n"
         "                       [--pcap FILE]\n\n"
         "Fetches one message over none / starttls / ssl with fetch_by_chunks on and off\n"
         "(and each chunk size), cells in parallel, and prints a table of verdicts. Exit\n"
         "status: 0 every cell complete and no finding, 3 any finding, 1 nothing could be\n"
         "fetched, 2 usage error. --port is the plain/STARTTLS port here (143).\n",
         join({kConnection,
               kClient,
               {{"uid", "N", nullptr, "The message to fetch in every cell."},
                kMailbox,
                {"tls-port", "N", nullptr,
                 "The implicit-TLS port for the ssl cells (993); --port is the plain/STARTTLS "
                 "one (143)."},
                {"chunk-sizes", "6144,10240,...", nullptr,
                 "Chunk sizes for the chunks-on cells (the client's own)."},
                {"no-verify", nullptr, nullptr, "Do not fetch a reference copy in each cell."},
                {"keep-seen", nullptr, nullptr, "Do not restore \\Seen afterwards."},
                kJson,
                kReport,
                kPcap}}),
         0, matrixCommand},
        {"diagnose",
         "probe a server's partial FETCH, name its known faults and verify a workaround",
         "Usage: msim-cli diagnose CONNECTION [--tls-port N] [--uid N] [--mailbox INBOX]\n"
         "                         [--keep-seen] [--json] [--report DIR] [--pcap FILE]\n\n"
         "Probes the server's partial FETCH replies over each transport (--port: plain, and\n"
         "STARTTLS when advertised; --tls-port: implicit TLS; neither: 143 and 993) on one\n"
         "message (--uid, or the smallest over 12288 octets, and one over 1 MiB if there is\n"
         "one): the reference copy, Messenger 4.5's own chunk commands, first, middle, last,\n"
         "at-the-end and past-1-MiB partials, NOOP round trips. Names each known fault of\n"
         "the fault catalogue the probes show, runs the emulation with each preset to show\n"
         "who suffers, and re-runs candidate workarounds (verified: it came back complete).\n"
         "--security is not used. Exit status: 0 conformant, 3 faults found, 1 could not\n"
         "run, 2 usage error.\n",
         join({kConnection,
               {{"tls-port", "N", nullptr,
                 "The implicit-TLS port; --port is the plain/STARTTLS one."},
                {"uid", "N", nullptr, "The message to probe (chosen when not given)."},
                kMailbox,
                {"keep-seen", nullptr, nullptr,
                 "Do not restore \\Seen after Messenger 4.5's chunk probes."},
                kJson,
                kReport,
                kPcap}}),
         0, diagnoseCommand},
        {"prefs", "show (and write) the effective prefs of a preset, prefs.js and --set",
         "Usage: msim-cli prefs [--preset NAME] [--prefs FILE] [--set NAME=VALUE]... "
         "[--write FILE] [--verbose]\n\n"
         "Prints every pref the emulation reads, one per line:\n"
         "NAME<TAB>VALUE<TAB>SOURCE<TAB>description, SOURCE being default, preset NAME,\n"
         "FILE line N or --set; per-server values follow. On stderr: the summary line\n"
         "of --prefs (read N prefs: K used by msim, M kept unchanged, P problems, and\n"
         "the encoding), then each problem once with its line number.\n"
         "Exit status: 0 read without problems, 3 read with problems, 1 the file could\n"
         "not be read or written, 2 usage.\n",
         join({kClient,
               {{"write", "FILE", nullptr,
                 "Write every pref (those of --prefs, in their own form, and the values msim "
                 "uses) as a Netscape prefs.js to this file; an existing file is kept as "
                 "FILE.bak first."},
                {"verbose", nullptr, nullptr,
                 "Also list the prefs of --prefs that msim keeps unchanged."}}}),
         0, prefsCommand},
        {"presets",
         "list the client presets",
         "Usage: msim-cli presets\n\nLists the client presets: NAME<TAB>description.\n",
         {},
         0,
         presetsCommand},
        {"serve",
         "run the built-in misbehaving IMAP server",
         "Usage: msim-cli serve --profile NAME [options]\n\n"
         "Runs the built-in IMAP server until SIGINT or SIGTERM. It prints one line per\n"
         "listener at once: 'listening imap ADDR:PORT' and\n"
         "'listening imaps ADDR:PORT sha256:HEX' (pin that fingerprint in clients),\n"
         "then one line per corpus: 'loaded N messages from WHERE'. Exit status: 0\n"
         "stopped by SIGINT or SIGTERM, 1 it could not listen, load a corpus or open\n"
         "--pcap, 2 usage error.\n",
         {{"profile", "NAME", nullptr, "How the server misbehaves (see 'msim-cli profiles')."},
          {"listen", "ADDR", "127.0.0.1", "Address to listen on (127.0.0.1)."},
          {"port", "N", "0", "Plain + STARTTLS port (0 = any free, the default)."},
          {"tls-port", "N", "0", "Implicit-TLS port (0 = any free, the default)."},
          {"corpus", "SPEC", "sample",
           "sample, generated:N, maildir:DIR, mbox:FILE or eml:FILE[,FILE...] (sample). "
           "Repeatable: each adds its messages, UIDs continuing."},
          {"user", "U", "test", "Login name (test)."},
          {"password-file", "F", nullptr, "Read the password from this file (default: secret)."},
          {"latency", "MS", "0", "Milliseconds before each response (0)."},
          {"overrun", "N", "1500", "Extra octets of the exchange55-presp2 profiles (1500)."},
          {"overrun-chunk", "K", "0",
           "Only the Kth chunk reply of a session overruns (0 = every one)."},
          {"split-writes", nullptr, nullptr,
           "Write each FETCH reply in several writes, Nagle left on."},
          {"pcap", "FILE", nullptr,
           "Record every session's decrypted octets here as pcapng, as they happen "
           "(credentials redacted)."},
          {"workers", "N", nullptr,
           "Threads that serve the sessions, 0 to 64 (default: one per processor, 2 to 16; "
           "0 = all on the listener's thread, as in the desktop app)."}},
         0,
         serveCommand},
        {"profiles",
         "list the built-in server's profiles",
         "Usage: msim-cli profiles\n\nLists the built-in server's profiles: "
         "NAME<TAB>description.\n",
         {},
         0,
         profilesCommand},
    };
}

QCommandLineOption optionOf(const OptionSpec &o)
{
    QCommandLineOption option(QString::fromLatin1(o.name), QString::fromUtf8(o.help));
    if (o.valueName)
        option.setValueName(QString::fromLatin1(o.valueName));
    if (o.defaultValue)
        option.setDefaultValue(QString::fromLatin1(o.defaultValue));
    return option;
}

void addOptions(const CommandSpec &c, QCommandLineParser &p)
{
    p.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    for (const OptionSpec &o : c.options)
        p.addOption(optionOf(o));
    p.addOption({QStringLiteral("help"), QStringLiteral("Show this help.")});
    if (c.positional > 0)
        p.addPositionalArgument(QStringLiteral("ARGUMENT"), QString());
}

} // namespace

bool Invocation::takes(const char *option) const
{
    for (const OptionSpec &o : command.options) {
        if (qstrcmp(o.name, option) == 0)
            return true;
    }
    return false;
}

bool Invocation::isSet(const char *option) const
{
    return takes(option) && parser.isSet(QString::fromLatin1(option));
}

QString Invocation::value(const char *option) const
{
    return takes(option) ? parser.value(QString::fromLatin1(option)) : QString();
}

QStringList Invocation::values(const char *option) const
{
    return takes(option) ? parser.values(QString::fromLatin1(option)) : QStringList();
}

QString Invocation::commandLine() const
{
    return (QStringList{QStringLiteral("msim-cli"), QString::fromLatin1(command.name)} + args)
        .join(u' ');
}

const std::vector<CommandSpec> &commands()
{
    static const std::vector<CommandSpec> table = makeCommands();
    return table;
}

const CommandSpec *findCommand(const QString &name)
{
    for (const CommandSpec &c : commands()) {
        if (name == QLatin1String(c.name))
            return &c;
    }
    return nullptr;
}

QString programHelp()
{
    QString text = QStringLiteral(
        "Usage: msim-cli COMMAND [options]\n"
        "\n"
        "Emulates Netscape Messenger 4.5's IMAP client against a real server or the built-in\n"
        "misbehaving one, and reports what the client would have displayed.\n"
        "\n"
        "Commands:\n");
    for (const CommandSpec &c : commands())
        text += QStringLiteral("  %1%2\n")
                    .arg(QString::fromLatin1(c.name).leftJustified(11))
                    .arg(QString::fromUtf8(c.summary));
    text += QStringLiteral("\nRun 'msim-cli COMMAND --help' for the options of a command, and\n"
                           "'msim-cli --version' for the versions of msim, Qt and OpenSSL.\n");
    return text;
}

QString commandHelp(const QString &name)
{
    const CommandSpec *c = findCommand(name);
    if (!c)
        return {};
    QString text = QString::fromUtf8(c->usage);
    if (c->options.empty())
        return text;
    QCommandLineParser p;
    addOptions(*c, p);
    // Qt's text starts with its own usage line and a blank line; ours is above.
    QString options = p.helpText().section(u'\n', 2);
    options.remove(QRegularExpression(QStringLiteral("\nArguments:\n.*$"),
                                      QRegularExpression::DotMatchesEverythingOption));
    return text + u'\n' + options;
}

int runCommand(const CommandSpec &c, const QStringList &args)
{
    const QString name = QString::fromLatin1(c.name);
    QString error;
    if (!rejectPasswordArguments(args, &error))
        return usage(name, error);
    QCommandLineParser p;
    addOptions(c, p);
    if (!p.parse(QStringList{QStringLiteral("msim-cli")} + args))
        return usage(name, p.errorText());
    if (p.isSet(QStringLiteral("help"))) {
        out() << commandHelp(name);
        return ExitOk;
    }
    if (p.optionNames().contains(QStringLiteral("pcap"))) {
        // Found out now, not after a long run.
        const QFileInfo capture(p.value(QStringLiteral("pcap")));
        if (!capture.absoluteDir().exists())
            return usage(
                name,
                QStringLiteral("--pcap: the folder %1 does not exist").arg(capture.absolutePath()));
        if (capture.isDir())
            return usage(
                name,
                QStringLiteral("--pcap: %1 is a folder; name a file").arg(capture.filePath()));
    }
    const QStringList positional = p.positionalArguments();
    if (positional.size() > c.positional) {
        return usage(
            name,
            c.positional == 0 && c.options.empty()
                ? QStringLiteral("takes no arguments")
                : QStringLiteral("unexpected argument '%1'").arg(positional.value(c.positional)));
    }
    return c.run(Invocation{c, p, args});
}

} // namespace msim::cli
