// SPDX-License-Identifier: MIT
#include "SessionWait.h"

#include <QEventLoop>
#include <QTimer>

namespace msim::testsupport {

imap::SessionOptions loopbackOptions(quint16 port, net::Security security)
{
    imap::SessionOptions o;
    o.endpoint.host = QStringLiteral("127.0.0.1");
    o.endpoint.port = port;
    o.endpoint.security = security;
    o.credentials = {"test", "secret"};
    o.commandTimeoutMs = 5000;
    o.drainTimeoutMs = 1000;
    return o;
}

bool openSession(imap::ImapSession &s, int timeoutMs)
{
    QEventLoop loop;
    bool ok = false;
    QObject::connect(&s, &imap::ImapSession::opened, &loop, [&] {
        ok = true;
        loop.quit();
    });
    QObject::connect(&s, &imap::ImapSession::errorOccurred, &loop, &QEventLoop::quit);
    QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
    s.open();
    loop.exec();
    return ok;
}

} // namespace msim::testsupport
