// SPDX-License-Identifier: MIT
#include "MaildirWriter.h"

#include <QDir>
#include <QFile>

namespace msim::testsupport {

bool writeMaildir(const QString &dir, const QList<emulator::CorpusMessage> &messages,
                  QString *error)
{
    QDir d;
    for (const char *sub : {"cur", "new", "tmp"}) {
        if (!d.mkpath(dir + QLatin1Char('/') + QLatin1String(sub))) {
            *error = QStringLiteral("cannot create %1/%2").arg(dir, QLatin1String(sub));
            return false;
        }
    }
    quint32 next = 1;
    QByteArray uidlist;
    for (const auto &m : messages) {
        const QByteArray base = QByteArray::number(900000000 + m.uid) + ".M" +
                                QByteArray::number(m.uid) + "P1.msim";
        QByteArray flags;
        for (const QByteArray &f : m.flags) {
            if (f == "\\Seen")
                flags += 'S';
            else if (f == "\\Answered")
                flags += 'R';
            else if (f == "\\Flagged")
                flags += 'F';
        }
        std::sort(flags.begin(), flags.end());
        QFile f(dir + QStringLiteral("/cur/") + QString::fromLatin1(base + ":2," + flags));
        if (!f.open(QIODevice::WriteOnly) || f.write(m.stored) != m.stored.size()) {
            *error = QStringLiteral("cannot write %1: %2").arg(f.fileName(), f.errorString());
            return false;
        }
        uidlist += QByteArray::number(m.uid) + " :" + base + '\n';
        next = std::max(next, m.uid + 1);
    }
    QFile ul(dir + QStringLiteral("/dovecot-uidlist"));
    if (!ul.open(QIODevice::WriteOnly)) {
        *error = QStringLiteral("cannot write %1: %2").arg(ul.fileName(), ul.errorString());
        return false;
    }
    ul.write("3 V" + QByteArray::number(emulator::Corpus::kUidValidity) + " N" +
             QByteArray::number(next) + " G0123456789abcdef0123456789abcdef\n");
    ul.write(uidlist);
    return true;
}

} // namespace msim::testsupport
