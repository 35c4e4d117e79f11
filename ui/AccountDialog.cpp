// SPDX-License-Identifier: MIT
#include "ui/AccountDialog.h"

#include "ui/PasswordStore.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSpinBox>
#include <QUuid>

namespace msim::ui {

AccountDialog::AccountDialog(const Account &account, QWidget *parent)
    : QDialog(parent)
    , m_account(account)
{
    setWindowTitle(account.id.isEmpty() ? tr("Add account") : tr("Edit account"));
    auto *form = new QFormLayout;
    m_name = new QLineEdit(account.name);
    m_name->setPlaceholderText(tr("e.g. Customer 4711 (Exchange 5.5)"));
    m_host = new QLineEdit(account.host);
    m_port = new QSpinBox;
    m_port->setRange(1, 65535);
    m_port->setValue(account.port);
    m_security = new QComboBox;
    m_security->addItem(tr("SSL (implicit TLS, port 993)"), int(net::Security::Ssl));
    m_security->addItem(tr("STARTTLS (port 143)"), int(net::Security::StartTls));
    m_security->addItem(tr("None: plain text (port 143)"), int(net::Security::None));
    m_security->setCurrentIndex(m_security->findData(int(account.security)));
    connect(m_security, &QComboBox::currentIndexChanged, this, &AccountDialog::updatePortForSecurity);
    m_user = new QLineEdit(account.user);
    m_password = new QLineEdit;
    m_password->setEchoMode(QLineEdit::Password);
    m_password->setPlaceholderText(account.id.isEmpty() ? tr("asked when needed if left empty")
                                                        : tr("unchanged if left empty"));
    m_remember = new QCheckBox(tr("Keep it in the system keyring (otherwise for this session only)"));
    m_remember->setObjectName(QStringLiteral("rememberCheck"));
    m_remember->setChecked(account.rememberPassword);
    if (!PasswordStore::secretServiceRunning()) {
        // Never started for msim: the tick is kept as the user left it, for a later session.
        m_remember->setEnabled(false);
        m_remember->setToolTip(tr("No system keyring (Secret Service) is running: the password "
                                  "is kept for this session only"));
    }
    m_caFile = new QLineEdit(account.caFile);
    m_caFile->setPlaceholderText(tr("optional: also trust these CA certificates (PEM)"));
    auto *browse = new QPushButton(tr("Browse…"));
    connect(browse, &QPushButton::clicked, this, [this] {
        const QString f = QFileDialog::getOpenFileName(this, tr("CA certificates (PEM)"), {},
                                                       tr("PEM files (*.pem *.crt);;All files (*)"));
        if (!f.isEmpty())
            m_caFile->setText(f);
    });
    auto *caRow = new QHBoxLayout;
    caRow->addWidget(m_caFile);
    caRow->addWidget(browse);
    m_tlsName = new QLineEdit(account.tlsName);
    m_tlsName->setPlaceholderText(tr("optional: the name to verify when the host is an address"));
    m_legacy = new QCheckBox(tr("Allow TLS 1.0/1.1 and weak ciphers (1990s servers; reported)"));
    m_legacy->setChecked(account.tlsLegacy);
    m_pins = new QListWidget;
    m_pins->setObjectName(QStringLiteral("pinsList"));
    m_pins->addItems(account.pins());
    m_pins->setMaximumHeight(70);
    auto *unpin = new QPushButton(tr("Remove pin"));
    connect(unpin, &QPushButton::clicked, this, [this] { delete m_pins->currentItem(); });
    auto *pinRow = new QHBoxLayout;
    pinRow->addWidget(m_pins);
    pinRow->addWidget(unpin, 0, Qt::AlignTop);

    form->addRow(tr("Name"), m_name);
    form->addRow(tr("Host"), m_host);
    form->addRow(tr("Security"), m_security);
    form->addRow(tr("Port"), m_port);
    form->addRow(tr("User"), m_user);
    form->addRow(tr("Password"), m_password);
    form->addRow(QString(), m_remember);
    form->addRow(tr("CA file"), caRow);
    form->addRow(tr("TLS name"), m_tlsName);
    form->addRow(QString(), m_legacy);
    form->addRow(tr("Pinned certificates\n(this server's, for all\nits accounts)"), pinRow);
    auto *hint = new QLabel(tr("A self-signed certificate is never accepted silently: msim shows it "
                               "and asks whether to pin exactly that certificate."));
    hint->setWordWrap(true);
    form->addRow(hint);
    if (account.builtIn) {
        for (QWidget *w : {static_cast<QWidget *>(m_host), static_cast<QWidget *>(m_port),
                           static_cast<QWidget *>(m_user), static_cast<QWidget *>(m_password)})
            w->setEnabled(false);
        m_remember->setEnabled(false);
        unpin->setEnabled(false); // the built-in server's pin follows its certificate
    }
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    connect(buttons, &QDialogButtonBox::accepted, this, [this] {
        if (m_host->text().trimmed().isEmpty() || m_user->text().trimmed().isEmpty()) {
            m_host->setFocus();
            return;
        }
        accept();
    });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(buttons);
    resize(560, sizeHint().height());
}

void AccountDialog::updatePortForSecurity()
{
    const auto sec = net::Security(m_security->currentData().toInt());
    if (m_port->value() == net::defaultPort(net::Security::Ssl) ||
        m_port->value() == net::defaultPort(net::Security::None))
        m_port->setValue(net::defaultPort(sec));
}

Account AccountDialog::account() const
{
    Account a = m_account;
    if (a.id.isEmpty())
        a.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    a.host = m_host->text().trimmed();
    a.port = quint16(m_port->value());
    a.security = net::Security(m_security->currentData().toInt());
    a.user = m_user->text().trimmed();
    a.name = m_name->text().trimmed().isEmpty() ? QStringLiteral("%1@%2").arg(a.user, a.host)
                                                : m_name->text().trimmed();
    a.caFile = m_caFile->text().trimmed();
    a.tlsName = m_tlsName->text().trimmed();
    a.tlsLegacy = m_legacy->isChecked();
    a.rememberPassword = !a.builtIn && m_remember->isChecked();
    return a;
}

QByteArray AccountDialog::password() const
{
    return m_password->text().toUtf8();
}

QStringList AccountDialog::pins() const
{
    QStringList out;
    for (int i = 0; i < m_pins->count(); ++i)
        out << m_pins->item(i)->text();
    return out;
}

bool AccountDialog::rememberPassword() const
{
    return m_remember->isChecked();
}

} // namespace msim::ui
