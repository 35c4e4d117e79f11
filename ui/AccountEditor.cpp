// SPDX-License-Identifier: MIT
#include "ui/AccountEditor.h"

#include "net/TlsPolicy.h"
#include "ui/AccountDialog.h"
#include "ui/AccountPasswords.h"
#include "ui/CertificateDialog.h"
#include "ui/ServerPins.h"

namespace msim::ui {

std::optional<AccountEditor::Added> AccountEditor::askNew(QWidget *parent)
{
    Account a;
    a.host = QString();
    AccountDialog d(a, parent);
    if (d.exec() != QDialog::Accepted)
        return std::nullopt;
    const Account added = d.account();
    return Added{added, d.password(), added.rememberPassword};
}

bool AccountEditor::edit(Account &a, AccountPasswords &passwords, QWidget *parent)
{
    AccountDialog d(a, parent);
    if (d.exec() != QDialog::Accepted)
        return false;
    if (!a.builtIn && d.pins() != a.pins())
        ServerPins::setPins(a.host, a.port, d.pins()); // the server the dialog listed
    const bool wasRemembered = a.rememberPassword;
    a = d.account();
    passwords.update(a, wasRemembered, d.password());
    return true;
}

bool AccountEditor::removable(const Account *a, QString *why)
{
    if (a && !a->builtIn)
        return true;
    *why = tr("The built-in server's account stays; stop the server in its panel instead");
    return false;
}

bool AccountEditor::offerPin(const Account &a, const QSslCertificate &certificate,
                             const QStringList &reasons, QWidget *parent, QString *said)
{
    said->clear();
    if (a.builtIn)
        return false;
    const QString pin = net::TlsPolicy::formatPin(net::TlsPolicy::fingerprint(certificate));
    if (a.pins().contains(pin))
        return false; // pinned already and still refused: do not ask again
    if (!CertificateDialog::askToPin(certificate, reasons, a.host, a.port, parent)) {
        *said = tr("The certificate of %1 was not accepted; nothing was sent to the server.")
                    .arg(a.host);
        return false;
    }
    ServerPins::add(a.host, a.port, pin);
    *said = tr("Pinned %1 for %2:%3").arg(pin, a.host).arg(a.port);
    return true;
}

} // namespace msim::ui
