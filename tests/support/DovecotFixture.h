// SPDX-License-Identifier: MIT
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

// In initTestCase(): loads the fixture into `fx` (a DovecotFixture member) or fails the test
// with the reason (the ctest fixture "dovecot" did not run, or its ports file is unreadable).
#define MSIM_LOAD_DOVECOT(fx)                                                                      \
    do {                                                                                           \
        QString why_;                                                                              \
        const auto loaded_ = msim::testsupport::DovecotFixture::load(&why_);                       \
        QVERIFY2(loaded_, qPrintable(why_));                                                       \
        (fx) = *loaded_;                                                                           \
    } while (false)
