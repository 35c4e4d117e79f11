// SPDX-License-Identifier: MIT
#pragma once

#include "prefs/PrefsJsReadResult.h"

#include <QByteArray>
#include <QList>

namespace msim::prefs {

// The prefs.js form 4.x wrote (MESSENGER45.md §7): its two header lines, a blank line, then one
// `function("name", value);` line per statement sorted by bytes, strings escaped so that they
// read back as the same octets. PrefsJs::write() is its public face; the rules are written there.
class PrefsJsWriter
{
public:
    // See PrefsJs::write(statements, latin1).
    static QByteArray write(const QList<PrefsJsStatement> &statements, bool latin1);
};

} // namespace msim::prefs
