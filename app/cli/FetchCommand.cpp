// msim-cli fetch CONNECTION CLIENT (--uid N [--uid M ...] | --all) [--mailbox INBOX]
//                [--no-verify | --reference-eml FILE] [--keep-seen] [--json] [--report DIR]
#include "CliCommon.h"
#include "Commands.h"

#include "scenario/Report.h"
#include "scenario/TextSummary.h"

#include <QFile>
#include <QJsonDocument>

#include <unistd.h>

namespace msim::cli {

int fetchCommand(const QStringList &args)
{
    const QString cmd = QStringLiteral("fetch");
    QString error;
    if (!rejectPasswordArguments(args, &error))
        return usage(cmd, error);
    QCommandLineParser p;
    p.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    addConnectionOptions(p);
    addClientOptions(p);
    p.addOption({QStringLiteral("uid"), QStringLiteral("A message to fetch; repeatable."),
                 QStringLiteral("N")});
    p.addOption({QStringLiteral("all"), QStringLiteral("Fetch every message of the mailbox.")});
    p.addOption({QStringLiteral("mailbox"), QStringLiteral("Mailbox (INBOX)."),
                 QStringLiteral("NAME"), QStringLiteral("INBOX")});
    p.addOption({QStringLiteral("no-verify"),
                 QStringLiteral("Do not fetch a reference copy on a second connection.")});
    p.addOption({QStringLiteral("reference-eml"),
                 QStringLiteral("Compare with this file (e.g. the customer's copy) instead."),
                 QStringLiteral("FILE")});
    p.addOption({QStringLiteral("keep-seen"),
                 QStringLiteral("Do not restore \\Seen after fetching with BODY[].")});
    p.addOption({QStringLiteral("json"), QStringLiteral("Print the result as one JSON object.")});
    p.addOption({QStringLiteral("report"),
                 QStringLiteral("Write report.json, report.html, transcript.txt and the .eml files "
                                "here."),
                 QStringLiteral("DIR")});
    p.addOption({QStringLiteral("help"), QStringLiteral("Show this help.")});
    if (!p.parse(QStringList{QStringLiteral("msim-cli")} + args))
        return usage(cmd, p.errorText());
    if (p.isSet(QStringLiteral("help"))) {
        out() << "Usage: msim-cli fetch CONNECTION CLIENT (--uid N [--uid M ...] | --all)\n"
                 "                      [--mailbox INBOX] [--no-verify | --reference-eml FILE]\n"
                 "                      [--keep-seen] [--json] [--report DIR]\n\n"
                 "Fetches messages the way the emulated client opens them and reports what it\n"
                 "displays, chunk by chunk. Exit status: 0 every message complete and no finding,\n"
                 "3 any finding, 1 nothing could be fetched, 2 usage error.\n\n"
              << p.helpText().section(QLatin1Char('\n'), 2);
        return ExitOk;
    }
    if (!p.positionalArguments().isEmpty())
        return usage(
            cmd, QStringLiteral("unexpected argument '%1'").arg(p.positionalArguments().first()));

    fetch::FetchRequest req;
    QStringList warnings;
    PrefsSource prefsSource;
    if (!clientFromOptions(p, req.client, warnings, &error, &prefsSource))
        return usage(cmd, error);
    for (const QString &u : p.values(QStringLiteral("uid"))) {
        bool ok = false;
        const uint uid = u.toUInt(&ok);
        if (!ok || uid == 0)
            return usage(cmd, QStringLiteral("--uid must be a positive number, not '%1'").arg(u));
        req.uids.append(uid);
    }
    req.all = p.isSet(QStringLiteral("all"));
    if (req.all == !req.uids.isEmpty())
        return usage(cmd, QStringLiteral("give either --uid N (repeatable) or --all"));
    req.mailbox = p.value(QStringLiteral("mailbox")).toUtf8();
    req.verify = !p.isSet(QStringLiteral("no-verify"));
    req.keepSeen = p.isSet(QStringLiteral("keep-seen"));
    if (p.isSet(QStringLiteral("reference-eml"))) {
        if (!req.verify)
            return usage(cmd, QStringLiteral("--no-verify and --reference-eml exclude each other"));
        if (req.all || req.uids.size() != 1)
            return usage(cmd, QStringLiteral("--reference-eml compares one message: give exactly "
                                             "one --uid"));
        QFile f(p.value(QStringLiteral("reference-eml")));
        if (!f.open(QIODevice::ReadOnly))
            return usage(cmd,
                         QStringLiteral("cannot read %1: %2").arg(f.fileName(), f.errorString()));
        QByteArray eml = f.readAll();
        if (!eml.contains('\r') && eml.contains('\n')) {
            eml.replace("\n", "\r\n");
            warnings << QStringLiteral("%1 has bare LF line ends; it was compared in its CRLF "
                                       "form, as servers serve it.")
                            .arg(f.fileName());
        }
        req.referenceEml = eml;
        req.referenceEmlPath = f.fileName();
    }
    if (!connectionFromOptions(p, req.session, &error))
        return usage(cmd, error);

    fetch::FetchRunner runner(req);
    const bool json = p.isSet(QStringLiteral("json"));
    runToCompletion(runner, !json && ::isatty(STDERR_FILENO));
    fetch::FetchOutcome outcome = runner.outcome();
    outcome.warnings = warnings + outcome.warnings;
    if (!prefsSource.path.isEmpty())
        outcome.notes.prepend(prefsSource.path + QStringLiteral(": ") +
                              prefsSource.report.summary() + u'.');
    if (p.isSet(QStringLiteral("report")) && outcome.cancelled) {
        // As in the GUI: a report states verdicts, and a cancelled fetch has none.
        err() << "msim-cli fetch: no report written: the fetch was cancelled\n";
    } else if (p.isSet(QStringLiteral("report"))) {
        const QJsonObject obj = outcome.toJson();
        scenario::ReportContext ctx;
        ctx.title = QStringLiteral("msim fetch from %1").arg(req.session.endpoint.host);
        ctx.command = QStringLiteral("msim-cli fetch ") + args.join(QLatin1Char(' '));
        if (!scenario::Report::writeFetch(p.value(QStringLiteral("report")), outcome, ctx, obj,
                                          &error))
            err() << "msim-cli fetch: the report could not be written: " << error << '\n';
    }
    if (json)
        out() << outcome.toJsonText();
    else
        out() << scenario::TextSummary::render(outcome);
    out().flush();
    return outcome.exitCode();
}

} // namespace msim::cli
