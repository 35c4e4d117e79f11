// SPDX-License-Identifier: MIT
#pragma once

#include "scenario/Matrix.h"

#include <QPointer>
#include <QWidget>

class QLabel;
class QLineEdit;
class QPushButton;
class QTableView;

namespace msim::ui {

class MatrixModel;
class ErrorLabel;

// The reproduction matrix dock (DESIGN.md §1): runs scenario::Matrix for the selected message
// (security none / starttls / ssl x fetch_by_chunks on per chunk size / off) and shows each
// cell's verdict on its colour as it finishes, with progress and Cancel. Asynchronous: it never
// blocks the event loop. Double-clicking a finished cell hands it to the main window.
class MatrixView : public QWidget
{
    Q_OBJECT
public:
    explicit MatrixView(QWidget *parent = nullptr);
    ~MatrixView() override;

    // The message to run it for, e.g. "UID 6 on 127.0.0.1"; enables Run. A run in progress
    // (for the previous message) is cancelled. Non-empty request.chunkSizes fill the chunk-size
    // field; otherwise the field keeps what the user typed.
    void setRequest(const scenario::MatrixRequest &request, const QString &what);
    // No message any more (another account, a list that failed): Run is off, the last cells
    // go, and a run in progress is cancelled.
    void clearRequest();
    void run();    // what the Run button does
    void cancel(); // what the Cancel button does
    bool isRunning() const;

    MatrixModel *model() const { return m_model; }
    const QList<scenario::MatrixCell> &cells() const;
    const QStringList &notes() const { return m_notes; }       // of the last run
    const QStringList &warnings() const { return m_warnings; } // of the last run

    // "6144, 10240" -> {6144, 10240}; empty -> {} (the client's own size); nullopt and *error
    // for anything but positive 32-bit numbers separated by commas or spaces.
    static std::optional<QList<qint64>> parseChunkSizes(const QString &text, QString *error);

Q_SIGNALS:
    // A finished cell double-clicked (or Enter on it): the main window shows it.
    void cellActivated(const msim::scenario::MatrixCell &cell);
    void finished();
    void message(const QString &text);

private:
    void layOut(); // the cells the request would run, not run yet
    void cellDone(int index);
    void matrixFinished();
    void updateControls();
    void updateProgress();

    MatrixModel *m_model;
    QLabel *m_what = nullptr;
    QLineEdit *m_chunkSizes = nullptr;
    QPushButton *m_run = nullptr;
    QPushButton *m_cancel = nullptr;
    QTableView *m_table = nullptr;
    QLabel *m_progress = nullptr;
    ErrorLabel *m_error = nullptr;

    std::optional<scenario::MatrixRequest> m_request;
    QString m_whatText;
    QPointer<scenario::Matrix> m_matrix;
    QStringList m_notes;
    QStringList m_warnings;
};

} // namespace msim::ui
