#include "prefs/PrefsJsToken.h"

#include "prefs/PrefsJsQuote.h"

namespace msim::prefs {

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
    case Kind::Plus:
        return QStringLiteral("\"+\"");
    case Kind::Minus:
        return QStringLiteral("\"-\"");
    case Kind::LParen:
        return QStringLiteral("\"(\"");
    case Kind::RParen:
        return QStringLiteral("\")\"");
    case Kind::Comma:
        return QStringLiteral("\",\"");
    case Kind::Semicolon:
        return QStringLiteral("\";\"");
    }
    return QString();
}

} // namespace msim::prefs
