// SPDX-License-Identifier: MIT
#include "prefs/PrefsJsWriter.h"

#include "prefs/PrefsJsDecoder.h"

#include <algorithm>

namespace msim::prefs {

namespace {

const char kHeader[] = "// Netscape User Preferences\n"
                       "// This is a generated file!  Do not edit.\n"
                       "\n";

// Length of the valid UTF-8 sequence at `i`, or 0.
qsizetype utf8Sequence(QByteArrayView s, qsizetype i)
{
    const quint8 c = quint8(s[i]);
    qsizetype len = 0;
    char32_t cp = 0;
    if (c < 0x80)
        return 1;
    if (c >= 0xC2 && c <= 0xDF) {
        len = 2;
        cp = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
        len = 3;
        cp = c & 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        len = 4;
        cp = c & 0x07;
    } else {
        return 0;
    }
    if (i + len > s.size())
        return 0;
    for (qsizetype k = 1; k < len; ++k) {
        const quint8 d = quint8(s[i + k]);
        if ((d & 0xC0) != 0x80)
            return 0;
        cp = (cp << 6) | (d & 0x3F);
    }
    if ((len == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) ||
        (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)))
        return 0;
    return len;
}

// How non-ASCII characters are written: as UTF-8, as Latin-1 (past U+00FF as \uNNNN), or all
// as \uNNNN (pure ASCII output).
enum class Charset { Utf8, Latin1, Ascii };

// A string's octets as a prefs.js literal body that reads back as the same octets.
QByteArray escaped(QByteArrayView bytes, Charset charset)
{
    QByteArray out;
    out.reserve(bytes.size() + 2);
    const auto hex = [&](uint v, int width) {
        out += QByteArray::number(v, 16).rightJustified(width, '0');
    };
    for (qsizetype i = 0; i < bytes.size();) {
        const char c = bytes[i];
        const qsizetype len = utf8Sequence(bytes, i);
        if (len == 0) { // not UTF-8: a raw octet, which only \xNN keeps exactly
            out += "\\x";
            hex(quint8(c), 2);
            ++i;
            continue;
        }
        if (len == 1) {
            switch (c) {
            case '\\':
                out += "\\\\";
                break;
            case '"':
                out += "\\\"";
                break;
            case '\n':
                out += "\\n";
                break;
            case '\r':
                out += "\\r";
                break;
            default:
                out += c;
            }
            ++i;
            continue;
        }
        if (charset == Charset::Utf8) {
            out += bytes.sliced(i, len);
        } else {
            const QString ch = QString::fromUtf8(bytes.sliced(i, len));
            if (charset == Charset::Latin1 && ch.size() == 1 && ch[0].unicode() <= 0xFF) {
                out += char(ch[0].unicode());
            } else {
                for (const QChar unit : ch) {
                    out += "\\u";
                    hex(unit.unicode(), 4);
                }
            }
        }
        i += len;
    }
    return out;
}

QByteArray valueText(const PrefsJsStatement &s, Charset charset)
{
    switch (s.value.typeId()) {
    case QMetaType::Bool:
        return s.value.toBool() ? QByteArray("true") : QByteArray("false");
    case QMetaType::Int:
    case QMetaType::LongLong:
    case QMetaType::Long:
    case QMetaType::Short:
    case QMetaType::SChar:
        if (!s.literal.isEmpty())
            return s.literal;
        return QByteArray::number(s.value.toLongLong());
    case QMetaType::UInt:
    case QMetaType::ULongLong:
    case QMetaType::ULong:
    case QMetaType::UShort:
    case QMetaType::UChar:
        return QByteArray::number(s.value.toULongLong());
    case QMetaType::QString: {
        const QByteArray bytes = s.bytes.isEmpty() ? s.value.toString().toUtf8() : s.bytes;
        return '"' + escaped(bytes, charset) + '"';
    }
    default:
        return QByteArray();
    }
}

QByteArray writeIn(const QList<PrefsJsStatement> &statements, Charset charset)
{
    QList<QByteArray> lines;
    lines.reserve(statements.size());
    for (const PrefsJsStatement &s : statements) {
        const QByteArray value = valueText(s, charset);
        const QByteArray name = s.nameBytes.isEmpty() ? s.name.toUtf8() : s.nameBytes;
        if (name.isEmpty() || value.isEmpty())
            continue;
        QByteArray line = PrefsJsStatement::functionName(s.function).toLatin1() + "(\"" +
                          escaped(name, charset) + "\", " + value;
        if (s.sticky)
            line += ", sticky";
        if (s.locked)
            line += ", locked";
        line += ");";
        lines.append(line);
    }
    // Byte order of the whole line (QByteArray compares bytes as unsigned), as 4.x sorted them.
    std::sort(lines.begin(), lines.end());
    QByteArray out(kHeader);
    for (const QByteArray &line : std::as_const(lines)) {
        out += line;
        out += '\n';
    }
    return out;
}

bool isAscii(QByteArrayView bytes)
{
    return std::all_of(bytes.cbegin(), bytes.cend(), [](char c) { return quint8(c) < 0x80; });
}

} // namespace

QByteArray PrefsJsWriter::write(const QList<PrefsJsStatement> &statements, bool latin1)
{
    if (!latin1)
        return writeIn(statements, Charset::Utf8);
    const QByteArray out = writeIn(statements, Charset::Latin1);
    // Latin-1 octets that also read as valid UTF-8 ("Ã©") would come back as other characters:
    // then every non-ASCII character is written as \uNNNN, which reads back the same anywhere.
    if (!isAscii(out) && PrefsJsDecoder::isUtf8(out))
        return writeIn(statements, Charset::Ascii);
    return out;
}

} // namespace msim::prefs
