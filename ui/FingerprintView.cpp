// SPDX-License-Identifier: MIT
#include "ui/FingerprintView.h"

#include "net/TlsPolicy.h"

#include <QClipboard>
#include <QFontDatabase>
#include <QFontMetrics>
#include <QGridLayout>
#include <QGuiApplication>
#include <QLabel>
#include <QPushButton>

namespace msim::ui {

namespace {

constexpr qsizetype kFirstLine = 7 + 32; // "sha256:" and half the digits

} // namespace

FingerprintView::FingerprintView(const QString &copyText, QWidget *parent)
    : QWidget(parent)
    , m_owner(new QLabel(this))
    , m_fingerprint(new QLabel(this))
    , m_copy(new QPushButton(copyText, this))
{
    m_owner->setObjectName(QStringLiteral("fingerprintOwnerLabel"));
    m_owner->setTextFormat(Qt::PlainText);
    m_owner->setWordWrap(true);
    m_fingerprint->setObjectName(QStringLiteral("fingerprintLabel"));
    m_fingerprint->setTextFormat(Qt::PlainText);
    m_fingerprint->setWordWrap(false);
    m_fingerprint->setTextInteractionFlags(Qt::TextSelectableByMouse |
                                           Qt::TextSelectableByKeyboard);
    m_fingerprint->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    const QFontMetrics metrics(m_fingerprint->font());
    m_fingerprint->setMinimumWidth(
        metrics.horizontalAdvance(QString(kFirstLine, QLatin1Char('0'))) + 8);
    m_owner->setBuddy(m_fingerprint);
    m_copy->setObjectName(QStringLiteral("copyFingerprintButton"));
    m_copy->setAutoDefault(false);
    m_copy->setToolTip(tr("Copies the fingerprint as --pin takes it: sha256:HEX, in one piece"));
    connect(m_copy, &QPushButton::clicked, this, [this] {
        if (m_pin.isEmpty())
            return;
        QGuiApplication::clipboard()->setText(m_pin);
        Q_EMIT copied(m_pin);
    });
    auto *layout = new QGridLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_owner, 0, 0, 1, 2);
    layout->addWidget(m_fingerprint, 1, 0);
    layout->addWidget(m_copy, 1, 1, Qt::AlignTop);
    layout->setColumnStretch(0, 1);
    clear(QString());
}

void FingerprintView::setFingerprint(const QByteArray &sha256, const QString &owner)
{
    m_pin = net::TlsPolicy::formatPin(sha256);
    m_owner->setText(owner);
    m_owner->setVisible(!owner.isEmpty());
    m_fingerprint->setText(twoLines(m_pin));
    m_fingerprint->setToolTip(m_pin);
    m_copy->setEnabled(true);
}

void FingerprintView::clear(const QString &placeholder)
{
    m_pin.clear();
    m_owner->clear();
    m_owner->hide();
    m_fingerprint->setText(placeholder);
    m_fingerprint->setToolTip(QString());
    m_copy->setEnabled(false);
}

QString FingerprintView::twoLines(const QString &pin)
{
    return pin.size() > kFirstLine ? pin.left(kFirstLine) + QLatin1Char('\n') + pin.mid(kFirstLine)
                                   : pin;
}

} // namespace msim::ui
