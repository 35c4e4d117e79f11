// SPDX-License-Identifier: MIT
#include "ui/MessageView.h"

#include "net/Printable.h"
#include "scenario/ChunkPicture.h"
#include "ui/ExplanationPanel.h"
#include "ui/MimePartsView.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollArea>
#include <QScrollBar>
#include <QSplitter>
#include <QTabWidget>
#include <QTextBlock>
#include <QTextCursor>
#include <QVBoxLayout>

namespace msim::ui {

namespace {

QPlainTextEdit *pane()
{
    auto *e = new QPlainTextEdit;
    e->setReadOnly(true);
    e->setLineWrapMode(QPlainTextEdit::NoWrap);
    QFont mono(QStringLiteral("DejaVu Sans Mono"));
    mono.setStyleHint(QFont::Monospace);
    mono.setPointSizeF(9);
    e->setFont(mono);
    return e;
}

QTextCharFormat markFormat(const QColor &background, const QColor &foreground = Qt::black,
                           bool bold = false)
{
    QTextCharFormat f;
    f.setBackground(background);
    f.setForeground(foreground);
    if (bold)
        f.setFontWeight(QFont::Bold);
    return f;
}

// Inserts `bytes`, formatting the octet ranges given (sorted, non-overlapping).
void insertMarked(QPlainTextEdit *edit, const QByteArray &bytes,
                  const QList<QPair<fetch::Range, QTextCharFormat>> &marks)
{
    QTextCursor c(edit->document());
    c.movePosition(QTextCursor::End);
    const QTextCharFormat plain;
    qint64 pos = 0;
    const qint64 limit = std::min<qint64>(bytes.size(), MessageView::kMaxShownOctets);
    for (const auto &[range, fmt] : marks) {
        const qint64 b = std::clamp<qint64>(range.begin, pos, limit);
        const qint64 e = std::clamp<qint64>(range.end, b, limit);
        if (b > pos)
            c.insertText(QString::fromUtf8(bytes.mid(pos, b - pos)), plain);
        if (e > b)
            c.insertText(QString::fromUtf8(bytes.mid(b, e - b)), fmt);
        pos = e;
    }
    if (pos < limit)
        c.insertText(QString::fromUtf8(bytes.mid(pos, limit - pos)), plain);
    if (bytes.size() > limit)
        c.insertText(MessageView::tr("\n[… the first %1 octets of %2 are shown here; the report's "
                                     ".eml files hold all of them]")
                         .arg(limit)
                         .arg(bytes.size()),
                     markFormat(QColor(0xee, 0xee, 0xee), Qt::darkGray));
}

// Where octet `offset` of `bytes` is in a pane insertMarked() filled with them: QTextDocument makes
// each CRLF (and a lone CR or LF) one block separator; clipped to the octets shown.
int textPosition(const QByteArray &bytes, qint64 offset)
{
    const qint64 shown = std::min<qint64>(bytes.size(), MessageView::kMaxShownOctets);
    const QString s = QString::fromUtf8(bytes.left(std::clamp<qint64>(offset, 0, shown)));
    return int(s.size() - s.count(QLatin1String("\r\n")));
}

// Selects the octets `range` of `bytes` in `edit` (its start scrolled to the top), or nothing.
void selectOctets(QPlainTextEdit *edit, const QByteArray &bytes, std::optional<fetch::Range> range)
{
    QTextCursor c(edit->document());
    if (range) {
        c.setPosition(textPosition(bytes, range->end));
        c.setPosition(textPosition(bytes, range->begin), QTextCursor::KeepAnchor);
    }
    edit->setTextCursor(c);
    edit->ensureCursorVisible();
    // The selection's first line at the top of the pane (NoWrap: the scroll value is a line).
    if (range)
        edit->verticalScrollBar()->setValue(c.block().firstLineNumber());
}

} // namespace

MessageView::MessageView(QWidget *parent)
    : QWidget(parent)
{
    m_source = new QLabel;
    m_source->setObjectName(QStringLiteral("reportSource"));
    m_source->setTextFormat(Qt::PlainText); // a folder name is never markup
    m_source->setWordWrap(true);
    m_source->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_source->setMargin(6);
    m_source->setStyleSheet(QStringLiteral("QLabel#reportSource { background: #fff4c2; color: #202020; "
                                           "border: 1px solid #d6b400; border-radius: 4px; }"));
    m_source->setVisible(false);
    m_banner = new QLabel;
    m_banner->setObjectName(QStringLiteral("banner"));
    m_banner->setTextFormat(Qt::PlainText); // a server's text is never markup
    m_banner->setWordWrap(true);
    m_banner->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_banner->setMargin(8);
    m_details = new QLabel;
    m_details->setTextFormat(Qt::PlainText);
    m_details->setWordWrap(true);
    m_details->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_details->setMargin(6);
    m_explanation = new ExplanationPanel;
    connect(m_explanation, &ExplanationPanel::workaroundRequested, this,
            &MessageView::workaroundRequested);
    m_progress = new QProgressBar;
    m_progress->setVisible(false);
    m_progress->setTextVisible(true);
    m_cancel = new QPushButton(tr("Cancel"));
    m_cancel->setVisible(false);
    connect(m_cancel, &QPushButton::clicked, this, &MessageView::cancelRequested);
    m_again = new QPushButton(tr("Fetch again"));
    m_again->setVisible(false);
    m_again->setToolTip(tr("Fetch this message again with the current settings (a new connection, "
                           "as Messenger 4.5 would use after a restart)"));
    connect(m_again, &QPushButton::clicked, this, &MessageView::fetchAgainRequested);
    // The verdict and the buttons that act on it share one row: height is scarce at 1024x700.
    auto *bannerRow = new QHBoxLayout;
    bannerRow->addWidget(m_banner, 1);
    bannerRow->addWidget(m_cancel, 0, Qt::AlignVCenter);
    bannerRow->addWidget(m_again, 0, Qt::AlignVCenter);

    m_displayed = pane();
    m_reference = pane();
    m_leftTitle = new QLabel;
    m_leftTitle->setObjectName(QStringLiteral("displayedTitle"));
    m_rightTitle = new QLabel;
    m_rightTitle->setObjectName(QStringLiteral("referenceTitle"));
    for (QLabel *l : {m_leftTitle, m_rightTitle}) {
        l->setWordWrap(true); // a long title wraps; it never widens the window
        QFont f = l->font();
        f.setBold(true);
        l->setFont(f);
    }
    auto *left = new QWidget;
    auto *ll = new QVBoxLayout(left);
    ll->setContentsMargins(0, 0, 0, 0);
    ll->addWidget(m_leftTitle);
    ll->addWidget(m_displayed);
    auto *right = new QWidget;
    auto *rl = new QVBoxLayout(right);
    rl->setContentsMargins(0, 0, 0, 0);
    rl->addWidget(m_rightTitle);
    rl->addWidget(m_reference);
    auto *texts = new QSplitter(Qt::Horizontal);
    texts->addWidget(left);
    texts->addWidget(right);

    // What the outcome means (what to do next) and then each finding scroll above the two
    // texts; the user moves the line between them.
    auto *analysis = new QWidget;
    auto *al = new QVBoxLayout(analysis);
    al->setContentsMargins(0, 0, 0, 0);
    al->setSpacing(2);
    al->addWidget(m_explanation);
    al->addWidget(m_details);
    al->addStretch(1);
    auto *analysisScroll = new QScrollArea;
    analysisScroll->setObjectName(QStringLiteral("analysisScroll"));
    analysisScroll->setWidget(analysis);
    analysisScroll->setWidgetResizable(true);
    analysisScroll->setFrameShape(QFrame::NoFrame);
    // The MIME parts share the analysis's place: height is scarce at 1024x700, and a part's
    // octets are selected in the texts below either way.
    m_parts = new MimePartsView;
    connect(m_parts, &MimePartsView::partSelected, this,
            [this](fetch::Range reference, std::optional<fetch::Range> displayed) {
                selectOctets(m_displayed, m_displayedBytes, displayed);
                selectOctets(m_reference, m_referenceBytes, reference);
                Q_EMIT partSelected(reference.begin, reference.end);
            });
    connect(m_parts, &MimePartsView::partCleared, this, &MessageView::partCleared);
    m_tabs = new QTabWidget;
    m_tabs->setObjectName(QStringLiteral("analysisTabs"));
    m_tabs->setDocumentMode(true);
    m_tabs->addTab(analysisScroll, tr("What this means"));
    m_tabs->addTab(m_parts, tr("MIME parts"));
    auto *split = new QSplitter(Qt::Vertical);
    split->setObjectName(QStringLiteral("analysisAndTexts"));
    split->setChildrenCollapsible(false);
    split->addWidget(m_tabs);
    split->addWidget(texts);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    split->setSizes({300, 200}); // the same share at any height: not the texts' size hint

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_source);
    layout->addLayout(bannerRow);
    layout->addWidget(m_progress);
    layout->addWidget(split, 1);
    showPlaceholder(tr("Select a message to fetch it the way Messenger 4.5 did."));
}

