// SPDX-License-Identifier: MIT
#include "ui/WindowLayout.h"

#include <QCoreApplication>
#include <QDockWidget>
#include <QMainWindow>
#include <QScrollArea>
#include <QSplitter>

namespace msim::ui {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("msim::ui::MainWindow", text);
}

} // namespace

void WindowLayout::arrange(QMainWindow *window, const Parts &parts)
{
    auto *center = new QSplitter(Qt::Vertical);
    center->addWidget(parts.list);
    center->addWidget(parts.message);
    center->setStretchFactor(0, 2);
    center->setStretchFactor(1, 3);
    center->setSizes({250, 450});
    auto *main = new QSplitter(Qt::Horizontal);
    main->addWidget(parts.tree);
    main->addWidget(center);
    main->setStretchFactor(1, 1);
    main->setSizes({250, 1150});
    window->setCentralWidget(main);

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
    auto *chunkScroll = new QScrollArea; // the picture grows with the message's chunks
    chunkScroll->setWidget(parts.chunks);
    chunkScroll->setWidgetResizable(true);
    auto *chunkDock = makeDock(tr("Chunk picture"), QStringLiteral("chunkDock"), chunkScroll,
                               Qt::BottomDockWidgetArea);
    auto *matrixDock = makeDock(tr("Reproduction matrix"), QStringLiteral("matrixDock"),
                                parts.matrix, Qt::BottomDockWidgetArea);
    window->tabifyDockWidget(chunkDock, transcriptDock);
    window->tabifyDockWidget(transcriptDock, matrixDock);
    chunkDock->raise();
    auto *settingsDock = makeDock(tr("Settings (prefs)"), QStringLiteral("settingsDock"),
                                  parts.settings, Qt::RightDockWidgetArea);
    auto *serverDock = makeDock(tr("Built-in server"), QStringLiteral("serverDock"),
                                parts.server, Qt::RightDockWidgetArea);
    window->tabifyDockWidget(settingsDock, serverDock);
    settingsDock->raise();
    window->resizeDocks({chunkDock}, {260}, Qt::Vertical);
    window->resizeDocks({settingsDock}, {460}, Qt::Horizontal);
}

} // namespace msim::ui
