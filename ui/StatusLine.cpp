// SPDX-License-Identifier: MIT
#include "ui/StatusLine.h"

#include "net/KeyLog.h"

#include <QFileInfo>
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
    const QString keyLog = net::KeyLog::path();
    if (!keyLog.isEmpty()) {
        m_keyLog = new QLabel(tr("TLS keys logged to %1").arg(QFileInfo(keyLog).fileName()));
        m_keyLog->setObjectName(QStringLiteral("keyLogNotice"));
        m_keyLog->setTextFormat(Qt::PlainText);
        m_keyLog->setStyleSheet(QStringLiteral("QLabel { color: #8d4e00; font-weight: bold; }"));
        m_keyLog->setToolTip(
            tr("SSLKEYLOGFILE is set: the TLS session keys of every connection msim makes or "
               "serves are being written to %1. Anyone with that file can decrypt a capture of "
               "these connections; delete it when the ticket is done.")
                .arg(keyLog));
        bar->addPermanentWidget(m_keyLog);
    }
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
