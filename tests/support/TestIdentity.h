// SPDX-License-Identifier: MIT
#pragma once

#include "emulator/CertificateMint.h"

namespace msim::testsupport {

// One self-signed TLS identity for the built-in server, minted by emulator::CertificateMint on
// first use and shared by every server a test process starts (minting an RSA key per test
// would only cost time). Aborts the process (qFatal) when minting fails: no test can run then.
const emulator::TlsIdentity &testIdentity();

} // namespace msim::testsupport
