// SPDX-License-Identifier: MIT
#pragma once

#include "fetch/ClientSettings.h"
#include "imap/ImapSession.h"
#include "scenario/Scenario.h"

#include <QList>
#include <QString>

namespace msim::ui {

// A server the user works with: where it is, how to trust it, who logs in, and the client the
// emulation plays against it. The built-in server's account follows the running emulator
// (port and pin change when it restarts). Passwords are not here: the keyring has them
// (PasswordStore) when the user ticked "remember", or the session does. Pins are not here
// either: they belong to the server (ServerPins, host:port), shared by its accounts.
struct Account
{
    QString id;   // stable key for settings and the keyring
    QString name; // shown in the folder tree
    bool builtIn = false;
    QString host = QStringLiteral("127.0.0.1");
    quint16 port = 993;
    net::Security security = net::Security::Ssl;
    QString user;
    QString caFile;
    QString tlsName;
    bool tlsLegacy = false;
    QString mailbox = QStringLiteral("INBOX");
    // The user ticked "Keep it in the system keyring": only then is the keyring read or written
    // for this account (AccountPasswords). Off for a new account.
    bool rememberPassword = false;

    // The pins of this account's server, "sha256:<lowercase hex>" (ServerPins::pins(host, port)).
    QStringList pins() const;

    // Where this account's server is and how it is trusted, as a case describes it (the
    // session options, the msim-cli CONNECTION options and a scenario file's "server" are made
    // from it). Never a password.
    scenario::Scenario::Server server() const;
};

// Accounts (and the emulation's client settings) kept across runs with QSettings, in the
// user's config folder. No password is ever written here. Each account's "rememberPassword"
// tick is; pins an older msim kept per account ("accounts/N/pins") are merged into ServerPins by
// load() and dropped by the next save().
class AccountSettings
{
public:
    static QList<Account> load();
    static void save(const QList<Account> &accounts);
    static bool firstStart();
    static void setStarted();

    static fetch::ClientSettings loadClient(); // preset + user-set prefs; kb-q194998 at first
    static void saveClient(const fetch::ClientSettings &client);
};

} // namespace msim::ui
