#include "fetch/FetchOutcome.h"

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
        o[QStringLiteral("verdict")] = verdictName(m.comparison.verdict);
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
