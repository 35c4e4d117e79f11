// SPDX-License-Identifier: MIT
#include "scenario/FetchJsonReader.h"

#include "net/Printable.h"
#include "prefs/PrefRegistry.h"
#include "scenario/JsonFieldReader.h"

#include <limits>

namespace msim::scenario {

namespace {

using fetch::ChunkRecord;
using fetch::FetchOutcome;
using fetch::MessageOutcome;
constexpr qint64 kMaxOctets = std::numeric_limits<qint64>::max() / 2;

QString at(const QString &path, qsizetype i)
{
    return QStringLiteral("%1[%2]").arg(path).arg(i);
}

// The reading of one fetch object; `r.error` holds the first error.
class Parse
{
public:
    JsonFieldReader r;
    qsizetype chunks = 0;

    // A list of strings at `key` (absent: empty).
    bool strings(const QJsonObject &o, const QString &key, const QString &path, QStringList &out)
    {
        const QJsonArray a = r.array(o, key, path);
        if (a.size() > FetchJsonReader::kMaxStrings)
            return r.fail(path + QLatin1Char('.') + key,
                          QStringLiteral("more than %1 entries").arg(FetchJsonReader::kMaxStrings));
        for (qsizetype i = 0; i < a.size(); ++i) {
            if (!a[i].isString())
                return r.fail(at(path + QLatin1Char('.') + key, i),
                              QStringLiteral("must be a string"));
            out << net::printable::text(a[i].toString());
        }
        return r.error.isEmpty();
    }

    // A name of `table` at `key`, or null (the table's unnamed value, `none`).
    template<class Table, class Enum>
    bool name(const QJsonObject &o, const QString &key, const QString &path, const Table &table,
              Enum none, Enum &out)
    {
        if (o.value(key).isNull() || !o.contains(key)) {
            out = none;
            return true;
        }
        QString s;
        return r.string(o, key, path, s) && r.named(s, table, path + QLatin1Char('.') + key, out);
    }

    bool server(const QJsonObject &o, fetch::ServerInfo &s)
    {
        const QString p = QStringLiteral("$.server");
        QJsonObject srv;
        if (!r.object(o.value(QStringLiteral("server")), p, srv))
            return false;
        QString greeting;
        QStringList caps;
        if (!r.string(srv, QStringLiteral("host"), p, s.host) ||
            !r.integer(srv, QStringLiteral("port"), p, s.port, 0, 65535) ||
            !r.security(srv, QStringLiteral("security"), p, s.security) ||
            !r.string(srv, QStringLiteral("greeting"), p, greeting) ||
            !strings(srv, QStringLiteral("capabilities"), p, caps))
            return false;
        s.host = net::printable::text(s.host);
        s.greeting = greeting.toUtf8();
        for (const QString &c : std::as_const(caps))
            s.capabilities << c.toLatin1();
        const QJsonValue tls = srv.value(QStringLiteral("tls"));
        if (tls.isNull() || tls.isUndefined())
            return true;
        QJsonObject t;
        const QString tp = p + QStringLiteral(".tls");
        net::TlsInfo info;
        QString sha;
        if (!r.object(tls, tp, t) || !r.string(t, QStringLiteral("protocol"), tp, info.protocol) ||
            !r.string(t, QStringLiteral("cipher"), tp, info.cipher) ||
            !r.string(t, QStringLiteral("peer_sha256"), tp, sha) ||
            !strings(t, QStringLiteral("overridden"), tp, info.overridden) ||
            !r.boolean(t, QStringLiteral("legacy"), tp, info.legacy))
            return false;
        info.peerSha256 = QByteArray::fromHex(sha.toLatin1());
        s.tls = info;
        s.tlsLegacy = info.legacy;
        return true;
    }

    // In the registry's order (the writer's, Prefs::effective()); QJsonObject sorts its keys.
    bool prefs(const QJsonObject &o, QList<QPair<QString, QVariant>> &out)
    {
        const QString p = QStringLiteral("$.prefs");
        const QJsonValue v = o.value(QStringLiteral("prefs"));
        if (v.isUndefined())
            return true;
        QJsonObject prefs;
        if (!r.object(v, p, prefs))
            return false;
        if (prefs.size() > FetchJsonReader::kMaxStrings)
            return r.fail(p,
                          QStringLiteral("more than %1 prefs").arg(FetchJsonReader::kMaxStrings));
        QStringList names;
        for (const prefs::PrefInfo &info : prefs::PrefRegistry::all())
            if (prefs.contains(info.name))
                names << info.name;
        for (auto it = prefs.begin(); it != prefs.end(); ++it)
            if (!names.contains(it.key()))
                names << it.key();
        for (const QString &n : std::as_const(names)) {
            const QJsonValue value = prefs.value(n);
            if (value.isBool())
                out.append({n, value.toBool()});
            else if (value.isString())
                out.append({n, value.toString()});
            else if (value.isDouble() && value.toDouble() == double(qint64(value.toDouble())))
                out.append({n, qint64(value.toDouble()) == int(value.toDouble())
                                   ? QVariant(int(value.toDouble()))
                                   : QVariant(qint64(value.toDouble()))});
            else
                return r.fail(p + QLatin1Char('.') + n,
                              QStringLiteral("must be true, false, a string or a whole number"));
        }
        return true;
    }

