#include "scenario/ScenarioRunner.h"

#include "net/TlsPolicy.h"
#include "prefs/PrefsJs.h"
#include "prefs/Presets.h"
#include "scenario/TextSummary.h"

#include <QJsonArray>

namespace msim::scenario {

ScenarioRunner::ScenarioRunner(Scenario scenario, QObject *parent)
    : QObject(parent)
    , m_scenario(std::move(scenario))
{}

ScenarioRunner::~ScenarioRunner() = default;

bool ScenarioRunner::clientSettings(const Scenario &s, fetch::ClientSettings &client,
                                    QStringList &warnings, QString *error)
{
    QString why;
    auto p = prefs::Presets::make(s.client.preset, &why);
    if (!p) {
        *error = why;
        return false;
    }
    client.prefs = *p;
    client.presetName = s.client.preset;
    client.kind = fetch::ClientSettings::kindForPreset(s.client.preset);
    if (!s.client.prefsJs.isEmpty()) {
        auto read = prefs::PrefsJs::readFile(s.client.prefsJs, &why);
        if (!read) {
            *error = why;
            return false;
        }
        for (const auto &issue : client.prefs.apply(*read).issues)
            warnings << prefs::PrefsJs::issueLine(s.client.prefsJs, issue);
    }
    for (const auto &[name, value] : s.client.set)
        if (!client.prefs.setFromText(QString(name + QLatin1Char('=') + value), &why)) {
            *error = why;
            return false;
        }
    return true;
}

void ScenarioRunner::start()
{
    fetch::FetchRequest req;
    QString why;
    if (!clientSettings(m_scenario, req.client, m_warnings, &why)) {
        m_error = QStringLiteral("the client settings cannot be used: ") + why;
        done();
        return;
    }
    req.mailbox = m_scenario.mailbox.toUtf8();
    req.uids = m_scenario.uids;
    req.all = m_scenario.all;
    req.verify = m_scenario.verify;
    req.keepSeen = m_scenario.keepSeen;
    req.session.commandTimeoutMs = m_scenario.timeoutSeconds * 1000;
    req.session.connectTimeoutMs = m_scenario.timeoutSeconds * 1000;
    auto &ep = req.session.endpoint;
    ep.security = m_scenario.server.security;
    quint16 plainPort = 0;
    quint16 tlsPort = 0;
    if (m_scenario.server.builtIn) {
        emulator::ServerOptions o;
        o.profile = m_scenario.server.profile;
        o.knobs = m_scenario.server.knobs;
        QString corpusError;
        auto mailbox = emulator::Mailbox::fromSpec(m_scenario.server.corpus, &corpusError);
        if (!mailbox) {
            m_error = QStringLiteral("the scenario's corpus cannot be loaded: ") + corpusError;
            done();
            return;
        }
        m_server = std::make_unique<emulator::EmulatedServer>(o, std::move(*mailbox));
        if (!m_server->start(&why)) {
            m_error = QStringLiteral("the built-in server did not start: ") + why;
            done();
            return;
        }
        Q_EMIT progress(QStringLiteral("built-in server %1 listening on 127.0.0.1:%2 and :%3")
                            .arg(o.profile)
                            .arg(m_server->port())
                            .arg(m_server->tlsPort()));
        ep.host = QStringLiteral("127.0.0.1");
        plainPort = m_server->port();
        tlsPort = m_server->tlsPort();
        req.session.tls.pins = {m_server->fingerprint()};
        req.session.credentials = {o.user, o.password};
    } else {
        ep.host = m_scenario.server.host;
        plainPort = m_scenario.server.port                             ? m_scenario.server.port
                    : m_scenario.server.security == net::Security::Ssl ? 993
                                                                       : 143;
        tlsPort = m_scenario.server.tlsPort                          ? m_scenario.server.tlsPort
                  : m_scenario.server.security == net::Security::Ssl ? plainPort
                                                                     : 993;
        if (m_scenario.server.security == net::Security::Ssl && m_scenario.server.port)
            tlsPort = m_scenario.server.port;
        req.session.tls.peerName = m_scenario.server.tlsName;
        req.session.tls.caFile = m_scenario.server.caFile;
        req.session.tls.legacy = m_scenario.server.tlsLegacy;
        for (const QString &p : std::as_const(m_scenario.server.pins))
            req.session.tls.pins << *net::TlsPolicy::parsePin(p);
        req.session.credentials = {m_scenario.server.user.toUtf8(), m_password};
    }
    ep.port = ep.security == net::Security::Ssl ? tlsPort : plainPort;
    if (m_scenario.matrix) {
        MatrixRequest mr;
        mr.base = req;
        mr.plainPort = plainPort;
        mr.tlsPort = tlsPort;
        mr.chunkSizes = m_scenario.chunkSizes;
        m_matrix = new Matrix(mr, this);
        connect(m_matrix, &Matrix::finished, this, [this] {
            m_cells = m_matrix->cells();
            m_notes << m_matrix->notes();
            m_warnings << m_matrix->warnings();
            compare();
        });
        m_matrix->start();
        return;
    }
    m_runner = new fetch::FetchRunner(req, this);
    connect(m_runner, &fetch::FetchRunner::progress, this,
            [this](const QString &stage, quint32 uid, qint64 octets, qint64 total, int chunks) {
                if (uid)
                    Q_EMIT progress(QStringLiteral("%1 UID %2: %3 of %4 octets, %5 chunks")
                                        .arg(stage)
                                        .arg(uid)
                                        .arg(octets)
                                        .arg(total)
                                        .arg(chunks));
            });
    connect(m_runner, &fetch::FetchRunner::finished, this, [this] {
        m_fetch = m_runner->outcome();
        m_fetch->warnings = m_warnings + m_fetch->warnings;
        compare();
    });
    m_runner->start();
}

void ScenarioRunner::cancel()
{
    if (m_runner)
        m_runner->cancel();
    if (m_matrix)
        m_matrix->cancel();
}

void ScenarioRunner::compare()
{
    if (m_fetch) {
        m_ran = !(m_fetch->error && m_fetch->exitCode() == 1);
        if (!m_ran)
            m_error = *m_fetch->error;
        for (auto it = m_scenario.expectMessages.begin(); it != m_scenario.expectMessages.end();
             ++it) {
            const fetch::MessageOutcome *m = nullptr;
            for (const auto &x : m_fetch->messages)
                if (x.uid == it.key())
                    m = &x;
            if (!m) {
                m_differences << QStringLiteral("UID %1 was not fetched").arg(it.key());
                continue;
            }
            const MessageExpectation &e = it.value();
            const QString verdict = fetch::verdictName(m->comparison.verdict);
            if (e.verdict && *e.verdict != verdict)
                m_differences << QStringLiteral("UID %1: expected the verdict %2, got %3")
                                     .arg(it.key())
                                     .arg(*e.verdict, verdict);
            if (e.displayedLength && *e.displayedLength != m->displayed.size())
                m_differences << QStringLiteral("UID %1: expected %2 octets displayed, got %3")
                                     .arg(it.key())
                                     .arg(*e.displayedLength)
                                     .arg(m->displayed.size());
            if (e.sessionEnd && *e.sessionEnd != m->sessionEnd)
                m_differences << QStringLiteral("UID %1: expected the session to end with %2, "
                                                "got %3")
                                     .arg(it.key())
                                     .arg(*e.sessionEnd, m->sessionEnd);
            for (const QString &st : e.chunkStatuses) {
                bool seen = false;
                for (const auto &c : m->chunks)
                    seen = seen || fetch::chunkStatusName(c.status) == st;
                if (!seen)
                    m_differences << QStringLiteral("UID %1: expected a chunk with status %2, "
                                                    "none had it")
                                         .arg(it.key())
                                         .arg(st);
            }
            if (e.requests) {
                const QStringList got = m->requests();
                if (got != *e.requests)
                    m_differences << QStringLiteral("UID %1: expected the requests %2, got %3")
                                         .arg(it.key())
                                         .arg(e.requests->join(QStringLiteral(" ")),
                                              got.isEmpty() ? QStringLiteral("none")
                                                            : got.join(QStringLiteral(" ")));
            }
        }
    } else {
        m_ran = Matrix::exitCode(m_cells) != 1;
        if (!m_ran && !m_cells.isEmpty())
            m_error = m_cells.first().result.error.value_or(QStringLiteral("no cell could fetch"));
        for (const CellExpectation &e : std::as_const(m_scenario.expectCells)) {
            bool found = false;
            for (const MatrixCell &c : std::as_const(m_cells)) {
                if (c.security != e.security || c.fetchByChunks != e.fetchByChunks)
                    continue;
                if (e.chunkSize && c.chunkSize != e.chunkSize)
                    continue;
                found = true;
                if (c.verdict() != e.verdict)
                    m_differences << QStringLiteral("cell %1: expected %2, got %3")
                                         .arg(c.folderName(), e.verdict, c.verdict());
            }
            if (!found)
                m_differences << QStringLiteral("no cell %1 with chunking %2")
                                     .arg(net::securityName(e.security),
                                          e.fetchByChunks ? QStringLiteral("on")
                                                          : QStringLiteral("off"));
        }
    }
    done();
}

void ScenarioRunner::done()
{
    if (m_finished)
        return;
    m_finished = true;
    if (m_server)
        m_server->stop();
    Q_EMIT finished();
}

int ScenarioRunner::exitCode() const
{
    if (!m_ran)
        return 1;
    return m_differences.isEmpty() ? 0 : 3;
}

QJsonObject ScenarioRunner::toJson() const
{
    QJsonObject root;
    QJsonObject sc;
    sc[QStringLiteral("title")] = m_scenario.title;
    sc[QStringLiteral("ticket")] = m_scenario.ticket;
    root[QStringLiteral("scenario")] = sc;
    root[QStringLiteral("expectation_met")] = expectationMet();
    root[QStringLiteral("differences")] = QJsonArray::fromStringList(m_differences);
    if (m_fetch)
        root[QStringLiteral("result")] = m_fetch->toJson();
    else if (m_scenario.matrix && !m_cells.isEmpty())
        root[QStringLiteral("result")] = Matrix::toJson(m_cells, m_notes, m_warnings);
    else
        root[QStringLiteral("result")] = QJsonValue::Null;
    if (!m_error.isEmpty())
        root[QStringLiteral("error")] = m_error;
    return root;
}

QString ScenarioRunner::summary() const
{
    QString out = QStringLiteral("%1%2\n").arg(
        m_scenario.title,
        m_scenario.ticket.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(m_scenario.ticket));
    if (!m_ran) {
        out += QStringLiteral("COULD NOT RUN: %1\n").arg(m_error);
        return out;
    }
    if (m_fetch)
        out += QLatin1Char('\n') + TextSummary::render(*m_fetch, true);
    else
        out += QLatin1Char('\n') + Matrix::table(m_cells);
    out += QLatin1Char('\n');
    if (m_differences.isEmpty()) {
        out += QStringLiteral("REPRODUCED: the expectation holds.\n");
    } else {
        out += QStringLiteral("NOT REPRODUCED: the expectation does not hold:\n");
        for (const QString &d : m_differences)
            out += QStringLiteral("  - %1\n").arg(d);
    }
    return out;
}

} // namespace msim::scenario
