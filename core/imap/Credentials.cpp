// SPDX-License-Identifier: MIT
#include "imap/Credentials.h"

#include "imap/CommandBuilder.h"
#include "net/Transcript.h"

namespace msim::imap {

QList<QByteArray> Credentials::secretForms() const
{
    if (password.size() < kMinMaskedSecretOctets)
        return {};
    return {password, CommandBuilder::base64(password),
            CommandBuilder::plainResponse(user, password)};
}

QByteArray Credentials::masked(QByteArray text) const
{
    for (const QByteArray &form : secretForms())
        text.replace(form, net::Transcript::kRedacted);
    return text;
}

} // namespace msim::imap
