// SPDX-License-Identifier: MIT
// The MIME parts tree of the message view (issue 19 item 4), offscreen: the multipart sample
// (UID 11) fetched from Exchange 5.5 before SP2 over SSL with the KB Q194998 preset shows part 1
// intact, part 2 (pattern.bin) cut with its percentage and part 3 (notes.txt) missing; over plain
// text every part is intact; the malformed multipart (UID 17) shows GMime's note and no rows;
// without a reference copy a line says the parts cannot be judged. In the real window, choosing
// part 2 selects its octets in both texts and shades them in the chunk picture, whose part
// boundaries carry the parts' sentences as tooltips; choosing the missing part 3 selects nothing
// in the displayed text and says so.
#include "FetchRun.h"
#include "TestIdentity.h"
#include "emulator/EmulatedServer.h"
#include "ui/ChunkMapWidget.h"
#include "ui/MainWindow.h"
#include "ui/MessageView.h"
#include "ui/MimePartsView.h"

#include <QAbstractItemModelTester>
#include <QDockWidget>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardItemModel>
#include <QTest>
#include <QTreeView>

using namespace msim;
using namespace msim::ui;

namespace {

constexpr quint32 kMultipartUid = 11; // text part 1, pattern.bin part 2, notes.txt part 3
constexpr quint32 kNoBoundaryUid = 17;

// The rows of `model` as "PATH|WHAT|STATE", a container's children after it.
QStringList rowsOf(const QAbstractItemModel *model, const QModelIndex &parent = {})
{
    QStringList out;
    for (int r = 0; r < model->rowCount(parent); ++r) {
        QStringList cells;
        for (int c = 0; c < MimePartsView::ColumnCount; ++c)
            cells << model->index(r, c, parent).data().toString();
        out << cells.join(QLatin1Char('|'));
        out << rowsOf(model, model->index(r, 0, parent));
    }
    return out;
}

// Octets as a QPlainTextEdit's selectedText() gives them back: each CRLF one U+2029.
QString asSelected(const QByteArray &octets)
{
    return QString::fromUtf8(octets).replace(QLatin1String("\r\n"),
                                             QString(QChar::ParagraphSeparator));
}

// Clicks the row of `path` in the tree of `view`, as a user does.
bool clickPart(MimePartsView *view, const QString &path)
{
    const QModelIndexList found =
        view->model()->match(view->model()->index(0, 0), Qt::DisplayRole, path, 1,
                             Qt::MatchExactly | Qt::MatchRecursive);
    if (found.isEmpty())
        return false;
    QTreeView *tree = view->tree();
    const QModelIndex what = found.first().siblingAtColumn(MimePartsView::WhatColumn);
    tree->scrollTo(what);
    QTest::mouseClick(tree->viewport(), Qt::LeftButton, {}, tree->visualRect(what).center());
    return true;
}

} // namespace

class tst_PartsTree : public QObject
{
    Q_OBJECT

    // UID `uid` fetched from a fresh exchange55-presp2 built-in server over `security` with
    // the kb-q194998 preset.
    static std::optional<fetch::FetchOutcome> fetchFromPreSp2(net::Security security, quint32 uid)
    {
        emulator::ServerOptions o;
        o.profile = QStringLiteral("exchange55-presp2");
        o.identity = testsupport::testIdentity();
        emulator::EmulatedServer server(o, emulator::Mailbox::sample());
        QString error;
        if (!server.start(&error)) {
            qWarning("%s", qPrintable(error));
            return std::nullopt;
        }
        return testsupport::runFetch(
            testsupport::builtInRequest(server.port(), server.tlsPort(), server.fingerprint(),
                                        security, QStringLiteral("kb-q194998"), {uid}));
    }

private Q_SLOTS:
    void rows_data()
    {
        QTest::addColumn<net::Security>("security");
        QTest::addColumn<QStringList>("states");
        // The KB Q194998 case: the first 6144 octets keep the text part, cut the attachment and
        // lose the notes.
        QTest::newRow("exchange55-presp2-ssl-kb-q194998")
            << net::Security::Ssl
            << QStringList{QStringLiteral("intact"), QStringLiteral("cut"),
                           QStringLiteral("missing")};
        // Contrast: plain text has no overrun, so the whole message is shown.
        QTest::newRow("exchange55-presp2-none-kb-q194998")
            << net::Security::None
            << QStringList{QStringLiteral("intact"), QStringLiteral("intact"),
                           QStringLiteral("intact")};
    }

