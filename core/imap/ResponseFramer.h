// SPDX-License-Identifier: MIT
#pragma once

#include "imap/RawResponse.h"

#include <QByteArrayView>
#include <QString>

namespace msim::imap {

// Cuts a server byte stream into complete responses: CRLF-terminated lines and {n} literals
// (RFC 3501 §4.3), streaming and indifferent to how the bytes were split. Literal bodies are
// copied once, straight from the input into their own buffer, which is never grown past the
// announced size. Every limit of imap/Limits.h is enforced; the first violation stops the
// framer with an error naming the stream offset and the raw line.
class ResponseFramer
{
public:
    enum class Error {
        None,
        LineTooLong,
        ResponseTooLarge,
        LiteralTooLarge,
        MalformedLiteral,
        TooManyLiterals
    };

    // Room set aside for a literal when its count is read (at most its count). Address space
    // only (pages are touched as octets arrive), so a 5 MiB message is received without
    // regrowing; bigger literals grow geometrically from here, never past their count.
    static constexpr qint64 kInitialLiteralReserve = 16 * 1024 * 1024;

    // The client side uses imap/Limits.h; the built-in server frames client commands (the same
    // grammar of lines and literals) with tighter limits of its own.
    struct Limits
    {
        qint64 maxLineOctets;
        qint64 maxTextOctets;
        qint64 maxLiteralOctets;
        int maxLiterals;
    };
    static Limits clientLimits();

    ResponseFramer()
        : m_limits(clientLimits())
    {}
    explicit ResponseFramer(const Limits &limits)
        : m_limits(limits)
    {}

    // Appends each response completed by `data` to `out`. Returns false once in error.
    bool feed(QByteArrayView data, QList<RawResponse> &out);

    Error error() const { return m_error; }
    QString errorString() const { return m_errorString; }   // message, offset and raw line
    QString errorMessage() const { return m_errorMessage; } // what was wrong, alone
    qint64 errorOffset() const { return m_errorOffset; }
    QByteArray errorLine() const { return m_errorLine; }

    qint64 offset() const { return m_offset; } // octets consumed so far

    // The response being assembled (what arrived of it), for reports after a disconnect.
    bool inResponse() const { return m_inResponse; }
    const RawResponse &partial() const { return m_current; }
    bool inLiteral() const { return m_literalRemaining > 0; }
    qint64 literalDeclared() const { return m_literalDeclared; }
    QByteArray partialLine() const { return m_line; }

private:
    bool endLine();
    bool fail(Error e, qint64 offset, const QByteArray &line, const QString &message);

    Limits m_limits;
    RawResponse m_current;
    bool m_inResponse = false;
    QByteArray m_line;
    qint64 m_lineOffset = 0;
    qint64 m_textOctets = 0;
    qint64 m_literalRemaining = 0;
    qint64 m_literalDeclared = 0;
    qint64 m_offset = 0;
    Error m_error = Error::None;
    QString m_errorString;
    QString m_errorMessage;
    qint64 m_errorOffset = -1;
    QByteArray m_errorLine;
};

} // namespace msim::imap
