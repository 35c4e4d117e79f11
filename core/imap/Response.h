// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

#include <optional>
#include <variant>

namespace msim::imap {

// Typed server responses (RFC 3501 §7), only as deep as msim needs them.

enum class Status { Ok, No, Bad, Bye, Preauth };
QByteArray statusName(Status s);

// "[CODE args]" of a resp-text (RFC 3501 §7.1).
struct ResponseCode
{
    QByteArray name; // upper-cased atom, e.g. "CAPABILITY", "UIDVALIDITY", "ALERT"
    QByteArray text; // the rest inside the brackets, verbatim

    friend bool operator==(const ResponseCode &, const ResponseCode &) = default;
};

struct TaggedResponse
{
    QByteArray tag;
    Status status = Status::Ok;
    std::optional<ResponseCode> code;
    QByteArray text;

    friend bool operator==(const TaggedResponse &, const TaggedResponse &) = default;
};

struct UntaggedStatus // * OK / NO / BAD / BYE / PREAUTH
{
    Status status = Status::Ok;
    std::optional<ResponseCode> code;
    QByteArray text;

    friend bool operator==(const UntaggedStatus &, const UntaggedStatus &) = default;
};

// The text of a status response with its response code as sent (RFC 3501 §7.1):
// "[UNAVAILABLE] Server error"; just the text when there is no code. Verbatim octets.
QByteArray textWithCode(const std::optional<ResponseCode> &code, const QByteArray &text);

struct Continuation // "+ text" (RFC 3501 §7.5)
{
    QByteArray text;

    friend bool operator==(const Continuation &, const Continuation &) = default;
};

struct CapabilityResponse
{
    QList<QByteArray> capabilities; // upper-cased

    friend bool operator==(const CapabilityResponse &, const CapabilityResponse &) = default;
};

struct NumberResponse // * n EXISTS / RECENT / EXPUNGE
{
    QByteArray kind;
    quint32 number = 0;

    friend bool operator==(const NumberResponse &, const NumberResponse &) = default;
};

struct FlagsResponse
{
    QList<QByteArray> flags;

    friend bool operator==(const FlagsResponse &, const FlagsResponse &) = default;
};

struct ListResponse // LIST / LSUB
{
    QByteArray kind;
    QList<QByteArray> attributes;
    QByteArray delimiter; // empty for NIL
    QByteArray mailbox;

    friend bool operator==(const ListResponse &, const ListResponse &) = default;
};

// One BODY[section]<origin> (or RFC822, RFC822.HEADER, ...) item of a FETCH.
//
// The origin is recorded leniently, the way Messenger 4.5 reads it (MESSENGER45.md §4): the
// octets between '<' and the first '>' on the line are kept raw in originText, and origin is
// what C's atoi makes of them (optional leading white space, an optional sign, the leading
// decimal digits; anything after is ignored; saturated at ±limits::kMaxOrigin). So `<6144>`
// gives 6144, `<0.6144>` 0 (a server echoing the request's length), `<6144.6144>` 6144, `<x>` 0.
// An empty `<>` counts as no origin: origin is nullopt and only hasOriginBrackets tells it from
// an item without '<'. A '<' without '>' before the line end is a ParseError at the '<'.
struct BodyItem
{
    QByteArray section; // upper-cased: "" for BODY[], "HEADER", or "RFC822" for the old items
    std::optional<qint64> origin;   // atoi of originText; nullopt without '<' or for `<>`
    QByteArray originText;          // octets between '<' and '>' verbatim; empty if none
    bool hasOriginBrackets = false; // the item carried `<...>`, even an empty `<>`
    bool isNil = false;             // the value was NIL (then data is empty)
    bool fromLiteral = false;
    QByteArray data;
    qint64 literalLength = -1; // announced length in octets when it was a literal
    qint64 dataOffset = -1;    // stream offset of the data's first octet (literal only)
    int itemIndex = -1;        // this item's position in FetchResponse::itemNames

    friend bool operator==(const BodyItem &, const BodyItem &) = default;
};

struct FetchResponse
{
    quint32 sequence = 0;
    std::optional<quint32> uid;
    std::optional<QList<QByteArray>> flags;
    std::optional<qint64> rfc822Size;
    std::optional<QByteArray> xsender;
    QList<BodyItem> bodies;
    QList<QByteArray> otherItems; // names of items skipped structurally
    // Every item's name in wire order, upper-cased, with the section of a sectioned item but
    // never its origin: "UID", "RFC822.SIZE", "BODY[]", "BODY[HEADER]", "RFC822", "MODSEQ".
    // An item is listed once its name is read, so in ParseError::partialFetch the last name
    // may be the item whose value failed to parse.
    QList<QByteArray> itemNames;

    const BodyItem *body(QByteArrayView section) const;

    friend bool operator==(const FetchResponse &, const FetchResponse &) = default;
};

struct OtherUntagged // anything else, kept verbatim
{
    QByteArray keyword;
    QByteArray line;

    friend bool operator==(const OtherUntagged &, const OtherUntagged &) = default;
};

using ResponseValue =
    std::variant<TaggedResponse, UntaggedStatus, Continuation, CapabilityResponse, NumberResponse,
                 FlagsResponse, ListResponse, FetchResponse, OtherUntagged>;

struct Response
{
    ResponseValue value;
    qint64 offset = 0; // stream offsets of the whole response
    qint64 end = 0;

    template<class T>
    const T *as() const
    {
        return std::get_if<T>(&value);
    }

    friend bool operator==(const Response &, const Response &) = default;
};

// Why a response could not be parsed. It names the stream offset of the offending octet and
// the raw line it sits in. When the offending octets come straight after a literal, that is
// how an unframed overrun shows itself: afterLiteral and literalEnd say so, and the FETCH
// items parsed up to that point (the literal included) are kept in partialFetch.
struct ParseError
{
    QString message;
    qint64 offset = 0;
    QByteArray rawLine;
    bool afterLiteral = false;
    qint64 literalEnd = -1;
    qint64 responseOffset = 0;
    std::optional<FetchResponse> partialFetch;

    QString describe() const;
    // A tagged response whose tag is not the command in flight's (`inFlight`, empty: none),
    // found at stream `offset`; `rawLine` is its start.
    static ParseError unexpectedTag(QByteArrayView tag, QByteArrayView inFlight, qint64 offset,
                                    QByteArray rawLine);

    friend bool operator==(const ParseError &, const ParseError &) = default;
};

} // namespace msim::imap
