#pragma once

#include <QStringList>

namespace msim::cli {

// Each command takes its arguments (after the command word) and returns the exit status.
int fetchCommand(const QStringList &args);
int prefsCommand(const QStringList &args);
int presetsCommand(const QStringList &args);
int serveCommand(const QStringList &args);
int profilesCommand(const QStringList &args);
int reproduceCommand(const QStringList &args);
int matrixCommand(const QStringList &args);

} // namespace msim::cli
