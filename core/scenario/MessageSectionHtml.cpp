// SPDX-License-Identifier: MIT
#include "scenario/MessageSectionHtml.h"

#include "scenario/ChunkPicture.h"
#include "scenario/ChunkPictureSvg.h"
#include "scenario/ReportPage.h"

namespace msim::scenario {

using namespace Qt::StringLiterals;
using fetch::ChunkRecord;
using fetch::ChunkStatus;
using fetch::MessageOutcome;

namespace {

QString opt(const std::optional<qint64> &v)
{
    return v ? QString::number(*v) : u"—"_s;
}

// Message octets as printable lines (CRLF kept as a line break).
QString printableLines(const QByteArray &bytes)
{
    QStringList lines;
    for (const QByteArray &line : bytes.split('\n'))
        lines << net::Transcript::escape(line.endsWith('\r') ? line.chopped(1) : line);
    return lines.join(QLatin1Char('\n'));
}

// A chunk that is a finding: any status but ok, and a short that did not reach the end.
bool isFinding(const MessageOutcome &m, qsizetype i)
{
    const ChunkStatus s = m.chunks[i].status;
    return s != ChunkStatus::Ok && (s != ChunkStatus::Short || i + 1 < m.chunks.size());
}

// Opens <table class="cls"> and writes its heading row.
void startTable(MarkupWriter &w, const QString &cls, std::initializer_list<QString> headings)
{
    w.startLine(u"table"_s, {{u"class"_s, cls}});
    w.start(u"tr"_s);
    for (const QString &h : headings)
        w.element(u"th"_s, h);
    w.endLine();
}

// A right-aligned number cell.
void numberCell(MarkupWriter &w, const QString &text)
{
    w.element(u"td"_s, text, {{u"class"_s, u"num"_s}});
}

} // namespace

void MessageSectionHtml::write(ReportPage &page, const MessageOutcome &m,
                               const fetch::FetchOutcome &o, const SessionHtml::Lines &lines,
                               bool files)
{
    MarkupWriter &w = page.writer();
    QString heading = u"UID %1"_s.arg(m.uid);
    if (m.rfc822Size >= 0)
        heading += u" · RFC822.SIZE %1"_s.arg(m.rfc822Size);
    if (m.strategy != fetch::Strategy::None)
        heading += u" · "_s + fetch::kStrategyNames.name(m.strategy);
    w.start(u"h3"_s, {{u"id"_s, u"uid-%1"_s.arg(m.uid)}});
    w.text(heading + QLatin1Char(' '));
    page.badge(ReportPage::badgeText(m));
    w.endLine();
    if (!m.exists) {
        w.elementLine(u"p"_s, u"The header download returned nothing for this UID."_s);
        return;
    }
    if (m.chunks.isEmpty()) {
        w.elementLine(u"p"_s,
                      u"Not fetched"_s + (m.error.isEmpty() ? QString() : u": "_s + m.error));
        return;
    }
    w.elementLine(
        u"p"_s,
        u"Each row is one request %1 sent, drawn at its offsets in the message: the outline "
        "is the range asked for, the blue bar the literal that came back, red the octets "
        "the server sent beyond the literal it announced. The last row is what %1 "
        "displayed (green), and what it never showed. Hover a bar for details."_s.arg(o.client),
        {{u"class"_s, u"howto"_s}});
    w.startLine(u"div"_s, {{u"class"_s, u"picture"_s}});
    ChunkPictureSvg::write(w, ChunkPicture::build(m, o.client), kPictureWidth);
    w.endLine();
    mimeParts(page, m);
    overrunPreviews(page, m, lines);
    chunkTable(page, m);
    judged(page, m, o, files);
}

// The parts of the true message and what the displayed octets did to each (MimeDamage); the
// sentences about them are among the findings already, so they are not repeated here. Every
// string that came from the message (file names, content types) goes through MarkupWriter, which
// escapes markup and shows controls and bidi overrides as \u202e.
void MessageSectionHtml::mimeParts(ReportPage &page, const MessageOutcome &m)
{
    MarkupWriter &w = page.writer();
    if (!m.mime) {
        if (!m.reference)
            w.elementLine(u"p"_s,
                          u"MIME parts: no reference copy, so the parts cannot be judged."_s,
                          {{u"class"_s, u"howto"_s}});
        return; // otherwise not MIME: nothing to say
    }
    const fetch::MimeDamage &d = *m.mime;
    w.elementLine(u"h4"_s, u"MIME parts"_s);
    if (!d.note.isEmpty())
        w.elementLine(u"p"_s, d.note, {{u"class"_s, u"note"_s}});
    if (d.parts.isEmpty())
        return;
    startTable(w, u"parts"_s,
               {u"part"_s, u"file name"_s, u"content type"_s, u"decoded size"_s, u"offset"_s,
                u"length (octets)"_s, u"state"_s, u"kept (octets)"_s, u"kept"_s,
                u"decoded bytes kept"_s});
    const auto number = [&w](const QString &text) { numberCell(w, text); };
    for (const fetch::PartDamage &p : d.parts) {
        const QString state = fetch::kPartStateNames.name(p.state);
        w.start(u"tr"_s);
        if (p.part.container)
            w.attribute(u"class"_s, u"container"_s);
        else if (p.state != fetch::PartState::Intact)
            w.attribute(u"class"_s, u"finding"_s);
        w.element(u"td"_s, p.part.path,
                  {{u"class"_s, u"mono"_s},
                   {u"style"_s, u"padding-left:%1px"_s.arg(kPathIndent * p.part.depth)}});
        w.element(u"td"_s, p.part.filename);
        w.element(u"td"_s, QString::fromLatin1(p.part.contentType), {{u"class"_s, u"mono"_s}});
        number(p.part.container ? u"—"_s : fetch::MimeDamage::size(p.decodedLength));
        number(QString::number(p.part.offset));
        number(QString::number(p.part.length));
        w.element(u"td"_s, state, {{u"class"_s, u"status p-"_s + state}});
        number(QString::number(p.kept));
        number(u"%1%"_s.arg(p.percentKept()));
        number(opt(p.decodedKept));
        w.endLine();
    }
    w.endLine();
}

// The octets that overran, for the eye: they are the message's own next octets.
void MessageSectionHtml::overrunPreviews(ReportPage &page, const MessageOutcome &m,
                                         const SessionHtml::Lines &lines)
{
    MarkupWriter &w = page.writer();
    for (const ChunkRecord &c : m.chunks) {
        if (c.unframedExtra <= 0 || c.extraBytes.isEmpty())
            continue;
        QString intro = u"The first octets after chunk %1's literal (%2 of %3"_s.arg(c.index)
                            .arg(std::min<qint64>(kExtraPreview, c.unframedExtra))
                            .arg(c.unframedExtra);
        if (c.extraIsNextOctets)
            intro += *c.extraIsNextOctets ? u"; they are the message's next octets"_s
                                          : u"; they are not the message's next octets"_s;
        intro += QLatin1Char(')');
        const QString anchor = SessionHtml::overrunAnchor(lines, c);
        w.start(u"p"_s);
        w.text(intro);
        if (!anchor.isEmpty()) {
            w.text(u", "_s);
            w.element(u"a"_s, u"in the transcript"_s, {{u"href"_s, QLatin1Char('#') + anchor}});
        }
        w.text(u":"_s);
        w.endLine();
        w.elementLine(u"pre"_s,
                      printableLines(c.extraBytes.left(kExtraPreview)) +
                          (c.unframedExtra > kExtraPreview ? u"…"_s : QString()),
                      {{u"class"_s, u"extra"_s}});
    }
}

void MessageSectionHtml::chunkTable(ReportPage &page, const MessageOutcome &m)
{
    MarkupWriter &w = page.writer();
    startTable(w, u"chunks"_s,
               {u"#"_s, u"command"_s, u"requested start"_s, u"requested length"_s, u"origin"_s,
                u"literal length"_s, u"received"_s, u"unframed extra"_s, u"status"_s,
                u"elapsed ms"_s});
    const auto number = [&w](const QString &text) { numberCell(w, text); };
    for (qsizetype i = 0; i < m.chunks.size() && i < kMaxTableRows; ++i) {
        const ChunkRecord &c = m.chunks[i];
        const QString status = fetch::chunkStatusName(c.status);
        const bool finding = isFinding(m, i);
        w.start(u"tr"_s);
        if (finding)
            w.attribute(u"class"_s, u"finding"_s);
        number(QString::number(c.index));
        w.element(u"td"_s, QString::fromLatin1(c.command), {{u"class"_s, u"cmd"_s}});
        number(opt(c.requestedStart));
        number(opt(c.requestedLength));
        number(opt(c.origin));
        number(c.literalLength >= 0 ? QString::number(c.literalLength) : u"—"_s);
        number(QString::number(c.received));
        number(c.unframedExtra > 0
                   ? (c.unframedExtraExact ? QString() : u"≥ "_s) + QString::number(c.unframedExtra)
                   : u"0"_s);
        w.element(u"td"_s, status, {{u"class"_s, u"status s-"_s + status}});
        number(QString::number(c.elapsedMs));
        w.endLine();
        if (!c.detail.isEmpty()) {
            w.start(u"tr"_s, {{u"class"_s, finding ? u"finding detail"_s : u"detail"_s}});
            w.element(u"td"_s, QString());
            w.element(u"td"_s, c.detail, {{u"colspan"_s, u"9"_s}});
            w.endLine();
        }
    }
    w.endLine();
    if (m.chunks.size() > kMaxTableRows) {
        w.elementLine(u"p"_s, u"… and %1 more chunks (report.json lists them all)."_s.arg(
                                  m.chunks.size() - kMaxTableRows));
    }
}

// How the message was judged, and the files beside the page.
void MessageSectionHtml::judged(ReportPage &page, const MessageOutcome &m,
                                const fetch::FetchOutcome &o, bool files)
{
    MarkupWriter &w = page.writer();
    QStringList more;
    more << u"Displayed: %1 octets"_s.arg(m.displayed.size());
    if (m.reference)
        more << u"true message: %1 octets (%2)"_s.arg(m.reference->size())
                    .arg(m.referenceSource == QLatin1String("server")
                             ? u"fetched whole with BODY.PEEK[] on a fresh connection"_s
                             : u"from "_s + m.referenceSource);
    else
        more << u"no reference copy: judged against RFC822.SIZE"_s;
    if (m.comparison.firstDifference)
        more << u"first difference at offset %1"_s.arg(*m.comparison.firstDifference);
    if (m.sessionEnd != fetch::MessageEnd::None)
        more << u"session end: %1"_s.arg(fetch::kMessageEndNames.name(m.sessionEnd));
    if (m.seenRestored)
        more << u"\\Seen restored"_s;
    page.meta({more.join(u" · "_s)});
    if (!files)
        return;
    w.start(u"p"_s, {{u"class"_s, u"files"_s}});
    w.element(u"a"_s,
              u"what %1 displayed (%2.displayed.eml)"_s.arg(o.client, QString::number(m.uid)),
              {{u"href"_s, u"%1.displayed.eml"_s.arg(m.uid)}});
    if (m.reference)
        w.element(u"a"_s, u"the true message (%1.reference.eml)"_s.arg(m.uid),
                  {{u"href"_s, u"%1.reference.eml"_s.arg(m.uid)}});
    w.endLine();
}

} // namespace msim::scenario
