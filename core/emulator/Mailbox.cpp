// SPDX-License-Identifier: MIT
#include "emulator/Mailbox.h"

#include "emulator/Corpus.h"
#include "emulator/Mbox.h"

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

QString octetsLimit(qint64 limit, const char *constant, const char *unit)
{
    return QStringLiteral("msim's limit of %1 octets %2 (Mailbox::%3; no option raises it)")
        .arg(QString::number(limit), QLatin1String(unit), QLatin1String(constant));
}

bool readFile(const QString &path, qint64 limit, const char *constant, const char *unit,
              QByteArray &out, QString *error)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("cannot read %1: %2").arg(path, f.errorString());
        return false;
    }
    if (f.size() > limit) {
        *error = QStringLiteral("%1 is %2 octets, over %3")
                     .arg(path, QString::number(f.size()), octetsLimit(limit, constant, unit));
        return false;
    }
    out = f.readAll();
    if (out.size() != f.size() && f.error() != QFileDevice::NoError) {
        *error = QStringLiteral("cannot read %1: %2").arg(path, f.errorString());
        return false;
    }
    return true;
}

bool readMessageFile(const QString &path, QByteArray &out, QString *error)
{
    return readFile(path, Mailbox::kMaxMessageOctets, "kMaxMessageOctets", "per message", out,
                    error);
}

// Orders messages against a UID, for the binary searches over the ascending UIDs.
bool uidBelow(const StoredMessage &m, quint32 uid)
{
    return m.uid < uid;
}

bool uidAbove(quint32 uid, const StoredMessage &m)
{
    return uid < m.uid;
}

