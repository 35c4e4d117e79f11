// SPDX-License-Identifier: MIT
#pragma once

#include <QString>

namespace msim::cli {

// The reference texts made from the command table (CommandTable.h), the one source of
// `msim-cli --help` and `msim-cli COMMAND --help`, so that none of them can drift from the
// options main() accepts. The build writes both (app/cli/CMakeLists.txt) and installs them;
// `msim-cli --man-page` and `msim-cli --bash-completion` print them.

// msim-cli(1) in roff: every command with its usage and options (value, default, help),
// the exit statuses, the environment (MSIM_PASSWORD, SSLKEYLOGFILE, SSL_CERT_DIR) and the files
// (the scenario library, the fault catalogue override, the built-in server's certificate).
QString manPage();

// A bash completion script for msim-cli: the commands; each command's options; the values of
// --preset, --profile, --security and --set (the pref names); the library's scenario names
// and *.json files for reproduce; files or folders for options that take them.
QString bashCompletion();

} // namespace msim::cli
