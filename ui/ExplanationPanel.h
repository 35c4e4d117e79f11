// SPDX-License-Identifier: MIT
#pragma once

#include "diagnose/Explanation.h"

#include <QWidget>

class QLabel;
class QPushButton;
class QScrollArea;
class QToolButton;

namespace msim::ui {

// "What this means" under the message view's banner (issue 17): for the outcome on screen, the
// headline in one line, and on demand (a collapsible box, so the window still fits 1024x700)
// each fault's cause, the report it matches, the servers known, the workaround and the fix on
// the server side (diagnose::Explanation). "Apply workaround and fetch again" asks for the
// workaround's prefs to be set and the message fetched again (workaroundRequested); the main
// window hands that to SettingsPane::applyWorkaround. Hidden while nothing is judged.
class ExplanationPanel : public QWidget
{
    Q_OBJECT
public:
    // Pixels the expanded explanation takes at most; it scrolls beyond.
    static constexpr int kMaxBodyHeight = 200;
    // Pixels it takes at least when open (if it has that much to say), so that it stays
    // readable when the window is small (1024x700) and the message texts give way.
    static constexpr int kMinOpenHeight = 90;

    explicit ExplanationPanel(QWidget *parent = nullptr);

    // Shows what `m` (fetched over `security` by `client`) means; hides the panel when there is
    // nothing to say (a message that could not be fetched).
    void explain(const fetch::MessageOutcome &m, net::Security security, const QString &client);
    void clear(); // hidden: a fetch going on, an error, a placeholder

    void setExpanded(bool expanded);
    bool isExpanded() const;
    QString text() const { return m_explanation.toText(); } // everything, expanded or not
    QStringList workaroundSets() const { return m_explanation.workaroundSets; }

Q_SIGNALS:
    // "Apply workaround and fetch again": the prefs to set, "NAME=VALUE" each.
    void workaroundRequested(const QStringList &sets);

private:
    diagnose::Explanation m_explanation;
    QToolButton *m_toggle;
    QLabel *m_headline;
    QLabel *m_body;
    QScrollArea *m_scroll; // m_body, at most kMaxBodyHeight tall
    QPushButton *m_apply;
};

} // namespace msim::ui
