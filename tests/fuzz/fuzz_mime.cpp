// SPDX-License-Identifier: MIT
// libFuzzer target: the MIME analysis of issue 19 (fetch::MimeStructure::parse, MimeDamage::assess
// and sentences()) on a reference copy, which is untrusted (DESIGN.md §5), against a displayed
// copy made from it. The first octet chooses how the displayed copy is made, the next two give an
// offset in the reference (big-endian, modulo its size + 1), the rest is the reference:
//   0 shown whole, 1 cut at the offset, 2 cut there and shown again from half way, 3 a piece
//   after the offset left out, 4 one octet changed at the offset, 5 the reference is cut at the
//   offset and the rest is the displayed copy (anything at all).
// Invariants: assess gives nothing exactly when parse finds no MIME and no note; every part lies
// inside the reference, its content inside the part, in MimeStructure order (a part's parent is
// an earlier container holding it); kept <= length; percentKept() in 0..100 and never 100 for a
// cut part; an intact part's octets are in the displayed copy, at its own offset when no octet
// before its end moved (modes 0, 1 and 4, or a part ending before the offset); a missing part
// keeps nothing; shown whole, nothing is damaged; the sentences are few, printable (a hostile
// file name cannot reach a terminal), and none when nothing is damaged.
// MSIM_FUZZ_MIME_PARTS=1 prints the parts MimeStructure found (to read a reproducer).
// Seeds (seeds/mime/): the sample corpus's MIME messages as msim-write-corpus writes them (UID 11
// and 14 cut at 6144, 15 repeated from 3072 after 6144, 16 with a gap after 4096, 17 whole), and
// a small multipart with an RFC 2047 file name holding markup and U+202E and a message/rfc822
// part (cut, and with an octet changed).
#include "fetch/MimeDamage.h"
#include "net/Printable.h"

#include <QHash>

#include <algorithm>
#include <cstdio>
#include <cstdlib>

using namespace msim::fetch;

