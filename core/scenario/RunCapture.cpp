// SPDX-License-Identifier: MIT
#include "scenario/RunCapture.h"

#include <QCoreApplication>
#include <QSysInfo>

namespace msim::scenario {

QStringList RunCapture::comments(const ReportContext &context, const QString &server)
{
    const QDateTime when =
        context.generated.isValid() ? context.generated : QDateTime::currentDateTimeUtc();
    QStringList out;
    out << QStringLiteral("Written by msim %1, the Messenger 4.5 IMAP simulator, on %2 at %3.")
               .arg(QCoreApplication::applicationVersion(), QSysInfo::machineHostName(),
                    when.toUTC().toString(Qt::ISODate));
    out << QStringLiteral("The octets are those msim sent and received above TLS (decrypted); the "
                          "IP and TCP headers are synthesised on the real addresses and ports.");
    if (!context.title.isEmpty())
        out << QStringLiteral("Run: %1").arg(context.title);
    if (!context.command.isEmpty())
        out << QStringLiteral("Command: %1").arg(context.command);
    if (!server.isEmpty())
        out << QStringLiteral("Server: %1").arg(server);
    return out;
}

QString RunCapture::serverOf(const fetch::ServerInfo &server)
{
    if (server.host.isEmpty())
        return {};
    return QStringLiteral("%1:%2 (%3)")
        .arg(server.host)
        .arg(server.port)
        .arg(net::securityName(server.security));
}

QList<net::CaptureSource> RunCapture::sources(const fetch::FetchOutcome &outcome)
{
    return net::captureSources(outcome.transcripts);
}

QList<net::CaptureSource> RunCapture::sources(const QList<MatrixCell> &cells)
{
    QList<net::CaptureSource> out;
    for (const MatrixCell &c : cells)
        out << net::captureSources(c.result.transcripts, c.folderName());
    return out;
}

bool RunCapture::write(const QString &path, const fetch::FetchOutcome &outcome,
                       const ReportContext &context, QString *error)
{
    const QString server = context.server.isEmpty() ? serverOf(outcome.server) : context.server;
    return net::writeCapture(path, sources(outcome), comments(context, server), error);
}

bool RunCapture::write(const QString &path, const QList<MatrixCell> &cells,
                       const ReportContext &context, QString *error)
{
    QString server = context.server;
    if (server.isEmpty() && !cells.isEmpty())
        server = QStringLiteral("%1, each cell on its own transport")
                     .arg(cells.first().result.server.host);
    return net::writeCapture(path, sources(cells), comments(context, server), error);
}

} // namespace msim::scenario
