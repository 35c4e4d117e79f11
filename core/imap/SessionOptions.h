// SPDX-License-Identifier: MIT
#pragma once

#include "imap/CapabilityCache.h"
#include "imap/Credentials.h"
#include "net/Connection.h"

#include <memory>

namespace msim::imap {

// What an ImapSession connects to and how (DESIGN.md §4 CONNECTION; MESSENGER45.md §3 for the
// login prefs and the capability cache).
struct SessionOptions
{
    net::Endpoint endpoint;
    net::TlsPolicy tls;
    Credentials credentials;
    int connectTimeoutMs = 30000;
    int commandTimeoutMs = 30000; // silence allowed while a command (or the greeting) is pending
    int drainTimeoutMs = 1500;    // after a parse error, how long the analysis reads on
    // Pref mail.auth_login: `authenticate login` when the server advertises AUTH=LOGIN.
    bool authLogin = true;
    // The emulated client's capability cache (MESSENGER45.md §3), shared by all its sessions;
    // nullptr: none, every connection sends `capability`.
    std::shared_ptr<CapabilityCache> capabilityCache;
};

} // namespace msim::imap
