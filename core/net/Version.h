// SPDX-License-Identifier: MIT
#pragma once

#include <QString>

namespace msim::net {

// msim's version and the libraries it runs with, for `--version` of both programs, Help ▸ About,
// and the "written by" lines of reports and captures. The version is CMake's project(VERSION),
// the one place it is written (passed to this library only).

// "0.1.0".
QString msimVersion();

// One line for a ticket: "PROGRAM 0.1.0 (Qt 6.4.2, OpenSSL 3.0.17 1 Jul 2025)". Qt and OpenSSL
// are the libraries loaded at run time (qVersion(), OpenSSL_version()); when Qt differs from
// the version msim was built against, "built with Qt X" follows.
QString versionLine(const QString &program);

} // namespace msim::net
