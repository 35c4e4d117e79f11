// SPDX-License-Identifier: MIT
#include "DovecotFixture.h"

#include <QFile>
#include <QHash>

namespace msim::testsupport {

std::optional<DovecotFixture> DovecotFixture::load(QString *why)
{
    const QString dir = qEnvironmentVariable("MSIM_DOVECOT_DIR");
    if (dir.isEmpty()) {
        *why = QStringLiteral("MSIM_DOVECOT_DIR is not set (run through ctest, which starts the "
                              "Dovecot fixture)");
        return std::nullopt;
    }
    QFile env(dir + QStringLiteral("/fixture.env"));
    if (!env.open(QIODevice::ReadOnly)) {
        *why = QStringLiteral("cannot read %1: %2").arg(env.fileName(), env.errorString());
        return std::nullopt;
    }
    QHash<QString, QString> kv;
    for (const QByteArray &line : env.readAll().split('\n')) {
        const qsizetype eq = line.indexOf('=');
        if (eq > 0)
            kv.insert(QString::fromUtf8(line.left(eq)), QString::fromUtf8(line.mid(eq + 1)));
    }
    DovecotFixture f;
    f.imapPort = kv.value(QStringLiteral("IMAP_PORT")).toUShort();
    f.imapsPort = kv.value(QStringLiteral("IMAPS_PORT")).toUShort();
    f.certFile = kv.value(QStringLiteral("CERT"));
    f.maildir = kv.value(QStringLiteral("MAILDIR"));
    f.user = kv.value(QStringLiteral("USER"));
    f.mboxUser = kv.value(QStringLiteral("MBOX_USER"));
    f.mboxDir = kv.value(QStringLiteral("MBOX_DIR"));
    QFile pw(kv.value(QStringLiteral("PASSWORD_FILE")));
    if (!pw.open(QIODevice::ReadOnly) || f.imapPort == 0 || f.imapsPort == 0) {
        *why = QStringLiteral("the fixture in %1 is incomplete").arg(dir);
        return std::nullopt;
    }
    f.password = pw.readAll();
    return f;
}

} // namespace msim::testsupport
