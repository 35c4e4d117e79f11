// SPDX-License-Identifier: MIT
// Benchmark (not a test): the GUI's message list on a big mailbox. A QTableView over
// MessageListModel is filled by MailboxLoader from a server (scripts/bench runs
// `msim-cli serve --corpus generated:100000` in its own process). Prints the time from SELECT
// to a fully populated list, the longest event-loop stall while it loads (a 5 ms timer measures
// the gaps between its ticks), a sort of the full list, and the peak RSS.
//   QT_QPA_PLATFORM=offscreen bench_gui_model --port N --pin sha256:HEX [--security ssl]
#include "fetch/MailboxLoader.h"
#include "net/TlsPolicy.h"
#include "ui/MessageListModel.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QFile>
#include <QHeaderView>
#include <QTableView>
#include <QTimer>

#include <cstdio>

namespace {

qint64 peakRssKb()
{
    QFile f(QStringLiteral("/proc/self/status"));
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : f.readAll().split('\n'))
        if (line.startsWith("VmHWM:"))
            return line.mid(6).trimmed().split(' ').first().toLongLong();
    return -1;
}

} // namespace

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    QCommandLineParser p;
    p.addOptions({{QStringLiteral("port"), QStringLiteral("port"), QStringLiteral("N")},
                  {QStringLiteral("pin"), QStringLiteral("pin"), QStringLiteral("P")},
                  {QStringLiteral("security"), QStringLiteral("security"), QStringLiteral("S"),
                   QStringLiteral("ssl")}});
    p.process(app);
    msim::imap::SessionOptions o;
    o.endpoint.host = QStringLiteral("127.0.0.1");
    o.endpoint.port = quint16(p.value(QStringLiteral("port")).toUInt());
    o.endpoint.security = msim::net::parseSecurity(p.value(QStringLiteral("security"))).value_or(msim::net::Security::Ssl);
    if (p.isSet(QStringLiteral("pin")))
        o.tls.pins = {*msim::net::TlsPolicy::parsePin(p.value(QStringLiteral("pin")))};
    o.credentials = {"test", "secret"};
    o.commandTimeoutMs = 120000;

    msim::ui::MessageListModel model;
    QTableView view;
    view.setModel(&model);
    view.verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    view.verticalHeader()->setDefaultSectionSize(20);
    view.setSortingEnabled(true);
    view.resize(1000, 700);
    view.show();

    msim::fetch::MailboxLoader loader(o, "INBOX");
    QElapsedTimer sinceSelect;
    QElapsedTimer tick;
    qint64 maxGap = 0;
    bool loading = false;
    QTimer ticker;
    ticker.setInterval(5);
    QObject::connect(&ticker, &QTimer::timeout, [&] {
        if (loading)
            maxGap = std::max(maxGap, tick.elapsed());
        tick.restart();
    });
    QObject::connect(&loader, &msim::fetch::MailboxLoader::opened, [&](int exists) {
        std::printf("SELECT: %d messages\n", exists);
        sinceSelect.start();
        tick.start();
        loading = true;
        ticker.start();
    });
    QObject::connect(&loader, &msim::fetch::MailboxLoader::rows,
                     [&](const QList<msim::fetch::MessageSummary> &rows) { model.append(rows); });
    int rc = 0;
    QObject::connect(&loader, &msim::fetch::MailboxLoader::finished, [&] {
        QApplication::processEvents(); // let the view take the last rows
        const qint64 populated = sinceSelect.elapsed();
        loading = false;
        ticker.stop();
        QElapsedTimer s;
        s.start();
        model.sort(msim::ui::MessageListModel::SubjectColumn, Qt::AscendingOrder);
        QApplication::processEvents();
        const qint64 sortMs = s.elapsed();
        std::printf("populated: %d rows in %lld ms after SELECT\n", model.rowCount(), (long long)populated);
        std::printf("longest event-loop stall while loading: %lld ms\n", (long long)maxGap);
        std::printf("sort by subject: %lld ms\n", (long long)sortMs);
        std::printf("peak RSS: %.1f MB\n", peakRssKb() / 1024.0);
        QApplication::quit();
    });
    QObject::connect(&loader, &msim::fetch::MailboxLoader::errorOccurred, [&] {
        std::fprintf(stderr, "bench_gui_model: %s\n", qPrintable(loader.errorString()));
        rc = 1;
        QApplication::quit();
    });
    loader.start();
    QTimer::singleShot(300000, &app, &QApplication::quit);
    QApplication::exec();
    return rc;
}
