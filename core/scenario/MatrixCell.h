// SPDX-License-Identifier: MIT
#pragma once

#include "fetch/FetchOutcome.h"

#include <optional>

namespace msim::scenario {

// One cell of the reproduction matrix: a transport x the chunking switch (x a chunk size).
struct MatrixCell
{
    net::Security security = net::Security::Ssl;
    bool fetchByChunks = true;
    std::optional<qint64> chunkSize; // null for the whole-message cells
    fetch::FetchOutcome result;

    // "ssl-chunks-6144" or "ssl-whole": the cell's report sub-folder.
    QString folderName() const
    {
        return net::securityName(security) +
               (fetchByChunks ? QStringLiteral("-chunks-%1").arg(chunkSize.value_or(0))
                              : QStringLiteral("-whole"));
    }
    // The verdict of the cell's (first) message, or "failed" when nothing was fetched.
    QString verdict() const
    {
        if (result.messages.isEmpty() || result.messages.first().chunks.isEmpty())
            return QStringLiteral("failed");
        return fetch::verdictName(result.messages.first().comparison.verdict);
    }
};

} // namespace msim::scenario
