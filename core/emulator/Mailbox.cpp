#include "emulator/Mailbox.h"

#include "emulator/Corpus.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <algorithm>

namespace msim::emulator {

namespace {

Mailbox fromCorpus(const QList<CorpusMessage> &corpus)
{
    Mailbox mb;
    const QDateTime base(QDate(1998, 11, 2), QTime(10, 0), Qt::UTC);
    for (const CorpusMessage &c : corpus) {
        StoredMessage m;
        m.uid = c.uid;
        m.data = c.served;
        m.flags = c.flags;
        m.internalDate = base.addSecs(qint64(c.uid) * 60);
        mb.messages.append(std::move(m));
    }
    return mb;
}

bool readFile(const QString &path, QByteArray &out, QString *error)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("cannot read %1: %2").arg(path, f.errorString());
        return false;
    }
    if (f.size() > Mailbox::kMaxMessageOctets) {
        *error = QStringLiteral("%1 is larger than %2 octets").arg(path).arg(Mailbox::kMaxMessageOctets);
        return false;
    }
    out = f.readAll();
    return true;
}

} // namespace

QByteArray Mailbox::toCrlf(const QByteArray &data)
{
    if (!data.contains('\n'))
        return data;
    QByteArray out;
    out.reserve(data.size() + data.count('\n'));
    for (qsizetype i = 0; i < data.size(); ++i) {
        const char c = data.at(i);
        if (c == '\n' && (i == 0 || data.at(i - 1) != '\r'))
            out += '\r';
        out += c;
    }
    return out;
}

qsizetype Mailbox::indexOfUid(quint32 uid) const
{
    auto it = std::lower_bound(messages.begin(), messages.end(), uid,
                               [](const StoredMessage &m, quint32 u) { return m.uid < u; });
    if (it == messages.end() || it->uid != uid)
        return -1;
    return it - messages.begin();
}

Mailbox Mailbox::sample()
{
    return fromCorpus(Corpus::sample());
}

Mailbox Mailbox::generated(int count)
{
    return fromCorpus(Corpus::generated(count));
}

