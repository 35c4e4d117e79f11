// SPDX-License-Identifier: MIT
#include "prefs/PrefsJsToken.h"

#include "prefs/PrefsJsQuote.h"

#include <algorithm>
#include <utility>

namespace msim::prefs {

namespace {

constexpr std::pair<char, PrefsJsToken::Kind> kPunctuation[] = {
    {'(', PrefsJsToken::Kind::LParen}, {')', PrefsJsToken::Kind::RParen},
    {',', PrefsJsToken::Kind::Comma},  {';', PrefsJsToken::Kind::Semicolon},
    {'+', PrefsJsToken::Kind::Plus},   {'-', PrefsJsToken::Kind::Minus}};

} // namespace

std::optional<PrefsJsToken::Kind> PrefsJsToken::punctuation(char c)
{
    const auto *it = std::find_if(std::begin(kPunctuation), std::end(kPunctuation),
                                  [c](const auto &entry) { return entry.first == c; });
    return it == std::end(kPunctuation) ? std::nullopt : std::optional<Kind>(it->second);
}

char PrefsJsToken::punctuationChar(Kind kind)
{
    const auto *it = std::find_if(std::begin(kPunctuation), std::end(kPunctuation),
                                  [kind](const auto &entry) { return entry.second == kind; });
    return it == std::end(kPunctuation) ? '\0' : it->first;
}

QString PrefsJsToken::describe() const
{
    switch (kind) {
    case Kind::End:
    case Kind::Nul:
        return QStringLiteral("the end of the file");
    case Kind::Ident:
    case Kind::Bad:
        return u'"' + PrefsJsQuote::fragment(QString::fromUtf8(word)) + u'"';
    case Kind::String:
        return QStringLiteral("the string \"") + PrefsJsQuote::fragment(QString::fromUtf8(bytes)) +
               u'"';
    case Kind::Number:
        return QStringLiteral("the number ") + QString::number(number);
    default:
        return QStringLiteral("\"") + QLatin1Char(punctuationChar(kind)) + u'"';
    }
    return QString();
}

} // namespace msim::prefs
