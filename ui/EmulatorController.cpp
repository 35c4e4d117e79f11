// SPDX-License-Identifier: MIT
#include "ui/EmulatorController.h"

namespace msim::ui {

EmulatorController::EmulatorController(QObject *parent)
    : QObject(parent)
    , m_options(defaultOptions())
    , m_corpusSpec(defaultCorpusSpec())
{}

EmulatorController::~EmulatorController()
{
    if (m_server)
        m_server->disconnect(this); // no signals from a half-destroyed controller
}

emulator::ServerOptions EmulatorController::defaultOptions()
{
    emulator::ServerOptions o;
    o.profile = QStringLiteral("exchange55-presp2");
    return o;
}

QString EmulatorController::defaultCorpusSpec()
{
    return QStringLiteral("sample");
}

bool EmulatorController::start(const emulator::ServerOptions &options, const QString &corpusSpec,
                               QString *error)
{
    QString why;
    // The corpus first: a bad one leaves the running server as it is.
    std::optional<emulator::Mailbox> mailbox = emulator::Mailbox::fromSpec(corpusSpec, &why);
    if (!mailbox) {
        if (error)
            *error = QStringLiteral("Cannot load the corpus '%1': %2").arg(corpusSpec, why);
        return false;
    }
    const bool wasRunning = m_server != nullptr;
    if (m_server) {
        m_server->disconnect(this);
        m_server.reset(); // closes its listeners and sessions, freeing the ports for the new one
    }
    m_options = options;
    m_corpusSpec = corpusSpec;
    auto server = std::make_unique<emulator::EmulatedServer>(options, std::move(*mailbox));
    if (!server->start(&why)) {
        if (error)
            *error = QStringLiteral("Cannot start the built-in server: %1").arg(why);
        if (wasRunning) {
            Q_EMIT sessionsChanged(0);
            Q_EMIT stateChanged();
        }
        return false;
    }
    m_server = std::move(server);
    connect(m_server.get(), &emulator::EmulatedServer::sessionsChanged, this,
            &EmulatorController::sessionsChanged);
    Q_EMIT sessionsChanged(0);
    Q_EMIT stateChanged();
    return true;
}

void EmulatorController::stop()
{
    if (!m_server)
        return;
    m_server->disconnect(this);
    m_server.reset();
    Q_EMIT sessionsChanged(0);
    Q_EMIT stateChanged();
}

bool EmulatorController::isRunning() const
{
    return m_server && m_server->isRunning();
}

emulator::EmulatedServer *EmulatorController::server() const
{
    return m_server.get();
}

emulator::ServerOptions EmulatorController::options() const
{
    return m_server ? m_server->options() : m_options;
}

QString EmulatorController::corpusSpec() const
{
    return m_corpusSpec;
}

} // namespace msim::ui