    bool chunk(const QJsonObject &c, const QString &p, ChunkRecord &ch)
    {
        QString command, serverText;
        std::optional<qint64> literal;
        if (!r.string(c, QStringLiteral("command"), p, command, true) ||
            !r.nullableInteger(c, QStringLiteral("requested_start"), p, ch.requestedStart, 0,
                               kMaxOctets) ||
            !r.nullableInteger(c, QStringLiteral("requested_length"), p, ch.requestedLength, 0,
                               kMaxOctets) ||
            !r.nullableInteger(c, QStringLiteral("origin"), p, ch.origin, 0, kMaxOctets) ||
            !r.nullableInteger(c, QStringLiteral("literal_length"), p, literal, 0, kMaxOctets) ||
            !r.integer(c, QStringLiteral("received"), p, ch.received, 0, kMaxOctets) ||
            !r.integer(c, QStringLiteral("unframed_extra"), p, ch.unframedExtra, 0, kMaxOctets) ||
            !name(c, QStringLiteral("status"), p, fetch::kChunkStatusNames, fetch::ChunkStatus::Ok,
                  ch.status) ||
            !name(c, QStringLiteral("error_kind"), p, fetch::kErrorKindNames,
                  fetch::ErrorKind::None, ch.errorKind) ||
            !r.integer(c, QStringLiteral("elapsed_ms"), p, ch.elapsedMs, 0, kMaxOctets))
            return false;
        if (!c.value(QStringLiteral("server_text")).isNull() &&
            !r.string(c, QStringLiteral("server_text"), p, ch.serverText))
            return false;
        ch.command = command.toUtf8();
        ch.literalLength = literal.value_or(-1);
        return true;
    }

    bool message(const QJsonObject &m, const QString &p, MessageOutcome &out)
    {
        std::optional<qint64> size;
        bool cancelled = false;
        if (!r.integer(m, QStringLiteral("uid"), p, out.uid, 1,
                       std::numeric_limits<quint32>::max()) ||
            !r.nullableInteger(m, QStringLiteral("rfc822_size"), p, size, 0, kMaxOctets) ||
            !name(m, QStringLiteral("strategy"), p, fetch::kStrategyNames, fetch::Strategy::None,
                  out.strategy) ||
            !name(m, QStringLiteral("verdict"), p, fetch::kVerdictNames, fetch::Verdict::Failed,
                  out.comparison.verdict) ||
            !r.boolean(m, QStringLiteral("cancelled"), p, cancelled) ||
            !name(m, QStringLiteral("session_end"), p, fetch::kMessageEndNames,
                  fetch::MessageEnd::None, out.sessionEnd) ||
            !strings(m, QStringLiteral("findings"), p, out.findings))
            return false;
        out.rfc822Size = size.value_or(-1);
        out.cancelled = cancelled;
        const QString cp = p + QStringLiteral(".chunks");
        const QJsonArray list = r.array(m, QStringLiteral("chunks"), p);
        chunks += list.size();
        if (chunks > FetchJsonReader::kMaxChunks)
            return r.fail(
                cp, QStringLiteral("more than %1 chunks in all").arg(FetchJsonReader::kMaxChunks));
        for (qsizetype i = 0; i < list.size(); ++i) {
            QJsonObject c;
            ChunkRecord ch;
            ch.index = int(i + 1);
            if (!r.object(list[i], at(cp, i), c) || !chunk(c, at(cp, i), ch))
                return false;
            out.chunks << ch;
        }
        // What the writer leaves out of a message the header download did not know.
        out.exists = size || !out.chunks.isEmpty();
        return r.error.isEmpty();
    }
};

} // namespace

std::optional<FetchOutcome> FetchJsonReader::read(const QJsonObject &o, QString *error)
{
    Parse p;
    FetchOutcome out;
    auto failed = [&] {
        if (error)
            *error = p.r.error;
        return std::nullopt;
    };
    const QString root = QStringLiteral("$");
    if (!p.server(o, out.server) || !p.prefs(o, out.prefs) ||
        !p.name(o, QStringLiteral("session_end"), root, fetch::kMessageEndNames,
                fetch::MessageEnd::None, out.sessionEnd) ||
        !p.strings(o, QStringLiteral("warnings"), root, out.warnings) ||
        !p.strings(o, QStringLiteral("notes"), root, out.notes))
        return failed();
    if (const QJsonValue v = o.value(QStringLiteral("error")); !v.isNull() && !v.isUndefined()) {
        QString e;
        if (!p.r.string(o, QStringLiteral("error"), root, e))
            return failed();
        out.error = net::printable::text(e);
    }
    const QString mp = QStringLiteral("$.messages");
    const QJsonArray messages = p.r.array(o, QStringLiteral("messages"), root);
    if (!p.r.error.isEmpty())
        return failed();
    if (messages.size() > kMaxMessages) {
        p.r.fail(mp, QStringLiteral("more than %1 messages").arg(kMaxMessages));
        return failed();
    }
    for (qsizetype i = 0; i < messages.size(); ++i) {
        QJsonObject m;
        MessageOutcome mo;
        if (!p.r.object(messages[i], at(mp, i), m) || !p.message(m, at(mp, i), mo))
            return failed();
        out.cancelled = out.cancelled || mo.cancelled;
        out.messages << mo;
    }
    return out;
}

} // namespace msim::scenario
