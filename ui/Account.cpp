// SPDX-License-Identifier: MIT
#include "ui/Account.h"

#include "net/TlsPolicy.h"
#include "prefs/PrefsJs.h"
#include "prefs/Presets.h"
#include "ui/ServerPins.h"

#include <QSettings>

namespace msim::ui {

QStringList Account::pins() const
{
    return ServerPins::pins(host, port);
}

scenario::Scenario::Server Account::server() const
{
    scenario::Scenario::Server s;
    s.builtIn = false;
    s.host = host;
    s.port = port;
    s.security = security;
    s.user = user;
    s.pins = pins();
    s.caFile = caFile;
    s.tlsName = tlsName;
    s.tlsLegacy = tlsLegacy;
    return s;
}

QList<Account> AccountSettings::load()
{
    QSettings s;
    QList<Account> out;
    const int n = s.beginReadArray(QStringLiteral("accounts"));
    for (int i = 0; i < n; ++i) {
        s.setArrayIndex(i);
        Account a;
        a.id = s.value(QStringLiteral("id")).toString();
        a.name = s.value(QStringLiteral("name")).toString();
        a.builtIn = s.value(QStringLiteral("builtIn")).toBool();
        a.host = s.value(QStringLiteral("host"), a.host).toString();
        a.port = quint16(s.value(QStringLiteral("port"), 993).toUInt());
        a.security = net::parseSecurity(s.value(QStringLiteral("security")).toString())
                         .value_or(net::Security::Ssl);
        a.user = s.value(QStringLiteral("user")).toString();
        a.caFile = s.value(QStringLiteral("caFile")).toString();
        a.tlsName = s.value(QStringLiteral("tlsName")).toString();
        a.tlsLegacy = s.value(QStringLiteral("tlsLegacy")).toBool();
        a.mailbox = s.value(QStringLiteral("mailbox"), a.mailbox).toString();
        a.rememberPassword = s.value(QStringLiteral("rememberPassword"), false).toBool();
        // An older msim kept the pins per account: they are the server's now (the old key
        // stays until save(), so reading the settings never changes them).
        for (const QString &pin : s.value(QStringLiteral("pins")).toStringList())
            ServerPins::add(a.host, a.port, pin);
        if (!a.id.isEmpty())
            out << a;
    }
    s.endArray();
    return out;
}

void AccountSettings::save(const QList<Account> &accounts)
{
    QSettings s;
    s.beginWriteArray(QStringLiteral("accounts"), int(accounts.size()));
    for (int i = 0; i < accounts.size(); ++i) {
        const Account &a = accounts[i];
        s.setArrayIndex(i);
        s.setValue(QStringLiteral("id"), a.id);
        s.setValue(QStringLiteral("name"), a.name);
        s.setValue(QStringLiteral("builtIn"), a.builtIn);
        s.setValue(QStringLiteral("host"), a.host);
        s.setValue(QStringLiteral("port"), a.port);
        s.setValue(QStringLiteral("security"), net::securityName(a.security));
        s.setValue(QStringLiteral("user"), a.user);
        s.remove(QStringLiteral("pins")); // the server's now (ServerPins)
        s.setValue(QStringLiteral("caFile"), a.caFile);
        s.setValue(QStringLiteral("tlsName"), a.tlsName);
        s.setValue(QStringLiteral("tlsLegacy"), a.tlsLegacy);
        s.setValue(QStringLiteral("mailbox"), a.mailbox);
        s.setValue(QStringLiteral("rememberPassword"), a.rememberPassword);
    }
    s.endArray();
}

bool AccountSettings::firstStart()
{
    return !QSettings().value(QStringLiteral("started")).toBool();
}

void AccountSettings::setStarted()
{
    QSettings().setValue(QStringLiteral("started"), true);
}

fetch::ClientSettings AccountSettings::loadClient()
{
    QSettings s;
    fetch::ClientSettings c;
    c.presetName = s.value(QStringLiteral("client/preset"), QStringLiteral("kb-q194998")).toString();
    QString err;
    auto p = prefs::Presets::make(c.presetName, &err);
    if (!p) {
        c.presetName = QStringLiteral("kb-q194998");
        p = prefs::Presets::make(c.presetName, &err);
    }
    c.prefs = *p;
    s.beginGroup(QStringLiteral("client/prefs"));
    for (const QString &key : s.childKeys()) {
        QString name = key;
        name.replace(QLatin1Char('/'), QLatin1Char('.'));
        c.prefs.setFromText(QString(name + QLatin1Char('=') + s.value(key).toString()), &err);
    }
    s.endGroup();
    // The imported prefs.js's other prefs, kept to be written back on Export.
    const QByteArray kept = s.value(QStringLiteral("client/kept")).toByteArray();
    if (!kept.isEmpty()) {
        c.prefs.restoreKept(prefs::PrefsJs::parse(kept).statements,
                            s.value(QStringLiteral("client/keptLatin1")).toBool());
    }
    c.kind = fetch::ClientSettings::kindForPreset(c.presetName);
    return c;
}

void AccountSettings::saveClient(const fetch::ClientSettings &c)
{
    QSettings s;
    s.setValue(QStringLiteral("client/preset"), c.presetName);
    s.remove(QStringLiteral("client/prefs"));
    s.beginGroup(QStringLiteral("client/prefs"));
    for (const auto &[name, value] : c.prefs.userSet()) {
        QString key = name;
        key.replace(QLatin1Char('.'), QLatin1Char('/'));
        s.setValue(key, prefs::Prefs::setText(value));
    }
    s.endGroup();
    if (c.prefs.kept().isEmpty()) {
        s.remove(QStringLiteral("client/kept"));
        s.remove(QStringLiteral("client/keptLatin1"));
    } else {
        // Written as UTF-8 whatever the file was (it is read back here, not by 4.x).
        s.setValue(QStringLiteral("client/kept"), prefs::PrefsJs::write(c.prefs.kept()));
        s.setValue(QStringLiteral("client/keptLatin1"), c.prefs.writesLatin1());
    }
}

} // namespace msim::ui