namespace {

enum Mode { Whole, Cut, Repeat, Gap, Flip, Free, Modes };

// An invariant that does not hold names itself on stderr before the abort libFuzzer reports.
[[noreturn]] void fail(const char *condition, int line)
{
    std::fprintf(stderr, "fuzz_mime.cpp:%d: %s does not hold\n", line, condition);
    std::abort();
}
#define CHECK(condition) ((condition) ? void() : fail(#condition, __LINE__))

QString parentPath(const QString &path)
{
    const qsizetype dot = path.lastIndexOf(QLatin1Char('.'));
    return dot < 0 ? QString() : path.left(dot);
}

// MSIM_FUZZ_MIME_PARTS=1 fuzz_mime FILE: the parts of a reproducer, on stderr.
void printParts(const MimeStructure &s)
{
    for (const MimePart &p : s.parts)
        std::fprintf(stderr, "part %s depth %d%s: %lld+%lld, content %lld+%lld, %s\n",
                     qPrintable(p.path), p.depth, p.container ? " container" : "", p.offset,
                     p.length, p.contentOffset, p.contentLength,
                     qPrintable(msim::net::printable::octets(p.contentType)));
    if (!s.note.isEmpty())
        std::fprintf(stderr, "note: %s\n", qPrintable(msim::net::printable::text(s.note)));
}

void checkStructure(const MimeStructure &s, qint64 size)
{
    CHECK(s.parts.size() <= MimeStructure::kMaxParts);
    CHECK(s.headerLength >= 0 && s.headerLength <= size);
    if (!s.note.isEmpty())
        CHECK(s.parts.isEmpty());
    QHash<QString, const MimePart *> seen;
    for (const MimePart &p : s.parts) {
        CHECK(!p.path.isEmpty() && !seen.contains(p.path));
        CHECK(p.depth == p.path.count(QLatin1Char('.')) + 1);
        CHECK(p.depth >= 1 && p.depth <= MimeStructure::kMaxDepth + 1);
        CHECK(p.offset >= 0 && p.length >= 0 && p.end() <= size);
        CHECK(p.contentOffset >= p.offset && p.contentLength >= 0 &&
              p.contentOffset + p.contentLength <= p.end());
        const QString parent = parentPath(p.path);
        if (!parent.isEmpty()) {
            const MimePart *up = seen.value(parent);
            CHECK(up && up->container);
            CHECK(p.offset >= up->offset && p.end() <= up->end());
        }
        seen.insert(p.path, &p);
    }
}

void checkDamage(const MimeDamage &d, const MimeStructure &s, const QByteArray &displayed,
                 const QByteArray &reference, Mode mode, qint64 at)
{
    CHECK(d.note == s.note);
    CHECK(d.parts.size() == s.parts.size());
    CHECK(d.headerLength == s.headerLength && d.headerKept >= 0 && d.headerKept <= d.headerLength);
    for (qsizetype i = 0; i < d.parts.size(); ++i) {
        const PartDamage &p = d.parts[i];
        CHECK(p.part == s.parts[i]);
        for (const QByteArray *t : {&p.part.contentType, &p.part.charset, &p.part.encoding,
                                    &p.part.disposition, &p.part.contentId})
            for (char c : *t)
                CHECK(uchar(c) > 0x20 && uchar(c) < 0x7f);
        CHECK(p.kept >= 0 && p.kept <= p.part.length);
        const int percent = p.percentKept();
        CHECK(percent >= 0 && percent <= 100);
        CHECK(p.decodedLength >= 0);
        if (p.decodedKept)
            CHECK(*p.decodedKept >= 0 && *p.decodedKept <= p.decodedLength);
        if (p.charactersKept)
            CHECK(p.characters && *p.charactersKept >= 0 && *p.charactersKept <= *p.characters);
        const QByteArray octets = reference.mid(p.part.offset, p.part.length);
        switch (p.state) {
        case PartState::Cut:
            CHECK(percent < 100 && p.kept > 0 && p.kept < p.part.length);
            break;
        case PartState::Missing:
            CHECK(p.kept == 0);
            break;
        case PartState::Intact:
            CHECK(p.kept == p.part.length);
            // Nothing before the part moved: it is at its own offset. (Free: the display is
            // other octets, in which a part may be found whole anywhere.)
            if (mode == Whole || mode == Cut || mode == Flip ||
                ((mode == Repeat || mode == Gap) && p.part.end() <= at))
                CHECK(displayed.mid(p.part.offset, p.part.length) == octets);
            else
                CHECK(displayed.contains(octets));
            break;
        case PartState::Duplicated:
        case PartState::Changed:
            break;
        }
        CHECK(!MimeDamage::describe(p).isEmpty());
    }
    if (mode == Whole)
        CHECK(!d.damaged());
    const QStringList sentences = d.sentences();
    if (!d.damaged())
        CHECK(sentences.isEmpty());
    if (std::any_of(d.parts.begin(), d.parts.end(), [](const PartDamage &p) {
            return !p.part.container && p.state != PartState::Intact;
        }))
        CHECK(!sentences.isEmpty());
    CHECK(sentences.size() <= MimeDamage::kMaxSentences + 2);
    for (const QString &line : sentences)
        CHECK(!line.isEmpty() && !msim::net::printable::needsEscaping(line));
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *bytes, size_t size)
{
    if (size < 3)
        return 0;
    const Mode mode = Mode(bytes[0] % Modes);
    const qint64 offset = qint64(bytes[1]) << 8 | bytes[2];
    QByteArray reference(reinterpret_cast<const char *>(bytes) + 3, qsizetype(size - 3));
    const qint64 at = offset % (reference.size() + 1);
    QByteArray displayed;
    switch (mode) {
    case Whole:
        displayed = reference;
        break;
    case Cut:
        displayed = reference.left(at);
        break;
    case Repeat:
        displayed = reference.left(at) + reference.mid(at / 2);
        break;
    case Gap:
        displayed = reference.left(at) + reference.mid(at + (reference.size() - at + 1) / 2);
        break;
    case Flip:
        displayed = reference;
        if (at < displayed.size())
            displayed[at] = char(displayed[at] ^ 0x20);
        break;
    case Free:
    case Modes:
        displayed = reference.mid(at);
        reference.truncate(at);
        break;
    }

    const MimeStructure s = MimeStructure::parse(reference);
    if (std::getenv("MSIM_FUZZ_MIME_PARTS"))
        printParts(s);
    checkStructure(s, reference.size());
    const std::optional<MimeDamage> d = MimeDamage::assess(displayed, reference);
    CHECK(d.has_value() == (s.isMime || !s.note.isEmpty()));
    if (d)
        checkDamage(*d, s, displayed, reference, mode, at);
    return 0;
}
