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
    if (m_session.contains(a.id)) {
        then(m_session.value(a.id));
        return;
    }
    QPointer<AccountPasswords> self(this);
    m_store->read(a.id, [self, a, then](std::optional<QByteArray> pw) {
        if (!self)
            return;
        if (pw) {
            then(pw);
            return;
        }
        bool ok = false;
        const QString text = QInputDialog::getText(
            self->m_dialogParent, QCoreApplication::translate("msim::ui::MainWindow", "Password"),
            QCoreApplication::translate("msim::ui::MainWindow", "Password for %1 on %2:")
                .arg(a.user, a.host),
            QLineEdit::Password, {}, &ok);
        if (!ok) {
            then(std::nullopt);
            return;
        }
        self->m_session.insert(a.id, text.toUtf8());
        then(text.toUtf8());
    });
}

void AccountPasswords::set(const QString &accountId, const QByteArray &password, bool remember,
                           std::function<void(bool)> stored)
{
    m_session.insert(accountId, password);
    if (remember)
        m_store->write(accountId, password, std::move(stored));
}

void AccountPasswords::forget(const QString &accountId)
{
    m_store->remove(accountId);
    m_session.remove(accountId);
}

} // namespace msim::ui