    void rows()
    {
        QFETCH(net::Security, security);
        QFETCH(QStringList, states);
        const auto run = fetchFromPreSp2(security, kMultipartUid);
        QVERIFY(run);
        QCOMPARE(run->messages.size(), 1);
        const fetch::MessageOutcome &m = run->messages.first();
        QVERIFY(m.mime);
        MimePartsView view;
        QAbstractItemModelTester tester(view.model(),
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        view.setMessage(m, QStringLiteral("Messenger 4.5"));
        QCOMPARE(view.noteText(), QString());
        const QStringList rows = rowsOf(view.model());
        QCOMPARE(rows.size(), 3);
        QCOMPARE(view.model()->rowCount(), 3); // three parts at the top level, none nested
        for (int i = 0; i < 3; ++i) {
            const QStringList cells = rows[i].split(QLatin1Char('|'));
            QCOMPARE(cells[0], QString::number(i + 1));
            QVERIFY2(cells[2].startsWith(states[i]), qPrintable(rows[i]));
            // Each state has its own icon.
            QVERIFY(!view.model()->index(i, 0).data(Qt::DecorationRole).value<QIcon>().isNull());
        }
        QVERIFY2(rows[0].contains(QLatin1String("|text part (text/plain, ")), qPrintable(rows[0]));
        QVERIFY2(rows[1].contains(QLatin1String("|pattern.bin (")), qPrintable(rows[1]));
        QVERIFY2(rows[2].contains(QLatin1String("|notes.txt (")), qPrintable(rows[2]));
        if (states[1] == QLatin1String("cut")) {
            // The percentage kept, as MimeDamage counts it, and not 0 or 100.
            const int kept = m.mime->parts[1].percentKept();
            QVERIFY(kept > 0 && kept < 100);
            QCOMPARE(rows[1].section(QLatin1Char('|'), 2), QStringLiteral("cut · %1 %").arg(kept));
        } else {
            QCOMPARE(rows[1].section(QLatin1Char('|'), 2), QStringLiteral("intact"));
        }
    }

    void notParseableAsMime()
    {
        const auto run = fetchFromPreSp2(net::Security::Ssl, kNoBoundaryUid);
        QVERIFY(run);
        QCOMPARE(run->messages.size(), 1);
        MimePartsView view;
        QAbstractItemModelTester tester(view.model(),
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        view.setMessage(run->messages.first(), QStringLiteral("Messenger 4.5"));
        QVERIFY2(view.noteText().startsWith(QLatin1String("not parseable as MIME: ")),
                 qPrintable(view.noteText()));
        QCOMPARE(view.model()->rowCount(), 0);
        QVERIFY(view.tree()->isHidden());
    }

    void withoutReference()
    {
        fetch::MessageOutcome m;
        m.displayed = "Subject: x\r\n\r\nbody\r\n";
        MimePartsView view;
        view.setMessage(m, QStringLiteral("Messenger 4.5"));
        QCOMPARE(view.noteText(), QStringLiteral("No reference copy: the parts cannot be judged."));
        QCOMPARE(view.model()->rowCount(), 0);
        // Contrast: with a reference copy that is not MIME, the line says that instead.
        m.reference = m.displayed;
        view.setMessage(m, QStringLiteral("Messenger 4.5"));
        QVERIFY2(view.noteText().startsWith(QLatin1String("Not a MIME message")),
                 qPrintable(view.noteText()));
    }

    void windowSelectsThePartEverywhere()
    {
        // A first start: the built-in server (exchange55-presp2) over SSL with kb-q194998.
        QCoreApplication::setOrganizationName(QStringLiteral("msim-test"));
        QCoreApplication::setApplicationName(QStringLiteral("parts-tree"));
        QSettings().clear();
        MainWindow w;
        QSignalSpy fetched(&w, &MainWindow::fetchFinished);
        w.show();
        w.start();
        QVERIFY(fetched.wait(30000)); // the first start opens UID 6 by itself
        // Contrast: UID 6 is one part (its body): no boundary between parts to mark.
        auto *map = w.findChild<ChunkMapWidget *>();
        QVERIFY(map);
        QCOMPARE(map->picture().parts.size(), 1);
        for (int x = 0; x < map->width(); ++x)
            for (int y = 0; y < 60; y += 4)
                QVERIFY(map->toolTipAt(QPoint(x, y)) != map->picture().parts.first().tip);
        fetched.clear();
        w.openMessage(kMultipartUid);
        QVERIFY(fetched.wait(30000));
        QVERIFY(w.lastOutcome());
        QCOMPARE(w.lastOutcome()->server.security, net::Security::Ssl);
        const fetch::MessageOutcome &m = w.lastOutcome()->messages.first();
        QCOMPARE(m.uid, kMultipartUid);
        QVERIFY(m.reference && m.mime);
        QCOMPARE(m.mime->parts.size(), 3);

        MessageView *view = w.messageView();
        MimePartsView *parts = view->partsView();
        const QStringList rows = rowsOf(parts->model());
        QCOMPARE(rows.size(), 3);
        QVERIFY2(rows[0].startsWith(QLatin1String("1|")) &&
                     rows[0].endsWith(QLatin1String("|intact")),
                 qPrintable(rows[0]));
        QVERIFY2(rows[1].startsWith(QLatin1String("2|pattern.bin (")) &&
                     rows[1].contains(QStringLiteral("|cut · ")),
                 qPrintable(rows[1]));
        QVERIFY2(rows[2].startsWith(QLatin1String("3|notes.txt (")) &&
                     rows[2].endsWith(QLatin1String("|missing")),
                 qPrintable(rows[2]));

        // The chunk picture: a boundary per part, each with the part's sentence as its tooltip.
        QCOMPARE(map->picture().parts.size(), 3);
        QSet<QString> tips;
        for (int x = 0; x < map->width(); ++x)
            for (int y = 0; y < 60; y += 4)
                tips.insert(map->toolTipAt(QPoint(x, y)));
        for (const auto &mark : map->picture().parts)
            QVERIFY2(tips.contains(mark.tip), qPrintable(mark.tip));
        QVERIFY(!map->selectedRange());

        // Part 2: its octets in the true message, the displayed octets that show it (a prefix
        // display: the same offsets, up to where the display stops), and the picture's band.
        w.dock(QStringLiteral("chunkDock"))->raise();
        const fetch::MimePart &two = m.mime->parts[1].part;
        QVERIFY(two.offset < m.displayed.size() && two.end() > m.displayed.size());
        QVERIFY(clickPart(parts, QStringLiteral("2")));
        QCOMPARE(view->referenceSelection(), asSelected(m.reference->mid(two.offset, two.length)));
        QCOMPARE(view->displayedSelection(),
                 asSelected(m.displayed.mid(two.offset, m.displayed.size() - two.offset)));
        QVERIFY(map->selectedRange());
        QCOMPARE(*map->selectedRange(), (fetch::Range{two.offset, two.end()}));
        QVERIFY2(!parts->statusText().contains(QLatin1String("is not in what")),
                 qPrintable(parts->statusText()));

        // Part 3 never reached the screen: nothing selected in the displayed text, and said so.
        const fetch::MimePart &three = m.mime->parts[2].part;
        QVERIFY(clickPart(parts, QStringLiteral("3")));
        QCOMPARE(view->displayedSelection(), QString());
        QCOMPARE(view->referenceSelection(),
                 asSelected(m.reference->mid(three.offset, three.length)));
        QVERIFY2(parts->statusText().startsWith(
                     QLatin1String("Part 3 (notes.txt) is not in what Messenger 4.5 displayed")),
                 qPrintable(parts->statusText()));
        QCOMPARE(*map->selectedRange(), (fetch::Range{three.offset, three.end()}));

        // Another message takes the selection away.
        fetched.clear();
        w.fetchAgain();
        QVERIFY(fetched.wait(30000));
        QVERIFY(!map->selectedRange());
        QCOMPARE(view->displayedSelection(), QString());
        QCOMPARE(parts->statusText(), QString());
    }
};

QTEST_MAIN(tst_PartsTree)
#include "tst_partstree.moc"
