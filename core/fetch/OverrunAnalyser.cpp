// SPDX-License-Identifier: MIT
#include "fetch/OverrunAnalyser.h"

#include "imap/ResponseFramer.h"
#include "imap/ResponseParser.h"

namespace msim::fetch {

namespace {

// Does `tail` continue a FETCH response cleanly: the rest of the response parses, and what
// follows it frames and parses as whole responses?
bool continues(QByteArrayView tail)
{
    imap::ResponseFramer framer;
    QList<imap::RawResponse> out;
    QByteArray head = "* 1 FETCH (UID 1";
    if (!framer.feed(head, out) || !framer.feed(tail, out))
        return false;
    if (framer.inResponse() || out.isEmpty())
        return false;
    for (qsizetype i = 0; i < out.size(); ++i) {
        const auto r = imap::ResponseParser::parse(out[i]);
        if (std::holds_alternative<imap::ParseError>(r))
            return false;
        if (i == 0 && !std::get<imap::Response>(r).as<imap::FetchResponse>())
            return false;
    }
    return true;
}

// Only FETCH item names a server really sends can resume the response; message text after an
// overrun ("... the lazy dog)") must not pass for an unknown item.
bool startsWithItemName(QByteArrayView v)
{
    static const char *const names[] = {"UID ", "FLAGS ", "RFC822.SIZE ", "BODY[", "BODY ",
                                        "RFC822 ", "RFC822.HEADER ", "RFC822.TEXT ",
                                        "INTERNALDATE ", "ENVELOPE ", "BODYSTRUCTURE ",
                                        "XSENDER ", "MODSEQ ", "BINARY[", "BINARY.SIZE["};
    for (const char *n : names) {
        const QByteArrayView name(n);
        if (v.size() >= name.size() &&
            QByteArrayView(v.data(), name.size()).compare(name, Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

} // namespace

OverrunAnalyser::Result OverrunAnalyser::analyse(const QByteArray &afterLiteral)
{
    Result r;
    int tried = 0;
    for (qsizetype k = 0; k < afterLiteral.size() && tried < kMaxCandidates; ++k) {
        const char c = afterLiteral.at(k);
        const bool closeParen = c == ')' && afterLiteral.mid(k + 1, 2) == "\r\n";
        const bool item = c == ' ' && startsWithItemName(QByteArrayView(afterLiteral).sliced(k + 1));
        if (!closeParen && !item)
            continue;
        ++tried;
        if (continues(QByteArrayView(afterLiteral).sliced(k))) {
            r.extra = k;
            r.resumed = true;
            return r;
        }
    }
    r.extra = afterLiteral.size();
    return r;
}

} // namespace msim::fetch
