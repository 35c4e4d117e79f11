// SPDX-License-Identifier: MIT
#include "ui/MatrixView.h"

#include "ui/ErrorLabel.h"
#include "ui/MatrixModel.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMap>
#include <QPushButton>
#include <QRegularExpression>
#include <QTableView>
#include <QVBoxLayout>

namespace msim::ui {

MatrixView::MatrixView(QWidget *parent)
    : QWidget(parent)
    , m_model(new MatrixModel(this))
{
    m_what = new QLabel(tr("Select a message to run the reproduction matrix for it."), this);
    m_what->setObjectName(QStringLiteral("whatLabel"));
    m_what->setWordWrap(true);
    m_what->setTextFormat(Qt::PlainText);

    auto *sizesLabel = new QLabel(tr("Chunk &sizes:"), this);
    m_chunkSizes = new QLineEdit(this);
    m_chunkSizes->setObjectName(QStringLiteral("chunkSizesEdit"));
    m_chunkSizes->setPlaceholderText(tr("the client's own, or e.g. 6144,10240"));
    m_chunkSizes->setToolTip(tr("Chunk sizes (octets) for the chunks-on cells, separated by "
                                "commas; empty: the client's own mail.imap.chunk_size"));
    m_chunkSizes->setClearButtonEnabled(true);
    sizesLabel->setBuddy(m_chunkSizes);
    connect(m_chunkSizes, &QLineEdit::editingFinished, this, [this] {
        if (!isRunning())
            layOut();
    });
    connect(m_chunkSizes, &QLineEdit::returnPressed, this, &MatrixView::run);
    m_run = new QPushButton(tr("&Run"), this);
    m_run->setObjectName(QStringLiteral("runButton"));
    m_run->setToolTip(tr("Fetch the message in every cell, cells in parallel"));
    m_cancel = new QPushButton(tr("Cance&l"), this);
    m_cancel->setObjectName(QStringLiteral("cancelButton"));
    connect(m_run, &QPushButton::clicked, this, &MatrixView::run);
    connect(m_cancel, &QPushButton::clicked, this, &MatrixView::cancel);
    auto *controls = new QHBoxLayout;
    controls->addWidget(sizesLabel);
    controls->addWidget(m_chunkSizes, 1);
    controls->addWidget(m_run);
    controls->addWidget(m_cancel);

    m_table = new QTableView(this);
    m_table->setObjectName(QStringLiteral("matrixTable"));
    m_table->setModel(m_model);
    // No selection: a selected cell would trade its verdict colour for the highlight. The
    // current cell (keyboard focus, Enter to open it) still shows with a focus frame.
    m_table->setSelectionMode(QAbstractItemView::NoSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setWordWrap(false);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    m_table->horizontalHeader()->setMinimumSectionSize(110);
    // Rows share the height of the dock, at least two lines each.
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    m_table->verticalHeader()->setMinimumSectionSize(m_table->fontMetrics().height() * 2 + 4);
    m_table->setToolTip(QString());
    connect(m_table, &QTableView::activated, this, [this](const QModelIndex &index) {
        const int i = m_model->cellAt(index);
        if (i >= 0 && m_model->cellState(i) == MatrixModel::CellState::Done)
            Q_EMIT cellActivated(m_model->cells().at(i));
    });

    m_progress = new QLabel(this);
    m_progress->setObjectName(QStringLiteral("progressLabel"));
    m_progress->setWordWrap(true);
    m_error = new ErrorLabel(this);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_what);
    layout->addLayout(controls);
    layout->addWidget(m_table, 1);
    layout->addWidget(m_progress);
    layout->addWidget(m_error);
    updateControls();
}

MatrixView::~MatrixView()
{
    if (m_matrix) {
        m_matrix->disconnect(this);
        m_matrix->cancel();
    }
}

std::optional<QList<qint64>> MatrixView::parseChunkSizes(const QString &text, QString *error)
{
    QList<qint64> sizes;
    static const QRegularExpression separators(QStringLiteral("[,;\\s]+"));
    for (const QString &part : text.split(separators, Qt::SkipEmptyParts)) {
        bool ok = false;
        const qint64 v = part.toLongLong(&ok);
        if (!ok || v <= 0 || v > 2147483647) {
            if (error)
                *error = tr("A chunk size is a positive number of octets, not '%1'.").arg(part);
            return std::nullopt;
        }
        if (!sizes.contains(v))
            sizes << v;
    }
    return sizes;
}

void MatrixView::setRequest(const scenario::MatrixRequest &request, const QString &what)
{
    if (isRunning()) {
        cancel();
        Q_EMIT message(
            tr("The matrix for %1 was cancelled: another message was selected.").arg(m_whatText));
    }
    m_request = request;
    m_whatText = what;
    m_what->setText(tr("Reproduction matrix for %1").arg(what));
    if (!request.chunkSizes.isEmpty()) {
        QStringList sizes;
        for (qint64 s : request.chunkSizes)
            sizes << QString::number(s);
        m_chunkSizes->setText(sizes.join(QLatin1Char(',')));
    }
    m_notes.clear();
    m_warnings.clear();
    m_error->setError(QString());
    layOut();
    m_progress->clear();
    updateControls();
}

void MatrixView::clearRequest()
{
    if (isRunning())
        cancel();
    m_request.reset();
    m_whatText.clear();
    m_what->setText(tr("Select a message to run the reproduction matrix for it."));
    m_notes.clear();
    m_warnings.clear();
    m_error->setError(QString());
    m_model->setCells({});
    m_progress->clear();
    updateControls();
}

void MatrixView::layOut()
{
    if (!m_request) {
        m_model->clear();
        return;
    }
    scenario::MatrixRequest request = *m_request;
    if (const auto sizes = parseChunkSizes(m_chunkSizes->text(), nullptr))
        request.chunkSizes = *sizes;
    const scenario::Matrix probe(request); // only its cells: nothing connects until start()
    m_model->setCells(probe.cells(), MatrixModel::CellState::NotRun);
}

void MatrixView::run()
{
    if (!m_request || isRunning())
        return;
    QString error;
    const std::optional<QList<qint64>> sizes = parseChunkSizes(m_chunkSizes->text(), &error);
    if (!sizes) {
        m_error->setError(error);
        return;
    }
    m_error->setError(QString());
    scenario::MatrixRequest request = *m_request;
    request.chunkSizes = *sizes;
    m_notes.clear();
    m_warnings.clear();
    m_matrix = new scenario::Matrix(request, this);
    m_model->setCells(m_matrix->cells(), MatrixModel::CellState::Running);
    connect(m_matrix, &scenario::Matrix::cellFinished, this, &MatrixView::cellDone);
    connect(m_matrix, &scenario::Matrix::finished, this, &MatrixView::matrixFinished);
    updateControls();
    updateProgress();
    Q_EMIT message(tr("Running the reproduction matrix for %1: %n cell(s).", nullptr,
                      int(m_model->cells().size()))
                       .arg(m_whatText));
    m_matrix->start();
}

void MatrixView::cancel()
{
    if (!m_matrix)
        return;
    scenario::Matrix *matrix = m_matrix;
    m_matrix = nullptr;
    matrix->disconnect(this); // its cells end as "cancelled by the user": not verdicts to show
    matrix->cancel();
    matrix->deleteLater();
    m_model->setPendingState(MatrixModel::CellState::Cancelled);
    m_progress->setText(tr("Cancelled: %1 of %2 cells finished.")
                            .arg(m_model->doneCount())
                            .arg(m_model->cells().size()));
    updateControls();
    Q_EMIT message(tr("The reproduction matrix for %1 was cancelled.").arg(m_whatText));
    Q_EMIT finished();
}

bool MatrixView::isRunning() const
{
    return m_matrix != nullptr;
}

const QList<scenario::MatrixCell> &MatrixView::cells() const
{
    return m_model->cells();
}

void MatrixView::cellDone(int index)
{
    if (!m_matrix || index < 0 || index >= m_matrix->cells().size())
        return;
    m_model->setCellResult(index, m_matrix->cells().at(index));
    updateProgress();
}

void MatrixView::matrixFinished()
{
    scenario::Matrix *matrix = m_matrix;
    if (!matrix)
        return;
    m_matrix = nullptr;
    matrix->disconnect(this);
    // Cells that finished before the signal could reach us, then anything left (none normally).
    for (int i = 0; i < matrix->cells().size(); ++i)
        if (m_model->cellState(i) != MatrixModel::CellState::Done &&
            !matrix->cells().at(i).result.messages.isEmpty())
            m_model->setCellResult(i, matrix->cells().at(i));
    m_model->setPendingState(MatrixModel::CellState::Cancelled);
    m_notes = matrix->notes();
    m_warnings = matrix->warnings();
    matrix->deleteLater();
    updateControls();

    // The summary: the cells that did not complete by name, the complete ones counted.
    QMap<QString, QStringList> byVerdict;
    int complete = 0;
    for (int i = 0; i < m_model->cells().size(); ++i) {
        const scenario::MatrixCell &c = m_model->cells().at(i);
        if (m_model->cellState(i) != MatrixModel::CellState::Done)
            continue;
        if (c.verdict() == QLatin1String("complete"))
            ++complete;
        else
            byVerdict[c.verdict()] << MatrixModel::cellTitle(c);
    }
    QStringList parts;
    for (auto it = byVerdict.cbegin(); it != byVerdict.cend(); ++it)
        parts << tr("%1: %2.").arg(it.key(), it.value().join(QStringLiteral("; ")));
    if (complete > 0)
        parts << (byVerdict.isEmpty() ? tr("Every cell complete.")
                  : complete == 1     ? tr("complete: the other cell.")
                                      : tr("complete: the other %1 cells.").arg(complete));
    const QString summary = parts.join(QLatin1Char(' '));
    m_progress->setText(tr("%1 of %2 cells. %3")
                            .arg(m_model->doneCount())
                            .arg(m_model->cells().size())
                            .arg(summary));
    if (!m_warnings.isEmpty())
        m_error->setError(m_warnings.join(QLatin1Char(' ')));
    QStringList sentences{tr("Reproduction matrix for %1 finished. %2").arg(m_whatText, summary)};
    sentences << m_notes << m_warnings;
    Q_EMIT message(sentences.join(QLatin1Char(' ')));
    Q_EMIT finished();
}

void MatrixView::updateControls()
{
    const bool running = isRunning();
    m_run->setEnabled(m_request.has_value() && !running);
    m_cancel->setEnabled(running);
    m_chunkSizes->setEnabled(!running);
}

void MatrixView::updateProgress()
{
    m_progress->setText(
        tr("%1 of %2 cells").arg(m_model->doneCount()).arg(m_model->cells().size()));
}

} // namespace msim::ui