std::optional<Mailbox> Mailbox::fromSpec(const QString &spec, QString *error)
{
    if (spec == QLatin1String("sample"))
        return sample();
    const qsizetype colon = spec.indexOf(QLatin1Char(':'));
    const QString kind = colon < 0 ? spec : spec.left(colon);
    const QString arg = colon < 0 ? QString() : spec.mid(colon + 1);
    if (kind == QLatin1String("generated")) {
        bool ok = false;
        const qint64 n = arg.toLongLong(&ok);
        if (!ok || n < 0 || n > kMaxMessages) {
            *error = QStringLiteral("generated:N needs N from 0 to %1").arg(kMaxMessages);
            return std::nullopt;
        }
        return generated(int(n));
    }
    Mailbox mb;
    const QDateTime now = QDateTime::currentDateTimeUtc();
    auto add = [&](QByteArray data, QList<QByteArray> flags, const QDateTime &date) {
        StoredMessage m;
        m.uid = quint32(mb.messages.size() + 1);
        m.data = toCrlf(data);
        m.flags = std::move(flags);
        m.internalDate = date.isValid() ? date : now;
        mb.messages.append(std::move(m));
    };
    if (kind == QLatin1String("eml")) {
        if (arg.isEmpty()) {
            *error = QStringLiteral("eml: needs one or more files: eml:FILE[,FILE...]");
            return std::nullopt;
        }
        for (const QString &path : arg.split(QLatin1Char(','))) {
            QByteArray data;
            if (!readFile(path, data, error))
                return std::nullopt;
            add(data, {}, QFileInfo(path).lastModified().toUTC());
        }
        return mb;
    }
    if (kind == QLatin1String("maildir")) {
        QDir dir(arg);
        if (arg.isEmpty() || !dir.exists(QStringLiteral("cur"))) {
            *error = QStringLiteral("maildir:%1 is not a Maildir (no cur/ folder)").arg(arg);
            return std::nullopt;
        }
        QFileInfoList files;
        for (const char *sub : {"cur", "new"})
            files += QDir(dir.filePath(QLatin1String(sub))).entryInfoList(QDir::Files, QDir::Name);
        // Dovecot's uidlist gives the order when present; otherwise the file names' order.
        QHash<QString, quint32> uidOf;
        QFile ul(dir.filePath(QStringLiteral("dovecot-uidlist")));
        if (ul.open(QIODevice::ReadOnly)) {
            ul.readLine();
            while (!ul.atEnd()) {
                const QByteArray line = ul.readLine().trimmed();
                const qsizetype sp = line.indexOf(' ');
                const qsizetype colon = line.indexOf(':', sp);
                if (sp > 0 && colon > sp)
                    uidOf.insert(QString::fromUtf8(line.mid(colon + 1)), line.left(sp).toUInt());
            }
        }
        std::stable_sort(files.begin(), files.end(), [&](const QFileInfo &a, const QFileInfo &b) {
            auto key = [&](const QFileInfo &f) {
                return uidOf.value(f.fileName().section(QLatin1Char(':'), 0, 0), 0xffffffffu);
            };
            return key(a) < key(b);
        });
        if (files.size() > kMaxMessages) {
            *error = QStringLiteral("the Maildir holds more than %1 messages").arg(kMaxMessages);
            return std::nullopt;
        }
        for (const QFileInfo &fi : std::as_const(files)) {
            QByteArray data;
            if (!readFile(fi.filePath(), data, error))
                return std::nullopt;
            QList<QByteArray> flags;
            const QString info = fi.fileName().section(QStringLiteral(":2,"), 1);
            if (info.contains(QLatin1Char('S')))
                flags << "\\Seen";
            if (info.contains(QLatin1Char('R')))
                flags << "\\Answered";
            if (info.contains(QLatin1Char('F')))
                flags << "\\Flagged";
            add(data, flags, fi.lastModified().toUTC());
        }
        return mb;
    }
    if (kind == QLatin1String("mbox")) {
        QByteArray data;
        if (arg.isEmpty() || !readFile(arg, data, error)) {
            if (arg.isEmpty())
                *error = QStringLiteral("mbox: needs a file: mbox:FILE");
            return std::nullopt;
        }
        // mboxo/mboxrd: messages start at "From " lines; ">From " quoting is undone one level.
        qsizetype pos = 0;
        if (!data.startsWith("From ")) {
            *error = QStringLiteral("%1 is not an mbox file (it must start with a \"From \" line)").arg(arg);
            return std::nullopt;
        }
        while (pos < data.size()) {
            const qsizetype bodyStart = data.indexOf('\n', pos);
            if (bodyStart < 0)
                break;
            qsizetype next = data.indexOf("\nFrom ", bodyStart);
            const qsizetype end = next < 0 ? data.size() : next + 1;
            QByteArray msg = data.mid(bodyStart + 1, end - bodyStart - 1);
            if (msg.endsWith("\n\n"))
                msg.chop(1); // the separating blank line belongs to the mbox
            QByteArray unquoted;
            unquoted.reserve(msg.size());
            for (const QByteArray &line : msg.split('\n')) {
                QByteArray l = line;
                qsizetype k = 0;
                while (k < l.size() && l.at(k) == '>')
                    ++k;
                if (k > 0 && l.mid(k).startsWith("From "))
                    l.remove(0, 1);
                unquoted += l + '\n';
            }
            unquoted.chop(1);
            add(unquoted, {}, QDateTime());
            if (mb.messages.size() > kMaxMessages) {
                *error = QStringLiteral("the mbox holds more than %1 messages").arg(kMaxMessages);
                return std::nullopt;
            }
            pos = end;
        }
        return mb;
    }
    *error = QStringLiteral("unknown corpus '%1': use sample, generated:N, maildir:DIR, mbox:FILE "
                            "or eml:FILE[,FILE...]")
                 .arg(spec);
    return std::nullopt;
}

} // namespace msim::emulator
