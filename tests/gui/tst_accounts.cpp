// SPDX-License-Identifier: MIT
// Accounts (DESIGN.md §1, §4 TLS trust): one pin per server, host:port, shared by the accounts
// on it (and not by another port); pins an older msim kept per account move to their server;
// the built-in server's pin follows its certificate and port; the "remember" tick is kept per
// account, survives a reload and shows again in the account dialog.
#include "emulator/CertificateMint.h"
#include "net/TlsPolicy.h"
#include "ui/Account.h"
#include "ui/AccountDialog.h"
#include "ui/BuiltInAccount.h"
#include "ui/EmulatorController.h"
#include "ui/ServerPins.h"

#include <QApplication>
#include <QCheckBox>
#include <QListWidget>
#include <QSettings>
#include <QTest>

using namespace msim;
using namespace msim::ui;

namespace {

const QString kPinA = QStringLiteral("sha256:") + QString(64, QLatin1Char('a'));
const QString kPinB = QStringLiteral("sha256:") + QString(64, QLatin1Char('b'));

void freshSettings(const QString &name)
{
    QCoreApplication::setOrganizationName(QStringLiteral("msim-test"));
    QCoreApplication::setApplicationName(QStringLiteral("accounts-") + name);
    QSettings().clear();
}

Account account(const QString &id, const QString &host, quint16 port)
{
    Account a;
    a.id = id;
    a.name = id;
    a.host = host;
    a.port = port;
    a.user = QStringLiteral("test");
    return a;
}

} // namespace

