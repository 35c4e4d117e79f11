// SPDX-License-Identifier: MIT
#pragma once

#include "CommandTable.h"

#include "scenario/Scenario.h"

namespace msim::cli {

// The one parser from msim-cli options to a case (DESIGN.md §2 "One case, one value"): every
// CONNECTION, CLIENT, fetch and matrix option the command takes and the user gave lands in
// `scenario` (server as a real host, client, uids, mailbox, verify, reference copy, timeouts,
// matrix ports and chunk sizes). False + *error (a usage error: exit 2) for a bad value. Files
// (prefs.js, the reference .eml) are read later, by the Scenario.
bool scenarioFromOptions(const Invocation &in, scenario::Scenario &scenario, QString *error);

// The password for `user` at `host`: --password-file, else $MSIM_PASSWORD, else a prompt on a
// terminal (never from argv). False + *error when there is none to be had.
bool passwordFromOptions(const Invocation &in, const QString &user, const QString &host,
                         QByteArray &password, QString *error);

} // namespace msim::cli
