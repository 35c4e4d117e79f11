// SPDX-License-Identifier: MIT
#include "ScriptedServer.h"

#include <QFile>
#include <QSslConfiguration>
#include <QSslSocket>
#include <QTimer>

namespace msim::testsupport {

struct ScriptedServer::Conn
{
    int index = 0;
    QSslSocket *socket = nullptr;
    Scenario steps;
    qsizetype next = 0;
    QByteArray buffer;
    bool done = false;
    bool failed = false;
    qint64 sent = 0;
    qsizetype trickled = 0;
    qsizetype waitAnnounced = -1; // the W: step waitingForClose() was emitted for
};

QByteArray ScriptedServer::unescape(QByteArrayView text)
{
    QByteArray out;
    out.reserve(text.size());
    for (qsizetype i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c != '\\' || i + 1 >= text.size()) {
            out += c;
            continue;
        }
        const char e = text[++i];
        switch (e) {
        case 'r':
            out += '\r';
            break;
        case 'n':
            out += '\n';
            break;
        case 't':
            out += '\t';
            break;
        case '\\':
            out += '\\';
            break;
        case 'x':
            if (i + 2 < text.size()) {
                bool ok = false;
                const int v = text.sliced(i + 1, 2).toByteArray().toInt(&ok, 16);
                if (ok) {
                    out += char(v);
                    i += 2;
                    break;
                }
            }
            out += "\\x";
            break;
        default:
            out += '\\';
            out += e;
        }
    }
    return out;
}

ScriptedServer::Scenario ScriptedServer::parse(const QString &text, QString *error)
{
    Scenario s;
    const QStringList lines = text.split(QLatin1Char('\n'));
    for (int n = 0; n < lines.size(); ++n) {
        QString l = lines[n];
        if (l.endsWith(QLatin1Char('\r')))
            l.chop(1);
        if (l.trimmed().isEmpty() || l.startsWith(QLatin1Char('#')))
            continue;
        const QByteArray raw = l.toUtf8();
        Step st;
        st.line = n + 1;
        if (raw.startsWith("C: ") || raw == "C:") {
            st.kind = Step::Kind::Client;
            st.data = raw.mid(3);
        } else if (raw.startsWith("S: ") || raw == "S:") {
            st.kind = Step::Kind::Server;
            st.data = unescape(raw.mid(3)) + "\r\n";
        } else if (raw.startsWith("R: ")) {
            st.kind = Step::Kind::Server;
            st.data = unescape(raw.mid(3));
        } else if (raw.trimmed() == "T") {
            st.kind = Step::Kind::StartTls;
        } else if (raw.trimmed() == "W:" || raw.trimmed() == "W") {
            st.kind = Step::Kind::WaitClose;
        } else if (raw.trimmed() == "X") {
            st.kind = Step::Kind::Close;
        } else {
            if (error)
                *error = QStringLiteral("scenario line %1: cannot read '%2'").arg(n + 1).arg(l);
            return {};
        }
        s.append(st);
    }
    return s;
}

ScriptedServer::Scenario ScriptedServer::load(const QString &path, QString *error)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        if (error)
            *error = QStringLiteral("cannot open %1: %2").arg(path, f.errorString());
        return {};
    }
    return parse(QString::fromUtf8(f.readAll()), error);
}

ScriptedServer::ScriptedServer(QObject *parent)
    : QTcpServer(parent)
{
}

ScriptedServer::~ScriptedServer()
{
    for (Conn *c : std::as_const(m_conns)) {
        if (c->socket) {
            c->socket->disconnect(this);
            c->socket->abort();
        }
        delete c;
    }
}

void ScriptedServer::addScenario(const Scenario &scenario)
{
    m_scenarios.append(scenario);
}

void ScriptedServer::addScenario(const QString &text)
{
    QString err;
    Scenario s = parse(text, &err);
    if (!err.isEmpty() && m_failure.isEmpty())
        m_failure = err;
    m_scenarios.append(s);
}

void ScriptedServer::setTlsIdentity(const QSslCertificate &cert, const QSslKey &key,
                                    bool implicitTls)
{
    m_cert = cert;
    m_key = key;
    m_implicitTls = implicitTls;
}

bool ScriptedServer::listenLoopback()
{
    return listen(QHostAddress::LocalHost, 0);
}

qint64 ScriptedServer::bytesSent(int index) const
{
    for (const Conn *c : m_conns)
        if (c->index == index)
            return c->sent;
    return 0;
}

bool ScriptedServer::allConsumed() const
{
    if (m_connections < m_scenarios.size())
        return false;
    for (const Conn *c : m_conns)
        if (!c->done)
            return false;
    return true;
}

QString ScriptedServer::progress() const
{
    QString out = QStringLiteral("scripted server: %1 of %2 scenarios connected")
                      .arg(m_connections)
                      .arg(m_scenarios.size());
    for (const Conn *c : m_conns) {
        out += QStringLiteral("; scenario %1 at step %2 of %3").arg(c->index + 1).arg(c->next).arg(c->steps.size());
        if (c->next < c->steps.size()) {
            const Step &s = c->steps[c->next];
            if (s.kind == Step::Kind::Client)
                out += QStringLiteral(" (waiting for C: %1)").arg(QString::fromUtf8(s.data));
            else if (s.kind == Step::Kind::WaitClose)
                out += QStringLiteral(" (waiting for the client to close)");
        }
    }
    if (!m_failure.isEmpty())
        out += QStringLiteral("; failure: ") + m_failure;
    return out;
}

