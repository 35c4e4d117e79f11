// SPDX-License-Identifier: MIT
#include "emulator/FetchReply.h"

#include <QLocale>

#include <algorithm>

namespace msim::emulator {

namespace {

QByteArray headerOf(const QByteArray &data)
{
    const qsizetype end = data.indexOf("\r\n\r\n");
    return end < 0 ? data : data.left(end + 4);
}

// BODY[HEADER.FIELDS (A B)] / BODY[HEADER.FIELDS.NOT (A B)] (RFC 3501 §6.4.5): the chosen
// header lines (with their continuation lines), then the blank line.
QByteArray headerFields(const QByteArray &data, const QByteArray &section)
{
    const bool negate = section.startsWith("HEADER.FIELDS.NOT");
    const qsizetype open = section.indexOf('(');
    QList<QByteArray> names;
    for (const QByteArray &n : section.mid(open + 1, section.size() - open - 2).split(' '))
        if (!n.trimmed().isEmpty())
            names << n.trimmed().toUpper();
    const QByteArray header = headerOf(data);
    QByteArray out;
    bool keep = false;
    for (qsizetype pos = 0; pos < header.size();) {
        qsizetype eol = header.indexOf("\r\n", pos);
        if (eol < 0)
            eol = header.size() - 2;
        const QByteArray line = header.mid(pos, eol + 2 - pos);
        pos = eol + 2;
        if (line == "\r\n")
            break;
        if (line.startsWith(' ') || line.startsWith('\t')) {
            if (keep)
                out += line;
            continue;
        }
        const QByteArray name = line.left(line.indexOf(':')).trimmed().toUpper();
        keep = names.contains(name) != negate;
        if (keep)
            out += line;
    }
    return out + "\r\n";
}

QByteArray textOf(const QByteArray &data)
{
    const qsizetype end = data.indexOf("\r\n\r\n");
    return end < 0 ? QByteArray() : data.mid(end + 4);
}

// A body item's name and octets before any partial range: BODY[section], RFC822,
// RFC822.HEADER or RFC822.TEXT.
QPair<QByteArray, QByteArray> bodyItem(const FetchAttribute &a, const QByteArray &message)
{
    switch (a.kind) {
    case FetchAttribute::Kind::Rfc822:
        return {"RFC822", message};
    case FetchAttribute::Kind::Rfc822Header:
        return {"RFC822.HEADER", headerOf(message)};
    case FetchAttribute::Kind::Rfc822Text:
        return {"RFC822.TEXT", textOf(message)};
    default:
        break;
    }
    const QByteArray data = a.section == "HEADER" ? headerOf(message)
                            : a.section == "TEXT" ? textOf(message)
                            : a.section.startsWith("HEADER.FIELDS")
                                ? headerFields(message, a.section)
                                : message;
    return {"BODY[" + a.section + ']', data};
}

} // namespace

QByteArray FetchReply::flagList(const QList<QByteArray> &flags)
{
    QByteArray out;
    for (const QByteArray &f : flags)
        out += (out.isEmpty() ? "" : " ") + f;
    return out;
}

FetchReply::FetchReply(const ServerProfile &profile, const ServerKnobs &knobs, bool faultsHere,
                       int *chunkReplies, bool uid, const QList<FetchAttribute> &attributes)
    : m_profile(profile)
    , m_knobs(knobs)
    , m_faultsHere(faultsHere)
    , m_chunkReplies(chunkReplies)
    , m_uid(uid)
    , m_attributes(attributes)
{
    for (const FetchAttribute &a : attributes) {
        m_wantsUid = m_wantsUid || a.kind == FetchAttribute::Kind::Uid;
        m_wantsFlags = m_wantsFlags || a.kind == FetchAttribute::Kind::Flags;
        if ((a.kind == FetchAttribute::Kind::Body && !a.peek) ||
            a.kind == FetchAttribute::Kind::Rfc822 || a.kind == FetchAttribute::Kind::Rfc822Text)
            m_setsSeen = true;
    }
}

qint64 FetchReply::literalOctetsAtMost(const StoredMessage &m) const
{
    qint64 total = 0;
    for (const FetchAttribute &a : m_attributes) {
        if (!a.isBodyItem())
            continue;
        qint64 n = m.data.size();
        // (ignore-partial answers a partial BODY[] with the whole message.)
        if (a.partialLength && !(m_profile.fault == ServerProfile::Fault::IgnorePartial &&
                                 a.kind == FetchAttribute::Kind::Body && a.section.isEmpty()))
            n = std::min(n, *a.partialLength);
        total += n;
        if (m_faultsHere && (m_profile.fault == ServerProfile::Fault::UnframedOverrun ||
                             m_profile.fault == ServerProfile::Fault::FramedOverrun))
            total += std::max<qint64>(0, m_knobs.overrun); // the profile's extra octets
    }
    return total;
}

std::optional<QList<QByteArray>> FetchReply::build(const StoredMessage &m, qsizetype sequence,
                                                   bool seenChanged)
{
    QList<QByteArray> parts;
    QByteArray cur = "* " + QByteArray::number(sequence) + " FETCH (";
    bool first = true;
    auto add = [&](const QByteArray &item) {
        if (!first)
            cur += ' ';
        cur += item;
        first = false;
    };
    if (m_uid && !m_wantsUid)
        add("UID " + QByteArray::number(m.uid));
    for (const FetchAttribute &a : m_attributes) {
        switch (a.kind) {
        case FetchAttribute::Kind::Uid:
            add("UID " + QByteArray::number(m.uid));
            continue;
        case FetchAttribute::Kind::Flags:
            add("FLAGS (" + flagList(m.flags) + ")");
            continue;
        case FetchAttribute::Kind::Rfc822Size:
            add("RFC822.SIZE " + QByteArray::number(m_profile.reportedSize(m.data.size())));
            continue;
        case FetchAttribute::Kind::InternalDate:
            add("INTERNALDATE \"" +
                QLocale::c()
                    .toString(m.internalDate.toUTC(), QStringLiteral("dd-MMM-yyyy hh:mm:ss"))
                    .toLatin1() +
                " +0000\"");
            continue;
        default:
            break;
        }
        // A body item: what it holds, and the faults of the profile.
        auto [name, data] = bodyItem(a, m.data);
        QByteArray extraAfterLiteral;
        const bool chunk = a.kind == FetchAttribute::Kind::Body && a.section.isEmpty() &&
                           a.partialStart.has_value();
        if (a.partialStart) {
            const qint64 s = *a.partialStart;
            const qint64 l = *a.partialLength;
            const qint64 size = data.size();
            if (chunk)
                ++*m_chunkReplies;
            const bool faultThisChunk =
                chunk && m_faultsHere &&
                (m_knobs.overrunChunk == 0 || m_knobs.overrunChunk == *m_chunkReplies);
            if (chunk && m_profile.fault == ServerProfile::Fault::DropPastEnd && s >= size)
                return std::nullopt; // hMailServer's worker died here: no reply, a dropped line
            if (chunk && m_profile.fault == ServerProfile::Fault::IgnorePartial) {
                add(name + " {" + QByteArray::number(size) + "}\r\n");
                parts << cur << data;
                cur.clear();
                first = false;
                continue;
            }
            QByteArray sub = s >= size ? QByteArray() : data.mid(s, l);
            if (chunk && m_profile.fault == ServerProfile::Fault::EmptyBeyond1MiB &&
                s >= ServerProfile::kExchange2010Limit)
                sub.clear();
            const qint64 end = s + sub.size();
            if (faultThisChunk && end < size && m_knobs.overrun > 0) {
                const QByteArray extra = data.mid(end, std::min(m_knobs.overrun, size - end));
                if (m_profile.fault == ServerProfile::Fault::UnframedOverrun)
                    extraAfterLiteral = extra;
                else if (m_profile.fault == ServerProfile::Fault::FramedOverrun)
                    sub += extra;
            }
            name += '<' + QByteArray::number(s);
            if (chunk && m_profile.fault == ServerProfile::Fault::OriginWithLength)
                name += '.' + QByteArray::number(l);
            name += '>';
            data = sub;
        }
        add(name + " {" + QByteArray::number(data.size()) + "}\r\n");
        parts << cur << data;
        cur = extraAfterLiteral;
        first = false;
    }
    if (seenChanged && !m_wantsFlags)
        add("FLAGS (" + flagList(m.flags) + ")");
    cur += ")\r\n";
    parts << cur;
    return parts;
}

} // namespace msim::emulator
