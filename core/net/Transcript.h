// SPDX-License-Identifier: MIT
#pragma once

#include "net/NameTable.h"

#include <QByteArray>
#include <QElapsedTimer>
#include <QHostAddress>
#include <QList>
#include <QString>

#include <memory>
#include <optional>

namespace msim::net {

// The wire log of one connection: every octet in both directions, timestamped, with its offset
// in that direction's stream. Server octets are kept verbatim (they are the evidence); client
// octets are stored already redacted, so a credential never reaches memory that a report, the
// GUI or a log could render. Higher layers annotate server ranges (literal bodies, unframed
// overrun octets) so that every rendering can summarise or highlight them.
//
// Memory: the server stream is kept once, in one growing buffer (every octet received, in
// order); client and note entries share a second buffer. An entry is a range of one of them,
// so a 20 000-message run costs its octets, not one allocation (and its slack) per read.
class Transcript
{
public:
    enum class Direction { Client, Server, Note };
    enum class MarkKind { Literal, Overrun };

    struct Entry
    {
        qint64 msecs = 0; // since the transcript began (monotonic)
        qint64 usecs = 0; // the same in microseconds, for a capture's packet times
        Direction direction = Direction::Note;
        qint64 offset = 0; // offset of the first octet in this direction's stream (real octets)
        qint64 length = 0; // real octets on the wire (client entries may render shorter)
        // Where octets(entry) lie in the transcript's buffers: verbatim (server), redacted
        // (client), UTF-8 text (note).
        qint64 stored = 0;
        qint64 storedLength = 0;
    };
    struct Mark
    {
        qint64 offset = 0; // server stream offset
        qint64 length = 0;
        MarkKind kind = MarkKind::Literal;
    };
    // A range [begin, end) of a client write that holds a secret; it is replaced by
    // kRedacted before the write is stored.
    struct Secret
    {
        qsizetype begin = 0;
        qsizetype end = 0;
    };
    static constexpr char kRedacted[] = "<redacted>";

    explicit Transcript(QString label = {});

    // Where the connection's octets travelled, for a capture (Capture.h): the socket's own
    // address and port, the peer's, the transport (securityName()), and when TCP came up
    // (microseconds on this transcript's clock). Set by the Connection once connected.
    struct Wire
    {
        QHostAddress local;
        quint16 localPort = 0;
        QHostAddress peer;
        quint16 peerPort = 0;
        QString security;
        qint64 usecs = 0;
    };
    void setWire(Wire wire);
    const std::optional<Wire> &wire() const { return m_wire; }
    qint64 usecsSinceStart() const { return m_clock.nsecsElapsed() / 1000; }
    // The wall clock when the transcript began, in microseconds since 1970 (UTC): entry times
    // plus this are the moments a capture gives its packets.
    qint64 startedUsecs() const { return m_startedUsecs; }

    QString label() const { return m_label; }
    void setLabel(const QString &label) { m_label = label; }

    // The octet strings a server must not get into this record (the password and its base64
    // and AUTHENTICATE PLAIN forms: imap::Credentials::secretForms()). From now on each
    // occurrence in received octets is overwritten in storage with '*' of the same length, as
    // the octets arrive (also when one straddles two reads), so the length of every entry, mark
    // and offset stays true and no rendering, capture or analysis of this record can see it;
    // notes get kRedacted instead. Forms shorter than kMinSecretForm are ignored; at most
    // kMaxSecretForms, each at most kMaxSecretFormOctets.
    void setSecrets(QList<QByteArray> forms);
    static constexpr qsizetype kMinSecretForm = 4;
    static constexpr qsizetype kMaxSecretForms = 8;
    static constexpr qsizetype kMaxSecretFormOctets = 4096;
    static constexpr char kSecretFill = '*';
    // The same masking on any octets: each occurrence of a form in `bytes` at or after `from`
    // overwritten with kSecretFill (forms looked for before any is overwritten). For comparing
    // octets with what this record holds of them.
    static void maskSecrets(QByteArray &bytes, const QList<QByteArray> &forms, qsizetype from = 0);
    // `text` with every secret form (as octets and as escape() shows them) replaced by
    // kRedacted: for a message built from server text elsewhere (an error, a note).
    QString maskedText(QString text) const;

    void recordSent(const QByteArray &bytes, const QList<Secret> &secrets = {});
    void recordReceived(const QByteArray &bytes);
    void note(const QString &text);
    void mark(qint64 serverOffset, qint64 length, MarkKind kind);

    const QList<Entry> &entries() const { return m_entries; }
    // What an entry of this transcript holds: server octets verbatim, client octets redacted,
    // a note as UTF-8. The view is valid until the next record*() or note() call.
    QByteArrayView octets(const Entry &e) const;
    const QList<Mark> &marks() const { return m_marks; }
    qint64 receivedTotal() const { return m_server.size(); }
    qint64 sentTotal() const { return m_sent; }

    // Server octets in [from, to) (clamped to what arrived), verbatim: a copy of that slice.
    QByteArray received(qint64 from, qint64 to) const;

    // One readable line of the transcript: what the GUI shows and transcript.txt prints.
    struct Line
    {
        enum class Kind { Client, Server, Note, Literal, Overrun };
        qint64 msecs = 0;
        qint64 offset = 0; // stream offset of the first octet shown on this line
        Kind kind = Kind::Note;
        QString text; // printable: non-printing octets escaped as \xHH
    };
    // Lines, with literal bodies summarised as "[literal: N octets]" (literalPreview octets of
    // it shown first, 0 for none) and overrun octets shown in full on lines of their own.
    // A transcript read back from its text (TranscriptTextReader): lines() returns them.
    QList<Line> lines(int literalPreview = 0) const;
    QString renderText(int literalPreview = 0) const;

    // Server octets as printable text: printable::octets() (Printable.h), kept under this name.
    static QString escape(QByteArrayView bytes);

    // A transcript read back from its rendered text (a report's transcript.txt): it holds the
    // lines as written, not octets (a literal stays its "[literal: N octets]" summary), so
    // entries() and marks() are empty and lines() returns `lines` whatever the preview asked.
    static std::shared_ptr<Transcript> restored(QString label, QList<Line> lines);
    bool isRestored() const { return m_restored; }

private:
    QString m_label;
    QElapsedTimer m_clock;
    qint64 m_startedUsecs = 0;
    std::optional<Wire> m_wire;
    QList<Entry> m_entries;
    QList<Mark> m_marks;
    QByteArray m_server; // every server octet, in stream order
    QByteArray m_text;   // client entries (redacted) and notes, one after another
    qint64 m_sent = 0;
    bool m_restored = false;
    QList<Line> m_restoredLines;
    QList<QByteArray> m_secrets;
    qsizetype m_longestSecret = 0;
};

using TranscriptPtr = std::shared_ptr<Transcript>;

// Every connection of a run rendered one after another (renderText(), each followed by an
// empty line): transcript.txt.
QString renderAll(const QList<TranscriptPtr> &transcripts);

// The one table of a rendered line's prefix per kind (renderText() writes it, TranscriptTextReader
// reads it): a literal's summary is an "S:" line like the server's others, so parsing "S:" gives
// Server and the reader tells a literal by its "[literal: N octets]" text.
inline constexpr auto kLinePrefixes =
    nameTable<Transcript::Line::Kind>({{Transcript::Line::Kind::Client, "C:"},
                                       {Transcript::Line::Kind::Server, "S:"},
                                       {Transcript::Line::Kind::Literal, "S:"},
                                       {Transcript::Line::Kind::Overrun, "S!"},
                                       {Transcript::Line::Kind::Note, "--"}});

} // namespace msim::net
