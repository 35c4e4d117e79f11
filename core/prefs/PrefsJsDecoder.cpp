// SPDX-License-Identifier: MIT
#include "prefs/PrefsJsDecoder.h"

#include <QStringDecoder>

#include <algorithm>

namespace msim::prefs {

namespace {

// UTF-16 without a byte-order mark: ASCII text in it has a NUL in every other octet. Returns
// the endianness that fits (0 none, 1 little, 2 big).
int sniffUtf16(QByteArrayView bytes)
{
    const qsizetype n = std::min(bytes.size(), PrefsJsDecoder::kSniffOctets) & ~qsizetype(1);
    if (n < 4)
        return 0;
    qsizetype evenNul = 0;
    qsizetype oddNul = 0;
    for (qsizetype i = 0; i < n; i += 2) {
        evenNul += bytes[i] == '\0';
        oddNul += bytes[i + 1] == '\0';
    }
    const qsizetype pairs = n / 2;
    if (oddNul * 10 >= pairs * 9 && evenNul * 10 < pairs)
        return 1;
    if (evenNul * 10 >= pairs * 9 && oddNul * 10 < pairs)
        return 2;
    return 0;
}

} // namespace

bool PrefsJsDecoder::isUtf8(QByteArrayView bytes)
{
    QStringDecoder utf8(QStringConverter::Utf8, QStringConverter::Flag::Stateless);
    const QString text = utf8(bytes); // (the decoder works when its result is taken)
    return !utf8.hasError();
}

PrefsJsDecoder::Decoded PrefsJsDecoder::decode(QByteArrayView bytes)
{
    const auto utf16 = [&](QStringConverter::Encoding e, qsizetype skip, const QString &name) {
        QStringDecoder decoder(e, QStringConverter::Flag::Stateless);
        const QString text = decoder(bytes.sliced(skip));
        return Decoded{text.toUtf8(),
                       name + (decoder.hasError()
                                   ? QStringLiteral(", with invalid UTF-16 shown as U+FFFD")
                                   : QString()),
                       false};
    };
    if (bytes.startsWith("\xFF\xFE"))
        return utf16(QStringConverter::Utf16LE, 2,
                     QStringLiteral("UTF-16LE with a byte-order mark"));
    if (bytes.startsWith("\xFE\xFF"))
        return utf16(QStringConverter::Utf16BE, 2,
                     QStringLiteral("UTF-16BE with a byte-order mark"));
    if (bytes.startsWith("\xEF\xBB\xBF"))
        return {bytes.sliced(3).toByteArray(), QStringLiteral("UTF-8 with a byte-order mark"),
                false};
    switch (sniffUtf16(bytes)) {
    case 1:
        return utf16(QStringConverter::Utf16LE, 0,
                     QStringLiteral("UTF-16LE without a byte-order mark, recognised by its NUL "
                                    "bytes"));
    case 2:
        return utf16(QStringConverter::Utf16BE, 0,
                     QStringLiteral("UTF-16BE without a byte-order mark, recognised by its NUL "
                                    "bytes"));
    default:
        break;
    }
    if (isUtf8(bytes))
        return {bytes.toByteArray(), QStringLiteral("UTF-8"), false};
    return {QString::fromLatin1(bytes).toUtf8(), QStringLiteral("Latin-1: not valid UTF-8"), true};
}

} // namespace msim::prefs
