// SPDX-License-Identifier: MIT
#pragma once

#include <QString>
#include <QStringList>

namespace msim::app {

// A manual page in roff with the man(7) macros, written from the same tables that print
// `--help`, so that the two cannot drift (msim-cli: app/cli/CommandTable; msim: its options in
// app/gui/main.cpp). Text given to it is plain: it escapes backslashes, every hyphen (so that
// options stay copyable), lines that would start with a roff control character, and double
// quotes in macro arguments.
class ManPage
{
public:
    // `name` "msim-cli", `section` 1, `source` "msim 0.1.0", `manual` "msim manual". No date:
    // the page is the same whenever it is built (reproducible builds).
    ManPage(const QString &name, int section, const QString &source, const QString &manual);

    void section(const QString &heading);    // .SH, upper case as man(7) asks
    void subsection(const QString &heading); // .SS
    // One paragraph (.PP); its lines are filled (the line breaks of --help text are not kept).
    void paragraph(const QString &text);
    // Lines kept as they are (.nf/.fi), e.g. a usage synopsis.
    void verbatim(const QString &text);
    // A tagged paragraph (.TP): `tag` in bold with `argument` in italics, then `text`.
    void tagged(const QString &tag, const QString &argument, const QString &text);

    QString text() const; // the whole page, ending in a newline

    // `text` safe in roff: "\" → "\e", "-" → "\-", and a leading "." or "'" guarded by "\&".
    static QString escape(const QString &text);

private:
    QString m_text;
};

} // namespace msim::app
