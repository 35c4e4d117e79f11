// SPDX-License-Identifier: MIT
#pragma once

#include "fetch/FetchOutcome.h"
#include "scenario/Matrix.h"
#include "scenario/ReportReader.h"

#include <QCoreApplication>
#include <QString>

class QDockWidget;

namespace msim::ui {

class ChunkMapWidget;
class MessageListModel;
class MessageView;
class TranscriptView;

// Shows one FetchOutcome across the main window's views (DESIGN.md §1): the message view with
// its verdict banner, the chunk picture, the transcript, and the verdict in the message list;
// and builds the status-bar line that goes with it. Used for a fetch that finished, one that
// was cancelled (no verdict) and a matrix cell opened from the matrix; a MIME part chosen in the
// message view is shaded in the chunk picture. It owns none of the views.
class OutcomePresenter
{
    Q_DECLARE_TR_FUNCTIONS(msim::ui::OutcomePresenter)
public:
    OutcomePresenter(MessageView *message, ChunkMapWidget *chunks, TranscriptView *transcript,
                     MessageListModel *list);

    // Nothing to show: `placeholder` in the message view, the chunk picture and the transcript
    // emptied.
    void clear(const QString &placeholder);
    // A fetch of `uid` starting: its subject and size from the list, when the list has it; the
    // previous message's chunk picture and transcript go.
    void showFetching(quint32 uid);
    // A fetch that ran to its end (or failed): the first message's outcome, or the error when
    // nothing was fetched. Returns the status line: the error, else the warnings and notes,
    // else "Fetched in N ms".
    // `list`: Mark sets the verdict in the message list (the account's own message); Leave
    // does not (a scenario's message, of another server).
    enum class List { Mark, Leave };
    QString showFinished(const fetch::FetchOutcome &o, List list = List::Mark);
    // A fetch the user cancelled: what had arrived and what became of \Seen, no verdict.
    // Returns the status line (its sentences begin "Cancelled." themselves).
    QString showCancelled(const fetch::FetchOutcome &o);
    // A report opened from a folder (r.outcome set): its first message, chunk picture and
    // transcript, marked read-only with r.banner(); the message list is the account's and is left
    // alone. Returns the status line: the banner, then the reader's notes.
    QString showReport(const scenario::ReportReader::Result &r);
    // A finished matrix cell; false (nothing shown) for a cell without a message.
    bool showCell(const scenario::MatrixCell &cell);
    // Makes chunk `index` (0-based) of the first message of `o` the transcript's "This chunk",
    // raises `dock` (the transcript's, when there is one) and selects the transcript line that
    // carried it; false, and nothing more done, when there is no such chunk or it has no stream
    // offset.
    bool showChunk(const fetch::FetchOutcome &o, int index, QDockWidget *dock);

private:
    MessageView *m_message;
    ChunkMapWidget *m_chunks;
    TranscriptView *m_transcript;
    MessageListModel *m_list;
};

} // namespace msim::ui
