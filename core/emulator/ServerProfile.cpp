// SPDX-License-Identifier: MIT
#include "emulator/ServerProfile.h"

namespace msim::emulator {

const QList<ServerProfile> &ServerProfile::all()
{
    using F = ServerProfile::Fault;
    static const QList<ServerProfile> list = {
        {QStringLiteral("rfc3501"),
         QStringLiteral("A compliant IMAP4rev1 server (RFC 3501): partials answered exactly"),
         QStringLiteral("the baseline: every client should display every message completely"),
         F::None, false, "msim built-in IMAP4rev1 server ready"},
        {QStringLiteral("exchange55-presp2"),
         QStringLiteral("Exchange 5.5 before SP2: over SSL, chunk replies short of the end carry "
                        "--overrun extra octets after the literal; hurts every chunked client"),
         QStringLiteral("KB Q194998: Messenger 4.5 shows messages over SSL truncated at the first "
                        "chunk and logs out"),
         F::UnframedOverrun, true,
         "Microsoft Exchange IMAP4rev1 server version 5.5.2232.0 (msim) ready"},
        {QStringLiteral("exchange55-presp2-framed"),
         QStringLiteral("Like exchange55-presp2, but the extra octets are inside an honestly "
                        "larger literal; hurts every chunked client"),
         QStringLiteral("a framed overrun: Messenger 4.5 shows the overlapping octets twice"),
         F::FramedOverrun, true,
         "Microsoft Exchange IMAP4rev1 server version 5.5.2232.0 (msim) ready"},
        {QStringLiteral("exchange55-sp2"),
         QStringLiteral("Exchange 5.5 SP2 (5.5.2437.0): the overrun is fixed; compliant"),
         QStringLiteral("KB Q194998's fix: the same messages complete over SSL"), F::None, false,
         "Microsoft Exchange IMAP4rev1 server version 5.5.2437.0 (msim) ready"},
        {QStringLiteral("exchange55-fast-retrieval"),
         QStringLiteral("Exchange 5.5 fast message retrieval: RFC822.SIZE under-reported by "
                        "1.5 % (at least 100 octets); hurts Messenger 4.5 when it chunks"),
         QStringLiteral("KB Q191504: Messenger 4.5 silently loses the tail of the message"),
         F::SizeUnderReported, false,
         "Microsoft Exchange IMAP4rev1 server version 5.5.2448.0 (msim) ready"},
        {QStringLiteral("ignore-partial"),
         QStringLiteral(
             "Later Exchange and Tencent Exmail: partial requests answered with the "
             "whole message as BODY[], no origin; both 4.5 and Thunderbird show it complete"),
         QStringLiteral("servers that ignore partials: 4.5 takes the reply as the whole message"),
         F::IgnorePartial, false, "msim built-in server (ignores partial requests) ready"},
        {QStringLiteral("exchange2010-1mb"),
         QStringLiteral("Exchange 2010: partials starting at or beyond 1 MiB answer an empty "
                        "literal; hurts Thunderbird (it stops at 1 MiB), not Messenger 4.5"),
         QStringLiteral("messages over 1 MiB end at 1 MiB in Thunderbird; Messenger 4.5 asks on "
                        "to the end, then once without a range, and shows them complete"),
         F::EmptyBeyond1MiB, false, "Microsoft Exchange Server 2010 IMAP4 service (msim) ready"},
        {QStringLiteral("hmailserver-past-end"),
         QStringLiteral("hMailServer: a partial starting at or past the end drops the connection; "
                        "RFC822.SIZE over-reported by 100 octets; hurts a client whose chunk "
                        "boundary lands on the true end"),
         QStringLiteral("the worker crash on a request past the end: 4.5 clamps to RFC822.SIZE, so "
                        "it asks past the true end only when a chunk boundary falls inside the "
                        "over-reported octets (the 12288-octet message in 6144-octet chunks); "
                        "otherwise the range-less BODY[] completes the message"),
         F::DropPastEnd, false, "hMailServer (msim) ready"},
        {QStringLiteral("origin-with-length"),
         QStringLiteral("Partials answered BODY[]<start.length>: the request's range echoed as the "
                        "origin (RFC 3501 allows only the start)"),
         QStringLiteral("servers that echo the partial's length in the origin: 4.5 reads the "
                        "origin as C's atoi does (<0.6144> is 0) and shows the message complete"),
         F::OriginWithLength, false, "msim built-in server (echoes partial ranges) ready"},
    };
    return list;
}

const ServerProfile *ServerProfile::find(QStringView name)
{
    for (const ServerProfile &p : all())
        if (p.name == name)
            return &p;
    return nullptr;
}

qint64 ServerProfile::reportedSize(qint64 actual) const
{
    switch (fault) {
    case Fault::SizeUnderReported:
        return std::max<qint64>(0, actual - std::max<qint64>(100, (actual * 15 + 999) / 1000));
    case Fault::DropPastEnd:
        return actual + 100;
    default:
        return actual;
    }
}

} // namespace msim::emulator
