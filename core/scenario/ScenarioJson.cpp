// SPDX-License-Identifier: MIT
// Scenario files read (docs/SCENARIOS.md): every error names its JSON path. The writer is
// ScenarioJsonText.cpp.
#include "scenario/Scenario.h"

#include "emulator/ServerProfile.h"
#include "fetch/FetchAudit.h"
#include "net/TlsPolicy.h"
#include "prefs/PrefRegistry.h"
#include "prefs/Prefs.h"
#include "prefs/Presets.h"
#include "scenario/JsonFieldReader.h"
#include "scenario/JsonOutput.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>

namespace msim::scenario {

namespace {

// Scenario files are small; anything bigger is not one.
constexpr qint64 kMaxScenarioOctets = 1024 * 1024;

// The session ends a scenario can expect: every name but "cancelled" (no scenario cancels).
constexpr auto kExpectableEnds =
    net::nameTable<fetch::MessageEnd>({{fetch::MessageEnd::Continued, "continued"},
                                       {fetch::MessageEnd::Logout, "logout"},
                                       {fetch::MessageEnd::EmergencyLogout, "emergency_logout"},
                                       {fetch::MessageEnd::Disconnected, "disconnected"}});

using Reader = JsonFieldReader;

QString resolve(const QString &base, const QString &p)
{
    if (p.isEmpty() || QFileInfo(p).isAbsolute())
        return p;
    return QDir(QFileInfo(base).absolutePath()).filePath(p);
}

} // namespace

std::optional<Scenario> Scenario::load(const QString &path, QString *error)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("%1: cannot read: %2").arg(path, f.errorString());
        return std::nullopt;
    }
    if (f.size() > kMaxScenarioOctets) {
        *error = QStringLiteral("%1: larger than %2 octets; not a scenario file")
                     .arg(path)
                     .arg(kMaxScenarioOctets);
        return std::nullopt;
    }
    QJsonParseError pe;
    const QJsonDocument doc = QJsonDocument::fromJson(f.readAll(), &pe);
    if (pe.error != QJsonParseError::NoError) {
        *error = QStringLiteral("%1: not valid JSON at offset %2: %3")
                     .arg(path)
                     .arg(pe.offset)
                     .arg(pe.errorString());
        return std::nullopt;
    }
    if (!doc.isObject()) {
        *error = QStringLiteral("%1: $: must be an object").arg(path);
        return std::nullopt;
    }
    QString why;
    auto s = fromJson(doc.object(), path, &why);
    if (!s)
        *error = QStringLiteral("%1: %2").arg(path, why);
    return s;
}

