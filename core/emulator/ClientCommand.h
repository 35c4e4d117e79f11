// SPDX-License-Identifier: MIT
#pragma once

#include "emulator/Token.h"

#include <QByteArray>
#include <QList>

namespace msim::emulator {

// One command a client sent to the built-in server (RFC 3501 §6), as ServerCommandParser read
// it: tag, upper-cased name and its arguments.
struct ClientCommand
{
    QByteArray tag;
    QByteArray name; // upper-cased; "FETCH", "STORE", ... (with uid set for "UID FETCH")
    bool uid = false;
    QList<Token> args;
};

} // namespace msim::emulator
