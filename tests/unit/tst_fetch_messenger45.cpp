// SPDX-License-Identifier: MIT
// The Messenger 4.5 fetch behaviour against scripted servers: every row of MESSENGER45.md §5, the
// exact 4.x command strings and tags, the threshold edge, the adaptive sequence on slow and
// fast clocks, fetch_by_chunks off, and the verification connection (reference, \Seen).
// The server behaviours are `_data` rows named after the server or report they come from; each
// row's script reads as a transcript (one Turn a body request and its answer) and the row
// compares whole values: every chunk row, the displayed octets, the findings.
#include "FetchRun.h"
#include "ImapScript.h"
#include "ScriptedServer.h"
#include "scenario/JsonOutput.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTest>

#include <algorithm>

using namespace msim;
using namespace Qt::StringLiterals;
using namespace msim::testsupport;
using Message = ImapScript::Message;
using fetch::ChunkStatus;
using fetch::Strategy;
using fetch::Verdict;

namespace {

// A clock that moves by `step` ms each time it is read: every chunk "takes" that long.
class SteppingClock : public fetch::Clock
{
public:
    explicit SteppingClock(qint64 step)
        : m_step(step)
    {}
    qint64 nowMs() const override { return m_now += m_step; }
    void jump(qint64 ms) { m_now += ms; }

private:
    qint64 m_step;
    mutable qint64 m_now = 0;
};

// A clock whose readings are scripted: each read returns the next value (MESSENGER45.md §2: one
// reading when a body fetch is sent, one when it ends). Reads past the script are counted.
class ScriptedClock : public fetch::Clock
{
public:
    explicit ScriptedClock(QList<qint64> readings)
        : m_readings(std::move(readings))
    {}
    qint64 nowMs() const override
    {
        if (m_next < m_readings.size())
            return m_readings[m_next++];
        ++m_overrun;
        return m_readings.isEmpty() ? 0 : m_readings.last();
    }
    qsizetype unread() const { return m_readings.size() - m_next; }
    int overrun() const { return m_overrun; }

private:
    QList<qint64> m_readings;
    mutable qsizetype m_next = 0;
    mutable int m_overrun = 0;
};

QByteArray chunkCmd(int tag, quint32 uid, qint64 s, qint64 l)
{
    return QByteArray::number(tag) + " UID fetch " + QByteArray::number(uid) +
           " (UID RFC822.SIZE BODY[]<" + QByteArray::number(s) + '.' + QByteArray::number(l) + ">)";
}

QList<QByteArray> commands(const fetch::MessageOutcome &m)
{
    QList<QByteArray> out;
    for (const auto &c : m.chunks)
        out << c.command;
    return out;
}

QStringList statusNames(const fetch::MessageOutcome &m)
{
    QStringList out;
    for (const auto &c : m.chunks)
        out << fetch::chunkStatusName(c.status);
    return out;
}

// One chunk row as a line of text, so a row of a table compares the whole audit record:
//   `<command> => <status>, BODY[]<origin> {literal}, <received> received[, <n> unframed ...]`
QString chunkRow(const fetch::ChunkRecord &c)
{
    QString r =
        QString::fromLatin1(c.command) + QStringLiteral(" => ") + fetch::chunkStatusName(c.status);
    if (c.status == ChunkStatus::Error)
        r += QStringLiteral(" (%1 \"%2\")").arg(fetch::errorKindName(c.errorKind), c.serverText);
    r += c.origin ? QStringLiteral(", BODY[]<%1>").arg(*c.origin) : QStringLiteral(", no origin");
    r += c.literalLength < 0 ? QStringLiteral(" no literal")
                             : QStringLiteral(" {%1}").arg(c.literalLength);
    r += QStringLiteral(", %1 received").arg(c.received);
    if (c.unframedExtra) {
        r += QStringLiteral(", %1 unframed").arg(c.unframedExtra);
        r += c.unframedExtraExact ? QStringLiteral(" (exact)") : QStringLiteral(" (at least)");
        if (c.extraIsNextOctets)
            r += *c.extraIsNextOctets ? QStringLiteral(", the message's next octets")
                                      : QStringLiteral(", not the message's next octets");
    }
    return r;
}

QStringList chunkRows(const fetch::MessageOutcome &m)
{
    QStringList out;
    for (const auto &c : m.chunks)
        out << chunkRow(c);
    return out;
}

// A compliant server's answers to a sequence of chunk requests, scripted.
void compliantChunks(ImapScript &s, const Message &m, const QList<QPair<qint64, qint64>> &reqs)
{
    for (const auto &[start, len] : reqs) {
        s.client("UID fetch " + QByteArray::number(m.uid) + " (UID RFC822.SIZE BODY[]<" +
                 QByteArray::number(start) + '.' + QByteArray::number(len) + ">)");
        s.server(ImapScript::fetchReply(1, m, start, m.body.mid(start, len)));
        s.ok();
    }
}

// A compliant answer to one 4.5 body request (its text without the tag): `BODY[]<s.l>` gets
// those octets with origin s, a range-less `BODY[]` the whole message without origin.
void answer(ImapScript &s, const QList<Message> &messages, const QByteArray &request)
{
    s.client(request);
    const quint32 uid = request.split(' ').value(2).toUInt();
    const auto m = std::find_if(messages.begin(), messages.end(),
                                [uid](const Message &x) { return x.uid == uid; });
    Q_ASSERT(m != messages.end());
    const qsizetype lt = request.indexOf("BODY[]<");
    if (lt < 0) {
        s.server(ImapScript::fetchReply(1, *m, std::nullopt, m->body));
    } else {
        const QList<QByteArray> range =
            request.mid(lt + 7, request.indexOf('>', lt) - lt - 7).split('.');
        const qint64 start = range.value(0).toLongLong();
        s.server(
            ImapScript::fetchReply(1, *m, start, m->body.mid(start, range.value(1).toLongLong())));
    }
    s.ok();
}

// One body request of 4.5 and the server's answer to it: one C:, S:, tagged-reply exchange of
// the transcript. The request is `BODY[]<start.length>`, or the range-less `BODY[]` (start -1).
struct Turn
{
    enum class Reply {
        Exact,    // the octets asked for, origin start (RFC 3501)
        Unframed, // the octets asked for, then `n` more octets outside the literal
        Framed,   // `n` more octets inside an honestly larger literal
        Whole,    // the whole message, no origin
        Empty,    // a {0} literal, origin start
        Origin,   // the octets from offset `n` instead, with origin n
        Bad,      // a tagged BAD `text`, no FETCH
        Drop,     // `n` octets of the announced literal, then the server closes
    };
    qint64 start = -1;
    qint64 length = 0;
    Reply reply = Reply::Exact;
    qint64 n = 0;
    QByteArray text;

