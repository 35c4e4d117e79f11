// SPDX-License-Identifier: MIT
#include "scenario/ScenarioRunner.h"

#include "net/TlsPolicy.h"
#include "prefs/PrefsJs.h"
#include "prefs/Presets.h"
#include "scenario/JsonOutput.h"
#include "scenario/Logging.h"
#include "scenario/TextSummary.h"

#include <QJsonArray>

namespace msim::scenario {

ScenarioRunner::ScenarioRunner(Scenario scenario, QObject *parent)
    : QObject(parent)
    , m_scenario(std::move(scenario))
{}

ScenarioRunner::~ScenarioRunner() = default;

void ScenarioRunner::start()
{
    // A built-in server is started and the case pointed at it as at any host: loopback, its
    // certificate pinned, its own login.
    Scenario live = m_scenario;
    QByteArray password = m_password;
    if (m_scenario.server.builtIn) {
        emulator::ServerOptions o;
        o.profile = m_scenario.server.profile;
        o.knobs = m_scenario.server.knobs;
        QString why;
        auto mailbox = emulator::Mailbox::fromSpec(m_scenario.server.corpus, &why);
        if (!mailbox) {
            fail(QStringLiteral("the scenario's corpus cannot be loaded: ") + why);
            return;
        }
        m_server = std::make_unique<emulator::EmulatedServer>(o, std::move(*mailbox));
        if (!m_server->start(&why)) {
            fail(QStringLiteral("the built-in server did not start: ") + why);
            return;
        }
        Q_EMIT progress(QStringLiteral("built-in server %1 listening on 127.0.0.1:%2 and :%3")
                            .arg(o.profile)
                            .arg(m_server->port())
                            .arg(m_server->tlsPort()));
        qCDebug(lcScenario) << "built-in server" << o.profile << "on ports" << m_server->port()
                            << m_server->tlsPort();
        Scenario::Server &s = live.server;
        s.builtIn = false;
        s.host = QStringLiteral("127.0.0.1");
        s.plainPort = m_server->port();
        s.tlsPort = m_server->tlsPort();
        s.port = s.security == net::Security::Ssl ? s.tlsPort : s.plainPort;
        s.pins = {net::TlsPolicy::formatPin(m_server->fingerprint())};
        s.user = QString::fromUtf8(o.user);
        password = o.password;
    }
    QString why;
    if (m_scenario.matrix) {
        auto mr = live.matrixRequest(password, m_warnings, &why);
        if (!mr) {
            fail(QStringLiteral("the client settings cannot be used: ") + why);
            return;
        }
        qCDebug(lcScenario) << "matrix of" << m_scenario.title;
        m_matrix = new Matrix(*mr, this);
        connect(m_matrix, &Matrix::finished, this, [this] {
            m_cells = m_matrix->cells();
            m_notes << m_matrix->notes();
            m_warnings << m_matrix->warnings();
            compare();
        });
        m_matrix->start();
        return;
    }
    auto req = live.fetchRequest(password, m_warnings, &why);
    if (!req) {
        fail(QStringLiteral("the client settings cannot be used: ") + why);
        return;
    }
    m_runner = new fetch::FetchRunner(*req, this);
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
            if (e.verdict && *e.verdict != m->comparison.verdict)
                m_differences << QStringLiteral("UID %1: expected the verdict %2, got %3")
                                     .arg(it.key())
                                     .arg(fetch::verdictName(*e.verdict),
                                          fetch::verdictName(m->comparison.verdict));
            if (e.displayedLength && *e.displayedLength != m->displayed.size())
                m_differences << QStringLiteral("UID %1: expected %2 octets displayed, got %3")
                                     .arg(it.key())
                                     .arg(*e.displayedLength)
                                     .arg(m->displayed.size());
            if (e.sessionEnd && *e.sessionEnd != m->sessionEnd)
                m_differences << QStringLiteral("UID %1: expected the session to end with %2, "
                                                "got %3")
                                     .arg(it.key())
                                     .arg(fetch::kMessageEndNames.name(*e.sessionEnd),
                                          fetch::kMessageEndNames.name(m->sessionEnd));
            for (const fetch::ChunkStatus st : e.chunkStatuses) {
                bool seen = false;
                for (const auto &c : m->chunks)
                    seen = seen || c.status == st;
                if (!seen)
                    m_differences << QStringLiteral("UID %1: expected a chunk with status %2, "
                                                    "none had it")
                                         .arg(it.key())
                                         .arg(fetch::chunkStatusName(st));
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
                if (c.verdict() != fetch::verdictName(e.verdict))
                    m_differences << QStringLiteral("cell %1: expected %2, got %3")
                                         .arg(c.folderName(), fetch::verdictName(e.verdict),
                                              c.verdict());
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

void ScenarioRunner::fail(const QString &why)
{
    qCDebug(lcScenario) << "could not run:" << why;
    m_error = why;
    m_ran = false;
    done();
}

void ScenarioRunner::done()
{
    if (m_finished)
        return;
    m_finished = true;
    qCDebug(lcScenario) << "done:" << (m_ran ? "ran" : "could not run") << m_differences.size()
                        << "differences";
    if (!m_ran)
        Q_EMIT errorOccurred(Error::CouldNotRun);
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

QByteArray ScenarioRunner::toJson() const
{
    JsonWriter w;
    w.beginObject();
    w.beginObject("scenario");
    w.value("title", m_scenario.title);
    w.value("ticket", m_scenario.ticket);
    w.endObject();
    w.value("expectation_met", expectationMet());
    JsonOutput::writeStrings(w, "differences", m_differences);
    if (m_fetch)
        JsonOutput::writeFetch(w, *m_fetch, "result");
    else if (m_scenario.matrix && !m_cells.isEmpty())
        JsonOutput::writeMatrix(w, m_cells, m_notes, m_warnings, "result");
    else
        w.null("result");
    if (!m_error.isEmpty())
        w.value("error", m_error);
    w.endObject();
    return w.take();
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
