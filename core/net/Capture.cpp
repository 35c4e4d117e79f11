// SPDX-License-Identifier: MIT
#include "net/Capture.h"

#include "net/Logging.h"

#include <QCoreApplication>
#include <QFile>
#include <QIODevice>
#include <QMutex>
#include <QSaveFile>
#include <QSet>

#include <algorithm>
#include <chrono>

namespace msim::net {

namespace {

constexpr quint32 kSectionHeader = 0x0A0D0D0A;
constexpr quint32 kInterfaceDescription = 1;
constexpr quint32 kEnhancedPacket = 6;
constexpr quint16 kOptEnd = 0;
constexpr quint16 kOptComment = 1;
constexpr quint16 kIfName = 2;
constexpr quint16 kShbUserAppl = 4;

constexpr quint8 kFin = 0x01;
constexpr quint8 kSyn = 0x02;
constexpr quint8 kPsh = 0x08;
constexpr quint8 kAck = 0x10;
constexpr quint16 kImapPort = 143;

void put16(QByteArray &b, quint16 v) // pcapng fields: host order (little-endian here)
{
    b.append(reinterpret_cast<const char *>(&v), 2);
}
void put32(QByteArray &b, quint32 v)
{
    b.append(reinterpret_cast<const char *>(&v), 4);
}
void be16(QByteArray &b, quint16 v) // network order, for IP and TCP headers
{
    b.append(char(v >> 8));
    b.append(char(v & 0xff));
}
void be32(QByteArray &b, quint32 v)
{
    be16(b, quint16(v >> 16));
    be16(b, quint16(v & 0xffff));
}
void pad4(QByteArray &b)
{
    while (b.size() % 4)
        b.append('\0');
}

void option(QByteArray &b, quint16 code, const QByteArray &value)
{
    QByteArray v = value;
    if (v.size() > PcapngWriter::kMaxComment) {
        const QByteArray ellipsis = "\xe2\x80\xa6"; // …
        qsizetype cut = PcapngWriter::kMaxComment - ellipsis.size();
        while (cut > 0 && (quint8(v[cut]) & 0xC0) == 0x80) // not inside a UTF-8 character
            --cut;
        v = v.left(cut) + ellipsis;
    }
    put16(b, code);
    put16(b, quint16(v.size()));
    b += v;
    pad4(b);
}

// A block: type, total length, body, total length again.
QByteArray block(quint32 type, const QByteArray &body)
{
    QByteArray b;
    b.reserve(body.size() + 12);
    put32(b, type);
    put32(b, quint32(body.size() + 12));
    b += body;
    put32(b, quint32(body.size() + 12));
    return b;
}

// RFC 1071's one's-complement sum, continued over several pieces.
quint32 sumWords(QByteArrayView data, quint32 sum = 0)
{
    const auto *p = reinterpret_cast<const quint8 *>(data.data());
    qsizetype i = 0;
    for (; i + 1 < data.size(); i += 2)
        sum += quint32(p[i] << 8 | p[i + 1]);
    if (i < data.size())
        sum += quint32(p[i] << 8);
    return sum;
}
quint16 fold(quint32 sum)
{
    while (sum >> 16)
        sum = (sum & 0xffff) + (sum >> 16);
    return quint16(~sum & 0xffff);
}

QByteArray addressOctets(const QHostAddress &a, bool v6)
{
    QByteArray b;
    if (v6) {
        const Q_IPV6ADDR x = a.toIPv6Address();
        b.append(reinterpret_cast<const char *>(x.c), 16);
    } else {
        be32(b, a.toIPv4Address());
    }
    return b;
}

// An IPv4-mapped IPv6 address (::ffff:127.0.0.1) as the IPv4 address it is.
QHostAddress plain(const QHostAddress &a)
{
    bool ok = false;
    const quint32 v4 = a.toIPv4Address(&ok);
    return ok ? QHostAddress(v4) : a;
}

} // namespace

PcapngWriter::PcapngWriter(QIODevice *out)
    : m_out(out)
{}

bool PcapngWriter::write(const QByteArray &b)
{
    if (!m_error.isEmpty())
        return false;
    if (m_out->write(b) != b.size()) {
        m_error = m_out->errorString();
        if (m_error.isEmpty())
            m_error = QStringLiteral("the capture could not be written");
        return false;
    }
    return true;
}

bool PcapngWriter::begin(const QStringList &comments, const QString &application)
{
    QByteArray shb;
    put32(shb, 0x1A2B3C4D); // byte-order magic
    put16(shb, 1);          // version 1.0
    put16(shb, 0);
    put32(shb, 0xffffffff); // section length: not given
    put32(shb, 0xffffffff);
    for (const QString &c : comments)
        option(shb, kOptComment, c.toUtf8());
    if (!application.isEmpty())
        option(shb, kShbUserAppl, application.toUtf8());
    put16(shb, kOptEnd);
    put16(shb, 0);
    QByteArray idb;
    put16(idb, kLinkTypeRaw);
    put16(idb, 0);
    put32(idb, 0); // no snap length
    option(idb, kIfName, "msim (decrypted IMAP, synthesised IP/TCP headers)");
    put16(idb, kOptEnd);
    put16(idb, 0);
    return write(block(kSectionHeader, shb)) && write(block(kInterfaceDescription, idb));
}

int PcapngWriter::open(const Flow &flow, qint64 usecs, const QString &comment)
{
    if (m_streams.size() >= kMaxFlows) {
        m_error = QStringLiteral("more than %1 connections in one capture").arg(kMaxFlows);
        return -1;
    }
    Stream s;
    s.flow = flow;
    s.flow.client = plain(flow.client);
    s.flow.server = plain(flow.server);
    s.v6 = s.flow.client.protocol() == QAbstractSocket::IPv6Protocol;
    if (s.v6 != (s.flow.server.protocol() == QAbstractSocket::IPv6Protocol) ||
        s.flow.client.isNull() || s.flow.server.isNull()) {
        m_error = QStringLiteral("a connection's addresses are not both IPv4 or both IPv6");
        return -1;
    }
    // Fixed initial sequence numbers: Wireshark shows them relative anyway, and a capture of
    // the same run is then the same file but for its times.
    const int id = int(m_streams.size());
    s.clientSeq = 0x10000000u + quint32(id) * 0x10000u;
    s.serverSeq = 0x50000000u + quint32(id) * 0x10000u;
    m_streams.append(s);
    Stream &st = m_streams.last();
    if (!packet(st, true, kSyn, {}, usecs, comment))
        return -1;
    ++st.clientSeq;
    if (!packet(st, false, kSyn | kAck, {}, usecs, {}))
        return -1;
    ++st.serverSeq;
    if (!packet(st, true, kAck, {}, usecs, {}))
        return -1;
    return id;
}

bool PcapngWriter::send(int id, bool fromClient, qint64 usecs, QByteArrayView octets,
                        const QString &comment)
{
    if (id < 0 || id >= m_streams.size())
        return false;
    Stream &s = m_streams[id];
    QString note = comment;
    while (!octets.isEmpty()) {
        const QByteArrayView piece = octets.first(std::min(octets.size(), kMaxSegment));
        octets = octets.sliced(piece.size());
        const quint8 flags = kAck | (octets.isEmpty() ? kPsh : 0);
        if (!packet(s, fromClient, flags, piece, usecs, std::exchange(note, QString())))
            return false;
        (fromClient ? s.clientSeq : s.serverSeq) += quint32(piece.size());
    }
    return true;
}

bool PcapngWriter::close(int id, bool fromClient, qint64 usecs, const QString &comment)
{
    if (id < 0 || id >= m_streams.size())
        return false;
    Stream &s = m_streams[id];
    if (!packet(s, fromClient, kFin | kAck, {}, usecs, comment))
        return false;
    (fromClient ? s.clientSeq : s.serverSeq) += 1;
    if (!packet(s, !fromClient, kFin | kAck, {}, usecs, {}))
        return false;
    (fromClient ? s.serverSeq : s.clientSeq) += 1;
    return packet(s, fromClient, kAck, {}, usecs, {});
}

bool PcapngWriter::packet(const Stream &s, bool fromClient, quint8 flags, QByteArrayView payload,
                          qint64 usecs, const QString &comment)
{
    const QHostAddress &src = fromClient ? s.flow.client : s.flow.server;
    const QHostAddress &dst = fromClient ? s.flow.server : s.flow.client;
    const quint16 srcPort = fromClient ? s.flow.clientPort : s.flow.serverPort;
    const quint16 dstPort = fromClient ? s.flow.serverPort : s.flow.clientPort;
    const quint32 seq = fromClient ? s.clientSeq : s.serverSeq;
    const quint32 ack = (flags & kAck) ? (fromClient ? s.serverSeq : s.clientSeq) : 0;
    const QByteArray srcOctets = addressOctets(src, s.v6);
    const QByteArray dstOctets = addressOctets(dst, s.v6);
    const quint16 tcpLength = quint16(20 + payload.size());

    QByteArray tcp;
    tcp.reserve(tcpLength);
    be16(tcp, srcPort);
    be16(tcp, dstPort);
    be32(tcp, seq);
    be32(tcp, ack);
    tcp.append(char(5 << 4)); // 20-octet header, no options
    tcp.append(char(flags));
    be16(tcp, 65535); // window
    be16(tcp, 0);     // checksum, below
    be16(tcp, 0);     // urgent pointer
    tcp.append(payload.data(), payload.size());
    QByteArray pseudo = srcOctets + dstOctets;
    if (s.v6) {
        be32(pseudo, tcpLength);
        be32(pseudo, 6);
    } else {
        be16(pseudo, 6);
        be16(pseudo, tcpLength);
    }
    const quint16 tcpSum = fold(sumWords(tcp, sumWords(pseudo)));
    tcp[16] = char(tcpSum >> 8);
    tcp[17] = char(tcpSum & 0xff);

    m_packet.clear();
    if (s.v6) {
        be32(m_packet, 0x60000000u);
        be16(m_packet, tcpLength);
        m_packet.append(char(6)); // next header: TCP
        m_packet.append(char(64));
        m_packet += srcOctets;
        m_packet += dstOctets;
    } else {
        const int start = int(m_packet.size());
        m_packet.append(char(0x45));
        m_packet.append('\0');
        be16(m_packet, quint16(20 + tcpLength));
        be16(m_packet, quint16(m_packets & 0xffff)); // identification
        be16(m_packet, 0x4000);                      // don't fragment
        m_packet.append(char(64));
        m_packet.append(char(6)); // TCP
        be16(m_packet, 0);
        m_packet += srcOctets;
        m_packet += dstOctets;
        const quint16 ipSum = fold(sumWords(QByteArrayView(m_packet).sliced(start, 20)));
        m_packet[start + 10] = char(ipSum >> 8);
        m_packet[start + 11] = char(ipSum & 0xff);
    }
    m_packet += tcp;

    QByteArray epb;
    epb.reserve(m_packet.size() + 64 + comment.size());
    put32(epb, 0); // interface 0
    const quint64 ts = quint64(std::max<qint64>(usecs, 0));
    put32(epb, quint32(ts >> 32));
    put32(epb, quint32(ts & 0xffffffffu));
    put32(epb, quint32(m_packet.size()));
    put32(epb, quint32(m_packet.size()));
    epb += m_packet;
    pad4(epb);
    if (!comment.isEmpty()) {
        option(epb, kOptComment, comment.toUtf8());
        put16(epb, kOptEnd);
        put16(epb, 0);
    }
    ++m_packets;
    return write(block(kEnhancedPacket, epb));
}

struct CaptureFile::Private
{
    QMutex mutex;
    QFile file;
    std::unique_ptr<PcapngWriter> writer;
    qint64 maxOctets = CaptureFile::kMaxFileOctets;
    QString full; // set once the limit is reached

