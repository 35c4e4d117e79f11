// SPDX-License-Identifier: MIT
#include "MutatingProxy.h"

#include <QRandomGenerator>

#include <algorithm>

namespace msim::hostile {

namespace {

// Octets a broken server puts where they do not belong.
const QList<QByteArray> kJunk = {"\r\n",
                                 "{",
                                 "}",
                                 "{99999}\r\n",
                                 "{0}\r\n",
                                 "* ",
                                 "NIL",
                                 " BODY[]<0> {5}\r\nabc",
                                 ")",
                                 "(",
                                 "\"",
                                 "\\",
                                 QByteArray(1, '\0'),
                                 "\r",
                                 "\n",
                                 "* BYE gone\r\n",
                                 "1 OK done\r\n",
                                 "xxxx OK\r\n",
                                 "* 1 FETCH (UID 1 RFC822.SIZE 99999999999)\r\n",
                                 "+ go\r\n",
                                 "\x80\xff",
                                 "BODY[]<6144> {0}\r\n"};

} // namespace

QString Mutation::describe() const
{
    switch (kind) {
    case Kind::Flip:
        return QStringLiteral("flip bit %1 at %2").arg(bit).arg(offset);
    case Kind::Digit:
        return QStringLiteral("change a digit from %1").arg(offset);
    case Kind::Insert:
        return QStringLiteral("insert %1 octets at %2").arg(bytes.size()).arg(offset);
    case Kind::Delete:
        return QStringLiteral("delete %1 octets at %2").arg(count).arg(offset);
    case Kind::Close:
        return QStringLiteral("close at %1").arg(offset);
    }
    return {};
}

QList<Mutation> planFor(quint64 seed, int connection, const QList<QByteArray> &secrets)
{
    QRandomGenerator rng{quint32(seed * 7919 + quint64(connection) * 104729 + 1)};
    QList<Mutation> plan;
    const int n = rng.bounded(1, 5);
    for (int i = 0; i < n; ++i) {
        Mutation m;
        // Half in the first 2000 octets (greeting, login, select, the header download), half
        // anywhere in the first 300 000 (the chunk replies).
        m.offset = rng.bounded(2) ? rng.bounded(2000) : rng.bounded(300000);
        switch (rng.bounded(10)) {
        case 0:
        case 1:
            m.kind = Mutation::Kind::Flip;
            m.bit = rng.bounded(8);
            break;
        case 2:
        case 3:
            m.kind = Mutation::Kind::Digit;
            m.count = rng.bounded(10);
            break;
        case 4:
        case 5:
            m.kind = Mutation::Kind::Insert;
            m.bytes = kJunk[rng.bounded(int(kJunk.size()))];
            break;
        case 6:
            m.kind = Mutation::Kind::Insert; // the server quotes a secret back
            m.bytes = "* NO [ALERT] " + secrets.value(rng.bounded(int(secrets.size()))) + "\r\n";
            break;
        case 7:
            m.kind = Mutation::Kind::Insert; // extra octets after a literal (KB Q194998)
            m.bytes = QByteArray(rng.bounded(1, 3000), 'x');
            break;
        case 8:
            m.kind = Mutation::Kind::Delete;
            m.count = rng.bounded(1, 64);
            break;
        default:
            m.kind = rng.bounded(3) ? Mutation::Kind::Flip : Mutation::Kind::Close;
            m.bit = rng.bounded(8);
            break;
        }
        plan << m;
    }
    std::stable_sort(plan.begin(), plan.end(),
                     [](const Mutation &a, const Mutation &b) { return a.offset < b.offset; });
    return plan;
}

struct MutatingProxy::Link
{
    QPointer<QTcpSocket> client;
    QPointer<QTcpSocket> server;
    QList<Mutation> plan;
    qsizetype next = 0;  // the next mutation of the plan
    qint64 offset = 0;   // server stream octets seen so far
    qint64 deleting = 0; // octets still to drop
    int digitTo = -1;    // a Digit mutation waiting for its digit
    bool closing = false;
};

MutatingProxy::MutatingProxy(quint16 upstreamPort, quint64 seed, QList<QByteArray> secrets,
                             QObject *parent)
    : QTcpServer(parent)
    , m_upstream(upstreamPort)
    , m_seed(seed)
    , m_secrets(std::move(secrets))
{}

MutatingProxy::~MutatingProxy()
{
    for (Link *link : std::as_const(m_links)) {
        for (QTcpSocket *sock : {link->client.data(), link->server.data()})
            if (sock)
                sock->disconnect(this);
        delete link;
    }
}

bool MutatingProxy::listenLoopback()
{
    return listen(QHostAddress::LocalHost, 0);
}

void MutatingProxy::incomingConnection(qintptr descriptor)
{
    auto *link = new Link;
    m_links.append(link);
    link->client = new QTcpSocket(this);
    link->client->setSocketDescriptor(descriptor);
    link->server = new QTcpSocket(this);
    link->plan = planFor(m_seed, m_connections++, m_secrets);
    QStringList what;
    for (const Mutation &m : std::as_const(link->plan))
        what << m.describe();
    m_plans << QStringLiteral("connection %1: %2")
                   .arg(m_connections - 1)
                   .arg(what.join(QStringLiteral(", ")));
    connect(link->client, &QTcpSocket::readyRead, this, [link] {
        if (link->server && link->server->state() == QAbstractSocket::ConnectedState)
            link->server->write(link->client->readAll());
    });
    connect(link->server, &QTcpSocket::connected, this, [link] {
        if (link->client)
            link->server->write(link->client->readAll());
    });
    connect(link->server, &QTcpSocket::readyRead, this, [this, link] { forwardDown(link); });
    const auto end = [this, link] {
        if (link->closing)
            return;
        link->closing = true;
        // No signal of either socket reaches this link again.
        for (QTcpSocket *s : {link->client.data(), link->server.data()})
            if (s)
                s->disconnect(this);
        if (link->client)
            link->client->disconnectFromHost();
        if (link->server)
            link->server->disconnectFromHost();
        if (link->client)
            link->client->deleteLater();
        if (link->server)
            link->server->deleteLater();
        m_links.removeOne(link);
        delete link;
    };
    connect(link->client, &QTcpSocket::disconnected, this, end);
    connect(link->server, &QTcpSocket::disconnected, this, end);
    link->server->connectToHost(QHostAddress::LocalHost, m_upstream);
}

void MutatingProxy::forwardDown(Link *link)
{
    const QByteArray in = link->server->readAll();
    QByteArray out;
    out.reserve(in.size() + 64);
    bool close = false;
    for (char c : in) {
        const qint64 at = link->offset++;
        bool keep = true;
        while (link->next < link->plan.size() && link->plan[link->next].offset <= at) {
            const Mutation &m = link->plan[link->next++];
            switch (m.kind) {
            case Mutation::Kind::Flip:
                c = char(c ^ (1 << m.bit));
                break;
            case Mutation::Kind::Digit:
                link->digitTo = m.count;
                break;
            case Mutation::Kind::Insert:
                out += m.bytes;
                break;
            case Mutation::Kind::Delete:
                link->deleting = std::max<qint64>(link->deleting, m.count);
                break;
            case Mutation::Kind::Close:
                close = true;
                break;
            }
        }
        if (close)
            break;
        if (link->digitTo >= 0 && c >= '0' && c <= '9') {
            c = char('0' + (c - '0' + 1 + link->digitTo % 9) % 10); // never the same digit
            link->digitTo = -1;
        }
        if (link->deleting > 0) {
            --link->deleting;
            keep = false;
        }
        if (keep)
            out += c;
    }
    if (link->client && link->client->state() == QAbstractSocket::ConnectedState) {
        link->client->write(out);
        m_down += out.size();
        if (close)
            link->client->disconnectFromHost();
    }
}

} // namespace msim::hostile
