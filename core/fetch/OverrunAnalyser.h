// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>

namespace msim::fetch {

// Counts the octets of an unframed overrun (DESIGN.md §3): given what followed a literal up to
// the command's tagged completion (or the close, or the drain timeout), finds where the FETCH
// response's grammar resumes (")" CRLF, or " ITEM value ... )" CRLF, followed only by complete
// responses). Everything before that point is overrun. Bounded: it tries at most
// kMaxCandidates resume points.
class OverrunAnalyser
{
public:
    static constexpr int kMaxCandidates = 20000;

    struct Result
    {
        qint64 extra = 0;         // octets that do not parse
        bool resumed = false;     // a valid continuation was found after them
    };
    static Result analyse(const QByteArray &afterLiteral);
};

} // namespace msim::fetch