class tst_Accounts : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void onePinPerServer()
    {
        freshSettings(QStringLiteral("pins"));
        const Account a = account(QStringLiteral("a"), QStringLiteral("mail.example.com"), 993);
        const Account b = account(QStringLiteral("b"), QStringLiteral("Mail.Example.com "), 993);
        const Account otherPort =
            account(QStringLiteral("c"), QStringLiteral("mail.example.com"), 143);
        QVERIFY(ServerPins::add(a.host, a.port, kPinA));
        QVERIFY(!ServerPins::add(a.host, a.port, kPinA)); // once
        QCOMPARE(a.pins(), QStringList{kPinA});
        QCOMPARE(b.pins(), QStringList{kPinA}); // the same server: no second pinning
        QCOMPARE(b.server().pins, QStringList{kPinA});
        QVERIFY(otherPort.pins().isEmpty()); // another port is another server
        QVERIFY(otherPort.server().pins.isEmpty());
        // Any form --pin takes is stored in the one form.
        QVERIFY(ServerPins::add(
            otherPort.host, otherPort.port,
            QString(kPinB).toUpper().replace(QStringLiteral("BB"), QStringLiteral("BB:"))));
        QCOMPARE(otherPort.pins(), QStringList{kPinB});
        QVERIFY(!ServerPins::add(a.host, a.port, QStringLiteral("sha256:nothex")));
        QVERIFY(ServerPins::remove(b.host, b.port, kPinA));
        QVERIFY(a.pins().isEmpty());
        QCOMPARE(otherPort.pins(), QStringList{kPinB});
    }

    // Settings an older msim wrote: the pins per account become their server's.
    void perAccountPinsMigrate()
    {
        freshSettings(QStringLiteral("migrate"));
        {
            QSettings s;
            s.beginWriteArray(QStringLiteral("accounts"), 2);
            s.setArrayIndex(0);
            s.setValue(QStringLiteral("id"), QStringLiteral("old-a"));
            s.setValue(QStringLiteral("host"), QStringLiteral("imap.example.com"));
            s.setValue(QStringLiteral("port"), 993);
            s.setValue(QStringLiteral("pins"), QStringList{kPinA});
            s.setArrayIndex(1);
            s.setValue(QStringLiteral("id"), QStringLiteral("old-b"));
            s.setValue(QStringLiteral("host"), QStringLiteral("imap.example.com"));
            s.setValue(QStringLiteral("port"), 993);
            s.setValue(QStringLiteral("pins"), QStringList{kPinA, kPinB});
            s.endArray();
        }
        QList<Account> accounts = AccountSettings::load();
        QCOMPARE(accounts.size(), 2);
        QCOMPARE(accounts[0].pins(), (QStringList{kPinA, kPinB}));
        QCOMPARE(accounts[1].pins(), accounts[0].pins());
        QVERIFY(!accounts[0].rememberPassword); // not ticked unless the user ticks it
        // Reading changed nothing of the old settings.
        QCOMPARE(QSettings().value(QStringLiteral("accounts/1/pins")).toStringList(),
                 QStringList{kPinA});
        // Once saved, the old key is gone, so a pin removed later does not come back.
        AccountSettings::save(accounts);
        QVERIFY(!QSettings().contains(QStringLiteral("accounts/1/pins")));
        QVERIFY(!QSettings().contains(QStringLiteral("accounts/2/pins")));
        QVERIFY(ServerPins::remove(accounts[0].host, accounts[0].port, kPinB));
        accounts = AccountSettings::load();
        QCOMPARE(accounts[1].pins(), QStringList{kPinA});
    }

    void rememberTickKeptPerAccount()
    {
        freshSettings(QStringLiteral("remember"));
        Account kept = account(QStringLiteral("kept"), QStringLiteral("a.example.com"), 993);
        kept.rememberPassword = true;
        const Account notKept =
            account(QStringLiteral("session"), QStringLiteral("b.example.com"), 993);
        AccountSettings::save({kept, notKept});
        const QList<Account> loaded = AccountSettings::load();
        QCOMPARE(loaded.size(), 2);
        QCOMPARE(loaded[0].rememberPassword, true);
        QCOMPARE(loaded[1].rememberPassword, false);

        // Shown again when the account is edited, and what the dialog gives back.
        for (const Account &a : loaded) {
            AccountDialog d(a);
            auto *tick = d.findChild<QCheckBox *>(QStringLiteral("rememberCheck"));
            QVERIFY(tick);
            QCOMPARE(tick->isChecked(), a.rememberPassword);
            QCOMPARE(d.account().rememberPassword, a.rememberPassword);
            // No Secret Service here: the tick cannot be changed, and says why.
            QVERIFY(!tick->isEnabled());
            QVERIFY(tick->toolTip().contains(QStringLiteral("this session only")));
        }
        // A new account: not ticked.
        AccountDialog fresh{Account{}};
        QVERIFY(!fresh.findChild<QCheckBox *>(QStringLiteral("rememberCheck"))->isChecked());
    }

    // The dialog lists the pins of the account's server and gives back those left.
    void dialogListsTheServersPins()
    {
        freshSettings(QStringLiteral("dialog"));
        const Account a = account(QStringLiteral("a"), QStringLiteral("mail.example.com"), 993);
        ServerPins::add(a.host, a.port, kPinA);
        ServerPins::add(a.host, a.port, kPinB);
        AccountDialog d(a);
        auto *list = d.findChild<QListWidget *>(QStringLiteral("pinsList"));
        QVERIFY(list);
        QCOMPARE(list->count(), 2);
        QCOMPARE(d.pins(), (QStringList{kPinA, kPinB}));
        delete list->item(0);
        QCOMPARE(d.pins(), QStringList{kPinB});
    }

    // The built-in server's pin is at 127.0.0.1:its TLS port, for its current certificate; a
    // restart with another certificate on another port moves it.
    void builtInPinFollowsTheServer()
    {
        freshSettings(QStringLiteral("builtin"));
        EmulatorController controller;
        QString error;
        QVERIFY2(controller.startDefault(&error), qPrintable(error));
        QList<Account> accounts;
        BuiltInAccount::ensure(accounts);
        BuiltInAccount::follow(accounts, controller);
        const quint16 firstPort = controller.server()->tlsPort();
        const QString firstPin = net::TlsPolicy::formatPin(controller.server()->fingerprint());
        QCOMPARE(accounts.first().port, firstPort);
        QCOMPARE(ServerPins::pins(QStringLiteral("127.0.0.1"), firstPort), QStringList{firstPin});

        // Another user account on the built-in server's address and port shares the pin.
        const Account mine =
            account(QStringLiteral("mine"), QStringLiteral("127.0.0.1"), firstPort);
        QCOMPARE(mine.pins(), QStringList{firstPin});

        emulator::ServerOptions o = controller.options();
        const auto minted = emulator::CertificateMint::mint({}, &error);
        QVERIFY2(minted, qPrintable(error));
        o.identity = *minted;
        o.tlsPort = quint16(0);
        QVERIFY2(controller.start(o, QStringLiteral("sample"), &error), qPrintable(error));
        BuiltInAccount::follow(accounts, controller);
        const quint16 port = controller.server()->tlsPort();
        const QString pin = net::TlsPolicy::formatPin(minted->sha256());
        QVERIFY(pin != firstPin);
        QCOMPARE(accounts.first().port, port);
        QCOMPARE(accounts.first().pins(), QStringList{pin});
        // The old certificate is trusted nowhere now.
        QVERIFY(!ServerPins::pins(QStringLiteral("127.0.0.1"), firstPort).contains(firstPin));
        QVERIFY(!ServerPins::pins(QStringLiteral("127.0.0.1"), port).contains(firstPin));
        // Following again changes nothing.
        BuiltInAccount::follow(accounts, controller);
        QCOMPARE(accounts.first().pins(), QStringList{pin});
    }
};

QTEST_MAIN(tst_Accounts)
#include "tst_accounts.moc"
