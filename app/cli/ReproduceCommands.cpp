// SPDX-License-Identifier: MIT
// msim-cli reproduce (SCENARIO.json | NAME) [--json] [--report DIR] [--pcap FILE]
// msim-cli scenarios
// msim-cli matrix    CONNECTION CLIENT --uid N [--tls-port N] [--chunk-sizes 6144,10240,...]
//                    [--json] [--report DIR] [--pcap FILE]
#include "CaseOptions.h"
#include "CliCommon.h"
#include "Commands.h"

#include "scenario/JsonOutput.h"
#include "scenario/Matrix.h"
#include "scenario/Report.h"
#include "scenario/RunCapture.h"
#include "scenario/ScenarioLibrary.h"
#include "scenario/ScenarioRunner.h"

#include <QEventLoop>
#include <QFileInfo>

#include <unistd.h>

namespace msim::cli {

int reproduceCommand(const Invocation &in)
{
    const QString cmd = QStringLiteral("reproduce");
    QString error;
    if (in.parser.positionalArguments().size() != 1)
        return usage(cmd, QStringLiteral("give exactly one scenario file or library name"));
    // A file when there is one of that name, else a scenario of the bundled library by name.
    QString file = in.parser.positionalArguments().first();
    if (!QFileInfo(file).isFile()) {
        const QString bundled = scenario::ScenarioLibrary::path(file);
        if (!bundled.isEmpty())
            file = bundled;
        else if (!QFileInfo::exists(file) && !file.contains(u'/'))
            return usage(cmd, QStringLiteral("'%1' is neither a file nor a scenario of the "
                                             "library (msim-cli scenarios lists them)")
                                  .arg(file));
    }
    auto scenario = scenario::Scenario::load(file, &error);
    if (!scenario)
        return usage(cmd, error);
    scenario::ScenarioRunner runner(*scenario);
    if (!scenario->server.builtIn) {
        if (!in.isSet("password-file") && !qEnvironmentVariableIsSet("MSIM_PASSWORD"))
            return usage(cmd, QStringLiteral("this scenario talks to %1: give its password in "
                                             "$MSIM_PASSWORD or with --password-file F")
                                  .arg(scenario->server.host));
        QByteArray password;
        if (!passwordFromOptions(in, scenario->server.user, scenario->server.host, password,
                                 &error))
            return usage(cmd, error);
        runner.setPassword(password);
    }
    const bool json = in.isSet("json");
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
    const QByteArray obj = runner.toJson();
    scenario::ReportContext ctx;
    ctx.title = scenario->title;
    ctx.ticket = scenario->ticket;
    ctx.description = scenario->description;
    ctx.expectationMet = runner.expectationMet();
    ctx.differences = runner.differences();
    ctx.command = in.commandLine();
    if (scenario->server.builtIn)
        ctx.server =
            QStringLiteral("msim's built-in server, profile %1").arg(scenario->server.profile);
    if (in.isSet("pcap")) {
        bool ok = true;
        if (runner.fetchOutcome())
            ok = scenario::RunCapture::write(in.value("pcap"), *runner.fetchOutcome(), ctx, &error);
        else if (!runner.cells().isEmpty())
            ok = scenario::RunCapture::write(in.value("pcap"), runner.cells(), ctx, &error);
        if (!ok)
            err() << "msim-cli reproduce: " << error << '\n';
    }
    if (in.isSet("report")) {
        bool ok = true;
        if (runner.fetchOutcome())
            ok = scenario::Report::writeFetch(in.value("report"), *runner.fetchOutcome(), ctx, obj,
                                              &error);
        else if (!runner.cells().isEmpty())
            ok =
                scenario::Report::writeMatrix(in.value("report"), runner.cells(), ctx, obj, &error);
        if (!ok)
            err() << "msim-cli reproduce: the report could not be written: " << error << '\n';
    }
    if (json)
        writeOut(obj);
    else
        out() << runner.summary();
    out().flush();
    return runner.exitCode();
}

int matrixCommand(const Invocation &in)
{
    const QString cmd = QStringLiteral("matrix");
    scenario::Scenario s;
    QString error;
    if (!scenarioFromOptions(in, s, &error))
        return usage(cmd, error);
    QStringList warnings;
    if (!s.clientSettings(warnings, &error))
        return usage(cmd, error);
    warnings.clear(); // said again by matrixRequest() below
    QByteArray password;
    if (!passwordFromOptions(in, s.server.user, s.server.host, password, &error))
        return usage(cmd, error);
    const auto request = s.matrixRequest(password, warnings, &error);
    if (!request)
        return usage(cmd, error);
    scenario::Matrix matrix(*request);
    QEventLoop loop;
    QObject::connect(&matrix, &scenario::Matrix::finished, &loop, &QEventLoop::quit);
    const bool json = in.isSet("json");
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
    const QByteArray obj =
        scenario::JsonOutput::matrix(cells, matrix.notes(), warnings + matrix.warnings());
    scenario::ReportContext ctx;
    ctx.title = QStringLiteral("Reproduction matrix for UID %1").arg(s.uids.first());
    ctx.command = in.commandLine();
    if (in.isSet("pcap") && !scenario::RunCapture::write(in.value("pcap"), cells, ctx, &error))
        err() << "msim-cli matrix: " << error << '\n';
    if (in.isSet("report")) {
        if (!scenario::Report::writeMatrix(in.value("report"), cells, ctx, obj, &error))
            err() << "msim-cli matrix: the report could not be written: " << error << '\n';
    }
    if (json) {
        writeOut(obj);
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

int scenariosCommand(const Invocation &)
{
    const QString folder = scenario::ScenarioLibrary::folder();
    if (folder.isEmpty()) {
        err() << "msim-cli scenarios: the scenario library (share/msim/scenarios beside the "
                 "program) is not there\n";
        return ExitFailed;
    }
    for (const QString &name : scenario::ScenarioLibrary::names()) {
        QString error;
        const auto s = scenario::Scenario::load(scenario::ScenarioLibrary::path(name), &error);
        out() << name << '\t' << (s ? s->title : QStringLiteral("(unreadable: %1)").arg(error))
              << '\n';
    }
    return ExitOk;
}

} // namespace msim::cli
