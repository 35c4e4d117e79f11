// SPDX-License-Identifier: MIT
#include "scenario/Scenario.h"

#include "net/TlsPolicy.h"
#include "prefs/PrefRegistry.h"
#include "prefs/PrefsJs.h"
#include "prefs/Presets.h"

#include <QFile>
#include <QRegularExpression>
#include <QSaveFile>

namespace msim::scenario {

MessageExpectation MessageExpectation::of(const fetch::MessageOutcome &m)
{
    MessageExpectation e;
    e.verdict = m.comparison.verdict;
    e.displayedLength = m.displayed.size();
    if (m.sessionEnd != fetch::MessageEnd::None)
        e.sessionEnd = m.sessionEnd;
    for (const fetch::ChunkRecord &ch : m.chunks) {
        if (ch.status != fetch::ChunkStatus::Ok && !e.chunkStatuses.contains(ch.status))
            e.chunkStatuses << ch.status;
    }
    return e;
}

quint16 Scenario::Server::fetchPort() const
{
    return port ? port : net::defaultPort(security);
}

quint16 Scenario::Server::matrixPlainPort() const
{
    if (plainPort)
        return plainPort;
    return port && security != net::Security::Ssl ? port : net::defaultPort(net::Security::None);
}

quint16 Scenario::Server::matrixTlsPort() const
{
    if (tlsPort)
        return tlsPort;
    return port && security == net::Security::Ssl ? port : net::defaultPort(net::Security::Ssl);
}

imap::SessionOptions Scenario::Server::sessionOptions(const QByteArray &password,
                                                      double timeoutSeconds) const
{
    imap::SessionOptions o;
    o.endpoint.host = host;
    o.endpoint.port = fetchPort();
    o.endpoint.security = security;
    o.credentials = {user.toUtf8(), password};
    o.commandTimeoutMs = int(timeoutSeconds * 1000);
    o.connectTimeoutMs = int(timeoutSeconds * 1000);
    o.tls.peerName = tlsName;
    o.tls.caFile = caFile;
    o.tls.legacy = tlsLegacy;
    for (const QString &pin : pins) {
        if (const auto digest = net::TlsPolicy::parsePin(pin))
            o.tls.pins.append(*digest);
    }
    return o;
}

Scenario::Client Scenario::Client::of(const fetch::ClientSettings &settings)
{
    Client c;
    c.preset = settings.presetName;
    QString why;
    const auto preset = prefs::Presets::make(settings.presetName, &why);
    for (const auto &[name, value] : settings.prefs.effective()) {
        if (preset && preset->value(name) == value)
            continue;
        c.set.append({name, prefs::Prefs::setText(value)});
    }
    return c;
}

std::optional<fetch::ClientSettings> Scenario::clientSettings(QStringList &warnings, QString *error,
                                                              prefs::Prefs::ApplyReport *report,
                                                              bool *unreadable) const
{
    QString why;
    auto made = prefs::Presets::make(client.preset, &why);
    if (!made) {
        *error = QStringLiteral("--preset: ") + why;
        return std::nullopt;
    }
    fetch::ClientSettings settings;
    settings.prefs = *made;
    settings.presetName = client.preset;
    settings.kind = fetch::ClientSettings::kindForPreset(client.preset);
    if (!client.prefsJs.isEmpty()) {
        const auto read = prefs::PrefsJs::readFile(client.prefsJs, &why);
        if (!read) {
            if (unreadable)
                *unreadable = true;
            *error = QStringLiteral("--prefs: ") + why;
            return std::nullopt;
        }
        const prefs::Prefs::ApplyReport applied = settings.prefs.apply(*read);
        for (const auto &issue : applied.issues)
            warnings << prefs::PrefsJs::issueLine(client.prefsJs, issue);
        if (report)
            *report = applied;
    }
    for (const auto &[name, value] : client.set) {
        const QString assignment = name + u'=' + value;
        QString warning;
        if (!settings.prefs.setFromText(assignment, &why, &warning)) {
            *error = QStringLiteral("--set %1: %2").arg(assignment, why);
            return std::nullopt;
        }
        if (!warning.isEmpty())
            warnings << QStringLiteral("--set %1: %2").arg(assignment, warning);
    }
    return settings;
}

std::optional<fetch::FetchRequest>
Scenario::fetchRequest(const QByteArray &password, QStringList &warnings, QString *error) const
{
    fetch::FetchRequest req;
    auto settings = clientSettings(warnings, error);
    if (!settings)
        return std::nullopt;
    req.client = std::move(*settings);
    req.session = server.sessionOptions(password, timeoutSeconds);
    req.mailbox = mailbox.toUtf8();
    req.uids = uids;
    req.all = all;
    req.verify = verify;
    req.keepSeen = keepSeen;
    if (!referenceEml.isEmpty()) {
        QFile f(referenceEml);
        if (!f.open(QIODevice::ReadOnly)) {
            *error = QStringLiteral("cannot read %1: %2").arg(f.fileName(), f.errorString());
            return std::nullopt;
        }
        QByteArray eml = f.readAll();
        if (!eml.contains('\r') && eml.contains('\n')) {
            eml.replace("\n", "\r\n");
            warnings << QStringLiteral("%1 has bare LF line ends; it was compared in its CRLF "
                                       "form, as servers serve it.")
                            .arg(f.fileName());
        }
        req.referenceEml = eml;
        req.referenceEmlPath = f.fileName();
    }
    return req;
}

std::optional<MatrixRequest> Scenario::matrixRequest(const QByteArray &password,
                                                     QStringList &warnings, QString *error) const
{
    auto base = fetchRequest(password, warnings, error);
    if (!base)
        return std::nullopt;
    MatrixRequest mr;
    mr.base = std::move(*base);
    mr.plainPort = server.matrixPlainPort();
    mr.tlsPort = server.matrixTlsPort();
    mr.chunkSizes = chunkSizes;
    return mr;
}

QString Scenario::toShellCommand() const
{
    static const QRegularExpression plain(QStringLiteral("^[A-Za-z0-9_./:=@,+-]+$"));
    QStringList quoted;
    for (QString arg : toCommandLine()) {
        if (!plain.match(arg).hasMatch())
            arg = u'\'' + arg.replace(u'\'', QStringLiteral("'\\''")) + u'\'';
        quoted << arg;
    }
    return quoted.join(u' ');
}

bool Scenario::save(const QString &path, QString *error) const
{
    QSaveFile f(path);
    const QByteArray text = toJsonText();
    if (!f.open(QIODevice::WriteOnly) || f.write(text) != text.size() || !f.commit()) {
        if (error)
            *error = QStringLiteral("Cannot write %1: %2").arg(path, f.errorString());
        return false;
    }
    return true;
}

QStringList Scenario::toCommandLine() const
{
    QStringList a{QStringLiteral("msim-cli"),
                  matrix ? QStringLiteral("matrix") : QStringLiteral("fetch"),
                  QStringLiteral("--host"), server.host};
    if (matrix) {
        a << QStringLiteral("--port") << QString::number(server.matrixPlainPort())
          << QStringLiteral("--tls-port") << QString::number(server.matrixTlsPort());
    } else {
        a << QStringLiteral("--port") << QString::number(server.fetchPort())
          << QStringLiteral("--security") << net::securityName(server.security);
    }
    a << QStringLiteral("--user") << server.user;
    for (const QString &pin : server.pins)
        a << QStringLiteral("--pin") << pin;
    if (!server.caFile.isEmpty())
        a << QStringLiteral("--ca-file") << server.caFile;
    if (!server.tlsName.isEmpty())
        a << QStringLiteral("--tls-name") << server.tlsName;
    if (server.tlsLegacy)
        a << QStringLiteral("--tls-legacy");
    if (timeoutSeconds != 30)
        a << QStringLiteral("--timeout") << QString::number(timeoutSeconds);
    a << QStringLiteral("--preset") << client.preset;
    if (!client.prefsJs.isEmpty())
        a << QStringLiteral("--prefs") << client.prefsJs;
    for (const auto &[name, value] : client.set)
        a << QStringLiteral("--set") << name + u'=' + value;
    if (all)
        a << QStringLiteral("--all");
    for (const quint32 uid : uids)
        a << QStringLiteral("--uid") << QString::number(uid);
    if (mailbox != QLatin1String("INBOX"))
        a << QStringLiteral("--mailbox") << mailbox;
    if (!verify)
        a << QStringLiteral("--no-verify");
    if (!referenceEml.isEmpty())
        a << QStringLiteral("--reference-eml") << referenceEml;
    if (keepSeen)
        a << QStringLiteral("--keep-seen");
    if (matrix && !chunkSizes.isEmpty()) {
        QStringList sizes;
        for (const qint64 s : chunkSizes)
            sizes << QString::number(s);
        a << QStringLiteral("--chunk-sizes") << sizes.join(u',');
    }
    return a;
}

} // namespace msim::scenario
