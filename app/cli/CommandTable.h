// SPDX-License-Identifier: MIT
#pragma once

#include <QCommandLineParser>
#include <QStringList>

#include <vector>

namespace msim::cli {

// One option of msim-cli (DESIGN.md §4): its name, the placeholder of its value (null for a
// switch), its default (null for none) and the one line of --help.
struct OptionSpec
{
    const char *name;
    const char *valueName;
    const char *defaultValue;
    const char *help;
};

struct CommandSpec;

// One parsed command line: the command, its parser and the arguments as given (after the
// command word, for a report's "made with" line).
struct Invocation
{
    const CommandSpec &command;
    const QCommandLineParser &parser;
    QStringList args;

    bool takes(const char *option) const; // the command has this option
    bool isSet(const char *option) const; // it has it and it was given
    QString value(const char *option) const;
    QStringList values(const char *option) const;
    QString commandLine() const; // "msim-cli COMMAND ARGS..."
};

// One msim-cli command: the table behind main()'s dispatch, `msim-cli --help`, each command's
// --help, and the options it takes (the CONNECTION, CLIENT and output groups are shared, so an
// option is described once). `run` gets the parsed line and returns the exit status.
struct CommandSpec
{
    const char *name;
    const char *summary; // one line for `msim-cli --help`
    const char *usage;   // "Usage: ..." and the paragraph above the options
    std::vector<OptionSpec> options;
    int positional; // how many positional arguments it takes at most
    int (*run)(const Invocation &);
};

// The commands, in `msim-cli --help` order.
const std::vector<CommandSpec> &commands();
const CommandSpec *findCommand(const QString &name);
// The whole `msim-cli --help` text.
QString programHelp();
// The `msim-cli COMMAND --help` text; empty for an unknown command.
QString commandHelp(const QString &command);
// Parses `args` (after the command word) for `command` and runs it: rejects a password on the
// command line, prints --help, refuses unknown options and extra arguments (exit 2).
int runCommand(const CommandSpec &command, const QStringList &args);

} // namespace msim::cli