void MessageView::setBanner(const QString &verdict, const QString &headline,
                            const QStringList &details)
{
    m_verdict = verdict;
    m_explanation->clear(); // it belongs to one outcome: explain() follows showOutcome()
    m_source->clear(); // whatever is shown now is not the report (showReport() sets it again)
    m_source->setVisible(false);
    // No verdict (a placeholder, a cancelled fetch): neutral colours.
    const bool neutral = verdict.isEmpty() || verdict == QLatin1String("cancelled");
    const QString colour =
        neutral ? QStringLiteral("#d0d4da") : scenario::ChunkPicture::verdictColour(verdict);
    const QString fg = neutral ? QStringLiteral("#202020") : QStringLiteral("#ffffff");
    m_banner->setStyleSheet(QStringLiteral("QLabel#banner { background: %1; color: %2; font-size: 12pt; "
                                           "font-weight: bold; border-radius: 4px; }")
                                .arg(colour, fg));
    // Sentences quote servers and customers' files: escaped where they were made, and again here.
    m_banner->setText(net::printable::text(headline));
    m_details->setText(
        net::printable::text(details.join(QLatin1Char('\n')), net::printable::Breaks::Keep));
    m_details->setVisible(!details.isEmpty());
}

void MessageView::clearTexts()
{
    // The titles name the octets of the message shown: none now.
    m_leftTitle->setText(tr("As Messenger 4.5 displays it"));
    m_rightTitle->setText(tr("The true message (reference copy)"));
    m_displayed->clear();
    m_reference->clear();
    showParts(nullptr, {});
}

