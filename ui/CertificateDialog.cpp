// SPDX-License-Identifier: MIT
#include "ui/CertificateDialog.h"

#include "net/TlsPolicy.h"
#include "ui/FingerprintView.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QStyle>
#include <QVBoxLayout>

namespace msim::ui {

namespace {

QString utc(const QDateTime &t)
{
    return t.isValid() ? t.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss 'UTC'"))
                       : QCoreApplication::translate("msim::ui::CertificateDialog", "(none)");
}

QLabel *valueLabel(const QString &text, QWidget *parent)
{
    auto *l = new QLabel(text, parent);
    l->setTextFormat(Qt::PlainText);
    l->setWordWrap(true);
    l->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    return l;
}

} // namespace

QString CertificateDialog::describeName(const QSslCertificate &certificate, bool issuer)
{
    static const QList<QPair<QSslCertificate::SubjectInfo, QLatin1String>> parts = {
        {QSslCertificate::CommonName, QLatin1String("CN")},
        {QSslCertificate::Organization, QLatin1String("O")},
        {QSslCertificate::OrganizationalUnitName, QLatin1String("OU")},
        {QSslCertificate::LocalityName, QLatin1String("L")},
        {QSslCertificate::StateOrProvinceName, QLatin1String("ST")},
        {QSslCertificate::CountryName, QLatin1String("C")},
    };
    QStringList out;
    for (const auto &[info, key] : parts) {
        const QStringList values =
            issuer ? certificate.issuerInfo(info) : certificate.subjectInfo(info);
        for (const QString &v : values)
            out << key + QLatin1Char('=') + v;
    }
    if (out.isEmpty())
        return tr("(empty)");
    return out.join(QStringLiteral(", "));
}

CertificateDialog::CertificateDialog(const QSslCertificate &certificate, const QStringList &reasons,
                                     const QString &host, quint16 port, QWidget *parent)
    : QDialog(parent)
    , m_certificate(certificate)
{
    const QString server = host + QLatin1Char(':') + QString::number(port);
    setWindowTitle(tr("Untrusted certificate: %1").arg(server));
    setObjectName(QStringLiteral("certificateDialog"));

    auto *heading = new QLabel(
        tr("<b>%1 presented a certificate msim does not trust.</b>").arg(server.toHtmlEscaped()),
        this);
    heading->setWordWrap(true);

    auto *form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    form->setRowWrapPolicy(QFormLayout::DontWrapRows);
    const QString subject = describeName(certificate, false);
    const QString issuer = describeName(certificate, true);
    auto *subjectLabel = valueLabel(subject, this);
    subjectLabel->setObjectName(QStringLiteral("subjectLabel"));
    form->addRow(tr("Subject:"), subjectLabel);
    // QSslCertificate::isSelfSigned() also wants the key usage of a CA; a leaf that names itself
    // as its issuer is self-signed for the user's purposes too.
    const bool selfSigned =
        certificate.isSelfSigned() || (!certificate.isNull() && issuer == subject);
    auto *issuerLabel = valueLabel(selfSigned ? tr("%1 (self-signed)").arg(issuer) : issuer, this);
    issuerLabel->setObjectName(QStringLiteral("issuerLabel"));
    form->addRow(tr("Issuer:"), issuerLabel);

    const QDateTime now = QDateTime::currentDateTimeUtc();
    const QDateTime from = certificate.effectiveDate();
    const QDateTime until = certificate.expiryDate();
    auto *fromLabel = valueLabel(utc(from), this);
    fromLabel->setObjectName(QStringLiteral("validFromLabel"));
    auto *untilLabel = valueLabel(utc(until), this);
    untilLabel->setObjectName(QStringLiteral("validUntilLabel"));
    const QString flag = QStringLiteral("QLabel { color: #b91c1c; font-weight: bold; }");
    if (from.isValid() && now < from) {
        fromLabel->setText(tr("%1: NOT YET VALID").arg(utc(from)));
        fromLabel->setStyleSheet(flag);
    }
    if (until.isValid() && now > until) {
        untilLabel->setText(tr("%1: EXPIRED").arg(utc(until)));
        untilLabel->setStyleSheet(flag);
    }
    form->addRow(tr("Valid from:"), fromLabel);
    form->addRow(tr("Valid until:"), untilLabel);

    QStringList names;
    const auto sans = certificate.subjectAlternativeNames();
    for (auto it = sans.cbegin(); it != sans.cend(); ++it) {
        switch (it.key()) {
        case QSsl::DnsEntry:
            names << QStringLiteral("DNS:") + it.value();
            break;
        case QSsl::EmailEntry:
            names << QStringLiteral("email:") + it.value();
            break;
        case QSsl::IpAddressEntry:
            names << QStringLiteral("IP:") + it.value();
            break;
        }
    }
    auto *sanLabel =
        valueLabel(names.isEmpty() ? tr("(none)") : names.join(QStringLiteral(", ")), this);
    sanLabel->setObjectName(QStringLiteral("namesLabel"));
    form->addRow(tr("Names:"), sanLabel);

    // Whose it is said at the fingerprint: the dock beside this dialog shows the built-in
    // server's, another server's certificate.
    auto *fp = new FingerprintView(tr("Cop&y"), this);
    fp->setFingerprint(fingerprint(), tr("The certificate of %1, as --pin takes it:").arg(server));
    form->addRow(tr("SHA-256:"), fp);

    QStringList why;
    for (const QString &r : reasons)
        why << QStringLiteral("• ") + r;
    auto *reasonsLabel =
        valueLabel(why.isEmpty() ? tr("(no reason given)") : why.join(QLatin1Char('\n')), this);
    reasonsLabel->setObjectName(QStringLiteral("reasonsLabel"));
    form->addRow(tr("Refused because:"), reasonsLabel);

    auto *warningIcon = new QLabel(this);
    const int iconSize = style()->pixelMetric(QStyle::PM_MessageBoxIconSize, nullptr, this);
    warningIcon->setPixmap(
        style()->standardIcon(QStyle::SP_MessageBoxWarning, nullptr, this).pixmap(iconSize));
    warningIcon->setAlignment(Qt::AlignTop);
    auto *warning = valueLabel(
        tr("Pinning trusts exactly this certificate for %1, whatever its chain, name and dates: "
           "msim will connect to this server while it presents this certificate, and the "
           "report will list what the pin overrode. Pin it only if you know this is the server "
           "you mean to test: compare the fingerprint with the one the administrator of %1 "
           "gives you (an msim server prints it in its \"listening imaps\" line).")
            .arg(server),
        this);
    warning->setObjectName(QStringLiteral("warningLabel"));
    auto *warningRow = new QHBoxLayout;
    warningRow->addWidget(warningIcon, 0, Qt::AlignTop);
    warningRow->addWidget(warning, 1);

    auto *buttons = new QDialogButtonBox(this);
    m_pin = buttons->addButton(tr("&Pin and connect"), QDialogButtonBox::AcceptRole);
    m_pin->setObjectName(QStringLiteral("pinButton"));
    m_pin->setAutoDefault(false);
    m_pin->setDefault(false);
    m_cancel = buttons->addButton(QDialogButtonBox::Cancel);
    m_cancel->setObjectName(QStringLiteral("cancelButton"));
    m_cancel->setAutoDefault(true);
    m_cancel->setDefault(true);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(heading);
    layout->addLayout(form);
    layout->addSpacing(6);
    layout->addLayout(warningRow);
    layout->addWidget(buttons);
    m_cancel->setFocus();
    setMinimumWidth(560);
}

QByteArray CertificateDialog::fingerprint() const
{
    return net::TlsPolicy::fingerprint(m_certificate);
}

bool CertificateDialog::askToPin(const QSslCertificate &certificate, const QStringList &reasons,
                                 const QString &host, quint16 port, QWidget *parent)
{
    CertificateDialog dialog(certificate, reasons, host, port, parent);
    return dialog.exec() == QDialog::Accepted;
}

} // namespace msim::ui
