// SPDX-License-Identifier: MIT
#pragma once

#include "emulator/Corpus.h"

#include <QString>

namespace msim::testsupport {

// Writes a corpus as a Dovecot Maildir with fixed UIDs (a dovecot-uidlist naming each file), so
// that Dovecot serves exactly the octets of core/emulator/Corpus under the same UIDs.
bool writeMaildir(const QString &dir, const QList<emulator::CorpusMessage> &messages,
                  QString *error);

} // namespace msim::testsupport
