// SPDX-License-Identifier: MIT
#pragma once

#include "ui/Account.h"

#include <QList>

namespace msim::ui {

class EmulatorController;

// The account of the desktop app's built-in server (DESIGN.md §1, §5): there is always one,
// `test` over SSL on loopback; its name, port and pin follow the running emulator, whose
// profile and corpus are kept across runs (QSettings "emulator/profile", "emulator/corpus";
// exchange55-presp2 and the sample corpus the first time).
class BuiltInAccount
{
public:
    // Puts the built-in account first in `accounts` when it has none.
    static void ensure(QList<Account> &accounts);
    // Starts the emulator as the user left it; false, with *error, when it did not start.
    static bool startEmulator(EmulatorController &emulator, QString *error);
    // The built-in account(s) of `accounts` follow the running emulator (name from its profile,
    // its port for the account's security, its certificate pinned for 127.0.0.1:that port in
    // ServerPins, the previous certificate or port unpinned), and the emulator's
    // profile and corpus are remembered for the next start.
    static void follow(QList<Account> &accounts, const EmulatorController &emulator);
};

} // namespace msim::ui
