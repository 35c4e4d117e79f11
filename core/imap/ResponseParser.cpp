// SPDX-License-Identifier: MIT
#include "imap/ResponseParser.h"

#include "imap/FetchParser.h"
#include "imap/Lexer.h"
#include "imap/Limits.h"
#include "net/Printable.h"

namespace msim::imap {

namespace {

using ParseResult = ResponseParser::Result;

// The status keyword of a status response (RFC 3501 §7.1), upper-cased.
std::optional<Status> statusOf(QByteArrayView keyword)
{
    for (Status s : {Status::Ok, Status::No, Status::Bad, Status::Bye, Status::Preauth})
        if (keyword == statusName(s))
            return s;
    return std::nullopt;
}

// One response: the status responses, CAPABILITY, FLAGS, LIST / LSUB, numbered data and
// FETCH (through FetchParser), on the shared Lexer.
class Reader
{
public:
    explicit Reader(const RawResponse &raw)
        : r(raw)
        , lx(raw)
    {}

    ParseResult run();
    // With run() done: the FETCH items read before an error, if the response was a FETCH.
    const std::optional<FetchResponse> &partialFetch() const { return partial; }

private:
    ParseError error() const
    {
        ParseError e;
        if (const auto &le = lx.error()) {
            e.message = le->message;
            e.offset = le->offset;
            e.rawLine = le->rawLine;
            e.afterLiteral = le->afterLiteral;
            e.literalEnd = le->literalEnd;
        }
        e.responseOffset = r.offset;
        e.partialFetch = partial;
        return e;
    }
    ParseResult finish(ResponseValue v);
    bool respText(std::optional<ResponseCode> &code, QByteArray &text);
    ParseResult untagged();
    ParseResult tagged();

    const RawResponse &r;
    Lexer lx;
    std::optional<FetchResponse> partial;
};

bool Reader::respText(std::optional<ResponseCode> &code, QByteArray &text)
{
    if (lx.atLineEnd())
        return true;
    if (lx.at(' '))
        lx.advance();
    if (lx.at('[')) {
        lx.advance();
        ResponseCode rc;
        rc.name = lx.atom().toUpper();
        const qsizetype close = lx.line().indexOf(']', lx.position());
        if (close < 0)
            return lx.fail(QStringLiteral("unterminated response code"));
        if (lx.position() < close && lx.at(' '))
            lx.advance();
        rc.text = lx.line().mid(lx.position(), close - lx.position());
        lx.setPosition(close + 1);
        if (lx.at(' '))
            lx.advance();
        code = std::move(rc);
    }
    text = lx.restOfLine();
    return true;
}

ParseResult Reader::finish(ResponseValue v)
{
    if (!lx.error() && !lx.atEnd()) {
        if (auto *f = std::get_if<FetchResponse>(&v))
            partial = *f;
        lx.fail(QStringLiteral("unexpected %1 after the end of the response").arg(lx.found()));
    }
    if (lx.error())
        return error();
    Response resp;
    resp.value = std::move(v);
    resp.offset = r.offset;
    resp.end = r.end;
    return resp;
}

ParseResult Reader::untagged()
{
    lx.advance(); // '*'
    if (!lx.space())
        return error();
    if (lx.peek() >= '0' && lx.peek() <= '9') {
        qint64 n = 0;
        QByteArray kind;
        if (!lx.number(n, 0xffffffffLL) || !lx.space() || !lx.keyword(kind))
            return error();
        if (kind == "FETCH") {
            FetchResponse f;
            f.sequence = quint32(n);
            if (!lx.space() || !FetchParser::parse(lx, f, partial))
                return error();
            return finish(std::move(f));
        }
        if (kind == "EXISTS" || kind == "RECENT" || kind == "EXPUNGE")
            return finish(NumberResponse{kind, quint32(n)});
        return finish(OtherUntagged{kind, lx.restOfLine()});
    }
    QByteArray kind;
    if (!lx.keyword(kind))
        return error();
    if (const std::optional<Status> status = statusOf(kind)) {
        UntaggedStatus st;
        st.status = *status;
        if (!respText(st.code, st.text))
            return error();
        return finish(std::move(st));
    }
    if (kind == "CAPABILITY") {
        CapabilityResponse c;
        while (lx.at(' ')) {
            lx.advance();
            const QByteArray a = lx.atom().toUpper();
            if (a.isEmpty())
                break;
            if (c.capabilities.size() >= limits::kMaxListItems) {
                lx.fail(QStringLiteral("more than %1 capabilities").arg(limits::kMaxListItems));
                return error();
            }
            c.capabilities.append(a);
        }
        return finish(std::move(c));
    }
    if (kind == "FLAGS") {
        FlagsResponse fl;
        if (!lx.space() || !lx.flagList(fl.flags))
            return error();
        return finish(std::move(fl));
    }
    if (kind == "LIST" || kind == "LSUB") {
        ListResponse l;
        l.kind = kind;
        bool nil = false;
        if (!lx.space() || !lx.flagList(l.attributes) || !lx.space() ||
            !lx.nstring(l.delimiter, nil) || !lx.space() || !lx.astring(l.mailbox))
            return error();
        return finish(std::move(l));
    }
    // Unknown untagged data: kept verbatim, literals skipped.
    OtherUntagged o{kind, lx.restOfLine()};
    while (lx.nextLine())
        o.line += "{...}" + lx.restOfLine();
    return finish(std::move(o));
}

// tag SP (OK|NO|BAD) resp-text
ParseResult Reader::tagged()
{
    TaggedResponse t;
    while (!lx.atLineEnd() && Lexer::isAtomChar(lx.peek()) && lx.peek() != '+')
        lx.advance();
    t.tag = lx.line().left(lx.position());
    if (t.tag.isEmpty()) {
        lx.fail(
            QStringLiteral("a response must start with '*', '+' or a tag, not %1").arg(lx.found()));
        return error();
    }
    QByteArray kind;
    if (!lx.space() || !lx.keyword(kind))
        return error();
    const std::optional<Status> status = statusOf(kind);
    if (!status || *status == Status::Bye || *status == Status::Preauth) {
        lx.setPosition(lx.position() - kind.size());
        lx.fail(QStringLiteral("a tagged response must be OK, NO or BAD, not '%1'")
                    .arg(net::printable::octets(kind.left(40))));
        return error();
    }
    t.status = *status;
    if (!respText(t.code, t.text))
        return error();
    return finish(std::move(t));
}

ParseResult Reader::run()
{
    if (r.lines.isEmpty()) {
        ParseError e;
        e.message = QStringLiteral("an empty response");
        e.offset = r.offset;
        return e;
    }
    if (r.lines.size() == 1 && r.lines.first().isEmpty()) {
        lx.fail(QStringLiteral("an empty line where a response should start"));
        return error();
    }
    if (lx.at('+')) {
        lx.advance();
        if (lx.at(' '))
            lx.advance();
        return finish(Continuation{lx.restOfLine()});
    }
    if (lx.at('*'))
        return untagged();
    return tagged();
}

} // namespace

ResponseParser::Result ResponseParser::parse(const RawResponse &raw)
{
    Reader reader(raw);
    return reader.run();
}

std::optional<FetchResponse> ResponseParser::parsePartial(const RawResponse &incomplete)
{
    if (incomplete.lines.isEmpty())
        return std::nullopt;
    Reader reader(incomplete);
    const Result r = reader.run();
    if (const auto *resp = std::get_if<Response>(&r))
        if (const auto *f = resp->as<FetchResponse>())
            return *f;
    return reader.partialFetch();
}

} // namespace msim::imap
