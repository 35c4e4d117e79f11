#pragma once

#include <QString>

#include <optional>

namespace msim::testsupport {

// The private Dovecot that scripts/dovecot-fixture starts for the ctest fixture "dovecot"; its
// folder comes in MSIM_DOVECOT_DIR and its ports in fixture.env there. User `user` has the
// sample corpus in its Maildir INBOX; user `mboxUser` (same password) has one mbox mailbox per
// tests/data/mbox file, named as the file (copies in `mboxDir`).
struct DovecotFixture
{
    quint16 imapPort = 0;
    quint16 imapsPort = 0;
    QString certFile;
    QString maildir;
    QString user;
    QString mboxUser;
    QString mboxDir;
    QByteArray password;

    // nullopt with *why set when the fixture is not available.
    static std::optional<DovecotFixture> load(QString *why);
};

} // namespace msim::testsupport
