// SPDX-License-Identifier: MIT
#pragma once

#include "imap/ResponseFramer.h"

#include <QSslSocket>

namespace msim::testsupport {

// A bare-hands IMAP client for byte-level tests of servers on the test's own event loop: it
// sends exactly the bytes it is given and returns exactly the bytes that came back, waiting on
// signals (never sleeping, never blocking the loop).
class RawClient : public QObject
{
    Q_OBJECT
public:
    explicit RawClient(QObject *parent = nullptr);

    bool connectPlain(quint16 port, int timeoutMs = 10000);
    bool connectTls(quint16 port, int timeoutMs = 10000); // any certificate (tests pin nothing)
    bool startTls(int timeoutMs = 10000);
    void send(const QByteArray &bytes);

    // Waits for the next complete response (CRLF line, literals included).
    std::optional<imap::RawResponse> response(int timeoutMs = 10000);
    // Every response up to and including the one tagged `tag`; `raw` gets the exact octets.
    QList<imap::RawResponse> untilTagged(const QByteArray &tag, QByteArray *raw = nullptr,
                                         int timeoutMs = 10000);
    // Sends "<tag> <command>\r\n" and returns the octets of the reply up to the tagged line.
    QByteArray command(const QByteArray &tag, const QByteArray &text, int timeoutMs = 10000);
    bool waitClosed(int timeoutMs = 10000);
    QByteArray received() const { return m_all; } // every octet so far
    bool isConnected() const;
    QSslSocket &socket() { return m_socket; }

private:
    bool waitFor(const std::function<bool()> &done, int timeoutMs);
    QSslSocket m_socket;
    imap::ResponseFramer m_framer;
    QList<imap::RawResponse> m_ready;
    QByteArray m_all;
    qint64 m_consumed = 0;
};

} // namespace msim::testsupport
