// SPDX-License-Identifier: MIT
#pragma once

#include <QLoggingCategory>

namespace msim::fetch {

// The `msim.fetch` logging category: traces msim's own fetch state machines (the FetchRunner's
// steps, each job's state: OpenSessionJob, HeaderDownloadJob, ReferenceCopyJob,
// SeenRestoreJob). Never a password or a literal's octets. Debug lines are off by default;
// QT_LOGGING_RULES="msim.*=true" (or "msim.fetch.debug=true") turns them on.
Q_DECLARE_LOGGING_CATEGORY(lcFetch)

} // namespace msim::fetch
