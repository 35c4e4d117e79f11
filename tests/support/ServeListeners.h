// SPDX-License-Identifier: MIT
#pragma once

#include <QProcess>
#include <QString>

#include <optional>

namespace msim::testsupport {

// The listeners `msim-cli serve` announces on its first two lines (DESIGN.md §4: "listening
// imap 127.0.0.1:PORT", "listening imaps 127.0.0.1:PORT sha256:HEX").
struct ServeListeners
{
    quint16 plainPort = 0;
    quint16 tlsPort = 0;
    QString pin; // "sha256:HEX", as --pin takes it
};

// Reads the two lines from a started `serve` process (30 s at most); nullopt with *text holding
// what it printed when they did not come as DESIGN.md §4 says.
std::optional<ServeListeners> readServeListeners(QProcess &serve, QString *text);

} // namespace msim::testsupport
