// SPDX-License-Identifier: MIT
#pragma once

#include "emulator/ServerProfile.h"
#include "fetch/FetchOutcome.h"
#include "fetch/FetchRunner.h"
#include "net/Security.h"
#include "prefs/Prefs.h"
#include "scenario/Matrix.h"

#include <QJsonObject>
#include <QMap>
#include <QStringList>

#include <optional>

namespace msim::scenario {

// What a reproduction expects of one message (docs/SCENARIOS.md).
struct MessageExpectation
{
    std::optional<fetch::Verdict> verdict;
    std::optional<qint64> displayedLength;
    QList<fetch::ChunkStatus> chunkStatuses; // each must appear among the message's chunks
    std::optional<fetch::MessageEnd> sessionEnd;
    std::optional<QStringList> requests; // exactly these partials, e.g. "<0.10240>"

    // What `m` showed, as an expectation that holds for it ("Save as scenario"): its verdict,
    // the octets displayed, each chunk status other than ok (once, in order of appearance) and
    // the session end when there was one. A message never fetched (no chunks, no reference):
    // verdict complete, nothing else.
    static MessageExpectation of(const fetch::MessageOutcome &m);
};

// What a matrix reproduction expects of one cell.
struct CellExpectation
{
    net::Security security = net::Security::Ssl;
    bool fetchByChunks = true;
    std::optional<qint64> chunkSize;
    fetch::Verdict verdict = fetch::Verdict::Complete;
};

// One case, one value (DESIGN.md §2): the server (a built-in profile with its knobs and corpus,
// or a real host; never a password), the client's prefs, the messages, the expectation. The
// CLI parses its options into it, the GUI builds it, a scenario file is its JSON form
// (docs/SCENARIOS.md; unknown keys and bad values are errors that name the JSON path), "Copy as
// msim-cli command" and "Save as scenario" are its serialisers, and runners take the
// FetchRequest it makes.
struct Scenario
{
    QString path; // the file it came from (relative paths resolve against its folder)
    QString title;
    QString ticket;
    QString description;

    struct Server
    {
        bool builtIn = true;
        // built-in
        QString profile;
        QString corpus = QStringLiteral("sample");
        emulator::ServerKnobs knobs;
        // real host
        QString host = QStringLiteral("127.0.0.1");
        quint16 port = 0; // the port for `security`; 0: net::defaultPort(security)
        // A matrix's ports (0: `port` where its security matches, else the default).
        quint16 plainPort = 0; // none and starttls cells
        quint16 tlsPort = 0;   // ssl cells
        QString user;
        QString tlsName;
        QStringList pins; // "sha256:HEX"
        QString caFile;
        bool tlsLegacy = false;
        // both
        net::Security security = net::Security::Ssl;

        quint16 fetchPort() const; // the port of a fetch: port, or the default for security
        quint16 matrixPlainPort() const;
        quint16 matrixTlsPort() const;
        // The session options for a real host (TLS trust, timeouts in seconds, credentials).
        imap::SessionOptions sessionOptions(const QByteArray &password,
                                            double timeoutSeconds) const;
    } server;

    struct Client
    {
        QString preset = QStringLiteral("messenger45");
        QString prefsJs;                    // a path (resolved against the scenario's folder)
        QList<QPair<QString, QString>> set; // NAME, VALUE as text (the --set form)

        // What `client` is as preset + --set: the prefs whose value differs from the preset's.
        static Client of(const fetch::ClientSettings &client);
    } client;

    QList<quint32> uids;
    bool all = false;
    QString mailbox = QStringLiteral("INBOX");
    bool verify = true;
    QString referenceEml; // compare with this file instead of a reference copy (one UID)
    bool keepSeen = false;
    double timeoutSeconds = 30; // per command (a scenario file: whole seconds)

    bool matrix = false;
    QList<qint64> chunkSizes; // matrix only; empty: the client's own chunk size

    QMap<quint32, MessageExpectation> expectMessages;
    QList<CellExpectation> expectCells;

    // The emulated client: the preset, then prefs.js, then each --set. prefs.js problems become
    // `warnings` ("PATH line N: ..."); `report` (if given) receives what reading it gave.
    // nullopt + *error for an unknown preset, an unreadable prefs.js, or a bad --set.
    std::optional<fetch::ClientSettings> clientSettings(QStringList &warnings, QString *error,
                                                        prefs::Prefs::ApplyReport *report = nullptr,
                                                        bool *unreadable = nullptr) const;
    // What a runner takes for a real host (a built-in server: ScenarioRunner first points
    // `server` at it). Reads prefs.js and --reference-eml (bare LF becomes CRLF, with a warning).
    // nullopt + *error when a file cannot be read or a value is wrong.
    std::optional<fetch::FetchRequest> fetchRequest(const QByteArray &password,
                                                    QStringList &warnings, QString *error) const;
    std::optional<MatrixRequest> matrixRequest(const QByteArray &password, QStringList &warnings,
                                               QString *error) const;

    // The msim-cli command that runs this case against `server` as a real host ("msim-cli",
    // "fetch" or "matrix", then the options; never a password), unquoted.
    QStringList toCommandLine() const;
    // The same as one line for a POSIX shell: each argument that is not plain (letters, digits,
    // _ . / : = @ , + -) in single quotes ("Copy as msim-cli command").
    QString toShellCommand() const;

    static std::optional<Scenario> load(const QString &path, QString *error);
    static std::optional<Scenario> fromJson(const QJsonObject &root, const QString &path,
                                            QString *error);
    QByteArray toJsonText() const; // the scenario file, written by the one JSON writer
    // Writes toJsonText() to `path` (replaced whole, QSaveFile); false + *error naming the path
    // and the reason.
    bool save(const QString &path, QString *error) const;
    QJsonObject toJson() const; // the same, parsed (for comparisons)
};

} // namespace msim::scenario
