// SPDX-License-Identifier: MIT
#include "ServeListeners.h"

#include <QRegularExpression>

namespace msim::testsupport {

std::optional<ServeListeners> readServeListeners(QProcess &serve, QString *text)
{
    QByteArray lines;
    while (lines.count('\n') < 2 && serve.waitForReadyRead(30000))
        lines += serve.readAllStandardOutput();
    *text = QString::fromUtf8(lines);
    const auto plain = QRegularExpression(QStringLiteral("^listening imap 127\\.0\\.0\\.1:(\\d+)$"),
                                          QRegularExpression::MultilineOption)
                           .match(*text);
    const auto tls =
        QRegularExpression(
            QStringLiteral("^listening imaps 127\\.0\\.0\\.1:(\\d+) (sha256:[0-9a-f]{64})$"),
            QRegularExpression::MultilineOption)
            .match(*text);
    if (!plain.hasMatch() || !tls.hasMatch())
        return std::nullopt;
    return ServeListeners{quint16(plain.captured(1).toUInt()), quint16(tls.captured(1).toUInt()),
                          tls.captured(2)};
}

} // namespace msim::testsupport
