// SPDX-License-Identifier: MIT
#include "emulator/Mbox.h"

#include "emulator/Mailbox.h"
#include "net/Printable.h"

#include <array>

namespace msim::emulator::mbox {

namespace {

// Reads past the end as NUL, which no check accepts: the parser may look at fixed positions
// without testing the length each time.
struct Cursor
{
    QByteArrayView s;
    qsizetype i = 0;

    uchar at(qsizetype k) const { return i + k < s.size() ? uchar(s[i + k]) : 0; }
    bool digit(qsizetype k) const { return at(k) >= '0' && at(k) <= '9'; }
    int value(qsizetype k) const { return at(k) - '0'; }
    bool lineEnd(qsizetype k) const { return at(k) == '\r' || at(k) == '\n'; }
    qsizetype left() const { return s.size() - i; }
};

// Month at the cursor ("Nov", any case; "???" counts as January) followed by a space.
std::optional<int> month(const Cursor &c)
{
    static constexpr std::array<const char *, 12> kMonths = {
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"};
    if (c.at(3) != ' ')
        return std::nullopt;
    for (int m = 0; m < 12; ++m) {
        bool same = true;
        for (int k = 0; k < 3; ++k)
            same = same && (c.at(k) | 0x20) == uchar(kMonths[size_t(m)][k]);
        if (same)
            return m + 1;
    }
    if (c.at(0) == '?' && c.at(1) == '?' && c.at(2) == '?')
        return 1;
    return std::nullopt;
}

std::optional<int> year(const Cursor &c)
{
    if (!c.digit(0) || !c.digit(1) || !c.digit(2) || !c.digit(3))
        return std::nullopt;
    return c.value(0) * 1000 + c.value(1) * 100 + c.value(2) * 10 + c.value(3);
}

// "+HHMM" / "-HHMM" at k: the offset in seconds.
std::optional<int> numericZone(const Cursor &c, qsizetype k)
{
    if ((c.at(k) != '+' && c.at(k) != '-') || !c.digit(k + 1) || !c.digit(k + 2) ||
        !c.digit(k + 3) || !c.digit(k + 4))
        return std::nullopt;
    const int secs =
        (c.value(k + 1) * 10 + c.value(k + 2)) * 3600 + (c.value(k + 3) * 10 + c.value(k + 4)) * 60;
    return c.at(k) == '-' ? -secs : secs;
}

// A field name as Dovecot compares it: up to the colon without the spaces and tabs before it,
// and, since it compares with strcasecmp(), only up to a NUL ("Status\0x" is Status).
QByteArrayView fieldName(QByteArrayView line, qsizetype colon)
{
    QByteArrayView name = line.first(colon);
    while (name.endsWith(' ') || name.endsWith('\t'))
        name.chop(1);
    if (const qsizetype nul = name.indexOf('\0'); nul >= 0)
        name.truncate(nul);
    return name;
}

bool sameName(QByteArrayView name, const char *wanted)
{
    return QLatin1String(name).compare(QLatin1String(wanted), Qt::CaseInsensitive) == 0;
}

// The header section's fields in order, as Dovecot's mbox sync parses them
// (message_parse_header with no flags): `name` as fieldName() gives it, `value` what follows
// the colon less one space or tab, continuation lines appended after their line end ("\n" or
// "\r\n"), the last line end not included. The section ends at the first empty line or at the
// end of the message; a line with no colon is not a field.
template<typename F>
void forEachField(QByteArrayView stored, F &&f)
{
    auto lineAt = [&](qsizetype pos) {
        const qsizetype nl = stored.indexOf('\n', pos);
        return stored.sliced(pos, (nl < 0 ? stored.size() : nl + 1) - pos);
    };
    auto content = [](QByteArrayView line) {
        if (line.endsWith('\n'))
            line.chop(line.endsWith("\r\n") ? 2 : 1);
        return line;
    };
    qsizetype pos = 0;
    while (pos < stored.size()) {
        const QByteArrayView first = lineAt(pos);
        if (content(first).isEmpty())
            return; // the empty line ending the header section
        pos += first.size();
        const qsizetype colon = first.indexOf(':');
        if (first.startsWith(' ') || first.startsWith('\t') || colon < 0)
            continue;
        QByteArray value = content(first).sliced(colon + 1).toByteArray();
        if (value.startsWith(' ') || value.startsWith('\t'))
            value.remove(0, 1);
        QByteArrayView line = first;
        while (pos < stored.size() && (stored[pos] == ' ' || stored[pos] == '\t')) {
            value += line.endsWith("\r\n") ? "\r\n" : "\n";
            line = lineAt(pos);
            value += content(line);
            pos += line.size();
        }
        f(fieldName(first, colon), QByteArrayView(value));
    }
}

// Header fields Dovecot hides in an mbox (mbox_hide_headers in Dovecot 2.3's mbox-storage.c).
bool hiddenHeader(QByteArrayView name)
{
    static constexpr std::array<QLatin1String, 7> kHidden = {
        QLatin1String("Content-Length"), QLatin1String("Status"),     QLatin1String("X-IMAP"),
        QLatin1String("X-IMAPbase"),     QLatin1String("X-Keywords"), QLatin1String("X-Status"),
        QLatin1String("X-UID")};
    for (const QLatin1String h : kHidden)
        if (QLatin1String(name).compare(h, Qt::CaseInsensitive) == 0)
            return true;
    return false;
}

// Dovecot's parse_x_imap_base: "<uidvalidity> <uidlast>[ keywords]", a UIDVALIDITY that is not 0
// (counted in 32 bits, as Dovecot does) ended by a space or the end, then spaces, tabs or line
// ends, then the digits of the last UID (any number of them) ended by a space, tab, LF or the
// end.
bool validImapBase(QByteArrayView v)
{
    qsizetype i = 0;
    quint32 uidValidity = 0;
    for (; i < v.size(); ++i) {
        if (v[i] < '0' || v[i] > '9') {
            if (v[i] != ' ')
                return false;
            break;
        }
        uidValidity = uidValidity * 10 + quint32(v[i] - '0');
    }
    if (uidValidity == 0)
        return false;
    auto lwspLf = [](char c) { return c == ' ' || c == '\t' || c == '\n'; };
    while (i < v.size() && lwspLf(v[i]))
        ++i;
    for (; i < v.size(); ++i) {
        if (v[i] < '0' || v[i] > '9')
            return lwspLf(v[i]);
    }
    return true;
}

QString quoteLine(QByteArrayView file, qsizetype offset)
{
    qsizetype end = file.indexOf('\n', offset);
    if (end < 0)
        end = file.size();
    const QByteArrayView line = file.sliced(offset, end - offset);
    const QString shown = net::printable::octets(line.first(qMin(line.size(), kMaxQuotedOctets)));
    return QLatin1Char('"') + shown + QLatin1Char('"') +
           (line.size() > kMaxQuotedOctets
                ? QStringLiteral(" (cut at %1 octets)").arg(kMaxQuotedOctets)
                : QString());
}

} // namespace

std::optional<QDateTime> fromLineDate(QByteArrayView rest)
{
    Cursor c{rest};
    // The sender: an optional quoted part ("x y"@domain), then everything up to a space.
    if (c.at(0) == '"') {
        bool escaped = false;
        ++c.i;
        while (c.left() > 0 && (c.at(0) != '"' || escaped)) {
            if (c.lineEnd(0))
                return std::nullopt;
            escaped = c.at(0) == '\\';
            ++c.i;
        }
        ++c.i;
    }
    while (c.left() > 0 && c.at(0) != ' ') {
        if (c.lineEnd(0))
            return std::nullopt;
        ++c.i;
    }
    while (c.left() > 0 && c.at(0) == ' ')
        ++c.i;
    if (c.left() < 29 - 3 - 5) // the shortest date: "Mon Nov  2 10:00 1998"
        return std::nullopt;

    c.i += 4; // the weekday is not checked
    int day = 0;
    int mon = 0;
    int yr = 0;
    bool alternate = false;
    if (const auto m = month(c)) {
        mon = *m;
        c.i += 4;
        if (c.at(0) == ' ')
            ++c.i;
        if (c.at(1) == ' ') {
            if (!c.digit(0))
                return std::nullopt;
            day = c.value(0);
            c.i += 2;
        } else {
            if (!c.digit(0) || !c.digit(1) || c.at(2) != ' ')
                return std::nullopt;
            day = c.value(0) * 10 + c.value(1);
            c.i += 3;
        }
    } else { // "Thu, 9 Nov 2002 22:33:52"
        alternate = true;
        ++c.i;
        if (!c.digit(0))
            return std::nullopt;
        day = c.value(0);
        ++c.i;
        if (c.digit(0)) {
            day = day * 10 + c.value(0);
            ++c.i;
        }
        if (c.at(0) != ' ')
            return std::nullopt;
        ++c.i;
        const auto m2 = month(c);
        if (!m2)
            return std::nullopt;
        mon = *m2;
        c.i += 4;
        const auto y = year(c);
        if (!y)
            return std::nullopt;
        yr = *y;
        c.i += 5;
    }
    if (day == 0)
        day = 1;

    if (c.left() < 5 || !c.digit(0) || !c.digit(1) || c.at(2) != ':')
        return std::nullopt;
    const int hour = c.value(0) * 10 + c.value(1);
    c.i += 3;
    if (!c.digit(0) || !c.digit(1))
        return std::nullopt;
    const int minute = c.value(0) * 10 + c.value(1);
    c.i += 2;
    int second = 0;
    if (c.left() <= 0) {
    } else if (c.at(0) == ':') {
        if (c.left() < 3)
            return std::nullopt;
        ++c.i;
        if (!c.digit(0) || !c.digit(1))
            return std::nullopt;
        second = c.value(0) * 10 + c.value(1);
        c.i += 2;
        if (!alternate) {
            if (c.at(0) != ' ')
                return std::nullopt;
            ++c.i;
        }
    } else if (!alternate) {
        if (c.at(0) != ' ')
            return std::nullopt;
        ++c.i;
    }

    std::optional<int> zone;
    if (alternate) {
    } else if (c.left() >= 4 && !(c.digit(0) && c.digit(1) && c.digit(2) && c.digit(3))) {
        // A named zone ("CET") before the year: skipped.
        while (c.left() > 0 && c.at(0) != ' ') {
            if (c.lineEnd(0))
                return std::nullopt;
            ++c.i;
        }
        if (c.left() < 5)
            return std::nullopt;
        ++c.i;
    } else if (c.left() >= 6 && c.at(5) == ' ' && numericZone(c, 0)) {
        zone = numericZone(c, 0);
        c.i += 6;
    }
    if (!alternate) {
        const auto y = c.left() >= 4 ? year(c) : std::nullopt;
        if (!y)
            return std::nullopt;
        yr = *y;
        c.i += 4;
    }
    if (!zone && c.left() >= 6 && c.at(0) == ' ')
        zone = numericZone(c, 1);

    // Out-of-range fields roll over (Dovecot hands them to mktime()).
    const QDateTime start =
        zone ? QDateTime(QDate(yr, mon, 1), QTime(0, 0), Qt::OffsetFromUTC, *zone)
             : QDateTime(QDate(yr, mon, 1), QTime(0, 0), Qt::LocalTime);
    return start.addDays(day - 1).addSecs(qint64(hour) * 3600 + minute * 60 + second);
}

std::optional<QList<Message>> split(QByteArrayView file, const QString &what, qint64 maxMessages,
                                    qint64 maxOctets, QString *error)
{
    QList<Message> out;
    if (file.isEmpty())
        return out;
    std::optional<QDateTime> date;
    if (file.startsWith("From "))
        date = fromLineDate(file.sliced(5));
    if (!date) {
        *error = QStringLiteral("%1 is not an mbox file: it must begin with a From_ line "
                                "(\"From \" sender date), as Dovecot requires; offset 0 holds %2")
                     .arg(what, quoteLine(file, 0));
        return std::nullopt;
    }
    qsizetype from = 0; // offset of the current message's From_ line
    while (true) {
        const qsizetype eol = file.indexOf('\n', from);
        if (eol < 0) {
            *error = QStringLiteral("%1 ends inside a From_ line (no line end after it) at "
                                    "offset %2: %3")
                         .arg(what, QString::number(from), quoteLine(file, from));
            return std::nullopt;
        }
        const qsizetype start = eol + 1;
        // The next separator: a line end, then "From " and a valid From_ line, after the
        // message's first octet.
        qsizetype end = -1;
        qsizetype next = -1;
        std::optional<QDateTime> nextDate;
        for (qsizetype j = file.indexOf("\nFrom ", start); j >= 0;
             j = file.indexOf("\nFrom ", j + 1)) {
            // A From_ line counts only with its line end (one at the end of the file does not).
            if (file.indexOf('\n', j + 1) < 0)
                break;
            nextDate = fromLineDate(file.sliced(j + 6));
            if (nextDate) {
                end = j > start && file[j - 1] == '\r' ? j - 1 : j;
                next = j + 1;
                break;
            }
        }
        if (next < 0) {
            end = file.size();
            if (end > start && file[end - 1] == '\n') {
                --end;
                if (end > start && file[end - 1] == '\r')
                    --end;
            }
        }
        if (end - start > maxOctets) {
            *error = QStringLiteral("the message at offset %1 of %2 is %3 octets, over msim's "
                                    "limit of %4 octets per message (Mailbox::kMaxMessageOctets; "
                                    "no option raises it)")
                         .arg(QString::number(from), what, QString::number(end - start),
                              QString::number(maxOctets));
            return std::nullopt;
        }
        if (out.size() >= maxMessages) {
            *error = QStringLiteral("%1 holds more than %2 messages, msim's limit for one "
                                    "mailbox (Mailbox::kMaxMessages; no option raises it)")
                         .arg(what, QString::number(maxMessages));
            return std::nullopt;
        }
        const QByteArrayView stored = file.sliced(start, end - start);
        if (from != 0 || !folderInternalData(stored))
            out.append(Message{from, stored.toByteArray(), *date});
        if (next < 0)
            return out;
        from = next;
        date = nextDate;
    }
}

bool folderInternalData(QByteArrayView stored)
{
    bool pseudo = false;
    bool decided = false;
    forEachField(stored, [&](QByteArrayView name, QByteArrayView value) {
        if (decided || !(sameName(name, "X-IMAP") || sameName(name, "X-IMAPbase")))
            return;
        if (validImapBase(value)) {
            decided = true;
            pseudo = sameName(name, "X-IMAP");
        }
    });
    return pseudo;
}

QList<QByteArray> flags(QByteArrayView stored)
{
    bool answered = false;
    bool flagged = false;
    bool deleted = false;
    bool seen = false;
    bool draft = false;
    forEachField(stored, [&](QByteArrayView name, QByteArrayView value) {
        if (sameName(name, "Status")) {
            seen = seen || value.contains('R');
        } else if (sameName(name, "X-Status")) {
            answered = answered || value.contains('A');
            flagged = flagged || value.contains('F');
            draft = draft || value.contains('T');
            deleted = deleted || value.contains('D');
        }
    });
    QList<QByteArray> out;
    if (answered)
        out << "\\Answered";
    if (flagged)
        out << "\\Flagged";
    if (deleted)
        out << "\\Deleted";
    if (seen)
        out << "\\Seen";
    if (draft)
        out << "\\Draft";
    return out;
}

QByteArray served(QByteArrayView original)
{
    if (original.isEmpty())
        return {};
    QByteArray withEnd;
    QByteArrayView stored = original;
    // Where the header section ends: after its empty line, or at the end of the message.
    qsizetype bodyStart = stored.size();
    for (qsizetype pos = 0; pos < stored.size();) {
        const qsizetype nl = stored.indexOf('\n', pos);
        if (nl < 0)
            break;
        if (nl == pos || (nl == pos + 1 && stored[pos] == '\r')) {
            bodyStart = pos;
            break;
        }
        pos = nl + 1;
    }
    if (bodyStart == stored.size() && !stored.endsWith('\n')) {
        withEnd = stored.toByteArray() + '\n'; // where Dovecot writes its X-UID header
        stored = withEnd;
        bodyStart = stored.size();
    }
    QByteArray out;
    out.reserve(stored.size() + 1);
    bool hiding = false;
    for (qsizetype pos = 0; pos < bodyStart;) {
        const qsizetype nl = stored.indexOf('\n', pos);
        const qsizetype next = nl < 0 || nl >= bodyStart ? bodyStart : nl + 1;
        const QByteArrayView line = stored.sliced(pos, next - pos);
        if (line.startsWith(' ') || line.startsWith('\t')) {
            // A continuation line goes with its field.
        } else if (const qsizetype colon = line.indexOf(':'); colon >= 0) {
            hiding = hiddenHeader(fieldName(line, colon));
        } else {
            hiding = false;
        }
        if (!hiding)
            out += line;
        pos = next;
    }
    out += stored.sliced(bodyStart);
    return Mailbox::toCrlf(out);
}

} // namespace msim::emulator::mbox
