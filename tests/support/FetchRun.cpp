// SPDX-License-Identifier: MIT
#include "FetchRun.h"

#include "DovecotFixture.h"
#include "prefs/Presets.h"

#include <QSignalSpy>
#include <QTest>

namespace msim::testsupport {

namespace {

void useClient(fetch::FetchRequest &r, const QString &preset, const QStringList &sets)
{
    QString err;
    r.client.prefs = *prefs::Presets::make(preset, &err);
    r.client.presetName = preset;
    r.client.kind = fetch::ClientSettings::kindForPreset(preset);
    for (const QString &s : sets)
        r.client.prefs.setFromText(s, &err);
}

} // namespace

fetch::FetchRequest loopbackRequest(quint16 port, const QString &preset, const QList<quint32> &uids,
                                    const QStringList &sets)
{
    fetch::FetchRequest r;
    r.session.endpoint.host = QStringLiteral("127.0.0.1");
    r.session.endpoint.port = port;
    r.session.endpoint.security = net::Security::None;
    r.session.credentials = {"test", "secret"};
    r.session.commandTimeoutMs = 5000;
    r.session.drainTimeoutMs = 1000;
    r.uids = uids;
    useClient(r, preset, sets);
    return r;
}

fetch::FetchRequest builtInRequest(quint16 plainPort, quint16 tlsPort,
                                   const QByteArray &fingerprint, net::Security security,
                                   const QString &preset, const QList<quint32> &uids)
{
    fetch::FetchRequest r =
        loopbackRequest(security == net::Security::Ssl ? tlsPort : plainPort, preset, uids);
    r.session.endpoint.security = security;
    r.session.tls.pins = {fingerprint};
    return r;
}

fetch::FetchRequest dovecotRequest(const DovecotFixture &fx, net::Security security,
                                   const QString &preset, const QList<quint32> &uids)
{
    fetch::FetchRequest r;
    r.session.endpoint.host = QStringLiteral("127.0.0.1");
    r.session.endpoint.security = security;
    r.session.endpoint.port = security == net::Security::Ssl ? fx.imapsPort : fx.imapPort;
    r.session.tls.caFile = fx.certFile;
    r.session.credentials = {fx.user.toUtf8(), fx.password};
    r.uids = uids;
    useClient(r, preset, {});
    return r;
}

std::optional<fetch::FetchOutcome> runFetch(fetch::FetchRequest req, const fetch::Clock *clock,
                                            int timeoutMs)
{
    fetch::FetchRunner runner(std::move(req));
    if (clock)
        runner.setClock(clock);
    QSignalSpy done(&runner, &fetch::FetchRunner::finished);
    runner.start();
    if (done.isEmpty() && !done.wait(timeoutMs))
        return std::nullopt;
    return runner.outcome();
}

std::optional<fetch::FetchOutcome> runFetchCancelled(ScriptedServer &server,
                                                     fetch::FetchRequest req, int at, int timeoutMs)
{
    fetch::FetchRunner runner(std::move(req));
    QObject::connect(&server, &ScriptedServer::waitingForClose, &runner, [&runner, at](int index) {
        if (index == at)
            runner.cancel();
    });
    QSignalSpy done(&runner, &fetch::FetchRunner::finished);
    runner.start();
    if (done.isEmpty() && !done.wait(timeoutMs))
        return std::nullopt;
    return runner.outcome();
}

std::optional<fetch::FetchOutcome> playFetch(const QList<ScriptedServer::Scenario> &scenarios,
                                             fetch::FetchRequest req, QString *why,
                                             const fetch::Clock *clock)
{
    ScriptedServer server;
    for (const auto &s : scenarios)
        server.addScenario(s);
    if (!server.listenLoopback()) {
        *why = QStringLiteral("the scripted server cannot listen");
        return std::nullopt;
    }
    req.session.endpoint.port = server.serverPort();
    auto out = runFetch(std::move(req), clock);
    if (!out) {
        *why = QStringLiteral("the fetch did not finish within %1 ms; the script: %2")
                   .arg(kFetchWaitMs)
                   .arg(server.progress());
        return std::nullopt;
    }
    if (!QTest::qWaitFor([&] { return server.allConsumed() || !server.failure().isEmpty(); },
                         10000) ||
        !server.failure().isEmpty()) {
        *why = server.failure().isEmpty() ? server.progress() : server.failure();
        return std::nullopt;
    }
    return out;
}

} // namespace msim::testsupport
