// SPDX-License-Identifier: MIT
#include "diagnose/FaultCatalogue.h"

#include "diagnose/Logging.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStandardPaths>

namespace msim::diagnose {

namespace {

using namespace Qt::StringLiterals;

QStringList strings(const QJsonValue &v)
{
    QStringList out;
    for (const QJsonValue &s : v.toArray())
        out << s.toString();
    return out;
}

// A fault's "signature"; false with `error` set for a word no probe records.
bool readSignature(const QJsonObject &o, FaultEntry &e, QString *error)
{
    e.signature.probes = strings(o.value("probes"_L1));
    e.signature.observed = strings(o.value("observed"_L1));
    e.signature.unless = strings(o.value("unless"_L1));
    for (const QString &w : e.signature.observed + e.signature.unless) {
        if (!FaultSignature::words().contains(w)) {
            *error = u"%1: the signature names \"%2\", which no probe observes"_s.arg(e.id, w);
            return false;
        }
    }
    return true;
}

// One entry of "faults" or "events"; false with `error` set when it is unusable.
bool readEntry(const QJsonObject &o, FaultEntry &e, QString *error)
{
    e.id = o.value("id"_L1).toString();
    e.title = o.value("title"_L1).toString();
    e.cause = o.value("cause"_L1).toString();
    if (e.id.isEmpty() || e.title.isEmpty() || e.cause.isEmpty()) {
        *error = u"an entry (%1) has no id, title or cause"_s.arg(e.id.isEmpty() ? u"?"_s : e.id);
        return false;
    }
    for (const QJsonValue &rv : o.value("references"_L1).toArray()) {
        const QJsonObject r = rv.toObject();
        FaultReference ref{r.value("id"_L1).toString(),
                           r.value("title"_L1).toString(),
                           r.value("url"_L1).toString(),
                           {}};
        for (const QString &t : strings(r.value("transports"_L1))) {
            const auto s = net::parseSecurity(t);
            if (!s) {
                *error = u"%1: the transport \"%2\" is not none, starttls or ssl"_s.arg(e.id, t);
                return false;
            }
            ref.transports << *s;
        }
        if (ref.id.isEmpty()) {
            *error = u"%1: a reference has no id"_s.arg(e.id);
            return false;
        }
        e.references << ref;
    }
    e.servers = strings(o.value("servers"_L1));
    const QJsonObject w = o.value("workaround"_L1).toObject();
    e.workaroundSets = strings(w.value("set"_L1));
    e.workaround = w.value("text"_L1).toString();
    for (const QString &set : std::as_const(e.workaroundSets)) {
        if (set.indexOf(QLatin1Char('=')) <= 0) {
            *error = u"%1: the workaround \"%2\" is not NAME=VALUE"_s.arg(e.id, set);
            return false;
        }
    }
    e.serverFix = o.value("server_fix"_L1).toString();
    return !o.contains("signature"_L1) ||
           readSignature(o.value("signature"_L1).toObject(), e, error);
}

bool readList(const QJsonArray &a, QList<FaultEntry> &out, QString *error)
{
    for (const QJsonValue &v : a) {
        FaultEntry e;
        if (!readEntry(v.toObject(), e, error))
            return false;
        for (const FaultEntry &seen : std::as_const(out)) {
            if (seen.id == e.id) {
                *error = u"the id %1 is there twice"_s.arg(e.id);
                return false;
            }
        }
        out << e;
    }
    return true;
}

const FaultEntry *find(const QList<FaultEntry> &list, QStringView id)
{
    for (const FaultEntry &e : list) {
        if (e.id == id)
            return &e;
    }
    return nullptr;
}

} // namespace

const QStringList &FaultSignature::words()
{
    namespace o = observation;
    static const QStringList w = {QString::fromLatin1(o::kOverrunUnframed),
                                  QString::fromLatin1(o::kOverrunFramed),
                                  QString::fromLatin1(o::kNoOrigin),
                                  QString::fromLatin1(o::kWholeFromZero),
                                  QString::fromLatin1(o::kOriginMismatch),
                                  QString::fromLatin1(o::kOriginWithLength),
                                  QString::fromLatin1(o::kEmptyBeforeEnd),
                                  QString::fromLatin1(o::kNil),
                                  QString::fromLatin1(o::kNoBody),
                                  QString::fromLatin1(o::kRefused),
                                  QString::fromLatin1(o::kDropped),
                                  QString::fromLatin1(o::kTimeout),
                                  QString::fromLatin1(o::kOctetsDiffer),
                                  QString::fromLatin1(o::kSizeUnder),
                                  QString::fromLatin1(o::kSizeOver),
                                  QString::fromLatin1(o::kLfCount),
                                  QString::fromLatin1(o::kSlow)};
    return w;
}

bool FaultSignature::matchesName(QStringView probe) const
{
    for (const QString &p : probes) {
        if (p.endsWith(u'*') ? probe.startsWith(QStringView(p).chopped(1)) : probe == p)
            return true;
    }
    return false;
}

bool FaultSignature::matches(const ProbeResult &r) const
{
    if (isEmpty() || !matchesName(r.spec.name))
        return false;
    const auto any = [&r](const QStringList &words) {
        return std::any_of(words.begin(), words.end(),
                           [&r](const QString &w) { return r.observed(w); });
    };
    return any(observed) && !any(unless);
}

QStringList FaultCatalogue::stableIds()
{
    return {u"partial-overrun-unframed"_s,
            u"partial-overrun-framed"_s,
            u"partial-ignored"_s,
            u"origin-with-length"_s,
            u"origin-mismatch"_s,
            u"size-under-reported"_s,
            u"size-over-reported"_s,
            u"partial-past-end-drop"_s,
            u"partial-beyond-limit-empty"_s,
            u"body-nil"_s,
            u"body-missing"_s,
            u"fetch-refused"_s,
            u"literal-lf-count"_s};
}

QString FaultCatalogue::builtInPath()
{
    return u":/msim/diagnose/fault-catalogue.json"_s;
}

QString FaultCatalogue::userPath()
{
    return QDir(QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation))
        .filePath(u"msim/fault-catalogue.json"_s);
}