QString tooManyMessages(const QString &what)
{
    return QStringLiteral("%1 more than %2 messages, msim's limit for one mailbox "
                          "(Mailbox::kMaxMessages; no option raises it)")
        .arg(what, QString::number(Mailbox::kMaxMessages));
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

QByteArray Mailbox::nulAs0x80(QByteArray data)
{
    data.replace('\0', '\x80');
    return data;
}

qsizetype Mailbox::indexOfUid(quint32 uid) const
{
    auto it = std::lower_bound(messages.cbegin(), messages.cend(), uid, uidBelow);
    if (it == messages.cend() || it->uid != uid)
        return -1;
    return it - messages.cbegin();
}

QList<Mailbox::Span> Mailbox::spansOf(const SequenceSet &set, bool uid) const
{
    QList<Span> out;
    if (messages.isEmpty())
        return out;
    const quint32 max = uid ? messages.last().uid : quint32(messages.size());
    const QList<SequenceSet::Range> ranges = set.ranges(max);
    out.reserve(ranges.size());
    for (const SequenceSet::Range &r : ranges) {
        if (!uid) {
            out.append({qsizetype(r.first) - 1, qsizetype(r.last)});
            continue;
        }
        const auto b = std::lower_bound(messages.cbegin(), messages.cend(), r.first, uidBelow);
        const auto e = std::upper_bound(b, messages.cend(), r.last, uidAbove);
        if (b != e)
            out.append({b - messages.cbegin(), e - messages.cbegin()});
    }
    return out;
}

Mailbox Mailbox::sample()
{
    return fromCorpus(Corpus::sample());
}

Mailbox Mailbox::generated(int count)
{
    return fromCorpus(Corpus::generated(count));
}

QString Mailbox::Load::line() const
{
    return QStringLiteral("loaded %1 %2 from %3")
        .arg(QString::number(messages),
             messages == 1 ? QStringLiteral("message") : QStringLiteral("messages"), from);
}

std::optional<Mailbox> Mailbox::fromSpecs(const QStringList &specs, QString *error,
                                          Failure *failure)
{
    Mailbox all;
    for (const QString &spec : specs) {
        std::optional<Mailbox> part = fromSpec(spec, error, failure);
        if (!part)
            return std::nullopt;
        if (part->messages.size() > kMaxMessages - all.messages.size()) {
            if (failure)
                *failure = Failure::CannotLoad;
            *error = tooManyMessages(QStringLiteral("the corpora hold"));
            return std::nullopt;
        }
        if (!all.messages.isEmpty()) {
            quint32 uid = all.uidNext();
            for (StoredMessage &m : part->messages)
                m.uid = uid++;
        }
        all.messages.append(std::move(part->messages));
        all.loads.append(part->loads);
    }
    return all;
}

std::optional<Mailbox> Mailbox::fromSpec(const QString &spec, QString *error, Failure *failure)
{
    // Every failure below is CannotLoad unless it says BadSpec.
    Failure ignored = Failure::CannotLoad;
    Failure &why = failure ? *failure : ignored;
    why = Failure::CannotLoad;
    auto badSpec = [&](const QString &sentence) {
        why = Failure::BadSpec;
        *error = sentence;
        return std::nullopt;
    };
    if (spec == QLatin1String("sample")) {
        Mailbox mb = sample();
        mb.loads.append({QStringLiteral("the sample corpus"), mb.messages.size()});
        return mb;
    }
    const qsizetype colon = spec.indexOf(QLatin1Char(':'));
    const QString kind = colon < 0 ? spec : spec.left(colon);
    const QString arg = colon < 0 ? QString() : spec.mid(colon + 1);
    if (kind == QLatin1String("generated")) {
        bool ok = false;
        const qint64 n = arg.toLongLong(&ok);
        if (!ok || n < 0 || n > kMaxMessages)
            return badSpec(QStringLiteral("generated:N needs N from 0 to %1 (msim's limit for one "
                                          "mailbox, Mailbox::kMaxMessages)")
                               .arg(kMaxMessages));
        Mailbox mb = generated(int(n));
        mb.loads.append({QStringLiteral("generated:%1").arg(n), mb.messages.size()});
        return mb;
    }
    Mailbox mb;
    const QDateTime now = QDateTime::currentDateTimeUtc();
    auto add = [&](QByteArray served, QList<QByteArray> flags, const QDateTime &date) {
        StoredMessage m;
        m.uid = quint32(mb.messages.size() + 1);
        m.data = nulAs0x80(std::move(served));
        m.flags = std::move(flags);
        m.internalDate = date.isValid() ? date : now;
        mb.messages.append(std::move(m));
    };
    if (kind == QLatin1String("eml")) {
        if (arg.isEmpty())
            return badSpec(QStringLiteral("eml: needs one or more files: eml:FILE[,FILE...]"));
        // A name with a comma ("Re: invoice, March.eml") is taken whole when it exists.
        const QStringList paths =
            QFileInfo(arg).isFile() ? QStringList{arg} : arg.split(QLatin1Char(','));
        for (qsizetype i = 0; i < paths.size(); ++i) {
            if (paths[i].isEmpty())
                return badSpec(
                    QStringLiteral("eml:%1 has an empty file name (name %2 of %3): "
                                   "eml:FILE[,FILE...] takes names separated by "
                                   "single commas")
                        .arg(arg, QString::number(i + 1), QString::number(paths.size())));
        }
        for (const QString &path : paths) {
            QByteArray data;
            if (!readMessageFile(path, data, error))
                return std::nullopt;
            add(toCrlf(data), {}, QFileInfo(path).lastModified().toUTC());
        }
        mb.loads.append(
            {QStringLiteral("eml ") + paths.join(QStringLiteral(", ")), mb.messages.size()});
        return mb;
    }
    if (kind == QLatin1String("maildir")) {
        if (arg.isEmpty())
            return badSpec(QStringLiteral("maildir: needs a folder: maildir:DIR"));
        QDir dir(arg);
        if (!dir.exists(QStringLiteral("cur"))) {
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
            *error = tooManyMessages(QStringLiteral("the Maildir %1 holds").arg(arg));
            return std::nullopt;
        }
        for (const QFileInfo &fi : std::as_const(files)) {
            QByteArray data;
            if (!readMessageFile(fi.filePath(), data, error))
                return std::nullopt;
            QList<QByteArray> flags;
            const QString info = fi.fileName().section(QStringLiteral(":2,"), 1);
            if (info.contains(QLatin1Char('S')))
                flags << "\\Seen";
            if (info.contains(QLatin1Char('R')))
                flags << "\\Answered";
            if (info.contains(QLatin1Char('F')))
                flags << "\\Flagged";
            add(toCrlf(data), flags, fi.lastModified().toUTC());
        }
        mb.loads.append({QStringLiteral("maildir ") + arg, mb.messages.size()});
        return mb;
    }
    if (kind == QLatin1String("mbox")) {
        if (arg.isEmpty())
            return badSpec(QStringLiteral("mbox: needs a file: mbox:FILE"));
        QByteArray data;
        if (!readFile(arg, kMaxMboxOctets, "kMaxMboxOctets", "per mbox file", data, error))
            return std::nullopt;
        auto messages = mbox::split(data, arg, kMaxMessages, kMaxMessageOctets, error);
        if (!messages)
            return std::nullopt;
        data.clear();
        for (const mbox::Message &m : std::as_const(*messages))
            add(mbox::served(m.stored), mbox::flags(m.stored), m.received);
        mb.loads.append({QStringLiteral("mbox ") + arg, mb.messages.size()});
        return mb;
    }
    return badSpec(QStringLiteral("unknown corpus '%1': use sample, generated:N, maildir:DIR, "
                                  "mbox:FILE or eml:FILE[,FILE...]")
                       .arg(spec));
}

} // namespace msim::emulator
