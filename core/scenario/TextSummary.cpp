// SPDX-License-Identifier: MIT
#include "scenario/TextSummary.h"

#include "fetch/Findings.h"
#include "net/Printable.h"
#include "net/TlsPolicy.h"

namespace msim::scenario {

QString TextSummary::chunkLine(const fetch::ChunkRecord &c)
{
    QString line = QStringLiteral("  %1  %2").arg(c.index, 3).arg(QString::fromLatin1(c.command));
    QStringList facts;
    if (c.origin)
        facts << QStringLiteral("origin %1").arg(*c.origin);
    else if (c.literalLength >= 0)
        facts << QStringLiteral("no origin");
    if (c.literalLength >= 0)
        facts << QStringLiteral("literal %1").arg(c.literalLength);
    if (c.received != c.literalLength)
        facts << QStringLiteral("received %1").arg(c.received);
    if (c.unframedExtra > 0)
        facts << QStringLiteral("+%1 unframed").arg(c.unframedExtra);
    facts << fetch::chunkStatusName(c.status).toUpper();
    facts << QStringLiteral("%1 ms").arg(c.elapsedMs);
    return line + QStringLiteral("\n       ") + facts.join(QStringLiteral(", "));
}

QString TextSummary::render(const fetch::FetchOutcome &o, bool showChunks)
{
    QString out;
    out += QStringLiteral("server   %1:%2 %3")
               .arg(o.server.host)
               .arg(o.server.port)
               .arg(fetch::Findings::transport(o.server.security));
    if (o.server.tls)
        out +=
            QStringLiteral(" (%1, %2, certificate %3%4)")
                .arg(o.server.tls->protocol, o.server.tls->cipher,
                     net::TlsPolicy::formatPin(o.server.tls->peerSha256),
                     o.server.tls->overridden.isEmpty() ? QString() : QStringLiteral(", pinned"));
    out += QLatin1Char('\n');
    if (!o.server.greeting.isEmpty())
        out += QStringLiteral("greeting %1\n").arg(net::printable::octets(o.server.greeting));
    out += QStringLiteral("client   %1 (preset %2)\n").arg(o.client, o.preset);
    for (const fetch::MessageOutcome &m : o.messages) {
        out += QLatin1Char('\n');
        QString head = QStringLiteral("UID %1").arg(m.uid);
        if (m.rfc822Size >= 0)
            head += QStringLiteral("  %1 octets").arg(m.rfc822Size);
        if (m.strategy != fetch::Strategy::None)
            head += QStringLiteral("  %1").arg(fetch::kStrategyNames.name(m.strategy));
        if (m.chunks.isEmpty() && (!m.error.isEmpty() || !m.exists)) {
            out += head + (m.exists ? QStringLiteral("  NOT FETCHED\n")
                                    : QStringLiteral("  NOT IN THE MAILBOX\n"));
            for (const QString &f : m.findings)
                out += QStringLiteral("  finding: %1\n").arg(f);
            continue;
        }
        if (m.cancelled) // no verdict: the download did not end
            head += QStringLiteral("  CANCELLED (Messenger 4.5 had received %1 of %2 octets)")
                        .arg(m.displayed.size())
                        .arg(m.rfc822Size);
        else
            head += QStringLiteral("  %1").arg(fetch::verdictName(m.comparison.verdict).toUpper());
        if (m.exists && !m.cancelled && m.comparison.verdict != fetch::Verdict::Complete)
            head += QStringLiteral(" (shows %1 of %2 octets)")
                        .arg(m.displayed.size())
                        .arg(m.comparison.expectedLength);
        out += head + QLatin1Char('\n');
        if (showChunks)
            for (const fetch::ChunkRecord &c : m.chunks)
                out += chunkLine(c) + QLatin1Char('\n');
        if (m.sessionEnd != fetch::MessageEnd::None)
            out += QStringLiteral("  session end: %1\n").arg(fetch::kMessageEndNames.name(m.sessionEnd));
        for (const QString &f : m.findings)
            out += QStringLiteral("  finding: %1\n").arg(f);
    }
    if (o.error)
        out += QStringLiteral("\nerror: %1\n").arg(*o.error);
    for (const QString &w : o.warnings)
        out += QStringLiteral("warning: %1\n").arg(w);
    for (const QString &n : o.notes)
        out += QStringLiteral("note: %1\n").arg(n);
    // Every string above is escaped where it was made; this catches any that was not.
    return net::printable::text(out, net::printable::Breaks::Keep);
}

} // namespace msim::scenario
