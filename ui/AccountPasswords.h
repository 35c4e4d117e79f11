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
// from the emulator, else one given in this session, else — only for an account whose
// "remember" is ticked (Account::rememberPassword) — the system keyring (PasswordStore), else
// the user is asked (a password dialog over `dialogParent`) and the answer kept for the
// session. Passwords are never written to the settings. A keyring write comes first: an
// account's password is handed out (and so its connection, and any certificate dialog, starts)
// only after the keyring answered, so that a keyring prompt never stands over another dialog.
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
    // After the account dialog changed `a` (its tick before was `wasRemembered`, `typed` the
    // password typed, empty for none): typed is kept for the session; ticked, the password
    // (typed, or this session's) goes to the keyring; unticked after ticked, the keyring's copy
    // is deleted (the session keeps it).
    void update(const Account &a, bool wasRemembered, const QByteArray &typed);
    // Forgets the account's password: the session's, and the keyring's when it kept one.
    void forget(const Account &a);

Q_SIGNALS:
    void message(const QString &text); // the keyring's news, for the status bar

private:
    void ask(const Account &a, const std::function<void(std::optional<QByteArray>)> &then);

    EmulatorController *m_emulator;
    QWidget *m_dialogParent;
    PasswordStore *m_store;
    QHash<QString, QByteArray> m_session;
    QHash<QString, int> m_writing;                          // keyring writes out, per account
    QHash<QString, QList<std::function<void()>>> m_waiting; // get()s held until they are in
};

} // namespace msim::ui
