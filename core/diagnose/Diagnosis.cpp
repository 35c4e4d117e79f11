// SPDX-License-Identifier: MIT
#include "diagnose/Diagnosis.h"

#include "diagnose/Logging.h"
#include "scenario/Scenario.h"

namespace msim::diagnose {

namespace {

using namespace Qt::StringLiterals;

// Probes a battery sends on one transport (an estimate for the progress total).
constexpr int kProbesPerTransport = 14;

QList<QPair<QString, QString>> parseSets(const QStringList &sets)
{
    QList<QPair<QString, QString>> out;
    for (const QString &s : sets) {
        const qsizetype eq = s.indexOf(u'=');
        out.append({s.left(eq), s.mid(eq + 1)});
    }
    return out;
}

QString names(const QList<net::Security> &list, const QString &joiner)
{
    QStringList out;
    for (net::Security s : list)
        out << net::securityName(s);
    if (out.size() > 1)
        return out.mid(0, out.size() - 1).join(u", "_s) + u' ' + joiner + u' ' + out.last();
    return out.value(0);
}

QString faultSentence(const FaultEntry &f, const DiagnosedFault &d)
{
    QString where = u"over "_s + names(d.transports, u"and"_s);
    if (!d.clean.isEmpty())
        where += u" only, not over "_s + names(d.clean, u"or"_s);
    QString ref;
    if (!f.references.isEmpty()) {
        const FaultReference &r = f.references.first();
        const bool covers = std::all_of(d.transports.begin(), d.transports.end(),
                                        [&r](net::Security s) { return r.coversTransport(s); });
        if (r.transports.isEmpty())
            ref = u"; see "_s + r.id;
        else if (covers)
            ref = u"; this is "_s + r.id;
        else
            ref = u"; it matches the pattern of %1, which was reported over %2"_s.arg(
                r.id, names(r.transports, u"and"_s));
    }
    return u"%1 (%2), %3%4."_s.arg(f.title, f.id, where, ref);
}

} // namespace

const QStringList &Diagnosis::affectedPresets()
{
    static const QStringList p = {u"messenger45"_s, u"kb-q194998"_s, u"messenger407"_s,
                                  u"thunderbird"_s};
    return p;
}

Diagnosis::Diagnosis(DiagnoseRequest request, FaultCatalogue catalogue, QObject *parent)
    : QObject(parent)
    , m_request(std::move(request))
    , m_catalogue(std::move(catalogue))
{}

Diagnosis::~Diagnosis() = default;

QList<WorkaroundCandidate> Diagnosis::candidatesFor(const FaultEntry &fault, qint64 size)
{
    QList<WorkaroundCandidate> out;
    if (!fault.workaroundSets.isEmpty())
        out << WorkaroundCandidate{u"messenger45"_s, parseSets(fault.workaroundSets), false, {}};
    // One chunk that covers the whole message: 4.5 asks <0.size> once.
    if (size > 0) {
        const qint64 chunk = (size + 1023) / 1024 * 1024;
        WorkaroundCandidate c{
            u"messenger45"_s, {{u"mail.imap.chunk_size"_s, QString::number(chunk)}}, false, {}};
        if (!out.contains(c))
            out << c;
    }
    out << WorkaroundCandidate{
        u"thunderbird"_s, {{u"mail.server.default.fetch_by_chunks"_s, u"false"_s}}, false, {}};
    return out;
}

QString Diagnosis::affectSentence(const QString &preset, const fetch::FetchOutcome &run)
{
    Q_UNUSED(preset);
    if (run.error)
        return u"Could not be run: %1"_s.arg(*run.error);
    if (run.messages.isEmpty())
        return u"Could not be run: no message was fetched."_s;
    const fetch::MessageOutcome &m = run.messages.first();
    if (!m.error.isEmpty())
        return u"Could not be run: %1"_s.arg(m.error);
    const fetch::Comparison &c = m.comparison;
    const qint64 shown = c.displayedLength;
    const qint64 size = c.expectedLength;
    const int requests = int(m.chunks.size());
    const QString asked = requests == 1 ? u"in one request"_s : u"in %1 requests"_s.arg(requests);
    QString end;
    if (m.sessionEnd == fetch::MessageEnd::EmergencyLogout)
        end = u", then logs out (xxxx logout)"_s;
    else if (m.sessionEnd == fetch::MessageEnd::Disconnected)
        end = u"; the server dropped the connection"_s;
    if (m.stoppedByLimit)
        return u"Loops for ever: it would ask again and again (msim stopped it after %1 "
               "requests, at %2 of %3 octets shown)."_s.arg(requests)
                   .arg(shown)
                   .arg(size);
    switch (c.verdict) {
    case fetch::Verdict::Complete:
        if (m.sessionEnd == fetch::MessageEnd::Disconnected)
            return u"Complete: shows all %1 octets, %2, but the server dropped the connection "
                   "after the last one."_s.arg(shown)
                       .arg(asked);
        return u"%1: shows all %2 octets, %3."_s
            .arg(m.findings.isEmpty() ? u"Fine"_s : u"Complete"_s)
            .arg(shown)
            .arg(asked);
    case fetch::Verdict::Truncated:
        return u"Truncated: shows %1 of %2 octets%3."_s.arg(shown).arg(size).arg(end);
    case fetch::Verdict::Duplicated:
        return u"Duplicated: shows %1 octets for a %2-octet message, repeating part of it%3."_s
            .arg(shown)
            .arg(size)
            .arg(end);
    case fetch::Verdict::Corrupted:
        return u"Corrupted: shows %1 octets that differ from the %2-octet message from octet "
               "%3 on%4."_s.arg(shown)
                   .arg(size)
                   .arg(c.firstDifference.value_or(0))
                   .arg(end);
    case fetch::Verdict::Failed:
        return u"Shows nothing of the %1-octet message%2."_s.arg(size).arg(end);
    }
    return {};
}

void Diagnosis::start()
{
    m_running = true;
    m_elapsed.start();
    if (m_request.plainPort)
        m_transports << Transport{net::Security::None, *m_request.plainPort};
    if (m_request.tlsPort)
        m_transports << Transport{net::Security::Ssl, *m_request.tlsPort};
    m_total = int(m_transports.size()) * kProbesPerTransport;
    if (m_transports.isEmpty()) {
        m_result.error = u"No port to probe: give the plain port, the implicit-TLS port or both."_s;
        finish();
        return;
    }
    nextBattery();
}

void Diagnosis::cancel()
{
    if (!m_running || m_cancelled)
        return;
    m_cancelled = true;
    if (m_battery)
        m_battery->cancel();
    else if (m_runner)
        m_runner->cancel();
}

void Diagnosis::step(const QString &stage)
{
    ++m_done;
    m_total = std::max(m_total, m_done);
    Q_EMIT progress(stage, m_done, m_total);
}

void Diagnosis::nextBattery()
{
    if (m_cancelled || m_nextTransport >= m_transports.size()) {
        matchFaults();
        return;
    }
    const Transport t = m_transports[m_nextTransport++];
    BatteryRequest b;
    b.session = m_request.base;
    b.session.endpoint.security = t.security;
    b.session.endpoint.port = t.port;
    b.mailbox = m_request.mailbox;
    b.uid = m_request.uid;
    b.keepSeen = m_request.keepSeen;
    auto *battery = new ProbeBattery(b, this);
    m_battery = battery;
    Q_EMIT progress(u"Probing over %1 (port %2)"_s.arg(net::securityName(t.security)).arg(t.port),
                    m_done, m_total);
    connect(battery, &ProbeBattery::probeFinished, this, [this, battery](int i) {
        const ProbeResult &r = battery->results()[i];
        step(u"%1 over %2: %3"_s.arg(r.spec.name, net::securityName(r.transport),
                                     kProbeVerdictNames.name(r.verdict)));
        Q_EMIT probeFinished(r);
    });
    connect(battery, &ProbeBattery::finished, this, &Diagnosis::batteryDone);
    battery->start();
}

void Diagnosis::batteryDone()
{
    ProbeBattery *b = m_battery;
    if (!b)
        return;
    m_battery = nullptr;
    b->deleteLater();
    const net::Security sec = b->transport();
    fetch::ServerInfo info = b->server();
    info.host = m_request.base.endpoint.host;
    info.port = m_transports[m_nextTransport - 1].port;
    info.security = sec;
    info.tlsLegacy = m_request.base.tls.legacy;
    m_result.transports << info;
    m_result.probes << b->results();
    m_result.transcripts << b->transcripts();
    m_result.notes << b->notes();
    m_result.warnings << b->warnings();
    const QString where = u"over %1 (port %2)"_s.arg(net::securityName(sec)).arg(info.port);
    switch (b->error()) {
    case ProbeBattery::Error::None:
        if (m_result.server.greeting.isEmpty() && m_result.server.capabilities.isEmpty())
            m_result.server = info;
        if (m_result.messages.isEmpty())
            m_result.messages = b->messages();
        for (const ProbedMessage &m : b->messages()) {
            if (m.reference && !m_references.contains(m.uid))
                m_references.insert(m.uid, *m.reference);
        }
        break;
    case ProbeBattery::Error::Connection:
        m_result.warnings << u"Nothing was probed %1: %2"_s.arg(where, b->errorString());
        if (m_result.server.greeting.isEmpty())
            m_result.server = info; // the refused certificate, for the GUI's pin offer
        break;
    case ProbeBattery::Error::NoMessage:
        m_result.error = b->errorString();
        m_nextTransport = int(m_transports.size()); // the same mailbox on every transport
        break;
    case ProbeBattery::Error::Cancelled:
        break;
    }
    // STARTTLS on the plain port when it is advertised (Messenger 4.5 had none; Thunderbird
    // and today's clients do).
    if (sec == net::Security::None && !m_starttlsAdded &&
        b->server().capabilities.contains("STARTTLS")) {
        m_starttlsAdded = true;
        m_transports.insert(m_nextTransport, Transport{net::Security::StartTls, info.port});
        m_total += kProbesPerTransport;
    }
    nextBattery();
}

void Diagnosis::matchFaults()
{
    if (m_cancelled) {
        finish();
        return;
    }
    const bool probed = std::any_of(m_result.probes.begin(), m_result.probes.end(),
                                    [](const ProbeResult &r) { return !r.command.isEmpty(); });
    if (!m_result.error && !probed)
        m_result.error =
            m_result.warnings.isEmpty() ? u"No probe could be sent."_s : m_result.warnings.last();
    if (m_result.error) {
        finish();
        return;
    }
    for (const FaultEntry &f : m_catalogue.faults()) {
        DiagnosedFault d;
        const ProbeResult *first = nullptr;
        int more = 0;
        for (const ProbeResult &r : std::as_const(m_result.probes)) {
            if (!f.signature.matches(r))
                continue;
            if (!first)
                first = &r;
            else
                ++more;
            if (!d.transports.contains(r.transport))
                d.transports << r.transport;
        }
        if (!first)
            continue;
        d.id = f.id;
        d.title = f.title;
        for (const FaultReference &ref : f.references)
            d.references << ref.id;
        for (const Transport &t : std::as_const(m_transports)) {
            if (!d.transports.contains(t.security) && !d.clean.contains(t.security) &&
                std::any_of(m_result.probes.begin(), m_result.probes.end(), [&t](const auto &r) {
                    return r.transport == t.security && !r.command.isEmpty();
                }))
                d.clean << t.security;
        }
        d.sentence = faultSentence(f, d);
        d.serverFix = f.serverFix;
        d.uid = first->spec.uid;
        QString seen = first->evidence;
        if (seen.endsWith(u'.'))
            seen.chop(1);
        d.evidence = u"Probe %1 over %2: %3%4."_s
                         .arg(first->spec.name, net::securityName(first->transport), seen)
                         .arg(more ? u" (%1 more probe%2 showed it)"_s.arg(more).arg(
                                         more == 1 ? QString() : u"s"_s)
                                   : QString());
        const qint64 size = m_references.contains(d.uid) ? m_references[d.uid].size() : 0;
        d.candidates = candidatesFor(f, size);
        for (const QString &p : affectedPresets())
            d.affects << AffectedClient{p, {}, std::nullopt};
        const int index = int(m_result.faults.size());
        for (int a = 0; a < d.affects.size(); ++a)
            m_reruns << Rerun{index, -1, a};
        for (int c = 0; c < d.candidates.size(); ++c)
            m_reruns << Rerun{index, c, -1};
        m_result.faults << d;
    }
    m_total = m_done + int(m_reruns.size());
    nextRerun();
}

fetch::FetchRequest Diagnosis::rerunRequest(const Rerun &r, QString *error) const
{
    const DiagnosedFault &f = m_result.faults[r.fault];
    scenario::Scenario s;
    if (r.candidate >= 0) {
        s.client.preset = f.candidates[r.candidate].preset;
        s.client.set = f.candidates[r.candidate].prefs;
    } else {
        s.client.preset = f.affects[r.affect].preset;
    }
    QStringList warnings;
    fetch::FetchRequest req;
    const std::optional<fetch::ClientSettings> client = s.clientSettings(warnings, error);
    if (!client)
        return req;
    req.client = *client;
    req.session = m_request.base;
    req.session.endpoint.security = f.transports.first();
    for (const Transport &t : m_transports) {
        if (t.security == f.transports.first())
            req.session.endpoint.port = t.port;
    }
    req.session.capabilityCache = std::make_shared<imap::CapabilityCache>();
    req.session.authLogin = req.client.authLogin();
    req.mailbox = m_request.mailbox;
    req.uids = {f.uid};
    req.keepSeen = m_request.keepSeen;
    if (m_references.contains(f.uid)) {
        req.referenceEml = m_references[f.uid];
        req.referenceEmlPath = u"the reference probe"_s;
    }
    return req;
}

void Diagnosis::nextRerun()
{
    if (m_cancelled || m_nextRerun >= m_reruns.size()) {
        finish();
        return;
    }
    const Rerun r = m_reruns[m_nextRerun];
    QString error;
    fetch::FetchRequest req = rerunRequest(r, &error);
    if (!error.isEmpty()) {
        m_result.warnings << error;
        ++m_nextRerun;
        nextRerun();
        return;
    }
    auto *runner = new fetch::FetchRunner(std::move(req), this);
    m_runner = runner;
    connect(runner, &fetch::FetchRunner::finished, this, &Diagnosis::rerunDone);
    runner->start();
}

void Diagnosis::rerunDone()
{
    fetch::FetchRunner *runner = m_runner;
    if (!runner)
        return;
    m_runner = nullptr;
    runner->deleteLater();
    const Rerun r = m_reruns[m_nextRerun++];
    DiagnosedFault &f = m_result.faults[r.fault];
    const fetch::FetchOutcome &run = runner->outcome();
    m_result.rerunConnections << net::captureSources(
        run.transcripts,
        u"%1 re-run as %2"_s.arg(f.id, r.candidate >= 0 ? f.candidates[r.candidate].preset +
                                                              u" with workaround "_s +
                                                              QString::number(r.candidate + 1)
                                                        : f.affects[r.affect].preset));
    if (run.cancelled) {
        finish();
        return;
    }
    const fetch::MessageOutcome *m = run.messages.isEmpty() ? nullptr : &run.messages.first();
    const bool fetched = !run.error && m && m->error.isEmpty();
    if (r.candidate >= 0) {
        WorkaroundCandidate &c = f.candidates[r.candidate];
        c.verified = fetched && m->comparison.verdict == fetch::Verdict::Complete;
        c.evidence = affectSentence(c.preset, run);
        if (c.verified && f.workaround < 0)
            f.workaround = r.candidate;
        step(u"%1: workaround %2 %3"_s.arg(f.id, QString::number(r.candidate + 1),
                                           c.verified ? u"verified"_s : u"not verified"_s));
    } else {
        AffectedClient &a = f.affects[r.affect];
        a.sentence = affectSentence(a.preset, run);
        if (fetched)
            a.verdict = m->comparison.verdict;
        step(u"%1: %2 %3"_s.arg(f.id, a.preset,
                                a.verdict ? fetch::verdictName(*a.verdict) : u"not run"_s));
    }
    nextRerun();
}

void Diagnosis::finish()
{
    if (!m_running)
        return;
    m_running = false;
    if (m_cancelled) {
        m_result.cancelled = true;
        m_result.error = u"The diagnosis was cancelled."_s;
    }
    m_result.elapsedMs = m_elapsed.elapsed();
    qCDebug(lcDiagnose) << "diagnosis finished:" << m_result.verdict() << m_result.faults.size()
                        << "faults";
    Q_EMIT finished();
}

} // namespace msim::diagnose
