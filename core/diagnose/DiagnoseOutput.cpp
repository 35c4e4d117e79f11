// SPDX-License-Identifier: MIT
#include "diagnose/DiagnoseOutput.h"

#include "scenario/JsonOutput.h"

namespace msim::diagnose {

namespace {

using namespace Qt::StringLiterals;
using scenario::JsonWriter;

void writePrefs(JsonWriter &w, const WorkaroundCandidate &c)
{
    w.value("preset", c.preset);
    w.beginObject("prefs");
    for (const auto &[name, value] : c.prefs)
        w.value(name.toUtf8().constData(), value);
    w.endObject();
}

void writeCandidate(JsonWriter &w, const WorkaroundCandidate &c, const char *key)
{
    w.beginObject(key);
    writePrefs(w, c);
    w.value("verified", c.verified);
    w.value("evidence", c.evidence);
    w.endObject();
}

void writeFault(JsonWriter &w, const DiagnosedFault &f)
{
    w.beginObject();
    w.value("id", f.id);
    w.value("title", f.title);
    scenario::JsonOutput::writeStrings(w, "references", f.references);
    QStringList transports;
    for (net::Security s : f.transports)
        transports << net::securityName(s);
    scenario::JsonOutput::writeStrings(w, "transports", transports);
    w.value("uid", qint64(f.uid));
    w.value("sentence", f.sentence);
    w.value("evidence", f.evidence);
    w.beginObject("affects");
    for (const AffectedClient &a : f.affects)
        w.value(a.preset.toUtf8().constData(), a.sentence);
    w.endObject();
    w.beginArray("candidates");
    for (const WorkaroundCandidate &c : f.candidates)
        writeCandidate(w, c, nullptr);
    w.endArray();
    if (const WorkaroundCandidate *c = f.verifiedWorkaround())
        writeCandidate(w, *c, "workaround");
    else
        w.null("workaround");
    w.value("server_fix", f.serverFix);
    w.endObject();
}

void writeProbe(JsonWriter &w, const ProbeResult &r)
{
    w.beginObject();
    w.value("name", r.spec.name);
    w.value("transport", net::securityName(r.transport));
    if (r.spec.uid)
        w.value("uid", qint64(r.spec.uid));
    else
        w.null("uid");
    w.value("command", QString::fromLatin1(r.command));
    w.value("result", kProbeVerdictNames.name(r.verdict));
    w.value("evidence", r.evidence);
    scenario::JsonOutput::writeStrings(w, "observations", r.observations);
    w.endObject();
}

// "  name  result  evidence" with the columns padded.
QString probeLine(const ProbeResult &r)
{
    return u"  %1 %2 %3 %4\n"_s.arg(net::securityName(r.transport), -9)
        .arg(r.spec.name, -20)
        .arg(kProbeVerdictNames.name(r.verdict), -7)
        .arg(r.evidence);
}

} // namespace

QString DiagnoseOutput::candidateText(const WorkaroundCandidate &c)
{
    QStringList sets;
    for (const auto &[name, value] : c.prefs)
        sets << name + u'=' + value;
    QString t = sets.join(u", "_s);
    if (c.preset != "messenger45"_L1)
        t += u" ("_s + c.preset + u')';
    return t;
}

void DiagnoseOutput::writeJson(JsonWriter &w, const DiagnoseResult &r)
{
    w.beginObject();
    scenario::JsonOutput::writeServer(w, r.server, "server");
    w.beginArray("transports");
    for (const fetch::ServerInfo &t : r.transports)
        scenario::JsonOutput::writeServer(w, t, nullptr);
    w.endArray();
    w.beginArray("messages");
    for (const ProbedMessage &m : r.messages) {
        w.beginObject();
        w.value("uid", qint64(m.uid));
        w.value("rfc822_size", m.rfc822Size);
        if (m.reference)
            w.value("reference_length", qint64(m.reference->size()));
        else
            w.null("reference_length");
        w.endObject();
    }
    w.endArray();
    w.beginArray("probes");
    for (const ProbeResult &p : r.probes)
        writeProbe(w, p);
    w.endArray();
    w.beginArray("faults");
    for (const DiagnosedFault &f : r.faults)
        writeFault(w, f);
    w.endArray();
    if (r.error)
        w.null("verdict");
    else
        w.value("verdict", r.verdict());
    scenario::JsonOutput::writeStrings(w, "warnings", r.warnings);
    scenario::JsonOutput::writeStrings(w, "notes", r.notes);
    if (r.error)
        w.value("error", *r.error);
    else
        w.null("error");
    w.endObject();
}

QByteArray DiagnoseOutput::json(const DiagnoseResult &result)
{
    JsonWriter w;
    writeJson(w, result);
    return w.take();
}

QString DiagnoseOutput::text(const DiagnoseResult &r)
{
    QString out;
    const QString host = r.server.host.isEmpty() ? u"the server"_s : r.server.host;
    QStringList where;
    const QList<net::Security> reached = r.probedTransports();
    for (const fetch::ServerInfo &t : r.transports) {
        if (reached.contains(t.security)) // one that could not be reached is a warning below
            where << u"%1 on port %2"_s.arg(net::securityName(t.security)).arg(t.port);
    }
    QStringList what;
    for (const ProbedMessage &m : r.messages)
        what << u"UID %1 (%2 octets)"_s.arg(m.uid).arg(m.rfc822Size);
    const QString probed =
        where.isEmpty() ? QString()
                        : u" (probed over %1; %2)"_s.arg(where.join(u", "_s), what.join(u", "_s));
    if (r.error)
        out += u"Diagnosis of %1 could not run: %2\n"_s.arg(host, *r.error);
    else if (r.faults.isEmpty())
        out += u"Conformant: the probes found no known partial-FETCH fault on %1%2.\n"_s.arg(
            host, probed);
    else
        out += u"Faults found: %1 known partial-FETCH fault%2 on %3%4.\n"_s.arg(r.faults.size())
                   .arg(r.faults.size() == 1 ? QString() : u"s"_s, host, probed);
    int n = 0;
    for (const DiagnosedFault &f : r.faults) {
        out += u"\n%1. %2\n"_s.arg(++n).arg(f.sentence);
        out += u"   Evidence: %1\n"_s.arg(f.evidence);
        out += u"   Who suffers (UID %1 over %2):\n"_s.arg(f.uid).arg(
            net::securityName(f.transports.first()));
        for (const AffectedClient &a : f.affects)
            out += u"     %1 %2\n"_s.arg(a.preset, -13).arg(a.sentence);
        const bool nobodySuffers =
            std::all_of(f.affects.begin(), f.affects.end(), [](const AffectedClient &a) {
                return a.verdict == fetch::Verdict::Complete;
            });
        if (nobodySuffers)
            out += u"   Workaround: none needed: every client above shows the whole message.\n"_s;
        else if (const WorkaroundCandidate *c = f.verifiedWorkaround())
            out += u"   Workaround (verified): %1. %2\n"_s.arg(candidateText(*c), c->evidence);
        else
            out += u"   Workaround: none of the candidates came back complete.\n"_s;
        for (int i = 0; i < f.candidates.size(); ++i) {
            if (i == f.workaround && !nobodySuffers)
                continue;
            const WorkaroundCandidate &c = f.candidates[i];
            out += u"     tried %1: %2 %3\n"_s.arg(
                candidateText(c), c.verified ? u"verified."_s : u"not verified."_s, c.evidence);
        }
        if (!f.serverFix.isEmpty())
            out += u"   Server fix: %1\n"_s.arg(f.serverFix);
    }
    if (!r.probes.isEmpty()) {
        out += u"\nProbes:\n"_s;
        for (const ProbeResult &p : r.probes)
            out += probeLine(p);
    }
    for (const QString &note : r.notes)
        out += u"note: "_s + note + u'\n';
    for (const QString &w : r.warnings)
        out += u"warning: "_s + w + u'\n';
    return out;
}

} // namespace msim::diagnose
