// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QIODevice>
#include <QList>
#include <QString>

namespace msim::scenario {

// The one JSON writer of msim (DESIGN.md §2): a small streaming writer (RFC 8259), indented with
// four spaces like QJsonDocument's Indented form but keeping keys in the order written. msim-cli
// uses it for the fetch object: building it through QJsonObject cost about half of a chunk's CPU
// time (callgrind).
class JsonWriter
{
public:
    // With a sink, what is written goes out to it in pieces of about 64 KiB (a 20 000-message
    // fetch object is 24 MB) and take() writes the rest there and returns nothing.
    explicit JsonWriter(QIODevice *sink = nullptr)
        : m_sink(sink)
    {}

    void beginObject(const char *key = nullptr);
    void endObject();
    void beginArray(const char *key = nullptr);
    void endArray();
    void value(const char *key, const QString &s);
    void value(const char *key, qint64 n);
    void value(const char *key, QByteArrayView utf8);
    void value(const char *key, bool b);
    void null(const char *key);
    void string(const QString &s); // an array element

    QByteArray take(); // the whole object and a final LF (with a sink: written there, {})

private:
    void prefix(const char *key);
    void open(const char *key, char bracket);
    void close(char bracket);
    void escape(const QString &s);
    void escape(QByteArrayView utf8);

    QIODevice *m_sink = nullptr;
    QByteArray m_out;
    QList<bool> m_first; // per open container: nothing written in it yet
};

} // namespace msim::scenario
