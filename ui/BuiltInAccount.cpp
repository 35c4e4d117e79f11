// SPDX-License-Identifier: MIT
#include "ui/BuiltInAccount.h"

#include "net/TlsPolicy.h"
#include "ui/EmulatorController.h"
#include "ui/ServerPins.h"

#include <QCoreApplication>
#include <QSettings>

namespace msim::ui {

namespace {

const QString kBuiltInId = QStringLiteral("builtin");
const QString kProfileKey = QStringLiteral("emulator/profile");
const QString kCorpusKey = QStringLiteral("emulator/corpus");
// Where the built-in server's pin was put last: "pin" and "port", to take it away when the
// server moves or gets a new certificate.
const QString kPinnedPinKey = QStringLiteral("emulator/pinned/pin");
const QString kPinnedPortKey = QStringLiteral("emulator/pinned/port");
const QString kLoopback = QStringLiteral("127.0.0.1");

// The server's pin at 127.0.0.1:port, and no other pin of its own anywhere: a pin left at an
// old port would trust this certificate where another server may listen now.
void pinAt(quint16 port, const QString &pin)
{
    QSettings s;
    const QString oldPin = s.value(kPinnedPinKey).toString();
    const auto oldPort = quint16(s.value(kPinnedPortKey).toUInt());
    if (!oldPin.isEmpty() && (oldPin != pin || oldPort != port))
        ServerPins::remove(kLoopback, oldPort, oldPin);
    ServerPins::add(kLoopback, port, pin);
    s.setValue(kPinnedPinKey, pin);
    s.setValue(kPinnedPortKey, port);
}

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
        a.host = kLoopback;
        if (srv) {
            a.port = a.security == net::Security::Ssl ? srv->tlsPort() : srv->port();
            pinAt(a.port, net::TlsPolicy::formatPin(srv->fingerprint())); // ours, minted here
        }
        QSettings().setValue(kProfileKey, profile);
        QSettings().setValue(kCorpusKey, emulator.corpusSpec());
    }
}

} // namespace msim::ui
