// SPDX-License-Identifier: MIT
#include "scenario/MatrixReportHtml.h"

#include "scenario/ReportPage.h"

#include <QSet>

#include <algorithm>

namespace msim::scenario {

using namespace Qt::StringLiterals;
using fetch::MessageOutcome;

namespace {

// One cell of the verdict table: its badge linking to its folder, and what it shows.
void verdictCell(ReportPage &page, const MatrixCell &cell, const QString &folder)
{
    MarkupWriter &w = page.writer();
    w.start(u"td"_s);
    w.start(u"a"_s, {{u"href"_s, folder + u"/report.html"_s}});
    page.badge(cell.verdict());
    w.end();
    if (!cell.result.messages.isEmpty()) {
        const MessageOutcome &m = cell.result.messages.first();
        if (m.exists && !m.chunks.isEmpty())
            w.element(u"div"_s,
                      u"shows %1 of %2 octets"_s.arg(m.comparison.displayedLength)
                          .arg(m.comparison.expectedLength),
                      {{u"class"_s, u"small"_s}});
    } else if (cell.result.error) {
        w.element(u"div"_s, *cell.result.error, {{u"class"_s, u"small"_s}});
    }
    w.end();
}

} // namespace

QStringList MatrixReportHtml::folderNames(const QList<MatrixCell> &cells)
{
    QStringList out;
    QSet<QString> used;
    for (const MatrixCell &c : cells) {
        QString name = c.folderName();
        for (int k = 2; used.contains(name); ++k)
            name = c.folderName() + QLatin1Char('-') + QString::number(k);
        used.insert(name);
        out << name;
    }
    return out;
}

QString MatrixReportHtml::cellTitle(const MatrixCell &c)
{
    return ReportPage::transportName(c.security) +
           (c.fetchByChunks ? u", chunks of %1 octets"_s.arg(c.chunkSize.value_or(0))
                            : u", fetch_by_chunks off (whole message)"_s);
}

QString MatrixReportHtml::page(const QList<MatrixCell> &cells, const ReportContext &c)
{
    const QStringList folders = folderNames(cells);
    QString out;
    ReportPage page(&out);
    MarkupWriter &w = page.writer();
    page.open(c, u"msim reproduction matrix"_s);
    if (!cells.isEmpty()) {
        const fetch::FetchOutcome &first = cells.first().result;
        page.meta({u"Client "_s, first.client,
                   (first.preset.isEmpty() ? QString() : u" (preset %1)"_s.arg(first.preset)) +
                       u" · server "_s,
                   first.server.host});
    }
    QStringList bad;
    for (const MatrixCell &cell : cells)
        if (cell.verdict() != QLatin1String("complete"))
            bad << u"%1 (%2)"_s.arg(cellTitle(cell), cell.verdict());
    w.start(u"p"_s, {{u"class"_s, u"summary-line"_s}});
    page.alternate(
        {QString(),
         u"Complete in %1 of %2 cells."_s.arg(cells.size() - bad.size()).arg(cells.size()),
         bad.isEmpty() ? QString() : u" Not complete: %1."_s.arg(bad.join(u"; "_s))},
        u"b"_s);
    w.endLine();
    page.expectation(c);
    page.story(c);

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

    w.elementLine(u"h2"_s, u"Verdicts"_s);
    w.elementLine(u"p"_s,
                  u"Each cell is one run of the same message; open a cell for its chunk picture, "
                  "findings and transcript."_s,
                  {{u"class"_s, u"howto"_s}});
    w.startLine(u"table"_s, {{u"class"_s, u"matrix"_s}});
    w.start(u"tr"_s);
    w.element(u"th"_s, u"security"_s);
    // A column heading on two lines.
    const auto heading = [&w](const QString &first, const QString &second) {
        w.start(u"th"_s);
        w.text(first);
        w.empty(u"br"_s);
        w.text(second);
        w.end();
    };
    for (qint64 size : sizes)
        heading(u"fetch_by_chunks on"_s, u"chunks of %1 octets"_s.arg(size));
    if (whole)
        heading(u"fetch_by_chunks off"_s, u"whole message"_s);
    w.endLine();
    for (net::Security sec : securities) {
        w.start(u"tr"_s);
        w.element(u"th"_s, ReportPage::transportName(sec));
        const auto column = [&](bool chunks, qint64 size) {
            for (qsizetype i = 0; i < cells.size(); ++i)
                if (cells[i].security == sec && cells[i].fetchByChunks == chunks &&
                    (!chunks || cells[i].chunkSize.value_or(0) == size))
                    return verdictCell(page, cells[i], folders[i]);
            w.element(u"td"_s, u"—"_s);
        };
        for (qint64 size : sizes)
            column(true, size);
        if (whole)
            column(false, 0);
        w.endLine();
    }
    w.endLine();

    w.elementLine(u"h2"_s, u"Findings by cell"_s);
    w.startLine(u"ul"_s, {{u"class"_s, u"findings"_s}});
    for (qsizetype i = 0; i < cells.size(); ++i) {
        const MatrixCell &cell = cells[i];
        QString first;
        for (const MessageOutcome &m : cell.result.messages)
            if (first.isEmpty() && !m.findings.isEmpty())
                first = m.findings.first();
        if (first.isEmpty() && cell.result.error)
            first = *cell.result.error;
        w.start(u"li"_s);
        w.element(u"a"_s, cellTitle(cell), {{u"href"_s, folders[i] + u"/report.html"_s}});
        w.text(u" "_s);
        page.badge(cell.verdict());
        w.text(u" "_s + (first.isEmpty() ? u"no findings"_s : first));
        w.endLine();
    }
    w.endLine();
    page.finish(c);
    return out;
}

} // namespace msim::scenario
