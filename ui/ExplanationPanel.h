// SPDX-License-Identifier: MIT
#pragma once

#include "diagnose/Explanation.h"

#include <QWidget>

class QLabel;
class QPushButton;
class QToolButton;

namespace msim::ui {

// "What this means" under the message view's banner (issue 17): for the outcome on screen, the
// headline in one line, then (open at first; the user may fold it) each fault's cause, the
// report it matches, the servers known, the workaround and the fix on the server side
// (diagnose::Explanation). "Apply workaround and fetch again" asks for the
// workaround's prefs to be set and the message fetched again (workaroundRequested); the main
// window hands that to SettingsPane::applyWorkaround. Hidden while nothing is judged.
class ExplanationPanel : public QWidget
{
    Q_OBJECT
public:
    explicit ExplanationPanel(QWidget *parent = nullptr);

    // Shows what `m` (fetched over `security` by `client`) means; hides the panel when there is
    // nothing to say (a message that could not be fetched).
    void explain(const fetch::MessageOutcome &m, net::Security security, const QString &client);
    void clear(); // hidden: a fetch going on, an error, a placeholder
    // A read-only outcome (a report opened from a folder): no "Apply workaround and fetch
    // again", since that message cannot be fetched from here. Until the next explain().
    void hideWorkaroundButton();

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
    QPushButton *m_apply;
};

} // namespace msim::ui
