// SPDX-License-Identifier: MIT
#include "prefs/PrefsJs.h"

#include "prefs/Logging.h"
#include "prefs/Prefs.h"
#include "prefs/PrefsJsDecoder.h"
#include "prefs/PrefsJsQuote.h"
#include "prefs/PrefsJsReader.h"
#include "prefs/PrefsJsWriter.h"

#include <QFile>
#include <QSaveFile>

namespace msim::prefs {

PrefsJsReadResult PrefsJs::parse(QByteArrayView bytes)
{
    if (bytes.size() > kMaxFileOctets) {
        PrefsJsReadResult result;
        result.issues.append({0,
                              QStringLiteral("the file is ") + QString::number(bytes.size()) +
                                  QStringLiteral(" bytes, over msim's limit of ") +
                                  QString::number(kMaxFileOctets) +
                                  QStringLiteral(" for a prefs.js; nothing was read"),
                              QString()});
        return result;
    }
    const PrefsJsDecoder::Decoded decoded = PrefsJsDecoder::decode(bytes);
    PrefsJsReadResult result = PrefsJsReader(decoded.utf8).run();
    result.encoding = decoded.encoding;
    result.latin1 = decoded.latin1;
    return result;
}

std::optional<PrefsJsReadResult> PrefsJs::readFile(const QString &path, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        if (error)
            *error =
                QStringLiteral("cannot open ") + path + QStringLiteral(": ") + file.errorString();
        return std::nullopt;
    }
    const QByteArray data = file.read(kMaxFileOctets + 1);
    if (file.error() != QFileDevice::NoError) {
        if (error)
            *error =
                QStringLiteral("cannot read ") + path + QStringLiteral(": ") + file.errorString();
        return std::nullopt;
    }
    if (data.size() > kMaxFileOctets) {
        if (error) {
            *error = path + QStringLiteral(" is larger than ") + QString::number(kMaxFileOctets) +
                     QStringLiteral(" bytes, msim's limit for a prefs.js (a real one is under a "
                                    "megabyte); not read");
        }
        return std::nullopt;
    }
    PrefsJsReadResult result = parse(data);
    qCDebug(lcPrefs) << "read" << path << "as" << result.encoding << "with"
                     << result.statements.size() << "statements and"
                     << result.issues.size() + result.unlistedIssues << "issues";
    return result;
}

QByteArray PrefsJs::write(const QList<PrefsJsStatement> &statements, bool latin1)
{
    return PrefsJsWriter::write(statements, latin1);
}

QString PrefsJs::issueLine(const QString &path, const PrefsJsIssue &issue)
{
    QString line = path;
    if (issue.line > 0)
        line += QStringLiteral(" line ") + QString::number(issue.line);
    line += QStringLiteral(": ") + issue.message;
    const QString raw = PrefsJsQuote::line(issue.text.trimmed());
    if (raw.isEmpty())
        return line;
    return line + QStringLiteral(" (the line: ") + raw + u')';
}

QByteArray PrefsJs::write(const Prefs &prefs)
{
    return write(prefs.statements(), prefs.writesLatin1());
}

bool PrefsJs::writeFile(const QString &path, const Prefs &prefs, bool backup, WriteResult *result,
                        QString *error)
{
    const auto failed = [&](const QString &what, const QString &why) {
        if (error)
            *error = what + path + QStringLiteral(": ") + why;
        return false;
    };
    const QList<PrefsJsStatement> statements = prefs.statements();
    const QByteArray data = write(statements, prefs.writesLatin1());
    QString kept;
    if (backup && QFile::exists(path)) {
        // Never lose the file being replaced: path.bak, or when that holds something else
        // (an older copy, kept too), path.bak.1, path.bak.2, ...
        QFile original(path);
        if (!original.open(QIODevice::ReadOnly))
            return failed(QStringLiteral("cannot read "), original.errorString());
        const QByteArray old = original.readAll();
        original.close();
        for (int n = 0; n <= kMaxBackups && kept.isEmpty(); ++n) {
            const QString bak =
                path + QStringLiteral(".bak") + (n == 0 ? QString() : u'.' + QString::number(n));
            QFile existing(bak);
            if (!existing.exists()) {
                if (!original.copy(bak))
                    return failed(QStringLiteral("cannot keep a copy of "), original.errorString());
                kept = bak;
            } else if (existing.size() == old.size() && existing.open(QIODevice::ReadOnly) &&
                       existing.readAll() == old) {
                kept = bak; // the same octets are kept already
            }
        }
        if (kept.isEmpty()) {
            return failed(QStringLiteral("not replaced: "),
                          QStringLiteral("%1.bak to %1.bak.%2 are all taken, so no copy of it "
                                         "could be kept")
                              .arg(path)
                              .arg(kMaxBackups));
        }
    }
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return failed(QStringLiteral("cannot write "), file.errorString());
    if (file.write(data) != data.size() || !file.commit())
        return failed(QStringLiteral("cannot write "), file.errorString());
    qCDebug(lcPrefs) << "wrote" << path << "with" << statements.size() << "statements"
                     << (prefs.writesLatin1() ? "in Latin-1" : "in UTF-8")
                     << (kept.isEmpty() ? QString() : QStringLiteral("keeping ") + kept);
    if (result) {
        result->statements = int(statements.size());
        result->backup = kept;
    }
    return true;
}

} // namespace msim::prefs
