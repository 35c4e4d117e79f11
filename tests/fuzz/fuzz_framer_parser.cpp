// SPDX-License-Identifier: MIT
// libFuzzer target: the server byte stream through ResponseFramer and ResponseParser. The first
// input byte chooses how the rest is split into feeds, so framing is fuzzed at every boundary.
// Invariants checked: offsets are monotonic and inside the stream, literal sizes match what
// the framer announced (RawResponse::announcements), and feeding the same bytes in one piece gives
// the same responses.
#include "imap/ResponseFramer.h"
#include "imap/ResponseParser.h"

#include <cstdlib>

using namespace msim::imap;

static QList<RawResponse> frameAll(QByteArrayView data, size_t step, bool &ok)
{
    ResponseFramer f;
    QList<RawResponse> out;
    ok = true;
    for (qsizetype i = 0; i < data.size() && ok; i += qsizetype(step))
        ok = f.feed(data.sliced(i, std::min<qsizetype>(qsizetype(step), data.size() - i)), out);
    return out;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *bytes, size_t size)
{
    if (size < 1)
        return 0;
    const size_t step = 1 + bytes[0] % 17;
    const QByteArrayView data(reinterpret_cast<const char *>(bytes + 1), qsizetype(size - 1));
    bool okSplit = false;
    bool okWhole = false;
    const QList<RawResponse> split = frameAll(data, step, okSplit);
    const QList<RawResponse> whole = frameAll(data, size, okWhole);
    if (split.size() != whole.size() || okSplit != okWhole)
        std::abort();
    qint64 last = 0;
    for (qsizetype i = 0; i < split.size(); ++i) {
        const RawResponse &r = split[i];
        if (r.offset < last || r.end < r.offset || r.end > data.size())
            std::abort();
        if (r.lines != whole[i].lines || r.literals != whole[i].literals)
            std::abort();
        if (r.literals.size() != r.literalOffsets.size() || r.lines.size() != r.literals.size() + 1)
            std::abort();
        // Each literal is announced once, where it ends its line, with the length that arrived.
        if (r.announcements != whole[i].announcements ||
            r.announcements.size() != r.literals.size())
            std::abort();
        for (qsizetype k = 0; k < r.literals.size(); ++k)
            if (r.announcements[k].length != r.literals[k].size() ||
                r.announcements[k].offset != r.lineOffsets[k] + r.announcements[k].position)
                std::abort();
        last = r.end;
        auto parsed = ResponseParser::parse(r);
        if (auto *e = std::get_if<ParseError>(&parsed)) {
            if (e->offset < r.offset || e->offset > r.end)
                std::abort();
        }
    }
    return 0;
}
