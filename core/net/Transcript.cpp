// SPDX-License-Identifier: MIT
#include "net/Transcript.h"

#include "net/Printable.h"

#include <algorithm>
#include <chrono>

namespace msim::net {

Transcript::Transcript(QString label)
    : m_label(std::move(label))
{
    m_clock.start();
    m_startedUsecs = std::chrono::duration_cast<std::chrono::microseconds>(
                         std::chrono::system_clock::now().time_since_epoch())
                         .count();
}

void Transcript::setWire(Wire wire)
{
    m_wire = std::move(wire);
}

void Transcript::setSecrets(QList<QByteArray> forms)
{
    m_secrets.clear();
    m_longestSecret = 0;
    for (QByteArray &f : forms) {
        if (f.size() < kMinSecretForm || f.size() > kMaxSecretFormOctets || m_secrets.contains(f) ||
            m_secrets.size() >= kMaxSecretForms)
            continue;
        m_longestSecret = std::max(m_longestSecret, f.size());
        m_secrets.append(std::move(f));
    }
}

void Transcript::maskSecrets(QByteArray &bytes, const QList<QByteArray> &forms, qsizetype from)
{
    // Every form is looked for before any is overwritten: one may hold another (the base64 of
    // the password ends the PLAIN response when the user's part is whole groups).
    QList<std::pair<qsizetype, qsizetype>> hits;
    for (const QByteArray &f : forms) {
        if (f.size() < kMinSecretForm)
            continue;
        for (qsizetype hit = bytes.indexOf(f, from); hit >= 0; hit = bytes.indexOf(f, hit + 1))
            hits.append({hit, f.size()});
    }
    for (const auto &[at, length] : std::as_const(hits))
        std::fill_n(bytes.data() + at, length, kSecretFill);
}

QString Transcript::maskedText(QString text) const
{
    for (const QByteArray &f : m_secrets) {
        text.replace(escape(f), QLatin1String(kRedacted));
        text.replace(QString::fromUtf8(f), QLatin1String(kRedacted));
    }
    return text;
}

void Transcript::recordSent(const QByteArray &bytes, const QList<Secret> &secrets)
{
    Entry e;
    e.usecs = m_clock.nsecsElapsed() / 1000;
    e.msecs = e.usecs / 1000;
    e.direction = Direction::Client;
    e.offset = m_sent;
    e.length = bytes.size();
    e.stored = m_text.size();
    if (secrets.isEmpty()) {
        m_text += bytes;
    } else {
        QList<Secret> sorted = secrets;
        std::sort(sorted.begin(), sorted.end(),
                  [](const Secret &a, const Secret &b) { return a.begin < b.begin; });
        qsizetype pos = 0;
        for (const Secret &s : sorted) {
            const qsizetype begin = std::clamp(s.begin, pos, bytes.size());
            const qsizetype end = std::clamp(s.end, begin, bytes.size());
            m_text += QByteArrayView(bytes).sliced(pos, begin - pos);
            m_text += kRedacted;
            pos = end;
        }
        m_text += QByteArrayView(bytes).sliced(pos);
    }
    e.storedLength = m_text.size() - e.stored;
    m_sent += bytes.size();
    m_entries.append(e);
}

void Transcript::recordReceived(const QByteArray &bytes)
{
    if (bytes.isEmpty())
        return;
    Entry e;
    e.usecs = m_clock.nsecsElapsed() / 1000;
    e.msecs = e.usecs / 1000;
    e.direction = Direction::Server;
    e.offset = m_server.size();
    e.length = bytes.size();
    e.stored = e.offset;
    e.storedLength = e.length;
    m_server += bytes;
    if (!m_secrets.isEmpty()) {
        // A form may have begun in the previous read: look back by the longest form less one.
        const qsizetype from = std::max<qsizetype>(0, e.offset - (m_longestSecret - 1));
        maskSecrets(m_server, m_secrets, from);
    }
    m_entries.append(e);
}

void Transcript::note(const QString &text)
{
    Entry e;
    e.usecs = m_clock.nsecsElapsed() / 1000;
    e.msecs = e.usecs / 1000;
    e.direction = Direction::Note;
    e.stored = m_text.size();
    m_text += (m_secrets.isEmpty() ? text : maskedText(text)).toUtf8();
    e.storedLength = m_text.size() - e.stored;
    m_entries.append(e);
}

QByteArrayView Transcript::octets(const Entry &e) const
{
    const QByteArray &buffer = e.direction == Direction::Server ? m_server : m_text;
    return QByteArrayView(buffer).sliced(e.stored, e.storedLength);
}

void Transcript::mark(qint64 serverOffset, qint64 length, MarkKind kind)
{
    if (length <= 0)
        return;
    m_marks.append({serverOffset, length, kind});
}

QByteArray Transcript::received(qint64 from, qint64 to) const
{
    from = std::max<qint64>(from, 0);
    to = std::min<qint64>(to, m_server.size());
    if (to <= from)
        return {};
    return m_server.sliced(from, to - from);
}

QString Transcript::escape(QByteArrayView bytes)
{
    return printable::octets(bytes);
}

namespace {

QByteArrayView stripEol(QByteArrayView v)
{
    if (v.endsWith('\n'))
        v.chop(1);
    if (v.endsWith('\r'))
        v.chop(1);
    return v;
}

// Splits the server stream into readable lines, honouring the marks.
class ServerLineBuilder
{
public:
    ServerLineBuilder(QList<Transcript::Line> &out, QList<Transcript::Mark> marks, int preview)
        : m_out(out)
        , m_marks(std::move(marks))
        , m_preview(preview)
    {
        std::sort(m_marks.begin(), m_marks.end(),
                  [](const auto &a, const auto &b) { return a.offset < b.offset; });
    }

