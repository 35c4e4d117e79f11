// SPDX-License-Identifier: MIT
#include "diagnose/Explanation.h"

#include "diagnose/OutcomeFaults.h"
#include "fetch/Findings.h"

namespace msim::diagnose {

namespace {

using namespace Qt::StringLiterals;

// "Matches KB Q194998 (…)." per reference; a report about other transports is only a pattern.
QString reportsSentence(const FaultEntry &e, net::Security security)
{
    QStringList parts;
    for (const FaultReference &r : e.references) {
        QString name = r.title.isEmpty() ? r.id : u"%1 (%2)"_s.arg(r.id, r.title);
        if (!r.url.isEmpty())
            name += u" <%1>"_s.arg(r.url);
        if (r.coversTransport(security)) {
            parts << u"Matches %1."_s.arg(name);
        } else {
            QStringList where;
            for (net::Security s : r.transports)
                where << fetch::Findings::transport(s);
            parts << u"Matches the pattern of %1, which is about the fault %2; this happened %3."_s
                         .arg(name, where.join(u" or "_s), fetch::Findings::transport(security));
        }
    }
    return parts.join(u' ');
}

Explanation::Item item(const FaultEntry &e, net::Security security)
{
    Explanation::Item i;
    i.id = e.id;
    i.title = e.title;
    i.cause = e.cause;
    i.reports = reportsSentence(e, security);
    if (!e.servers.isEmpty())
        i.servers = u"Known on: %1."_s.arg(e.servers.join(u"; "_s));
    i.workaround = e.workaround;
    i.serverFix = e.serverFix;
    return i;
}

} // namespace

Explanation Explanation::of(const fetch::MessageOutcome &m, net::Security security,
                            const QString &client, const FaultCatalogue &catalogue)
{
    Explanation x;
    const QStringList faults = OutcomeFaults::faults(m);
    const QStringList events = OutcomeFaults::events(m);
    if (!m.cancelled && (!m.exists || !m.error.isEmpty()))
        return x;
    const bool complete = !m.cancelled && m.comparison.verdict == fetch::Verdict::Complete;
    if (complete && faults.isEmpty() && events.isEmpty()) {
        x.nothingWrong = true;
        // Not "as RFC 3501 says": a quirk 4.5 reads as intended (an origin echoed as <0.6144>)
        // leaves no trace in the outcome.
        x.headline = u"Nothing went wrong: %1 showed the whole message, and no chunk, size or "
                     "session end of this fetch is a finding."_s.arg(client);
        return x;
    }
    QList<const FaultEntry *> entries;
    for (const QString &id : faults)
        entries << catalogue.fault(id);
    for (const QString &id : events) {
        // The verdict's sentence is the headline.
        if (id.startsWith(u"verdict:"_s) || id == u"end:cancelled"_s) {
            if (const FaultEntry *e = catalogue.event(id)) // said of any client alike
                x.headline = QString(e->cause).replace(u"Messenger 4.5"_s, client);
            continue;
        }
        entries << catalogue.event(id);
    }
    if (x.headline.isEmpty())
        x.headline = u"%1 showed the whole message, but the server did not answer as RFC 3501 "
                     "says:"_s.arg(client);
    for (const FaultEntry *e : std::as_const(entries)) {
        if (!e)
            continue; // an id a user's catalogue lacks: its finding still says what happened
        x.items << item(*e, security);
        if (x.workaroundSets.isEmpty())
            x.workaroundSets = e->workaroundSets;
    }
    if (client != u"Messenger 4.5"_s && !x.items.isEmpty()) {
        // The catalogue's causes and workarounds are Messenger 4.5's (its prefs): no button
        // that would set a pref this client does not read.
        x.workaroundSets.clear();
        x.headline += u" (The causes and workarounds below are Messenger 4.5's; %1 handles some "
                      "faults differently, and its switch for chunks is the per-server "
                      "fetch_by_chunks pref.)"_s.arg(client);
    }
    return x;
}

QString Explanation::toText() const
{
    QStringList lines{headline};
    for (const Item &i : items) {
        lines << i.title << i.cause;
        for (const QString &s : {i.reports, i.servers})
            if (!s.isEmpty())
                lines << s;
        if (!i.workaround.isEmpty())
            lines << u"Workaround: "_s + i.workaround;
        if (!i.serverFix.isEmpty())
            lines << u"Fix on the server: "_s + i.serverFix;
    }
    return lines.join(u'\n');
}

} // namespace msim::diagnose
