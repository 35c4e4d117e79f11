// SPDX-License-Identifier: MIT
#include "ui/AboutBox.h"

#include <QCoreApplication>
#include <QMessageBox>

namespace msim::ui {

void AboutBox::show(QWidget *parent)
{
    const char *context = "msim::ui::MainWindow";
    QMessageBox::about(
        parent, QCoreApplication::translate(context, "About msim"),
        QCoreApplication::translate(
            context, "<p><b>msim</b> reproduces what Netscape Messenger 4.5's IMAP client "
                     "did to a mail server, and what it displayed.</p><p>KB Q194998: "
                     "Messenger 4.5 fetched messages in chunks; over SSL, Exchange 5.5 "
                     "before SP2 sent more octets than a chunk's literal announced, and "
                     "Messenger logged out and showed the message cut off. The "
                     "workaround was <tt>user_pref(\"mail.imap.fetch_by_chunks\", "
                     "false);</tt>.</p><p>Open a message to fetch it as 4.5 did; the "
                     "banner, the chunk picture and the transcript show what happened. "
                     "Untick fetch_by_chunks in the settings and fetch again; run the "
                     "matrix; export the report for the ticket.</p>"));
}

} // namespace msim::ui
