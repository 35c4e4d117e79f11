// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

namespace msim::prefs {

// Recognises the encoding of a prefs.js and gives its text as UTF-8 (MESSENGER45.md §7): UTF-8
// with or without a byte-order mark, UTF-16 with a byte-order mark (or without one when its NUL
// bytes make it plain), else Latin-1 (what 4.x on Windows wrote).
class PrefsJsDecoder
{
public:
    // How many leading octets are looked at to recognise UTF-16 without a byte-order mark.
    static constexpr qsizetype kSniffOctets = 512;

    // The file's bytes as UTF-8, and what they were.
    struct Decoded
    {
        QByteArray utf8;
        QString encoding; // PrefsJsReadResult::encoding's sentences
        bool latin1 = false;
    };

    // Any octets (no size limit here: PrefsJs::parse() bounds them first).
    static Decoded decode(QByteArrayView bytes);
    // Whether `bytes` is valid UTF-8 as a whole.
    static bool isUtf8(QByteArrayView bytes);
};

} // namespace msim::prefs
