// SPDX-License-Identifier: MIT
// The diagnostics docks offscreen: TranscriptModel under QAbstractItemModelTester, the
// TranscriptView's filters and search over a real KB Q194998 run (unframed overrun, emergency
// "xxxx logout"), redaction, a 100 000-line transcript, and ChunkMapWidget painting the same
// picture as the report's SVG (overrun red, duplicates hatched, placeholder, 854 rows).
// Set MSIM_DIAG_SCREENSHOTS=DIR to also write PNGs of both docks to DIR.
#include "FetchRun.h"
#include "ImapScript.h"
#include "ScriptedServer.h"
#include "TestIdentity.h"
#include "emulator/EmulatedServer.h"
#include "fetch/FetchRunner.h"
#include "scenario/ChunkPicture.h"
#include "ui/ChunkMapWidget.h"
#include "ui/ItemRoles.h"
#include "ui/TranscriptFocus.h"
#include "ui/TranscriptModel.h"
#include "ui/TranscriptView.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QClipboard>
#include <QComboBox>
#include <QDir>
#include <QFontMetrics>
#include <QGuiApplication>
#include <QHeaderView>
#include <QLineEdit>
#include <QRegularExpression>
#include <QScrollArea>
#include <QScrollBar>
#include <QSignalSpy>
#include <QTableView>
#include <QTest>

using namespace msim;
using namespace msim::testsupport;
using Message = ImapScript::Message;
using Kind = net::Transcript::Line::Kind;
using BarKind = scenario::ChunkPicture::Bar::Kind;
using ui::ChunkMapWidget;
using ui::TranscriptModel;
using ui::TranscriptView;

namespace {

// The kb-q194998 client against `session` and a verification connection; nullopt with *why
// when the fetch did not finish or the scripts were not played exactly.
std::optional<fetch::FetchOutcome> run(const ScriptedServer::Scenario &session, const Message &m,
                                       QString *why)
{
    return playFetch({session, ImapScript::verification(m)},
                     loopbackRequest(0, QStringLiteral("kb-q194998"), {m.uid}), why);
}

// KB Q194998: the first chunk reply carries 1500 octets after its 6144-octet literal.
std::optional<fetch::FetchOutcome> unframedOverrun(QString *why)
{
    const Message m = Message::sized(320, 20000);
    ImapScript s;
    s.open().headers({m});
    s.client("UID fetch 320 (UID RFC822.SIZE BODY[]<0.6144>)");
    s.server(ImapScript::fetchReply(1, m, 0, m.body.left(6144), m.body.mid(6144, 1500)));
    s.ok();
    s.emergencyLogout();
    return run(s.build(), m, why);
}

// Every reply short of the end carries 1500 more octets inside an honestly larger literal.
std::optional<fetch::FetchOutcome> framedOverrun(QString *why)
{
    const Message m = Message::sized(320, 20000);
    ImapScript s;
    s.open().headers({m});
    const QList<QPair<qint64, qint64>> reqs = {
        {0, 6144}, {6144, 6144}, {12288, 6144}, {18432, 1568}};
    for (const auto &[start, len] : reqs) {
        s.client("UID fetch 320 (UID RFC822.SIZE BODY[]<" + QByteArray::number(start) + '.' +
                 QByteArray::number(len) + ">)");
        const bool end = start + len >= 20000;
        s.server(ImapScript::fetchReply(1, m, start, m.body.mid(start, end ? len : len + 1500)));
        s.ok();
    }
    s.logout();
    return run(s.build(), m, why);
}

// UID 6 (20000 octets) fetched by the kb-q194998 client from the built-in server playing
// `profile`, over `security`, its certificate pinned; nullopt when the fetch did not finish.
std::optional<fetch::FetchOutcome> builtIn(const QString &profile, net::Security security)
{
    emulator::ServerOptions o;
    o.profile = profile;
    o.identity = testIdentity();
    emulator::EmulatedServer server(o, emulator::Mailbox::sample());
    QString error;
    if (!server.start(&error))
        return std::nullopt;
    fetch::FetchRequest r =
        loopbackRequest(security == net::Security::Ssl ? server.tlsPort() : server.port(),
                        QStringLiteral("kb-q194998"), {6});
    r.session.endpoint.security = security;
    r.session.tls.pins = {server.fingerprint()};
    return runFetch(r);
}

// A 5 MiB message in 854 chunks of 6144 (the last one short), built by hand.
fetch::MessageOutcome manyChunks()
{
    fetch::MessageOutcome m;
    m.uid = 9;
    m.rfc822Size = 5 * 1024 * 1024;
    m.strategy = fetch::Strategy::Chunked;
    qint64 at = 0;
    for (int i = 1; at < m.rfc822Size; ++i) {
        fetch::ChunkRecord c;
        c.index = i;
        const qint64 len = std::min<qint64>(6144, m.rfc822Size - at);
        c.command = QByteArray::number(i + 4) + " UID fetch 9 (UID RFC822.SIZE BODY[]<" +
                    QByteArray::number(at) + ".6144>)";
        c.requestedStart = at;
        c.requestedLength = 6144;
        c.origin = at;
        c.literalLength = len;
        c.received = len;
        c.status = len < 6144 ? fetch::ChunkStatus::Short : fetch::ChunkStatus::Ok;
        m.chunks.append(c);
        m.pieces.append({at, at + len});
        at += len;
    }
    m.displayed = QByteArray(m.rfc822Size, 'x');
    m.comparison.verdict = fetch::Verdict::Complete;
    m.comparison.displayedLength = m.rfc822Size;
    m.comparison.expectedLength = m.rfc822Size;
    m.sessionEnd = fetch::MessageEnd::Logout;
    return m;
}

// A 12288-octet message whose second chunk reply stopped after 3000 of its 6144 octets.
fetch::MessageOutcome brokenReply()
{
    fetch::MessageOutcome m;
    m.uid = 7;
    m.rfc822Size = 12288;
    m.strategy = fetch::Strategy::Chunked;
    for (int i = 0; i < 2; ++i) {
        fetch::ChunkRecord c;
        c.index = i + 1;
        c.command = QByteArray::number(i + 5) + " UID fetch 7 (UID RFC822.SIZE BODY[]<" +
                    QByteArray::number(i * 6144) + ".6144>)";
        c.requestedStart = i * 6144;
        c.requestedLength = 6144;
        c.origin = i * 6144;
        c.literalLength = 6144;
        c.received = i == 0 ? 6144 : 3000;
        c.status = i == 0 ? fetch::ChunkStatus::Ok : fetch::ChunkStatus::Error;
        c.detail = i == 0 ? QString() : QStringLiteral("the server closed the connection");
        m.chunks.append(c);
    }
    m.pieces = {{0, 6144}, {6144, 9144}};
    m.displayed = QByteArray(9144, 'x');
    m.comparison.verdict = fetch::Verdict::Truncated;
    m.comparison.displayedLength = 9144;
    m.comparison.expectedLength = 12288;
    m.comparison.missingTail = 12288 - 9144;
    m.sessionEnd = fetch::MessageEnd::Disconnected;
    return m;
}

int countColour(const QImage &image, const QColor &colour, const QRect &within = {})
{
    const QImage img = image.convertToFormat(QImage::Format_RGB32);
    const QRect r = within.isNull() ? img.rect() : within.intersected(img.rect());
    const QRgb want = colour.rgb();
    int n = 0;
    for (int y = r.top(); y <= r.bottom(); ++y) {
        const auto *line = reinterpret_cast<const QRgb *>(img.constScanLine(y));
        for (int x = r.left(); x <= r.right(); ++x)
            n += (line[x] | 0xff000000) == want ? 1 : 0;
    }
    return n;
}

QList<int> rowsOfKind(const QAbstractItemModel &model, int kind)
{
    QList<int> out;
    for (int r = 0; r < model.rowCount(); ++r)
        if (model.index(r, 0).data(ui::LineKindRole).toInt() == kind)
            out.append(r);
    return out;
}

QString textAt(const QAbstractItemModel &model, int row)
{
    return model.index(row, TranscriptModel::TextColumn).data().toString();
}

} // namespace

