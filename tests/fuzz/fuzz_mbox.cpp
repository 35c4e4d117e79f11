// SPDX-License-Identifier: MIT
// libFuzzer target: an mbox file through emulator::mbox::split and served() (DESIGN.md §5: a
// corpus file is untrusted). Invariants: the limits hold, every message lies inside the file in
// order, served() adds no more than one CR per octet, and flags() gives at most the five system
// flags; folderInternalData() runs on every message.
#include "emulator/Mbox.h"

#include <cstdlib>

using namespace msim::emulator;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *bytes, size_t size)
{
    const QByteArrayView file(reinterpret_cast<const char *>(bytes), qsizetype(size));
    constexpr qint64 kMaxMessages = 64;
    constexpr qint64 kMaxOctets = 4096;
    QString error;
    const auto messages =
        mbox::split(file, QStringLiteral("fuzz.mbox"), kMaxMessages, kMaxOctets, &error);
    if (!messages) {
        if (error.isEmpty())
            std::abort();
        return 0;
    }
    if (messages->size() > kMaxMessages)
        std::abort();
    qint64 previous = -1;
    for (const mbox::Message &m : *messages) {
        if (m.offset <= previous || m.offset >= qint64(size) || m.stored.size() > kMaxOctets ||
            m.stored.size() > qint64(size))
            std::abort();
        previous = m.offset;
        const QByteArray served = mbox::served(m.stored);
        if (served.size() > 2 * m.stored.size() + 2)
            std::abort();
        if (mbox::flags(m.stored).size() > 5) // \Answered \Flagged \Deleted \Seen \Draft
            std::abort();
        (void)mbox::folderInternalData(m.stored);
    }
    return 0;
}
