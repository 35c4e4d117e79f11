// SPDX-License-Identifier: MIT
#include "ui/BuiltInAccount.h"

#include "net/TlsPolicy.h"
#include "ui/EmulatorController.h"

#include <QCoreApplication>
#include <QSettings>

namespace msim::ui {

namespace {

const QString kBuiltInId = QStringLiteral("builtin");
const QString kProfileKey = QStringLiteral("emulator/profile");
const QString kCorpusKey = QStringLiteral("emulator/corpus");

} // namespace

void BuiltInAccount::ensure(QList<Account> &accounts)
{
    for (const Account &a : std::as_const(accounts)) {
        if (a.builtIn)
            return;
    }
    Account b;
    b.id = kBuiltInId;
    b.builtIn = true;
    b.user = QStringLiteral("test");
    b.security = net::Security::Ssl;
    accounts.prepend(b);
}

bool BuiltInAccount::startEmulator(EmulatorController &emulator, QString *error)
{
    QSettings s;
    emulator::ServerOptions o;
    o.profile = s.value(kProfileKey, QStringLiteral("exchange55-presp2")).toString();
    return emulator.start(o, s.value(kCorpusKey, QStringLiteral("sample")).toString(), error);
}

void BuiltInAccount::follow(QList<Account> &accounts, const EmulatorController &emulator)
{
    emulator::EmulatedServer *srv = emulator.server();
    for (Account &a : accounts) {
        if (!a.builtIn)
            continue;
        const QString profile = emulator.options().profile;
        a.name = QCoreApplication::translate("msim::ui::MainWindow", "Built-in: %1").arg(profile);
        a.host = QStringLiteral("127.0.0.1");
        if (srv) {
            a.port = a.security == net::Security::Ssl ? srv->tlsPort() : srv->port();
            a.pins = {net::TlsPolicy::formatPin(srv->fingerprint())}; // pinned: ours, minted here
        }
        QSettings().setValue(kProfileKey, profile);
        QSettings().setValue(kCorpusKey, emulator.corpusSpec());
    }
}

} // namespace msim::ui
