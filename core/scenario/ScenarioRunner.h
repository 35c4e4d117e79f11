// SPDX-License-Identifier: MIT
#pragma once

#include "emulator/EmulatedServer.h"
#include "fetch/FetchRunner.h"
#include "scenario/Matrix.h"
#include "scenario/Scenario.h"

#include <QObject>

#include <memory>

namespace msim::scenario {

// Runs a reproduction (`msim-cli reproduce`, the GUI's "Open scenario"): starts the built-in
// server when the scenario names a profile (loopback, any free ports, its certificate pinned),
// runs the fetch or the matrix, and compares the result with the expectation.
class ScenarioRunner : public QObject
{
    Q_OBJECT
public:
    // NoError, or CouldNotRun: the server, the corpus, the client settings or the connection
    // failed before anything could be compared (errorString() says why; exit status 1).
    enum class Error { NoError, CouldNotRun };
    Q_ENUM(Error)

    explicit ScenarioRunner(Scenario scenario, QObject *parent = nullptr);
    ~ScenarioRunner() override;

    // For a real host: the password (never from the scenario file).
    void setPassword(const QByteArray &password) { m_password = password; }
    void start();
    void cancel();

    const Scenario &scenario() const { return m_scenario; }
    bool ran() const { return m_ran; } // false: it could not run (see error())
    Error error() const { return m_ran || !m_finished ? Error::NoError : Error::CouldNotRun; }
    QString errorString() const { return m_error; }
    bool expectationMet() const { return m_differences.isEmpty() && m_ran; }
    const QStringList &differences() const { return m_differences; }
    const std::optional<fetch::FetchOutcome> &fetchOutcome() const { return m_fetch; }
    const QList<MatrixCell> &cells() const { return m_cells; }

    // DESIGN.md §4: { "scenario": {"title","ticket"}, "expectation_met", "differences",
    //                 "result": FETCH-OBJECT | {"cells": ...} }
    QByteArray toJson() const; // DESIGN.md §4 reproduce object, indented JSON text
    QString summary() const;   // the short human summary
    // 0 the expectation holds, 3 it does not, 1 it could not run.
    int exitCode() const;

Q_SIGNALS:
    void progress(const QString &what);
    void errorOccurred(msim::scenario::ScenarioRunner::Error error); // before finished()
    void finished();

private:
    void compare();
    void fail(const QString &why); // could not run: errorOccurred, then finished
    void done();

    Scenario m_scenario;
    QByteArray m_password;
    std::unique_ptr<emulator::EmulatedServer> m_server;
    QPointer<fetch::FetchRunner> m_runner;
    QPointer<Matrix> m_matrix;
    bool m_ran = false;
    bool m_finished = false;
    QString m_error;
    QStringList m_differences;
    QStringList m_warnings;
    QStringList m_notes;
    std::optional<fetch::FetchOutcome> m_fetch;
    QList<MatrixCell> m_cells;
};

} // namespace msim::scenario
