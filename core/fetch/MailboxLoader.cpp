// SPDX-License-Identifier: MIT
#include "fetch/MailboxLoader.h"

#include "net/Printable.h"

#include <QStringDecoder>

namespace msim::fetch {

MailboxLoader::MailboxLoader(imap::SessionOptions options, QByteArray mailbox, QObject *parent)
    : QObject(parent)
    , m_options(std::move(options))
    , m_mailbox(std::move(mailbox))
{
    m_flush.setInterval(kBatchMs);
    connect(&m_flush, &QTimer::timeout, this, &MailboxLoader::flush);
}

MailboxLoader::~MailboxLoader() = default;

void MailboxLoader::start()
{
    auto *s = new imap::ImapSession(m_options, this);
    s->transcript()->setLabel(
        QStringLiteral("message list of %1").arg(QString::fromUtf8(m_mailbox)));
    m_session = s;
    connect(s, &imap::ImapSession::errorOccurred, this, [this, s] {
        if (!m_done)
            fail(Error::Session, s->errorString());
    });
    connect(s, &imap::ImapSession::opened, this, [this, s] {
        auto *sel = s->execute(imap::CommandBuilder::select(m_mailbox));
        connect(sel, &imap::PendingCommand::finished, this, [this, s, sel] {
            if (!sel->isOk()) {
                fail(Error::Select, QStringLiteral("the server refused to open \"%1\": %2")
                                        .arg(QString::fromUtf8(m_mailbox), sel->errorString()));
                s->logout();
                return;
            }
            for (const auto &r : sel->responses())
                if (const auto *n = r.as<imap::NumberResponse>(); n && n->kind == "EXISTS")
                    m_exists = int(n->number);
            Q_EMIT opened(m_exists);
            if (m_exists == 0) {
                m_done = true;
                s->logout();
                Q_EMIT finished();
                return;
            }
            auto *cmd = s->execute(imap::Command{"UID fetch 1:* (UID RFC822.SIZE FLAGS "
                                                 "BODY.PEEK[HEADER.FIELDS (FROM SUBJECT DATE)])",
                                                 {}});
            cmd->setCollect(false);
            m_flush.start();
            connect(cmd, &imap::PendingCommand::untagged, this, [this](const imap::Response &r) {
                if (const auto *f = r.as<imap::FetchResponse>(); f && f->uid) {
                    m_pending.append(summarize(*f));
                    if (m_pending.size() >= kBatchRows)
                        flush();
                }
            });
            connect(cmd, &imap::PendingCommand::finished, this, [this, s, cmd] {
                m_flush.stop();
                flush();
                if (cmd->isOk()) {
                    m_done = true;
                    s->logout();
                    Q_EMIT finished();
                } else {
                    fail(Error::Fetch, QStringLiteral("the message list could not be read: %1")
                                           .arg(cmd->errorString()));
                }
            });
        });
    });
    s->open();
}

void MailboxLoader::fail(Error error, const QString &text)
{
    m_done = true;
    m_error = error;
    m_errorString = text;
    Q_EMIT errorOccurred(error);
}

void MailboxLoader::cancel()
{
    m_flush.stop();
    m_done = true;
    if (m_session)
        m_session->abort();
}

void MailboxLoader::flush()
{
    if (m_pending.isEmpty())
        return;
    const QList<MessageSummary> batch = std::exchange(m_pending, {});
    Q_EMIT rows(batch);
}

namespace {

// "Mon, 02 Nov 1998 10:00:00 +0000" (RFC 5322 §3.3) without the general parser, which costs
// about as much as the rest of a list row; anything unusual falls back to it.
QDateTime parseDate(QByteArrayView v)
{
    static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
    QByteArrayView d = v.trimmed();
    if (const qsizetype comma = d.indexOf(','); comma >= 0)
        d = d.sliced(comma + 1).trimmed();
    const QList<QByteArray> f = d.toByteArray().split(' ');
    QList<QByteArray> parts;
    for (const QByteArray &x : f)
        if (!x.isEmpty())
            parts << x;
    if (parts.size() >= 5 && parts[1].size() == 3 && parts[3].size() == 8) {
        const qsizetype m = QByteArrayView(months).indexOf(parts[1]);
        bool ok1 = false;
        bool ok2 = false;
        const int day = parts[0].toInt(&ok1);
        const int year = parts[2].toInt(&ok2);
        const QByteArray &t = parts[3];
        const QByteArray &z = parts[4];
        if (m >= 0 && m % 3 == 0 && ok1 && ok2 && t[2] == ':' && t[5] == ':' &&
            (z.size() == 5 && (z[0] == '+' || z[0] == '-'))) {
            const QTime time(t.left(2).toInt(), t.mid(3, 2).toInt(), t.mid(6, 2).toInt());
            const int offset =
                (z.mid(1, 2).toInt() * 60 + z.mid(3, 2).toInt()) * 60 * (z[0] == '-' ? -1 : 1);
            const QDate date(year, int(m / 3) + 1, day);
            if (date.isValid() && time.isValid())
                return QDateTime(date, time, Qt::OffsetFromUTC, offset);
        }
    }
    return QDateTime::fromString(QString::fromLatin1(v), Qt::RFC2822Date);
}

} // namespace

MessageSummary MailboxLoader::summarize(const imap::FetchResponse &f)
{
    MessageSummary m;
    m.uid = f.uid.value_or(0);
    m.size = f.rfc822Size.value_or(-1);
    m.flags = f.flags.value_or(QList<QByteArray>());
    for (const auto &b : f.bodies) {
        if (!b.section.startsWith("HEADER"))
            continue;
        const QByteArray &h = b.data;
        // Field by field, continuation lines joined (unfolded) as they come.
        qsizetype pos = 0;
        while (pos < h.size()) {
            qsizetype end = h.indexOf('\n', pos);
            if (end < 0)
                end = h.size();
            while (end + 1 < h.size() && (h[end + 1] == ' ' || h[end + 1] == '\t'))
                end = h.indexOf('\n', end + 1) < 0 ? h.size() : h.indexOf('\n', end + 1);
            QByteArrayView line = QByteArrayView(h).sliced(pos, end - pos);
            pos = end + 1;
            const qsizetype colon = line.indexOf(':');
            if (colon <= 0)
                continue;
            const QByteArrayView name = line.first(colon).trimmed();
            QByteArray value = line.sliced(colon + 1).trimmed().toByteArray();
            if (value.contains('\n'))
                value.replace("\r\n", "").replace('\n', ' ').replace('\t', ' ');
            if (name.compare("from", Qt::CaseInsensitive) == 0)
                m.from = decodeHeader(value);
            else if (name.compare("subject", Qt::CaseInsensitive) == 0)
                m.subject = decodeHeader(value);
            else if (name.compare("date", Qt::CaseInsensitive) == 0)
                m.date = parseDate(value);
        }
    }
    return m;
}

namespace {

QString decodeText(const QByteArray &bytes, QByteArrayView charset)
{
    if (!charset.isEmpty()) {
        QStringDecoder dec(charset.toByteArray().constData());
        if (dec.isValid()) {
            QString s = dec(bytes);
            if (!dec.hasError())
                return s;
        }
    }
    QStringDecoder utf8(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    QString s = utf8(bytes);
    if (!utf8.hasError())
        return s;
    return QString::fromLatin1(bytes);
}

} // namespace

QString MailboxLoader::decodeHeader(QByteArrayView raw)
{
    // A subject or sender is shown in the list and the report: escaped as every server string is.
    return net::printable::text(decodeHeaderText(raw));
}

QString MailboxLoader::decodeHeaderText(QByteArrayView raw)
{
    // The common case, plain ASCII without encoded words, needs no decoder.
    bool ascii = !raw.contains("=?");
    for (qsizetype i = 0; ascii && i < raw.size(); ++i)
        ascii = static_cast<unsigned char>(raw[i]) < 0x80;
    if (ascii)
        return QString::fromLatin1(raw);
    QString out;
    qsizetype pos = 0;
    bool lastWasWord = false;
    while (pos < raw.size()) {
        const qsizetype start = raw.indexOf("=?", pos);
        if (start < 0) {
            out += decodeText(raw.sliced(pos).toByteArray(), {});
            break;
        }
        // Encoded words: =?charset?B|Q?text?=
        const qsizetype q1 = raw.indexOf('?', start + 2);
        const qsizetype q2 = q1 < 0 ? -1 : raw.indexOf('?', q1 + 1);
        const qsizetype end = q2 < 0 ? -1 : raw.indexOf("?=", q2 + 1);
        if (q1 < 0 || q2 != q1 + 2 || end < 0) {
            out += decodeText(raw.sliced(pos, start + 2 - pos).toByteArray(), {});
            pos = start + 2;
            lastWasWord = false;
            continue;
        }
        const QByteArrayView between = raw.sliced(pos, start - pos);
        // Whitespace between two encoded words is dropped (RFC 2047 §6.2).
        if (!(lastWasWord && between.trimmed().isEmpty()))
            out += decodeText(between.toByteArray(), {});
        QByteArrayView charset = raw.sliced(start + 2, q1 - start - 2);
        if (const qsizetype star = charset.indexOf('*'); star >= 0)
            charset = charset.first(star); // RFC 2231 language
        const char enc = char(std::toupper(static_cast<unsigned char>(raw[q1 + 1])));
        const QByteArray text = raw.sliced(q2 + 1, end - q2 - 1).toByteArray();
        QByteArray bytes;
        if (enc == 'B') {
            bytes = QByteArray::fromBase64(text);
        } else {
            QByteArray t = text;
            t.replace('_', ' ');
            bytes = QByteArray::fromPercentEncoding(t, '=');
        }
        out += decodeText(bytes, charset);
        pos = end + 2;
        lastWasWord = true;
    }
    return out;
}

} // namespace msim::fetch
