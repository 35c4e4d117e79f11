// SPDX-License-Identifier: MIT
#pragma once

#include "emulator/Token.h"

#include <QByteArray>
#include <QList>
#include <QString>

#include <optional>

namespace msim::emulator {

// One FETCH data item the built-in server answers (DESIGN.md §5; RFC 3501 §6.4.5).
struct FetchAttribute
{
    enum class Kind {
        Uid,
        Flags,
        Rfc822Size,
        Body,
        Rfc822,
        Rfc822Header,
        Rfc822Text,
        InternalDate
    };
    Kind kind = Kind::Uid;
    QByteArray section; // "", "HEADER", "TEXT" for Body
    bool peek = false;
    std::optional<qint64> partialStart;
    std::optional<qint64> partialLength;

    // BODY[...] or RFC822 / RFC822.HEADER / RFC822.TEXT: an item answered with a literal.
    bool isBodyItem() const
    {
        return kind == Kind::Body || kind == Kind::Rfc822 || kind == Kind::Rfc822Header ||
               kind == Kind::Rfc822Text;
    }
    friend bool operator==(const FetchAttribute &, const FetchAttribute &) = default;

    // FETCH items: one atom or a parenthesised list; ALL / FAST / FULL macros are expanded.
    // nullopt with `*error` set (for "<tag> BAD <error>") when an item is not served.
    static std::optional<QList<FetchAttribute>> parseList(const Token &token, QString *error);
};

} // namespace msim::emulator
