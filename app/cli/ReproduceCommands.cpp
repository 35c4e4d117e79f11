// msim-cli reproduce SCENARIO.json [--json] [--report DIR]
// msim-cli matrix    CONNECTION CLIENT --uid N [--tls-port N] [--chunk-sizes 6144,10240,...]
//                    [--json] [--report DIR]
#include "CliCommon.h"
#include "Commands.h"

#include "scenario/Matrix.h"
#include "scenario/Report.h"
#include "scenario/ScenarioRunner.h"

#include <QEventLoop>
#include <QFile>
#include <QJsonDocument>

#include <unistd.h>

namespace msim::cli {

namespace {

QString commandLine(const QString &command, const QStringList &args)
{
    return QStringList{QStringLiteral("msim-cli"), command}.join(QLatin1Char(' ')) +
           (args.isEmpty() ? QString() : QLatin1Char(' ') + args.join(QLatin1Char(' ')));
}

} // namespace

int reproduceCommand(const QStringList &args)
{
    const QString cmd = QStringLiteral("reproduce");
    QCommandLineParser p;
    p.addPositionalArgument(QStringLiteral("SCENARIO.json"), QStringLiteral("The scenario file."));
    p.addOption({QStringLiteral("json"), QStringLiteral("Print the result as one JSON object.")});
    p.addOption({QStringLiteral("report"),
                 QStringLiteral("Write report.json, report.html, transcript.txt and the .eml "
                                "files here."),
                 QStringLiteral("DIR")});
    p.addOption({QStringLiteral("password-file"),
                 QStringLiteral("For a scenario against a real host: read the password here "
                                "(else $MSIM_PASSWORD)."),
                 QStringLiteral("F")});
    p.addOption({QStringLiteral("help"), QStringLiteral("Show this help.")});
    QString error;
    if (!rejectPasswordArguments(args, &error))
        return usage(cmd, error);
    if (!p.parse(QStringList{QStringLiteral("msim-cli")} + args))
        return usage(cmd, p.errorText());
    if (p.isSet(QStringLiteral("help"))) {
        out() << "Usage: msim-cli reproduce SCENARIO.json [--json] [--report DIR]\n\n"
                 "Runs a reproduction: starts the built-in server when the scenario names a\n"
                 "profile, runs the client, compares with the expectation. Exit status: 0 the\n"
                 "expectation holds, 3 it does not, 1 it could not run, 2 a bad scenario file.\n"
                 "The bundled library is in resources/scenarios; docs/SCENARIOS.md describes the\n"
                 "format.\n\n"
              << p.helpText().section(QLatin1Char('\n'), 2);
        return ExitOk;
    }
    if (p.positionalArguments().size() != 1)
        return usage(cmd, QStringLiteral("give exactly one scenario file"));
    auto scenario = scenario::Scenario::load(p.positionalArguments().first(), &error);
    if (!scenario)
        return usage(cmd, error);
    scenario::ScenarioRunner runner(*scenario);
    if (!scenario->server.builtIn) {
        QByteArray pw;
        if (p.isSet(QStringLiteral("password-file"))) {
            QFile f(p.value(QStringLiteral("password-file")));
            if (!f.open(QIODevice::ReadOnly))
                return usage(
                    cmd, QStringLiteral("cannot read %1: %2").arg(f.fileName(), f.errorString()));
            pw = f.readAll().trimmed();
        } else if (qEnvironmentVariableIsSet("MSIM_PASSWORD")) {
            pw = qgetenv("MSIM_PASSWORD");
        } else {
            return usage(cmd, QStringLiteral("this scenario talks to %1: give its password in "
                                             "$MSIM_PASSWORD or with --password-file F")
                                  .arg(scenario->server.host));
        }
        runner.setPassword(pw);
    }
    const bool json = p.isSet(QStringLiteral("json"));
    const bool tty = !json && ::isatty(STDERR_FILENO);
    QEventLoop loop;
    QObject::connect(&runner, &scenario::ScenarioRunner::finished, &loop, &QEventLoop::quit);
    if (tty)
        QObject::connect(&runner, &scenario::ScenarioRunner::progress, &loop,
                         [](const QString &w) { progressLine(w); });
    runner.start();
    loop.exec();
    if (tty)
        clearProgress();
    const QJsonObject obj = runner.toJson();
    if (p.isSet(QStringLiteral("report"))) {
        scenario::ReportContext ctx;
        ctx.title = scenario->title;
        ctx.ticket = scenario->ticket;
        ctx.description = scenario->description;
        ctx.expectationMet = runner.expectationMet();
        ctx.differences = runner.differences();
        ctx.command = commandLine(cmd, args);
        bool ok = true;
        if (runner.fetchOutcome())
            ok = scenario::Report::writeFetch(p.value(QStringLiteral("report")),
                                              *runner.fetchOutcome(), ctx, obj, &error);
        else if (!runner.cells().isEmpty())
            ok = scenario::Report::writeMatrix(p.value(QStringLiteral("report")), runner.cells(),
                                               ctx, obj, &error);
        if (!ok)
            err() << "msim-cli reproduce: the report could not be written: " << error << '\n';
    }
    if (json)
        out() << QJsonDocument(obj).toJson(QJsonDocument::Indented);
    else
        out() << runner.summary();
    out().flush();
    return runner.exitCode();
}

int matrixCommand(const QStringList &args)
{
    const QString cmd = QStringLiteral("matrix");
    QString error;
    if (!rejectPasswordArguments(args, &error))
        return usage(cmd, error);
    QCommandLineParser p;
    addConnectionOptions(p);
    addClientOptions(p);
    p.addOption({QStringLiteral("uid"), QStringLiteral("The message to fetch in every cell."),
                 QStringLiteral("N")});
    p.addOption({QStringLiteral("mailbox"), QStringLiteral("Mailbox (INBOX)."),
                 QStringLiteral("NAME"), QStringLiteral("INBOX")});
    p.addOption({QStringLiteral("tls-port"),
                 QStringLiteral("The implicit-TLS port for the ssl cells (993); --port is the "
                                "plain/STARTTLS one (143)."),
                 QStringLiteral("N")});
    p.addOption({QStringLiteral("chunk-sizes"),
                 QStringLiteral("Chunk sizes for the chunks-on cells (the client's own)."),
                 QStringLiteral("6144,10240,...")});
    p.addOption({QStringLiteral("no-verify"),
                 QStringLiteral("Do not fetch a reference copy in each cell.")});
    p.addOption({QStringLiteral("keep-seen"), QStringLiteral("Do not restore \\Seen afterwards.")});
    p.addOption({QStringLiteral("json"), QStringLiteral("Print the result as one JSON object.")});
    p.addOption({QStringLiteral("report"),
                 QStringLiteral("Write the reports here (a folder per cell)."),
                 QStringLiteral("DIR")});
    p.addOption({QStringLiteral("help"), QStringLiteral("Show this help.")});
    if (!p.parse(QStringList{QStringLiteral("msim-cli")} + args))
        return usage(cmd, p.errorText());
    if (p.isSet(QStringLiteral("help"))) {
        out() << "Usage: msim-cli matrix CONNECTION CLIENT --uid N [--tls-port N]\n"
                 "                       [--chunk-sizes 6144,10240,...] [--json] [--report DIR]\n\n"
                 "Fetches one message over none / starttls / ssl with fetch_by_chunks on and off\n"
                 "(and each chunk size), cells in parallel, and prints a table of verdicts. Exit\n"
                 "status: 0 every cell complete and no finding, 3 any finding, 1 nothing could be\n"
                 "fetched, 2 usage error.\n\n"
              << p.helpText().section(QLatin1Char('\n'), 2);
        return ExitOk;
    }
    if (!p.positionalArguments().isEmpty())
        return usage(
            cmd, QStringLiteral("unexpected argument '%1'").arg(p.positionalArguments().first()));
    scenario::MatrixRequest mr;
    QStringList warnings;
    if (!clientFromOptions(p, mr.base.client, warnings, &error))
        return usage(cmd, error);
    bool ok = false;
    const uint uid = p.value(QStringLiteral("uid")).toUInt(&ok);
    if (!p.isSet(QStringLiteral("uid")) || !ok || uid == 0)
        return usage(cmd, QStringLiteral("--uid N is required (one message)"));
    mr.base.uids = {uid};
    mr.base.mailbox = p.value(QStringLiteral("mailbox")).toUtf8();
    mr.base.verify = !p.isSet(QStringLiteral("no-verify"));
    mr.base.keepSeen = p.isSet(QStringLiteral("keep-seen"));
    if (p.isSet(QStringLiteral("chunk-sizes"))) {
        for (const QString &s : p.value(QStringLiteral("chunk-sizes")).split(QLatin1Char(','))) {
            const qint64 v = s.trimmed().toLongLong(&ok);
            if (!ok || v <= 0 || v > 2147483647)
                return usage(
                    cmd, QStringLiteral("--chunk-sizes takes positive numbers, not '%1'").arg(s));
            mr.chunkSizes << v;
        }
    }
    // The CONNECTION's --port is the plain one here; default the security so the port default
    // is 143, whatever --security says (every cell sets its own).
    if (!connectionFromOptions(p, mr.base.session, &error))
        return usage(cmd, error);
    mr.plainPort = p.isSet(QStringLiteral("port")) ? mr.base.session.endpoint.port : 143;
    mr.tlsPort = 993;
    if (p.isSet(QStringLiteral("tls-port"))) {
        const uint tp = p.value(QStringLiteral("tls-port")).toUInt(&ok);
        if (!ok || tp == 0 || tp > 65535)
            return usage(cmd, QStringLiteral("--tls-port must be a port number"));
        mr.tlsPort = quint16(tp);
    }
    scenario::Matrix matrix(mr);
    QEventLoop loop;
    QObject::connect(&matrix, &scenario::Matrix::finished, &loop, &QEventLoop::quit);
    const bool json = p.isSet(QStringLiteral("json"));
    if (!json && ::isatty(STDERR_FILENO))
        QObject::connect(&matrix, &scenario::Matrix::cellFinished, &loop, [&matrix](int i) {
            err() << "cell " << matrix.cells()[i].folderName() << ": "
                  << matrix.cells()[i].verdict() << '\n';
            err().flush();
        });
    matrix.start();
    loop.exec();
    QList<scenario::MatrixCell> cells = matrix.cells();
    for (auto &c : cells)
        c.result.warnings = warnings + c.result.warnings;
    const QJsonObject obj =
        scenario::Matrix::toJson(cells, matrix.notes(), warnings + matrix.warnings());
    if (p.isSet(QStringLiteral("report"))) {
        scenario::ReportContext ctx;
        ctx.title = QStringLiteral("Reproduction matrix for UID %1").arg(uid);
        ctx.command = commandLine(cmd, args);
        if (!scenario::Report::writeMatrix(p.value(QStringLiteral("report")), cells, ctx, obj,
                                           &error))
            err() << "msim-cli matrix: the report could not be written: " << error << '\n';
    }
    if (json) {
        out() << QJsonDocument(obj).toJson(QJsonDocument::Indented);
    } else {
        out() << scenario::Matrix::table(cells);
        for (const auto &c : std::as_const(cells))
            for (const auto &m : c.result.messages)
                if (!m.findings.isEmpty())
                    out() << c.folderName() << ": " << m.findings.first() << '\n';
        for (const QString &n : matrix.notes())
            out() << "note: " << n << '\n';
        for (const QString &w : warnings + matrix.warnings())
            out() << "warning: " << w << '\n';
    }
    out().flush();
    return scenario::Matrix::exitCode(cells);
}

} // namespace msim::cli
