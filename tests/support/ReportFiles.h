// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>

class QTemporaryDir;

namespace msim::testsupport {

// What the report tests (tst_report, tst_diagnosereport) check of a written `--report DIR`
// (DESIGN.md §4) and of its report.html.

// A report page read as XML: "" if it is well-formed with an <html> root and closes every
// element HTML would leave open (only void HTML elements and SVG shapes may be self-closed).
QString pageMarkupError(const QString &html);

// A file's bytes; empty when it cannot be read.
QByteArray readAll(const QString &path);

// Every file under dir (recursively) that contains `needle`.
QStringList filesContaining(const QString &dir, const QByteArray &needle);

// Every file under dir (recursively), relative to it, sorted.
QStringList filesUnder(const QString &dir);

// A folder under `tmp` that cannot be created (a plain file stands where its parent should be):
// "TMP/file/report"; empty when the file could not be made.
QString unwritableFolder(const QTemporaryDir &tmp);

} // namespace msim::testsupport
