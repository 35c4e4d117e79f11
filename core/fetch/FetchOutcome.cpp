// SPDX-License-Identifier: MIT
#include "fetch/FetchOutcome.h"

#include "net/TlsPolicy.h"

#include <openssl/sha.h>

namespace msim::fetch {

// OpenSSL's SHA-256 (with the CPU's SHA extensions): Qt's portable one costs ~80 instructions
// an octet, most of a 5 MiB fetch's CPU time.
QString FetchOutcome::sha256(const QByteArray &b)
{
    unsigned char digest[SHA256_DIGEST_LENGTH];
    SHA256(reinterpret_cast<const unsigned char *>(b.constData()), size_t(b.size()), digest);
    return QString::fromLatin1(
        QByteArray(reinterpret_cast<const char *>(digest), sizeof digest).toHex());
}

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

MessageEnd FetchOutcome::worstSessionEnd(const QList<MessageEnd> &ends)
{
    auto rank = [](MessageEnd e) {
        switch (e) {
        case MessageEnd::EmergencyLogout:
            return 3;
        case MessageEnd::Disconnected:
            return 2;
        case MessageEnd::Logout:
            return 1;
        default:
            return 0;
        }
    };
    MessageEnd worst = MessageEnd::None;
    for (const MessageEnd e : ends)
        if (worst == MessageEnd::None || rank(e) > rank(worst))
            worst = e;
    return worst;
}

QMap<QString, QString> FetchOutcome::overriddenPrefs() const
{
    QMap<QString, QString> out;
    if (server.host.isEmpty())
        return out;
    const bool ssl = server.security == net::Security::Ssl;
    const QString used = QStringLiteral("the connection used %1 on port %2")
                             .arg(net::securityName(server.security))
                             .arg(server.port);
    const QString isSecure = QStringLiteral("mail.imap.server.%1.isSecure").arg(server.host);
    for (const auto &[name, value] : prefs) {
        if ((name == u"mail.imap.server_ssl" || name == isSecure) &&
            value.typeId() == QMetaType::Bool && value.toBool() != ssl)
            out.insert(name, used);
        else if (name == u"mail.imap.ssl_port" && ssl && value.toLongLong() != server.port)
            out.insert(name, used);
    }
    return out;
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

QString FetchOutcome::transcriptText() const
{
    return net::renderAll(transcripts);
}

} // namespace msim::fetch
