// SPDX-License-Identifier: MIT
#pragma once

#include <QString>
#include <QStringList>

namespace msim::scenario {

// The scenario library that comes with msim (resources/scenarios; docs/SCENARIOS.md), found
// relative to the running executable as DESIGN.md §5 says, never by an absolute build path:
// `<bindir>/../share/msim/scenarios` when installed (/usr/bin/msim-cli →
// /usr/share/msim/scenarios), `<build>/share/msim/scenarios` in a build tree (CMake copies the
// files there; the programs are two folders down, in app/cli and app/gui, and the tree's top
// holds CMakeCache.txt).
class ScenarioLibrary
{
public:
    // The library's absolute folder; empty when neither place exists.
    static QString folder();
    // The scenarios' names (file names without ".json", none starting with '.'), sorted; empty
    // without a library.
    static QStringList names();
    // `folder()/NAME.json` when NAME (or NAME without a trailing ".json") is a scenario of the
    // library; else empty. NAME is a plain file name: one with '/' or a leading '.' is never
    // looked up.
    static QString path(const QString &name);
};

} // namespace msim::scenario
