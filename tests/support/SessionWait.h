// SPDX-License-Identifier: MIT
#pragma once

#include "imap/ImapSession.h"

namespace msim::testsupport {

// Options for an imap::ImapSession to 127.0.0.1:`port` over `security` as user test / secret
// (ScriptedServer's and the built-in server's login): 5 s per command, 1 s of drain after a
// parse error, so a scripted mistake fails fast.
imap::SessionOptions loopbackOptions(quint16 port, net::Security security = net::Security::None);

// Opens `s` and waits (on the event loop, at most `timeoutMs`) for whichever of opened() and
// errorOccurred() comes first; true when the session opened. Callers QVERIFY it.
[[nodiscard]] bool openSession(imap::ImapSession &s, int timeoutMs = 15000);

} // namespace msim::testsupport
