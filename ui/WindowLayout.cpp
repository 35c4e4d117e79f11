// SPDX-License-Identifier: MIT
#include "ui/WindowLayout.h"

#include <QCoreApplication>
#include <QDockWidget>
#include <QGuiApplication>
#include <QMainWindow>
#include <QScreen>
#include <QScrollArea>
#include <QSettings>
#include <QSplitter>

namespace msim::ui {

namespace {

// Bumped when the docks change, so that an older saved state is not restored onto them.
constexpr int kStateVersion = 2;

QString tr(const char *text)
{
    return QCoreApplication::translate("msim::ui::MainWindow", text);
}

QScrollArea *scrolled(QWidget *w)
{
    auto *area = new QScrollArea;
    area->setWidget(w);
    area->setWidgetResizable(true);
    area->setFrameShape(QFrame::NoFrame);
    return area;
}

QRect availableFor(const QMainWindow *window)
{
    const QScreen *screen = window->screen() ? window->screen() : QGuiApplication::primaryScreen();
    return screen ? screen->availableGeometry() : QRect(QPoint(0, 0), WindowLayout::kPreferredSize);
}

// The central widget's splitters that arrange() named (the panes' own ones are theirs).
QList<QSplitter *> namedSplitters(const QMainWindow *window)
{
    QList<QSplitter *> found;
    if (auto *main = qobject_cast<QSplitter *>(window->centralWidget())) {
        found << main;
        for (const char *name : {"listAndMessage", "analysisAndTexts"})
            found << main->findChildren<QSplitter *>(QLatin1String(name));
    }
    return found;
}

QString splitterKey(const QSplitter *splitter)
{
    return QStringLiteral("splitter/") + splitter->objectName();
}

// Docks and splitters in proportion to the window's width and height.
void proportion(QMainWindow *window, const QSize &size)
{
    auto *chunkDock = window->findChild<QDockWidget *>(QStringLiteral("chunkDock"));
    auto *settingsDock = window->findChild<QDockWidget *>(QStringLiteral("settingsDock"));
    if (chunkDock)
        window->resizeDocks({chunkDock}, {size.height() * 24 / 100}, Qt::Vertical);
    if (settingsDock)
        window->resizeDocks({settingsDock}, {size.width() * 30 / 100}, Qt::Horizontal);
    if (auto *main = qobject_cast<QSplitter *>(window->centralWidget())) {
        const int tree = std::clamp(size.width() * 16 / 100, 150, 250);
        main->setSizes({tree, size.width() - tree});
    }
}

} // namespace

void WindowLayout::arrange(QMainWindow *window, const Parts &parts)
{
    auto *center = new QSplitter(Qt::Vertical);
    center->setObjectName(QStringLiteral("listAndMessage"));
    center->setChildrenCollapsible(false);
    center->addWidget(parts.list);
    center->addWidget(parts.message);
    center->setStretchFactor(0, 2);
    center->setStretchFactor(1, 3);
    center->setSizes({250, 450});
    auto *main = new QSplitter(Qt::Horizontal);
    main->setObjectName(QStringLiteral("treeAndCenter"));
    main->setChildrenCollapsible(false);
    main->addWidget(parts.tree);
    main->addWidget(center);
    main->setStretchFactor(1, 1);
    window->setCentralWidget(main);
    // The settings dock runs the window's whole height: its pref list needs the rows more than
    // the bottom docks need the width.
    window->setCorner(Qt::BottomRightCorner, Qt::RightDockWidgetArea);

    auto makeDock = [window](const QString &title, const QString &name, QWidget *w,
                             Qt::DockWidgetArea area) {
        auto *d = new QDockWidget(title, window);
        d->setObjectName(name);
        d->setWidget(w);
        window->addDockWidget(area, d);
        return d;
    };
    auto *transcriptDock = makeDock(tr("Transcript"), QStringLiteral("transcriptDock"),
                                    parts.transcript, Qt::BottomDockWidgetArea);
    // The picture grows with the message's chunks; the server's panel is taller than a small
    // screen's dock: both scroll rather than push the window's minimum up.
    auto *chunkDock = makeDock(tr("Chunk picture"), QStringLiteral("chunkDock"),
                               scrolled(parts.chunks), Qt::BottomDockWidgetArea);
    auto *matrixDock = makeDock(tr("Reproduction matrix"), QStringLiteral("matrixDock"),
                                parts.matrix, Qt::BottomDockWidgetArea);
    window->tabifyDockWidget(chunkDock, transcriptDock);
    window->tabifyDockWidget(transcriptDock, matrixDock);
    chunkDock->raise();
    auto *settingsDock = makeDock(tr("Settings (prefs)"), QStringLiteral("settingsDock"),
                                  parts.settings, Qt::RightDockWidgetArea);
    auto *serverDock = makeDock(tr("Built-in server"), QStringLiteral("serverDock"),
                                scrolled(parts.server), Qt::RightDockWidgetArea);
    window->tabifyDockWidget(settingsDock, serverDock);
    settingsDock->raise();
    window->setMinimumSize(kMinimumSize);
}

QRect WindowLayout::initialGeometry(const QRect &available)
{
    const QSize room = (available.size() - kFrameAllowance).expandedTo(kMinimumSize);
    const QSize size = kPreferredSize.boundedTo(room);
    QRect r(QPoint(0, 0), size);
    r.moveCenter(available.center());
    // Never above or left of the available area (a title bar off-screen cannot be dragged back).
    r.moveTopLeft(QPoint(std::max(r.left(), available.left()), std::max(r.top(), available.top())));
    return r;
}

bool WindowLayout::restore(QMainWindow *window)
{
    QSettings s;
    s.beginGroup(QStringLiteral("window"));
    const QByteArray geometry = s.value(QStringLiteral("geometry")).toByteArray();
    const QByteArray state = s.value(QStringLiteral("state")).toByteArray();
    // restoreGeometry() moves a window saved on a screen that is gone back onto this one.
    if (!geometry.isEmpty() && window->restoreGeometry(geometry) &&
        window->restoreState(state, kStateVersion)) {
        for (QSplitter *splitter : namedSplitters(window))
            splitter->restoreState(s.value(splitterKey(splitter)).toByteArray());
        const QRect available = availableFor(window);
        if (window->width() > available.width() || window->height() > available.height())
            window->setGeometry(initialGeometry(available)); // saved on a bigger screen
        return true;
    }
    const QRect g = initialGeometry(availableFor(window));
    window->setGeometry(g);
    proportion(window, g.size());
    return false;
}

void WindowLayout::resizeTo(QMainWindow *window, const QSize &size)
{
    window->resize(size);
    proportion(window, size);
}

void WindowLayout::save(const QMainWindow *window)
{
    QSettings s;
    s.beginGroup(QStringLiteral("window"));
    s.setValue(QStringLiteral("geometry"), window->saveGeometry());
    s.setValue(QStringLiteral("state"), window->saveState(kStateVersion));
    for (const QSplitter *splitter : namedSplitters(window))
        s.setValue(splitterKey(splitter), splitter->saveState());
}

} // namespace msim::ui
