// SPDX-License-Identifier: MIT
#pragma once

#include "ui/Account.h"

#include <QDialog>

class QCheckBox;
class QComboBox;
class QLineEdit;
class QListWidget;
class QSpinBox;

namespace msim::ui {

// Adds or edits an account: host, port, security (none / STARTTLS / SSL), user, password (kept
// in the keyring when "remember" is ticked — the tick is the account's — or for the session
// only, never in a file), the TLS trust (CA file, name to verify, the pins of the server the
// account had when the dialog opened, shared by its accounts — a pin is only ever added from the
// certificate dialog, and removed here), and --tls-legacy.
class AccountDialog : public QDialog
{
    Q_OBJECT
public:
    explicit AccountDialog(const Account &account, QWidget *parent = nullptr);

    Account account() const;
    QByteArray password() const; // empty: unchanged / ask when needed
    bool rememberPassword() const;
    // The pins left in the list: for the server (host:port) the account had when it opened.
    QStringList pins() const;

private:
    void updatePortForSecurity();

    Account m_account;
    QLineEdit *m_name;
    QLineEdit *m_host;
    QSpinBox *m_port;
    QComboBox *m_security;
    QLineEdit *m_user;
    QLineEdit *m_password;
    QCheckBox *m_remember;
    QLineEdit *m_caFile;
    QLineEdit *m_tlsName;
    QCheckBox *m_legacy;
    QListWidget *m_pins;
};

} // namespace msim::ui