void MessageView::showParts(const fetch::MessageOutcome *m, const QString &client)
{
    m_displayedBytes = m ? m->displayed : QByteArray();
    m_referenceBytes = m ? m->reference.value_or(QByteArray()) : QByteArray();
    int damaged = 0;
    if (m && !m->cancelled) {
        m_parts->setMessage(*m, client);
        if (m->mime)
            for (const fetch::PartDamage &d : m->mime->parts)
                damaged += !d.part.container && d.state != fetch::PartState::Intact;
    } else {
        m_parts->clear();
    }
    m_tabs->setTabText(1, damaged ? tr("MIME parts (%1 damaged)").arg(damaged) : tr("MIME parts"));
}

void MessageView::showPlaceholder(const QString &text)
{
    setBanner({}, text, {});
    m_progress->setVisible(false);
    m_cancel->setVisible(false);
    m_again->setVisible(false);
    clearTexts();
}

void MessageView::showFetching(quint32 uid, const QString &subject, qint64 size)
{
    setBanner({}, tr("Fetching UID %1 (%2, %3 octets) as Messenger 4.5 would…").arg(uid).arg(subject).arg(size), {});
    m_progress->setRange(0, size > 0 ? int(std::min<qint64>(size, INT_MAX)) : 0);
    m_progress->setValue(0);
    m_progress->setFormat(tr("connecting…"));
    m_progress->setVisible(true);
    m_cancel->setVisible(true);
    m_again->setVisible(false);
    clearTexts();
}

void MessageView::setProgress(const QString &stage, qint64 octets, qint64 total, int chunks)
{
    if (total > 0) {
        m_progress->setRange(0, int(std::min<qint64>(total, INT_MAX)));
        m_progress->setValue(int(std::min<qint64>(octets, total)));
        m_progress->setFormat(tr("%1: %2 of %3 octets, %4 chunks").arg(stage).arg(octets).arg(total).arg(chunks));
    } else {
        m_progress->setRange(0, 0);
        m_progress->setFormat(stage + QStringLiteral("…"));
    }
}

