// SPDX-License-Identifier: MIT
#pragma once

#include "emulator/FetchAttribute.h"
#include "emulator/ServerCommandParser.h"
#include "imap/ResponseFramer.h"
#include "net/Capture.h"

#include <QHostAddress>
#include <QObject>
#include <QPointer>
#include <QSet>
#include <QTimer>

#include <memory>

class QSslSocket;

namespace msim::emulator {

class EmulatedServer;
class FetchReply;
struct StoredMessage;

// One client connection of the built-in server: RFC 3501 states (not authenticated,
// authenticated, selected, logout), its own fault state (the chunk-reply counter of
// --overrun-chunk), bounded input (command framing limits) and output (reading pauses while
// more than kMaxPendingOutput octets wait for a client that does not read), idle timeouts.
class EmulatedSession : public QObject
{
    Q_OBJECT
public:
    static constexpr qint64 kMaxCommandLine = 64 * 1024;     // a FETCH or STORE line
    static constexpr qint64 kMaxClientLiteral = 1024 * 1024; // LOGIN arguments, no APPEND
    static constexpr qint64 kMaxPendingOutput = 32LL * 1024 * 1024;
    static constexpr qint64 kReadBufferSize = 256 * 1024;
    // The work one event of a session may do before the other sessions on its thread get their
    // turn (DESIGN.md §5): at most this many pipelined commands, and FETCH replies until they
    // pass this many octets (a message's reply is never split: one over the bound is built
    // whole, up to ServerLimits::maxReplyOctetsPerMessage); the rest goes on in a queued call.
    // Reading pauses while a turn's worth of commands waits.
    static constexpr int kCommandsPerTurn = 16;
    static constexpr qint64 kFetchOctetsPerTurn = 1024 * 1024;
    // A user name is remembered for ServerLimits' failed-login delay by at most this many
    // octets (enough for any real name; a hostile one costs no more).
    static constexpr qsizetype kMaxUserKey = 256;

    // `home`: the parent, living on the thread that serves this session (the server, or one of
    // its workers); `number`: the session's number since the server started (1-based), for the
    // capture; `capture`: null unless serve --pcap.
    EmulatedSession(QSslSocket *socket, EmulatedServer *server, QObject *home, bool implicitTls,
                    quint64 number, net::CaptureFilePtr capture);
    ~EmulatedSession() override;

    void close(const QByteArray &byeText = {});
    QHostAddress peerAddress() const { return m_peer; }

    // RFC 3501 §3 states.
    enum class State { NotAuthenticated, Authenticated, Selected, Logout };

Q_SIGNALS:
    void finished();

private:
    void setState(State state); // (traced in msim.emulator)

    void onReadyRead();
    void pump();
    // pump() again on a later turn of the event loop (once, however often asked), then reading
    // again if the socket holds more.
    void schedulePump();
    void handle(const imap::RawResponse &raw);
    void execute(const ClientCommand &cmd);
    // The client's command as the capture records it: verbatim, but for the arguments of LOGIN,
    // the responses of AUTHENTICATE and the continuation of an AUTHENTICATE, which become
    // net::Transcript::kRedacted as in the client's own transcript.
    void captureCommand(const imap::RawResponse &raw, bool saslResponse);
    void writeOut(const QByteArray &bytes);
    void writeNow(const QByteArray &bytes);
    void flushBatch();
    void writeParts(const QList<QByteArray> &parts);
    void tagged(const QByteArray &tag, const QByteArray &status, const QByteArray &text);
    QByteArray capabilities() const;
    void resetIdle();
    void stopTimers(); // and gives back this session's pre-auth octets
    bool outputBlocked() const;
    // ServerLimits before login: the octets this session holds buffered, counted in the
    // server's total; false when a limit is passed (the session is then closing).
    bool countPreAuth();
    void authenticated(const QByteArray &tag, const QByteArray &user);
    void loginFailed(const QByteArray &tag, const QByteArray &user, const QByteArray &text);
    // Writes as much of the FETCH in progress as the output bound allows.
    void continueFetch();

    void cmdCapability(const ClientCommand &c);
    void cmdLogin(const ClientCommand &c);
    void cmdAuthenticate(const ClientCommand &c);
    void finishAuthenticate(const QByteArray &tag, const QByteArray &response);
    void cmdStartTls(const ClientCommand &c);
    void cmdSelect(const ClientCommand &c, bool readOnly);
    void cmdList(const ClientCommand &c);
    void cmdFetch(const ClientCommand &c);
    void cmdStore(const ClientCommand &c);
    void cmdLogout(const ClientCommand &c);

    EmulatedServer *m_server;
    QPointer<QSslSocket> m_socket;
    imap::ResponseFramer m_framer;
    QList<imap::RawResponse> m_pending; // framed commands waiting for their turn
    QTimer m_latency;
    QTimer m_idle;
    QTimer m_authDeadline;     // ServerLimits::authDeadlineMs, from the accept
    QTimer m_commandDeadline;  // ServerLimits::commandDeadlineMs, from a command's first octet
    qint64 m_deadlineFor = -1; // the stream offset of the command m_commandDeadline times
    QTimer m_penalty;          // a failed login's NO held back (ServerLimits)
    QByteArray m_penaltyReply;
    QHostAddress m_peer;
    qint64 m_preAuthCounted = 0;      // this session's share of EmulatedServer::preAuthOctets()
    QSet<QByteArray> m_keywordsAdded; // distinct keywords this session introduced
    // The FETCH being written (message by message while the client reads).
    struct FetchJob
    {
        QByteArray tag;
        QList<FetchAttribute> attributes;
        std::unique_ptr<FetchReply> reply;
        QList<std::pair<qsizetype, qsizetype>> spans; // [begin, end) message indexes
        qsizetype span = 0;
        qsizetype next = -1; // the next message index (-1: the span's first)
    };
    std::unique_ptr<FetchJob> m_fetch;
    bool m_inFetch = false;    // continueFetch() is running (writes can re-enter pump())
    bool m_pumpQueued = false; // schedulePump() has a call queued
    bool m_inPump = false;     // pump() is running
    qint64 m_turnOctets = 0;   // FETCH reply octets built in this turn (kFetchOctetsPerTurn)
    State m_state = State::NotAuthenticated;
    bool m_implicitTls = false;
    bool m_tlsActive = false;
    bool m_readOnly = false;
    bool m_closing = false;
    bool m_waitingLatency = false;
    QByteArray m_saslTag; // AUTHENTICATE PLAIN waiting for its continuation line
    int m_continued = 0;  // literals of the current command answered with "+"
    qint64 m_continuedAt = -1;
    int m_chunkReplies = 0; // partial BODY[] replies so far (for --overrun-chunk)
    // While a command is handled, its output is gathered and written once at the end: one
    // write, one TLS record, one segment, instead of one per piece.
    static constexpr qsizetype kMaxBatch = 64 * 1024; // bigger pieces are written directly
    bool m_batching = false;
    QByteArray m_batch;
    net::CaptureFilePtr m_capture; // null unless serve --pcap
    int m_captureId = -1;
    QString m_captureComment; // for the next octets written
};

} // namespace msim::emulator
