// SPDX-License-Identifier: MIT
#pragma once

#include "fetch/FetchRunner.h"
#include "scenario/MatrixCell.h"

#include <QObject>
#include <QPointer>

namespace msim::scenario {

// What a matrix run needs: the fetch of one message as a template, and where each transport is.
struct MatrixRequest
{
    fetch::FetchRequest base; // one UID; its security and port are set per cell
    quint16 plainPort = 143;  // none and starttls
    quint16 tlsPort = 993;    // ssl
    QList<qint64> chunkSizes; // empty: the client's own chunk size
    QList<net::Security> securities = {net::Security::None, net::Security::StartTls,
                                       net::Security::Ssl};
    int parallel = 6; // cells at once (each is one or two connections)
};

// The reproduction matrix (DESIGN.md §1, §4): security {none, starttls, ssl} x
// fetch_by_chunks {on, off} (x chunk sizes) for one message, cells in parallel. The message's
// \Seen flag is read once before any cell and restored once after all of them (cells running
// at once must not see each other's BODY[] as the message's "before" state).
class Matrix : public QObject
{
    Q_OBJECT
public:
    explicit Matrix(MatrixRequest request, QObject *parent = nullptr);

    void start();
    void cancel();
    const QList<MatrixCell> &cells() const { return m_cells; }
    const QStringList &notes() const { return m_notes; }
    const QStringList &warnings() const { return m_warnings; }

    static QString table(const QList<MatrixCell> &cells); // the human table of verdicts
    // 0 every cell complete and no finding; 3 any finding; 1 nothing could be fetched.
    static int exitCode(const QList<MatrixCell> &cells);

Q_SIGNALS:
    void cellFinished(int index);
    void finished();

private:
    void preflight();
    void launchMore();
    void restoreSeen();
    void finish();
    fetch::FetchRequest cellRequest(const MatrixCell &cell) const;
    // Every cell fetches the same message: equal displayed and reference octets are kept once
    // across the cells (shared QByteArrays), not once per cell.
    void shareOctets(fetch::FetchOutcome &result);

    MatrixRequest m_request;
    QList<MatrixCell> m_cells;
    QList<QByteArray> m_octets; // the distinct message octets the finished cells hold
    QList<QPointer<fetch::FetchRunner>> m_runners;
    int m_next = 0;
    int m_running = 0;
    int m_done = 0;
    bool m_wasSeen = true;
    bool m_knowSeen = false;
    bool m_cancelled = false;
    bool m_finished = false;
    QStringList m_notes;
    QStringList m_warnings;
};

} // namespace msim::scenario
