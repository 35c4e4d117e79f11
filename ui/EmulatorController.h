// SPDX-License-Identifier: MIT
#pragma once

#include "emulator/EmulatedServer.h"

#include <QObject>
#include <QString>

#include <memory>

namespace msim::ui {

// Owns the desktop app's built-in server (DESIGN.md §5): started at first start with the
// KB Q194998 profile on loopback, stopped, or restarted with another profile, knobs or corpus.
// The panel and the main window read the running server from here; protocol stays in
// msim::emulator.
class EmulatorController : public QObject
{
    Q_OBJECT
public:
    explicit EmulatorController(QObject *parent = nullptr);
    ~EmulatorController() override;

    // What the app starts with: exchange55-presp2 on loopback, any free ports.
    static emulator::ServerOptions defaultOptions();
    static QString defaultCorpusSpec(); // "sample"

    // Stops a running server first. The corpus spec is Mailbox::fromSpec's ("sample",
    // "generated:N", "maildir:DIR", "mbox:FILE", "eml:FILE[,FILE...]"), loaded before anything
    // stops: a corpus that cannot be loaded leaves the running server as it was. When the new
    // server cannot listen, nothing runs. On failure *error says why.
    bool start(const emulator::ServerOptions &options, const QString &corpusSpec, QString *error);
    bool startDefault(QString *error)
    {
        return start(defaultOptions(), defaultCorpusSpec(), error);
    }
    void stop();
    bool isRunning() const;
    emulator::EmulatedServer *server() const; // nullptr when stopped
    emulator::ServerOptions options() const;  // of the running (or last) server
    QString corpusSpec() const;               // of the running (or last) server

Q_SIGNALS:
    void stateChanged(); // started, stopped, restarted
    void sessionsChanged(int active);

private:
    std::unique_ptr<emulator::EmulatedServer> m_server;
    emulator::ServerOptions m_options;
    QString m_corpusSpec;
};

} // namespace msim::ui
