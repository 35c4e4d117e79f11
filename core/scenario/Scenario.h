#pragma once

#include "emulator/ServerProfile.h"
#include "net/Security.h"

#include <QJsonObject>
#include <QMap>
#include <QStringList>

#include <optional>

namespace msim::scenario {

// What a reproduction expects of one message (docs/SCENARIOS.md).
struct MessageExpectation
{
    std::optional<QString> verdict;       // "truncated", ...
    std::optional<qint64> displayedLength;
    QStringList chunkStatuses;            // each must appear among the message's chunks
    std::optional<QString> sessionEnd;    // "emergency_logout", ...
    std::optional<QStringList> requests;  // exactly these partials, e.g. "<0.10240>"
};

// What a matrix reproduction expects of one cell.
struct CellExpectation
{
    net::Security security = net::Security::Ssl;
    bool fetchByChunks = true;
    std::optional<qint64> chunkSize;
    QString verdict;
};

// A reproduction in a file (JSON, documented in docs/SCENARIOS.md): the story, the server (a
// built-in profile with its knobs and corpus, or a real host, never a password), the client's
// prefs, the messages, and the expectation. Unknown keys and bad values are errors that name the
// JSON path.
struct Scenario
{
    QString path;        // the file it came from (relative paths resolve against its folder)
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
        QString host;
        quint16 port = 0;    // 0: 993 for ssl, else 143
        quint16 tlsPort = 0; // for a matrix against a real host (0: 993)
        QString user;
        QString tlsName;
        QStringList pins;
        QString caFile;
        bool tlsLegacy = false;
        // both
        net::Security security = net::Security::Ssl;
    } server;

    struct Client
    {
        QString preset = QStringLiteral("messenger45");
        QString prefsJs; // resolved path
        QList<QPair<QString, QString>> set; // NAME, VALUE as text (--set form)
    } client;

    QList<quint32> uids;
    bool all = false;
    QString mailbox = QStringLiteral("INBOX");
    bool verify = true;
    bool keepSeen = false;
    int timeoutSeconds = 30;

    bool matrix = false;
    QList<qint64> chunkSizes; // matrix only; empty: the client's own chunk size

    QMap<quint32, MessageExpectation> expectMessages;
    QList<CellExpectation> expectCells;

    static std::optional<Scenario> load(const QString &path, QString *error);
    static std::optional<Scenario> fromJson(const QJsonObject &root, const QString &path,
                                            QString *error);
    QJsonObject toJson() const;
};

} // namespace msim::scenario
