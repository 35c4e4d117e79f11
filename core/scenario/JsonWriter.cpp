// SPDX-License-Identifier: MIT
#include "scenario/JsonWriter.h"

#include <charconv>
#include <cstring>

namespace msim::scenario {

void JsonWriter::prefix(const char *key)
{
    constexpr qsizetype kPiece = 64 * 1024;
    if (m_sink && m_out.size() >= kPiece) {
        m_sink->write(m_out);
        m_out.truncate(0);
    }
    if (m_out.capacity() - m_out.size() < 4096)
        m_out.reserve(std::max<qsizetype>(64 * 1024, m_out.capacity() * 2));
    if (!m_first.isEmpty()) {
        if (!m_first.last())
            m_out.append(',');
        m_first.last() = false;
        m_out.append('\n');
        m_out.append(4 * m_first.size(), ' ');
    }
    if (key) {
        // Escaped like any string: a per-host pref's key holds a host named in a customer's file.
        escape(QByteArrayView(key, qsizetype(std::strlen(key))));
        m_out.append(": ", 2);
    }
}

void JsonWriter::escape(const QString &s)
{
    escape(QByteArrayView(s.toUtf8()));
}

void JsonWriter::escape(QByteArrayView u)
{
    static const char hex[] = "0123456789abcdef";
    m_out.append('"');
    for (char c : u) {
        const auto b = static_cast<unsigned char>(c);
        switch (c) {
        case '"':
            m_out += "\\\"";
            break;
        case '\\':
            m_out += "\\\\";
            break;
        case '\n':
            m_out += "\\n";
            break;
        case '\r':
            m_out += "\\r";
            break;
        case '\t':
            m_out += "\\t";
            break;
        default:
            if (b < 0x20) {
                m_out.append("\\u00", 4);
                m_out.append(hex[b >> 4]);
                m_out.append(hex[b & 0xf]);
            } else {
                m_out += c;
            }
        }
    }
    m_out += '"';
}

void JsonWriter::open(const char *key, char bracket)
{
    prefix(key);
    m_out += bracket;
    m_first.append(true);
}

void JsonWriter::close(char bracket)
{
    const bool empty = m_first.takeLast();
    if (!empty) {
        m_out += '\n';
        m_out += QByteArray(4 * m_first.size(), ' ');
    }
    m_out += bracket;
}

void JsonWriter::beginObject(const char *key)
{
    open(key, '{');
}
void JsonWriter::endObject()
{
    close('}');
}
void JsonWriter::beginArray(const char *key)
{
    open(key, '[');
}
void JsonWriter::endArray()
{
    close(']');
}

void JsonWriter::value(const char *key, const QString &s)
{
    prefix(key);
    escape(s);
}

void JsonWriter::value(const char *key, qint64 n)
{
    prefix(key);
    char buf[24];
    const auto r = std::to_chars(buf, buf + sizeof buf, n);
    m_out.append(buf, r.ptr - buf);
}

void JsonWriter::value(const char *key, QByteArrayView utf8)
{
    prefix(key);
    escape(utf8);
}

void JsonWriter::value(const char *key, bool b)
{
    prefix(key);
    m_out += b ? "true" : "false";
}

void JsonWriter::null(const char *key)
{
    prefix(key);
    m_out += "null";
}

void JsonWriter::string(const QString &s)
{
    prefix(nullptr);
    escape(s);
}

QByteArray JsonWriter::take()
{
    m_out += '\n';
    if (m_sink) {
        m_sink->write(m_out);
        m_out = QByteArray();
        return {};
    }
    return std::exchange(m_out, QByteArray());
}

} // namespace msim::scenario
