#pragma once

#include <QByteArray>

namespace msim::testsupport {

// Writes the client lines of a scenario with Messenger-style tags: a decimal counter per
// connection starting at 1, so scenarios read like the KB's `11 UID fetch 320 (...)`.
class TagGenerator
{
public:
    explicit TagGenerator(int first = 1)
        : m_next(first)
    {
    }
    // "C: <tag> <text>" for the next tag.
    QByteArray client(const QByteArray &text) { return QByteArray::number(m_next++) + ' ' + text; }
    // The tag the last client() used, for the tagged reply.
    QByteArray last() const { return QByteArray::number(m_next - 1); }
    QByteArray ok(const QByteArray &text = "completed") const { return last() + " OK " + text; }
    int next() const { return m_next; }

private:
    int m_next;
};

} // namespace msim::testsupport
