// SPDX-License-Identifier: MIT
#include "fetch/MimeDamage.h"

#include "fetch/Verdict.h"
#include "net/Printable.h"

#include <QLocale>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace msim::fetch {

namespace {

// How the alignment's runs cover [begin, end) of the reference.
struct Cover
{
    qint64 shown = 0;      // octets shown, counting repeats
    qint64 distinct = 0;   // octets shown at least once
    bool prefix = true;    // the distinct octets are [begin, begin + distinct)
    qint64 firstHole = -1; // the first octet not shown that has shown octets after it
    qint64 firstHoleEnd = -1;
    // Shown by more than one run: runs that meet in the reference never meet in the display
    // (Alignment would have made them one), so other octets stand between the pieces.
    bool split = false;
};

Cover coverOf(const Alignment &a, qint64 begin, qint64 end)
{
    Cover c;
    QList<Range> pieces;
    for (const Alignment::Run &r : a.runs) {
        const qint64 b = std::max(begin, r.reference);
        const qint64 e = std::min(end, r.reference + r.length);
        if (b < e) {
            c.shown += e - b;
            pieces.append({b, e});
        }
    }
    std::sort(pieces.begin(), pieces.end(),
              [](const Range &x, const Range &y) { return x.begin < y.begin; });
    qint64 reached = begin;
    for (const Range &p : pieces) {
        if (p.begin > reached && c.prefix) {
            c.prefix = false; // a hole before this piece
            c.firstHole = reached;
            c.firstHoleEnd = p.begin;
        }
        if (p.end > reached) {
            c.distinct += p.end - std::max(p.begin, reached);
            reached = p.end;
        }
    }
    c.split = pieces.size() > 1;
    return c;
}

bool isText(const MimePart &p)
{
    return p.contentType.startsWith("text/");
}

} // namespace

int PartDamage::percentKept() const
{
    if (part.length <= 0)
        return 100;
    return int(std::min<qint64>(100, kept * 100 / part.length));
}

std::optional<MimeDamage> MimeDamage::assess(const QByteArray &displayed,
                                             const std::optional<QByteArray> &reference)
{
    if (!reference)
        return std::nullopt;
    const MimeStructure s = MimeStructure::parse(*reference);
    if (!s.isMime && s.note.isEmpty())
        return std::nullopt;
    return assess(displayed, *reference, s);
}

MimeDamage MimeDamage::assess(const QByteArray &displayed, const QByteArray &reference,
                              const MimeStructure &structure)
{
    MimeDamage d;
    d.note = structure.note;
    d.headerLength = structure.headerLength;
    const Alignment a = Alignment::of(displayed, reference);
    const Cover header = coverOf(a, 0, structure.headerLength);
    d.headerKept = header.distinct;
    d.headerCut = header.distinct < structure.headerLength || header.shown > header.distinct;
    for (const MimePart &p : structure.parts) {
        PartDamage pd;
        pd.part = p;
        const Cover c = coverOf(a, p.offset, p.end());
        // Octets that are not the message's were shown where the display had reached inside
        // this part: the part is changed, whatever else was shown of it.
        qint64 foreignAt = -1;
        for (const Alignment::Run &f : a.foreign)
            if (f.reference > p.offset && f.reference < p.end()) {
                foreignAt = f.reference;
                break;
            }
        if (foreignAt < 0 && a.unexplainedFrom >= 0 && a.unexplainedAt > p.offset &&
            a.unexplainedAt < p.end())
            foreignAt = a.unexplainedAt;
        const bool foreignInside = foreignAt >= 0;
        pd.kept = c.distinct;
        pd.foreignAt = foreignAt;
        pd.firstLost = foreignInside ? -1 : c.firstHole;
        pd.firstLostEnd = foreignInside ? -1 : c.firstHoleEnd;
        if (c.shown > c.distinct)
            pd.state = PartState::Duplicated;
        else if (foreignInside || !c.prefix || c.split)
            pd.state = PartState::Changed;
        else if (c.distinct == p.length)
            pd.state = PartState::Intact;
        else if (c.distinct == 0)
            pd.state = PartState::Missing;
        else
            pd.state = PartState::Cut;
        if (!p.container) {
            const QByteArrayView content =
                QByteArrayView(reference).sliced(p.contentOffset, p.contentLength);
            const QByteArray decoded = MimeStructure::decode(content, p.encoding);
            pd.decodedLength = decoded.size();
            if (pd.state == PartState::Cut) {
                const qint64 keptContent =
                    std::clamp<qint64>(p.offset + c.distinct - p.contentOffset, 0, p.contentLength);
                const QByteArray keptDecoded =
                    MimeStructure::decode(content.first(keptContent), p.encoding);
                if (p.encoding == "base64" || p.encoding == "quoted-printable")
                    pd.decodedKept = keptDecoded.size();
                if (isText(p)) {
                    pd.characters = MimeStructure::characters(decoded, p.charset);
                    pd.charactersKept = MimeStructure::characters(keptDecoded, p.charset);
                    if (!pd.characters || !pd.charactersKept) {
                        pd.characters.reset();
                        pd.charactersKept.reset();
                    }
                }
            }
        }
        d.parts.append(pd);
    }
    return d;
}

