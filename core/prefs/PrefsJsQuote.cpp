// SPDX-License-Identifier: MIT
#include "prefs/PrefsJsQuote.h"

#include "net/Printable.h"

namespace msim::prefs {

namespace {

QString cutTo(const QString &s, qsizetype chars)
{
    return net::printable::text(s.size() > chars ? s.left(chars) + QStringLiteral("...") : s);
}

} // namespace

QString PrefsJsQuote::fragment(const QString &s)
{
    return cutTo(s, kFragmentChars);
}

QString PrefsJsQuote::line(const QString &s)
{
    return cutTo(s, kLineChars);
}

} // namespace msim::prefs
