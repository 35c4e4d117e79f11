// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QList>

namespace msim::emulator {

// One argument of a client command (RFC 3501 §9): an atom (which may carry [section] and
// <partial> parts, as in BODY.PEEK[HEADER]<0.6144>), a string (quoted or literal), or a list.
struct Token
{
    enum class Kind { Atom, String, List };
    Kind kind = Kind::Atom;
    QByteArray text;
    QList<Token> children;
};

} // namespace msim::emulator
