// SPDX-License-Identifier: MIT
#include "RawClient.h"

#include <QEventLoop>
#include <QTimer>

namespace msim::testsupport {

RawClient::RawClient(QObject *parent)
    : QObject(parent)
{
    m_socket.setPeerVerifyMode(QSslSocket::VerifyNone);
    connect(&m_socket, &QSslSocket::readyRead, this, [this] {
        const QByteArray bytes = m_socket.readAll();
        m_all += bytes;
        m_framer.feed(bytes, m_ready);
    });
}

bool RawClient::waitFor(const std::function<bool()> &done, int timeoutMs)
{
    if (done())
        return true;
    QEventLoop loop;
    QTimer timer;
    timer.setSingleShot(true);
    connect(&timer, &QTimer::timeout, &loop, &QEventLoop::quit);
    auto check = [&] {
        if (done())
            loop.quit();
    };
    connect(&m_socket, &QSslSocket::readyRead, &loop, check, Qt::QueuedConnection);
    connect(&m_socket, &QSslSocket::encrypted, &loop, check, Qt::QueuedConnection);
    connect(&m_socket, &QSslSocket::connected, &loop, check, Qt::QueuedConnection);
    connect(&m_socket, &QSslSocket::disconnected, &loop, check, Qt::QueuedConnection);
    connect(&m_socket, &QSslSocket::errorOccurred, &loop, check, Qt::QueuedConnection);
    timer.start(timeoutMs);
    loop.exec();
    return done();
}

bool RawClient::connectPlain(quint16 port, int timeoutMs)
{
    m_socket.connectToHost(QStringLiteral("127.0.0.1"), port);
    return waitFor([this] { return m_socket.state() == QAbstractSocket::ConnectedState ||
                                   m_socket.state() == QAbstractSocket::UnconnectedState; },
                   timeoutMs) &&
           m_socket.state() == QAbstractSocket::ConnectedState;
}

bool RawClient::connectTls(quint16 port, int timeoutMs)
{
    m_socket.connectToHostEncrypted(QStringLiteral("127.0.0.1"), port);
    connect(&m_socket, &QSslSocket::sslErrors, this,
            [this](const QList<QSslError> &e) { m_socket.ignoreSslErrors(e); });
    return waitFor([this] { return m_socket.isEncrypted() ||
                                   m_socket.state() == QAbstractSocket::UnconnectedState; },
                   timeoutMs) &&
           m_socket.isEncrypted();
}

bool RawClient::startTls(int timeoutMs)
{
    connect(&m_socket, &QSslSocket::sslErrors, this,
            [this](const QList<QSslError> &e) { m_socket.ignoreSslErrors(e); });
    m_socket.startClientEncryption();
    return waitFor([this] { return m_socket.isEncrypted() ||
                                   m_socket.state() == QAbstractSocket::UnconnectedState; },
                   timeoutMs) &&
           m_socket.isEncrypted();
}

void RawClient::send(const QByteArray &bytes)
{
    m_socket.write(bytes);
}

std::optional<imap::RawResponse> RawClient::response(int timeoutMs)
{
    if (!waitFor([this] { return !m_ready.isEmpty(); }, timeoutMs))
        return std::nullopt;
    imap::RawResponse r = m_ready.takeFirst();
    m_consumed = r.end;
    return r;
}

QList<imap::RawResponse> RawClient::untilTagged(const QByteArray &tag, QByteArray *raw,
                                                int timeoutMs)
{
    QList<imap::RawResponse> out;
    const qint64 from = m_consumed;
    while (true) {
        auto r = response(timeoutMs);
        if (!r)
            break;
        out.append(*r);
        if (r->firstLine().startsWith(QByteArray(tag + ' ')))
            break;
    }
    if (raw)
        *raw = m_all.mid(from, m_consumed - from);
    return out;
}

QByteArray RawClient::command(const QByteArray &tag, const QByteArray &text, int timeoutMs)
{
    send(tag + ' ' + text + "\r\n");
    QByteArray raw;
    untilTagged(tag, &raw, timeoutMs);
    return raw;
}

bool RawClient::waitClosed(int timeoutMs)
{
    return waitFor([this] { return m_socket.state() == QAbstractSocket::UnconnectedState; },
                   timeoutMs);
}

bool RawClient::isConnected() const
{
    return m_socket.state() == QAbstractSocket::ConnectedState;
}

} // namespace msim::testsupport
