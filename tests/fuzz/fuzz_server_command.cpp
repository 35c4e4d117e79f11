// SPDX-License-Identifier: MIT
// libFuzzer target: client bytes through the built-in server's command framing and parser
// (ServerCommandParser, SequenceSet, FetchAttribute). Nothing may crash, hang or allocate
// without bound; every command either parses or yields a BAD text.
#include "emulator/FetchAttribute.h"
#include "emulator/SequenceSet.h"
#include "emulator/ServerCommandParser.h"
#include "imap/ResponseFramer.h"

#include <cstdlib>

using namespace msim;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *bytes, size_t size)
{
    imap::ResponseFramer framer({64 * 1024, 256 * 1024, 1024 * 1024, 16});
    QList<imap::RawResponse> out;
    framer.feed(QByteArrayView(reinterpret_cast<const char *>(bytes), qsizetype(size)), out);
    for (const auto &raw : out) {
        const auto r = emulator::ServerCommandParser::parse(raw);
        if (!r.command && r.error.isEmpty())
            std::abort(); // a refusal must say why
        if (!r.command)
            continue;
        const auto &c = *r.command;
        if (c.tag.isEmpty() || c.name.isEmpty())
            std::abort();
        if (!c.args.isEmpty()) {
            if (auto set = emulator::SequenceSet::parse(c.args[0].text)) {
                // Resolved ranges lie in 1..max, ascending, disjoint and not adjacent.
                for (const quint32 max : {0u, 10u, 0xffffffffu}) {
                    quint64 next = 1;
                    for (const auto &r : set->ranges(max)) {
                        if (r.first < next || r.first > r.last || r.last > max)
                            std::abort();
                        next = quint64(r.last) + 2;
                    }
                }
            }
            QString why;
            if (c.args.size() > 1) {
                const auto attrs = emulator::FetchAttribute::parseList(c.args[1], &why);
                if (!attrs && why.isEmpty())
                    std::abort();
            }
        }
    }
    return 0;
}
