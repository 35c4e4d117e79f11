// SPDX-License-Identifier: MIT
#pragma once

#include "fetch/FetchOutcome.h"

#include <QWidget>

class QLabel;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;
class QTabWidget;

namespace msim::ui {

class ExplanationPanel;
class MimePartsView;

// The message pane (DESIGN.md §1): a banner with the verdict (complete / truncated / duplicated
// / corrupted / failed) and the finding sentences, then the text as the emulated client
// displays it — the truncation point and the ranges shown twice marked — beside the reference
// copy with the part never shown marked, and under the banner what it means (ExplanationPanel)
// with the MIME parts of the true message in a tab beside it (MimePartsView): choosing a part
// selects its octets in both texts.
// While a message is fetched it shows progress (chunks, octets) and a Cancel button; a
// cancelled fetch is shown as cancelled, with what had arrived.
class MessageView : public QWidget
{
    Q_OBJECT
public:
    // Octets shown per pane; the report's .eml files hold everything.
    static constexpr qint64 kMaxShownOctets = 2 * 1024 * 1024;

    explicit MessageView(QWidget *parent = nullptr);

    void showPlaceholder(const QString &text);
    void showFetching(quint32 uid, const QString &subject, qint64 size);
    void setProgress(const QString &stage, qint64 octets, qint64 total, int chunks);
    void showOutcome(const fetch::MessageOutcome &m, const QString &client,
                     const QString &error = {});
    // The message could not be fetched (`error` says why).
    void showError(const QString &error);
    // The message list of `account` could not be loaded (`error` says why): no message is shown.
    void showListError(const QString &account, const QString &error);
    // A fetch the user cancelled: no verdict, what had arrived so far, and what became of
    // \Seen (`seen`: the run's sentences about it, warnings first). verdict() is "cancelled".
    void showCancelled(const fetch::MessageOutcome &m, const QString &client,
                       const QStringList &seen);

    // "What this means" for the outcome shown last (showOutcome), fetched over `security`.
    void explain(const fetch::MessageOutcome &m, net::Security security, const QString &client);
    ExplanationPanel *explanation() const { return m_explanation; }
    // A report opened from a folder (File > Open report): the outcome as showOutcome() shows it,
    // under a line saying where it came from and that it is read-only (`source`, e.g. "Report
    // opened from /path (made …): read-only"); Fetch again is hidden, since the report cannot be
    // fetched again. Any other show…() call takes the line away. `m` null: a report of a run
    // that fetched nothing, shown as its error.
    // `security`: the transport the report's fetch used, for what the outcome means.
    void showReport(const fetch::MessageOutcome *m, const QString &client, const QString &error,
                    const QString &source, net::Security security);
    QString reportSource() const; // the line while a report is shown, else ""

    QString bannerText() const;
    QString verdict() const { return m_verdict; }
    QString displayedText() const;
    QString referenceText() const;
    // The text selected in each pane (a chosen MIME part), paragraph breaks as U+2029.
    QString displayedSelection() const;
    QString referenceSelection() const;
    MimePartsView *partsView() const { return m_parts; }

Q_SIGNALS:
    void cancelRequested();
    void fetchAgainRequested();
    // The explanation's "Apply workaround and fetch again": prefs to set, "NAME=VALUE" each.
    void workaroundRequested(const QStringList &sets);
    // A MIME part was chosen in the parts tab: its octets [from, to) in the true message.
    void partSelected(qint64 from, qint64 to);
    void partCleared();

private:
    void setBanner(const QString &verdict, const QString &headline, const QStringList &details);
    void clearTexts(); // both texts empty, their titles without a message's sizes
    void showParts(const fetch::MessageOutcome *m, const QString &client); // null: none

    QLabel *m_source;
    QLabel *m_banner;
    QLabel *m_details;
    ExplanationPanel *m_explanation;
    QProgressBar *m_progress;
    QPushButton *m_cancel;
    QPushButton *m_again;
    QLabel *m_leftTitle;
    QLabel *m_rightTitle;
    QPlainTextEdit *m_displayed;
    QPlainTextEdit *m_reference;
    QTabWidget *m_tabs;
    MimePartsView *m_parts;
    QByteArray m_displayedBytes; // the octets in each pane, for a part's offsets
    QByteArray m_referenceBytes;
    QString m_verdict;
};

} // namespace msim::ui
