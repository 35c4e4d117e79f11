// SPDX-License-Identifier: MIT
#include "scenario/Matrix.h"

#include "scenario/Logging.h"

#include <QJsonArray>

namespace msim::scenario {

Matrix::Matrix(MatrixRequest request, QObject *parent)
    : QObject(parent)
    , m_request(std::move(request))
{
    QList<qint64> sizes = m_request.chunkSizes;
    if (sizes.isEmpty())
        sizes << m_request.base.client.sizerSettings().chunkSize;
    for (net::Security sec : std::as_const(m_request.securities)) {
        for (qint64 cs : std::as_const(sizes)) {
            MatrixCell c;
            c.security = sec;
            c.fetchByChunks = true;
            c.chunkSize = cs;
            m_cells << c;
        }
        MatrixCell whole;
        whole.security = sec;
        whole.fetchByChunks = false;
        m_cells << whole;
    }
}

fetch::FetchRequest Matrix::cellRequest(const MatrixCell &cell) const
{
    fetch::FetchRequest r = m_request.base;
    r.session.endpoint.security = cell.security;
    r.session.endpoint.port =
        cell.security == net::Security::Ssl ? m_request.tlsPort : m_request.plainPort;
    QString ignored;
    const QString chunks = r.client.kind == fetch::ClientKind::Thunderbird
                               ? QStringLiteral("mail.server.default.fetch_by_chunks")
                               : QStringLiteral("mail.imap.fetch_by_chunks");
    r.client.prefs.set(chunks, cell.fetchByChunks, &ignored);
    if (cell.chunkSize)
        r.client.prefs.set(u"mail.imap.chunk_size", int(*cell.chunkSize), &ignored);
    r.keepSeen = true; // restored once for the whole matrix
    return r;
}

void Matrix::start()
{
    preflight();
}

void Matrix::preflight()
{
    // Learn \Seen before any cell fetches with BODY[].
    auto *s = new imap::ImapSession(cellRequest(m_cells.value(m_cells.size() - 1)).session, this);
    auto give = [this, s] {
        s->deleteLater();
        launchMore();
    };
    connect(s, &imap::ImapSession::errorOccurred, this, give);
    connect(s, &imap::ImapSession::opened, this, [this, s, give] {
        auto *sel = s->execute(imap::CommandBuilder::examine(m_request.base.mailbox));
        const QByteArray uid = QByteArray::number(m_request.base.uids.value(0));
        auto *flags = s->execute(imap::CommandBuilder::uidFetchFlags(uid));
        Q_UNUSED(sel);
        connect(flags, &imap::PendingCommand::finished, this, [this, s, flags, give] {
            for (const auto &r : flags->responses())
                if (const auto *f = r.as<imap::FetchResponse>())
                    if (f->flags && f->uid) {
                        m_knowSeen = true;
                        m_wasSeen = f->flags->contains("\\Seen");
                    }
            s->logout();
            give();
        });
    });
    s->open();
}

void Matrix::launchMore()
{
    while (!m_cancelled && m_running < std::max(1, m_request.parallel) && m_next < m_cells.size()) {
        const int index = m_next++;
        qCDebug(lcScenario) << "cell" << m_cells[index].folderName() << "launched";
        auto *runner = new fetch::FetchRunner(cellRequest(m_cells[index]), this);
        m_runners << runner;
        ++m_running;
        connect(runner, &fetch::FetchRunner::finished, this, [this, runner, index] {
            m_cells[index].result = runner->outcome();
            shareOctets(m_cells[index].result);
            runner->deleteLater();
            --m_running;
            ++m_done;
            qCDebug(lcScenario) << "cell" << m_cells[index].folderName()
                                << "done:" << m_cells[index].verdict();
            Q_EMIT cellFinished(index);
            if (m_done == m_cells.size())
                restoreSeen();
            else
                launchMore();
        });
        runner->start();
    }
}

void Matrix::shareOctets(fetch::FetchOutcome &result)
{
    const auto share = [this](QByteArray &octets) {
        for (const QByteArray &known : std::as_const(m_octets))
            if (known == octets) {
                octets = known;
                return;
            }
        m_octets << octets;
    };
    for (fetch::MessageOutcome &m : result.messages) {
        share(m.displayed);
        if (m.reference)
            share(*m.reference);
    }
}

void Matrix::restoreSeen()
{
    if (m_cancelled || m_request.base.keepSeen || !m_knowSeen || m_wasSeen) {
        finish();
        return;
    }
    auto *s = new imap::ImapSession(cellRequest(m_cells.last()).session, this);
    const quint32 uid = m_request.base.uids.value(0);
    connect(s, &imap::ImapSession::errorOccurred, this, [this, s, uid] {
        m_warnings << QStringLiteral("msim could not mark UID %1 unread again (%2).")
                          .arg(uid)
                          .arg(s->errorString());
        s->deleteLater();
        finish();
    });
    connect(s, &imap::ImapSession::opened, this, [this, s, uid] {
        s->execute(imap::CommandBuilder::select(m_request.base.mailbox));
        auto *st = s->execute(
            imap::CommandBuilder::uidStoreFlags(QByteArray::number(uid), false, "\\Seen"));
        connect(st, &imap::PendingCommand::finished, this, [this, s, st, uid] {
            if (st->isOk())
                m_notes << QStringLiteral("UID %1 was unread before the matrix; its BODY[] "
                                          "fetches marked it read, so msim marked it unread "
                                          "again.")
                               .arg(uid);
            else
                m_warnings << QStringLiteral("The server refused to mark UID %1 unread again "
                                             "(%2); it stays marked as read.")
                                  .arg(uid)
                                  .arg(st->errorString());
            s->logout();
            s->deleteLater();
            finish();
        });
    });
    s->open();
}

void Matrix::cancel()
{
    m_cancelled = true;
    for (const auto &r : std::as_const(m_runners))
        if (r)
            r->cancel();
    finish();
}

void Matrix::finish()
{
    if (m_finished)
        return;
    m_finished = true;
    Q_EMIT finished();
}

QString Matrix::table(const QList<MatrixCell> &cells)
{
    // Columns: each chunk size with chunking on, then chunking off.
    QList<std::optional<qint64>> columns;
    for (const MatrixCell &c : cells)
        if (!columns.contains(c.fetchByChunks ? c.chunkSize : std::nullopt))
            columns << (c.fetchByChunks ? c.chunkSize : std::nullopt);
    QStringList heads{QStringLiteral("security")};
    for (const auto &col : columns)
        heads << (col ? QStringLiteral("chunks on (%1)").arg(*col) : QStringLiteral("chunks off"));
    QList<QStringList> rows{heads};
    QList<net::Security> secs;
    for (const MatrixCell &c : cells)
        if (!secs.contains(c.security))
            secs << c.security;
    for (net::Security s : secs) {
        // Messenger 4.5 had no STARTTLS (MESSENGER45.md §3): that row is msim's addition.
        QStringList row{s == net::Security::StartTls
                            ? net::securityName(s) + QStringLiteral(" (msim's addition)")
                            : net::securityName(s)};
        for (const auto &col : columns) {
            QString v = QStringLiteral("-");
            for (const MatrixCell &c : cells)
                if (c.security == s && (c.fetchByChunks ? c.chunkSize : std::nullopt) == col) {
                    v = c.verdict();
                    if (v != QLatin1String("complete"))
                        v = v.toUpper();
                    else if (c.result.hasFindings())
                        v += QStringLiteral(" (findings)");
                }
            row << v;
        }
        rows << row;
    }
    QList<int> widths(heads.size(), 0);
    for (const QStringList &r : rows)
        for (int i = 0; i < r.size(); ++i)
            widths[i] = std::max(widths[i], int(r[i].size()));
    QString out;
    for (const QStringList &r : rows) {
        QStringList cellsText;
        for (int i = 0; i < r.size(); ++i)
            cellsText << r[i].leftJustified(widths[i]);
        out += cellsText.join(QStringLiteral("   ")).trimmed() + QLatin1Char('\n');
    }
    return out;
}

int Matrix::exitCode(const QList<MatrixCell> &cells)
{
    bool any = false;
    int worst = 0;
    for (const MatrixCell &c : cells) {
        const int e = c.result.exitCode();
        if (e != 1)
            any = true;
        worst = std::max(worst, e == 1 ? 3 : e);
    }
    return any ? worst : 1;
}

} // namespace msim::scenario
