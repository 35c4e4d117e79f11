// SPDX-License-Identifier: MIT
// msim-cli diagnose CONNECTION [--tls-port N] [--uid N] [--mailbox INBOX] [--keep-seen]
//                   [--json] [--report DIR] [--pcap FILE]
#include "CaseOptions.h"
#include "CliCommon.h"
#include "Commands.h"

#include "diagnose/DiagnoseOutput.h"
#include "diagnose/DiagnoseReport.h"
#include "diagnose/Diagnosis.h"

#include <unistd.h>

namespace msim::cli {

int diagnoseCommand(const Invocation &in)
{
    const QString cmd = QStringLiteral("diagnose");
    scenario::Scenario s;
    QString error;
    if (!scenarioFromOptions(in, s, &error))
        return usage(cmd, error);
    QByteArray password;
    if (!passwordFromOptions(in, s.server.user, s.server.host, password, &error))
        return usage(cmd, error);

    diagnose::DiagnoseRequest req;
    req.base = s.server.sessionOptions(password, s.timeoutSeconds);
    // --port is the plain (and STARTTLS) port, --tls-port the implicit-TLS one, as for matrix;
    // neither: both at their standard ports.
    if (in.isSet("port"))
        req.plainPort = s.server.port;
    if (in.isSet("tls-port"))
        req.tlsPort = s.server.tlsPort;
    if (!req.plainPort && !req.tlsPort) {
        req.plainPort = net::defaultPort(net::Security::None);
        req.tlsPort = net::defaultPort(net::Security::Ssl);
    }
    req.mailbox = s.mailbox.toUtf8();
    if (!s.uids.isEmpty())
        req.uid = s.uids.first();
    req.keepSeen = s.keepSeen;

    QString catalogueWarning;
    diagnose::Diagnosis d(req, diagnose::FaultCatalogue::load(&catalogueWarning));
    const bool json = in.isSet("json");
    const bool showProgress = !json && ::isatty(STDERR_FILENO);
    if (showProgress) {
        QObject::connect(
            &d, &diagnose::Diagnosis::progress, &d, [](const QString &stage, int done, int total) {
                progressLine(QStringLiteral("[%1/%2] %3").arg(done).arg(total).arg(stage));
            });
    }
    runUntilFinished(
        d, &diagnose::Diagnosis::finished, QStringLiteral("diagnosis"), showProgress,
        [&d] { d.start(); }, [&d] { d.cancel(); });

    diagnose::DiagnoseResult result = d.result();
    if (!catalogueWarning.isEmpty())
        result.warnings.prepend(catalogueWarning);
    if (in.isSet("pcap")) {
        scenario::ReportContext ctx;
        ctx.title = QStringLiteral("msim diagnose of %1").arg(s.server.host);
        ctx.command = in.commandLine();
        if (!diagnose::DiagnoseReport::writeCapture(in.value("pcap"), result, ctx, &error))
            err() << "msim-cli diagnose: " << error << '\n';
    }
    if (in.isSet("report") && result.cancelled) {
        err() << "msim-cli diagnose: no report written: the diagnosis was cancelled\n";
    } else if (in.isSet("report")) {
        scenario::ReportContext ctx;
        ctx.title = QStringLiteral("msim diagnose of %1").arg(s.server.host);
        ctx.command = in.commandLine();
        if (!diagnose::DiagnoseReport::write(in.value("report"), result, ctx, &error))
            err() << "msim-cli diagnose: the report could not be written: " << error << '\n';
    }
    if (json)
        out() << diagnose::DiagnoseOutput::json(result);
    else
        out() << diagnose::DiagnoseOutput::text(result);
    out().flush();
    return result.exitCode();
}

} // namespace msim::cli
