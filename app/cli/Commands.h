// SPDX-License-Identifier: MIT
#pragma once

#include "CommandTable.h"

namespace msim::cli {

// The commands of the table (CommandTable.cpp); each returns the exit status (DESIGN.md §4).
int fetchCommand(const Invocation &in);
int matrixCommand(const Invocation &in);
int diagnoseCommand(const Invocation &in);
int reproduceCommand(const Invocation &in);
int scenariosCommand(const Invocation &in);
int prefsCommand(const Invocation &in);
int presetsCommand(const Invocation &in);
int serveCommand(const Invocation &in);
int profilesCommand(const Invocation &in);

} // namespace msim::cli
