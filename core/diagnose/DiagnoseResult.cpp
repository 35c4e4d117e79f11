// SPDX-License-Identifier: MIT
// DiagnoseResult's few functions (declared in Diagnosis.h, beside the run that fills it).
#include "diagnose/Diagnosis.h"

namespace msim::diagnose {

QString DiagnoseResult::verdict() const
{
    if (error)
        return {};
    return faults.isEmpty() ? QStringLiteral("conformant") : QStringLiteral("faults_found");
}

int DiagnoseResult::exitCode() const
{
    if (error)
        return 1;
    return faults.isEmpty() ? 0 : 3;
}

QString DiagnoseResult::transcriptText() const
{
    return net::renderAll(transcripts);
}

QList<net::CaptureSource> DiagnoseResult::captureSources() const
{
    return net::captureSources(transcripts) + rerunConnections;
}

QList<net::Security> DiagnoseResult::probedTransports() const
{
    QList<net::Security> out;
    for (const ProbeResult &p : probes) {
        if (!p.command.isEmpty() && !out.contains(p.transport))
            out << p.transport;
    }
    return out;
}

} // namespace msim::diagnose
