// SPDX-License-Identifier: MIT
#include "ui/TranscriptView.h"

#include "ui/TranscriptModel.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QEvent>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QTableView>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>

namespace msim::ui {

TranscriptView::TranscriptView(QWidget *parent)
    : QWidget(parent)
    , m_model(new TranscriptModel(this))
    , m_filterMode(new QComboBox(this))
    , m_filterText(new QLineEdit(this))
    , m_findText(new QLineEdit(this))
    , m_findPrevious(new QToolButton(this))
    , m_findNext(new QToolButton(this))
    , m_hint(new QLabel(this))
    , m_table(new QTableView(this))
{
    m_filterMode->setObjectName(QStringLiteral("transcriptFilterMode"));
    m_filterText->setObjectName(QStringLiteral("transcriptFilterText"));
    m_findText->setObjectName(QStringLiteral("transcriptFindText"));
    m_table->setObjectName(QStringLiteral("transcriptTable"));
    m_filterMode->addItem(QStringLiteral("All lines"));
    m_filterMode->addItem(QStringLiteral("Client and server only"));
    m_filterMode->addItem(QStringLiteral("Overruns and errors only"));
    m_filterMode->addItem(QStringLiteral("Findings"));
    m_filterMode->addItem(QStringLiteral("This chunk"));
    m_filterMode->setToolTip(QStringLiteral("Which lines to show: notes by msim are not on the "
                                            "wire; errors are BAD/NO answers, failures, timeouts "
                                            "and the emergency \"xxxx logout\"; Findings: every "
                                            "line a finding points at, an RFC822.SIZE that is not "
                                            "the message's size marked »so«; This chunk: the lines "
                                            "of the chunk chosen in the chunk picture"));
    m_filterText->setPlaceholderText(QStringLiteral("Filter lines"));
    m_filterText->setClearButtonEnabled(true);
    m_filterText->setToolTip(QStringLiteral("Show only the lines that contain this text "
                                            "(case-insensitive)"));
    m_findText->setPlaceholderText(QStringLiteral("Find"));
    m_findText->setClearButtonEnabled(true);
    m_findText->setToolTip(QStringLiteral("Find a line (case-insensitive); Enter finds the "
                                          "next, Shift+Enter the previous"));
    m_findPrevious->setText(QStringLiteral("Find previous"));
    m_findPrevious->setToolTip(QStringLiteral("Find previous (Shift+F3)"));
    m_findNext->setText(QStringLiteral("Find next"));
    m_findNext->setToolTip(QStringLiteral("Find next (F3)"));
    QPalette hintPalette = m_hint->palette();
    hintPalette.setColor(QPalette::WindowText, QColor(0xb9, 0x1c, 0x1c));
    m_hint->setPalette(hintPalette);
    m_hint->hide();

    m_table->setModel(m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setWordWrap(false);
    m_table->setTextElideMode(Qt::ElideRight);
    m_table->setShowGrid(false);
    m_table->setCornerButtonEnabled(false);
    m_table->setHorizontalScrollMode(QAbstractItemView::ScrollPerPixel);
    m_table->setVerticalScrollMode(QAbstractItemView::ScrollPerItem);
    m_table->verticalHeader()->hide();
    // Uniform row heights: the view never measures 100 000 rows.
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    QHeaderView *header = m_table->horizontalHeader();
    header->setSectionResizeMode(QHeaderView::Interactive);
    header->setStretchLastSection(true);
    header->setHighlightSections(false);
    updateMetrics();

    auto *copy = new QAction(QStringLiteral("Copy"), m_table);
    copy->setShortcut(QKeySequence::Copy);
    copy->setShortcutContext(Qt::WidgetShortcut);
    connect(copy, &QAction::triggered, this, &TranscriptView::copySelection);
    m_table->addAction(copy);
    m_table->setContextMenuPolicy(Qt::ActionsContextMenu);

    auto *next = new QAction(this);
    next->setShortcut(QKeySequence::FindNext);
    next->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(next, &QAction::triggered, this, [this] { findNext(m_findText->text()); });
    addAction(next);
    auto *previous = new QAction(this);
    previous->setShortcut(QKeySequence::FindPrevious);
    previous->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(previous, &QAction::triggered, this, [this] { findNext(m_findText->text(), true); });
    addAction(previous);
    auto *find = new QAction(this);
    find->setShortcut(QKeySequence::Find);
    find->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(find, &QAction::triggered, this, [this] {
        m_findText->setFocus(Qt::ShortcutFocusReason);
        m_findText->selectAll();
    });
    addAction(find);

    connect(m_filterMode, &QComboBox::currentIndexChanged, this,
            &TranscriptView::applyFilterFromControls);
    connect(m_filterText, &QLineEdit::textChanged, this, &TranscriptView::applyFilterFromControls);
    connect(m_findText, &QLineEdit::returnPressed, this, [this] {
        findNext(m_findText->text(), QApplication::keyboardModifiers().testFlag(Qt::ShiftModifier));
    });
    connect(m_findText, &QLineEdit::textChanged, m_hint, &QLabel::hide);
    connect(m_findNext, &QToolButton::clicked, this, [this] { findNext(m_findText->text()); });
    connect(m_findPrevious, &QToolButton::clicked, this,
            [this] { findNext(m_findText->text(), true); });

    auto *controls = new QHBoxLayout;
    controls->setContentsMargins(0, 0, 0, 0);
    controls->addWidget(m_filterMode);
    controls->addWidget(m_filterText, 1);
    controls->addSpacing(12);
    controls->addWidget(m_findText, 1);
    controls->addWidget(m_findPrevious);
    controls->addWidget(m_findNext);
    controls->addWidget(m_hint);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(2, 2, 2, 2);
    layout->addLayout(controls);
    layout->addWidget(m_table, 1);
    setFocusProxy(m_table);
}

void TranscriptView::updateMetrics()
{
    const QFontMetrics fm(font());
    const QFontMetrics mono(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    QFont bold = font();
    bold.setBold(true);
    const QFontMetrics boldFm(bold);
    QHeaderView *rows = m_table->verticalHeader();
    const int height = std::max(fm.height(), mono.height()) + 4;
    rows->setMinimumSectionSize(height);
    rows->setDefaultSectionSize(height);
    QHeaderView *columns = m_table->horizontalHeader();
    const int pad = 16;
    columns->resizeSection(TranscriptModel::TimeColumn,
                           boldFm.horizontalAdvance(QStringLiteral("00000.000")) + pad);
    columns->resizeSection(TranscriptModel::ConnectionColumn,
                           std::max(boldFm.horizontalAdvance(QStringLiteral("000")),
                                    fm.horizontalAdvance(QStringLiteral("Conn."))) +
                               pad);
    columns->resizeSection(TranscriptModel::DirectionColumn,
                           std::max(boldFm.horizontalAdvance(QStringLiteral("S!")),
                                    fm.horizontalAdvance(QStringLiteral("Dir."))) +
                               pad);
    columns->resizeSection(TranscriptModel::OffsetColumn,
                           boldFm.horizontalAdvance(QStringLiteral("00000000")) + pad);
}

void TranscriptView::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::FontChange || event->type() == QEvent::PaletteChange ||
        event->type() == QEvent::StyleChange) {
        updateMetrics();
        m_model->refreshStyle();
    }
    QWidget::changeEvent(event);
}

void TranscriptView::setTranscripts(const QList<net::TranscriptPtr> &transcripts)
{
    m_hint->hide();
    m_model->setTranscripts(transcripts);
    const int lines = m_model->lineCount() - m_model->connectionCount();
    Q_EMIT message(QStringLiteral("Transcript: %1 lines on %2 connection(s), %3 shown")
                       .arg(lines)
                       .arg(m_model->connectionCount())
                       .arg(m_model->rowCount()));
}

void TranscriptView::setFindings(const TranscriptFocus &findings)
{
    m_model->setFindings(findings);
}

void TranscriptView::setChunk(const TranscriptFocus::Chunk &chunk)
{
    m_model->setChunk(chunk);
}

void TranscriptView::clear()
{
    m_hint->hide();
    m_model->clear();
}

void TranscriptView::setFilter(int mode, const QString &text)
{
    mode = std::clamp(mode, int(TranscriptModel::AllLines), TranscriptModel::kFilterCount - 1);
    {
        const QSignalBlocker blockMode(m_filterMode);
        const QSignalBlocker blockText(m_filterText);
        m_filterMode->setCurrentIndex(mode);
        if (m_filterText->text() != text)
            m_filterText->setText(text);
    }
    applyFilterFromControls();
}

void TranscriptView::applyFilterFromControls()
{
    const auto mode = TranscriptModel::Filter(std::clamp(
        m_filterMode->currentIndex(), int(TranscriptModel::AllLines), TranscriptModel::kFilterCount - 1));
    const QString text = m_filterText->text();
    if (mode == m_model->filterMode() && text == m_model->filterText())
        return;
    // Keep the current line (or the nearest one after it) across the filter change.
    const int line = m_model->lineOfRow(m_table->currentIndex().row());
    m_model->setFilter(mode, text);
    if (line >= 0) {
        const int row = m_model->rowOfLine(line);
        if (row >= 0)
            selectRow(row);
    }
    Q_EMIT message(QStringLiteral("Transcript: %1 of %2 rows shown")
                       .arg(m_model->rowCount())
                       .arg(m_model->lineCount()));
}

void TranscriptView::selectRow(int row)
{
    const QModelIndex index = m_model->index(row, TranscriptModel::TextColumn);
    m_table->selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect |
                                                          QItemSelectionModel::Rows);
    m_table->scrollTo(index, QAbstractItemView::PositionAtCenter);
}

