// SPDX-License-Identifier: MIT
#pragma once

#include <QtGlobal>

#include <algorithm>

namespace msim::emulator {

// What the built-in server allows one client, one address and all clients together before it
// refuses (DESIGN.md §5, "Limits against hostile clients"). Each limit is named, has its
// reason beside it and is answered as said here; README lists them (with EmulatedSession's
// kMaxCommandLine, kMaxClientLiteral and kMaxPendingOutput); tst_serverlimits tests most of
// them at and one past it (README says which are not). Times in milliseconds, sizes in octets.
struct ServerLimits
{
    // From the TCP accept (the TLS handshake included) to a successful login, whatever the
    // client sends meanwhile: past it "* BYE Autologout; authentication took too long" and the
    // connection is closed. A person typing a password is done in a minute.
    int authDeadlineMs = 60 * 1000;
    // One command (its line and literals) must be complete this long after its first octet,
    // in any state: a client dribbling an octet at a time (slow loris) gets
    // "* BYE Autologout; command not completed in time". No IMAP client sends so slowly.
    int commandDeadlineMs = 60 * 1000;
    // Authenticated and silent: "* BYE Autologout; idle for too long". RFC 3501 §5.4: at
    // least 30 minutes.
    int idleTimeoutMs = 30 * 60 * 1000;

    // Octets one not-yet-authenticated session may hold buffered (its unfinished command and
    // the commands waiting behind it): a LOGIN is a few hundred octets. Past it BYE.
    qint64 maxPreAuthOctets = 64 * 1024;
    // The same summed over every not-yet-authenticated session: the session whose octets would
    // pass it gets "* BYE Too much unauthenticated data; try again later".
    qint64 maxPreAuthTotalOctets = 16LL * 1024 * 1024;

    // Sessions at once, in all and from one client address: past either a new connection gets
    // "* BYE Too many connections..." and is closed. A matrix or a load test from one machine
    // stays under the per-address limit (tst_abuse opens 200).
    int maxSessions = 1000;
    int maxSessionsPerAddress = 250;

    // Failed logins (LOGIN or AUTHENTICATE) per client address and per user name, forgotten
    // after failedLoginMemoryMs without one: the first freeFailedLogins are answered at once,
    // the next after failedLoginDelayMs, doubling each time up to maxFailedLoginDelayMs. The
    // session waits (its later commands queue) and every other session goes on.
    int freeFailedLogins = 3;
    int failedLoginDelayMs = 250;
    int maxFailedLoginDelayMs = 10 * 1000;
    int failedLoginMemoryMs = 15 * 60 * 1000;
    // Addresses and user names remembered for that (the oldest is forgotten first).
    int maxFailedLoginEntries = 4096;

    // Keywords (flags not starting with '\'): one message holds at most this many, and one
    // session may name at most maxKeywordsPerSession distinct ones in FLAGS / +FLAGS (every
    // keyword it names counts, whether or not a message had it already); a STORE past either
    // changes nothing and answers "NO [LIMIT] ...". (Cyrus allows 128 user flags a mailbox.)
    int maxKeywordsPerMessage = 128;
    int maxKeywordsPerSession = 1024;

    // One FETCH: the same item named twice is answered once (RFC 3501 allows the repeat and
    // says nothing of answering it twice); more than maxFetchBodyItems different body items
    // (BODY[...], RFC822...) is "BAD"; the body items of one message's reply may carry at most
    // maxReplyOctetsPerMessage octets (past it the FETCH ends there with "NO [LIMIT]"; the
    // messages before it were sent). The reply is written message by message while the client
    // reads, pausing while kMaxPendingOutput octets wait (gathered ones included).
    int maxFetchBodyItems = 8;
    qint64 maxReplyOctetsPerMessage = 256LL * 1024 * 1024;

    // The growing delay for the n-th failed login in a row (1-based): 0 for the free ones.
    int failedLoginDelay(int failures) const
    {
        if (failures <= freeFailedLogins)
            return 0;
        qint64 d = failedLoginDelayMs;
        for (int i = freeFailedLogins + 1; i < failures && d < maxFailedLoginDelayMs; ++i)
            d *= 2;
        return int(std::min<qint64>(d, maxFailedLoginDelayMs));
    }
};

} // namespace msim::emulator
