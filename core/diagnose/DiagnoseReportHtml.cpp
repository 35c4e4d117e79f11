// SPDX-License-Identifier: MIT
#include "diagnose/DiagnoseReportHtml.h"

#include "diagnose/DiagnoseOutput.h"
#include "net/Transcript.h"
#include "scenario/ReportPage.h"
#include "scenario/SessionHtml.h"

namespace msim::diagnose {

using namespace Qt::StringLiterals;
using scenario::MarkupWriter;
using scenario::ReportPage;

namespace {

// A table's heading row: <tr><th>…</th>…</tr>.
void headingRow(MarkupWriter &w, const QStringList &headings)
{
    w.start(u"tr"_s);
    for (const QString &h : headings)
        w.element(u"th"_s, h);
    w.endLine();
}

// The transports in the order they first appear.
QList<net::Security> transportsOf(const QList<ProbeResult> &probes)
{
    QList<net::Security> out;
    for (const ProbeResult &p : probes)
        if (!out.contains(p.transport))
            out << p.transport;
    return out;
}

QString transportList(const QList<net::Security> &transports)
{
    QStringList names;
    for (net::Security s : transports)
        names << ReportPage::transportName(s);
    return names.join(u", "_s);
}

} // namespace

QString DiagnoseReportHtml::banner(const DiagnoseResult &r)
{
    if (r.error)
        return u"Could not run: "_s + *r.error;
    if (r.faults.isEmpty())
        return u"Conformant: no known partial-FETCH fault found"_s;
    return r.faults.size() == 1 ? u"1 known fault found"_s
                                : u"%1 known faults found"_s.arg(r.faults.size());
}

QString DiagnoseReportHtml::page(const DiagnoseResult &r, const scenario::ReportContext &c,
                                 bool files)
{
    QString out;
    ReportPage page(&out);
    MarkupWriter &w = page.writer();
    page.open(c, u"msim diagnose"_s);
    if (!c.command.isEmpty()) {
        w.start(u"p"_s, {{u"class"_s, u"meta"_s}});
        page.alternate({u"Made with "_s, c.command}, u"span"_s, u"mono"_s);
        w.endLine();
    }
    if (!r.server.host.isEmpty())
        page.meta({u"Server "_s, u"%1:%2"_s.arg(r.server.host, QString::number(r.server.port)),
                   u" · probed over "_s, transportList(transportsOf(r.probes))});
    const QString cls = r.error
                            ? u"banner error"_s
                            : (r.faults.isEmpty() ? u"banner conformant"_s : u"banner faults"_s);
    w.elementLine(u"div"_s, banner(r), {{u"class"_s, cls}, {u"id"_s, u"verdict"_s}});
    page.story(c);

    if (!r.faults.isEmpty()) {
        w.elementLine(u"h2"_s, r.faults.size() == 1 ? u"The fault"_s : u"The faults"_s);
        for (const DiagnosedFault &f : r.faults)
            fault(page, f);
    }
    probes(page, r);
    messages(page, r, files);
    if (!r.notes.isEmpty()) {
        w.elementLine(u"h2"_s, u"Notes"_s);
        page.list(r.notes);
    }
    if (!r.warnings.isEmpty()) {
        w.elementLine(u"h2"_s, u"Warnings"_s);
        page.list(r.warnings, u"warnings"_s);
    }
    servers(page, r, files);
    page.finish(c);
    return out;
}

void DiagnoseReportHtml::fault(ReportPage &page, const DiagnosedFault &f)
{
    MarkupWriter &w = page.writer();
    const FaultEntry *entry = FaultCatalogue::shared().fault(f.id);
    w.startLine(u"section"_s, {{u"class"_s, u"fault"_s}, {u"id"_s, u"fault-"_s + f.id}});
    w.start(u"h3"_s);
    w.text(f.title + u" "_s);
    w.element(u"span"_s, f.id, {{u"class"_s, u"mono"_s}});
    w.endLine();
    w.elementLine(u"p"_s, DiagnoseOutput::faultSentence(f), {{u"class"_s, u"sentence"_s}});

    if (!f.references.isEmpty()) {
        w.elementLine(u"h4"_s, u"References"_s);
        w.startLine(u"ul"_s, {{u"class"_s, u"references"_s}});
        for (const QString &ref : f.references) {
            const FaultReference *known = nullptr;
            for (const FaultReference &fr : entry ? entry->references : QList<FaultReference>())
                if (fr.id == ref)
                    known = &fr;
            w.start(u"li"_s);
            if (known && !known->url.isEmpty())
                w.element(u"a"_s, ref, {{u"href"_s, known->url}});
            else
                w.text(ref);
            if (known && !known->title.isEmpty())
                w.text(u": "_s + known->title);
            w.endLine();
        }
        w.endLine();
    }
    if (f.clean.isEmpty())
        page.meta(
            {u"Seen over "_s, transportList(f.transports), u" on UID "_s, QString::number(f.uid)});
    else
        page.meta({u"Seen over "_s, transportList(f.transports), u", not over "_s,
                   transportList(f.clean), u" on UID "_s, QString::number(f.uid)});
    w.elementLine(u"h4"_s, u"Evidence"_s);
    w.elementLine(u"p"_s, f.evidence);

    if (!f.affects.isEmpty()) {
        w.elementLine(u"h4"_s, u"Who suffers"_s);
        w.startLine(u"table"_s, {{u"class"_s, u"affects"_s}});
        headingRow(w, {u"client preset"_s, u"verdict"_s, u"what it shows"_s});
        for (const AffectedClient &a : f.affects) {
            w.start(u"tr"_s);
            w.element(u"td"_s, a.preset, {{u"class"_s, u"mono"_s}});
            w.start(u"td"_s);
            page.badge(a.verdict ? fetch::verdictName(*a.verdict) : u"failed"_s);
            w.end();
            w.element(u"td"_s, a.sentence);
            w.endLine();
        }
        w.endLine();
    }
    candidates(page, f);
    if (!f.serverFix.isEmpty()) {
        w.elementLine(u"h4"_s, u"Server fix"_s);
        w.elementLine(u"p"_s, f.serverFix, {{u"class"_s, u"server-fix"_s}});
    }
    w.endLine();
}

void DiagnoseReportHtml::candidates(ReportPage &page, const DiagnosedFault &f)
{
    if (f.candidates.isEmpty())
        return;
    MarkupWriter &w = page.writer();
    w.elementLine(u"h4"_s, u"Workaround"_s);
    w.start(u"p"_s, {{u"class"_s, u"workaround"_s}});
    if (const WorkaroundCandidate *v = f.verifiedWorkaround())
        page.alternate({u"Verified: "_s, DiagnoseOutput::candidateText(*v),
                        u" (the re-run came back complete)."_s},
                       u"span"_s, u"mono"_s);
    else
        w.text(u"No candidate came back complete: none is verified."_s);
    w.endLine();
    w.startLine(u"table"_s, {{u"class"_s, u"candidates"_s}});
    headingRow(w, {u"prefs"_s, u"verified"_s, u"evidence"_s});
    for (qsizetype i = 0; i < f.candidates.size(); ++i) {
        const WorkaroundCandidate &c = f.candidates[i];
        if (i == f.workaround)
            w.start(u"tr"_s, {{u"class"_s, u"verified"_s}});
        else
            w.start(u"tr"_s);
        w.element(u"td"_s, DiagnoseOutput::candidateText(c), {{u"class"_s, u"mono"_s}});
        w.element(u"td"_s, c.verified ? u"yes"_s : u"no"_s);
        w.element(u"td"_s, c.evidence);
        w.endLine();
    }
    w.endLine();
}

void DiagnoseReportHtml::probes(ReportPage &page, const DiagnoseResult &r)
{
    MarkupWriter &w = page.writer();
    w.elementLine(u"h2"_s, u"Probes"_s);
    if (r.probes.isEmpty()) {
        w.elementLine(u"p"_s, u"No probe was sent."_s);
        return;
    }
    w.elementLine(u"p"_s,
                  u"Each probe is one command on msim's own connection, judged against the "
                  "reference copy; a failed probe is marked."_s,
                  {{u"class"_s, u"howto"_s}});
    for (net::Security s : transportsOf(r.probes)) {
        w.elementLine(u"h3"_s, u"Over "_s + ReportPage::transportName(s));
        w.startLine(u"table"_s, {{u"class"_s, u"chunks probes"_s},
                                 {u"id"_s, u"probes-"_s + net::securityName(s)}});
        headingRow(w, {u"probe"_s, u"UID"_s, u"command"_s, u"result"_s, u"evidence"_s});
        for (const ProbeResult &p : r.probes) {
            if (p.transport != s)
                continue;
            if (p.verdict == ProbeVerdict::Fail)
                w.start(u"tr"_s, {{u"class"_s, u"finding"_s}});
            else
                w.start(u"tr"_s);
            w.element(u"td"_s, p.spec.name, {{u"class"_s, u"mono"_s}});
            // noop and latency are about no message (UID 0).
            w.element(u"td"_s, p.spec.uid ? QString::number(p.spec.uid) : u"—"_s,
                      {{u"class"_s, u"num"_s}});
            w.element(u"td"_s, net::Transcript::escape(p.command), {{u"class"_s, u"cmd"_s}});
            w.element(u"td"_s, kProbeVerdictNames.name(p.verdict), {{u"class"_s, u"verdict"_s}});
            w.element(u"td"_s, p.evidence);
            w.endLine();
        }
        w.endLine();
    }
}

void DiagnoseReportHtml::messages(ReportPage &page, const DiagnoseResult &r, bool files)
{
    if (r.messages.isEmpty())
        return;
    MarkupWriter &w = page.writer();
    w.elementLine(u"h2"_s, u"Messages probed"_s);
    w.startLine(u"table"_s, {{u"class"_s, u"messages"_s}});
    headingRow(w, {u"UID"_s, u"RFC822.SIZE"_s, u"reference copy"_s});
    for (const ProbedMessage &m : r.messages) {
        w.start(u"tr"_s);
        w.element(u"td"_s, QString::number(m.uid), {{u"class"_s, u"num"_s}});
        w.element(u"td"_s, m.rfc822Size < 0 ? u"unknown"_s : QString::number(m.rfc822Size),
                  {{u"class"_s, u"num"_s}});
        w.start(u"td"_s);
        if (!m.reference) {
            w.text(u"not fetched"_s);
        } else {
            const QString name = u"%1.reference.eml"_s.arg(m.uid);
            if (files)
                w.element(u"a"_s, name, {{u"href"_s, name}});
            w.text(u"%1%2 octets"_s.arg(files ? u": "_s : QString()).arg(m.reference->size()));
        }
        w.end();
        w.endLine();
    }
    w.endLine();
}

void DiagnoseReportHtml::servers(ReportPage &page, const DiagnoseResult &r, bool files)
{
    MarkupWriter &w = page.writer();
    const QList<fetch::ServerInfo> transports =
        r.transports.isEmpty() && !r.server.host.isEmpty() ? QList{r.server} : r.transports;
    if (transports.isEmpty())
        return;
    w.elementLine(u"h2"_s, u"Server and TLS"_s);
    if (files) {
        w.start(u"p"_s, {{u"class"_s, u"howto"_s}});
        w.text(u"Every probe connection, redacted (the password never appears), is in "_s);
        w.element(u"a"_s, u"transcript.txt"_s, {{u"href"_s, u"transcript.txt"_s}});
        w.text(u"; those and the re-runs' connections are in "_s);
        w.element(u"a"_s, u"capture.pcapng"_s, {{u"href"_s, u"capture.pcapng"_s}});
        w.text(u" for Wireshark."_s);
        w.endLine();
    }
    for (const fetch::ServerInfo &s : transports) {
        w.elementLine(u"h3"_s, u"Over "_s + ReportPage::transportName(s.security));
        scenario::SessionHtml::serverTable(page, s);
    }
}

} // namespace msim::diagnose