int TranscriptView::findNext(const QString &text, bool backwards)
{
    if (m_findText->text() != text) {
        const QSignalBlocker block(m_findText);
        m_findText->setText(text);
    }
    m_hint->hide();
    const int rows = m_model->rowCount();
    if (text.isEmpty() || rows == 0) {
        if (!text.isEmpty()) {
            m_hint->setText(QStringLiteral("no match"));
            m_hint->show();
        }
        return -1;
    }
    const int current = m_table->currentIndex().row();
    const int step = backwards ? -1 : 1;
    int start = current;
    if (start < 0)
        start = backwards ? rows : -1;
    for (int i = 1; i <= rows; ++i) {
        const int row = ((start + step * i) % rows + rows) % rows;
        if (!m_model->fullText(row).contains(text, Qt::CaseInsensitive))
            continue;
        selectRow(row);
        const bool wrapped = current >= 0 && (backwards ? row >= current : row <= current);
        Q_EMIT message(QStringLiteral("Found \u201c%1\u201d at row %2 of %3%4")
                           .arg(text)
                           .arg(row + 1)
                           .arg(rows)
                           .arg(wrapped ? (backwards ? QStringLiteral(" (wrapped to the end)")
                                                     : QStringLiteral(" (wrapped to the top)"))
                                        : QString()));
        return row;
    }
    m_hint->setText(QStringLiteral("no match"));
    m_hint->show();
    Q_EMIT message(QStringLiteral("No shown line contains \u201c%1\u201d").arg(text));
    return -1;
}

bool TranscriptView::showStreamOffset(int connection, qint64 offset)
{
    const int row = m_model->rowForStreamOffset(connection, offset);
    if (row < 0)
        return false;
    selectRow(row);
    return true;
}

QString TranscriptView::searchHint() const
{
    return m_hint->isHidden() ? QString() : m_hint->text();
}

void TranscriptView::copySelection() const
{
    QList<int> rows;
    const QModelIndexList selected = m_table->selectionModel()->selectedRows();
    rows.reserve(selected.size());
    for (const QModelIndex &index : selected)
        rows.append(index.row());
    std::sort(rows.begin(), rows.end());
    QString text;
    for (int row : std::as_const(rows)) {
        text += m_model->rowAsText(row);
        text += QLatin1Char('\n');
    }
    if (!text.isEmpty())
        QApplication::clipboard()->setText(text);
}

} // namespace msim::ui
