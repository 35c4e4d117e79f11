#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QString>

#include <optional>

namespace msim::emulator {

struct StoredMessage
{
    quint32 uid = 0;
    QByteArray data; // as served: CRLF line ends
    QList<QByteArray> flags;
    QDateTime internalDate;
};

// The messages the built-in server serves (DESIGN.md §5): the sample corpus (the octets the
// Dovecot fixture stores), `generated:N`, a Maildir, an mbox, or .eml files given on the
// command line (a customer's sample message). Bare LF line ends are served as CRLF, as
// real servers do.
class Mailbox
{
public:
    // Largest message and mailbox the server loads (a 5 MiB corpus message, a customer's
    // attachment-laden message, a 100 000-message generated mailbox all fit).
    static constexpr qint64 kMaxMessageOctets = 128LL * 1024 * 1024;
    static constexpr qint64 kMaxMessages = 1000000;

    // "sample", "generated:N", "maildir:DIR", "mbox:FILE", "eml:FILE[,FILE...]"
    static std::optional<Mailbox> fromSpec(const QString &spec, QString *error);
    static Mailbox sample();
    static Mailbox generated(int count);

    QList<StoredMessage> messages;
    quint32 uidValidity = 1998;

    quint32 uidNext() const { return messages.isEmpty() ? 1 : messages.last().uid + 1; }
    qsizetype indexOfUid(quint32 uid) const; // -1 when absent
    static QByteArray toCrlf(const QByteArray &data);
};

} // namespace msim::emulator