void MessageView::showError(const QString &error)
{
    setBanner(QStringLiteral("failed"), tr("The message could not be fetched"), {error});
    m_progress->setVisible(false);
    m_cancel->setVisible(false);
    m_again->setVisible(true);
}

void MessageView::showListError(const QString &account, const QString &error)
{
    // No message was asked for: nothing to fetch again, no texts of another message left.
    setBanner(QStringLiteral("failed"),
              tr("The message list of %1 could not be loaded").arg(account), {error});
    m_progress->setVisible(false);
    m_cancel->setVisible(false);
    m_again->setVisible(false);
    clearTexts();
}

void MessageView::explain(const fetch::MessageOutcome &m, net::Security security,
                          const QString &client)
{
    m_explanation->explain(m, security, client);
}

void MessageView::showOutcome(const fetch::MessageOutcome &m, const QString &client,
                              const QString &error)
{
    if (m.cancelled) {
        // A cancelled download was never judged: its Comparison is no verdict (issue 17).
        showCancelled(m, client, {});
        return;
    }
    m_progress->setVisible(false);
    m_cancel->setVisible(false);
    m_again->setVisible(true);
    m_leftTitle->setText(tr("As %1 displays it (%2 octets)").arg(client).arg(m.displayed.size()));
    m_rightTitle->setText(m.reference ? tr("The true message (%1 octets, %2)")
                                            .arg(m.reference->size())
                                            .arg(m.referenceSource == QLatin1String("server")
                                                     ? tr("reference copy fetched with BODY.PEEK[]")
                                                     : m.referenceSource)
                                      : tr("No reference copy (verification off or refused)"));
    const QString verdict = m.chunks.isEmpty() && !error.isEmpty()
                                ? QStringLiteral("failed")
                                : fetch::verdictName(m.comparison.verdict);
    QString headline;
    const qint64 expected = m.comparison.expectedLength;
    if (verdict == QLatin1String("complete"))
        headline = tr("Complete: %1 shows all %2 octets").arg(client).arg(m.displayed.size());
    else if (verdict == QLatin1String("truncated"))
        headline = tr("Truncated: %1 shows %2 of %3 octets").arg(client).arg(m.displayed.size()).arg(expected);
    else if (verdict == QLatin1String("duplicated"))
        headline = tr("Duplicated: %1 shows %2 octets of a %3-octet message").arg(client).arg(m.displayed.size()).arg(expected);
    else if (verdict == QLatin1String("corrupted"))
        headline = tr("Corrupted: %1 shows %2 octets that differ from the message").arg(client).arg(m.displayed.size());
    else
        headline = tr("Failed: %1 shows nothing of this message").arg(client);
    QStringList details = m.findings;
    if (!error.isEmpty() && !details.contains(error))
        details.prepend(error);
    setBanner(verdict, headline, details);

    // The displayed text: the ranges shown a second time in orange, then the truncation mark.
    m_displayed->clear();
    QList<QPair<fetch::Range, QTextCharFormat>> marks;
    qint64 pos = 0;
    qint64 covered = 0;
    for (const fetch::Range &p : m.pieces) {
        const qint64 len = p.end - p.begin;
        if (p.begin == 0 && pos > 0) {
            pos = 0; // a restart (origin 0): the display began again
            covered = 0;
        }
        if (p.begin < covered)
            marks.append({{pos, pos + std::min(len, covered - p.begin)},
                          markFormat(QColor(0xff, 0xd0, 0x90))});
        covered = std::max(covered, p.end);
        pos += len;
    }
    insertMarked(m_displayed, m.displayed, marks);
    if (verdict == QLatin1String("truncated") || (verdict == QLatin1String("failed") && expected > 0)) {
        QTextCursor c(m_displayed->document());
        c.movePosition(QTextCursor::End);
        c.insertText(tr("\n▲ %1 stopped here: %2 octets of the message were never shown%3")
                         .arg(client)
                         .arg(m.comparison.missingTail)
                         .arg(m.sessionEnd == fetch::MessageEnd::EmergencyLogout
                                  ? tr(" (after its emergency 'xxxx logout')")
                                  : QString()),
                     markFormat(QColor(0xc6, 0x28, 0x28), Qt::white, true));
    }
    m_displayed->moveCursor(QTextCursor::Start);

    m_reference->clear();
    if (m.reference) {
        QList<QPair<fetch::Range, QTextCharFormat>> refMarks;
        if (verdict == QLatin1String("truncated") && m.comparison.firstDifference)
            refMarks.append({{*m.comparison.firstDifference, m.reference->size()},
                             markFormat(QColor(0xff, 0xcd, 0xd2))});
        insertMarked(m_reference, *m.reference, refMarks);
        m_reference->moveCursor(QTextCursor::Start);
    }
    showParts(&m, client);
}

