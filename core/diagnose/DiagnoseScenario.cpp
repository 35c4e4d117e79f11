// SPDX-License-Identifier: MIT
#include "diagnose/DiagnoseScenario.h"

#include "diagnose/FaultCatalogue.h"
#include "emulator/Corpus.h"
#include "emulator/ServerProfile.h"

namespace msim::diagnose {

namespace {

// The sample message a reproduction fetches: 20000 octets (three 4.5 chunks of 6144, the last
// short), or 5 MiB where the fault needs a partial past 1 MiB.
constexpr qint64 kReproductionSize = 20000;
constexpr qint64 kBigReproductionSize = 5 * 1024 * 1024;

struct ProfileOf
{
    const char *fault;
    const char *profile;
};

// Fault id → the built-in profile that shows it (MESSENGER45.md §6). Faults not here have no
// built-in profile: origin-mismatch, body-nil, body-missing, fetch-refused, literal-lf-count.
constexpr ProfileOf kProfiles[] = {
    {"partial-overrun-unframed", "exchange55-presp2"},
    {"partial-overrun-framed", "exchange55-presp2-framed"},
    {"partial-ignored", "ignore-partial"},
    {"origin-with-length", "origin-with-length"},
    {"size-under-reported", "exchange55-fast-retrieval"},
    {"size-over-reported", "hmailserver-past-end"},
    {"partial-past-end-drop", "hmailserver-past-end"},
    {"partial-beyond-limit-empty", "exchange2010-1mb"},
};

} // namespace

QString DiagnoseScenario::profileFor(QStringView id)
{
    for (const ProfileOf &p : kProfiles) {
        if (id == QLatin1StringView(p.fault))
            return QString::fromLatin1(p.profile);
    }
    return {};
}

std::optional<scenario::Scenario>
DiagnoseScenario::reproduction(const DiagnosedFault &f, const DiagnoseResult &r, QString *why)
{
    auto fail = [why](const QString &text) {
        if (why)
            *why = text;
        return std::nullopt;
    };
    const QString profileName = profileFor(f.id);
    const emulator::ServerProfile *profile = emulator::ServerProfile::find(profileName);
    if (!profile)
        return fail(QStringLiteral("No built-in server profile shows %1, so it cannot be "
                                   "reproduced without the customer's server.")
                        .arg(f.id));
    const AffectedClient *messenger45 = nullptr;
    for (const AffectedClient &a : f.affects) {
        if (a.preset == QLatin1StringView("messenger45"))
            messenger45 = &a;
    }
    if (!messenger45)
        return fail(QStringLiteral("Messenger 4.5 was not run on the message (the diagnosis "
                                   "stopped before), so there is no outcome to expect."));
    if (!messenger45->verdict)
        return fail(QStringLiteral("Messenger 4.5's run on the message could not fetch it, so "
                                   "there is no outcome for a scenario to expect."));

    scenario::Scenario s;
    const FaultEntry *entry = FaultCatalogue::shared().fault(f.id);
    s.title = entry ? entry->title : f.title;
    if (entry && !entry->references.isEmpty())
        s.ticket = entry->references.first().id;
    else if (!f.references.isEmpty())
        s.ticket = f.references.first();
    const QString cause = entry ? entry->cause : QString();
    QStringList where;
    for (net::Security t : f.transports)
        where << net::securityName(t);
    QString evidence = f.evidence.trimmed();
    if (!evidence.isEmpty() && !evidence.endsWith(QLatin1Char('.')))
        evidence += QLatin1Char('.');
    s.description = QStringLiteral("%1 Diagnosed on %2 over %3 (UID %4): %5 Reproduced by the "
                                   "built-in server's %6 profile.")
                        .arg(cause, r.server.host, where.join(QStringLiteral(", ")))
                        .arg(f.uid)
                        .arg(evidence, profile->name)
                        .trimmed();
    s.server.builtIn = true;
    s.server.profile = profile->name;
    s.server.corpus = QStringLiteral("sample");
    s.server.security =
        profile->sslOnly || f.transports.isEmpty() ? net::Security::Ssl : f.transports.first();
    s.client.preset = QStringLiteral("messenger45");
    const qint64 size = profile->fault == emulator::ServerProfile::Fault::EmptyBeyond1MiB
                            ? kBigReproductionSize
                            : kReproductionSize;
    const quint32 uid = emulator::Corpus::uidOfSize(size);
    s.uids = {uid};
    scenario::MessageExpectation expect;
    expect.verdict = messenger45->verdict;
    s.expectMessages.insert(uid, expect);
    return s;
}

} // namespace msim::diagnose
