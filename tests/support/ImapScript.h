// SPDX-License-Identifier: MIT
#pragma once

#include "ScriptedServer.h"
#include "imap/CommandBuilder.h"

namespace msim::testsupport {

// Builds ScriptedServer scenarios for whole client sessions: greeting, capability, login,
// select, the header download, then the exchange under test, with Messenger-style tags.
class ImapScript
{
public:
    struct Message
    {
        quint32 uid = 0;
        QByteArray body;          // the true message
        qint64 reportedSize = -1; // RFC822.SIZE to announce (-1: body.size())
        QByteArray flags;         // "" or "\\Seen"
        qint64 size() const { return reportedSize >= 0 ? reportedSize : body.size(); }
        QByteArray header() const;
        // Message `uid` with emulator::Corpus's body of exactly `size` octets (subject
        // "test <size>", Message-ID <size>@test): every body line starts with its own offset.
        static Message sized(quint32 uid, qint64 size);
    };

    explicit ImapScript(QByteArray capabilities = "IMAP4rev1 AUTH=PLAIN");

    ImapScript &open(int exists = 1); // greeting .. select "INBOX"
    // A later connection of the same emulated client: its capabilities are cached per
    // host:port (MESSENGER45.md §3), so greeting, then straight to `1 login` .. select.
    ImapScript &reopen(int exists = 1);
    ImapScript &headers(const QList<Message> &messages);        // the 4.5 header download
    ImapScript &client(const QByteArray &text);                 // C: <tag> text
    ImapScript &clientRaw(const QByteArray &line);              // C: line (no tag)
    ImapScript &server(const QByteArray &raw);                  // raw bytes
    ImapScript &trickle(const QByteArray &raw);                 // raw bytes, one octet per segment
    ImapScript &line(const QByteArray &line);                   // S: line
    ImapScript &ok(const QByteArray &text = "Fetch completed"); // S: <last tag> OK text
    ImapScript &logout();          // normal logout, then the client closes
    ImapScript &emergencyLogout(); // C: xxxx logout, then close
    ImapScript &close();           // X
    // The reference fetch and \Seen restore of the verification connection.
    ImapScript &reference(const Message &m, bool restoreSeen);

    // The whole verification connection of one message (DESIGN.md §3): open, the reference
    // fetch, the \Seen restore when `restoreSeen`, logout.
    static ScriptedServer::Scenario
    verification(const Message &m, bool restoreSeen = true,
                 const QByteArray &capabilities = "IMAP4rev1 AUTH=PLAIN");

    // `* <seq> FETCH (UID u RFC822.SIZE s BODY[]<origin> {n}` CRLF data [extra] `)` CRLF
    static QByteArray fetchReply(int seq, const Message &m, std::optional<qint64> origin,
                                 const QByteArray &data, const QByteArray &unframedExtra = {});

    QByteArray lastTag() const { return QByteArray::number(m_tags.last()); }
    ScriptedServer::Scenario build() const { return m_steps; }

private:
    ImapScript &login(int exists); // login .. select "INBOX"
    QByteArray m_caps;
    imap::TagGenerator m_tags; // the client's own tag rule, so scripts expect what it sends
    ScriptedServer::Scenario m_steps;
};

} // namespace msim::testsupport
