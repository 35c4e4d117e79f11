// SPDX-License-Identifier: MIT
// report.html's MIME parts table and the chunk picture's part boundaries (issue 19): built from
// fetch::MimeDamage of the sample corpus's MIME messages, cut as Messenger 4.5 with the
// kb-q194998 preset cuts them (the first 6144 octets), and shown whole as a contrast.
#include "ReportFiles.h"
#include "emulator/Corpus.h"
#include "scenario/ChunkPicture.h"
#include "scenario/Report.h"

#include <QDir>
#include <QFile>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>
#include <QXmlStreamReader>

using namespace msim;
using scenario::ChunkPicture;

namespace {

constexpr qint64 kChunk = 6144; // what kb-q194998 shows of a message that overruns chunk 1

QByteArray served(quint32 uid)
{
    static const QList<emulator::CorpusMessage> sample = emulator::Corpus::sample();
    for (const emulator::CorpusMessage &m : sample)
        if (m.uid == uid)
            return m.served;
    return {};
}

// A message fetched in one chunk <0.6144> that showed `displayed` of `reference` (or of a
// message of that size, without a reference).
fetch::MessageOutcome outcome(quint32 uid, const QByteArray &displayed,
                              const std::optional<QByteArray> &reference, qint64 size)
{
    fetch::MessageOutcome m;
    m.uid = uid;
    m.rfc822Size = size;
    m.strategy = fetch::Strategy::Chunked;
    fetch::ChunkRecord c;
    c.index = 1;
    c.command = "5 UID fetch " + QByteArray::number(uid) + " (UID RFC822.SIZE BODY[]<0.6144>)";
    c.requestedStart = 0;
    c.requestedLength = kChunk;
    c.origin = 0;
    c.literalLength = displayed.size();
    c.received = displayed.size();
    c.status = displayed.size() < kChunk ? fetch::ChunkStatus::Short : fetch::ChunkStatus::Ok;
    m.chunks << c;
    m.pieces << fetch::Range{0, displayed.size()};
    m.displayed = displayed;
    m.reference = reference;
    if (reference)
        m.referenceSource = QStringLiteral("server");
    m.comparison = fetch::Comparison::judge(displayed, reference, size, m.pieces);
    m.mime = fetch::MimeDamage::assess(displayed, reference);
    if (m.mime)
        m.findings = m.mime->sentences();
    return m;
}

fetch::MessageOutcome corpusOutcome(quint32 uid, qint64 shown)
{
    const QByteArray ref = served(uid);
    return outcome(uid, ref.left(shown), ref, ref.size());
}

QString page(const fetch::MessageOutcome &m)
{
    fetch::FetchOutcome o;
    o.client = QStringLiteral("Messenger 4.5");
    o.server.host = QStringLiteral("imap.example.com");
    o.server.port = 993;
    o.messages << m;
    return scenario::Report::html(o, {});
}

// The parts table's rows, each as its cells' text (markup removed, entities left as written).
QList<QStringList> partRows(const QString &html)
{
    QList<QStringList> rows;
    const qsizetype begin = html.indexOf(QLatin1String("<table class=\"parts\">"));
    if (begin < 0)
        return rows;
    const qsizetype end = html.indexOf(QLatin1String("</table>"), begin);
    const QString table = html.mid(begin, end - begin);
    static const QRegularExpression rowRe(QStringLiteral("<tr[^>]*>(.*?)</tr>"));
    static const QRegularExpression cellRe(QStringLiteral("<td[^>]*>(.*?)</td>"));
    for (const auto &r : rowRe.globalMatch(table)) {
        QStringList cells;
        for (const auto &c : cellRe.globalMatch(r.captured(1)))
            cells << c.captured(1);
        if (!cells.isEmpty())
            rows << cells;
    }
    return rows;
}

// Columns of the parts table.
enum Column { Path, File, Type, Size, Offset, Length, State, Kept, Percent, Decoded, Columns };

QStringList rowOf(const QList<QStringList> &rows, const QString &path)
{
    for (const QStringList &r : rows)
        if (r.value(Path) == path)
            return r;
    return {};
}

} // namespace

