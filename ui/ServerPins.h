// SPDX-License-Identifier: MIT
#pragma once

#include <QString>
#include <QStringList>

namespace msim::ui {

// The certificates the user pinned, one list per server (DESIGN.md §4 TLS trust): a pin trusts
// exactly that certificate at host:port, so every account on that server shares it and none
// asks again. Kept with QSettings in the group "serverPins", keyed "host:port" (the host in
// lower case); each pin in the form --pin takes, "sha256:<lowercase hex>". Until msim kept them
// per server, each account had its own "pins"; AccountSettings::load merges those in here.
class ServerPins
{
public:
    // "mail.example.com:993": the settings key of a server (the host trimmed, in lower case).
    static QString key(const QString &host, quint16 port);
    // The pins of host:port; empty when none.
    static QStringList pins(const QString &host, quint16 port);
    // Replaces them (an empty list forgets the server).
    static void setPins(const QString &host, quint16 port, const QStringList &pins);
    // Adds one (in any form parsePin takes; stored canonical). False when it is no pin or the
    // server has it already.
    static bool add(const QString &host, quint16 port, const QString &pin);
    // Takes one away; false when the server did not have it.
    static bool remove(const QString &host, quint16 port, const QString &pin);
};

} // namespace msim::ui
