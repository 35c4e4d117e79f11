// SPDX-License-Identifier: MIT
#include "emulator/FetchAttribute.h"

#include <algorithm>

namespace msim::emulator {

std::optional<QList<FetchAttribute>> FetchAttribute::parseList(const Token &token, QString *error)
{
    QList<Token> items;
    if (token.kind == Token::Kind::List)
        items = token.children;
    else
        items = {token};
    if (items.isEmpty()) {
        *error = QStringLiteral("empty FETCH item list");
        return std::nullopt;
    }
    QList<FetchAttribute> out;
    for (const Token &t : std::as_const(items)) {
        if (t.kind != Token::Kind::Atom) {
            *error = QStringLiteral("FETCH items are atoms");
            return std::nullopt;
        }
        const QByteArray up = t.text.toUpper();
        FetchAttribute a;
        if (up == "ALL" || up == "FAST" || up == "FULL") {
            out.append({Kind::Flags, {}, false, {}, {}});
            out.append({Kind::InternalDate, {}, false, {}, {}});
            out.append({Kind::Rfc822Size, {}, false, {}, {}});
            continue;
        }
        static const QList<std::pair<QByteArray, Kind>> simple = {
            {"UID", Kind::Uid},
            {"FLAGS", Kind::Flags},
            {"RFC822.SIZE", Kind::Rfc822Size},
            {"RFC822", Kind::Rfc822},
            {"RFC822.HEADER", Kind::Rfc822Header},
            {"RFC822.TEXT", Kind::Rfc822Text},
            {"INTERNALDATE", Kind::InternalDate}};
        const auto named = std::find_if(simple.cbegin(), simple.cend(),
                                        [&up](const auto &entry) { return entry.first == up; });
        if (named != simple.cend()) {
            a.kind = named->second;
        } else if (up.startsWith("BODY[") || up.startsWith("BODY.PEEK[")) {
            a.kind = Kind::Body;
            a.peek = up.startsWith("BODY.PEEK[");
            const qsizetype open = up.indexOf('[');
            const qsizetype close = up.indexOf(']', open);
            if (close < 0) {
                *error = QStringLiteral("unterminated section");
                return std::nullopt;
            }
            a.section = up.mid(open + 1, close - open - 1);
            const bool fields = a.section.startsWith("HEADER.FIELDS (") ||
                                a.section.startsWith("HEADER.FIELDS.NOT (");
            if (fields && !a.section.endsWith(')')) {
                *error = QStringLiteral("malformed HEADER.FIELDS list");
                return std::nullopt;
            }
            if (!a.section.isEmpty() && a.section != "HEADER" && a.section != "TEXT" && !fields) {
                *error = QStringLiteral("section %1 is not supported by this server")
                             .arg(QString::fromLatin1(a.section.left(40)));
                return std::nullopt;
            }
            QByteArrayView rest = QByteArrayView(up).sliced(close + 1);
            if (!rest.isEmpty()) {
                if (!rest.startsWith('<') || !rest.endsWith('>')) {
                    *error = QStringLiteral("malformed partial");
                    return std::nullopt;
                }
                rest = rest.sliced(1, rest.size() - 2);
                const qsizetype dot = rest.indexOf('.');
                bool ok1 = false;
                bool ok2 = false;
                if (dot < 0) {
                    *error = QStringLiteral("a partial is <start.length>");
                    return std::nullopt;
                }
                const qint64 s = rest.first(dot).toLongLong(&ok1);
                const qint64 l = rest.sliced(dot + 1).toLongLong(&ok2);
                if (!ok1 || !ok2 || s < 0 || l < 0 || rest.first(dot).startsWith('+') ||
                    rest.sliced(dot + 1).startsWith('+')) {
                    *error = QStringLiteral("malformed partial numbers");
                    return std::nullopt;
                }
                a.partialStart = s;
                a.partialLength = l;
            }
        } else {
            *error = QStringLiteral("FETCH item %1 is not supported by this server")
                         .arg(QString::fromLatin1(t.text.left(40)));
            return std::nullopt;
        }
        out.append(a);
    }
    return out;
}

} // namespace msim::emulator