std::optional<FaultCatalogue> FaultCatalogue::parse(const QByteArray &json, QString *error)
{
    QJsonParseError pe;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &pe);
    if (!doc.isObject()) {
        *error = pe.error != QJsonParseError::NoError
                     ? u"not JSON at offset %1: %2"_s.arg(pe.offset).arg(pe.errorString())
                     : u"not a JSON object"_s;
        return std::nullopt;
    }
    FaultCatalogue c;
    if (!readList(doc.object().value("faults"_L1).toArray(), c.m_faults, error) ||
        !readList(doc.object().value("events"_L1).toArray(), c.m_events, error))
        return std::nullopt;
    for (const FaultEntry &f : std::as_const(c.m_faults)) {
        if (f.signature.isEmpty()) {
            *error = u"%1: a fault needs a signature (probes and observed)"_s.arg(f.id);
            return std::nullopt;
        }
    }
    return c;
}

FaultCatalogue FaultCatalogue::load(QString *warning)
{
    QFile user(userPath());
    if (user.exists()) {
        QString error;
        std::optional<FaultCatalogue> c;
        if (user.open(QIODevice::ReadOnly))
            c = parse(user.readAll(), &error);
        else
            error = user.errorString();
        if (c) {
            qCDebug(lcDiagnose) << "fault catalogue read from" << user.fileName();
            return *c;
        }
        const QString why = u"The fault catalogue %1 was not used (%2); msim's own is."_s.arg(
            user.fileName(), error);
        qCWarning(lcDiagnose).noquote() << why;
        if (warning)
            *warning = why;
    }
    QFile builtIn(builtInPath());
    QString error;
    std::optional<FaultCatalogue> c;
    if (builtIn.open(QIODevice::ReadOnly))
        c = parse(builtIn.readAll(), &error);
    if (!c) // a build defect: the embedded file is checked by tst_faultcatalogue
        qCCritical(lcDiagnose).noquote() << "the embedded fault catalogue is unusable:" << error;
    return c.value_or(FaultCatalogue());
}

const FaultCatalogue &FaultCatalogue::shared()
{
    static const FaultCatalogue c = load();
    return c;
}

const FaultEntry *FaultCatalogue::fault(QStringView id) const
{
    return find(m_faults, id);
}

const FaultEntry *FaultCatalogue::event(QStringView id) const
{
    return find(m_events, id);
}

} // namespace msim::diagnose
