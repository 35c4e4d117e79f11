// SPDX-License-Identifier: MIT
#pragma once

#include "ui/Account.h"

#include <QCoreApplication>
#include <QSslCertificate>

#include <optional>

class QWidget;

namespace msim::ui {

class AccountPasswords;

// The account dialogs and the rules for changing an account (DESIGN.md §1): the built-in
// server's account is never removed and never pinned by hand (its pin follows the emulator); a
// certificate the account's server presents and TLS refuses is offered for pinning, and not
// again once that server (host:port) has the pin, whichever account pinned it; a password typed
// in the dialog is kept for the session, and in the keyring only while "remember" is ticked
// (unticking deletes the keyring's copy). Saving the list is the caller's.
class AccountEditor
{
    Q_DECLARE_TR_FUNCTIONS(msim::ui::MainWindow)
public:
    struct Added
    {
        Account account;
        QByteArray password; // empty: none given
        bool remember = false;
    };

    // The Add account dialog; nullopt when cancelled.
    static std::optional<Added> askNew(QWidget *parent);
    // The Edit account dialog over `a`; false when cancelled, else `a` is the edited account,
    // the pins removed are gone from its server's, and the password and tick are applied
    // (AccountPasswords::update).
    static bool edit(Account &a, AccountPasswords &passwords, QWidget *parent);
    // Whether `a` (nullptr: none chosen) may be removed; if not, *why is the sentence to show.
    static bool removable(const Account *a, QString *why);
    // After `a`'s server presented `certificate` and TLS refused it for `reasons`: shows it and
    // asks. True when the user pinned it (its "sha256:HEX" pin is added to the pins of a's
    // server, host:port, for every account there: ServerPins); *said is the status line, empty
    // when nothing was asked (the built-in account, or that server has the pin already).
    static bool offerPin(const Account &a, const QSslCertificate &certificate,
                         const QStringList &reasons, QWidget *parent, QString *said);
};

} // namespace msim::ui