void ScriptedServer::incomingConnection(qintptr descriptor)
{
    auto *c = new Conn;
    c->index = m_connections++;
    m_conns.append(c);
    c->socket = new QSslSocket(this);
    if (!c->socket->setSocketDescriptor(descriptor)) {
        mismatch(c, QStringLiteral("cannot adopt the accepted socket"));
        return;
    }
    if (c->index >= m_scenarios.size()) {
        mismatch(c, QStringLiteral("unexpected connection #%1 (only %2 scenarios)")
                        .arg(c->index + 1)
                        .arg(m_scenarios.size()));
        return;
    }
    c->steps = m_scenarios[c->index];
    connect(c->socket, &QSslSocket::readyRead, this, [this, c] { onReadyRead(c); });
    connect(c->socket, &QSslSocket::disconnected, this, [this, c] { onDisconnected(c); });
    if (!m_cert.isNull()) {
        c->socket->setLocalCertificate(m_cert);
        c->socket->setPrivateKey(m_key);
        c->socket->setPeerVerifyMode(QSslSocket::VerifyNone);
    }
    if (m_implicitTls) {
        connect(c->socket, &QSslSocket::encrypted, this, [this, c] { advance(c); });
        c->socket->startServerEncryption();
        return;
    }
    advance(c);
}

void ScriptedServer::mismatch(Conn *c, const QString &what)
{
    c->failed = true;
    c->done = true;
    if (m_failure.isEmpty())
        m_failure = QStringLiteral("scenario %1: %2").arg(c->index + 1).arg(what);
    if (c->socket)
        c->socket->abort();
    Q_EMIT scenarioDone();
}

void ScriptedServer::advance(Conn *c)
{
    while (!c->failed && c->next < c->steps.size()) {
        const Step &s = c->steps[c->next];
        switch (s.kind) {
        case Step::Kind::Server:
            c->socket->write(s.data);
            c->socket->flush();
            c->sent += s.data.size();
            ++c->next;
            break;
        case Step::Kind::Trickle:
            if (c->trickled < s.data.size()) {
                c->socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
                c->socket->write(s.data.mid(c->trickled, 1));
                c->socket->flush();
                ++c->sent;
                ++c->trickled;
                QTimer::singleShot(0, this, [this, c] {
                    if (!c->failed && c->socket)
                        advance(c);
                });
                return;
            }
            c->trickled = 0;
            ++c->next;
            break;
        case Step::Kind::StartTls:
            ++c->next;
            connect(c->socket, &QSslSocket::encrypted, this, [this, c] { advance(c); },
                    Qt::SingleShotConnection);
            c->socket->startServerEncryption();
            return;
        case Step::Kind::Close:
            ++c->next;
            c->done = true;
            c->socket->disconnectFromHost();
            Q_EMIT scenarioDone();
            return;
        case Step::Kind::Client: {
            const qsizetype nl = c->buffer.indexOf("\r\n");
            if (nl < 0)
                return;
            const QByteArray got = c->buffer.left(nl);
            c->buffer.remove(0, nl + 2);
            m_clientLines.append(got);
            if (got != s.data) {
                mismatch(c, QStringLiteral("line %1: expected C: %2\n  but the client sent: %3")
                                .arg(s.line)
                                .arg(QString::fromUtf8(s.data), QString::fromUtf8(got)));
                return;
            }
            ++c->next;
            break;
        }
        case Step::Kind::WaitClose:
            if (!c->buffer.isEmpty()) {
                mismatch(c, QStringLiteral("line %1: expected the client to close, but it sent: %2")
                                .arg(s.line)
                                .arg(QString::fromUtf8(c->buffer.left(200))));
                return;
            }
            if (c->waitAnnounced != c->next) {
                c->waitAnnounced = c->next;
                Q_EMIT waitingForClose(c->index);
            }
            return; // onDisconnected completes it
        }
    }
    if (!c->failed && c->next >= c->steps.size() && !c->done) {
        c->done = true;
        Q_EMIT scenarioDone();
    }
}

void ScriptedServer::onReadyRead(Conn *c)
{
    c->buffer += c->socket->readAll();
    if (c->done && !c->failed && !c->buffer.isEmpty()) {
        // The scenario is over; more client lines are unexpected, except after a final close.
        const qsizetype nl = c->buffer.indexOf("\r\n");
        if (nl >= 0 && (c->steps.isEmpty() || c->steps.last().kind != Step::Kind::Close)) {
            const QByteArray got = c->buffer.left(nl);
            m_clientLines.append(got);
            c->done = false;
            mismatch(c, QStringLiteral("the scenario has ended but the client sent: %1")
                            .arg(QString::fromUtf8(got)));
        }
        return;
    }
    advance(c);
}

void ScriptedServer::onDisconnected(Conn *c)
{
    if (c->failed || c->done)
        return;
    if (c->next < c->steps.size() && c->steps[c->next].kind == Step::Kind::WaitClose) {
        // Lines sent just before the close still count.
        advance(c);
        if (c->failed)
            return;
        ++c->next;
        advance(c);
        c->done = true;
        Q_EMIT scenarioDone();
        return;
    }
    if (c->next < c->steps.size()) {
        advance(c); // the last lines may have come with the close
        if (c->failed || c->next >= c->steps.size())
            return;
        const Step &s = c->steps[c->next];
        mismatch(c, QStringLiteral("line %1: expected %2, but the client closed the connection")
                        .arg(s.line)
                        .arg(s.kind == Step::Kind::Client
                                 ? QStringLiteral("C: ") + QString::fromUtf8(s.data)
                                 : QStringLiteral("the scenario to go on")));
    }
}

} // namespace msim::testsupport
