// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QString>
#include <QWidget>

class QLabel;
class QPushButton;

namespace msim::ui {

// A certificate's SHA-256 fingerprint as the user sees and copies it, the same everywhere
// (DESIGN.md §4 TLS trust): whose certificate it is ("fingerprintOwnerLabel"), then the
// fingerprint in exactly the form `--pin` takes and `msim-cli serve` prints,
// "sha256:<lowercase hex>" (net::TlsPolicy::formatPin), in a fixed-width font over two lines
// ("sha256:" and 32 digits, then 32 digits) so it fits a narrow dock; the text without its line
// break is the pin ("fingerprintLabel"). Copy ("copyFingerprintButton") puts the pin, in one
// piece, on the clipboard.
class FingerprintView : public QWidget
{
    Q_OBJECT
public:
    // `copyText` is the button's text with its mnemonic ("&Copy"), free in the parent window.
    explicit FingerprintView(const QString &copyText, QWidget *parent = nullptr);

    // Shows `sha256` (32 octets) as the certificate of `owner` ("imap.example.com:993").
    void setFingerprint(const QByteArray &sha256, const QString &owner);
    // Shows no fingerprint: `placeholder` instead, Copy disabled.
    void clear(const QString &placeholder);
    QString pin() const { return m_pin; } // what Copy copies; empty when cleared

    // "sha256:<32 hex>\n<32 hex>": the pin in two lines (shorter pins unchanged).
    static QString twoLines(const QString &pin);

Q_SIGNALS:
    void copied(const QString &pin);

private:
    QLabel *m_owner;
    QLabel *m_fingerprint;
    QPushButton *m_copy;
    QString m_pin;
};

} // namespace msim::ui
