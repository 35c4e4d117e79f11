// SPDX-License-Identifier: MIT
#include "scenario/FetchReportHtml.h"

#include "scenario/ChunkPicture.h"
#include "scenario/MessageSectionHtml.h"
#include "scenario/ReportPage.h"
#include "scenario/SessionHtml.h"

#include <QSet>

namespace msim::scenario {

using namespace Qt::StringLiterals;
using fetch::ChunkRecord;
using fetch::ChunkStatus;
using fetch::FetchOutcome;
using fetch::MessageOutcome;

QString FetchReportHtml::page(const FetchOutcome &o, const ReportContext &c, bool files)
{
    QString out;
    ReportPage page(&out);
    MarkupWriter &w = page.writer();
    page.open(c, u"msim report"_s);
    page.meta({u"Client "_s, o.client,
               (o.preset.isEmpty() ? QString() : u" (preset %1)"_s.arg(o.preset)) + u" · server "_s,
               u"%1:%2"_s.arg(o.server.host, QString::number(o.server.port)),
               u" over "_s + ReportPage::transportName(o.server.security)});
    summary(page, o);
    if (o.error) {
        w.start(u"p"_s, {{u"class"_s, u"error"_s}});
        page.alternate({QString(), u"The run failed:"_s, u" "_s + *o.error}, u"b"_s);
        w.endLine();
    }
    page.expectation(c);
    page.story(c);
    findings(page, o);
    const SessionHtml::Lines lines = SessionHtml::lines(o);
    if (!o.messages.isEmpty()) {
        w.elementLine(u"h2"_s, u"Chunk by chunk"_s);
        for (const MessageOutcome &m : o.messages)
            MessageSectionHtml::write(page, m, o, lines, files);
    }
    SessionHtml::server(page, o);
    SessionHtml::transcript(page, o, lines, files);
    page.finish(c);
    return out;
}

// One line of key facts under a message's summary.
QString FetchReportHtml::facts(const MessageOutcome &m, const FetchOutcome &o)
{
    QStringList f;
    f << u"UID %1"_s.arg(m.uid);
    if (m.strategy != fetch::Strategy::None)
        f << (m.strategy == fetch::Strategy::Chunked
                  ? u"fetched in %1 chunk%2"_s.arg(m.chunks.size())
                        .arg(m.chunks.size() == 1 ? QString() : u"s"_s)
                  : u"fetched whole"_s);
    f << u"over %1"_s.arg(ReportPage::transportName(o.server.security));
    for (const ChunkRecord &c : m.chunks) {
        if (c.status == ChunkStatus::OverrunUnframed) {
            f << u"chunk %1: %2 octets sent beyond a %3-octet literal"_s.arg(c.index)
                     .arg(c.unframedExtra)
                     .arg(c.literalLength);
            break;
        }
        if (c.status == ChunkStatus::OverrunFramed) {
            f << u"chunk %1: a %2-octet literal for %3 octets asked"_s.arg(c.index)
                     .arg(c.literalLength)
                     .arg(c.requestedLength.value_or(0));
            break;
        }
        if (c.status == ChunkStatus::Error) {
            f << u"chunk %1: the reply never completed"_s.arg(c.index);
            break;
        }
    }
    if (m.sessionEnd == fetch::MessageEnd::EmergencyLogout)
        f << u"session ended with the emergency “xxxx logout”"_s;
    else if (m.sessionEnd == fetch::MessageEnd::Disconnected)
        f << u"the server closed the connection"_s;
    return f.join(u" · "_s);
}

// Per message: the verdict badge, what the client shows, and the key facts.
void FetchReportHtml::summary(ReportPage &page, const FetchOutcome &o)
{
    if (o.messages.isEmpty())
        return;
    MarkupWriter &w = page.writer();
    w.startLine(u"ul"_s, {{u"class"_s, u"summary"_s}});
    for (const MessageOutcome &m : o.messages) {
        const QString v = ReportPage::badgeText(m);
        w.start(u"li"_s, {{u"style"_s, u"border-left-color:"_s + ChunkPicture::verdictColour(v)}});
        page.badge(v);
        w.element(u"span"_s, Report::shows(m, o.client), {{u"class"_s, u"line"_s}});
        w.element(u"div"_s, facts(m, o), {{u"class"_s, u"facts"_s}});
        w.endLine();
    }
    w.endLine();
}

void FetchReportHtml::findings(ReportPage &page, const FetchOutcome &o)
{
    MarkupWriter &w = page.writer();
    w.elementLine(u"h2"_s, u"Findings"_s);
    if (o.error) {
        w.start(u"p"_s, {{u"class"_s, u"error"_s}});
        page.alternate({QString(), u"Error:"_s, u" "_s + *o.error}, u"b"_s);
        w.endLine();
    }
    bool any = false;
    for (const MessageOutcome &m : o.messages) {
        if (m.findings.isEmpty())
            continue;
        any = true;
        w.elementLine(u"h3"_s, u"UID %1"_s.arg(m.uid));
        page.list(m.findings, u"findings"_s);
    }
    if (!any) {
        w.elementLine(u"p"_s, u"No findings: every chunk came back as asked and the session ended "
                              "normally."_s);
    }
    explanations(page, o);
    if (!o.warnings.isEmpty()) {
        w.elementLine(u"h3"_s, u"Warnings"_s);
        page.list(o.warnings, u"warnings"_s);
    }
    if (!o.notes.isEmpty()) {
        w.elementLine(u"h3"_s, u"Notes"_s);
        page.list(o.notes);
    }
}

// Plain explanations of the statuses that occur, for readers who do not know IMAP.
void FetchReportHtml::explanations(ReportPage &page, const FetchOutcome &o)
{
    QSet<ChunkStatus> seen;
    for (const MessageOutcome &m : o.messages)
        for (qsizetype i = 0; i < m.chunks.size(); ++i)
            if (m.chunks[i].status != ChunkStatus::Short || i + 1 < m.chunks.size())
                seen.insert(m.chunks[i].status);
    // Each explanation: its term, then plain text and code (in a mono span) alternating.
    QList<std::pair<QString, QStringList>> items;
    const QString &client = o.client;
    if (seen.contains(ChunkStatus::OverrunUnframed))
        items.append(
            {u"Unframed overrun"_s,
             {u"In IMAP a message body arrives as a literal: the server first announces how many "
              "octets follow (for example "_s,
              u"{6144}"_s,
              u"), then sends exactly that many. Here the server sent more octets than it "
              "announced. "_s +
                  client +
                  u" reads the announced octets, then expects the rest of the FETCH response; it "
                  "finds message text instead, cannot parse it, aborts the download with its "
                  "emergency "_s,
              u"xxxx logout"_s,
              u" and shows only what it had received, so the message looks cut off. This is the "
              "failure described in Microsoft KB Q194998: Exchange Server 5.5 before Service "
              "Pack 2 did this over SSL, and SP2 (5.5.2437.0) fixed it. Setting "_s,
              u"mail.imap.fetch_by_chunks"_s,
              u" to false makes the client ask for the whole message in one command instead of "
              "in chunks; the reproduction matrix shows whether that avoids it on this "
              "server."_s}});
    if (seen.contains(ChunkStatus::OverrunFramed))
        items.append({u"Framed overrun"_s,
                      {u"The server answered a request for part of the message with a longer "
                       "part than asked, honestly counted. "_s +
                       client +
                       u" accepts it but asks for the next part where its own request ended, so "
                       "the octets in between are shown twice."_s}});
    if (seen.contains(ChunkStatus::NoOrigin))
        items.append({u"No origin"_s,
                      {u"The server ignored the request for part of the message and sent the "
                       "whole message without saying where it starts; "_s +
                       client + u" takes it as the whole message."_s}});
    if (seen.contains(ChunkStatus::OriginMismatch))
        items.append({u"Origin mismatch"_s,
                      {u"The part the server sent starts elsewhere than asked. "_s + client +
                       u" does not check this: a part starting at 0 restarts the display, any "
                       "other is appended."_s}});
    if (seen.contains(ChunkStatus::Empty))
        items.append({u"Empty"_s,
                      {u"The server sent no octets for a request (RFC 3501 answers a request "
                       "starting at or past the end of the message this way)."_s}});
    if (seen.contains(ChunkStatus::Short))
        items.append(
            {u"Short"_s,
             {u"The server sent fewer octets than asked before the end of the message."_s}});
    if (seen.contains(ChunkStatus::Error))
        items.append({u"Error"_s,
                      {u"A reply never completed: the connection dropped, the server answered BAD "
                       "or NO, or the command timed out. What had arrived stays displayed."_s}});
    if (items.isEmpty())
        return;
    MarkupWriter &w = page.writer();
    w.elementLine(u"h3"_s, u"What this means"_s);
    w.startLine(u"dl"_s, {{u"class"_s, u"explain"_s}});
    for (const auto &[term, text] : items) {
        w.element(u"dt"_s, term);
        w.start(u"dd"_s);
        page.alternate(text, u"span"_s, u"mono"_s);
        w.endLine();
    }
    w.endLine();
}

} // namespace msim::scenario
