// SPDX-License-Identifier: MIT
#pragma once

#include "ui/Account.h"

#include <QHash>
#include <QObject>

#include <functional>
#include <optional>

class QWidget;

namespace msim::ui {

class EmulatorController;
class PasswordStore;

// Where an account's password comes from (DESIGN.md §1, §4 "password"): the built-in server's
// from the emulator, else one given in this session, else the system keyring (PasswordStore),
// else the user is asked (a password dialog over `dialogParent`) and the answer kept for the
// session. Passwords are never written to the settings.
class AccountPasswords : public QObject
{
    Q_OBJECT
public:
    AccountPasswords(EmulatorController *emulator, QWidget *dialogParent);

    // Calls `then` with the password of `a` (at once, or after the keyring or the dialog
    // answered), or with nullopt when the user cancelled the dialog.
    void get(const Account &a, std::function<void(std::optional<QByteArray>)> then);
    // Keeps `password` for the session, and in the keyring when `remember`; `stored` is told
    // whether the keyring took it (not called without `remember`).
    void set(const QString &accountId, const QByteArray &password, bool remember,
             std::function<void(bool storedInKeyring)> stored);
    // Forgets the account's password: the session's and the keyring's.
    void forget(const QString &accountId);

Q_SIGNALS:
    void message(const QString &text); // the keyring's news, for the status bar

private:
    EmulatorController *m_emulator;
    QWidget *m_dialogParent;
    PasswordStore *m_store;
    QHash<QString, QByteArray> m_session;
};

} // namespace msim::ui
