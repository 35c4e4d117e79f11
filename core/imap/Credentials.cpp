// SPDX-License-Identifier: MIT
#include "imap/Credentials.h"

#include "imap/CommandBuilder.h"
#include "net/Transcript.h"

namespace msim::imap {

QByteArray Credentials::masked(QByteArray text) const
{
    if (password.size() < kMinMaskedSecretOctets)
        return text;
    for (const QByteArray &form : {password, CommandBuilder::base64(password),
                                   CommandBuilder::plainResponse(user, password)})
        text.replace(form, net::Transcript::kRedacted);
    return text;
}

} // namespace msim::imap
