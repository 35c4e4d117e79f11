// SPDX-License-Identifier: MIT
#pragma once

#include <QtGlobal>

namespace msim::imap {

// Every size, count and depth a server controls has a limit here, with the reason for its value.
// Exceeding one is a protocol error that names the offset; nothing grows without bound.
namespace limits {

// One line of response text (between CRLFs, literals excluded). The longest legitimate line
// msim asks for is a CAPABILITY or FETCH FLAGS line, well under 8 KiB; 256 KiB leaves room for
// long keyword lists while stopping a server that streams text without CRLF.
inline constexpr qint64 kMaxLineOctets = 256 * 1024;
// All text of one response (a FETCH with many items and literals).
inline constexpr qint64 kMaxResponseTextOctets = 1024 * 1024;
// One literal. Messages in support tickets rarely pass 100 MiB; 256 MiB bounds a hostile
// announcement while leaving the 50 MiB benchmark literal and any real attachment room.
inline constexpr qint64 kMaxLiteralOctets = 256LL * 1024 * 1024;
// Literals in one response: msim asks for at most BODY[] plus BODY[HEADER] per FETCH.
inline constexpr int kMaxLiteralsPerResponse = 1024;
// The value of a FETCH origin `<n>`, read as C's atoi reads it (MESSENGER45.md §4). atoi
// returns an int, 32 bits on every platform Messenger 4.5 ran on, and MSVC's atoi saturates at
// INT_MAX / INT_MIN on overflow; so do we (-kMaxOrigin - 1 below). No message msim meets comes
// near 2 GiB, so the bound loses nothing real and keeps origin + length far from overflow.
inline constexpr qint64 kMaxOrigin = 2147483647;
// Parenthesised nesting: FLAGS and BODY sections nest 2 deep, BODYSTRUCTURE maybe 10.
inline constexpr int kMaxNestingDepth = 64;
// Items in one parenthesised list (flags, capabilities, FETCH items).
inline constexpr int kMaxListItems = 10000;
// Untagged responses accepted while one command is in flight: a 100 000-message header
// download is 100 000 responses; ten times that is a flood.
inline constexpr qint64 kMaxUntaggedPerCommand = 1000000;
// Octets one session may receive before msim stops reading (they are all kept for the report).
inline constexpr qint64 kMaxSessionOctets = 1024LL * 1024 * 1024;
// After a parse error the analysis reads on (to count overrun octets) at most this much.
inline constexpr qint64 kMaxDrainOctets = 4 * 1024 * 1024;

} // namespace limits
} // namespace msim::imap
