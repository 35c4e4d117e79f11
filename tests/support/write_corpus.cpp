// SPDX-License-Identifier: MIT
// msim-write-corpus DIR: writes the sample corpus as a Dovecot Maildir (used by
// scripts/dovecot-fixture so that Dovecot and the built-in server serve the same octets).
#include "MaildirWriter.h"

#include <QCoreApplication>
#include <QTextStream>

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.size() != 2) {
        QTextStream(stderr) << "usage: msim-write-corpus MAILDIR\n";
        return 2;
    }
    QString error;
    if (!msim::testsupport::writeMaildir(args[1], msim::emulator::Corpus::sample(), &error)) {
        QTextStream(stderr) << "msim-write-corpus: " << error << '\n';
        return 1;
    }
    return 0;
}
