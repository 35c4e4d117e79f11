// SPDX-License-Identifier: MIT
#include "ui/OutcomePresenter.h"

#include "ui/ChunkMapWidget.h"
#include "ui/MessageListModel.h"
#include "ui/MessageView.h"
#include "ui/TranscriptFocus.h"
#include "ui/TranscriptView.h"

#include <QDockWidget>

namespace msim::ui {

OutcomePresenter::OutcomePresenter(MessageView *message, ChunkMapWidget *chunks,
                                   TranscriptView *transcript, MessageListModel *list)
    : m_message(message)
    , m_chunks(chunks)
    , m_transcript(transcript)
    , m_list(list)
{
    // A MIME part chosen in the message view: its octets shaded in the chunk picture too.
    QObject::connect(message, &MessageView::partSelected, chunks, [chunks](qint64 from, qint64 to) {
        chunks->setSelectedRange(fetch::Range{from, to});
    });
    QObject::connect(message, &MessageView::partCleared, chunks,
                     [chunks] { chunks->setSelectedRange(std::nullopt); });
}

void OutcomePresenter::clear(const QString &placeholder)
{
    m_message->showPlaceholder(placeholder);
    m_chunks->clear();
    m_transcript->clear();
}

void OutcomePresenter::showFetching(quint32 uid)
{
    m_chunks->clear();
    m_transcript->clear();
    const int row = m_list->rowOfUid(uid);
    m_message->showFetching(uid, row >= 0 ? m_list->summary(row).subject : QString(),
                            row >= 0 ? m_list->summary(row).size : -1);
}

QString OutcomePresenter::showFinished(const fetch::FetchOutcome &o, List list)
{
    if (o.messages.isEmpty()) {
        m_message->showError(o.error.value_or(tr("nothing was fetched")));
        m_chunks->clear();
    } else {
        const fetch::MessageOutcome &m = o.messages.first();
        m_message->showOutcome(m, o.client, o.error.value_or(m.error));
        m_message->explain(m, o.server.security, o.client);
        m_chunks->setMessage(m, o.client);
        if (!m.chunks.isEmpty() && list == List::Mark)
            m_list->setVerdict(m.uid, fetch::verdictName(m.comparison.verdict));
    }
    m_transcript->setTranscripts(o.transcripts);
    if (!o.messages.isEmpty())
        m_transcript->setFindings(TranscriptFocus::findings(o.messages.first()));
    const QStringList extra = o.warnings + o.notes;
    return o.error ? *o.error
                   : extra.isEmpty() ? tr("Fetched in %1 ms").arg(o.elapsedMs)
                                     : extra.join(QLatin1Char(' '));
}

QString OutcomePresenter::showCancelled(const fetch::FetchOutcome &o)
{
    // No verdict: what had arrived, and what became of \Seen.
    const QStringList seen = o.warnings + o.notes;
    if (!o.messages.isEmpty())
        m_message->showCancelled(o.messages.first(), o.client, seen);
    else
        m_message->showPlaceholder(tr("Fetch cancelled before anything was fetched."));
    m_chunks->clear();
    m_transcript->setTranscripts(o.transcripts);
    return seen.isEmpty() ? tr("Fetch cancelled.") : seen.join(QLatin1Char(' '));
}

QString OutcomePresenter::showReport(const scenario::ReportReader::Result &r)
{
    const fetch::FetchOutcome &o = *r.outcome;
    const QString source = r.banner();
    if (o.messages.isEmpty()) {
        m_message->showReport(nullptr, o.client,
                              o.error.value_or(tr("the report holds no message")), source,
                              o.server.security);
        m_chunks->clear();
    } else {
        const fetch::MessageOutcome &m = o.messages.first();
        m_message->showReport(&m, o.client, o.error.value_or(m.error), source, o.server.security);
        m_chunks->setMessage(m, o.client);
    }
    m_transcript->setTranscripts(o.transcripts);
    if (!o.messages.isEmpty())
        m_transcript->setFindings(TranscriptFocus::findings(o.messages.first()));
    return (QStringList{source} + r.notes).join(QLatin1Char(' '));
}

bool OutcomePresenter::showCell(const scenario::MatrixCell &cell)
{
    if (cell.result.messages.isEmpty())
        return false;
    m_message->showOutcome(cell.result.messages.first(), cell.result.client,
                           cell.result.error.value_or(QString()));
    m_message->explain(cell.result.messages.first(), cell.security, cell.result.client);
    m_transcript->setTranscripts(cell.result.transcripts);
    m_transcript->setFindings(TranscriptFocus::findings(cell.result.messages.first()));
    m_chunks->setMessage(cell.result.messages.first(), cell.result.client);
    return true;
}

bool OutcomePresenter::showChunk(const fetch::FetchOutcome &o, int index, QDockWidget *dock)
{
    if (o.messages.isEmpty())
        return false;
    const fetch::MessageOutcome &m = o.messages.first();
    if (index < 0 || index >= m.chunks.size())
        return false;
    m_transcript->setChunk(TranscriptFocus::of(m.chunks[index])); // the "This chunk" filter
    if (m.chunks[index].literalStreamOffset < 0)
        return false;
    if (dock)
        dock->raise();
    m_transcript->showStreamOffset(m.chunks[index].connection, m.chunks[index].literalStreamOffset);
    return true;
}

} // namespace msim::ui