void MessageView::showCancelled(const fetch::MessageOutcome &m, const QString &client,
                                const QStringList &seen)
{
    m_progress->setVisible(false);
    m_cancel->setVisible(false);
    m_again->setVisible(true);
    const int requests = int(m.chunks.size());
    const QString after =
        requests == 1 ? tr("after 1 request") : tr("after %1 requests").arg(requests);
    QString headline;
    if (requests == 0)
        headline = tr("Fetch cancelled before %1 asked for the body of UID %2: nothing of it was "
                      "received")
                       .arg(client)
                       .arg(m.uid);
    else if (m.rfc822Size >= 0)
        headline = tr("Fetch cancelled %1: %2 had received %3 of %4 octets")
                       .arg(after, client)
                       .arg(m.displayed.size())
                       .arg(m.rfc822Size);
    else
        headline = tr("Fetch cancelled %1: %2 had received %3 octets")
                       .arg(after, client)
                       .arg(m.displayed.size());
    QStringList details;
    if (!m.chunks.isEmpty() && m.chunks.last().errorKind == fetch::ErrorKind::Cancelled) {
        const QStringList names = m.requests();
        details << tr("The request %1 was waiting for its reply; msim closed the connection.")
                       .arg(names.value(names.size() - 1));
    }
    details << seen;
    details << tr("No verdict: the fetch did not run to its end. Fetch again to judge it.");
    setBanner(QStringLiteral("cancelled"), headline, details);

    m_leftTitle->setText(
        tr("Received by %1 before the cancel (%2 octets)").arg(client).arg(m.displayed.size()));
    m_displayed->clear();
    insertMarked(m_displayed, m.displayed, {});
    if (requests > 0) {
        QTextCursor c(m_displayed->document());
        c.movePosition(QTextCursor::End);
        c.insertText(tr("\n▲ Cancelled here, after %1 octets").arg(m.displayed.size()),
                     markFormat(QColor(0xd0, 0xd4, 0xda), Qt::black, true));
    }
    m_displayed->moveCursor(QTextCursor::Start);
    m_reference->clear();
    if (m.reference) {
        m_rightTitle->setText(tr("The true message (%1 octets)").arg(m.reference->size()));
        insertMarked(m_reference, *m.reference, {});
        m_reference->moveCursor(QTextCursor::Start);
    } else {
        m_rightTitle->setText(tr("No reference copy (the fetch was cancelled)"));
    }
    showParts(&m, client); // no verdict, so no parts judged: the tab stays empty
}

void MessageView::showReport(const fetch::MessageOutcome *m, const QString &client,
                             const QString &error, const QString &source, net::Security security)
{
    if (m) {
        showOutcome(*m, client, error);
        explain(*m, security, client);
        m_explanation->hideWorkaroundButton(); // the workaround's text stays; it is the customer's
    } else {
        showError(error);
    }
    m_source->setText(net::printable::text(source));
    m_source->setVisible(true);
    m_again->setVisible(false);
}

QString MessageView::reportSource() const
{
    return m_source->text();
}

QString MessageView::bannerText() const
{
    return m_banner->text() + QLatin1Char('\n') + m_details->text();
}

QString MessageView::displayedText() const
{
    return m_displayed->toPlainText();
}

QString MessageView::referenceText() const
{
    return m_reference->toPlainText();
}

QString MessageView::displayedSelection() const
{
    return m_displayed->textCursor().selectedText();
}

QString MessageView::referenceSelection() const
{
    return m_reference->textCursor().selectedText();
}

} // namespace msim::ui
