// SPDX-License-Identifier: MIT
#pragma once

#include <QString>

namespace msim::net {

// The NSS key log (SSLKEYLOGFILE, the format Firefox, curl and Wireshark share: CLIENT_RANDOM for
// TLS 1.2, CLIENT_HANDSHAKE_TRAFFIC_SECRET and the other TLS 1.3 secrets) of every TLS
// connection this process makes or serves, so that a capture taken with tcpdump decrypts in
// Wireshark (DESIGN.md §4 CAPTURE). OpenSSL's keylog callback is set on every SSL_CTX the
// process creates, msim's own (TlsContext) and Qt's (the built-in server's QSslSocket), through
// OpenSSL's SSL_CTX creation hook (CRYPTO_get_ex_new_index): Qt 6.4 offers no key log of its
// own. Lines are appended whole, one write(2) each, from any thread.
class KeyLog
{
public:
    // Opens $SSLKEYLOGFILE for appending (created owner-only, 0600; an existing file keeps its
    // mode) and logs the keys of every SSL_CTX created from now on. Call it first in main(),
    // before any TLS context exists. Returns false with *error set when the file cannot be
    // opened; true when the variable is unset or empty (nothing logged). *warning gets the one
    // line to print on stderr when keys are being logged. Idempotent.
    static bool enableFromEnvironment(QString *warning, QString *error);
    // Logs to `path` (the same as above with the variable's value); for tests and the GUI.
    static bool enable(const QString &path, QString *warning, QString *error);
    // The file keys go to, or empty.
    static QString path();
    // Lines written so far (for the report's notes).
    static quint64 linesWritten();
};

} // namespace msim::net
