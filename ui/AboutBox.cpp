// SPDX-License-Identifier: MIT
#include "ui/AboutBox.h"

#include "net/Version.h"

#include <QCoreApplication>
#include <QDialog>
#include <QDialogButtonBox>
#include <QFile>
#include <QHeaderView>
#include <QLabel>
#include <QTableWidget>
#include <QTextBrowser>
#include <QVBoxLayout>

#include <functional>

namespace msim::ui {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("msim::ui::AboutBox", text);
}

// The dialog named `name` under `parent`, raised, or a new one made by `make` and shown.
QDialog *single(QWidget *parent, const QString &name, const QString &title, QSize size,
                const std::function<void(QDialog *, QVBoxLayout *)> &make)
{
    if (auto *open = parent->findChild<QDialog *>(name)) {
        open->raise();
        open->activateWindow();
        return open;
    }
    auto *d = new QDialog(parent);
    d->setObjectName(name);
    d->setWindowTitle(title);
    d->setAttribute(Qt::WA_DeleteOnClose);
    auto *layout = new QVBoxLayout(d);
    make(d, layout);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, d);
    QObject::connect(buttons, &QDialogButtonBox::rejected, d, &QDialog::reject);
    layout->addWidget(buttons);
    d->resize(size);
    d->show();
    return d;
}

} // namespace

QString AboutBox::versionLine()
{
    return net::versionLine(QStringLiteral("msim"));
}

QDialog *AboutBox::show(QWidget *parent)
{
    return single(parent, QStringLiteral("aboutDialog"), tr("About msim"), QSize(520, 360),
                  [](QDialog *, QVBoxLayout *layout) {
        auto *label = new QLabel(
            tr("<p><b>%1</b></p><p>msim reproduces what Netscape Messenger 4.5's IMAP client did "
               "to a mail server, and what it displayed.</p><p>KB Q194998: Messenger 4.5 fetched "
               "messages in chunks; over SSL, Exchange 5.5 before SP2 sent more octets than a "
               "chunk's literal announced, and Messenger logged out and showed the message cut "
               "off. The workaround was <tt>user_pref(\"mail.imap.fetch_by_chunks\", "
               "false);</tt>; the fix, Exchange 5.5 SP2.</p><p>Help ▸ Guide (F1) walks through "
               "a ticket. MIT licence.</p>")
                .arg(versionLine().toHtmlEscaped()));
        label->setObjectName(QStringLiteral("aboutText"));
        label->setWordWrap(true);
        label->setTextInteractionFlags(Qt::TextSelectableByMouse);
        layout->addWidget(label, 1);
    });
}

QDialog *AboutBox::showGuide(QWidget *parent)
{
    return single(parent, QStringLiteral("guideDialog"), tr("msim guide"), QSize(640, 560),
                  [](QDialog *, QVBoxLayout *layout) {
        auto *browser = new QTextBrowser;
        browser->setObjectName(QStringLiteral("guideText"));
        browser->setOpenExternalLinks(true);
        QFile f(QStringLiteral(":/msim/ui/guide.html"));
        browser->setHtml(f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll())
                                                     : tr("The guide is missing from this build."));
        layout->addWidget(browser, 1);
    });
}

QDialog *AboutBox::showShortcuts(QWidget *parent, const QList<QPair<QString, QString>> &rows)
{
    return single(parent, QStringLiteral("shortcutsDialog"), tr("Keyboard shortcuts"),
                  QSize(460, 520), [&rows](QDialog *, QVBoxLayout *layout) {
        auto *table = new QTableWidget(int(rows.size()), 2);
        table->setObjectName(QStringLiteral("shortcutsTable"));
        table->setHorizontalHeaderLabels({tr("Action"), tr("Keys")});
        table->verticalHeader()->setVisible(false);
        table->setEditTriggers(QAbstractItemView::NoEditTriggers);
        table->setSelectionBehavior(QAbstractItemView::SelectRows);
        table->setTabKeyNavigation(false);
        for (int i = 0; i < rows.size(); ++i) {
            table->setItem(i, 0, new QTableWidgetItem(rows[i].first));
            table->setItem(i, 1, new QTableWidgetItem(rows[i].second));
        }
        table->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
        table->horizontalHeader()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
        layout->addWidget(new QLabel(tr("In the message list: the arrow keys open a message, "
                                        "Enter fetches it again, Tab moves on to the message.")));
        layout->addWidget(table, 1);
    });
}

} // namespace msim::ui
