// SPDX-License-Identifier: MIT
#pragma once

#include <QDialog>
#include <QSslCertificate>
#include <QStringList>

class QPushButton;

namespace msim::ui {

// Asks the user about a certificate the TLS policy refused (DESIGN.md §4 TLS trust): subject,
// issuer, validity (expired / not yet valid flagged), alternative names, the SHA-256 of the DER
// as --pin takes it, said to be host:port's, with Copy (FingerprintView), and why it was
// refused, with the warning that a pin trusts exactly this certificate for this server whatever
// its chain, name and dates. Nothing is accepted silently: Cancel is the default, Escape
// cancels, and only "Pin and connect" pins. The buttons are findable by objectName
// ("pinButton", "cancelButton").
class CertificateDialog : public QDialog
{
    Q_OBJECT
public:
    CertificateDialog(const QSslCertificate &certificate, const QStringList &reasons,
                      const QString &host, quint16 port, QWidget *parent = nullptr);

    QByteArray fingerprint() const; // SHA-256 of the DER (net::TlsPolicy::fingerprint)
    QSslCertificate certificate() const { return m_certificate; }

    // Shows it modally; true when the user chose to pin exactly this certificate for host:port.
    static bool askToPin(const QSslCertificate &certificate, const QStringList &reasons,
                         const QString &host, quint16 port, QWidget *parent);

    // "CN=localhost, O=msim built-in IMAP server": a certificate name as one line.
    static QString describeName(const QSslCertificate &certificate, bool issuer);

private:
    QSslCertificate m_certificate;
    QPushButton *m_pin = nullptr;
    QPushButton *m_cancel = nullptr;
};

} // namespace msim::ui
