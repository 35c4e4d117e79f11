// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

namespace msim::emulator {

// Knobs that apply on top of a profile (DESIGN.md §5).
struct ServerKnobs
{
    int latencyMs = 0;        // before each response, so the adaptive rule visibly changes the size
    qint64 overrun = 1500;    // extra octets of the exchange55-presp2 profiles
    int overrunChunk = 0;     // only the Kth chunk reply of a session (0: every one)
    bool splitWrites = false; // FETCH replies in several writes, Nagle left on
};

// How the built-in server misbehaves, one profile per server whose partial-fetch bug support
// staff meet (MESSENGER45.md §6), each with the report it reproduces.
struct ServerProfile
{
    enum class Fault {
        None,
        UnframedOverrun,   // over SSL: octets after the literal of a chunk reply short of the end
        FramedOverrun,     // over SSL: the same octets inside an honestly larger literal
        SizeUnderReported, // RFC822.SIZE 1.5 % (at least 100 octets) too small
        IgnorePartial,     // partial requests answered with the whole message, no origin
        EmptyBeyond1MiB,   // partials starting at or beyond 1 MiB answer an empty literal
        DropPastEnd,       // a partial starting at or past the end drops the connection;
                           // RFC822.SIZE over-reported by 100 octets so a 4.5 client gets there
        OriginWithLength,  // partials answered BODY[]<start.length>: the request's range echoed
    };

    QString name;
    QString description; // one line for `msim-cli profiles`
    QString reproduces;  // the report it reproduces
    Fault fault = Fault::None;
    bool sslOnly = false; // the fault applies on the implicit-TLS listener only
    QByteArray greeting;  // the text after "* OK [CAPABILITY ...] "

    static const QList<ServerProfile> &all();
    static const ServerProfile *find(QStringView name);

    // RFC822.SIZE as this server reports it for a message of `actual` octets.
    qint64 reportedSize(qint64 actual) const;

    static constexpr qint64 kExchange2010Limit = 1024 * 1024;
};

} // namespace msim::emulator