    void feed(const Transcript::Entry &e, QByteArrayView bytes)
    {
        qint64 pos = e.offset;
        const qint64 end = e.offset + e.length;
        while (pos < end) {
            while (m_mark < m_marks.size() &&
                   m_marks[m_mark].offset + m_marks[m_mark].length <= pos)
                ++m_mark;
            const Transcript::Mark *mk = nullptr;
            if (m_mark < m_marks.size() && m_marks[m_mark].offset <= pos)
                mk = &m_marks[m_mark];
            const qint64 limit =
                mk ? std::min(end, mk->offset + mk->length)
                   : (m_mark < m_marks.size() ? std::min(end, m_marks[m_mark].offset) : end);
            const QByteArrayView part = bytes.sliced(pos - e.offset, limit - pos);
            const auto kind =
                mk ? (mk->kind == Transcript::MarkKind::Literal ? Transcript::Line::Kind::Literal
                                                                : Transcript::Line::Kind::Overrun)
                   : Transcript::Line::Kind::Server;
            if (kind == Transcript::Line::Kind::Literal) {
                flush();
                if (pos == mk->offset) {
                    Transcript::Line l;
                    l.msecs = e.msecs;
                    l.offset = pos;
                    l.kind = kind;
                    l.text = QStringLiteral("[literal: %1 octets]").arg(mk->length);
                    if (m_preview > 0)
                        l.text += QLatin1Char(' ') +
                                  Transcript::escape(
                                      part.first(std::min<qsizetype>(m_preview, part.size())));
                    m_out.append(l);
                }
            } else {
                appendText(part, pos, e.msecs, kind);
            }
            pos = limit;
        }
    }

    void flush()
    {
        if (m_pending.isEmpty())
            return;
        Transcript::Line l;
        l.msecs = m_pendingMsecs;
        l.offset = m_pendingOffset;
        l.kind = m_pendingKind;
        l.text = Transcript::escape(stripEol(m_pending));
        m_out.append(l);
        m_pending.clear();
    }

private:
    void appendText(QByteArrayView part, qint64 pos, qint64 msecs, Transcript::Line::Kind kind)
    {
        if (!m_pending.isEmpty() && m_pendingKind != kind)
            flush();
        while (!part.isEmpty()) {
            if (m_pending.isEmpty()) {
                m_pendingOffset = pos;
                m_pendingMsecs = msecs;
                m_pendingKind = kind;
            }
            const qsizetype nl = part.indexOf('\n');
            const qsizetype take = nl < 0 ? part.size() : nl + 1;
            m_pending.append(part.first(take));
            part = part.sliced(take);
            pos += take;
            if (nl >= 0)
                flush();
        }
    }

    QList<Transcript::Line> &m_out;
    QList<Transcript::Mark> m_marks;
    qsizetype m_mark = 0;
    int m_preview = 0;
    QByteArray m_pending;
    qint64 m_pendingOffset = 0;
    qint64 m_pendingMsecs = 0;
    Transcript::Line::Kind m_pendingKind = Transcript::Line::Kind::Server;
};

} // namespace

std::shared_ptr<Transcript> Transcript::restored(QString label, QList<Line> lines)
{
    auto t = std::make_shared<Transcript>(std::move(label));
    t->m_restored = true;
    t->m_restoredLines = std::move(lines);
    return t;
}

QList<Transcript::Line> Transcript::lines(int literalPreview) const
{
    if (m_restored)
        return m_restoredLines;
    QList<Line> out;
    ServerLineBuilder server(out, m_marks, literalPreview);
    for (const Entry &e : m_entries) {
        switch (e.direction) {
        case Direction::Server:
            server.feed(e, octets(e));
            break;
        case Direction::Client: {
            server.flush();
            QByteArrayView rest = octets(e);
            qint64 off = e.offset;
            while (!rest.isEmpty()) {
                const qsizetype nl = rest.indexOf('\n');
                const qsizetype take = nl < 0 ? rest.size() : nl + 1;
                out.append({e.msecs, off, Line::Kind::Client, escape(stripEol(rest.first(take)))});
                off += take;
                rest = rest.sliced(take);
            }
            break;
        }
        case Direction::Note:
            server.flush();
            out.append(
                {e.msecs, 0, Line::Kind::Note, printable::text(QString::fromUtf8(octets(e)))});
            break;
        }
    }
    server.flush();
    return out;
}

QString Transcript::renderText(int literalPreview) const
{
    QString out;
    if (!m_label.isEmpty())
        out += QStringLiteral("=== %1 ===\n").arg(m_label);
    for (const Line &l : lines(literalPreview)) {
        const QString prefix = kLinePrefixes.name(l.kind);
        const QString where = l.kind == Line::Kind::Note ? QString(9, QLatin1Char(' '))
                                                         : QStringLiteral("@%1").arg(l.offset, -8);
        out += QStringLiteral("%1 %2 %3 %4\n")
                   .arg(double(l.msecs) / 1000.0, 9, 'f', 3)
                   .arg(prefix, where, l.text);
    }
    return out;
}

QString renderAll(const QList<TranscriptPtr> &transcripts)
{
    QString out;
    for (const auto &t : transcripts) {
        out += t->renderText();
        out += QLatin1Char('\n');
    }
    return out;
}

} // namespace msim::net