    QByteArray request(quint32 uid) const
    {
        return "UID fetch " + QByteArray::number(uid) + " (UID RFC822.SIZE BODY[]" +
               (start < 0
                    ? QByteArray()
                    : '<' + QByteArray::number(start) + '.' + QByteArray::number(length) + '>') +
               ')';
    }
};
using Turns = QList<Turn>;

Turn exact(qint64 s, qint64 l)
{
    return {s, l, Turn::Reply::Exact, 0, {}};
}
Turns exactChunks(std::initializer_list<QPair<qint64, qint64>> ranges)
{
    Turns out;
    for (const auto &[s, l] : ranges)
        out << exact(s, l);
    return out;
}

// Every row: how the emulated client ends its connection after the turns.
enum class End { Logout, EmergencyLogout, ServerClosed };

void play(ImapScript &s, const Message &m, const Turns &turns, End end)
{
    for (const Turn &t : turns) {
        s.client(t.request(m.uid));
        const QByteArray asked = m.body.mid(t.start, t.length);
        switch (t.reply) {
        case Turn::Reply::Exact:
            s.server(ImapScript::fetchReply(1, m, t.start, asked)).ok();
            break;
        case Turn::Reply::Unframed:
            s.server(
                 ImapScript::fetchReply(1, m, t.start, asked, m.body.mid(t.start + t.length, t.n)))
                .ok();
            break;
        case Turn::Reply::Framed:
            s.server(ImapScript::fetchReply(1, m, t.start, m.body.mid(t.start, t.length + t.n)))
                .ok();
            break;
        case Turn::Reply::Whole:
            s.server(ImapScript::fetchReply(1, m, std::nullopt, m.body)).ok();
            break;
        case Turn::Reply::Empty:
            s.server(ImapScript::fetchReply(1, m, t.start, QByteArray())).ok();
            break;
        case Turn::Reply::Origin:
            s.server(ImapScript::fetchReply(1, m, t.n, m.body.mid(t.n, t.length))).ok();
            break;
        case Turn::Reply::Bad:
            s.line(s.lastTag() + " BAD " + t.text);
            break;
        case Turn::Reply::Drop:
            s.server("* 1 FETCH (UID " + QByteArray::number(m.uid) + " BODY[]<" +
                     QByteArray::number(t.start) + "> {" + QByteArray::number(t.length) + "}\r\n" +
                     m.body.mid(t.start, t.n));
            s.close();
            break;
        }
    }
    if (end == End::Logout)
        s.logout();
    else if (end == End::EmergencyLogout)
        s.emergencyLogout();
}

// The chunk row of an exact answer to `<start.length>` (request tag `tag`, UID 320).
QString okRow(int tag, qint64 start, qint64 length)
{
    return QString::fromLatin1(chunkCmd(tag, 320, start, length)) +
           QStringLiteral(" => ok, BODY[]<%1> {%2}, %2 received").arg(start).arg(length);
}

using Pieces = QList<QPair<qint64, qint64>>; // [begin, end) ranges of the true message, in order

QByteArray pieces(const QByteArray &body, const Pieces &p)
{
    QByteArray out;
    for (const auto &[b, e] : p)
        out += body.mid(b, e - b);
    return out;
}

// A held request: one exact chunk, then `<6144.6144>` goes out and gets no reply until the
// client closes (the user cancels while msim waits).
ScriptedServer::Scenario heldAtTheSecondChunk(const Message &m)
{
    ImapScript s;
    s.open().headers({m});
    compliantChunks(s, m, {{0, 6144}});
    s.client("UID fetch 320 (UID RFC822.SIZE BODY[]<6144.6144>)");
    return s.build() << ScriptedServer::Step::waitClose();
}

} // namespace

Q_DECLARE_METATYPE(Turns)
Q_DECLARE_METATYPE(End)

