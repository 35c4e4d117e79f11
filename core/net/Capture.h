// SPDX-License-Identifier: MIT
#pragma once

#include "net/Transcript.h"

#include <QByteArray>
#include <QHostAddress>
#include <QList>
#include <QString>
#include <QStringList>

#include <memory>

class QIODevice;

namespace msim::net {

// A pcapng writer (the PCAP Next Generation format, IETF draft-ietf-opsawg-pcapng): one Section
// Header Block with comments, one Interface Description Block of link type LINKTYPE_RAW (101:
// each packet an IPv4 or IPv6 header), and an Enhanced Packet Block per synthesised TCP segment.
// msim records octets above TLS, not packets, so each connection becomes one TCP stream with a
// three-way handshake and data segments whose sequence numbers follow the octets written;
// Wireshark and tshark reassemble it like a stream tcpdump saw. Our own small writer: libpcap
// writes classic pcap only, which has no comments (DESIGN.md §2, net). Not thread-safe.
class PcapngWriter
{
public:
    static constexpr int kLinkTypeRaw = 101;
    static constexpr qsizetype kMaxSegment = 32768; // payload octets per segment
    // Octets of one comment: a pcapng option's length is 16 bits. A longer comment is cut at the
    // last whole UTF-8 character that fits and ends in "…".
    static constexpr qsizetype kMaxComment = 65535;
    static constexpr int kMaxFlows = 1 << 20; // connections in one capture

    // Writes to `out`, which must be open for writing and stay open while this writer lives.
    explicit PcapngWriter(QIODevice *out);

    // The section header (each of `comments` one opt_comment, `application` the
    // shb_userappl) and the interface. Call once, first.
    bool begin(const QStringList &comments, const QString &application);

    struct Flow
    {
        QHostAddress client;
        quint16 clientPort = 0;
        QHostAddress server;
        quint16 serverPort = 0;
    };
    // A new TCP stream: SYN, SYN-ACK and ACK at `usecs` (microseconds since 1970, UTC), the
    // SYN carrying `comment`. Returns its id, or -1 (errorString()) when the two addresses are
    // not of one family or kMaxFlows is reached.
    int open(const Flow &flow, qint64 usecs, const QString &comment = {});
    // `octets` sent on stream `id` by the client (or the server) at `usecs`, as segments of at
    // most kMaxSegment octets with PSH on the last; `comment` goes on the first.
    bool send(int id, bool fromClient, qint64 usecs, QByteArrayView octets,
              const QString &comment = {});
    // FIN from one side, answered by the other's FIN and the last ACK.
    bool close(int id, bool fromClient, qint64 usecs, const QString &comment = {});

    qint64 packets() const { return m_packets; }
    bool ok() const { return m_error.isEmpty(); }
    QString errorString() const { return m_error; }

private:
    struct Stream
    {
        Flow flow;
        quint32 clientSeq = 0; // next sequence number of each side
        quint32 serverSeq = 0;
        bool v6 = false;
    };
    bool packet(const Stream &s, bool fromClient, quint8 flags, QByteArrayView payload,
                qint64 usecs, const QString &comment);
    bool write(const QByteArray &block);

    QIODevice *m_out;
    QList<Stream> m_streams;
    QByteArray m_packet; // reused
    qint64 m_packets = 0;
    QString m_error;
};

// A capture written as it happens, for a server that runs until it is stopped (msim-cli serve
// --pcap): each call appends its packets and flushes them to the file at once, so a capture
// stopped by a signal or a crash holds everything up to that moment. Times are the wall clock
// at each call. Thread-safe (one mutex around the writer).
class CaptureFile
{
public:
    // A server left running with --pcap must not fill the disk: past this many octets nothing
    // more is recorded, and errorString() (and one warning in the msim.net log) says so.
    static constexpr qint64 kMaxFileOctets = 2LL * 1024 * 1024 * 1024;

    // Creates (truncates) `path` and writes the section header with `comments`; records at
    // most `maxOctets` octets in all. Null with *error naming the file on failure.
    static std::shared_ptr<CaptureFile> create(const QString &path, const QStringList &comments,
                                               QString *error, qint64 maxOctets = kMaxFileOctets);
    ~CaptureFile();

    // A connection accepted now: its id for the calls below, or -1 once the capture failed
    // (errorString(); the server goes on without it).
    int open(const PcapngWriter::Flow &flow, const QString &comment);
    void client(int id, QByteArrayView octets, const QString &comment = {});
    void server(int id, QByteArrayView octets, const QString &comment = {});
    void close(int id, bool byClient);
    QString errorString() const;
    QString path() const { return m_path; }

private:
    CaptureFile() = default;
    struct Private;
    std::unique_ptr<Private> d;
    QString m_path;
};
using CaptureFilePtr = std::shared_ptr<CaptureFile>;

// One connection of a capture: its transcript and the name the capture gives it (a matrix
// prefixes its cell: "ssl, chunks on, 6144: connection 1: …").
struct CaptureSource
{
    QString label;
    TranscriptPtr transcript;
};
// Each transcript under its own label, prefixed by `prefix` (with ": ") when one is given.
QList<CaptureSource> captureSources(const QList<TranscriptPtr> &transcripts,
                                    const QString &prefix = {});

// The capture of a run (DESIGN.md §4 CAPTURE): every connection that reached TCP as one stream,
// in time order across connections, holding the octets its transcript holds, so the client's
// login arguments are the "<redacted>" the transcript stored and the sequence numbers follow
// those octets. The section comment holds `comments` (who wrote it, the server or profile), one
// line per connection (its label, addresses and security), the redaction notice, and how to
// make Wireshark decode a non-standard port as IMAP; each connection's SYN carries its label.
// A transcript that never connected (or was read back from a report) is named in the comment
// and has no stream. Written atomically (QSaveFile); false with *error naming the file.
bool writeCapture(const QString &path, const QList<CaptureSource> &sources,
                  const QStringList &comments, QString *error);
// The same into `out`.
bool writeCapture(QIODevice *out, const QList<CaptureSource> &sources, const QStringList &comments,
                  QString *error);

// The sentence every capture's comment gives about credentials (client and built-in server).
QString captureRedactionNotice();
// How to make Wireshark decode `port` as IMAP (it does so on 143 only); empty for 143.
QString captureDecodeHint(quint16 port);

} // namespace msim::net
