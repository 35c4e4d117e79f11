#pragma once

#include <QString>

#include <optional>

namespace msim::testsupport {

// The private Dovecot that scripts/dovecot-fixture starts for the ctest fixture "dovecot"; its
// folder comes in MSIM_DOVECOT_DIR and its ports in fixture.env there.
struct DovecotFixture
{
    quint16 imapPort = 0;
    quint16 imapsPort = 0;
    QString certFile;
    QString maildir;
    QString user;
    QByteArray password;

    // nullopt with *why set when the fixture is not available.
    static std::optional<DovecotFixture> load(QString *why);
};

} // namespace msim::testsupport