class tst_Diagnostics : public QObject
{
    Q_OBJECT
private:
    fetch::FetchOutcome m_kb;     // unframed overrun, emergency logout
    fetch::FetchOutcome m_framed; // framed overruns, duplicated

private Q_SLOTS:
    // The "Findings" filter: every line a finding points at, the RFC822.SIZE that is not the
    // message's size marked where it is; nothing for a server without a finding.
    void transcriptFindings_data()
    {
        QTest::addColumn<QString>("profile");
        QTest::addColumn<int>("security");
        QTest::addColumn<bool>("any");       // Findings shows rows
        QTest::addColumn<QString>("marked"); // a marked line's text contains this ("": none)
        QTest::addColumn<bool>("overrun");   // overrun octets among them
        const int ssl = int(net::Security::Ssl);
        QTest::newRow("exchange55-fast-retrieval: KB Q191504")
            << QStringLiteral("exchange55-fast-retrieval") << ssl << true
            << QStringLiteral("RFC822.SIZE »19700«") << false;
        QTest::newRow("exchange55-presp2 over ssl: KB Q194998")
            << QStringLiteral("exchange55-presp2") << ssl << true << QString() << true;
        QTest::newRow("rfc3501") << QStringLiteral("rfc3501") << ssl << false << QString() << false;
        QTest::newRow("exchange55-presp2 over plain")
            << QStringLiteral("exchange55-presp2") << int(net::Security::None) << false << QString()
            << false;
    }
    void transcriptFindings()
    {
        QFETCH(QString, profile);
        QFETCH(int, security);
        QFETCH(bool, any);
        QFETCH(QString, marked);
        QFETCH(bool, overrun);
        const auto out = builtIn(profile, net::Security(security));
        QVERIFY2(out && !out->messages.isEmpty(), "the fetch did not finish");
        TranscriptView view;
        QAbstractItemModelTester tester(view.model(),
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        view.setTranscripts(out->transcripts);
        view.setFindings(ui::TranscriptFocus::findings(out->messages.first()));
        view.setFilter(TranscriptModel::Findings, {});
        TranscriptModel *model = view.model();
        QCOMPARE(model->rowCount() > 0, any);
        bool sawMark = false;
        bool sawHeaderLine = false; // the header download's FETCH line, where 4.5 learns the size
        bool sawOverrun = false;
        for (int r = 0; r < model->rowCount(); ++r) {
            const QString text = model->index(r, TranscriptModel::TextColumn).data().toString();
            if (model->isSizeMarked(r)) {
                sawMark = true;
                QVERIFY2(text.contains(marked), qPrintable(text));
                sawHeaderLine = sawHeaderLine || text.contains(QLatin1String("BODY[HEADER]"));
            }
            sawOverrun = sawOverrun ||
                         model->index(r, 0).data(ui::LineKindRole).toInt() == int(Kind::Overrun);
        }
        QCOMPARE(sawMark, !marked.isEmpty());
        QCOMPARE(sawHeaderLine, !marked.isEmpty());
        QCOMPARE(sawOverrun, overrun);
        // Nothing marked in every other filter's text but the same line: the wire text is kept.
        view.setFilter(TranscriptModel::AllLines, {});
        for (int r = 0; r < model->rowCount(); ++r)
            QVERIFY(!model->fullText(r).contains(QStringLiteral("»")));
    }

    // "This chunk": the lines of the chunk chosen in the chunk picture — its command, the FETCH
    // that announced the literal, the literal and the octets after it.
    void transcriptThisChunk()
    {
        const auto out = builtIn(QStringLiteral("exchange55-presp2"), net::Security::Ssl);
        QVERIFY2(out && !out->messages.isEmpty(), "the fetch did not finish");
        const fetch::MessageOutcome &m = out->messages.first();
        TranscriptView view;
        view.setTranscripts(out->transcripts);
        view.setFilter(TranscriptModel::ThisChunk, {});
        QCOMPARE(view.model()->rowCount(), 0); // no chunk chosen yet
        view.setChunk(ui::TranscriptFocus::of(m.chunks.first()));
        QSet<int> kinds;
        QStringList texts;
        for (int r = 0; r < view.model()->rowCount(); ++r) {
            kinds << view.model()->index(r, 0).data(ui::LineKindRole).toInt();
            texts << view.model()->fullText(r);
        }
        QVERIFY2(texts.contains(QString::fromLatin1(m.chunks.first().command)),
                 qPrintable(texts.join(u'\n')));
        QVERIFY(kinds.contains(int(Kind::Literal)));
        QVERIFY(kinds.contains(int(Kind::Overrun)));
        QVERIFY(kinds.contains(int(Kind::Server)));
        // Not the header download's lines, nor the logout of another chunk's connection.
        for (const QString &t : texts)
            QVERIFY2(!t.contains(QLatin1String("BODY.PEEK[HEADER]")), qPrintable(t));
    }

    void initTestCase()
    {
        QString why;
        const auto kb = unframedOverrun(&why);
        QVERIFY2(kb, qPrintable(why));
        m_kb = *kb;
        QCOMPARE(m_kb.messages.size(), 1);
        QCOMPARE(m_kb.messages[0].chunks.size(), 1);
        QCOMPARE(m_kb.messages[0].chunks[0].status, fetch::ChunkStatus::OverrunUnframed);
        QCOMPARE(m_kb.messages[0].chunks[0].unframedExtra, 1500);
        QCOMPARE(m_kb.transcripts.size(), 2);
        const auto framed = framedOverrun(&why);
        QVERIFY2(framed, qPrintable(why));
        m_framed = *framed;
        QCOMPARE(m_framed.messages.size(), 1);
        QCOMPARE(m_framed.messages[0].comparison.verdict, fetch::Verdict::Duplicated);
    }

    void modelTester()
    {
        TranscriptModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(model.rowCount(), 0);
        QCOMPARE(model.columnCount(), TranscriptModel::kColumnCount);
        model.setTranscripts(m_kb.transcripts);
        QVERIFY(model.rowCount() > 20);
        model.setFilter(TranscriptModel::WireOnly);
        model.setFilter(TranscriptModel::OverrunsAndErrors);
        model.setFilter(TranscriptModel::AllLines, QStringLiteral("fetch"));
        model.setFilter(TranscriptModel::AllLines, QStringLiteral("no such text anywhere"));
        QCOMPARE(model.rowCount(), 0);
        model.setFilter(TranscriptModel::AllLines);
        model.clear();
        QCOMPARE(model.rowCount(), 0);
        model.setTranscripts(m_framed.transcripts + m_kb.transcripts);
        QCOMPARE(model.connectionCount(), 4);
        model.refreshStyle();
        model.setTranscripts({});
        QCOMPARE(model.rowCount(), 0);
    }

    void headersAndColumns()
    {
        TranscriptModel model;
        model.setTranscripts(m_kb.transcripts);
        const QList<int> headers = rowsOfKind(model, TranscriptModel::kHeaderKind);
        QCOMPARE(headers.size(), 2);
        QCOMPARE(headers[0], 0);
        QCOMPARE(textAt(model, 0), m_kb.transcripts[0]->label());
        QCOMPARE(textAt(model, headers[1]), m_kb.transcripts[1]->label());
        QCOMPARE(model.index(headers[1], 0).data(ui::ConnectionRole).toInt(), 2);
        QCOMPARE(model.lineCount(), int(m_kb.transcripts[0]->lines().size() +
                                        m_kb.transcripts[1]->lines().size() + 2));
        // Client lines: "C:", their offset, a time with 3 decimals, a monospace text column.
        const QList<int> client = rowsOfKind(model, int(Kind::Client));
        QVERIFY(!client.isEmpty());
        const int c = client.first();
        QCOMPARE(model.index(c, TranscriptModel::DirectionColumn).data().toString(),
                 QStringLiteral("C:"));
        QCOMPARE(model.index(c, TranscriptModel::OffsetColumn).data().toString(),
                 QStringLiteral("0"));
        QCOMPARE(model.index(c, 0).data(ui::OffsetRole).toLongLong(), 0);
        QVERIFY(QRegularExpression(QStringLiteral("^\\d+\\.\\d{3}$"))
                    .match(model.index(c, TranscriptModel::TimeColumn).data().toString())
                    .hasMatch());
        // Monospace: "i" as wide as "W".
        const QFontMetrics mono(
            model.index(c, TranscriptModel::TextColumn).data(Qt::FontRole).value<QFont>());
        QCOMPARE(mono.horizontalAdvance(QLatin1Char('i')),
                 mono.horizontalAdvance(QLatin1Char('W')));
        const QFontMetrics time(
            model.index(c, TranscriptModel::TimeColumn).data(Qt::FontRole).value<QFont>());
        QVERIFY(time.horizontalAdvance(QLatin1Char('i')) <
                time.horizontalAdvance(QLatin1Char('W')));
        const QColor clientColour = model.index(c, 4).data(Qt::ForegroundRole).value<QColor>();
        const QList<int> server = rowsOfKind(model, int(Kind::Server));
        QVERIFY(!server.isEmpty());
        const QColor serverColour =
            model.index(server.first(), 4).data(Qt::ForegroundRole).value<QColor>();
        QVERIFY(clientColour.isValid() && serverColour.isValid());
        QVERIFY(clientColour != serverColour);
        // Literal summaries are dimmed; notes are italic and have no offset.
        const QList<int> literal = rowsOfKind(model, int(Kind::Literal));
        QVERIFY(!literal.isEmpty());
        QVERIFY(std::any_of(literal.cbegin(), literal.cend(), [&](int r) {
            return textAt(model, r).startsWith(QLatin1String("[literal: 6144 octets]"));
        }));
        const QColor literalColour =
            model.index(literal.first(), 4).data(Qt::ForegroundRole).value<QColor>();
        QVERIFY(literalColour != clientColour && literalColour != serverColour);
        const QList<int> notes = rowsOfKind(model, int(Kind::Note));
        QVERIFY(!notes.isEmpty());
        QVERIFY(model.index(notes.first(), 4).data(Qt::FontRole).value<QFont>().italic());
        QVERIFY(!model.index(notes.first(), 0).data(ui::OffsetRole).isValid());
        QCOMPARE(model.index(notes.first(), TranscriptModel::DirectionColumn).data().toString(),
                 QStringLiteral("--"));
    }

    void overrunLinesAreHighlighted()
    {
        TranscriptModel model;
        model.setTranscripts(m_kb.transcripts);
        const QList<int> overrun = rowsOfKind(model, int(Kind::Overrun));
        QVERIFY(!overrun.isEmpty());
        // The overrun lines hold the 1500 octets (less their line ends), all on connection 1.
        qsizetype chars = 0;
        for (int r : overrun) {
            QCOMPARE(model.index(r, TranscriptModel::DirectionColumn).data().toString(),
                     QStringLiteral("S!"));
            QCOMPARE(model.index(r, 0).data(ui::ConnectionRole).toInt(), 1);
            for (int col = 0; col < TranscriptModel::kColumnCount; ++col) {
                const QColor bg = model.index(r, col).data(Qt::BackgroundRole).value<QColor>();
                QVERIFY(bg.isValid());
                QVERIFY2(bg.red() > bg.green() + 40 && bg.red() > bg.blue() + 40,
                         qPrintable(bg.name()));
                QVERIFY(model.index(r, col).data(Qt::FontRole).value<QFont>().bold());
            }
            chars += textAt(model, r).size();
        }
        QVERIFY2(chars > 1400 && chars <= 1500, qPrintable(QString::number(chars)));
        // The first overrun line starts right after the 6144-octet literal.
        const fetch::ChunkRecord &c = m_kb.messages[0].chunks[0];
        QCOMPARE(model.index(overrun.first(), 0).data(ui::OffsetRole).toLongLong(),
                 c.literalStreamOffset + c.literalLength);
        // Other lines have no background.
        const QList<int> server = rowsOfKind(model, int(Kind::Server));
        QVERIFY(!model.index(server.first(), 4).data(Qt::BackgroundRole).isValid());
        // The chunk's literal offset leads to its line.
        const int row = model.rowForStreamOffset(1, c.literalStreamOffset);
        QVERIFY(row >= 0);
        QCOMPARE(model.index(row, 0).data(ui::LineKindRole).toInt(), int(Kind::Literal));
        QVERIFY(textAt(model, row).startsWith(QLatin1String("[literal: 6144 octets]")));
    }

    void credentialsAreRedacted()
    {
        TranscriptView view;
        view.setTranscripts(m_framed.transcripts + m_kb.transcripts);
        const TranscriptModel &model = *view.model();
        int logins = 0;
        for (int r = 0; r < model.rowCount(); ++r) {
            for (int col = 0; col < model.columnCount(); ++col) {
                for (int role : {int(Qt::DisplayRole), int(Qt::ToolTipRole)}) {
                    const QString s = model.index(r, col).data(role).toString();
                    QVERIFY2(!s.contains(QLatin1String("secret"), Qt::CaseInsensitive),
                             qPrintable(s));
                }
            }
            QVERIFY(!model.fullText(r).contains(QLatin1String("secret")));
            QVERIFY(!model.rowAsText(r).contains(QLatin1String("secret")));
            const QString text = textAt(model, r);
            if (model.index(r, 0).data(ui::LineKindRole).toInt() == int(Kind::Client) &&
                text.contains(QLatin1String(" login "), Qt::CaseInsensitive)) {
                ++logins;
                QVERIFY2(text.contains(QLatin1String("<redacted>")), qPrintable(text));
            }
        }
        QCOMPARE(logins, 4); // one per connection
        // Not even through the search.
        QCOMPARE(view.findNext(QStringLiteral("secret")), -1);
    }

    void filtersReduceRows()
    {
        TranscriptView view;
        view.setTranscripts(m_kb.transcripts);
        TranscriptModel *model = view.model();
        QAbstractItemModelTester tester(model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        const int all = model->rowCount();
        QCOMPARE(all, model->lineCount());
        const int notes = int(rowsOfKind(*model, int(Kind::Note)).size());
        QVERIFY(notes > 0);

        view.setFilter(TranscriptModel::WireOnly, QString());
        QCOMPARE(model->rowCount(), all - notes);
        QVERIFY(rowsOfKind(*model, int(Kind::Note)).isEmpty());
        QCOMPARE(rowsOfKind(*model, TranscriptModel::kHeaderKind).size(), 2);

        view.setFilter(TranscriptModel::OverrunsAndErrors, QString());
        const int problems = model->rowCount();
        QVERIFY(problems < all - notes);
        bool xxxx = false;
        for (int r = 0; r < model->rowCount(); ++r) {
            const int kind = model->index(r, 0).data(ui::LineKindRole).toInt();
            if (kind == TranscriptModel::kHeaderKind)
                continue;
            const QString text = textAt(*model, r);
            QVERIFY2(kind == int(Kind::Overrun) || kind == int(Kind::Note) ||
                         text.contains(QLatin1String("xxxx logout")) ||
                         text.contains(QLatin1String(" NO ")) ||
                         text.contains(QLatin1String(" BAD ")),
                     qPrintable(text));
            xxxx = xxxx ||
                   (kind == int(Kind::Client) && text.startsWith(QLatin1String("xxxx logout")));
        }
        QVERIFY(xxxx);
        QVERIFY(!rowsOfKind(*model, int(Kind::Overrun)).isEmpty());
        // Only the first connection has problems: the verification connection is clean.
        QCOMPARE(rowsOfKind(*model, TranscriptModel::kHeaderKind).size(), 1);

        // The text filter, case-insensitive, with the mode.
        view.setFilter(TranscriptModel::AllLines, QStringLiteral("LOGOUT"));
        QVERIFY(model->rowCount() >= 3); // header, "xxxx logout", the verification's logout
        for (int r = 0; r < model->rowCount(); ++r)
            if (model->index(r, 0).data(ui::LineKindRole).toInt() != TranscriptModel::kHeaderKind)
                QVERIFY(textAt(*model, r).contains(QLatin1String("logout"), Qt::CaseInsensitive));
        view.setFilter(TranscriptModel::OverrunsAndErrors, QStringLiteral("logout"));
        QCOMPARE(model->rowCount(), 2); // the header and "xxxx logout"
        QCOMPARE(textAt(*model, 1), QStringLiteral("xxxx logout"));

        // The controls follow setFilter, and drive the model.
        auto *combo = view.findChild<QComboBox *>(QStringLiteral("transcriptFilterMode"));
        QVERIFY(combo);
        QCOMPARE(combo->currentIndex(), int(TranscriptModel::OverrunsAndErrors));
        view.setFilter(TranscriptModel::AllLines, QString());
        QCOMPARE(model->rowCount(), all);
        combo->setCurrentIndex(TranscriptModel::WireOnly);
        QCOMPARE(model->filterMode(), TranscriptModel::WireOnly);
        QCOMPARE(model->rowCount(), all - notes);
        combo->setCurrentIndex(TranscriptModel::AllLines);
        QCOMPARE(model->rowCount(), all);
    }

    void findNextWraps()
    {
        TranscriptView view;
        QSignalSpy messages(&view, &TranscriptView::message);
        view.setTranscripts(m_kb.transcripts);
        QCOMPARE(messages.size(), 1);
        const int row = view.findNext(QStringLiteral("XXXX LOGOUT"));
        QVERIFY(row > 0);
        QCOMPARE(textAt(*view.model(), row), QStringLiteral("xxxx logout"));
        QCOMPARE(view.table()->currentIndex().row(), row);
        QVERIFY(view.table()->selectionModel()->isRowSelected(row, {}));
        QVERIFY(view.searchHint().isEmpty());
        // The only match: finding again wraps around to it.
        QCOMPARE(view.findNext(QStringLiteral("xxxx logout")), row);
        QVERIFY(messages.last().at(0).toString().contains(QLatin1String("wrapped")));
        QCOMPARE(view.findNext(QStringLiteral("xxxx logout"), true), row);

        // Several matches: forward visits them in order, then wraps to the first.
        QList<int> fetches;
        for (int r = 0; r < view.model()->rowCount(); ++r)
            if (textAt(*view.model(), r).contains(QLatin1String("uid fetch"), Qt::CaseInsensitive))
                fetches.append(r);
        QVERIFY(fetches.size() >= 3);
        view.table()->setCurrentIndex({});
        for (int expected : fetches)
            QCOMPARE(view.findNext(QStringLiteral("uid FETCH")), expected);
        QCOMPARE(view.findNext(QStringLiteral("uid FETCH")), fetches.first());
        QVERIFY(messages.last().at(0).toString().contains(QLatin1String("wrapped")));
        // Backwards from the first wraps to the last.
        QCOMPARE(view.findNext(QStringLiteral("uid fetch"), true), fetches.last());

        // No match: -1, a hint, and a status message.
        QCOMPARE(view.findNext(QStringLiteral("no such line")), -1);
        QCOMPARE(view.searchHint(), QStringLiteral("no match"));
        QVERIFY(messages.last().at(0).toString().contains(QLatin1String("no such line")));
        // Editing the search text hides the hint; Enter in it searches.
        auto *find = view.findChild<QLineEdit *>(QStringLiteral("transcriptFindText"));
        QCOMPARE(find->text(), QStringLiteral("no such line"));
        find->setText(QStringLiteral("xxxx"));
        QVERIFY(view.searchHint().isEmpty());
        QTest::keyClick(find, Qt::Key_Return);
        QCOMPARE(view.table()->currentIndex().row(), row);

        // The search runs over the filtered rows.
        view.setFilter(TranscriptModel::OverrunsAndErrors, QString());
        QCOMPARE(view.findNext(QStringLiteral("login")), -1);
        QVERIFY(view.findNext(QStringLiteral("xxxx logout")) > 0);
        // A filter change keeps the current line.
        const int line = view.model()->lineOfRow(view.table()->currentIndex().row());
        view.setFilter(TranscriptModel::AllLines, QString());
        QCOMPARE(view.model()->lineOfRow(view.table()->currentIndex().row()), line);

        // showStreamOffset selects the chunk's literal line.
        const fetch::ChunkRecord &c = m_kb.messages[0].chunks[0];
        QVERIFY(view.showStreamOffset(1, c.literalStreamOffset));
        QCOMPARE(view.table()->currentIndex().data(ui::LineKindRole).toInt(), int(Kind::Literal));
        QVERIFY(!view.showStreamOffset(7, 0));

        view.clear();
        QCOMPARE(view.model()->rowCount(), 0);
        QCOMPARE(view.findNext(QStringLiteral("xxxx")), -1);
    }

    void filterEditAndCopy()
    {
        TranscriptView view;
        view.setTranscripts(m_kb.transcripts);
        auto *filter = view.findChild<QLineEdit *>(QStringLiteral("transcriptFilterText"));
        QVERIFY(filter);
        QTest::keyClicks(filter, QStringLiteral("XXXX"));
        QCOMPARE(view.model()->filterText(), QStringLiteral("XXXX"));
        QCOMPARE(view.model()->rowCount(), 2);
        view.table()->selectRow(1);
        QAction *copy = view.table()->actions().value(0);
        QVERIFY(copy);
        QCOMPARE(copy->shortcut(), QKeySequence(QKeySequence::Copy));
        copy->trigger();
        const QString copied = QGuiApplication::clipboard()->text();
        QVERIFY2(copied.contains(QLatin1String(" C: @")) &&
                     copied.endsWith(QLatin1String("xxxx logout\n")),
                 qPrintable(copied));
        filter->clear();
        QCOMPARE(view.model()->rowCount(), view.model()->lineCount());
    }

    void hundredThousandLines()
    {
        auto t = std::make_shared<net::Transcript>(QStringLiteral("connection 1: a long one"));
        t->recordSent("1 UID fetch 1:* (FLAGS)\r\n");
        QByteArray chunk;
        for (int i = 1; i <= 100000; ++i) {
            chunk += "* " + QByteArray::number(i) + " FETCH (UID " + QByteArray::number(i) +
                     " FLAGS (\\Seen))\r\n";
            if (i % 1000 == 0) {
                t->recordReceived(chunk);
                chunk.clear();
            }
        }
        t->recordReceived("1 OK done\r\n");
        TranscriptView view;
        view.resize(900, 500);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        view.setTranscripts({t});
        QCOMPARE(view.model()->rowCount(), 100003);
        QCOMPARE(view.table()->verticalHeader()->sectionResizeMode(0), QHeaderView::Fixed);
        const int row = view.findNext(QStringLiteral("UID 99999 "));
        QCOMPARE(row, 100000);
        view.setFilter(TranscriptModel::AllLines, QStringLiteral("uid 5000"));
        QCOMPARE(view.model()->rowCount(), 1 + 11); // the header, 5000 and 50000..50009
        view.setFilter(TranscriptModel::AllLines, QString());
        QCOMPARE(view.model()->rowCount(), 100003);
        QVERIFY(!view.grab().isNull());
    }

    void chunkMapOverrun()
    {
        ChunkMapWidget w;
        const fetch::MessageOutcome &m = m_kb.messages[0];
        w.setMessage(m);
        QVERIFY(!w.isEmpty());
        QCOMPARE(w.picture().rows.size(), 2);
        const int h = w.heightForWidth(900);
        QVERIFY(h >= 24 + 2 * ChunkMapWidget::kRowHeight + 52);
        const QImage img = w.render(QSize(900, h));
        QCOMPARE(img.size(), QSize(900, h));
        const QColor overrun(scenario::ChunkPicture::colour(BarKind::Overrun));
        const QColor literal(scenario::ChunkPicture::colour(BarKind::Literal));
        const QColor displayed(scenario::ChunkPicture::colour(BarKind::Displayed));
        // The overrun bar sits in the first row, right of the literal.
        const int row0Top = 24;
        const QRect row0(212, row0Top, 900 - 212, ChunkMapWidget::kRowHeight);
        QVERIFY2(countColour(img, overrun, row0) > 100,
                 qPrintable(QString::number(countColour(img, overrun, row0))));
        QVERIFY(countColour(img, literal, row0) > 1000);
        const QRect row1(212, row0Top + ChunkMapWidget::kRowHeight, 900 - 212,
                         ChunkMapWidget::kRowHeight);
        QVERIFY(countColour(img, displayed, row1) > 500);
        QCOMPARE(countColour(img, QColor(scenario::ChunkPicture::colour(BarKind::Duplicate))), 0);

        // Tooltips come from the bars.
        w.resize(900, h);
        const auto &pic = w.picture();
        const auto bar = std::find_if(pic.bars.cbegin(), pic.bars.cend(),
                                      [](const auto &b) { return b.kind == BarKind::Overrun; });
        QVERIFY(bar != pic.bars.cend());
        const double plotW = 900 - 212 - 28;
        const int x = int(212 + (bar->from + bar->to) / 2.0 * plotW / double(pic.extent));
        QCOMPARE(w.toolTipAt(QPoint(x, row0Top + ChunkMapWidget::kRowHeight / 2)), bar->tip);
        QVERIFY(w.toolTipAt(QPoint(20, row0Top + 10)).contains(QLatin1String("overrun_unframed")));
        QVERIFY(w.toolTipAt(QPoint(x, 2)).isEmpty());

        // A click on a chunk row says which chunk.
        QSignalSpy activated(&w, &ChunkMapWidget::chunkActivated);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QTest::mouseClick(&w, Qt::LeftButton, {}, QPoint(x, row0Top + 5));
        QCOMPARE(activated.size(), 1);
        QCOMPARE(activated.at(0).at(0).toInt(), 0);
        QTest::mouseClick(&w, Qt::LeftButton, {}, QPoint(x, row0Top + 45)); // displayed row
        QCOMPARE(activated.size(), 1);
    }

    void chunkMapDuplicated()
    {
        ChunkMapWidget w;
        w.setMessage(m_framed.messages[0], QStringLiteral("Messenger 4.5"));
        QCOMPARE(w.picture().rows.size(), 5);
        const QImage img = w.render(QSize(900, w.heightForWidth(900)));
        const QColor duplicate(scenario::ChunkPicture::colour(BarKind::Duplicate));
        QVERIFY2(countColour(img, duplicate) > 200,
                 qPrintable(QString::number(countColour(img, duplicate))));
        // Hatched, not filled: the stripes alternate with the lighter background.
        QVERIFY(countColour(img, QColor(scenario::ChunkPicture::colour(BarKind::Literal))) > 1000);
        QCOMPARE(countColour(img, QColor(scenario::ChunkPicture::colour(BarKind::Overrun)),
                             QRect(212, 24, 900, 4 * ChunkMapWidget::kRowHeight)),
                 0);
    }

    void chunkMapError()
    {
        ChunkMapWidget w;
        w.setMessage(brokenReply());
        const QImage img = w.render(QSize(900, w.heightForWidth(900)));
        const QColor error(scenario::ChunkPicture::colour(BarKind::Error));
        const QRect row1(212, 24 + ChunkMapWidget::kRowHeight, 900 - 212,
                         ChunkMapWidget::kRowHeight);
        QVERIFY2(countColour(img, error, row1) > 50,
                 qPrintable(QString::number(countColour(img, error, row1))));
        const QColor missing(scenario::ChunkPicture::colour(BarKind::Missing));
        QVERIFY(countColour(img, missing) > 20);
        w.resize(900, img.height());
        const auto &pic = w.picture();
        const auto bar = std::find_if(pic.bars.cbegin(), pic.bars.cend(),
                                      [](const auto &b) { return b.kind == BarKind::Error; });
        QVERIFY(bar != pic.bars.cend());
        QVERIFY(bar->tip.contains(QLatin1String("the server closed the connection")));
        const double plotW = 900 - 212 - 28;
        const int x = int(212 + (bar->from + bar->to) / 2.0 * plotW / double(pic.extent));
        QCOMPARE(w.toolTipAt(QPoint(x, 24 + ChunkMapWidget::kRowHeight * 3 / 2)), bar->tip);
    }

    void emptyShowsPlaceholder()
    {
        ChunkMapWidget w;
        QVERIFY(w.isEmpty());
        const QImage blank = w.render(QSize(400, 200));
        // The placeholder text is drawn (some pixels differ from the background) ...
        const QColor bg = w.palette().color(QPalette::Base);
        QVERIFY(countColour(blank, bg) < 400 * 200);
        QVERIFY(countColour(blank, bg) > 400 * 200 * 8 / 10);
        // ... and no bar.
        for (BarKind k : {BarKind::Literal, BarKind::Overrun, BarKind::Displayed})
            QCOMPARE(countColour(blank, QColor(scenario::ChunkPicture::colour(k))), 0);
        QVERIFY(w.toolTipAt(QPoint(200, 100)).isEmpty());
        QCOMPARE(ChunkMapWidget::placeholderText(),
                 QStringLiteral("Open a message to see its chunks"));
        // Back to empty after a message.
        w.setMessage(m_kb.messages[0]);
        QVERIFY(!w.isEmpty());
        w.clear();
        QVERIFY(w.isEmpty());
        QCOMPARE(w.render(QSize(400, 200)), blank);
    }

    void manyRows()
    {
        const fetch::MessageOutcome m = manyChunks();
        QCOMPARE(m.chunks.size(), 854);
        auto *map = new ChunkMapWidget;
        QScrollArea area;
        area.setWidgetResizable(true);
        area.setWidget(map);
        area.resize(800, 400);
        map->setMessage(m);
        QCOMPARE(map->picture().rows.size(), 855);
        QVERIFY(map->heightForWidth(800) >= 855 * ChunkMapWidget::kCompactRowHeight);
        QVERIFY(map->sizeHint().height() >= 855 * ChunkMapWidget::kCompactRowHeight);
        area.show();
        QVERIFY(QTest::qWaitForWindowExposed(&area));
        QTRY_VERIFY(map->height() >= 855 * ChunkMapWidget::kCompactRowHeight);
        QVERIFY(area.verticalScrollBar()->maximum() > 0);
        // Paint the top, then the bottom (the displayed row, the axis, the legend).
        const QImage top = area.viewport()->grab().toImage();
        const QColor literal(scenario::ChunkPicture::colour(BarKind::Literal));
        const QColor displayed(scenario::ChunkPicture::colour(BarKind::Displayed));
        QVERIFY(countColour(top, literal) > 100);
        area.verticalScrollBar()->setValue(area.verticalScrollBar()->maximum());
        const QImage bottom = area.viewport()->grab().toImage();
        QVERIFY(countColour(bottom, displayed) > 100);
        // A partial render paints only its rows; the whole picture paints too.
        const QImage part = map->render(QSize(800, 600));
        QVERIFY(countColour(part, literal) > 100);
        QCOMPARE(countColour(part, displayed), 0);
        const QImage all = map->render(QSize(800, map->heightForWidth(800)));
        QVERIFY(countColour(all, displayed) > 100);
        // The labels of the last chunk and its tooltip.
        const int lastRowY = 24 + 853 * ChunkMapWidget::kCompactRowHeight + 9;
        QVERIFY(map->toolTipAt(QPoint(10, lastRowY)).startsWith(QLatin1String("chunk 854 <")));
        QCOMPARE(map->chunkAt(QPoint(400, lastRowY)), 853);
    }

    // Not a check: with MSIM_DIAG_SCREENSHOTS=DIR, PNGs of what a user sees, to compare by eye
    // with the chunk picture of report.html (ChunkPicture::toSvg).
    void screenshots()
    {
        const QString dir = qEnvironmentVariable("MSIM_DIAG_SCREENSHOTS");
        if (dir.isEmpty())
            QSKIP("set MSIM_DIAG_SCREENSHOTS=DIR to write the screenshots");
        QVERIFY(QDir().mkpath(dir));
        TranscriptView view;
        view.resize(1100, 700);
        view.setTranscripts(m_kb.transcripts);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        view.findNext(QStringLiteral("xxxx logout"));
        QVERIFY(view.grab().save(dir + QStringLiteral("/transcript.png")));
        view.setFilter(TranscriptModel::OverrunsAndErrors, QString());
        QVERIFY(view.grab().save(dir + QStringLiteral("/transcript-problems.png")));

        ChunkMapWidget map;
        map.setMessage(m_kb.messages[0]);
        QVERIFY(map.render(QSize(900, map.heightForWidth(900)))
                    .save(dir + QStringLiteral("/chunkmap-kb.png")));
        map.setMessage(m_framed.messages[0]);
        QVERIFY(map.render(QSize(900, map.heightForWidth(900)))
                    .save(dir + QStringLiteral("/chunkmap-framed.png")));
        map.setMessage(m_kb.messages[0]);
        QVERIFY(map.render(QSize(400, map.heightForWidth(400)))
                    .save(dir + QStringLiteral("/chunkmap-kb-narrow.png")));
        map.setMessage(brokenReply());
        QVERIFY(map.render(QSize(900, map.heightForWidth(900)))
                    .save(dir + QStringLiteral("/chunkmap-error.png")));
        map.setMessage(manyChunks());
        QVERIFY(map.render(QSize(900, 700)).save(dir + QStringLiteral("/chunkmap-many.png")));
        map.clear();
        QVERIFY(map.render(QSize(500, 150)).save(dir + QStringLiteral("/chunkmap-empty.png")));
    }
};

QTEST_MAIN(tst_Diagnostics)
#include "tst_diagnostics.moc"
