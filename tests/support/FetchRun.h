// SPDX-License-Identifier: MIT
#pragma once

#include "ScriptedServer.h"
#include "fetch/FetchRunner.h"

#include <QStringList>

#include <optional>

namespace msim::testsupport {

struct DovecotFixture;

// How the tests run the emulated client (fetch::FetchRunner, DESIGN.md §2 "Data flow") against
// a ScriptedServer, the built-in server or the Dovecot fixture: one FetchRequest shape for all,
// and a run that waits on the runner's finished() signal with a bound, never a sleep.

// How long runFetch() waits for the runner's finished() signal by default: far above any
// scripted run (each command times out after 5 s in loopbackRequest()).
inline constexpr int kFetchWaitMs = 20000;

// A request to 127.0.0.1:`port` in plain text as user test / secret (ScriptedServer's and the
// built-in server's login), 5 s per command, 1 s of drain, for the client `preset`
// (prefs::Presets name) with each "NAME=VALUE" of `sets` applied after it; fetches `uids`.
// Verify and \Seen restore stay on (FetchRequest's defaults).
fetch::FetchRequest loopbackRequest(quint16 port, const QString &preset, const QList<quint32> &uids,
                                    const QStringList &sets = {});

// A request to the built-in server listening at `plainPort` / `tlsPort` over `security` (Ssl:
// the TLS port), pinning the certificate whose SHA-256 is `fingerprint`; otherwise as
// loopbackRequest(). (Ports and fingerprint rather than the server, so that this header needs no
// emulator header.)
fetch::FetchRequest builtInRequest(quint16 plainPort, quint16 tlsPort,
                                   const QByteArray &fingerprint, net::Security security,
                                   const QString &preset, const QList<quint32> &uids);

// A request to the Dovecot fixture `fx` over `security` (Ssl: its implicit-TLS port; None and
// StartTls: its plain port), trusting its certificate file, as its user; preset and uids as
// loopbackRequest().
fetch::FetchRequest dovecotRequest(const DovecotFixture &fx, net::Security security,
                                   const QString &preset, const QList<quint32> &uids = {});

// Runs `req` to its end (with `clock` when given: the adaptive rule's wall clock) and returns
// its outcome; nullopt when the runner did not finish within `timeoutMs`. Callers QVERIFY the
// result, so a run that hangs fails the test instead of testing a half-done outcome.
[[nodiscard]] std::optional<fetch::FetchOutcome> runFetch(fetch::FetchRequest req,
                                                          const fetch::Clock *clock = nullptr,
                                                          int timeoutMs = kFetchWaitMs);

// runFetch(), cancelling the runner (a user pressing Esc) the moment connection `at` (0-based)
// of `server` reaches its W: step, i.e. while msim waits for a reply that has not come.
[[nodiscard]] std::optional<fetch::FetchOutcome> runFetchCancelled(ScriptedServer &server,
                                                                   fetch::FetchRequest req,
                                                                   int at = 0,
                                                                   int timeoutMs = kFetchWaitMs);

// Plays `scenarios` (one per connection, in order) on a fresh ScriptedServer while the client
// runs `req` against it (runFetch(), its port set to the server's). The outcome when the fetch
// finished and every scenario was played exactly to its end; otherwise nullopt, with *why
// saying which (the first mismatch, where each scenario stands, or the timeout).
[[nodiscard]] std::optional<fetch::FetchOutcome>
playFetch(const QList<ScriptedServer::Scenario> &scenarios, fetch::FetchRequest req, QString *why,
          const fetch::Clock *clock = nullptr);

} // namespace msim::testsupport
