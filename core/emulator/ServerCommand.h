#pragma once

#include "imap/RawResponse.h"

#include <QByteArray>
#include <QList>
#include <QString>

#include <optional>

namespace msim::emulator {

// One argument of a client command (RFC 3501 §9): an atom (which may carry [section] and
// <partial> parts, as in BODY.PEEK[HEADER]<0.6144>), a string (quoted or literal), or a list.
struct Token
{
    enum class Kind { Atom, String, List };
    Kind kind = Kind::Atom;
    QByteArray text;
    QList<Token> children;
};

struct ClientCommand
{
    QByteArray tag;
    QByteArray name; // upper-cased; "FETCH", "STORE", ... (with uid set for "UID FETCH")
    bool uid = false;
    QList<Token> args;
};

// Parses the commands a client sends to the built-in server. Small, never throws, bounded
// (kMaxTokens, kMaxDepth): a fuzz target drives it with arbitrary bytes.
class ServerCommandParser
{
public:
    static constexpr int kMaxTokens = 2000; // a FETCH with every item is ~20
    static constexpr int kMaxDepth = 8;     // BODY[HEADER.FIELDS (...)] inside a list is 3

    struct Result
    {
        std::optional<ClientCommand> command;
        QByteArray tag; // the tag when one could be read, else "*"
        QString error;  // for "<tag> BAD <error>"
    };
    static Result parse(const imap::RawResponse &raw);
};

// A sequence set (RFC 3501 §9 sequence-set) over numbers 1..max, '*' meaning max.
class SequenceSet
{
public:
    static std::optional<SequenceSet> parse(QByteArrayView text);
    bool contains(quint32 n, quint32 max) const;
    // Members among `available` (ascending), in ascending order.
    QList<quint32> select(const QList<quint32> &available) const;

private:
    struct Range
    {
        quint32 first = 0; // 0 is '*'
        quint32 last = 0;
    };
    QList<Range> m_ranges;
};

// One FETCH data item the built-in server answers (DESIGN.md §5).
struct FetchAttribute
{
    enum class Kind { Uid, Flags, Rfc822Size, Body, Rfc822, Rfc822Header, Rfc822Text,
                      InternalDate };
    Kind kind = Kind::Uid;
    QByteArray section; // "", "HEADER", "TEXT" for Body
    bool peek = false;
    std::optional<qint64> partialStart;
    std::optional<qint64> partialLength;

    // FETCH items: one atom or a parenthesised list; ALL / FAST / FULL macros are expanded.
    static std::optional<QList<FetchAttribute>> parseList(const Token &token, QString *error);
};

} // namespace msim::emulator
