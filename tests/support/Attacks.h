// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QList>
#include <QString>
#include <QTcpSocket>

#include <atomic>
#include <functional>
#include <vector>

namespace msim::testsupport {

// The attacks of issue 22 on the built-in server and the well-behaved clients that run during
// them: shared by bench_isolation (which times the good clients against `msim-cli serve`) and
// tst_serverthreads (which checks their every octet, never their timing). Attackers bind
// 127.0.0.2 and above, the good clients 127.0.0.1 (DESIGN.md §5).

// What a good client saw: one latency (ms) per fetch or greeting, the fetches whose octets
// were not the stored ones, and why it stopped early (empty when `stop` ended it).
struct GoodResult
{
    std::vector<double> ms;
    int wrong = 0;
    QString error;
};

// The well-behaved client: blocking calls, meant for a thread of its own so that no event loop
// delays it. Logs in on `port` (plain), then `UID FETCH 6 (BODY.PEEK[]<0.6144>)` until `stop`,
// comparing each answer's octets with `expected` (the sample corpus's UID 6, first 6144
// octets). Gives up (GoodResult::error) when a reply takes over 30 s.
GoodResult goodClient(quint16 port, QByteArray expected, std::atomic<bool> &stop);
// A second well-behaved client: a new implicit-TLS connection to `tlsPort`, its handshake and
// greeting, again and again until `stop` (what a user opening a folder waits for when many
// connect at once).
GoodResult goodGreetings(quint16 tlsPort, std::atomic<bool> &stop);

// An attacker, owned by `owner`: a socket from 127.0.0.`address` that writes `first` once
// connected and then, on every reply (when `again` is set), `again`. `reads` false: it never
// reads (a 1 KiB read buffer). `tls`: implicit TLS to `port`, aborted once encrypted.
QTcpSocket *attacker(QObject *owner, int address, quint16 port, QByteArray first,
                     QByteArray again = {}, bool reads = true, bool tls = false);

// One attack: its name (the bench's row), what it sends, and how to start it; everything it
// makes is a child of `owner` (deleting it ends the attack).
struct Attack
{
    QString name;
    QString what;
    std::function<void(QObject *owner, quint16 plain, quint16 tls)> start;
};

// "none" (the baseline), then each attack of issue 22 in its order.
QList<Attack> issue22Attacks();

} // namespace msim::testsupport
