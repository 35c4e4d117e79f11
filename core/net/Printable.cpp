// SPDX-License-Identifier: MIT
#include "net/Printable.h"

namespace msim::net::printable {

namespace {

constexpr char kHex[] = "0123456789abcdef";

void appendHex(QString &out, char16_t c)
{
    if (c <= 0xff) {
        out += QLatin1String("\\x");
        out += QLatin1Char(kHex[(c >> 4) & 0xf]);
        out += QLatin1Char(kHex[c & 0xf]);
        return;
    }
    out += QLatin1String("\\u");
    for (int shift = 12; shift >= 0; shift -= 4)
        out += QLatin1Char(kHex[(c >> shift) & 0xf]);
}

bool isBidiControl(char16_t c)
{
    return (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069);
}

// How the code unit at i is shown: 0 = as is, 1 = escaped; lone surrogates are escaped, a valid
// pair is kept (the caller copies both units).
bool escapes(QStringView s, qsizetype i, Breaks breaks)
{
    const char16_t c = s[i].unicode();
    if (c == u'\n')
        return breaks == Breaks::Escape;
    if (c == u'\t')
        return false; // harmless on a terminal and in the GUI
    if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || isBidiControl(c))
        return true;
    if (QChar::isHighSurrogate(c))
        return !(i + 1 < s.size() && QChar::isLowSurrogate(s[i + 1].unicode()));
    if (QChar::isLowSurrogate(c))
        return !(i > 0 && QChar::isHighSurrogate(s[i - 1].unicode()));
    return false;
}

} // namespace

QString octets(QByteArrayView bytes)
{
    QString out;
    out.reserve(bytes.size());
    for (char ch : bytes) {
        const auto c = static_cast<unsigned char>(ch);
        if (c == '\\')
            out += QLatin1String("\\\\");
        else if (c >= 0x20 && c < 0x7f)
            out += QLatin1Char(ch);
        else if (c == '\t')
            out += QLatin1String("\\t");
        else
            appendHex(out, c);
    }
    return out;
}

bool needsEscaping(QStringView s, Breaks breaks)
{
    for (qsizetype i = 0; i < s.size(); ++i)
        if (escapes(s, i, breaks))
            return true;
    return false;
}

QString text(QStringView s, Breaks breaks)
{
    if (!needsEscaping(s, breaks))
        return s.toString();
    QString out;
    out.reserve(s.size() + 16);
    for (qsizetype i = 0; i < s.size(); ++i) {
        const char16_t c = s[i].unicode();
        if (!escapes(s, i, breaks))
            out += QChar(c);
        else
            appendHex(out, c);
    }
    return out;
}

} // namespace msim::net::printable
