// SPDX-License-Identifier: MIT
#include "TestIdentity.h"

namespace msim::testsupport {

const emulator::TlsIdentity &testIdentity()
{
    static const emulator::TlsIdentity id = [] {
        QString err;
        auto i = emulator::CertificateMint::mint({}, &err);
        if (!i)
            qFatal("cannot mint: %s", qPrintable(err));
        return *i;
    }();
    return id;
}

} // namespace msim::testsupport