class tst_FetchMessenger45 : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    // MESSENGER45.md §5, one 20000-octet message (UID 320) with the kb-q194998 preset (fixed
    // 6144-octet chunks above 6144 octets): what each server answers, and what 4.5 makes of it.
    // verify: the reference and \Seen restore on a second connection; otherwise --no-verify
    // --keep-seen on one connection.
    void oneMessageKb_data()
    {
        QTest::addColumn<qint64>("reportedSize"); // RFC822.SIZE (-1: the true size)
        QTest::addColumn<QStringList>("sets");
        QTest::addColumn<bool>("verify");
        QTest::addColumn<Turns>("turns");
        QTest::addColumn<End>("end");
        QTest::addColumn<QString>("strategy");
        QTest::addColumn<QStringList>("chunks");
        QTest::addColumn<Pieces>("displayed");
        QTest::addColumn<Verdict>("verdict");
        QTest::addColumn<Pieces>("duplicated");
        QTest::addColumn<qint64>("missingTail");
        QTest::addColumn<QString>("sessionEnd");
        QTest::addColumn<QStringList>("findings");
        QTest::addColumn<int>("exitCode");
        const QString chunked = QStringLiteral("chunked");
        const QString logout = QStringLiteral("logout");

        QTest::newRow("rfc3501 (exchange55-sp2): BODY[]<S> {L}, four exact chunks")
            << qint64(-1) << QStringList{} << true
            << exactChunks({{0, 6144}, {6144, 6144}, {12288, 6144}, {18432, 1568}}) << End::Logout
            << chunked
            << QStringList{okRow(5, 0, 6144), okRow(6, 6144, 6144), okRow(7, 12288, 6144),
                           okRow(8, 18432, 1568)}
            << Pieces{{0, 20000}} << Verdict::Complete << Pieces{} << qint64(0) << logout
            << QStringList{} << 0;

        QTest::newRow("exchange55-presp2 KB Q194998: 1500 unframed octets after the first literal")
            << qint64(-1) << QStringList{} << true
            << Turns{{0, 6144, Turn::Reply::Unframed, 1500, {}}} << End::EmergencyLogout << chunked
            << QStringList{QStringLiteral("5 UID fetch 320 (UID RFC822.SIZE BODY[]<0.6144>) => "
                                          "overrun_unframed, BODY[]<0> {6144}, 7644 received, 1500 "
                                          "unframed (exact), the message's next octets")}
            << Pieces{{0, 6144}} << Verdict::Truncated << Pieces{} << qint64(13856)
            << QStringLiteral("emergency_logout")
            << QStringList{QStringLiteral(
                               "chunk 1: the server sent 1500 octets beyond the 6144-octet literal "
                               "it announced (unframed overrun) over plain text; Messenger 4.5 "
                               "aborts the download and logs out, so the message shows 6144 of "
                               "20000 octets. The extra octets are the message's next 1500 octets "
                               "(offsets 6144–7643)."),
                           QStringLiteral("Messenger 4.5 shows 6144 of 20000 octets: the last "
                                          "13856 octets of the message are missing."),
                           QStringLiteral("The text part (text/plain, part 1) is cut after 5906 of "
                                          "19762 characters (29% of its octets)."),
                           QStringLiteral(
                               "The session ended with Messenger 4.5's emergency `xxxx logout` "
                               "after the failed reply; the next message needs a new connection.")}
            << 3;

        QTest::newRow("exchange55-presp2-framed: 1500 more octets inside each literal")
            << qint64(-1) << QStringList{} << true
            << Turns{{0, 6144, Turn::Reply::Framed, 1500, {}},
                     {6144, 6144, Turn::Reply::Framed, 1500, {}},
                     {12288, 6144, Turn::Reply::Framed, 1500, {}},
                     exact(18432, 1568)}
            << End::Logout << chunked
            << QStringList{QStringLiteral("5 UID fetch 320 (UID RFC822.SIZE BODY[]<0.6144>) => "
                                          "overrun_framed, BODY[]<0> {7644}, 7644 received"),
                           QStringLiteral("6 UID fetch 320 (UID RFC822.SIZE BODY[]<6144.6144>) => "
                                          "overrun_framed, BODY[]<6144> {7644}, 7644 received"),
                           QStringLiteral("7 UID fetch 320 (UID RFC822.SIZE BODY[]<12288.6144>) => "
                                          "overrun_framed, BODY[]<12288> {7644}, 7644 received"),
                           okRow(8, 18432, 1568)}
            << Pieces{{0, 7644}, {6144, 13788}, {12288, 19932}, {18432, 20000}}
            << Verdict::Duplicated << Pieces{{6144, 7644}, {12288, 13788}, {18432, 19932}}
            << qint64(0) << logout
            << QStringList{QStringLiteral(
                               "chunk 1: the server answered <0.6144> with a 7644-octet literal, "
                               "1500 octets more than asked (framed overrun) over plain text; "
                               "Messenger 4.5 accepts it and still asks for offset 6144 next, so "
                               "octets 6144–7643 are shown twice."),
                           QStringLiteral(
                               "chunk 2: the server answered <6144.6144> with a 7644-octet "
                               "literal, 1500 octets more than asked (framed overrun) over plain "
                               "text; Messenger 4.5 accepts it and still asks for offset 12288 "
                               "next, so octets 12288–13787 are shown twice."),
                           QStringLiteral(
                               "chunk 3: the server answered <12288.6144> with a 7644-octet "
                               "literal, 1500 octets more than asked (framed overrun) over plain "
                               "text; Messenger 4.5 accepts it and still asks for offset 18432 "
                               "next, so octets 18432–19931 are shown twice."),
                           QStringLiteral(
                               "Messenger 4.5 shows 24500 octets for a 20000-octet message: octets "
                               "6144–7643, 12288–13787, 18432–19931 appear twice."),
                           QStringLiteral("The text part (text/plain, 19 kB, part 1) is shown more "
                                          "than once.")}
            << 3;

        QTest::newRow("ignore-partial: the whole message without origin")
            << qint64(-1) << QStringList{} << true << Turns{{0, 6144, Turn::Reply::Whole, 0, {}}}
            << End::Logout << chunked
            << QStringList{QStringLiteral("5 UID fetch 320 (UID RFC822.SIZE BODY[]<0.6144>) => "
                                          "no_origin, no origin {20000}, 20000 received")}
            << Pieces{{0, 20000}} << Verdict::Complete << Pieces{} << qint64(0) << logout
            << QStringList{QStringLiteral(
                   "chunk 1: the server ignored the partial request <0.6144> and sent 20000 octets "
                   "as BODY[] without an origin; Messenger 4.5 takes that as the whole message.")}
            << 3; // a no_origin chunk is a finding

        QTest::newRow("exchange55-fast-retrieval KB Q191504: RFC822.SIZE 19700 of 20000")
            << qint64(19700) << QStringList{} << true
            << exactChunks({{0, 6144}, {6144, 6144}, {12288, 6144}, {18432, 1268}}) << End::Logout
            << chunked
            << QStringList{okRow(5, 0, 6144), okRow(6, 6144, 6144), okRow(7, 12288, 6144),
                           okRow(8, 18432, 1268)}
            << Pieces{{0, 19700}} << Verdict::Truncated << Pieces{} << qint64(300) << logout
            << QStringList{QStringLiteral("Messenger 4.5 shows 19700 of 20000 octets: the last 300 "
                                          "octets of the message "
                                          "are missing. The server reported RFC822.SIZE 19700, 300 "
                                          "octets less than the "
                                          "message, so Messenger 4.5 never asked for the rest (as "
                                          "in KB Q191504)."),
                           QStringLiteral("The text part (text/plain, part 1) is cut after 19462 "
                                          "of 19762 characters (98% of its octets).")}
            << 3;

        // MESSENGER45.md §2, §5: the short last literal does not complete (18432 + 1568 <
        // 20100); start reaches the size, so 4.5 asks without a range, never <20100.0>.
        QTest::newRow(
            "hmailserver-past-end: RFC822.SIZE 20100 of 20000, then the range-less BODY[]")
            << qint64(20100) << QStringList{} << true
            << exactChunks({{0, 6144}, {6144, 6144}, {12288, 6144}, {18432, 1668}}) +
                   Turns{{-1, 0, Turn::Reply::Whole, 0, {}}}
            << End::Logout << chunked
            << QStringList{okRow(5, 0, 6144), okRow(6, 6144, 6144), okRow(7, 12288, 6144),
                           QStringLiteral("8 UID fetch 320 (UID RFC822.SIZE BODY[]<18432.1668>) => "
                                          "short, BODY[]<18432> {1568}, 1568 received"),
                           QStringLiteral("9 UID fetch 320 (UID RFC822.SIZE BODY[]) => ok, no "
                                          "origin {20000}, 20000 received")}
            << Pieces{{0, 20000}} << Verdict::Complete << Pieces{} << qint64(0) << logout
            << QStringList{QStringLiteral(
                   "The server reported RFC822.SIZE 20100 but holds 20000 octets (100 more than "
                   "the message); the short last chunk did not complete the download, so Messenger "
                   "4.5 asked again without a range (`BODY[]`): one extra round trip.")}
            << 3;

        // The last chunk comes back empty, start reaches the size, and 4.5 asks once more
        // without a range; the whole answer restarts the display.
        QTest::newRow("exchange2010-1mb in small: an empty last chunk, then the range-less BODY[]")
            << qint64(-1) << QStringList{} << true
            << exactChunks({{0, 6144}, {6144, 6144}, {12288, 6144}}) +
                   Turns{{18432, 1568, Turn::Reply::Empty, 0, {}},
                         {-1, 0, Turn::Reply::Whole, 0, {}}}
            << End::Logout << chunked
            << QStringList{okRow(5, 0, 6144), okRow(6, 6144, 6144), okRow(7, 12288, 6144),
                           QStringLiteral("8 UID fetch 320 (UID RFC822.SIZE BODY[]<18432.1568>) => "
                                          "empty, BODY[]<18432> {0}, 0 received"),
                           QStringLiteral("9 UID fetch 320 (UID RFC822.SIZE BODY[]) => ok, no "
                                          "origin {20000}, 20000 received")}
            << Pieces{{0, 20000}} << Verdict::Complete << Pieces{} << qint64(0) << logout
            << QStringList{QStringLiteral("chunk 4: the server answered `<18432.1568>` with no "
                                          "octets; Messenger 4.5 went on with the next request."),
                           QStringLiteral("request 5: the start had reached RFC822.SIZE 20000 "
                                          "without the last chunk, so Messenger 4.5 asked once "
                                          "more without a range (`BODY[]`); the server's whole "
                                          "answer restarted the display with all 20000 octets.")}
            << 3;

        // MESSENGER45.md §5: origin 0 restarts the display; shorter, but not a prefix.
        QTest::newRow("MESSENGER45.md §5: origin 0 again for <6144.6144>")
            << qint64(-1) << QStringList{} << true
            << Turns{exact(0, 6144),
                     {6144, 6144, Turn::Reply::Origin, 0, {}},
                     exact(12288, 6144),
                     exact(18432, 1568)}
            << End::Logout << chunked
            << QStringList{okRow(5, 0, 6144),
                           QStringLiteral("6 UID fetch 320 (UID RFC822.SIZE BODY[]<6144.6144>) => "
                                          "origin_mismatch, BODY[]<0> {6144}, 6144 received"),
                           okRow(7, 12288, 6144), okRow(8, 18432, 1568)}
            << Pieces{{0, 6144}, {12288, 20000}} << Verdict::Corrupted << Pieces{} << qint64(0)
            << logout
            << QStringList{QStringLiteral("chunk 2: asked for octets from 6144 but the reply "
                                          "starts at 0 (BODY[]<0>); Messenger 4.5 does not check "
                                          "the origin and restarts the display with it."),
                           QStringLiteral("Messenger 4.5 shows 13856 octets that differ from the "
                                          "true 20000-octet message from offset 6144."),
                           QStringLiteral("The text part (text/plain, 19 kB, part 1) is shown with "
                                          "a piece left out: 13618 of its 19762 octets are shown, "
                                          "and octets 6144–12287 of the message are not.")}
            << 3;

        // The KB's workaround: user_pref("mail.imap.fetch_by_chunks", false);
        QTest::newRow("KB Q194998 workaround: fetch_by_chunks false, one whole BODY[]")
            << qint64(-1) << QStringList{QStringLiteral("mail.imap.fetch_by_chunks=false")} << true
            << Turns{{-1, 0, Turn::Reply::Whole, 0, {}}} << End::Logout << QStringLiteral("whole")
            << QStringList{QStringLiteral("5 UID fetch 320 (UID RFC822.SIZE BODY[]) => ok, no "
                                          "origin {20000}, 20000 received")}
            << Pieces{{0, 20000}} << Verdict::Complete << Pieces{} << qint64(0) << logout
            << QStringList{} << 0;

        // MESSENGER45.md §2: a tagged BAD does not stop the loop; the next request goes out
        // and what is displayed has a gap in the middle.
        QTest::newRow("MESSENGER45.md §2: BAD \"Invalid partial\" to <6144.6144>")
            << qint64(-1) << QStringList{} << false
            << Turns{exact(0, 6144),
                     {6144, 6144, Turn::Reply::Bad, 0, "Invalid partial"},
                     exact(12288, 6144),
                     exact(18432, 1568)}
            << End::Logout << chunked
            << QStringList{okRow(5, 0, 6144),
                           QStringLiteral(
                               "6 UID fetch 320 (UID RFC822.SIZE BODY[]<6144.6144>) => error (bad "
                               "\"Invalid partial\"), no origin no literal, 0 received"),
                           okRow(7, 12288, 6144), okRow(8, 18432, 1568)}
            << Pieces{{0, 6144}, {12288, 20000}} << Verdict::Corrupted << Pieces{} << qint64(0)
            << logout
            << QStringList{QStringLiteral(
                               "chunk 2: the server refused `<6144.6144>` with BAD \"Invalid "
                               "partial\"; Messenger 4.5 shows the server's text in an alert and "
                               "goes on with the next request, leaving a gap in the message."),
                           QStringLiteral("Messenger 4.5 shows 13856 of 20000 octets with 6144 "
                                          "never shown (offsets 6144–12287), so from offset 6144 "
                                          "on what it shows is out of place (judged from the "
                                          "literals' origins; there is no reference copy).")}
            << 3;

        QTest::newRow("a drop after 1000 octets of the first literal")
            << qint64(-1) << QStringList{} << false << Turns{{0, 6144, Turn::Reply::Drop, 1000, {}}}
            << End::ServerClosed << chunked
            << QStringList{QStringLiteral("5 UID fetch 320 (UID RFC822.SIZE BODY[]<0.6144>) => "
                                          "error (closed \"\"), BODY[]<0> {6144}, 1000 received")}
            << Pieces{{0, 1000}} << Verdict::Truncated << Pieces{} << qint64(19000)
            << QStringLiteral("disconnected")
            << QStringList{QStringLiteral("chunk 1: the reply to `5 UID fetch 320 (UID RFC822.SIZE "
                                          "BODY[]<0.6144>)` never completed over plain text: the "
                                          "server closed the connection"),
                           QStringLiteral("Messenger 4.5 shows 1000 of 20000 octets: the last "
                                          "19000 octets of the message are missing (judged against "
                                          "RFC822.SIZE; there is no reference copy)."),
                           QStringLiteral("The server closed the connection during the download.")}
            << 3;
    }
    void oneMessageKb()
    {
        QFETCH(qint64, reportedSize);
        QFETCH(QStringList, sets);
        QFETCH(bool, verify);
        QFETCH(Turns, turns);
        QFETCH(End, end);
        Message m = Message::sized(320, 20000);
        m.reportedSize = reportedSize;
        ImapScript s;
        s.open().headers({m});
        play(s, m, turns, end);
        QList<ScriptedServer::Scenario> scenarios{s.build()};
        if (verify)
            scenarios << ImapScript::verification(m);
        auto req = loopbackRequest(0, QStringLiteral("kb-q194998"), {320}, sets);
        req.verify = verify;
        req.keepSeen = !verify;
        QString why;
        const auto out = playFetch(scenarios, req, &why);
        QVERIFY2(out, qPrintable(why));

        QFETCH(QString, strategy);
        QFETCH(QStringList, chunks);
        QFETCH(Pieces, displayed);
        QFETCH(Verdict, verdict);
        QFETCH(Pieces, duplicated);
        QFETCH(qint64, missingTail);
        QFETCH(QString, sessionEnd);
        QFETCH(QStringList, findings);
        QFETCH(int, exitCode);
        QCOMPARE(out->messages.size(), 1);
        const auto &msg = out->messages[0];
        QCOMPARE(msim::fetch::kStrategyNames.name(msg.strategy), strategy);
        QCOMPARE(chunkRows(msg), chunks);
        QCOMPARE(msg.displayed, pieces(m.body, displayed));
        QCOMPARE(msg.comparison.verdict, verdict);
        QList<fetch::Range> twice;
        for (const auto &[b, e] : duplicated)
            twice << fetch::Range{b, e};
        QCOMPARE(msg.comparison.duplicated, twice);
        QCOMPARE(msg.comparison.missingTail, missingTail);
        QCOMPARE(msim::fetch::kMessageEndNames.name(msg.sessionEnd), sessionEnd);
        QCOMPARE(msim::fetch::kMessageEndNames.name(out->sessionEnd),
                 sessionEnd); // one message: the run ends as it does
        QCOMPARE(msg.findings, findings);
        QCOMPARE(msg.seenRestored, verify);
        QCOMPARE(out->exitCode(), exitCode);
        QCOMPARE(out->transcripts.size(), verify ? 2 : 1);
        // The JSON text is one object holding the message.
        QCOMPARE(QJsonDocument::fromJson(msim::scenario::JsonOutput::fetch(*out))
                     .object()[QStringLiteral("messages")]
                     .toArray()
                     .size(),
                 1);
        // Each literal is named in the transcript; unframed octets are marked there.
        const QString transcript = out->transcriptText();
        for (const auto &c : msg.chunks) {
            // The range-less `BODY[]` is a row with a null range (DESIGN.md §3).
            QCOMPARE(c.requestedStart.has_value(), c.command.contains("BODY[]<"));
            QCOMPARE(c.requestedLength.has_value(), c.command.contains("BODY[]<"));
            if (c.status != ChunkStatus::Error && c.literalLength > 0)
                QVERIFY2(transcript.contains(
                             QStringLiteral("[literal: %1 octets]").arg(c.literalLength)),
                         c.command.constData());
            if (c.unframedExtra == 0)
                continue;
            bool marked = false;
            for (const auto &mk : out->transcripts[c.connection - 1]->marks())
                marked = marked || (mk.kind == net::Transcript::MarkKind::Overrun &&
                                    mk.length == c.unframedExtra);
            QVERIFY2(marked, c.command.constData());
        }
    }

    // The adaptive rule (MESSENGER45.md §2) and Thunderbird's: the whole request sequence on a
    // clock that makes every chunk take `stepMs`, against a compliant server.
    void adaptiveChunkSizes_data()
    {
        QTest::addColumn<QString>("preset");
        QTest::addColumn<qint64>("stepMs");
        QTest::addColumn<quint32>("uid");
        QTest::addColumn<qint64>("size");
        QTest::addColumn<QList<QPair<qint64, qint64>>>("requests");
        QTest::addColumn<QStringList>("statuses");
        QTest::addColumn<QString>("client");
        // Every chunk "takes" 5 s (slower than chunk_ideal 4 s): 10240 -> 8192 -> 6144 ->
        // 4096, the last request clamped to the size.
        QTest::newRow("MESSENGER45.md §2 messenger45 on a slow link: 5 s a chunk shrinks it")
            << QStringLiteral("messenger45") << qint64(5000) << quint32(7) << qint64(26000)
            << QList<QPair<qint64, qint64>>{{0, 10240}, {10240, 8192}, {18432, 6144}, {24576, 1424}}
            << QStringList{u"ok"_s, u"ok"_s, u"ok"_s, u"ok"_s} << QStringLiteral("Messenger 4.5");
        // Every chunk under a second: 10240 -> 12288 -> 14336 -> ... (MESSENGER45.md §1 note).
        QTest::newRow("MESSENGER45.md §1 messenger45 on a fast link: under a second grows it")
            << QStringLiteral("messenger45") << qint64(100) << quint32(8) << qint64(102400)
            << QList<QPair<qint64, qint64>>{{0, 10240},     {10240, 12288}, {22528, 14336},
                                            {36864, 16384}, {53248, 18432}, {71680, 20480},
                                            {92160, 10240}}
            << QStringList{u"ok"_s, u"ok"_s, u"ok"_s, u"ok"_s, u"ok"_s, u"ok"_s, u"ok"_s}
            << QStringLiteral("Messenger 4.5");
        // The size grows after the first full chunk, but the growth shows one request later.
        QTest::newRow("thunderbird asks full 65536-octet chunks")
            << QStringLiteral("thunderbird") << qint64(100) << quint32(8) << qint64(102400)
            << QList<QPair<qint64, qint64>>{{0, 65536}, {65536, 65536}}
            << QStringList{u"ok"_s, u"short"_s} << QStringLiteral("Thunderbird");
    }
    void adaptiveChunkSizes()
    {
        QFETCH(QString, preset);
        QFETCH(qint64, stepMs);
        QFETCH(quint32, uid);
        QFETCH(qint64, size);
        QFETCH(Pieces, requests);
        QFETCH(QStringList, statuses);
        QFETCH(QString, client);
        const Message m = Message::sized(uid, size);
        ImapScript s;
        s.open().headers({m});
        compliantChunks(s, m, requests);
        s.logout();
        SteppingClock clock(stepMs);
        QString why;
        const auto out = playFetch({s.build(), ImapScript::verification(m)},
                                   loopbackRequest(0, preset, {uid}), &why, &clock);
        QVERIFY2(out, qPrintable(why));
        QList<QByteArray> sent;
        int tag = 5;
        for (const auto &[start, len] : requests)
            sent << chunkCmd(tag++, uid, start, len);
        QCOMPARE(commands(out->messages[0]), sent);
        QCOMPARE(statusNames(out->messages[0]), statuses);
        QCOMPARE(out->client, client);
        QCOMPARE(out->messages[0].comparison.verdict, Verdict::Complete);
    }

    void thresholdEdge_data()
    {
        QTest::addColumn<QString>("preset");
        QTest::addColumn<qint64>("size");
        QTest::addColumn<bool>("chunked");
        QTest::newRow("kb: equal to the threshold")
            << QStringLiteral("kb-q194998") << qint64(6144) << false;
        QTest::newRow("kb: one above") << QStringLiteral("kb-q194998") << qint64(6145) << true;
        QTest::newRow("4.5: equal to the threshold")
            << QStringLiteral("messenger45") << qint64(15360) << false;
        QTest::newRow("4.5: one above") << QStringLiteral("messenger45") << qint64(15361) << true;
    }

    void thresholdEdge()
    {
        QFETCH(QString, preset);
        QFETCH(qint64, size);
        QFETCH(bool, chunked);
        const Message m = Message::sized(7, size);
        ImapScript s;
        s.open().headers({m});
        if (chunked) {
            const qint64 first = preset == QLatin1String("kb-q194998") ? 6144 : 10240;
            compliantChunks(s, m, {{0, first}, {first, size - first}});
        } else {
            answer(s, {m}, "UID fetch 7 (UID RFC822.SIZE BODY[])");
        }
        s.logout();
        ScriptedServer server;
        server.addScenario(s.build());
        server.addScenario(ImapScript::verification(m));
        QVERIFY(server.listenLoopback());
        SteppingClock clock(3000); // "ideal" for messenger45: the size does not move
        const auto out = runFetch(loopbackRequest(server.serverPort(), preset, {7}), &clock);
        QVERIFY2(out, "the fetch did not finish");
        MSIM_VERIFY_SCRIPT(server);
        QCOMPARE(out->messages[0].strategy, chunked ? Strategy::Chunked : Strategy::Whole);
        QCOMPARE(out->messages[0].comparison.verdict, Verdict::Complete);
        QCOMPARE(out->exitCode(), 0);
    }

    // The wall-time cap behind the loop guard: a download that never repeats itself but goes
    // on for more than FetchStrategy::kMaxMessageMs is stopped, and the sentence says so.
    void wallTimeCapStopsADownload()
    {
        const Message m = Message::sized(7, 20000);
        ImapScript s;
        s.open().headers({m});
        compliantChunks(s, m, {{0, 6144}, {6144, 6144}, {12288, 6144}});
        s.logout();
        ScriptedServer server;
        server.addScenario(s.build());
        QVERIFY(server.listenLoopback());
        SteppingClock clock(3000); // 3 s a chunk: the size does not move
        auto req = loopbackRequest(server.serverPort(), QStringLiteral("kb-q194998"), {7});
        req.verify = false;
        req.keepSeen = true;
        fetch::FetchRunner runner(req);
        runner.setClock(&clock);
        // After each chunk 2 hours pass: the third reply ends past 4 hours from the first request.
        connect(&runner, &fetch::FetchRunner::progress, this,
                [&clock](const QString &, quint32 uid, qint64, qint64, int chunks) {
                    if (uid != 0 && chunks > 0)
                        clock.jump(2 * 3600 * 1000);
                });
        QSignalSpy done(&runner, &fetch::FetchRunner::finished);
        runner.start();
        QVERIFY(done.wait(20000));
        MSIM_VERIFY_SCRIPT(server);
        const auto &msg = runner.outcome().messages[0];
        QCOMPARE(msg.chunks.size(), 3);
        QVERIFY(msg.stoppedByLimit && msg.stoppedByTime);
        QCOMPARE(msg.comparison.verdict, Verdict::Truncated);
        QCOMPARE(
            msg.findings.last(),
            QStringLiteral("msim stopped after 3 requests and 4 hours on this message (its limit "
                           "for one message): Messenger 4.5 would have gone on asking."));
    }

    void notImap4rev1GetsRfc822()
    {
        const Message m = Message::sized(3, 20000);
        ImapScript s("IMAP4 AUTH=PLAIN");
        s.open().headers({m});
        s.client("UID fetch 3 (UID RFC822.SIZE RFC822)");
        s.server("* 1 FETCH (UID 3 RFC822.SIZE 20000 RFC822 {20000}\r\n" + m.body + ")\r\n");
        s.ok();
        s.logout();
        QString why;
        const auto out =
            playFetch({s.build(), ImapScript::verification(m, true, "IMAP4 AUTH=PLAIN")},
                      loopbackRequest(0, QStringLiteral("kb-q194998"), {3}), &why);
        QVERIFY2(out, qPrintable(why));
        QCOMPARE(out->messages[0].comparison.verdict, Verdict::Complete);
    }

    void xsenderStartsTheItemList()
    {
        const Message m = Message::sized(320, 8000);
        ImapScript s("IMAP4rev1 XSENDER AUTH=PLAIN");
        s.open().headers({m});
        s.client("UID fetch 320 (XSENDER UID RFC822.SIZE BODY[]<0.6144>)");
        s.server("* 1 FETCH (XSENDER \"joe@example.com\" UID 320 BODY[]<0> {6144}\r\n" +
                 m.body.left(6144) + ")\r\n");
        s.ok();
        s.client("UID fetch 320 (XSENDER UID RFC822.SIZE BODY[]<6144.1856>)");
        s.server(ImapScript::fetchReply(1, m, 6144, m.body.mid(6144)));
        s.ok();
        s.logout();
        QString why;
        const auto out = playFetch(
            {s.build(), ImapScript::verification(m, true, "IMAP4rev1 XSENDER AUTH=PLAIN")},
            loopbackRequest(0, QStringLiteral("kb-q194998"), {320}), &why);
        QVERIFY2(out, qPrintable(why));
        QCOMPARE(out->messages[0].comparison.verdict, Verdict::Complete);
    }

    void withoutVerifyOrSeenRestoreOneConnection()
    {
        Message m = Message::sized(320, 20000);
        m.flags = "\\Seen"; // already read: nothing to restore
        ImapScript s;
        s.open().headers({m});
        compliantChunks(s, m, {{0, 6144}, {6144, 6144}, {12288, 6144}, {18432, 1568}});
        s.logout();
        ScriptedServer server;
        server.addScenario(s.build());
        QVERIFY(server.listenLoopback());
        auto req = loopbackRequest(server.serverPort(), QStringLiteral("kb-q194998"), {320});
        req.verify = false;
        const auto out = runFetch(req);
        QVERIFY2(out, "the fetch did not finish");
        MSIM_VERIFY_SCRIPT(server);
        QCOMPARE(server.connectionCount(), 1);
        QVERIFY(!out->messages[0].reference);
        QCOMPARE(out->messages[0].comparison.verdict, Verdict::Complete);
        QVERIFY(!out->messages[0].comparison.againstReference);
    }

    void keepSeenSkipsTheRestore()
    {
        const Message m = Message::sized(5, 1024);
        ImapScript s;
        s.open().headers({m});
        answer(s, {m}, "UID fetch 5 (UID RFC822.SIZE BODY[])");
        s.logout();
        QString why;
        auto req = loopbackRequest(0, QStringLiteral("kb-q194998"), {5});
        req.keepSeen = true;
        const auto out = playFetch({s.build(), ImapScript::verification(m, false)}, req, &why);
        QVERIFY2(out, qPrintable(why));
        QVERIFY(!out->messages[0].seenRestored);
        QVERIFY(out->notes.isEmpty());
    }

    void referenceFromAFile()
    {
        const Message m = Message::sized(320, 20000);
        ImapScript s;
        s.open().headers({m});
        play(s, m, {{0, 6144, Turn::Reply::Unframed, 700, {}}}, End::EmergencyLogout);
        ScriptedServer server;
        server.addScenario(s.build());
        ImapScript restore;
        restore.open().client("uid store 320 -FLAGS (\\Seen)").ok("Store completed").logout();
        server.addScenario(restore.build());
        QVERIFY(server.listenLoopback());
        auto req = loopbackRequest(server.serverPort(), QStringLiteral("kb-q194998"), {320});
        req.referenceEml = m.body;
        req.referenceEmlPath = QStringLiteral("customer.eml");
        const auto out = runFetch(req);
        QVERIFY2(out, "the fetch did not finish");
        MSIM_VERIFY_SCRIPT(server);
        QCOMPARE(out->messages[0].referenceSource, QStringLiteral("customer.eml"));
        QCOMPARE(out->messages[0].chunks[0].unframedExtra, 700);
        QCOMPARE(out->messages[0].comparison.verdict, Verdict::Truncated);
    }

    void missingUidIsAFinding()
    {
        const Message m = Message::sized(5, 1024);
        ImapScript s;
        s.open();
        s.client("UID fetch 5:6 (UID RFC822.SIZE BODY.PEEK[HEADER] FLAGS)");
        s.server(
            "* 1 FETCH (UID 5 RFC822.SIZE 1024 FLAGS (\\Seen) BODY[HEADER] {4}\r\nab\r\n)\r\n");
        s.ok();
        answer(s, {m}, "UID fetch 5 (UID RFC822.SIZE BODY[])");
        s.logout();
        QString why;
        auto req = loopbackRequest(0, QStringLiteral("kb-q194998"), {5, 6});
        req.verify = false;
        const auto out = playFetch({s.build()}, req, &why);
        QVERIFY2(out, qPrintable(why));
        QCOMPARE(out->messages.size(), 2);
        QVERIFY(!out->messages[1].exists);
        QVERIFY(out->messages[1]
                    .findings.join(QLatin1Char(' '))
                    .contains(QLatin1String("not in the mailbox")));
        QCOMPARE(out->exitCode(), 3);
    }

    void newConnectionAfterAnEmergencyLogout()
    {
        const Message a = Message::sized(6, 20000);
        const Message b = Message::sized(7, 26000);
        ImapScript s;
        s.open(2).headers({a, b});
        play(s, a, {{0, 6144, Turn::Reply::Unframed, 1500, {}}}, End::EmergencyLogout);
        ImapScript s2;
        // A new connection: capabilities are cached for the host:port, so `1 login` first;
        // select again, no second header download.
        s2.reopen(2);
        compliantChunks(s2, b,
                        {{0, 6144}, {6144, 6144}, {12288, 6144}, {18432, 6144}, {24576, 1424}});
        s2.logout();
        QString why;
        auto req = loopbackRequest(0, QStringLiteral("kb-q194998"), {6, 7});
        req.verify = false;
        req.keepSeen = true;
        const auto out = playFetch({s.build(), s2.build()}, req, &why);
        QVERIFY2(out, qPrintable(why));
        QCOMPARE(out->messages[0].sessionEnd, msim::fetch::MessageEnd::EmergencyLogout);
        QCOMPARE(out->messages[1].sessionEnd, msim::fetch::MessageEnd::Logout);
        QCOMPARE(out->messages[1].comparison.verdict, Verdict::Complete);
        QCOMPARE(out->messages[1].chunks[0].connection, 2);
        QCOMPARE(out->sessionEnd, msim::fetch::MessageEnd::EmergencyLogout);
    }

    void loginFailureExitsOne()
    {
        QString why;
        const auto out = playFetch({ScriptedServer::parse(QStringLiteral(
                                       "S: * OK ready\nC: 1 capability\nS: * CAPABILITY "
                                       "IMAP4rev1\nS: 1 OK\nC: 2 login \"test\" \"secret\"\nS: 2 "
                                       "NO [AUTHENTICATIONFAILED] Authentication failed.\nW:\n"))},
                                   loopbackRequest(0, QStringLiteral("kb-q194998"), {320}), &why);
        QVERIFY2(out, qPrintable(why));
        QVERIFY(out->error);
        QVERIFY(out->error->contains(QLatin1String("Authentication failed")));
        QCOMPARE(out->exitCode(), 1);
        QVERIFY(
            !QJsonDocument::fromJson(msim::scenario::JsonOutput::fetch(*out)).object().isEmpty());
    }

    // MESSENGER45.md §2: t is the difference of two whole-second readings, so the same 2 ms
    // counts 1 when it crosses a second boundary and 0 when it does not. With chunk_fast 0 that
    // decides whether the next chunk grows (t 0) or keeps its size (t 1 ≤ chunk_ideal).
    void adaptiveTIsWholeSecondReadings_data()
    {
        QTest::addColumn<QList<qint64>>("readings"); // ms: send, end of each body fetch
        QTest::addColumn<QList<QByteArray>>("requests");
        QTest::newRow("MESSENGER45.md §2: 999→1001 ms crosses a second: t 1, not fast")
            << QList<qint64>{999, 1001, 5000, 6000, 7000, 8000}
            << QList<QByteArray>{chunkCmd(5, 7, 0, 10240), chunkCmd(6, 7, 10240, 10240),
                                 chunkCmd(7, 7, 20480, 9520)};
        QTest::newRow("MESSENGER45.md §2: 100→102 ms within a second: t 0, fast")
            << QList<qint64>{100, 102, 5000, 6000, 7000, 8000}
            << QList<QByteArray>{chunkCmd(5, 7, 0, 10240), chunkCmd(6, 7, 10240, 12288),
                                 chunkCmd(7, 7, 22528, 7472)};
    }

    void adaptiveTIsWholeSecondReadings()
    {
        QFETCH(QList<qint64>, readings);
        QFETCH(QList<QByteArray>, requests);
        const Message m = Message::sized(7, 30000);
        ImapScript s;
        s.open().headers({m});
        for (const QByteArray &r : requests)
            answer(s, {m}, r.mid(r.indexOf(' ') + 1));
        s.logout();
        QString why;
        ScriptedClock clock(readings);
        const auto out = playFetch({s.build(), ImapScript::verification(m)},
                                   loopbackRequest(0, QStringLiteral("messenger45"), {7},
                                                   {QStringLiteral("mail.imap.chunk_fast=0")}),
                                   &why, &clock);
        QVERIFY2(out, qPrintable(why));
        QCOMPARE(commands(out->messages[0]), requests);
        QCOMPARE(clock.unread(), 0);
        QCOMPARE(clock.overrun(), 0);
        QCOMPARE(out->messages[0].comparison.verdict, Verdict::Complete);
        QCOMPARE(out->exitCode(), 0);
    }

    // MESSENGER45.md §2: the rule applies after whole fetches too, so a fast whole fetch of a
    // small message raises the threshold (15360 → 18432) and the next, larger message of the
    // same run is fetched whole as well.
    void fastWholeFetchRaisesTheThreshold_data()
    {
        QTest::addColumn<QList<qint64>>("sizes"); // UIDs 11, 12, ... in this order
        QTest::addColumn<QList<QByteArray>>("requests");
        QTest::addColumn<QStringList>("strategies");
        QTest::newRow("MESSENGER45.md §2: 12288 whole and fast, then 17472 ≤ 18432 whole")
            << QList<qint64>{12288, 17472}
            << QList<QByteArray>{"5 UID fetch 11 (UID RFC822.SIZE BODY[])",
                                 "6 UID fetch 12 (UID RFC822.SIZE BODY[])"}
            << QStringList{QStringLiteral("whole"), QStringLiteral("whole")};
        QTest::newRow("MESSENGER45.md §2: 17472 alone > 15360 is chunked")
            << QList<qint64>{17472}
            << QList<QByteArray>{chunkCmd(5, 11, 0, 10240), chunkCmd(6, 11, 10240, 7232)}
            << QStringList{QStringLiteral("chunked")};
    }

    void fastWholeFetchRaisesTheThreshold()
    {
        QFETCH(QList<qint64>, sizes);
        QFETCH(QList<QByteArray>, requests);
        QFETCH(QStringList, strategies);
        QList<Message> messages;
        QList<quint32> uids;
        for (qint64 size : sizes) {
            messages << Message::sized(quint32(11 + messages.size()), size);
            uids << messages.last().uid;
        }
        ImapScript s;
        s.open(int(messages.size())).headers(messages);
        for (const QByteArray &r : requests)
            answer(s, messages, r.mid(r.indexOf(' ') + 1));
        s.logout();
        ScriptedServer server;
        server.addScenario(s.build());
        QVERIFY(server.listenLoopback());
        auto req = loopbackRequest(server.serverPort(), QStringLiteral("messenger45"), uids);
        req.verify = false;
        req.keepSeen = true;
        SteppingClock clock(100); // every body fetch well under a second: fast
        const auto out = runFetch(req, &clock);
        QVERIFY2(out, "the fetch did not finish");
        MSIM_VERIFY_SCRIPT(server);
        QList<QByteArray> sent;
        QStringList used;
        for (const auto &msg : out->messages) {
            sent << commands(msg);
            used << msim::fetch::kStrategyNames.name(msg.strategy);
            QCOMPARE(msg.displayed, messages[used.size() - 1].body);
        }
        QCOMPARE(sent, requests);
        QCOMPARE(used, strategies);
        QCOMPARE(out->exitCode(), 0);
    }

    // MESSENGER45.md §8: 4.x marks a message whose RFC822.SIZE is 0 \Deleted and expunges it;
    // msim only says so. Size 0 is not above any threshold, so 4.5 fetches it whole, and the
    // whole answer (no origin) completes the download.
    void rfc822SizeZero_data()
    {
        QTest::addColumn<qint64>("reportedSize"); // -1: the true size
        QTest::addColumn<QStringList>("findings");
        QTest::newRow("MESSENGER45.md §8: the header download says RFC822.SIZE 0")
            << qint64(0)
            << QStringList{
                   QStringLiteral(
                       "The server reported RFC822.SIZE 0 but holds 2000 octets (2000 fewer than "
                       "the message); Messenger 4.5 still shows it complete."),
                   QStringLiteral(
                       "The server reported RFC822.SIZE 0 for UID 9: Messenger 4.x marks such a "
                       "message \\Deleted and expunges it (a workaround for an old Netscape "
                       "server), so a 4.5 user would lose it; msim did not do that.")};
        // DESIGN.md §3: an under-reported size is a finding even when nothing is lost (KB
        // Q191504's size at or under the threshold: fetched whole).
        QTest::newRow("KB Q191504 under the threshold: RFC822.SIZE 1900 of 2000, fetched whole")
            << qint64(1900)
            << QStringList{QStringLiteral(
                   "The server reported RFC822.SIZE 1900 but holds 2000 octets (100 fewer than the "
                   "message); Messenger 4.5 still shows it complete.")};
        QTest::newRow("MESSENGER45.md §8 contrast: RFC822.SIZE right")
            << qint64(-1) << QStringList{};
    }

    void rfc822SizeZero()
    {
        QFETCH(qint64, reportedSize);
        QFETCH(QStringList, findings);
        Message m = Message::sized(9, 2000);
        m.reportedSize = reportedSize;
        ImapScript s;
        s.open().headers({m});
        answer(s, {m}, "UID fetch 9 (UID RFC822.SIZE BODY[])");
        s.logout();
        QString why;
        const auto out = playFetch({s.build(), ImapScript::verification(m)},
                                   loopbackRequest(0, QStringLiteral("messenger45"), {9}), &why);
        QVERIFY2(out, qPrintable(why));
        const auto &msg = out->messages[0];
        QCOMPARE(msg.strategy, msim::fetch::Strategy::Whole);
        QCOMPARE(commands(msg), QList<QByteArray>({"5 UID fetch 9 (UID RFC822.SIZE BODY[])"}));
        QCOMPARE(msg.displayed, m.body);
        QCOMPARE(msg.comparison.verdict, Verdict::Complete);
        QCOMPARE(msg.findings, findings);
        QCOMPARE(out->exitCode(), findings.isEmpty() ? 0 : 3);
    }

    // Issue 14: an honest 0-octet message (Dovecot serves an empty Maildir file or mbox entry
    // as RFC822.SIZE 0 and a {0} literal) is complete and not the server's fault; the notes
    // say what 4.x would have done with it (MESSENGER45.md §8). A Thunderbird run has no note.
    void emptyMessageIsNotAServerFault_data()
    {
        QTest::addColumn<QString>("preset");
        QTest::addColumn<QStringList>("notes");
        QTest::newRow("issue 14: messenger45")
            << QStringLiteral("messenger45")
            << QStringList{QStringLiteral(
                   "UID 9 is an empty message (0 octets, RFC822.SIZE 0), and the server served it "
                   "so. Messenger 4.x would have marked it \\Deleted and expunged it (its "
                   "workaround for an old Netscape server), so a 4.x user would not see it again; "
                   "msim did not do that.")};
        QTest::newRow("issue 14: thunderbird") << QStringLiteral("thunderbird") << QStringList{};
    }

    void emptyMessageIsNotAServerFault()
    {
        QFETCH(QString, preset);
        QFETCH(QStringList, notes);
        Message m;
        m.uid = 9;
        m.flags = "\\Seen"; // nothing to restore: the notes hold only the empty-message one
        ImapScript s;
        s.open().headers({m});
        answer(s, {m}, "UID fetch 9 (UID RFC822.SIZE BODY[])");
        s.logout();
        QString why;
        const auto out = playFetch({s.build(), ImapScript::verification(m, false)},
                                   loopbackRequest(0, preset, {9}), &why);
        QVERIFY2(out, qPrintable(why));
        const auto &msg = out->messages[0];
        QCOMPARE(msg.displayed, QByteArray());
        QCOMPARE(msg.chunks.size(), 1);
        QCOMPARE(msg.chunks[0].status, fetch::ChunkStatus::Ok);
        QCOMPARE(msg.comparison.verdict, Verdict::Complete);
        QCOMPARE(msg.findings, QStringList{});
        QCOMPARE(out->notes, notes);
        QCOMPARE(out->exitCode(), 0);
    }

    // The contrast: a 0-octet message whose fetch gets no answer (the server closes) is not
    // "complete" because nothing was expected; it failed.
    void emptyMessageCutOffIsStillFailed()
    {
        Message m;
        m.uid = 9;
        m.flags = "\\Seen";
        ImapScript s;
        s.open().headers({m});
        s.client("UID fetch 9 (UID RFC822.SIZE BODY[])").close();
        ScriptedServer server;
        server.addScenario(s.build());
        server.addScenario(ImapScript::verification(m, false));
        QVERIFY(server.listenLoopback());
        const auto out =
            runFetch(loopbackRequest(server.serverPort(), QStringLiteral("messenger45"), {9}));
        QVERIFY2(out, "the fetch did not finish");
        const auto &msg = out->messages[0];
        QCOMPARE(msg.chunks.size(), 1);
        QCOMPARE(msg.chunks[0].status, fetch::ChunkStatus::Error);
        QCOMPARE(msg.comparison.verdict, Verdict::Failed);
        QVERIFY(out->notes.isEmpty());
        QVERIFY(out->exitCode() != 0);
    }

    // MESSENGER45.md §3: 4.5 puts the password between quotes unescaped; a `"` in it breaks
    // the login command, and msim explains that instead of escaping it.
    void rawLoginQuoting_data()
    {
        QTest::addColumn<QByteArray>("password");
        QTest::addColumn<QString>("error"); // empty: logged in, fetched
        QTest::addColumn<int>("exitCode");
        QTest::newRow("MESSENGER45.md §3: a quote in the password")
            << QByteArray("pa\"ss")
            << QStringLiteral("the server refused the login: BAD Error in IMAP command LOGIN: "
                              "Invalid arguments.; Messenger 4.5 inserts the user name and "
                              "password between quotes without escaping them, and this password "
                              "contains a \", so 4.5's login command was malformed (an unescaped "
                              "\" ends the quoted string early): the password itself may be right")
            << 1;
        QTest::newRow("MESSENGER45.md §3 contrast: no quote logs in")
            << QByteArray("secret") << QString() << 0;
    }

    // Esc during the chunk loop: the request in flight is a row of its own (error, cancelled),
    // what came before it stays displayed, no verdict is judged, and \Seen is put back on a
    // fresh connection as a finished fetch would.
    void cancelMidChunkLoopRestoresSeen()
    {
        const Message m = Message::sized(320, 20000); // unread
        ScriptedServer server;
        server.addScenario(heldAtTheSecondChunk(m)); // no reply: the user cancels
        ImapScript restore;
        restore.open().client("uid store 320 -FLAGS (\\Seen)");
        restore.line("* 1 FETCH (FLAGS ())").ok("Store completed").logout();
        server.addScenario(restore.build());
        QVERIFY(server.listenLoopback());
        const auto out = runFetchCancelled(
            server, loopbackRequest(server.serverPort(), QStringLiteral("kb-q194998"), {320}));
        QVERIFY2(out, "the fetch did not finish");
        MSIM_VERIFY_SCRIPT(server);
        QCOMPARE(server.connectionCount(), 2);
        QVERIFY(out->cancelled);
        QCOMPARE(out->error, QStringLiteral("cancelled by the user"));
        const auto &msg = out->messages[0];
        QVERIFY(msg.cancelled);
        QCOMPARE(commands(msg),
                 QList<QByteArray>({chunkCmd(5, 320, 0, 6144), chunkCmd(6, 320, 6144, 6144)}));
        QCOMPARE(msg.chunks[0].status, ChunkStatus::Ok);
        QCOMPARE(msg.chunks[1].status, ChunkStatus::Error);
        QCOMPARE(fetch::errorKindName(msg.chunks[1].errorKind), QStringLiteral("cancelled"));
        QCOMPARE(msg.chunks[1].received, 0);
        QCOMPARE(msg.displayed, m.body.left(6144));
        QCOMPARE(msg.sessionEnd, msim::fetch::MessageEnd::Cancelled);
        QVERIFY(msg.findings.isEmpty()); // no verdict, no findings: the fetch did not end
        QVERIFY(!msg.reference);
        QVERIFY(msg.seenRestored);
        // The JSON: no verdict, "cancelled": true, the row's error_kind.
        const QJsonObject json =
            QJsonDocument::fromJson(msim::scenario::JsonOutput::fetch(*out)).object();
        const QJsonObject jm = json[QStringLiteral("messages")].toArray()[0].toObject();
        QVERIFY(jm[QStringLiteral("verdict")].isNull());
        QCOMPARE(jm[QStringLiteral("cancelled")], QJsonValue(true));
        QCOMPARE(jm[QStringLiteral("session_end")], QJsonValue(QStringLiteral("cancelled")));
        QCOMPARE(jm[QStringLiteral("chunks")].toArray()[1].toObject()[QStringLiteral("error_kind")],
                 QJsonValue(QStringLiteral("cancelled")));
        QCOMPARE(out->notes,
                 QStringList{QStringLiteral(
                     "Cancelled. UID 320 was unread before; the BODY[] requests sent before the "
                     "cancel could have marked it read, so msim marked it unread again.")});
        QVERIFY2(out->warnings.isEmpty(), qPrintable(out->warnings.join(u'\n')));
    }

    // The server refuses the restore after a cancel: a plain warning, its text (control
    // characters escaped, response code kept) quoted.
    void cancelRestoreRefusedIsSaidPlainly()
    {
        const Message m = Message::sized(320, 20000);
        ScriptedServer server;
        server.addScenario(heldAtTheSecondChunk(m));
        ImapScript restore;
        restore.open().client("uid store 320 -FLAGS (\\Seen)");
        restore.line(restore.lastTag() + " NO [CANNOT] Mailbox is read-only\x1b]0;owned\x07");
        restore.logout();
        server.addScenario(restore.build());
        QVERIFY(server.listenLoopback());
        const auto out = runFetchCancelled(
            server, loopbackRequest(server.serverPort(), QStringLiteral("kb-q194998"), {320}));
        QVERIFY2(out, "the fetch did not finish");
        MSIM_VERIFY_SCRIPT(server);
        QVERIFY(out->cancelled);
        QVERIFY(!out->messages[0].seenRestored);
        QVERIFY(out->notes.isEmpty());
        QCOMPARE(
            out->warnings,
            QStringList{QStringLiteral(
                "Cancelled. \\Seen could not be restored on UID 320: the server answered NO "
                "[CANNOT] Mailbox is read-only\\x1b]0;owned\\x07; it may stay marked as read.")});
    }

    // Cancelled before any body request: nothing set \Seen, so nothing is restored and the
    // run ends at once, on the one connection.
    void cancelBeforeAnyBodyRequestRestoresNothing()
    {
        ImapScript s;
        s.open().client("UID fetch 320 (UID RFC822.SIZE BODY.PEEK[HEADER] FLAGS)");
        auto emulation = s.build();
        emulation << ScriptedServer::Step::waitClose();
        ScriptedServer server;
        server.addScenario(emulation);
        QVERIFY(server.listenLoopback());
        const auto out = runFetchCancelled(
            server, loopbackRequest(server.serverPort(), QStringLiteral("kb-q194998"), {320}));
        QVERIFY2(out, "the fetch did not finish");
        MSIM_VERIFY_SCRIPT(server);
        QCOMPARE(server.connectionCount(), 1);
        QVERIFY(out->cancelled);
        QVERIFY(out->messages[0].cancelled);
        QVERIFY(out->messages[0].chunks.isEmpty());
        QVERIFY(out->messages[0].error.isEmpty());
        QVERIFY(out->notes.isEmpty());
        QVERIFY(out->warnings.isEmpty());
    }

    // The same cancel with --keep-seen: the user asked to leave \Seen as the fetch left it.
    void cancelWithKeepSeenRestoresNothing()
    {
        const Message m = Message::sized(320, 20000);
        ScriptedServer server;
        server.addScenario(heldAtTheSecondChunk(m));
        QVERIFY(server.listenLoopback());
        auto req = loopbackRequest(server.serverPort(), QStringLiteral("kb-q194998"), {320});
        req.keepSeen = true;
        const auto out = runFetchCancelled(server, req);
        QVERIFY2(out, "the fetch did not finish");
        MSIM_VERIFY_SCRIPT(server);
        QCOMPARE(server.connectionCount(), 1);
        QVERIFY(out->cancelled);
        QCOMPARE(out->messages[0].chunks.size(), 2);
        QVERIFY(!out->messages[0].seenRestored);
        QVERIFY(out->notes.isEmpty());
        QVERIFY(out->warnings.isEmpty());
    }

    void rawLoginQuoting()
    {
        QFETCH(QByteArray, password);
        QFETCH(QString, error);
        QFETCH(int, exitCode);
        const Message m = Message::sized(5, 1024);
        ScriptedServer server;
        if (!error.isEmpty()) {
            server.addScenario(
                QStringLiteral("S: * OK ready\nC: 1 capability\nS: * CAPABILITY IMAP4rev1 "
                               "AUTH=PLAIN\nS: 1 OK\nC: 2 login \"test\" \"pa\"ss\"\nS: 2 BAD "
                               "Error in IMAP command LOGIN: Invalid arguments.\nW:\n"));
        } else {
            ImapScript s; // C: 2 login "test" "secret"
            s.open().headers({m});
            answer(s, {m}, "UID fetch 5 (UID RFC822.SIZE BODY[])");
            s.logout();
            server.addScenario(s.build());
        }
        QVERIFY(server.listenLoopback());
        auto req = loopbackRequest(server.serverPort(), QStringLiteral("messenger45"), {5});
        req.session.credentials.password = password;
        req.verify = false;
        req.keepSeen = true;
        const auto out = runFetch(req);
        QVERIFY2(out, "the fetch did not finish");
        MSIM_VERIFY_SCRIPT(server);
        QCOMPARE(out->error.value_or(QString()), error);
        QCOMPARE(out->exitCode(), exitCode);
        const QByteArray json = msim::scenario::JsonOutput::fetch(*out);
        QCOMPARE(QJsonDocument::fromJson(json).object().value(u"error").toString(), error);
        QVERIFY2(!json.contains(password), json.constData());
        QVERIFY2(!json.contains(QJsonDocument(QJsonObject{{QStringLiteral("p"),
                                                           QString::fromLatin1(password)}})
                                    .toJson(QJsonDocument::Compact)
                                    .mid(6)
                                    .chopped(2)),
                 json.constData()); // nor its JSON-escaped form
        if (error.isEmpty())
            QCOMPARE(out->messages[0].comparison.verdict, Verdict::Complete);
    }
};

QTEST_GUILESS_MAIN(tst_FetchMessenger45)
#include "tst_fetch_messenger45.moc"
