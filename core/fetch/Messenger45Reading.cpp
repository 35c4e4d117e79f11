// SPDX-License-Identifier: MIT
#include "fetch/Messenger45Reading.h"

#include "imap/Messenger4xLiteral.h"

namespace msim::fetch {

const QByteArrayList &Messenger45Reading::knownItems()
{
    static const QByteArrayList items = {"UID",    "FLAGS",         "RFC822.SIZE", "XSENDER",
                                         "BODY",   "BODYSTRUCTURE", "ENVELOPE",    "INTERNALDATE",
                                         "RFC822", "RFC822.HEADER", "RFC822.TEXT"};
    return items;
}

bool Messenger45Reading::knowsItem(QByteArrayView name)
{
    const qsizetype bracket = name.indexOf('[');
    const QByteArrayView base = bracket >= 0 ? name.first(bracket) : name;
    // A section is only known on BODY (4.x never asked for BINARY or BODY.PEEK replies).
    if (bracket >= 0)
        return base == "BODY";
    for (const QByteArray &k : knownItems())
        if (k == base)
            return true;
    return false;
}

std::optional<Messenger45Reading::SyntaxError>
Messenger45Reading::syntaxError(const imap::Response &response)
{
    if (const auto *f = response.as<imap::FetchResponse>()) {
        for (qsizetype i = 0; i < f->itemNames.size(); ++i)
            if (!knowsItem(f->itemNames[i]))
                return SyntaxError{f->itemNames[i], int(i)};
        return std::nullopt;
    }
    if (const auto *o = response.as<imap::OtherUntagged>()) {
        if (o->keyword.toUpper() == "PERMANENTFLAGS")
            return SyntaxError{"PERMANENTFLAGS", -1};
    }
    return std::nullopt;
}

std::optional<Messenger45Reading::NulMiscount>
Messenger45Reading::nulMiscount(QByteArrayView literal, qint64 announced)
{
    const imap::Messenger4xLiteral c = imap::Messenger4xLiteral::count(literal, announced);
    if (c.firstNul < 0)
        return std::nullopt;
    return NulMiscount{c.firstNul, c.owed};
}

QByteArray Messenger45Reading::asCStringLines(QByteArrayView literal)
{
    QByteArray out;
    out.reserve(literal.size());
    qsizetype i = 0;
    while (i < literal.size()) {
        const qsizetype lf = literal.indexOf('\n', i);
        const qsizetype end = lf < 0 ? literal.size() : lf + 1; // one past the line
        const QByteArrayView line = literal.sliced(i, end - i);
        const qsizetype nul = line.indexOf('\0');
        out += nul < 0 ? line : line.first(nul);
        i = end;
    }
    return out;
}

} // namespace msim::fetch
