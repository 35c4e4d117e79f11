// SPDX-License-Identifier: MIT
// msim-cli fetch CONNECTION CLIENT (--uid N [--uid M ...] | --all) [--mailbox INBOX]
//                [--no-verify | --reference-eml FILE] [--keep-seen] [--json] [--report DIR]
//                [--pcap FILE]
#include "CaseOptions.h"
#include "CliCommon.h"
#include "Commands.h"

#include "scenario/JsonOutput.h"
#include "scenario/Report.h"
#include "scenario/RunCapture.h"
#include "scenario/TextSummary.h"

#include <unistd.h>

namespace msim::cli {

int fetchCommand(const Invocation &in)
{
    const QString cmd = QStringLiteral("fetch");
    scenario::Scenario s;
    QString error;
    if (!scenarioFromOptions(in, s, &error))
        return usage(cmd, error);
    QStringList warnings;
    prefs::Prefs::ApplyReport prefsReport;
    if (!s.clientSettings(warnings, &error, &prefsReport))
        return usage(cmd, error);
    warnings.clear(); // said again by fetchRequest() below
    QByteArray password;
    if (!passwordFromOptions(in, s.server.user, s.server.host, password, &error))
        return usage(cmd, error);
    const auto req = s.fetchRequest(password, warnings, &error);
    if (!req)
        return usage(cmd, error);

    fetch::FetchRunner runner(*req);
    const bool json = in.isSet("json");
    runToCompletion(runner, !json && ::isatty(STDERR_FILENO));
    fetch::FetchOutcome outcome = runner.outcome();
    outcome.warnings = warnings + outcome.warnings;
    if (!s.client.prefsJs.isEmpty())
        outcome.notes.prepend(s.client.prefsJs + QStringLiteral(": ") + prefsReport.summary() +
                              u'.');
    if (in.isSet("pcap")) {
        // Even for a cancelled fetch: the octets are facts, whatever the verdict.
        scenario::ReportContext ctx;
        ctx.title = QStringLiteral("msim fetch from %1").arg(s.server.host);
        ctx.command = in.commandLine();
        if (!scenario::RunCapture::write(in.value("pcap"), outcome, ctx, &error))
            err() << "msim-cli fetch: " << error << '\n';
    }
    if (in.isSet("report") && outcome.cancelled) {
        // As in the GUI: a report states verdicts, and a cancelled fetch has none.
        err() << "msim-cli fetch: no report written: the fetch was cancelled\n";
    } else if (in.isSet("report")) {
        scenario::ReportContext ctx;
        ctx.title = QStringLiteral("msim fetch from %1").arg(s.server.host);
        ctx.command = in.commandLine();
        if (!scenario::Report::writeFetch(in.value("report"), outcome, ctx,
                                          scenario::JsonOutput::fetch(outcome), &error))
            err() << "msim-cli fetch: the report could not be written: " << error << '\n';
    }
    if (json) {
        // Streamed: the object for 20 000 messages is 24 MB, on top of everything they keep.
        out().flush();
        scenario::JsonWriter w(&outDevice());
        scenario::JsonOutput::writeFetch(w, outcome);
        w.take();
    } else
        out() << scenario::TextSummary::render(outcome);
    out().flush();
    return outcome.exitCode();
}

} // namespace msim::cli
