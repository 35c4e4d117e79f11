// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QList>
#include <QPointer>
#include <QSslCertificate>
#include <QSslKey>
#include <QString>
#include <QTcpServer>

class QSslSocket;

namespace msim::testsupport {

// A fake IMAP server driven by readable scenarios, in the spirit of KIMAP's FakeServer, one
// scenario per accepted connection, listening on an ephemeral loopback port:
//   C: text     the client must send exactly this line (CRLF added)
//   S: text     the server sends this line (CRLF added); escapes \r \n \t \\ \xHH
//   R: text     the server sends these raw bytes (escapes as above, no CRLF added)
//   T           the server starts TLS now (after its STARTTLS OK)
//   W:          wait for the client to close the connection
//   X           the server closes the connection
// Lines starting with # and blank lines are ignored. A mismatch is recorded with both lines,
// the connection is closed, and failure() reports it; allConsumed() is the final check.
class ScriptedServer : public QTcpServer
{
    Q_OBJECT
public:
    struct Step
    {
        enum class Kind { Client, Server, Trickle, StartTls, WaitClose, Close };
        Kind kind = Kind::Server;
        QByteArray data;
        int line = 0; // line number in the scenario text (0 when built in code)

        static Step client(const QByteArray &line) { return {Kind::Client, line, 0}; }
        static Step server(const QByteArray &raw) { return {Kind::Server, raw, 0}; }
        static Step serverLine(const QByteArray &l) { return {Kind::Server, l + "\r\n", 0}; }
        // One octet per TCP segment (TCP_NODELAY, one write per turn of the event loop).
        static Step trickle(const QByteArray &raw) { return {Kind::Trickle, raw, 0}; }
        static Step startTls() { return {Kind::StartTls, {}, 0}; }
        static Step waitClose() { return {Kind::WaitClose, {}, 0}; }
        static Step close() { return {Kind::Close, {}, 0}; }
    };
    using Scenario = QList<Step>;

    static Scenario parse(const QString &text, QString *error = nullptr);
    static Scenario load(const QString &path, QString *error = nullptr);
    static QByteArray unescape(QByteArrayView text);

    explicit ScriptedServer(QObject *parent = nullptr);
    ~ScriptedServer() override;

    void addScenario(const Scenario &scenario);
    void addScenario(const QString &text);
    // TLS identity: with implicitTls every connection starts TLS at once (port 993 style);
    // otherwise the identity is used by the T step (STARTTLS).
    void setTlsIdentity(const QSslCertificate &cert, const QSslKey &key, bool implicitTls);
    bool listenLoopback();

    QString failure() const { return m_failure; }
    bool allConsumed() const;
    QString progress() const; // where each scenario stands, for failure messages
    int connectionCount() const { return m_connections; }
    // Octets the server wrote on connection `index` (0-based) so far.
    qint64 bytesSent(int index) const;
    // Everything each connection's client sent, in order.
    QList<QByteArray> clientLines() const { return m_clientLines; }

Q_SIGNALS:
    void scenarioDone();
    // Connection `index` (0-based) reached a W: step: everything before it was exchanged and
    // the server now says nothing until the client closes (a test's cue to act mid-exchange).
    void waitingForClose(int index);

protected:
    void incomingConnection(qintptr descriptor) override;

private:
    struct Conn;
    void advance(Conn *c);
    void onReadyRead(Conn *c);
    void onDisconnected(Conn *c);
    void mismatch(Conn *c, const QString &what);

    QList<Scenario> m_scenarios;
    QList<Conn *> m_conns;
    int m_connections = 0;
    QString m_failure;
    QSslCertificate m_cert;
    QSslKey m_key;
    bool m_implicitTls = false;
    QList<QByteArray> m_clientLines;
};

} // namespace msim::testsupport

// Fails the test with the first mismatch, then waits (on the event loop, bounded) until every
// scenario has been played to its end.
#define MSIM_VERIFY_SCRIPT(server)                                                                 \
    do {                                                                                           \
        QTRY_VERIFY2_WITH_TIMEOUT((server).allConsumed() || !(server).failure().isEmpty(),         \
                                  qPrintable((server).progress()), 10000);                         \
        QVERIFY2((server).failure().isEmpty(), qPrintable((server).failure()));                    \
    } while (false)
