#include "fetch/FetchOutcome.h"

#include "fetch/JsonWriter.h"
#include "net/TlsPolicy.h"

#include <openssl/sha.h>
#include <QJsonArray>

namespace msim::fetch {

namespace {

QJsonValue optionalInt(const std::optional<qint64> &v)
{
    return v ? QJsonValue(double(*v)) : QJsonValue(QJsonValue::Null);
}

// OpenSSL's SHA-256 (with the CPU's SHA extensions): Qt's portable one costs ~80 instructions
// an octet, most of a 5 MiB fetch's CPU time.
QString sha256(const QByteArray &b)
{
    unsigned char digest[SHA256_DIGEST_LENGTH];
    SHA256(reinterpret_cast<const unsigned char *>(b.constData()), size_t(b.size()), digest);
    return QString::fromLatin1(QByteArray(reinterpret_cast<const char *>(digest), sizeof digest).toHex());
}

QJsonValue prefValue(const QVariant &v)
{
    switch (v.typeId()) {
    case QMetaType::Bool:
        return v.toBool();
    case QMetaType::Int:
    case QMetaType::LongLong:
    case QMetaType::UInt:
        return double(v.toLongLong());
    default:
        return v.toString();
    }
}

} // namespace

bool FetchOutcome::hasFindings() const
{
    for (const MessageOutcome &m : messages)
        if (!m.findings.isEmpty())
            return true;
    return false;
}

int FetchOutcome::exitCode() const
{
    if (error && messages.isEmpty())
        return 1;
    bool anyFetched = false;
    for (const MessageOutcome &m : messages)
        anyFetched = anyFetched || !m.chunks.isEmpty();
    if (error && !anyFetched)
        return 1;
    if (hasFindings() || error)
        return 3;
    for (const MessageOutcome &m : messages)
        if (m.comparison.verdict != Verdict::Complete)
            return 3;
    return 0;
}

QString FetchOutcome::worstSessionEnd(const QStringList &ends)
{
    auto rank = [](const QString &e) {
        if (e == QLatin1String("emergency_logout"))
            return 3;
        if (e == QLatin1String("disconnected"))
            return 2;
        if (e == QLatin1String("logout"))
            return 1;
        return 0;
    };
    QString worst;
    for (const QString &e : ends)
        if (worst.isEmpty() || rank(e) > rank(worst))
            worst = e;
    return worst;
}

QStringList MessageOutcome::requests() const
{
    QStringList out;
    for (const ChunkRecord &c : chunks)
        out << (c.requestedStart ? QStringLiteral("<%1.%2>")
                                       .arg(*c.requestedStart)
                                       .arg(c.requestedLength.value_or(0))
                                 : QStringLiteral("BODY[]"));
    return out;
}

QJsonObject FetchOutcome::chunkToJson(const ChunkRecord &c)
{
    QJsonObject o;
    o[QStringLiteral("command")] = QString::fromLatin1(c.command);
    o[QStringLiteral("requested_start")] = optionalInt(c.requestedStart);
    o[QStringLiteral("requested_length")] = optionalInt(c.requestedLength);
    o[QStringLiteral("origin")] = optionalInt(c.origin);
    o[QStringLiteral("literal_length")] =
        c.literalLength >= 0 ? QJsonValue(double(c.literalLength)) : QJsonValue(QJsonValue::Null);
    o[QStringLiteral("received")] = double(c.received);
    o[QStringLiteral("unframed_extra")] = double(c.unframedExtra);
    o[QStringLiteral("status")] = chunkStatusName(c.status);
    o[QStringLiteral("error_kind")] = c.errorKind == ErrorKind::None
                                          ? QJsonValue(QJsonValue::Null)
                                          : QJsonValue(errorKindName(c.errorKind));
    o[QStringLiteral("server_text")] =
        c.status == ChunkStatus::Error && !c.serverText.isEmpty()
            ? QJsonValue(c.serverText)
            : QJsonValue(QJsonValue::Null);
    o[QStringLiteral("elapsed_ms")] = double(c.elapsedMs);
    return o;
}

QJsonObject FetchOutcome::toJson() const
{
    QJsonObject root;
    QJsonObject srv;
    srv[QStringLiteral("host")] = server.host;
    srv[QStringLiteral("port")] = int(server.port);
    srv[QStringLiteral("security")] = net::securityName(server.security);
    srv[QStringLiteral("greeting")] = QString::fromUtf8(server.greeting);
    QJsonArray caps;
    for (const QByteArray &c : server.capabilities)
        caps.append(QString::fromLatin1(c));
    srv[QStringLiteral("capabilities")] = caps;
    if (server.tls) {
        QJsonObject tls;
        tls[QStringLiteral("protocol")] = server.tls->protocol;
        tls[QStringLiteral("cipher")] = server.tls->cipher;
        tls[QStringLiteral("peer_sha256")] = QString::fromLatin1(server.tls->peerSha256.toHex());
        tls[QStringLiteral("overridden")] = QJsonArray::fromStringList(server.tls->overridden);
        tls[QStringLiteral("legacy")] = server.tls->legacy;
        srv[QStringLiteral("tls")] = tls;
    } else {
        srv[QStringLiteral("tls")] = QJsonValue::Null;
    }
    root[QStringLiteral("server")] = srv;

    QJsonObject p;
    for (const auto &[name, value] : prefs)
        p[name] = prefValue(value);
    root[QStringLiteral("prefs")] = p;

    QJsonArray msgs;
    for (const MessageOutcome &m : messages) {
        QJsonObject o;
        o[QStringLiteral("uid")] = double(m.uid);
        o[QStringLiteral("rfc822_size")] =
            m.rfc822Size >= 0 ? QJsonValue(double(m.rfc822Size)) : QJsonValue(QJsonValue::Null);
        o[QStringLiteral("strategy")] =
            m.strategy.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(m.strategy);
        QJsonArray chunks;
        for (const ChunkRecord &c : m.chunks)
            chunks.append(chunkToJson(c));
        o[QStringLiteral("chunks")] = chunks;
        o[QStringLiteral("displayed_length")] = double(m.displayed.size());
        o[QStringLiteral("displayed_sha256")] = sha256(m.displayed);
        o[QStringLiteral("reference_length")] =
            m.reference ? QJsonValue(double(m.reference->size())) : QJsonValue(QJsonValue::Null);
        o[QStringLiteral("reference_sha256")] =
            m.reference ? QJsonValue(sha256(*m.reference)) : QJsonValue(QJsonValue::Null);
        // A cancelled download has no verdict: it did not end (DESIGN.md §4).
        o[QStringLiteral("verdict")] = m.cancelled ? QJsonValue(QJsonValue::Null)
                                                   : QJsonValue(verdictName(m.comparison.verdict));
        if (m.cancelled)
            o[QStringLiteral("cancelled")] = true;
        o[QStringLiteral("session_end")] = m.sessionEnd;
        o[QStringLiteral("findings")] = QJsonArray::fromStringList(m.findings);
        msgs.append(o);
    }
    root[QStringLiteral("messages")] = msgs;
    root[QStringLiteral("session_end")] = sessionEnd;
    root[QStringLiteral("warnings")] = QJsonArray::fromStringList(warnings);
    root[QStringLiteral("notes")] = QJsonArray::fromStringList(notes);
    root[QStringLiteral("error")] = error ? QJsonValue(*error) : QJsonValue(QJsonValue::Null);
    return root;
}

QByteArray FetchOutcome::toJsonText() const
{
    JsonWriter w;
    auto optional = [&w](const char *key, const std::optional<qint64> &v) {
        if (v)
            w.value(key, *v);
        else
            w.null(key);
    };
    w.beginObject();
    w.beginObject("server");
    w.value("host", server.host);
    w.value("port", qint64(server.port));
    w.value("security", net::securityName(server.security));
    w.value("greeting", QString::fromUtf8(server.greeting));
    w.beginArray("capabilities");
    for (const QByteArray &c : server.capabilities)
        w.string(QString::fromLatin1(c));
    w.endArray();
    if (server.tls) {
        w.beginObject("tls");
        w.value("protocol", server.tls->protocol);
        w.value("cipher", server.tls->cipher);
        w.value("peer_sha256", QString::fromLatin1(server.tls->peerSha256.toHex()));
        w.beginArray("overridden");
        for (const QString &o : server.tls->overridden)
            w.string(o);
        w.endArray();
        w.value("legacy", server.tls->legacy);
        w.endObject();
    } else {
        w.null("tls");
    }
    w.endObject();
    w.beginObject("prefs");
    for (const auto &[name, v] : prefs) {
        const QByteArray key = name.toLatin1();
        if (v.typeId() == QMetaType::Bool)
            w.value(key.constData(), v.toBool());
        else if (v.typeId() == QMetaType::QString)
            w.value(key.constData(), v.toString());
        else
            w.value(key.constData(), v.toLongLong());
    }
    w.endObject();
    w.beginArray("messages");
    for (const MessageOutcome &m : messages) {
        w.beginObject();
        w.value("uid", qint64(m.uid));
        optional("rfc822_size", m.rfc822Size >= 0 ? std::optional<qint64>(m.rfc822Size) : std::nullopt);
        if (m.strategy.isEmpty())
            w.null("strategy");
        else
            w.value("strategy", m.strategy);
        w.beginArray("chunks");
        for (const ChunkRecord &c : m.chunks) {
            w.beginObject();
            w.value("command", QByteArrayView(c.command));
            optional("requested_start", c.requestedStart);
            optional("requested_length", c.requestedLength);
            optional("origin", c.origin);
            optional("literal_length", c.literalLength >= 0 ? std::optional<qint64>(c.literalLength) : std::nullopt);
            w.value("received", c.received);
            w.value("unframed_extra", c.unframedExtra);
            w.value("status", QByteArrayView(chunkStatusKey(c.status)));
            if (c.errorKind == ErrorKind::None)
                w.null("error_kind");
            else
                w.value("error_kind", errorKindName(c.errorKind));
            if (c.status == ChunkStatus::Error && !c.serverText.isEmpty())
                w.value("server_text", c.serverText);
            else
                w.null("server_text");
            w.value("elapsed_ms", c.elapsedMs);
            w.endObject();
        }
        w.endArray();
        w.value("displayed_length", qint64(m.displayed.size()));
        w.value("displayed_sha256", sha256(m.displayed));
        optional("reference_length", m.reference ? std::optional<qint64>(m.reference->size()) : std::nullopt);
        if (m.reference)
            w.value("reference_sha256", sha256(*m.reference));
        else
            w.null("reference_sha256");
        if (m.cancelled) {
            w.null("verdict");
            w.value("cancelled", true);
        } else {
            w.value("verdict", verdictName(m.comparison.verdict));
        }
        w.value("session_end", m.sessionEnd);
        w.beginArray("findings");
        for (const QString &f : m.findings)
            w.string(f);
        w.endArray();
        w.endObject();
    }
    w.endArray();
    w.value("session_end", sessionEnd);
    w.beginArray("warnings");
    for (const QString &x : warnings)
        w.string(x);
    w.endArray();
    w.beginArray("notes");
    for (const QString &x : notes)
        w.string(x);
    w.endArray();
    if (error)
        w.value("error", *error);
    else
        w.null("error");
    w.endObject();
    return w.take();
}

QString FetchOutcome::transcriptText() const
{
    QString out;
    for (const auto &t : transcripts) {
        out += t->renderText();
        out += QLatin1Char('\n');
    }
    return out;
}

} // namespace msim::fetch
