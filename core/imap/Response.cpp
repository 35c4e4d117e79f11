// SPDX-License-Identifier: MIT
#include "imap/Response.h"

#include "net/Printable.h"
#include "net/Transcript.h"

namespace msim::imap {

QByteArray statusName(Status s)
{
    switch (s) {
    case Status::Ok:
        return "OK";
    case Status::No:
        return "NO";
    case Status::Bad:
        return "BAD";
    case Status::Bye:
        return "BYE";
    case Status::Preauth:
        return "PREAUTH";
    }
    return {};
}

QByteArray textWithCode(const std::optional<ResponseCode> &code, const QByteArray &text)
{
    if (!code)
        return text;
    QByteArray out = '[' + code->name;
    if (!code->text.isEmpty())
        out += ' ' + code->text;
    out += ']';
    if (!text.isEmpty())
        out += ' ' + text;
    return out;
}

const BodyItem *FetchResponse::body(QByteArrayView section) const
{
    for (const BodyItem &b : bodies)
        if (b.section == section)
            return &b;
    return nullptr;
}

QString ParseError::describe() const
{
    return QStringLiteral("%1 at stream offset %2; the raw line: \"%3\"")
        .arg(message)
        .arg(offset)
        .arg(net::Transcript::escape(rawLine.left(200).trimmed()));
}

ParseError ParseError::unexpectedTag(QByteArrayView tag, QByteArrayView inFlight, qint64 offset,
                                     QByteArray rawLine)
{
    ParseError e;
    e.message =
        !inFlight.isEmpty()
            ? QStringLiteral("the server answered tag '%1' but the command in flight has "
                             "tag '%2'")
                  .arg(net::printable::octets(tag.first(std::min<qsizetype>(tag.size(), 40))),
                       net::printable::octets(inFlight))
            : QStringLiteral("the server answered tag '%1' but no command is in flight")
                  .arg(net::printable::octets(tag.first(std::min<qsizetype>(tag.size(), 40))));
    e.offset = offset;
    e.responseOffset = offset;
    e.rawLine = std::move(rawLine);
    return e;
}

} // namespace msim::imap
