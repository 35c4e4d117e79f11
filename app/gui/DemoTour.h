// SPDX-License-Identifier: MIT
#pragma once

#include <QString>

namespace msim::ui {
class MainWindow;
}

// `msim --demo-screenshots DIR` (scripts/screenshots): runs a support engineer's KB Q194998 day
// in the window by itself and saves what a user would see at each step, as PNG files in DIR:
// main-window (first start: truncated over SSL, what it means), transcript-findings (the
// Findings filter), guide, shortcuts, about, certificate (the pin dialog beside the built-in
// server's dock), settings (the workaround applied: complete), preset-undo (a preset after an
// imported prefs.js), parts (the multipart sample's MIME parts under the same preset: part 2
// cut, chosen, selected in both texts and the chunk picture), matrix, report-opened (the exported
// report opened again, read-only), account-dialog, list-refused, diagnose (Account ▸ Diagnose
// server… on the built-in server). Bounded: the window closes after three minutes whatever happens.
class DemoTour
{
public:
    static void start(msim::ui::MainWindow &window, const QString &dir);
};