class tst_MimeReport : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    // One row per part, whole cells; the path indented by depth; the state word always there.
    void partsTable_data()
    {
        QTest::addColumn<quint32>("uid");
        QTest::addColumn<qint64>("shown"); // octets displayed, from the start; -1: all
        // path, file name, content type, state, whether decoded bytes kept is given
        QTest::addColumn<QStringList>("paths");
        QTest::addColumn<QStringList>("files");
        QTest::addColumn<QStringList>("types");
        QTest::addColumn<QStringList>("states");
        QTest::addColumn<QList<bool>>("decoded");
        const QStringList p3 = {QStringLiteral("1"), QStringLiteral("2"), QStringLiteral("3")};
        const QStringList f11 = {QString(), QStringLiteral("pattern.bin"),
                                 QStringLiteral("notes.txt")};
        const QStringList t11 = {QStringLiteral("text/plain"),
                                 QStringLiteral("application/octet-stream"),
                                 QStringLiteral("text/plain")};
        QTest::newRow("UID 11 cut at 6144")
            << quint32(11) << kChunk << p3 << f11 << t11
            << QStringList{QStringLiteral("intact"), QStringLiteral("cut"),
                           QStringLiteral("missing")}
            << QList<bool>{false, true, false};
        QTest::newRow("UID 11 shown whole")
            << quint32(11) << qint64(-1) << p3 << f11 << t11
            << QStringList(3, QStringLiteral("intact")) << QList<bool>{false, false, false};
        QTest::newRow("UID 14 cut at 6144")
            << quint32(14) << kChunk << p3
            << QStringList{QString(), QStringLiteral("report.pdf"), QStringLiteral("summary.csv")}
            << QStringList{QStringLiteral("text/plain"), QStringLiteral("application/pdf"),
                           QStringLiteral("text/csv")}
            << QStringList{QStringLiteral("intact"), QStringLiteral("cut"),
                           QStringLiteral("missing")}
            << QList<bool>{false, true, false};
    }
    void partsTable()
    {
        QFETCH(quint32, uid);
        QFETCH(qint64, shown);
        QFETCH(QStringList, paths);
        QFETCH(QStringList, files);
        QFETCH(QStringList, types);
        QFETCH(QStringList, states);
        QFETCH(QList<bool>, decoded);
        const QByteArray ref = served(uid);
        QVERIFY(ref.size() > kChunk);
        const fetch::MessageOutcome m = corpusOutcome(uid, shown < 0 ? ref.size() : shown);
        QVERIFY(m.mime);
        const QString html = page(m);
        const QString err = testsupport::pageMarkupError(html);
        QVERIFY2(err.isEmpty(), qPrintable(err));
        QVERIFY(html.contains(QLatin1String("<h4>MIME parts</h4>")));
        const QList<QStringList> rows = partRows(html);
        QCOMPARE(rows.size(), m.mime->parts.size());
        for (qsizetype i = 0; i < paths.size(); ++i) {
            const QStringList r = rowOf(rows, paths[i]);
            QCOMPARE(r.size(), int(Columns));
            QCOMPARE(r[File], files[i]);
            QCOMPARE(r[Type], types[i]);
            QCOMPARE(r[State], states[i]);
            const fetch::PartDamage &d = m.mime->parts[i];
            QCOMPARE(d.part.path, paths[i]);
            QCOMPARE(r[Offset], QString::number(d.part.offset));
            QCOMPARE(r[Length], QString::number(d.part.length));
            QCOMPARE(r[Kept], QString::number(d.kept));
            QCOMPARE(r[Percent], QStringLiteral("%1%").arg(d.percentKept()));
            QCOMPARE(r[Size], fetch::MimeDamage::size(d.decodedLength));
            QCOMPARE(r[Decoded] != QStringLiteral("—"), decoded[i]);
            if (decoded[i])
                QCOMPARE(r[Decoded], QString::number(*d.decodedKept));
            if (states[i] == QLatin1String("intact"))
                QCOMPARE(r[Kept], r[Length]);
            if (states[i] == QLatin1String("missing"))
                QCOMPARE(r[Kept], QStringLiteral("0"));
            if (states[i] == QLatin1String("cut")) {
                QVERIFY(d.kept > 0 && d.kept < d.part.length);
                QVERIFY(r[Percent] != QStringLiteral("100%"));
            }
            // The state is a word in a coloured cell, and a damaged leaf's row is a finding.
            QVERIFY(
                html.contains(QStringLiteral("<td class=\"status p-%1\">%1</td>").arg(states[i])));
        }
        const bool damaged = states.count(QStringLiteral("intact")) < states.size();
        QCOMPARE(html.contains(QLatin1String("<tr class=\"finding\"><td class=\"mono\"")), damaged);
        for (const QString &word : {QStringLiteral("cut"), QStringLiteral("missing")})
            QCOMPARE(html.contains(QStringLiteral(">%1</td>").arg(word)), states.contains(word));
        // The sentences are the findings', said once, not again under the table.
        QCOMPARE(m.findings.isEmpty(), !damaged);
        for (const QString &s : m.findings)
            QCOMPARE(html.count(s.toHtmlEscaped()), 1);
    }

    // Nested parts (UID 15): containers keep their rows, and each level is indented further.
    void nestedPartsAreIndented()
    {
        const fetch::MessageOutcome m = corpusOutcome(15, served(15).size());
        QVERIFY(m.mime);
        const QString html = page(m);
        bool nested = false;
        for (const fetch::PartDamage &d : m.mime->parts) {
            nested = nested || d.part.depth > 1;
            QVERIFY(html.contains(
                QStringLiteral("<td class=\"mono\" style=\"padding-left:%1px\">%2</td>")
                    .arg(16 * d.part.depth)
                    .arg(d.part.path)));
        }
        QVERIFY(nested);
        QCOMPARE(partRows(html).size(), m.mime->parts.size());
        QVERIFY(html.contains(QLatin1String("<tr class=\"container\">")));
    }

    // A file name or content type from the message is text: no markup, no bidi override.
    void hostileFileName()
    {
        fetch::MessageOutcome m = corpusOutcome(11, kChunk);
        QVERIFY(m.mime && m.mime->parts.size() == 3);
        m.mime->parts[1].part.filename = QStringLiteral("a<b>\u202Egnp.exe");
        m.mime->parts[1].part.contentType = "application/<x>";
        const QString html = page(m);
        const QString err = testsupport::pageMarkupError(html);
        QVERIFY2(err.isEmpty(), qPrintable(err));
        QVERIFY(!html.contains(QChar(0x202E)));
        QVERIFY(!html.contains(QLatin1String("a<b>")));
        QVERIFY(!html.contains(QLatin1String("<x>")));
        const QStringList r = rowOf(partRows(html), QStringLiteral("2"));
        QCOMPARE(r.value(File), QStringLiteral("a&lt;b&gt;\\u202egnp.exe"));
        QCOMPARE(r.value(Type), QStringLiteral("application/&lt;x&gt;"));
        // The chunk picture's part tip names it the same way.
        QVERIFY(html.contains(QLatin1String("a&lt;b&gt;\\u202egnp.exe (application/&lt;x&gt;")));
    }

    // The same from a real message: an RFC 2047 file name that decodes to markup and a
    // right-to-left override, read by MimeStructure, cut as 4.5 cuts it.
    void hostileFileNameFromTheMessage()
    {
        const QByteArray b = "msim-hostile";
        QByteArray msg = "MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"" + b +
                         "\"\r\n\r\n--" + b + "\r\nContent-Type: text/plain\r\n\r\n" +
                         QByteArray(300, 'x') + "\r\n--" + b +
                         "\r\nContent-Type: application/octet-stream\r\n"
                         "Content-Disposition: attachment; "
                         "filename=\"=?utf-8?q?a=3Cb=3E=E2=80=AEgnp.exe?=\"\r\n"
                         "Content-Transfer-Encoding: base64\r\n\r\n";
        for (int i = 0; i < 200; ++i)
            msg +=
                "TVqQAAMAAAAEAAAA//8AALgAAAAAAAAAQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\r\n";
        msg += "--" + b + "--\r\n";
        const fetch::MessageOutcome m = outcome(40, msg.left(kChunk), msg, msg.size());
        QVERIFY(m.mime && m.mime->parts.size() == 2);
        QCOMPARE(m.mime->parts[1].part.filename, QStringLiteral("a<b>\u202Egnp.exe"));
        QCOMPARE(m.mime->parts[1].state, fetch::PartState::Cut);
        const QString html = page(m);
        const QString err = testsupport::pageMarkupError(html);
        QVERIFY2(err.isEmpty(), qPrintable(err));
        QVERIFY(!html.contains(QChar(0x202E)));
        QVERIFY(!html.contains(QLatin1String("a<b>")));
        const QStringList r = rowOf(partRows(html), QStringLiteral("2"));
        QCOMPARE(r.value(File), QStringLiteral("a&lt;b&gt;\\u202egnp.exe"));
        QCOMPARE(r.value(State), QStringLiteral("cut"));
    }

    // The matrix page and its cells' pages (the fetch page, message section and all) stay
    // well-formed with MIME parts in them, and a cell's page has the table.
    void matrixCellsCarryTheTable()
    {
        fetch::FetchOutcome o;
        o.client = QStringLiteral("Messenger 4.5");
        o.server.host = QStringLiteral("imap.example.com");
        o.server.port = 993;
        o.messages << corpusOutcome(11, kChunk);
        scenario::MatrixCell cell;
        cell.security = net::Security::Ssl;
        cell.fetchByChunks = true;
        cell.chunkSize = kChunk;
        cell.result = o;
        const QString err = testsupport::pageMarkupError(scenario::Report::matrixHtml({cell}, {}));
        QVERIFY2(err.isEmpty(), qPrintable(err));
        QTemporaryDir tmp;
        QString error;
        QVERIFY2(scenario::Report::writeMatrix(tmp.path(), {cell}, {}, "{}", &error),
                 qPrintable(error));
        QFile f(QDir(tmp.path()).filePath(QStringLiteral("ssl-chunks-6144/report.html")));
        QVERIFY2(f.open(QIODevice::ReadOnly), qPrintable(f.fileName()));
        const QString html = QString::fromUtf8(f.readAll());
        QVERIFY(testsupport::pageMarkupError(html).isEmpty());
        QCOMPARE(rowOf(partRows(html), QStringLiteral("2")).value(State), QStringLiteral("cut"));
    }

    // UID 17 has no boundary: no table, the note says why.
    void unparseableShowsTheNote()
    {
        const fetch::MessageOutcome m = corpusOutcome(17, served(17).size());
        QVERIFY(m.mime);
        QVERIFY(m.mime->parts.isEmpty());
        QVERIFY(m.mime->note.startsWith(QLatin1String("not parseable as MIME")));
        const QString html = page(m);
        QVERIFY(html.contains(QLatin1String("<h4>MIME parts</h4>")));
        QVERIFY(html.contains(
            QStringLiteral("<p class=\"note\">%1</p>").arg(m.mime->note.toHtmlEscaped())));
        QVERIFY(!html.contains(QLatin1String("<table class=\"parts\">")));
        QVERIFY(!html.contains(QLatin1String("class=\"part-mark\"")));
        // A parsed message has no note.
        QVERIFY(!page(corpusOutcome(11, kChunk)).contains(QLatin1String("<p class=\"note\">")));
    }

    // Without a reference copy the parts cannot be judged, and the page says so; a reference
    // that is not MIME (no MIME-Version or Content-Type header) has no parts, and nothing is said.
    void noReferenceNoParts()
    {
        const QByteArray ref = served(11);
        const QString none = page(outcome(11, ref.left(kChunk), std::nullopt, ref.size()));
        QVERIFY(none.contains(QLatin1String("<p class=\"howto\">MIME parts: no reference copy, so "
                                            "the parts cannot be judged.</p>")));
        QVERIFY(!none.contains(QLatin1String("<h4>MIME parts</h4>")));
        QVERIFY(!none.contains(QLatin1String("class=\"part-mark\"")));
        QByteArray plain = "From: pat@customer.invalid\r\nSubject: no MIME headers\r\n\r\n";
        while (plain.size() < 20000)
            plain += "a line of plain RFC 822 text, with no MIME header above it\r\n";
        const fetch::MessageOutcome m = outcome(6, plain.left(kChunk), plain, plain.size());
        QVERIFY(!m.mime);
        const QString html = page(m);
        QVERIFY(!html.contains(QLatin1String("MIME parts")));
        QVERIFY(!html.contains(QLatin1String("class=\"part-mark\"")));
    }

    // The chunk picture marks each leaf part's start, and the end of the last, across the rows,
    // with the part's path above and its tip as the title.
    void pictureMarksPartBoundaries()
    {
        const fetch::MessageOutcome m = corpusOutcome(11, kChunk);
        const ChunkPicture p = ChunkPicture::build(m);
        QCOMPARE(p.parts.size(), 3);
        const QString svg = p.toSvg(900);
        QCOMPARE(svg.count(QLatin1String("<g class=\"part-mark\">")), 4);
        for (const ChunkPicture::PartMark &mark : p.parts) {
            QVERIFY2(
                svg.contains(QStringLiteral("<title>%1</title>").arg(mark.tip.toHtmlEscaped())),
                qPrintable(mark.tip));
            QVERIFY(svg.contains(QStringLiteral(">%1</text></g>").arg(mark.path)));
        }
        QVERIFY(svg.contains(
            QStringLiteral("<title>The end of part 3, at offset %1</title>").arg(p.parts[2].to)));
        QVERIFY(svg.contains(QLatin1String("MIME part boundary")));
        // Each line runs at its part's start, from above the first row to below the last.
        static const QRegularExpression line(QStringLiteral(
            "<g class=\"part-mark\"><title>[^<]*</title><line x1=\"([0-9.]+)\" y1=\"([0-9.]+)\" "
            "x2=\"\\1\" y2=\"([0-9.]+)\" stroke=\"#[0-9a-f]+\" stroke-width=\"1\" "
            "stroke-dasharray=\"3 2\"/>"));
        QList<double> xs;
        for (const auto &match : line.globalMatch(svg)) {
            xs << match.captured(1).toDouble();
            QVERIFY(match.captured(2).toDouble() < 24);  // above the first row (kTop)
            QVERIFY(match.captured(3).toDouble() > 100); // below the two rows
        }
        QCOMPARE(xs.size(), 4);
        QVERIFY(std::is_sorted(xs.begin(), xs.end()));
        QVERIFY(xs.first() > 212); // in the plot, right of the labels
        QVERIFY(xs.last() <= 900 - 28 + 0.1);
        // Shown whole, the same marks; with no MimeDamage, none.
        QCOMPARE(ChunkPicture::build(corpusOutcome(11, served(11).size()))
                     .toSvg()
                     .count(QLatin1String("<g class=\"part-mark\">")),
                 4);
        fetch::MessageOutcome bare = m;
        bare.mime.reset();
        const QString plain = ChunkPicture::build(bare).toSvg();
        QVERIFY(!plain.contains(QLatin1String("part-mark")));
        QVERIFY(!plain.contains(QLatin1String("MIME part boundary")));
    }

    // Nested parts: containers draw no line of their own (their first leaf's start is one).
    void pictureMarksLeavesOnly()
    {
        const fetch::MessageOutcome m = corpusOutcome(15, kChunk);
        const ChunkPicture p = ChunkPicture::build(m);
        const auto leaves = std::count_if(p.parts.begin(), p.parts.end(),
                                          [](const auto &mark) { return !mark.container; });
        QVERIFY(leaves < p.parts.size());
        const QString svg = p.toSvg(900);
        QCOMPARE(svg.count(QLatin1String("<g class=\"part-mark\">")), leaves + 1);
        for (int width : {480, 900, 1400}) {
            QXmlStreamReader r(p.toSvg(width));
            while (!r.atEnd())
                r.readNext();
            QVERIFY2(!r.hasError(), qPrintable(r.errorString()));
        }
    }
};

QTEST_GUILESS_MAIN(tst_MimeReport)
#include "tst_mimereport.moc"
