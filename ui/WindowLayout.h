// SPDX-License-Identifier: MIT
#pragma once

#include <QRect>
#include <QSize>

class QMainWindow;
class QWidget;

namespace msim::ui {

// Where the main window's parts start (DESIGN.md §1): the account tree at the left, the
// message list above the message view in the middle; the transcript, the chunk picture (in a
// scroll area) and the reproduction matrix in docks tabbed at the bottom (the chunk picture in
// front), the settings and the built-in server tabbed at the right, down to the bottom edge (the
// settings in front). The
// docks' object names, by which MainWindow::dock() and the tests find them: "transcriptDock",
// "chunkDock", "matrixDock", "settingsDock", "serverDock".
// The window fits the screen it opens on (down to 1024x700), keeps the size it was given (what
// it shows never makes it grow), and comes back with the geometry and dock layout it was closed
// with (QSettings group "window").
class WindowLayout
{
public:
    struct Parts
    {
        QWidget *tree, *list, *message;                            // the central widget
        QWidget *transcript, *chunks, *matrix, *settings, *server; // in docks
    };

    // The size msim likes (pixels) when the screen has room for it.
    static constexpr QSize kPreferredSize{1400, 900};
    // The window's own minimum (pixels), set explicitly so that a long line in a pane never
    // makes the layout grow the window: every pane stays usable at this size.
    static constexpr QSize kMinimumSize{760, 520};
    // Room left for the window manager's frame and title bar (pixels) inside the available
    // area, so that the frame fits too.
    static constexpr QSize kFrameAllowance{16, 40};

    // Lays the parts out in `window` (which owns them from then on), sized for its screen.
    static void arrange(QMainWindow *window, const Parts &parts);

    // The first-start geometry inside `available` (a screen's available geometry, pixels): the
    // preferred size where it fits, else the available size less the frame allowance (never
    // below kMinimumSize), centred.
    static QRect initialGeometry(const QRect &available);

    // The geometry and dock layout saved by save(), fitted to the current screen; on the first
    // start (or after a layout change of this version) initialGeometry() and the docks sized
    // for it. Returns true when a saved state was restored.
    static bool restore(QMainWindow *window);
    // Resizes `window` to `size` (pixels) with the docks and the tree in proportion, as a first
    // start at that size would have them (msim --size).
    static void resizeTo(QMainWindow *window, const QSize &size);
    static void save(const QMainWindow *window);
};

} // namespace msim::ui
