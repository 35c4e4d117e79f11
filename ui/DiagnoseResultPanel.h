// SPDX-License-Identifier: MIT
#pragma once

#include "diagnose/Diagnosis.h"

#include <QScrollArea>

class QLabel;
class QPushButton;
class QVBoxLayout;

namespace msim::ui {

// The result panel of Account ▸ Diagnose server… (DESIGN.md §4 diagnose; issue 18 item 5): the
// verdict, then per fault found its sentence (DiagnoseOutput::faultSentence, with the reference),
// who suffers (each preset's measured outcome), the verified workaround or that no candidate
// came back complete, and a "Save as scenario…" button (DiagnoseScenario::reproduction: disabled,
// with the reason as its tooltip, where no built-in profile shows the fault). It only shows; the
// dialog saves.
class DiagnoseResultPanel : public QScrollArea
{
    Q_OBJECT
public:
    explicit DiagnoseResultPanel(QWidget *parent = nullptr);

    // Replaces what is shown: `text` alone (while running, or before a run).
    void showMessage(const QString &text);
    void showResult(const diagnose::DiagnoseResult &result);

    // The verdict line as shown ("Conformant: …", "Faults found: …", "Could not run: …",
    // "Cancelled: …"), for tests.
    QString verdictText() const;
    // The whole panel as plain text, for tests and a ticket.
    QString plainText() const;
    // The fault's "Save as scenario…" button (objectName "saveScenario-<id>"); nullptr when the
    // result shown has no such fault.
    QPushButton *saveButton(int fault) const;

Q_SIGNALS:
    void saveScenarioRequested(int fault); // index into the result's faults

private:
    void clear();   // a new body, not shown yet
    void present(); // shows the body filled since clear()
    QLabel *addText(const QString &text, QLayout *into);

    QWidget *m_body = nullptr;
    QVBoxLayout *m_layout = nullptr;
    QLabel *m_verdict = nullptr;
    QList<QPushButton *> m_saveButtons;
};

} // namespace msim::ui
