// SPDX-License-Identifier: MIT
#pragma once

class QMainWindow;
class QWidget;

namespace msim::ui {

// Where the main window's parts start (DESIGN.md §1): the account tree at the left, the
// message list above the message view in the middle; the transcript, the chunk picture (in a
// scroll area) and the reproduction matrix in docks tabbed at the bottom (the chunk picture in
// front), the settings and the built-in server tabbed at the right (the settings in front). The
// docks' object names, by which MainWindow::dock() and the tests find them: "transcriptDock",
// "chunkDock", "matrixDock", "settingsDock", "serverDock".
class WindowLayout
{
public:
    struct Parts
    {
        QWidget *tree, *list, *message;                            // the central widget
        QWidget *transcript, *chunks, *matrix, *settings, *server; // in docks
    };

    // Lays the parts out in `window` (which owns them from then on).
    static void arrange(QMainWindow *window, const Parts &parts);
};

} // namespace msim::ui