    // false once the file holds maxOctets: nothing more is written.
    bool room()
    {
        if (!full.isEmpty())
            return false;
        if (file.pos() < maxOctets)
            return true;
        full = QStringLiteral("the capture %1 reached its limit of %2 octets; what came after "
                              "is not recorded")
                   .arg(file.fileName())
                   .arg(maxOctets);
        qCWarning(lcNet).noquote() << full;
        return false;
    }
};

namespace {
qint64 nowUsecs()
{
    return std::chrono::duration_cast<std::chrono::microseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}
} // namespace

std::shared_ptr<CaptureFile> CaptureFile::create(const QString &path, const QStringList &comments,
                                                 QString *error, qint64 maxOctets)
{
    std::shared_ptr<CaptureFile> c(new CaptureFile);
    c->d = std::make_unique<Private>();
    c->d->maxOctets = maxOctets;
    c->m_path = path;
    c->d->file.setFileName(path);
    if (!c->d->file.open(QIODevice::WriteOnly | QIODevice::Truncate | QIODevice::Unbuffered)) {
        if (error)
            *error = QStringLiteral("cannot write the capture %1: %2")
                         .arg(path, c->d->file.errorString());
        return nullptr;
    }
    c->d->writer = std::make_unique<PcapngWriter>(&c->d->file);
    if (!c->d->writer->begin(comments, QStringLiteral("msim %1 (the Messenger 4.5 IMAP simulator)")
                                           .arg(QCoreApplication::applicationVersion()))) {
        if (error)
            *error = QStringLiteral("cannot write the capture %1: %2")
                         .arg(path, c->d->writer->errorString());
        return nullptr;
    }
    return c;
}

CaptureFile::~CaptureFile() = default;

int CaptureFile::open(const PcapngWriter::Flow &flow, const QString &comment)
{
    QMutexLocker lock(&d->mutex);
    if (!d->writer->ok() || !d->room())
        return -1;
    return d->writer->open(flow, nowUsecs(), comment);
}

void CaptureFile::client(int id, QByteArrayView octets, const QString &comment)
{
    QMutexLocker lock(&d->mutex);
    if (id >= 0 && !octets.isEmpty() && d->room())
        d->writer->send(id, true, nowUsecs(), octets, comment);
}

void CaptureFile::server(int id, QByteArrayView octets, const QString &comment)
{
    QMutexLocker lock(&d->mutex);
    if (id >= 0 && !octets.isEmpty() && d->room())
        d->writer->send(id, false, nowUsecs(), octets, comment);
}

void CaptureFile::close(int id, bool byClient)
{
    QMutexLocker lock(&d->mutex);
    if (id >= 0 && d->room())
        d->writer->close(id, byClient, nowUsecs());
}

QString CaptureFile::errorString() const
{
    QMutexLocker lock(&d->mutex);
    return d->full.isEmpty() ? d->writer->errorString() : d->full;
}

QString captureRedactionNotice()
{
    return QStringLiteral(
               "Credentials: the login arguments (the user name and password of LOGIN, and the "
               "responses to AUTHENTICATE) were replaced by \"%1\" before they were recorded; the "
               "client's stream holds those octets instead, and its sequence numbers follow them.")
        .arg(QString::fromLatin1(Transcript::kRedacted));
}

QString captureDecodeHint(quint16 port)
{
    if (port == kImapPort)
        return {};
    return QStringLiteral("Wireshark reads plain IMAP on TCP port 143 only: for port %1 use "
                          "`tshark -d tcp.port==%1,imap`, or in Wireshark Analyze ▸ Decode As… "
                          "(TCP port %1 → IMAP).")
        .arg(port);
}

namespace {

QString hostPort(const QHostAddress &a, quint16 port)
{
    const QHostAddress p = plain(a);
    return p.protocol() == QAbstractSocket::IPv6Protocol
               ? QStringLiteral("[%1]:%2").arg(p.toString()).arg(port)
               : QStringLiteral("%1:%2").arg(p.toString()).arg(port);
}

QString securityWords(const QString &security)
{
    if (security == QLatin1String("ssl"))
        return QStringLiteral("implicit TLS (SSL): TLS on the wire, shown decrypted");
    if (security == QLatin1String("starttls"))
        return QStringLiteral("STARTTLS: TLS on the wire after the server's STARTTLS reply, "
                              "shown decrypted");
    return QStringLiteral("plain text, as on the wire");
}

} // namespace

QList<CaptureSource> captureSources(const QList<TranscriptPtr> &transcripts, const QString &prefix)
{
    QList<CaptureSource> out;
    for (const TranscriptPtr &t : transcripts)
        out.append({prefix.isEmpty() ? t->label() : prefix + QStringLiteral(": ") + t->label(), t});
    return out;
}

bool writeCapture(QIODevice *out, const QList<CaptureSource> &sources, const QStringList &comments,
                  QString *error)
{
    struct Event
    {
        qint64 usecs = 0;
        int transcript = 0;
        int entry = -1; // -1: the connection opens
    };
    QList<Event> events;
    QStringList lines = comments;
    QSet<quint16> ports;
    QStringList labels;
    for (int i = 0; i < sources.size(); ++i) {
        const Transcript &t = *sources[i].transcript;
        const QString label = sources[i].label.isEmpty()
                                  ? QStringLiteral("connection %1").arg(i + 1)
                                  : sources[i].label;
        labels << label;
        if (!t.wire()) {
            lines << QStringLiteral("%1: never connected (or read back from a report), so not "
                                    "in this capture.")
                         .arg(label);
            continue;
        }
        const Transcript::Wire &w = *t.wire();
        lines << QStringLiteral("%1: %2 → %3, %4.")
                     .arg(label, hostPort(w.local, w.localPort), hostPort(w.peer, w.peerPort),
                          securityWords(w.security));
        ports.insert(w.peerPort);
        events.append({t.startedUsecs() + w.usecs, i, -1});
        const QList<Transcript::Entry> &entries = t.entries();
        for (int e = 0; e < entries.size(); ++e)
            if (entries[e].direction != Transcript::Direction::Note)
                events.append({t.startedUsecs() + entries[e].usecs, i, e});
    }
    // Time order across connections; within one, the order it was recorded in.
    std::stable_sort(events.begin(), events.end(),
                     [](const Event &a, const Event &b) { return a.usecs < b.usecs; });
    lines << captureRedactionNotice();
    QList<quint16> sortedPorts(ports.cbegin(), ports.cend());
    std::sort(sortedPorts.begin(), sortedPorts.end());
    for (const quint16 port : sortedPorts)
        if (const QString hint = captureDecodeHint(port); !hint.isEmpty())
            lines << hint;

    PcapngWriter writer(out);
    writer.begin(lines, QStringLiteral("msim %1 (the Messenger 4.5 IMAP simulator)")
                            .arg(QCoreApplication::applicationVersion()));
    QList<int> ids(sources.size(), -1);
    for (const Event &ev : events) {
        if (!writer.ok())
            break;
        const Transcript &t = *sources[ev.transcript].transcript;
        if (ev.entry < 0) {
            const Transcript::Wire &w = *t.wire();
            ids[ev.transcript] = writer.open({w.local, w.localPort, w.peer, w.peerPort}, ev.usecs,
                                             labels[ev.transcript]);
            continue;
        }
        const Transcript::Entry &e = t.entries()[ev.entry];
        writer.send(ids[ev.transcript], e.direction == Transcript::Direction::Client, ev.usecs,
                    t.octets(e));
    }
    if (!writer.ok()) {
        if (error)
            *error = writer.errorString();
        return false;
    }
    qCDebug(lcNet) << "capture written:" << writer.packets() << "packets";
    return true;
}

bool writeCapture(const QString &path, const QList<CaptureSource> &sources,
                  const QStringList &comments, QString *error)
{
    QSaveFile f(path);
    if (!f.open(QIODevice::WriteOnly)) {
        if (error)
            *error = QStringLiteral("cannot write the capture %1: %2").arg(path, f.errorString());
        return false;
    }
    QString why;
    if (!writeCapture(&f, sources, comments, &why) || !f.commit()) {
        if (error)
            *error = QStringLiteral("cannot write the capture %1: %2")
                         .arg(path, why.isEmpty() ? f.errorString() : why);
        return false;
    }
    return true;
}

} // namespace msim::net
