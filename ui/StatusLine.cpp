// SPDX-License-Identifier: MIT
#include "ui/StatusLine.h"

#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QStatusBar>

namespace msim::ui {

StatusLine::StatusLine(QStatusBar *bar)
    : QObject(bar)
    , m_text(new QLabel)
    , m_busy(new QProgressBar)
    , m_cancel(new QPushButton(tr("Cancel")))
{
    m_text->setTextFormat(Qt::PlainText);
    m_busy->setMaximumWidth(220);
    m_busy->setRange(0, 0);
    m_busy->setVisible(false);
    m_cancel->setVisible(false);
    connect(m_cancel, &QPushButton::clicked, this, &StatusLine::cancelRequested);
    bar->addWidget(m_text, 1);
    bar->addPermanentWidget(m_busy);
    bar->addPermanentWidget(m_cancel);
}

void StatusLine::show(const QString &text)
{
    m_text->setText(text);
}

QString StatusLine::text() const
{
    return m_text->text();
}

void StatusLine::busy(const QString &what, bool cancellable)
{
    show(what);
    m_busy->setVisible(true);
    m_cancel->setVisible(cancellable);
}

void StatusLine::idle()
{
    m_busy->setVisible(false);
    m_cancel->setVisible(false);
}

} // namespace msim::ui
