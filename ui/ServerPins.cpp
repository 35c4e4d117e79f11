// SPDX-License-Identifier: MIT
#include "ui/ServerPins.h"

#include "net/TlsPolicy.h"

#include <QSettings>

namespace msim::ui {

namespace {

const QString kGroup = QStringLiteral("serverPins/");

} // namespace

QString ServerPins::key(const QString &host, quint16 port)
{
    return host.trimmed().toLower() + QLatin1Char(':') + QString::number(port);
}

QStringList ServerPins::pins(const QString &host, quint16 port)
{
    return QSettings().value(kGroup + key(host, port)).toStringList();
}

void ServerPins::setPins(const QString &host, quint16 port, const QStringList &pins)
{
    QSettings s;
    if (pins.isEmpty())
        s.remove(kGroup + key(host, port));
    else
        s.setValue(kGroup + key(host, port), pins);
}

bool ServerPins::add(const QString &host, quint16 port, const QString &pin)
{
    const auto sha256 = net::TlsPolicy::parsePin(pin);
    if (!sha256)
        return false;
    const QString canonical = net::TlsPolicy::formatPin(*sha256);
    QStringList list = pins(host, port);
    if (list.contains(canonical))
        return false;
    list << canonical;
    setPins(host, port, list);
    return true;
}

bool ServerPins::remove(const QString &host, quint16 port, const QString &pin)
{
    QStringList list = pins(host, port);
    if (!list.removeOne(pin))
        return false;
    setPins(host, port, list);
    return true;
}

} // namespace msim::ui