std::optional<Scenario> Scenario::fromJson(const QJsonObject &root, const QString &path,
                                           QString *error)
{
    Reader r;
    Scenario s;
    s.path = path;
    auto done = [&]() -> std::optional<Scenario> {
        if (!r.error.isEmpty()) {
            *error = r.error;
            return std::nullopt;
        }
        return s;
    };
    if (!r.keys(root, QStringLiteral("$"),
                {QStringLiteral("title"), QStringLiteral("ticket"), QStringLiteral("description"),
                 QStringLiteral("server"), QStringLiteral("client"), QStringLiteral("fetch"),
                 QStringLiteral("matrix"), QStringLiteral("expect"), QStringLiteral("$comment")}))
        return done();
    r.string(root, QStringLiteral("title"), QStringLiteral("$"), s.title, true);
    r.string(root, QStringLiteral("ticket"), QStringLiteral("$"), s.ticket);
    r.string(root, QStringLiteral("description"), QStringLiteral("$"), s.description);

    // server
    QJsonObject srv;
    if (!root.contains(QStringLiteral("server")))
        r.fail(QStringLiteral("$.server"), QStringLiteral("is required"));
    else if (r.object(root[QStringLiteral("server")], QStringLiteral("$.server"), srv)) {
        const QString p = QStringLiteral("$.server");
        s.server.builtIn = srv.contains(QStringLiteral("profile"));
        if (s.server.builtIn) {
            r.keys(srv, p,
                   {QStringLiteral("profile"), QStringLiteral("corpus"), QStringLiteral("security"),
                    QStringLiteral("latency_ms"), QStringLiteral("overrun"),
                    QStringLiteral("overrun_chunk"), QStringLiteral("split_writes"),
                    QStringLiteral("$comment")});
            r.string(srv, QStringLiteral("profile"), p, s.server.profile, true);
            if (r.error.isEmpty() && !emulator::ServerProfile::find(s.server.profile)) {
                QStringList names;
                for (const auto &pr : emulator::ServerProfile::all())
                    names << pr.name;
                r.oneOf(s.server.profile, names, p + QStringLiteral(".profile"));
            }
            r.string(srv, QStringLiteral("corpus"), p, s.server.corpus);
            if (!s.server.corpus.startsWith(QLatin1String("eml:")) &&
                !s.server.corpus.startsWith(QLatin1String("maildir:")) &&
                !s.server.corpus.startsWith(QLatin1String("mbox:")) &&
                s.server.corpus != QLatin1String("sample") &&
                !s.server.corpus.startsWith(QLatin1String("generated:")))
                r.fail(p + QStringLiteral(".corpus"),
                       QStringLiteral(
                           "must be sample, generated:N, maildir:DIR, mbox:FILE or eml:FILE"));
            r.integer(srv, QStringLiteral("latency_ms"), p, s.server.knobs.latencyMs, 0, 600000);
            r.integer(srv, QStringLiteral("overrun"), p, s.server.knobs.overrun, 0,
                      64 * 1024 * 1024);
            r.integer(srv, QStringLiteral("overrun_chunk"), p, s.server.knobs.overrunChunk, 0,
                      1000000);
            r.boolean(srv, QStringLiteral("split_writes"), p, s.server.knobs.splitWrites);
        } else {
            r.keys(srv, p,
                   {QStringLiteral("host"), QStringLiteral("port"), QStringLiteral("tls_port"),
                    QStringLiteral("security"), QStringLiteral("user"), QStringLiteral("tls_name"),
                    QStringLiteral("pin"), QStringLiteral("ca_file"), QStringLiteral("tls_legacy"),
                    QStringLiteral("$comment")});
            r.string(srv, QStringLiteral("host"), p, s.server.host, true);
            r.string(srv, QStringLiteral("user"), p, s.server.user, true);
            r.integer(srv, QStringLiteral("port"), p, s.server.port, 1, 65535);
            r.integer(srv, QStringLiteral("tls_port"), p, s.server.tlsPort, 1, 65535);
            r.string(srv, QStringLiteral("tls_name"), p, s.server.tlsName);
            r.string(srv, QStringLiteral("ca_file"), p, s.server.caFile);
            s.server.caFile = resolve(path, s.server.caFile);
            r.boolean(srv, QStringLiteral("tls_legacy"), p, s.server.tlsLegacy);
            const QJsonValue pin =
                srv.value(QStringLiteral("pin")); // value(): [] would insert a null
            QJsonArray pins = pin.isArray() ? pin.toArray() : QJsonArray();
            if (pin.isString())
                pins.append(pin);
            else if (!pin.isUndefined() && !pin.isArray())
                r.fail(p + QStringLiteral(".pin"),
                       QStringLiteral("must be a string or a list of strings"));
            for (int i = 0; i < pins.size(); ++i) {
                QString why;
                if (!pins[i].isString() || !net::TlsPolicy::parsePin(pins[i].toString(), &why))
                    r.fail(p + QStringLiteral(".pin"),
                           why.isEmpty() ? QStringLiteral("must be a string") : why);
                else
                    s.server.pins << pins[i].toString();
            }
        }
        r.security(srv, QStringLiteral("security"), p, s.server.security);
    }

    // client
    if (root.contains(QStringLiteral("client"))) {
        QJsonObject c;
        const QString p = QStringLiteral("$.client");
        if (r.object(root[QStringLiteral("client")], p, c)) {
            r.keys(c, p,
                   {QStringLiteral("preset"), QStringLiteral("prefs_js"), QStringLiteral("set"),
                    QStringLiteral("$comment")});
            r.string(c, QStringLiteral("preset"), p, s.client.preset);
            if (r.error.isEmpty())
                r.oneOf(s.client.preset, prefs::Presets::names(), p + QStringLiteral(".preset"));
            r.string(c, QStringLiteral("prefs_js"), p, s.client.prefsJs);
            s.client.prefsJs = resolve(path, s.client.prefsJs);
            if (c.contains(QStringLiteral("set"))) {
                QJsonObject set;
                if (r.object(c[QStringLiteral("set")], p + QStringLiteral(".set"), set)) {
                    for (auto it = set.begin(); it != set.end(); ++it) {
                        const QString kp = p + QStringLiteral(".set.") + it.key();
                        const prefs::PrefInfo *info = prefs::PrefRegistry::find(it.key());
                        if (!info) {
                            r.fail(kp, QStringLiteral("unknown pref"));
                            break;
                        }
                        QString text;
                        if (it.value().isBool() || it.value().isDouble())
                            text = prefs::Prefs::setText(it.value().toVariant());
                        else if (it.value().isString())
                            text = it.value().toString();
                        else {
                            r.fail(kp, QStringLiteral("must be a boolean, a number or a string"));
                            break;
                        }
                        prefs::Prefs probe;
                        QString why;
                        if (!probe.setFromText(QString(it.key() + QLatin1Char('=') + text), &why)) {
                            r.fail(kp, why);
                            break;
                        }
                        s.client.set.append({it.key(), text});
                    }
                }
            }
        }
    }

    // fetch
    if (root.contains(QStringLiteral("fetch"))) {
        QJsonObject f;
        const QString p = QStringLiteral("$.fetch");
        if (r.object(root[QStringLiteral("fetch")], p, f)) {
            r.keys(f, p,
                   {QStringLiteral("uids"), QStringLiteral("mailbox"), QStringLiteral("verify"),
                    QStringLiteral("keep_seen"), QStringLiteral("timeout_s"),
                    QStringLiteral("$comment")});
            const QJsonValue uids = f.value(QStringLiteral("uids"));
            if (uids.isString() && uids.toString() == QLatin1String("all")) {
                s.all = true;
            } else if (uids.isArray() && !uids.toArray().isEmpty()) {
                for (const QJsonValue &u : uids.toArray()) {
                    const double d = u.toDouble();
                    if (!u.isDouble() || d < 1 || d > 4294967295.0 || d != double(qint64(d))) {
                        r.fail(p + QStringLiteral(".uids"),
                               QStringLiteral("UIDs are whole numbers from 1"));
                        break;
                    }
                    s.uids << quint32(d);
                }
            } else {
                r.fail(p + QStringLiteral(".uids"),
                       QStringLiteral("must be a list of UIDs or \"all\""));
            }
            r.string(f, QStringLiteral("mailbox"), p, s.mailbox);
            r.boolean(f, QStringLiteral("verify"), p, s.verify);
            r.boolean(f, QStringLiteral("keep_seen"), p, s.keepSeen);
            r.integer(f, QStringLiteral("timeout_s"), p, s.timeoutSeconds, 1, 86400);
        }
    } else {
        r.fail(QStringLiteral("$.fetch"), QStringLiteral("is required (at least {\"uids\": [N]})"));
    }

    // matrix
    if (root.contains(QStringLiteral("matrix"))) {
        QJsonObject m;
        const QString p = QStringLiteral("$.matrix");
        s.matrix = true;
        if (r.object(root[QStringLiteral("matrix")], p, m)) {
            r.keys(m, p, {QStringLiteral("chunk_sizes"), QStringLiteral("$comment")});
            for (const QJsonValue &v : r.array(m, QStringLiteral("chunk_sizes"), p)) {
                if (!v.isDouble() || v.toDouble() < 1 || v.toDouble() > 2147483647.0) {
                    r.fail(p + QStringLiteral(".chunk_sizes"),
                           QStringLiteral("chunk sizes are whole numbers from 1"));
                    break;
                }
                s.chunkSizes << qint64(v.toDouble());
            }
        }
        if (s.all || s.uids.size() != 1)
            r.fail(QStringLiteral("$.fetch.uids"),
                   QStringLiteral("a matrix fetches exactly one UID"));
    }

    // expect
    QJsonObject e;
    const QString ep = QStringLiteral("$.expect");
    if (!root.contains(QStringLiteral("expect")))
        r.fail(ep, QStringLiteral("is required: a reproduction says what it expects"));
    else if (r.object(root[QStringLiteral("expect")], ep, e)) {
        r.keys(e, ep,
               {QStringLiteral("messages"), QStringLiteral("cells"), QStringLiteral("$comment")});
        QJsonObject msgs;
        if (e.contains(QStringLiteral("messages")) &&
            r.object(e[QStringLiteral("messages")], ep + QStringLiteral(".messages"), msgs)) {
            for (auto it = msgs.begin(); it != msgs.end(); ++it) {
                const QString mp = ep + QStringLiteral(".messages.") + it.key();
                bool ok = false;
                const uint uid = it.key().toUInt(&ok);
                if (!ok || uid == 0) {
                    r.fail(mp, QStringLiteral("keys of expect.messages are UIDs"));
                    break;
                }
                QJsonObject mo;
                if (!r.object(it.value(), mp, mo))
                    break;
                r.keys(mo, mp,
                       {QStringLiteral("verdict"), QStringLiteral("displayed_length"),
                        QStringLiteral("chunk_statuses"), QStringLiteral("session_end"),
                        QStringLiteral("requests"), QStringLiteral("$comment")});
                MessageExpectation me;
                if (mo.contains(QStringLiteral("verdict"))) {
                    QString v;
                    fetch::Verdict verdict = fetch::Verdict::Complete;
                    if (r.string(mo, QStringLiteral("verdict"), mp, v) &&
                        r.named(v, fetch::kVerdictNames, mp + QStringLiteral(".verdict"), verdict))
                        me.verdict = verdict;
                }
                if (mo.contains(QStringLiteral("displayed_length"))) {
                    qint64 n = 0;
                    r.integer(mo, QStringLiteral("displayed_length"), mp, n, 0, qint64(1) << 40);
                    me.displayedLength = n;
                }
                if (mo.contains(QStringLiteral("session_end"))) {
                    QString v;
                    fetch::MessageEnd end = fetch::MessageEnd::None;
                    if (r.string(mo, QStringLiteral("session_end"), mp, v) &&
                        r.named(v, kExpectableEnds, mp + QStringLiteral(".session_end"), end))
                        me.sessionEnd = end;
                }
                for (const QJsonValue &v : r.array(mo, QStringLiteral("chunk_statuses"), mp)) {
                    fetch::ChunkStatus status = fetch::ChunkStatus::Ok;
                    if (r.named(v.toString(), fetch::kChunkStatusNames,
                                mp + QStringLiteral(".chunk_statuses"), status))
                        me.chunkStatuses << status;
                }
                if (mo.contains(QStringLiteral("requests"))) {
                    QStringList reqs;
                    for (const QJsonValue &v : r.array(mo, QStringLiteral("requests"), mp)) {
                        static const QRegularExpression re(
                            QStringLiteral("^(<\\d+\\.\\d+>|BODY\\[\\])$"));
                        if (!v.isString() || !re.match(v.toString()).hasMatch()) {
                            r.fail(mp + QStringLiteral(".requests"),
                                   QStringLiteral("requests look like \"<0.6144>\" (a partial) "
                                                  "or \"BODY[]\" (a whole message)"));
                            break;
                        }
                        reqs << v.toString();
                    }
                    me.requests = reqs;
                }
                s.expectMessages.insert(uid, me);
            }
        }
        if (e.contains(QStringLiteral("cells"))) {
            if (!s.matrix)
                r.fail(ep + QStringLiteral(".cells"),
                       QStringLiteral("only a scenario with \"matrix\" has cells"));
            const QJsonArray cells = r.array(e, QStringLiteral("cells"), ep);
            for (int i = 0; i < cells.size(); ++i) {
                const QString cp = QStringLiteral("%1.cells[%2]").arg(ep).arg(i);
                QJsonObject co;
                if (!r.object(cells[i], cp, co))
                    break;
                r.keys(co, cp,
                       {QStringLiteral("security"), QStringLiteral("fetch_by_chunks"),
                        QStringLiteral("chunk_size"), QStringLiteral("verdict")});
                CellExpectation ce;
                r.security(co, QStringLiteral("security"), cp, ce.security);
                r.boolean(co, QStringLiteral("fetch_by_chunks"), cp, ce.fetchByChunks);
                if (co.contains(QStringLiteral("chunk_size"))) {
                    qint64 n = 0;
                    r.integer(co, QStringLiteral("chunk_size"), cp, n, 1, 2147483647);
                    ce.chunkSize = n;
                }
                QString verdict;
                r.string(co, QStringLiteral("verdict"), cp, verdict, true);
                if (r.error.isEmpty())
                    r.named(verdict, fetch::kVerdictNames, cp + QStringLiteral(".verdict"),
                            ce.verdict);
                s.expectCells << ce;
            }
        }
        if (s.expectMessages.isEmpty() && s.expectCells.isEmpty())
            r.fail(ep, QStringLiteral("expects nothing: give \"messages\" or \"cells\""));
    }
    return done();
}

} // namespace msim::scenario
