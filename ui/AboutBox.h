// SPDX-License-Identifier: MIT
#pragma once

#include <QList>
#include <QPair>
#include <QString>

class QDialog;
class QWidget;

namespace msim::ui {

// The Help menu's windows (DESIGN.md §1): About (what msim reproduces, the KB Q194998 case it
// opens with, the version of msim, Qt and OpenSSL), the Guide (a support engineer's workflow in
// one page, resources ui/guide.html) and the keyboard shortcuts (from the menus themselves, so
// the list cannot drift from them). Each is a window of its own, not modal: the fetch, the
// matrix and the built-in server go on behind it; asking again raises the one already open.
class AboutBox
{
public:
    // "msim 0.1.0 (Qt 6.4.2, OpenSSL 3.0.17 1 Jul 2025)": the versions msim runs with.
    static QString versionLine();
    // Each returns the dialog shown (owned by `parent`, deleted when closed).
    static QDialog *show(QWidget *parent);
    static QDialog *showGuide(QWidget *parent);
    // `rows`: menu path and key sequence, e.g. {"File ▸ Export report…", "Ctrl+E"}.
    static QDialog *showShortcuts(QWidget *parent, const QList<QPair<QString, QString>> &rows);
};

} // namespace msim::ui
