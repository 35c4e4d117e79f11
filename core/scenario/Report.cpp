#include "scenario/Report.h"

#include "fetch/Findings.h"
#include "net/TlsPolicy.h"
#include "scenario/ChunkPicture.h"

#include <QCoreApplication>
#include <QDir>
#include <QJsonDocument>
#include <QSaveFile>
#include <QSet>

#include <algorithm>

namespace msim::scenario {

using fetch::ChunkRecord;
using fetch::ChunkStatus;
using fetch::FetchOutcome;
using fetch::MessageOutcome;
using fetch::Verdict;

namespace {

// Rows of the chunk table drawn at most (report.json lists them all).
constexpr int kMaxTableRows = 2000;
// Octets after an overrunning literal shown in the chunk section.
constexpr qsizetype kExtraPreview = 320;

// HTML text and attribute values (the SVG picture escapes the same way).
QString esc(const QString &text)
{
    return ChunkPicture::escapeMarkup(text);
}

// Message octets as printable lines (CRLF kept as a line break), then escaped.
QString escLines(const QByteArray &bytes)
{
    QStringList lines;
    for (const QByteArray &line : bytes.split('\n'))
        lines << net::Transcript::escape(line.endsWith('\r') ? line.chopped(1) : line);
    return esc(lines.join(QLatin1Char('\n')));
}

// Server octets (greeting, capabilities) as printable text, then escaped.
QString escBytes(const QByteArray &bytes)
{
    return esc(net::Transcript::escape(bytes));
}

QString n(qint64 v)
{
    return QString::number(v);
}

QString opt(const std::optional<qint64> &v)
{
    return v ? QString::number(*v) : QStringLiteral("—");
}

QString transportName(net::Security s)
{
    switch (s) {
    case net::Security::Ssl:
        return QStringLiteral("SSL");
    case net::Security::StartTls:
        return QStringLiteral("STARTTLS");
    case net::Security::None:
        return QStringLiteral("plain text");
    }
    return {};
}

QString generatedText(const ReportContext &c)
{
    const QDateTime when = c.generated.isValid() ? c.generated : QDateTime::currentDateTimeUtc();
    return when.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss 'UTC'"));
}

QString badgeText(const MessageOutcome &m)
{
    if (!m.exists)
        return QStringLiteral("not found");
    if (m.chunks.isEmpty())
        return QStringLiteral("failed");
    return fetch::verdictName(m.comparison.verdict);
}

QString badge(const QString &verdict)
{
    return QStringLiteral("<span class=\"badge\" style=\"background:") %
           ChunkPicture::verdictColour(verdict) % QStringLiteral("\">") % esc(verdict) %
           QStringLiteral("</span>");
}

// A password-bearing pref (none in the 4.x registry, but a prefs.js may carry one).
bool secretPref(const QString &name)
{
    return name.contains(QLatin1String("password"), Qt::CaseInsensitive) &&
           !name.contains(QLatin1String("remember"), Qt::CaseInsensitive) &&
           !name.contains(QLatin1String("prompt"), Qt::CaseInsensitive);
}

QString prefText(const QVariant &v)
{
    if (v.typeId() == QMetaType::Bool)
        return v.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    if (v.typeId() == QMetaType::QString)
        return QLatin1Char('"') % v.toString() % QLatin1Char('"');
    return v.toString();
}

const QString kStyle = QStringLiteral(R"(
:root { color-scheme: light; }
body { font-family: "DejaVu Sans", Verdana, Arial, sans-serif; margin: 0; color: #111827;
       background: #ffffff; line-height: 1.45; font-size: 15px; }
main { max-width: 1100px; margin: 0 auto; padding: 20px 28px 48px; }
h1 { font-size: 26px; margin: 0 0 6px; }
h2 { font-size: 20px; border-bottom: 2px solid #e5e7eb; padding-bottom: 4px; margin: 34px 0 12px; }
h3 { font-size: 16px; margin: 22px 0 8px; }
a { color: #1d4ed8; }
.meta { color: #4b5563; font-size: 14px; margin: 2px 0; }
.meta b { color: #111827; }
.up { font-size: 14px; margin-bottom: 8px; }
.badge { display: inline-block; min-width: 96px; text-align: center; color: #ffffff;
         font-weight: bold; border-radius: 4px; padding: 3px 10px; text-transform: uppercase;
         font-size: 13px; letter-spacing: 0.05em; vertical-align: middle; }
.summary { list-style: none; padding: 0; margin: 16px 0; }
.summary li { margin: 8px 0; padding: 10px 14px; border-left: 6px solid #d1d5db;
              background: #f9fafb; }
.summary .line { font-size: 19px; font-weight: bold; margin-left: 10px; vertical-align: middle; }
.summary .facts { color: #4b5563; font-size: 14px; margin-top: 4px; }
.expect { padding: 10px 14px; margin: 12px 0; border-radius: 4px; font-weight: bold; }
.expect.held { background: #f0fdf4; border: 1px solid #86efac; color: #166534; }
.expect.failed { background: #fef2f2; border: 1px solid #fca5a5; color: #991b1b; }
.expect ul { font-weight: normal; margin: 6px 0 0; }
.error { background: #fef2f2; border: 1px solid #fca5a5; padding: 10px 14px; }
.story { white-space: pre-wrap; background: #f9fafb; border-left: 4px solid #9ca3af;
         padding: 10px 14px; margin: 0; }
ul.findings li { margin: 6px 0; }
.explain dt { font-weight: bold; margin-top: 10px; }
.explain dd { margin: 2px 0 0 18px; color: #374151; }
.warnings li { color: #9a3412; }
.legacy { background: #fef2f2; border: 2px solid #dc2626; color: #991b1b; padding: 10px 14px;
          font-weight: bold; margin: 12px 0; }
.howto { color: #4b5563; font-size: 14px; }
.picture { overflow-x: auto; border: 1px solid #e5e7eb; border-radius: 4px; padding: 8px 0;
           margin: 10px 0; }
svg.chunk-picture { display: block; max-width: 100%; height: auto; }
table { border-collapse: collapse; font-size: 13px; margin: 8px 0; }
table.chunks { width: 100%; }
table.chunks td.cmd { min-width: 240px; word-break: normal; overflow-wrap: anywhere; }
tr.detail td { font-family: "DejaVu Sans Mono", Consolas, monospace; font-size: 12px;
               color: #4b5563; overflow-wrap: anywhere; border-top: none; }
th, td { border: 1px solid #d1d5db; padding: 4px 8px; text-align: left; vertical-align: top; }
th { background: #f3f4f6; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.cmd, td.mono, .mono { font-family: "DejaVu Sans Mono", Consolas, monospace; font-size: 12px; }
tr.finding td { background: #fef2f2; }
td.status { font-weight: bold; white-space: nowrap; }
.s-ok, .s-short { color: #374151; font-weight: normal !important; }
.s-overrun_unframed, .s-error { color: #dc2626; }
.s-overrun_framed { color: #c2410c; }
.s-no_origin, .s-origin_mismatch, .s-empty { color: #92400e; }
table.kv th { width: 190px; }
pre { font-family: "DejaVu Sans Mono", Consolas, monospace; font-size: 12px; }
pre.extra { background: #fef2f2; border: 1px solid #fca5a5; padding: 8px; white-space: pre-wrap;
            word-break: break-all; color: #991b1b; }
pre.transcript { background: #f9fafb; border: 1px solid #e5e7eb; padding: 8px; overflow-x: auto;
                 white-space: pre-wrap; word-break: break-all; line-height: 1.35; }
.t-client { color: #1d4ed8; }
.t-server { color: #111827; }
.t-literal { color: #9ca3af; }
.t-note { color: #6b7280; font-style: italic; }
.t-overrun { background: #fee2e2; color: #b91c1c; font-weight: bold; }
.files a { margin-right: 14px; }
table.matrix td { text-align: center; min-width: 150px; padding: 8px; }
table.matrix td .small { font-size: 12px; color: #4b5563; margin-top: 4px; }
footer { margin-top: 40px; color: #6b7280; font-size: 13px; border-top: 1px solid #e5e7eb;
         padding-top: 10px; }
)");

QString pageHead(const QString &title)
{
    return QStringLiteral("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                          "<meta name=\"viewport\" content=\"width=device-width, "
                          "initial-scale=1\">\n<title>") %
           esc(title) % QStringLiteral("</title>\n<style>") % kStyle %
           QStringLiteral("</style>\n</head>\n<body>\n<main>\n");
}

QString pageFoot(const ReportContext &c)
{
    QString s = QStringLiteral("<footer>Generated by msim");
    const QString version = QCoreApplication::applicationVersion();
    if (!version.isEmpty())
        s += QLatin1Char(' ') % esc(version);
    s += QStringLiteral(" on ") % esc(generatedText(c));
    if (!c.command.isEmpty())
        s += QStringLiteral(" with <span class=\"mono\">") % esc(c.command) %
             QStringLiteral("</span>");
    s += QStringLiteral(". Passwords never appear in this report: the transcripts replace "
                        "them with &lt;redacted&gt;.</footer>\n</main>\n</body>\n</html>\n");
    return s;
}

// Title, ticket, time, the reproduction's expectation, and the story.
QString contextHeader(const ReportContext &c, const QString &defaultTitle, const QString &extra)
{
    QString s;
    if (!c.up.isEmpty())
        s += QStringLiteral("<div class=\"up\"><a href=\"") % esc(c.up) %
             QStringLiteral("\">&#8592; back to the matrix</a></div>\n");
    s += QStringLiteral("<h1>") % esc(c.title.isEmpty() ? defaultTitle : c.title) %
         QStringLiteral("</h1>\n");
    if (!c.ticket.isEmpty())
        s += QStringLiteral("<p class=\"meta\">Ticket: <b>") % esc(c.ticket) %
             QStringLiteral("</b></p>\n");
    s += QStringLiteral("<p class=\"meta\">Generated ") % esc(generatedText(c)) %
         QStringLiteral("</p>\n");
    s += extra;
    if (c.expectationMet) {
        s += *c.expectationMet
                 ? QStringLiteral("<div class=\"expect held\">The scenario's expectation held: "
                                  "the problem is reproduced as described.")
                 : QStringLiteral("<div class=\"expect failed\">The scenario's expectation did "
                                  "not hold.");
        if (!c.differences.isEmpty()) {
            s += QStringLiteral("<ul>");
            for (const QString &d : c.differences)
                s += QStringLiteral("<li>") % esc(d) % QStringLiteral("</li>");
            s += QStringLiteral("</ul>");
        }
        s += QStringLiteral("</div>\n");
    }
    return s;
}

QString storySection(const ReportContext &c)
{
    if (c.description.trimmed().isEmpty())
        return {};
    return QStringLiteral("<h2>The case</h2>\n<p class=\"story\">") % esc(c.description.trimmed()) %
           QStringLiteral("</p>\n");
}

// One line of key facts under a message's summary.
QString facts(const MessageOutcome &m, const FetchOutcome &o)
{
    QStringList f;
    f << QStringLiteral("UID %1").arg(m.uid);
    if (!m.strategy.isEmpty())
        f << (m.strategy == QLatin1String("chunked")
                  ? QStringLiteral("fetched in %1 chunk%2")
                        .arg(m.chunks.size())
                        .arg(m.chunks.size() == 1 ? QString() : QStringLiteral("s"))
                  : QStringLiteral("fetched whole"));
    f << QStringLiteral("over %1").arg(transportName(o.server.security));
    for (const ChunkRecord &c : m.chunks) {
        if (c.status == ChunkStatus::OverrunUnframed) {
            f << QStringLiteral("chunk %1: %2 octets sent beyond a %3-octet literal")
                     .arg(c.index)
                     .arg(c.unframedExtra)
                     .arg(c.literalLength);
            break;
        }
        if (c.status == ChunkStatus::OverrunFramed) {
            f << QStringLiteral("chunk %1: a %2-octet literal for %3 octets asked")
                     .arg(c.index)
                     .arg(c.literalLength)
                     .arg(c.requestedLength.value_or(0));
            break;
        }
        if (c.status == ChunkStatus::Error) {
            f << QStringLiteral("chunk %1: the reply never completed").arg(c.index);
            break;
        }
    }
    if (m.sessionEnd == QLatin1String("emergency_logout"))
        f << QStringLiteral("session ended with the emergency “xxxx logout”");
    else if (m.sessionEnd == QLatin1String("disconnected"))
        f << QStringLiteral("the server closed the connection");
    return esc(f.join(QStringLiteral(" · ")));
}

QString summaryList(const FetchOutcome &o)
{
    if (o.messages.isEmpty())
        return {};
    QString s = QStringLiteral("<ul class=\"summary\">\n");
    for (const MessageOutcome &m : o.messages) {
        const QString v = badgeText(m);
        s += QStringLiteral("<li style=\"border-left-color:") % ChunkPicture::verdictColour(v) %
             QStringLiteral("\">") % badge(v) % QStringLiteral("<span class=\"line\">") %
             esc(Report::shows(m, o.client)) % QStringLiteral("</span><div class=\"facts\">") %
             facts(m, o) % QStringLiteral("</div></li>\n");
    }
    s += QStringLiteral("</ul>\n");
    return s;
}

// Plain explanations of the statuses that occur, for readers who do not know IMAP.
QString explanations(const FetchOutcome &o)
{
    QSet<ChunkStatus> seen;
    for (const MessageOutcome &m : o.messages)
        for (qsizetype i = 0; i < m.chunks.size(); ++i)
            if (m.chunks[i].status != ChunkStatus::Short || i + 1 < m.chunks.size())
                seen.insert(m.chunks[i].status);
    const QString client = esc(o.client);
    QString s;
    auto item = [&s](const QString &term, const QString &text) {
        s += QStringLiteral("<dt>") % term % QStringLiteral("</dt><dd>") % text %
             QStringLiteral("</dd>\n");
    };
    if (seen.contains(ChunkStatus::OverrunUnframed))
        item(QStringLiteral("Unframed overrun"),
             QStringLiteral("In IMAP a message body arrives as a literal: the server first "
                            "announces how many octets follow (for example <span class=\"mono\">"
                            "{6144}</span>), then sends exactly that many. Here the server sent "
                            "more octets than it announced. ") %
                 client %
                 QStringLiteral(" reads the announced octets, then expects the rest of the "
                                "FETCH response; it finds message text instead, cannot parse "
                                "it, aborts the download with its emergency "
                                "<span class=\"mono\">xxxx logout</span> and shows only what it "
                                "had received, so the message looks cut off. This is the "
                                "failure described in Microsoft KB Q194998: Exchange Server 5.5 "
                                "before Service Pack 2 did this over SSL, and SP2 (5.5.2437.0) "
                                "fixed it. Setting <span class=\"mono\">"
                                "mail.imap.fetch_by_chunks</span> to false makes the client ask "
                                "for the whole message in one command instead of in chunks; the "
                                "reproduction matrix shows whether that avoids it on this "
                                "server."));
    if (seen.contains(ChunkStatus::OverrunFramed))
        item(QStringLiteral("Framed overrun"),
             QStringLiteral("The server answered a request for part of the message with a "
                            "longer part than asked, honestly counted. ") %
                 client %
                 QStringLiteral(" accepts it but asks for the next part where its own request "
                                "ended, so the octets in between are shown twice."));
    if (seen.contains(ChunkStatus::NoOrigin))
        item(QStringLiteral("No origin"),
             QStringLiteral("The server ignored the request for part of the message and sent "
                            "the whole message without saying where it starts; ") %
                 client % QStringLiteral(" takes it as the whole message."));
    if (seen.contains(ChunkStatus::OriginMismatch))
        item(QStringLiteral("Origin mismatch"),
             QStringLiteral("The part the server sent starts elsewhere than asked. ") % client %
                 QStringLiteral(" does not check this: a part starting at 0 restarts the "
                                "display, any other is appended."));
    if (seen.contains(ChunkStatus::Empty))
        item(QStringLiteral("Empty"),
             QStringLiteral("The server sent no octets for a request (RFC 3501 answers a "
                            "request starting at or past the end of the message this way)."));
    if (seen.contains(ChunkStatus::Short))
        item(QStringLiteral("Short"),
             QStringLiteral("The server sent fewer octets than asked before the end of the "
                            "message."));
    if (seen.contains(ChunkStatus::Error))
        item(QStringLiteral("Error"),
             QStringLiteral("A reply never completed: the connection dropped, the server "
                            "answered BAD or NO, or the command timed out. What had arrived "
                            "stays displayed."));
    if (s.isEmpty())
        return {};
    return QStringLiteral("<h3>What this means</h3>\n<dl class=\"explain\">\n") % s %
           QStringLiteral("</dl>\n");
}

QString findingsSection(const FetchOutcome &o)
{
    QString s = QStringLiteral("<h2>Findings</h2>\n");
    if (o.error)
        s += QStringLiteral("<p class=\"error\"><b>Error:</b> ") % esc(*o.error) %
             QStringLiteral("</p>\n");
    bool any = false;
    for (const MessageOutcome &m : o.messages) {
        if (m.findings.isEmpty())
            continue;
        any = true;
        s += QStringLiteral("<h3>UID ") % n(m.uid) %
             QStringLiteral("</h3>\n<ul class=\"findings\">\n");
        for (const QString &f : m.findings)
            s += QStringLiteral("<li>") % esc(f) % QStringLiteral("</li>\n");
        s += QStringLiteral("</ul>\n");
    }
    if (!any)
        s += QStringLiteral("<p>No findings: every chunk came back as asked and the session "
                            "ended normally.</p>\n");
    s += explanations(o);
    if (!o.warnings.isEmpty()) {
        s += QStringLiteral("<h3>Warnings</h3>\n<ul class=\"warnings\">\n");
        for (const QString &w : o.warnings)
            s += QStringLiteral("<li>") % esc(w) % QStringLiteral("</li>\n");
        s += QStringLiteral("</ul>\n");
    }
    if (!o.notes.isEmpty()) {
        s += QStringLiteral("<h3>Notes</h3>\n<ul>\n");
        for (const QString &w : o.notes)
            s += QStringLiteral("<li>") % esc(w) % QStringLiteral("</li>\n");
        s += QStringLiteral("</ul>\n");
    }
    return s;
}

// Each connection's transcript lines, computed once per page.
using TranscriptLines = QList<QList<net::Transcript::Line>>;

TranscriptLines transcriptLines(const FetchOutcome &o)
{
    TranscriptLines out;
    for (const auto &t : o.transcripts)
        out << (t ? t->lines() : QList<net::Transcript::Line>());
    return out;
}

// The line id of the first overrun line of a chunk in the transcript, if rendered.
QString overrunAnchor(const TranscriptLines &all, const ChunkRecord &c)
{
    if (c.unframedExtra <= 0 || c.connection < 1 || c.connection > all.size())
        return {};
    const qint64 after = c.literalStreamOffset >= 0 && c.literalLength >= 0
                             ? c.literalStreamOffset + c.literalLength
                             : 0;
    const QList<net::Transcript::Line> &lines = all[c.connection - 1];
    for (qsizetype i = 0; i < lines.size() && i < Report::kMaxTranscriptLines; ++i)
        if (lines[i].kind == net::Transcript::Line::Kind::Overrun && lines[i].offset >= after)
            return QStringLiteral("t%1-%2").arg(c.connection).arg(i);
    return {};
}

QString messageSection(const MessageOutcome &m, const FetchOutcome &o, const TranscriptLines &lines,
                       bool files)
{
    QString s = QStringLiteral("<h3 id=\"uid-") % n(m.uid) % QStringLiteral("\">UID ") % n(m.uid);
    if (m.rfc822Size >= 0)
        s += QStringLiteral(" · RFC822.SIZE ") % n(m.rfc822Size);
    if (!m.strategy.isEmpty())
        s += QStringLiteral(" · ") % esc(m.strategy);
    s += QStringLiteral(" ") % badge(badgeText(m)) % QStringLiteral("</h3>\n");
    if (!m.exists) {
        s += QStringLiteral("<p>The header download returned nothing for this UID.</p>\n");
        return s;
    }
    if (m.chunks.isEmpty()) {
        s += QStringLiteral("<p>Not fetched") %
             (m.error.isEmpty() ? QString() : QStringLiteral(": ") % esc(m.error)) %
             QStringLiteral("</p>\n");
        return s;
    }
    const QString client = esc(o.client);
    s += QStringLiteral("<p class=\"howto\">Each row is one request ") % client %
         QStringLiteral(" sent, drawn at its offsets in the message: the outline is the range "
                        "asked for, the blue bar the literal that came back, red the octets the "
                        "server sent beyond the literal it announced. The last row is what ") %
         client %
         QStringLiteral(" displayed (green), and what it never showed. Hover a bar for "
                        "details.</p>\n");
    s += QStringLiteral("<div class=\"picture\">\n") %
         ChunkPicture::build(m, o.client).toSvg(1040) % QStringLiteral("</div>\n");

    // The octets that overran, for the eye: they are the message's own next octets.
    for (const ChunkRecord &c : m.chunks) {
        if (c.unframedExtra <= 0 || c.extraBytes.isEmpty())
            continue;
        const QString anchor = overrunAnchor(lines, c);
        s += QStringLiteral("<p>The first octets after chunk ") % n(c.index) %
             QStringLiteral("'s literal (") % n(std::min<qint64>(kExtraPreview, c.unframedExtra)) %
             QStringLiteral(" of ") % n(c.unframedExtra);
        if (c.extraIsNextOctets)
            s += *c.extraIsNextOctets ? QStringLiteral("; they are the message's next octets")
                                      : QStringLiteral("; they are not the message's next octets");
        s += QStringLiteral(")");
        if (!anchor.isEmpty())
            s += QStringLiteral(", <a href=\"#") % anchor %
                 QStringLiteral("\">in the transcript</a>");
        s += QStringLiteral(":</p>\n<pre class=\"extra\">") %
             escLines(c.extraBytes.left(kExtraPreview)) %
             (c.unframedExtra > kExtraPreview ? QStringLiteral("…") : QString()) %
             QStringLiteral("</pre>\n");
    }

    s += QStringLiteral("<table class=\"chunks\">\n<tr><th>#</th><th>command</th>"
                        "<th>requested start</th><th>requested length</th><th>origin</th>"
                        "<th>literal length</th><th>received</th><th>unframed extra</th>"
                        "<th>status</th><th>elapsed ms</th></tr>\n");
    for (qsizetype i = 0; i < m.chunks.size() && i < kMaxTableRows; ++i) {
        const ChunkRecord &c = m.chunks[i];
        const QString status = fetch::chunkStatusName(c.status);
        const bool finding = c.status != ChunkStatus::Ok &&
                             (c.status != ChunkStatus::Short || i + 1 < m.chunks.size());
        s += (finding ? QStringLiteral("<tr class=\"finding\">") : QStringLiteral("<tr>")) %
             QStringLiteral("<td class=\"num\">") % n(c.index) %
             QStringLiteral("</td><td class=\"cmd\">") % esc(QString::fromLatin1(c.command)) %
             QStringLiteral("</td><td class=\"num\">") % opt(c.requestedStart) %
             QStringLiteral("</td><td class=\"num\">") % opt(c.requestedLength) %
             QStringLiteral("</td><td class=\"num\">") % opt(c.origin) %
             QStringLiteral("</td><td class=\"num\">") %
             (c.literalLength >= 0 ? n(c.literalLength) : QStringLiteral("—")) %
             QStringLiteral("</td><td class=\"num\">") % n(c.received) %
             QStringLiteral("</td><td class=\"num\">") %
             (c.unframedExtra > 0
                  ? (c.unframedExtraExact ? QString() : QStringLiteral("≥ ")) % n(c.unframedExtra)
                  : QStringLiteral("0")) %
             QStringLiteral("</td><td class=\"status s-") % status % QStringLiteral("\">") %
             status % QStringLiteral("</td><td class=\"num\">") % n(c.elapsedMs) %
             QStringLiteral("</td></tr>\n");
        if (!c.detail.isEmpty())
            s += (finding ? QStringLiteral("<tr class=\"finding detail\">")
                          : QStringLiteral("<tr class=\"detail\">")) %
                 QStringLiteral("<td></td><td colspan=\"9\">") % esc(c.detail) %
                 QStringLiteral("</td></tr>\n");
    }
    s += QStringLiteral("</table>\n");
    if (m.chunks.size() > kMaxTableRows)
        s += QStringLiteral("<p>… and ") % n(m.chunks.size() - kMaxTableRows) %
             QStringLiteral(" more chunks (report.json lists them all).</p>\n");

    QStringList more;
    more << QStringLiteral("Displayed: %1 octets").arg(m.displayed.size());
    if (m.reference)
        more << QStringLiteral("true message: %1 octets (%2)")
                    .arg(m.reference->size())
                    .arg(m.referenceSource == QLatin1String("server")
                             ? QStringLiteral("fetched whole with BODY.PEEK[] on a fresh "
                                              "connection")
                             : QStringLiteral("from ") % m.referenceSource);
    else
        more << QStringLiteral("no reference copy: judged against RFC822.SIZE");
    if (m.comparison.firstDifference)
        more << QStringLiteral("first difference at offset %1").arg(*m.comparison.firstDifference);
    if (!m.sessionEnd.isEmpty())
        more << QStringLiteral("session end: %1").arg(m.sessionEnd);
    if (m.seenRestored)
        more << QStringLiteral("\\Seen restored");
    s += QStringLiteral("<p class=\"meta\">") % esc(more.join(QStringLiteral(" · "))) %
         QStringLiteral("</p>\n");
    if (files) {
        s += QStringLiteral("<p class=\"files\"><a href=\"") % n(m.uid) %
             QStringLiteral(".displayed.eml\">what ") % client % QStringLiteral(" displayed (") %
             n(m.uid) % QStringLiteral(".displayed.eml)</a>");
        if (m.reference)
            s += QStringLiteral("<a href=\"") % n(m.uid) %
                 QStringLiteral(".reference.eml\">the true message (") % n(m.uid) %
                 QStringLiteral(".reference.eml)</a>");
        s += QStringLiteral("</p>\n");
    }
    return s;
}

QString row(const QString &name, const QString &escapedValue)
{
    return QStringLiteral("<tr><th>") % esc(name) % QStringLiteral("</th><td>") % escapedValue %
           QStringLiteral("</td></tr>\n");
}

QString serverSection(const FetchOutcome &o)
{
    const fetch::ServerInfo &srv = o.server;
    QString s = QStringLiteral("<h2>Server and TLS</h2>\n");
    if (srv.tlsLegacy || (srv.tls && srv.tls->legacy))
        s += QStringLiteral("<div class=\"legacy\">--tls-legacy was on: TLS 1.0/1.1 and weak "
                            "ciphers were allowed for this run, as for a 1990s server. Do not "
                            "use these settings for anything but the reproduction.</div>\n");
    s += QStringLiteral("<table class=\"kv\">\n");
    s += row(QStringLiteral("host"), esc(srv.host));
    s += row(QStringLiteral("port"), n(srv.port));
    s += row(QStringLiteral("security"),
             esc(net::securityName(srv.security)) % QStringLiteral(" (") %
                 esc(fetch::Findings::transport(srv.security)) % QStringLiteral(")"));
    s += row(QStringLiteral("greeting"), QStringLiteral("<span class=\"mono\">") %
                                             escBytes(srv.greeting) % QStringLiteral("</span>"));
    QStringList caps;
    for (const QByteArray &c : srv.capabilities)
        caps << net::Transcript::escape(c);
    s += row(QStringLiteral("capabilities"), QStringLiteral("<span class=\"mono\">") %
                                                 esc(caps.join(QLatin1Char(' '))) %
                                                 QStringLiteral("</span>"));
    if (srv.tls) {
        s += row(QStringLiteral("TLS protocol"), esc(srv.tls->protocol));
        s += row(QStringLiteral("cipher"), esc(srv.tls->cipher));
        s += row(QStringLiteral("peer certificate"),
                 QStringLiteral("<span class=\"mono\">") %
                     esc(net::TlsPolicy::formatPin(srv.tls->peerSha256)) %
                     QStringLiteral("</span>"));
        if (!srv.tls->overridden.isEmpty()) {
            QString list = QStringLiteral("<ul>");
            for (const QString &e : srv.tls->overridden)
                list += QStringLiteral("<li>") % esc(e) % QStringLiteral("</li>");
            list += QStringLiteral("</ul>");
            s += row(QStringLiteral("overridden by the pin"), list);
        }
    } else if (srv.security == net::Security::None) {
        s += row(QStringLiteral("TLS"), QStringLiteral("none: the session was not encrypted"));
    } else {
        s += row(QStringLiteral("TLS"), QStringLiteral("no TLS session was established"));
    }
    if (!srv.rejectionReasons.isEmpty()) {
        QString list = QStringLiteral("<ul>");
        for (const QString &e : srv.rejectionReasons)
            list += QStringLiteral("<li>") % esc(e) % QStringLiteral("</li>");
        list += QStringLiteral("</ul>");
        if (!srv.rejectedCertificate.isNull())
            list += QStringLiteral("<span class=\"mono\">") %
                    esc(net::TlsPolicy::formatPin(
                        net::TlsPolicy::fingerprint(srv.rejectedCertificate))) %
                    QStringLiteral("</span>");
        s += row(QStringLiteral("certificate refused"), list);
    }
    s += QStringLiteral("</table>\n");

    s += QStringLiteral("<h2>Client</h2>\n<table class=\"kv\">\n");
    s += row(QStringLiteral("emulated client"), esc(o.client));
    if (!o.preset.isEmpty())
        s += row(QStringLiteral("preset"), esc(o.preset));
    s += row(QStringLiteral("run time"), n(o.elapsedMs) % QStringLiteral(" ms"));
    s += QStringLiteral("</table>\n");
    if (!o.prefs.isEmpty()) {
        s += QStringLiteral("<h3>Effective prefs</h3>\n<table class=\"prefs\">\n"
                            "<tr><th>pref</th><th>value</th></tr>\n");
        for (const auto &[name, value] : o.prefs)
            s += QStringLiteral("<tr><td class=\"mono\">") % esc(name) %
                 QStringLiteral("</td><td class=\"mono\">") %
                 (secretPref(name) && !value.toString().isEmpty()
                      ? QStringLiteral("&lt;redacted&gt;")
                      : esc(prefText(value))) %
                 QStringLiteral("</td></tr>\n");
        s += QStringLiteral("</table>\n");
    }
    return s;
}

QString transcriptSection(const FetchOutcome &o, const TranscriptLines &all, bool files)
{
    QString s = QStringLiteral("<h2>Transcript</h2>\n<p class=\"howto\">Every octet on the "
                               "wire, time-stamped (seconds) with its offset in the stream. "
                               "<span class=\"t-client\">C:</span> the client, S: the server, "
                               "<span class=\"t-literal\">literal bodies summarised</span>, "
                               "<span class=\"t-overrun\">S! octets beyond an announced "
                               "literal</span>. The password is redacted.");
    if (files)
        s += QStringLiteral(" The full text is in <a href=\"transcript.txt\">transcript.txt</a>.");
    s += QStringLiteral("</p>\n");
    for (qsizetype t = 0; t < o.transcripts.size(); ++t) {
        const auto &tr = o.transcripts[t];
        if (!tr)
            continue;
        s += QStringLiteral("<h3>") %
             esc(tr->label().isEmpty() ? QStringLiteral("connection %1").arg(t + 1) : tr->label()) %
             QStringLiteral("</h3>\n<pre class=\"transcript\">");
        const QList<net::Transcript::Line> &lines = all[t];
        for (qsizetype i = 0; i < lines.size() && i < Report::kMaxTranscriptLines; ++i) {
            const net::Transcript::Line &l = lines[i];
            QString cls;
            QString prefix;
            switch (l.kind) {
            case net::Transcript::Line::Kind::Client:
                cls = QStringLiteral("t-client");
                prefix = QStringLiteral("C:");
                break;
            case net::Transcript::Line::Kind::Server:
                cls = QStringLiteral("t-server");
                prefix = QStringLiteral("S:");
                break;
            case net::Transcript::Line::Kind::Literal:
                cls = QStringLiteral("t-literal");
                prefix = QStringLiteral("S:");
                break;
            case net::Transcript::Line::Kind::Overrun:
                cls = QStringLiteral("t-overrun");
                prefix = QStringLiteral("S!");
                break;
            case net::Transcript::Line::Kind::Note:
                cls = QStringLiteral("t-note");
                prefix = QStringLiteral("--");
                break;
            }
            const QString where = l.kind == net::Transcript::Line::Kind::Note
                                      ? QString(9, QLatin1Char(' '))
                                      : QStringLiteral("@%1").arg(l.offset, -8);
            s += QStringLiteral("<span class=\"") % cls % QStringLiteral("\" id=\"t") % n(t + 1) %
                 QLatin1Char('-') % n(i) % QStringLiteral("\">") %
                 QStringLiteral("%1").arg(double(l.msecs) / 1000.0, 8, 'f', 3) % QLatin1Char(' ') %
                 prefix % QLatin1Char(' ') % where % QLatin1Char(' ') % esc(l.text) %
                 QStringLiteral("</span>\n");
        }
        if (lines.size() > Report::kMaxTranscriptLines)
            s += QStringLiteral("<span class=\"t-note\">… ") %
                 n(lines.size() - Report::kMaxTranscriptLines) %
                 QStringLiteral(" more lines: transcript.txt has them all.</span>\n");
        s += QStringLiteral("</pre>\n");
    }
    if (o.transcripts.isEmpty())
        s += QStringLiteral("<p>No connection was made.</p>\n");
    return s;
}

bool writeFile(const QString &path, const QByteArray &bytes, QString *error)
{
    QSaveFile f(path);
    if (!f.open(QIODevice::WriteOnly) || f.write(bytes) != bytes.size() || !f.commit()) {
        if (error)
            *error = QStringLiteral("could not write %1: %2").arg(path, f.errorString());
        return false;
    }
    return true;
}

bool makeDir(const QString &dir, QString *error)
{
    if (QDir().mkpath(dir))
        return true;
    if (error)
        *error = QStringLiteral("could not create the folder %1").arg(dir);
    return false;
}

// The cells' folder names, made unique (a repeated cell gets "-2", "-3", ...).
QStringList folderNames(const QList<MatrixCell> &cells)
{
    QStringList out;
    QSet<QString> used;
    for (const MatrixCell &c : cells) {
        QString name = c.folderName();
        for (int k = 2; used.contains(name); ++k)
            name = c.folderName() % QLatin1Char('-') % n(k);
        used.insert(name);
        out << name;
    }
    return out;
}

QString cellTitle(const MatrixCell &c)
{
    return transportName(c.security) %
           (c.fetchByChunks ? QStringLiteral(", chunks of %1 octets").arg(c.chunkSize.value_or(0))
                            : QStringLiteral(", fetch_by_chunks off (whole message)"));
}

} // namespace

QString Report::shows(const MessageOutcome &m, const QString &client)
{
    if (!m.exists)
        return QStringLiteral("UID %1 is not in the mailbox").arg(m.uid);
    if (m.chunks.isEmpty())
        return QStringLiteral("%1 could not fetch UID %2").arg(client).arg(m.uid);
    const fetch::Comparison &c = m.comparison;
    switch (c.verdict) {
    case Verdict::Complete:
        return QStringLiteral("%1 shows all %2 octets").arg(client).arg(c.displayedLength);
    case Verdict::Truncated:
        return QStringLiteral("%1 shows %2 of %3 octets")
            .arg(client)
            .arg(c.displayedLength)
            .arg(c.expectedLength);
    case Verdict::Duplicated:
        return QStringLiteral("%1 shows %2 octets for a %3-octet message")
            .arg(client)
            .arg(c.displayedLength)
            .arg(c.expectedLength);
    case Verdict::Corrupted:
        return QStringLiteral("%1 shows %2 octets that differ from the %3-octet message")
            .arg(client)
            .arg(c.displayedLength)
            .arg(c.expectedLength);
    case Verdict::Failed:
        return QStringLiteral("%1 shows nothing of the %2-octet message")
            .arg(client)
            .arg(c.expectedLength);
    }
    return {};
}

QString Report::html(const FetchOutcome &o, const ReportContext &c)
{
    return htmlPage(o, c, false);
}

QString Report::htmlPage(const FetchOutcome &o, const ReportContext &c, bool files)
{
    const QString title = c.title.isEmpty() ? QStringLiteral("msim report") : c.title;
    QString extra =
        QStringLiteral("<p class=\"meta\">Client <b>") % esc(o.client) % QStringLiteral("</b>") %
        (o.preset.isEmpty() ? QString()
                            : QStringLiteral(" (preset ") % esc(o.preset) % QStringLiteral(")")) %
        QStringLiteral(" · server <b>") % esc(o.server.host) % QLatin1Char(':') % n(o.server.port) %
        QStringLiteral("</b> over ") % esc(transportName(o.server.security)) %
        QStringLiteral("</p>\n");
    extra += summaryList(o);
    if (o.error)
        extra += QStringLiteral("<p class=\"error\"><b>The run failed:</b> ") % esc(*o.error) %
                 QStringLiteral("</p>\n");

    QString s =
        pageHead(title + (c.ticket.isEmpty() ? QString() : QStringLiteral(" — ") % c.ticket));
    s += contextHeader(c, title, extra);
    s += storySection(c);
    s += findingsSection(o);
    const TranscriptLines lines = transcriptLines(o);
    if (!o.messages.isEmpty()) {
        s += QStringLiteral("<h2>Chunk by chunk</h2>\n");
        for (const MessageOutcome &m : o.messages)
            s += messageSection(m, o, lines, files);
    }
    s += serverSection(o);
    s += transcriptSection(o, lines, files);
    s += pageFoot(c);
    return s;
}

QString Report::matrixHtml(const QList<MatrixCell> &cells, const ReportContext &c)
{
    const QString title = c.title.isEmpty() ? QStringLiteral("msim reproduction matrix") : c.title;
    const QStringList folders = folderNames(cells);

    QString extra;
    if (!cells.isEmpty()) {
        const FetchOutcome &first = cells.first().result;
        extra += QStringLiteral("<p class=\"meta\">Client <b>") % esc(first.client) %
                 QStringLiteral("</b>") %
                 (first.preset.isEmpty()
                      ? QString()
                      : QStringLiteral(" (preset ") % esc(first.preset) % QStringLiteral(")")) %
                 QStringLiteral(" · server <b>") % esc(first.server.host) %
                 QStringLiteral("</b></p>\n");
    }
    QStringList bad;
    for (const MatrixCell &cell : cells)
        if (cell.verdict() != QLatin1String("complete"))
            bad << cellTitle(cell) % QStringLiteral(" (") % cell.verdict() % QLatin1Char(')');
    extra += QStringLiteral("<p class=\"summary-line\"><b>") %
             esc(QStringLiteral("Complete in %1 of %2 cells.")
                     .arg(cells.size() - bad.size())
                     .arg(cells.size())) %
             QStringLiteral("</b>") %
             (bad.isEmpty() ? QString()
                            : QStringLiteral(" Not complete: ") %
                                  esc(bad.join(QStringLiteral("; "))) % QLatin1Char('.')) %
             QStringLiteral("</p>\n");

    QString s =
        pageHead(title + (c.ticket.isEmpty() ? QString() : QStringLiteral(" — ") % c.ticket));
    s += contextHeader(c, title, extra);
    s += storySection(c);

    // Rows: security; columns: each chunk size with chunking on, then chunking off.
    QList<net::Security> securities;
    for (net::Security sec : {net::Security::None, net::Security::StartTls, net::Security::Ssl})
        if (std::any_of(cells.begin(), cells.end(),
                        [sec](const MatrixCell &x) { return x.security == sec; }))
            securities << sec;
    QList<qint64> sizes;
    bool whole = false;
    for (const MatrixCell &x : cells) {
        if (x.fetchByChunks && !sizes.contains(x.chunkSize.value_or(0)))
            sizes << x.chunkSize.value_or(0);
        whole = whole || !x.fetchByChunks;
    }
    std::sort(sizes.begin(), sizes.end());

    s += QStringLiteral("<h2>Verdicts</h2>\n<p class=\"howto\">Each cell is one run of the same "
                        "message; open a cell for its chunk picture, findings and "
                        "transcript.</p>\n<table class=\"matrix\">\n<tr><th>security</th>");
    for (qint64 size : sizes)
        s += QStringLiteral("<th>fetch_by_chunks on<br>chunks of ") % n(size) %
             QStringLiteral(" octets</th>");
    if (whole)
        s += QStringLiteral("<th>fetch_by_chunks off<br>whole message</th>");
    s += QStringLiteral("</tr>\n");
    auto cellHtml = [&](qsizetype i) -> QString {
        const MatrixCell &cell = cells[i];
        const QString v = cell.verdict();
        QString t = QStringLiteral("<a href=\"") % esc(folders[i]) %
                    QStringLiteral("/report.html\">") % badge(v) % QStringLiteral("</a>");
        if (!cell.result.messages.isEmpty()) {
            const MessageOutcome &m = cell.result.messages.first();
            if (m.exists && !m.chunks.isEmpty())
                t += QStringLiteral("<div class=\"small\">shows ") %
                     n(m.comparison.displayedLength) % QStringLiteral(" of ") %
                     n(m.comparison.expectedLength) % QStringLiteral(" octets</div>");
        } else if (cell.result.error) {
            t += QStringLiteral("<div class=\"small\">") % esc(*cell.result.error) %
                 QStringLiteral("</div>");
        }
        return t;
    };
    for (net::Security sec : securities) {
        s += QStringLiteral("<tr><th>") % esc(transportName(sec)) % QStringLiteral("</th>");
        auto column = [&](bool chunks, qint64 size) -> QString {
            for (qsizetype i = 0; i < cells.size(); ++i)
                if (cells[i].security == sec && cells[i].fetchByChunks == chunks &&
                    (!chunks || cells[i].chunkSize.value_or(0) == size))
                    return QStringLiteral("<td>") % cellHtml(i) % QStringLiteral("</td>");
            return QStringLiteral("<td>—</td>");
        };
        for (qint64 size : sizes)
            s += column(true, size);
        if (whole)
            s += column(false, 0);
        s += QStringLiteral("</tr>\n");
    }
    s += QStringLiteral("</table>\n");

    s += QStringLiteral("<h2>Findings by cell</h2>\n<ul class=\"findings\">\n");
    for (qsizetype i = 0; i < cells.size(); ++i) {
        const MatrixCell &cell = cells[i];
        QString first;
        for (const MessageOutcome &m : cell.result.messages)
            if (first.isEmpty() && !m.findings.isEmpty())
                first = m.findings.first();
        if (first.isEmpty() && cell.result.error)
            first = *cell.result.error;
        s += QStringLiteral("<li><a href=\"") % esc(folders[i]) %
             QStringLiteral("/report.html\">") % esc(cellTitle(cell)) % QStringLiteral("</a> ") %
             badge(cell.verdict()) % QStringLiteral(" ") %
             (first.isEmpty() ? QStringLiteral("no findings") : esc(first)) %
             QStringLiteral("</li>\n");
    }
    s += QStringLiteral("</ul>\n");
    s += pageFoot(c);
    return s;
}

bool Report::writeFetch(const QString &dir, const FetchOutcome &o, const ReportContext &c,
                        const QJsonObject &json, QString *error)
{
    if (!makeDir(dir, error))
        return false;
    const QDir d(dir);
    if (!writeFile(d.filePath(QStringLiteral("report.json")),
                   QJsonDocument(json).toJson(QJsonDocument::Indented), error))
        return false;
    if (!writeFile(d.filePath(QStringLiteral("report.html")), htmlPage(o, c, true).toUtf8(), error))
        return false;
    if (!writeFile(d.filePath(QStringLiteral("transcript.txt")), o.transcriptText().toUtf8(),
                   error))
        return false;
    for (const MessageOutcome &m : o.messages) {
        if (!m.exists)
            continue;
        if (!writeFile(d.filePath(QStringLiteral("%1.displayed.eml").arg(m.uid)), m.displayed,
                       error))
            return false;
        if (m.reference && !writeFile(d.filePath(QStringLiteral("%1.reference.eml").arg(m.uid)),
                                      *m.reference, error))
            return false;
    }
    return true;
}

bool Report::writeMatrix(const QString &dir, const QList<MatrixCell> &cells, const ReportContext &c,
                         const QJsonObject &json, QString *error)
{
    if (!makeDir(dir, error))
        return false;
    const QDir d(dir);
    ReportContext top = c;
    if (!top.generated.isValid())
        top.generated = QDateTime::currentDateTimeUtc();
    if (!writeFile(d.filePath(QStringLiteral("report.json")),
                   QJsonDocument(json).toJson(QJsonDocument::Indented), error))
        return false;
    if (!writeFile(d.filePath(QStringLiteral("report.html")), matrixHtml(cells, top).toUtf8(),
                   error))
        return false;
    const QStringList folders = folderNames(cells);
    for (qsizetype i = 0; i < cells.size(); ++i) {
        ReportContext cell = top;
        cell.title = (c.title.isEmpty() ? QStringLiteral("msim matrix") : c.title) %
                     QStringLiteral(" — ") % cellTitle(cells[i]);
        cell.expectationMet.reset();
        cell.differences.clear();
        cell.up = QStringLiteral("../report.html");
        if (!writeFetch(d.filePath(folders[i]), cells[i].result, cell, cells[i].result.toJson(),
                        error))
            return false;
    }
    return true;
}

} // namespace msim::scenario
