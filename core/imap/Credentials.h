// SPDX-License-Identifier: MIT
#pragma once

#include "net/Transcript.h"

#include <QByteArray>
#include <QList>

namespace msim::imap {

// The user name and password a session logs in with (MESSENGER45.md §3), and the one rule for
// hiding the password in text msim records or shows (DESIGN.md §3).
struct Credentials
{
    QByteArray user;
    QByteArray password; // kept in memory only; every write of it is marked secret

    // `text` with the password and its base64 and AUTHENTICATE PLAIN forms replaced by
    // net::Transcript::kRedacted. A password shorter than kMinMaskedSecretOctets is left: masking
    // every occurrence of a one- to three-octet string would garble the text and still give the
    // password away.
    QByteArray masked(QByteArray text) const;
    // The forms masked(): the password, its base64 (AUTHENTICATE LOGIN) and the base64
    // AUTHENTICATE PLAIN response; empty when the password is shorter than
    // kMinMaskedSecretOctets. net::Transcript::setSecrets() takes them.
    QList<QByteArray> secretForms() const;
    static constexpr qsizetype kMinMaskedSecretOctets = net::Transcript::kMinSecretForm;
};

} // namespace msim::imap
