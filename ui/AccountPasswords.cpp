// SPDX-License-Identifier: MIT
#include "ui/AccountPasswords.h"

#include "ui/EmulatorController.h"
#include "ui/PasswordStore.h"

#include <QCoreApplication>
#include <QInputDialog>
#include <QPointer>

namespace msim::ui {

AccountPasswords::AccountPasswords(EmulatorController *emulator, QWidget *dialogParent)
    : QObject(dialogParent)
    , m_emulator(emulator)
    , m_dialogParent(dialogParent)
    , m_store(new PasswordStore(QStringLiteral("msim"), this))
{
    connect(m_store, &PasswordStore::message, this, &AccountPasswords::message);
}

void AccountPasswords::get(const Account &a, std::function<void(std::optional<QByteArray>)> then)
{
    if (a.builtIn) {
        then(m_emulator->options().password);
        return;
    }
    if (m_writing.value(a.id) > 0) {
        m_waiting[a.id] << [this, a, then] { get(a, then); };
        return;
    }
    if (m_session.contains(a.id)) {
        then(m_session.value(a.id));
        return;
    }
    if (!a.rememberPassword) {
        ask(a, then); // the keyring is not touched for an account that did not ask for it
        return;
    }
    QPointer<AccountPasswords> self(this);
    m_store->read(a.id, [self, a, then](std::optional<QByteArray> pw) {
        if (!self)
            return;
        if (pw)
            then(pw);
        else
            self->ask(a, then);
    });
}

void AccountPasswords::ask(const Account &a,
                           const std::function<void(std::optional<QByteArray>)> &then)
{
    bool ok = false;
    const QString text = QInputDialog::getText(
        m_dialogParent, QCoreApplication::translate("msim::ui::MainWindow", "Password"),
        QCoreApplication::translate("msim::ui::MainWindow", "Password for %1 on %2:")
            .arg(a.user, a.host),
        QLineEdit::Password, {}, &ok);
    if (!ok) {
        then(std::nullopt);
        return;
    }
    m_session.insert(a.id, text.toUtf8());
    then(text.toUtf8());
}

void AccountPasswords::set(const QString &accountId, const QByteArray &password, bool remember,
                           std::function<void(bool)> stored)
{
    m_session.insert(accountId, password);
    if (!remember)
        return;
    ++m_writing[accountId];
    QPointer<AccountPasswords> self(this);
    m_store->write(accountId, password, [self, accountId, stored](bool inKeyring) {
        if (stored)
            stored(inKeyring);
        if (!self || --self->m_writing[accountId] > 0)
            return;
        self->m_writing.remove(accountId);
        for (const auto &resume : self->m_waiting.take(accountId))
            resume();
    });
}

void AccountPasswords::update(const Account &a, bool wasRemembered, const QByteArray &typed)
{
    if (a.builtIn)
        return;
    const QByteArray password = typed.isEmpty() ? m_session.value(a.id) : typed;
    if (a.rememberPassword && !password.isEmpty() && (!typed.isEmpty() || !wasRemembered)) {
        set(a.id, password, true, [this](bool inKeyring) {
            Q_EMIT message(inKeyring ? tr("The password is kept in the system keyring")
                                     : tr("No system keyring: the password is kept for this "
                                          "session only"));
        });
        return;
    }
    if (!a.rememberPassword && wasRemembered)
        m_store->remove(a.id); // the keyring's copy; this session's stays below
    if (!password.isEmpty())
        m_session.insert(a.id, password);
}

void AccountPasswords::forget(const Account &a)
{
    if (a.rememberPassword)
        m_store->remove(a.id);
    m_session.remove(a.id);
}

} // namespace msim::ui