bool MimeDamage::damaged() const
{
    if (headerCut)
        return true;
    return std::any_of(parts.begin(), parts.end(), [](const PartDamage &p) {
        return !p.part.container && p.state != PartState::Intact;
    });
}

QString MimeDamage::size(qint64 bytes)
{
    // Qt says "1 bytes"; a sentence for a ticket should not.
    if (bytes < 1024)
        return bytes == 1 ? u"1 byte"_s : u"%1 bytes"_s.arg(bytes);
    // One decimal under ten units ("8.8 kB"), none above ("34 kB"): Qt's own wording, 1024-based.
    const double scaled = double(bytes) / (bytes < 1024 * 1024 ? 1024.0 : 1024.0 * 1024.0);
    return QLocale::c().formattedDataSize(bytes, scaled < 10 ? 1 : 0,
                                          QLocale::DataSizeTraditionalFormat);
}

QString MimeDamage::describe(const PartDamage &p, bool withSize)
{
    const MimePart &m = p.part;
    // GMime lowercases the type but keeps what octets the message gave it.
    const QString type = net::printable::text(QString::fromLatin1(m.contentType));
    const QString what =
        m.container || !withSize ? type : u"%1, %2"_s.arg(type, size(p.decodedLength));
    if (!m.filename.isEmpty()) {
        const QString name = net::printable::text(m.filename);
        const QString kind = m.disposition == "inline" ? u"inline part"_s : u"attachment"_s;
        return u"the %1 %2 (%3, part %4)"_s.arg(kind, name, what, m.path);
    }
    if (isText(m) && m.disposition != "attachment")
        return u"the text part (%1, part %2)"_s.arg(what, m.path);
    if (m.contentType.startsWith("image/") && m.disposition != "attachment")
        return u"the inline image (%1, part %2)"_s.arg(what, m.path);
    return u"part %1 (%2)"_s.arg(m.path, what);
}

QStringList MimeDamage::sentences() const
{
    QStringList out;
    if (!damaged())
        return out;
    if (headerCut && headerKept < headerLength)
        out << u"The message's own header is cut after %1 of its %2 octets, so no part of it "
               u"was shown."_s.arg(headerKept)
                   .arg(headerLength);
    QStringList intact;
    int left = 0; // damaged parts past kMaxSentences
    for (const PartDamage &p : parts) {
        if (p.part.container)
            continue;
        if (p.state != PartState::Intact && out.size() >= kMaxSentences) {
            ++left;
            continue;
        }
        // A cut text part's sentence gives its size in characters itself.
        const QString who =
            describe(p, !(p.state == PartState::Cut && p.charactersKept && p.characters));
        QString s;
        switch (p.state) {
        case PartState::Intact:
            intact << who;
            continue;
        case PartState::Missing:
            s = u"%1 is missing entirely."_s.arg(who);
            break;
        case PartState::Duplicated:
            s = u"%1 is shown more than once."_s.arg(who);
            break;
        case PartState::Changed:
            if (p.foreignAt < 0 && p.firstLost < 0)
                s = u"%1 is shown changed: its octets are shown in pieces, with other octets "
                    u"between them."_s.arg(who);
            else if (p.foreignAt >= 0)
                s = u"%1 is shown changed: at offset %2 of the message, the display holds octets "
                    u"that are not the message's."_s.arg(who)
                        .arg(p.foreignAt);
            else
                s = u"%1 is shown with a piece left out: %2 of its %3 octets are shown, and "
                    u"octets %4–%5 of the message are not."_s.arg(who)
                        .arg(p.kept)
                        .arg(p.part.length)
                        .arg(p.firstLost)
                        .arg(p.firstLostEnd - 1);
            break;
        case PartState::Cut:
            if (p.charactersKept && p.characters)
                s = u"%1 is cut after %2 of %3 characters (%4% of its octets)."_s.arg(who)
                        .arg(*p.charactersKept)
                        .arg(*p.characters)
                        .arg(p.percentKept());
            else if (p.decodedKept)
                s = u"%1 is cut: %2 of its %3 bytes survive (%4% of its octets)."_s.arg(who)
                        .arg(*p.decodedKept)
                        .arg(p.decodedLength)
                        .arg(p.percentKept());
            else
                s = u"%1 is cut after %2 of its %3 octets (%4%)."_s.arg(who)
                        .arg(p.kept)
                        .arg(p.part.length)
                        .arg(p.percentKept());
            break;
        }
        s[0] = s[0].toUpper();
        out << s;
    }
    if (left > 0)
        out << u"%1 more damaged parts are listed in the parts table."_s.arg(left);
    if (!intact.isEmpty() && intact.size() <= kMaxSentences) {
        out << u"Intact: %1."_s.arg(intact.join(u"; "_s));
    }
    return out;
}

} // namespace msim::fetch
