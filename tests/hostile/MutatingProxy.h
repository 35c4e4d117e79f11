// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QList>
#include <QPointer>
#include <QTcpServer>
#include <QTcpSocket>

namespace msim::hostile {

// One change to a server's stream, at an offset of that stream (so that where it lands does
// not depend on how TCP cut the octets).
struct Mutation
{
    enum class Kind {
        Flip,   // one bit of the octet at `offset`
        Digit,  // the first digit at or after `offset` becomes another (counts, sizes)
        Insert, // `bytes` before the octet at `offset`
        Delete, // `count` octets from `offset`
        Close,  // the server closes the connection at `offset`
    };
    Kind kind = Kind::Flip;
    qint64 offset = 0;
    QByteArray bytes;
    int count = 0;
    int bit = 0;
    QString describe() const;
};

// A seeded plan: the mutations of each connection (by its index in accept order), made from
// the seed alone. `secrets` are octet strings the plan may insert (a server echoing the
// password, its base64, the PLAIN response).
QList<Mutation> planFor(quint64 seed, int connection, const QList<QByteArray> &secrets);

// A TCP proxy on 127.0.0.1 between msim and a real server (the built-in one): what the client
// sends goes up verbatim; what the server sends comes down through the connection's plan. The
// mutating server of tests/hostile: a well-formed IMAP conversation, damaged the way a broken
// or hostile server damages it.
class MutatingProxy : public QTcpServer
{
    Q_OBJECT
public:
    MutatingProxy(quint16 upstreamPort, quint64 seed, QList<QByteArray> secrets,
                  QObject *parent = nullptr);
    ~MutatingProxy() override;
    bool listenLoopback();
    qint64 octetsDown() const { return m_down; }  // written to clients, all connections
    QStringList plans() const { return m_plans; } // one line per connection, for a failure

protected:
    void incomingConnection(qintptr descriptor) override;

private:
    struct Link;
    void forwardDown(Link *link);
    quint16 m_upstream;
    quint64 m_seed;
    QList<QByteArray> m_secrets;
    int m_connections = 0;
    qint64 m_down = 0;
    QStringList m_plans;
    QList<Link *> m_links; // open ones (their sockets are this proxy's children)
};

} // namespace msim::hostile
