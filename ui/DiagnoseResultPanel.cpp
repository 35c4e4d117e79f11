// SPDX-License-Identifier: MIT
#include "ui/DiagnoseResultPanel.h"

#include "diagnose/DiagnoseOutput.h"
#include "diagnose/DiagnoseScenario.h"

#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

namespace msim::ui {

namespace {

QString transportsText(const diagnose::DiagnoseResult &r)
{
    QStringList names;
    for (net::Security s : r.probedTransports())
        names << net::securityName(s);
    return names.join(QStringLiteral(", "));
}

QString verdictSentence(const diagnose::DiagnoseResult &r)
{
    if (r.cancelled)
        return DiagnoseResultPanel::tr("Cancelled: the diagnosis was stopped; the probes that "
                                       "ran are listed above.");
    if (r.error)
        return DiagnoseResultPanel::tr("Could not run: %1").arg(*r.error);
    const qsizetype probes = r.probes.size();
    if (r.conformant())
        return DiagnoseResultPanel::tr("Conformant: no known partial-fetch fault showed in %1 %2 "
                                       "(probed over %3).")
            .arg(probes)
            .arg(probes == 1 ? DiagnoseResultPanel::tr("probe") : DiagnoseResultPanel::tr("probes"))
            .arg(transportsText(r));
    return DiagnoseResultPanel::tr("Faults found: %1 known %2 (probed over %3).")
        .arg(r.faults.size())
        .arg(r.faults.size() == 1 ? DiagnoseResultPanel::tr("fault")
                                  : DiagnoseResultPanel::tr("faults"))
        .arg(transportsText(r));
}

QString workaroundSentence(const diagnose::DiagnosedFault &f)
{
    if (const diagnose::WorkaroundCandidate *c = f.verifiedWorkaround())
        return DiagnoseResultPanel::tr("Verified workaround: %1 (the re-run came back complete).")
            .arg(diagnose::DiagnoseOutput::candidateText(*c));
    QStringList tried;
    for (const diagnose::WorkaroundCandidate &c : f.candidates)
        tried << diagnose::DiagnoseOutput::candidateText(c);
    if (tried.isEmpty())
        return DiagnoseResultPanel::tr("No candidate came back complete: none was tried.");
    return DiagnoseResultPanel::tr("No candidate came back complete (tried: %1).")
        .arg(tried.join(QStringLiteral("; ")));
}

} // namespace

DiagnoseResultPanel::DiagnoseResultPanel(QWidget *parent)
    : QScrollArea(parent)
{
    setObjectName(QStringLiteral("diagnoseResult"));
    setWidgetResizable(true);
    setFrameShape(QFrame::StyledPanel);
    showMessage(QString());
}

void DiagnoseResultPanel::clear()
{
    m_saveButtons.clear();
    m_body = new QWidget;
    m_layout = new QVBoxLayout(m_body);
    m_verdict = new QLabel(m_body);
    m_verdict->setObjectName(QStringLiteral("diagnoseVerdict"));
    m_verdict->setWordWrap(true);
    m_verdict->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QFont bold = m_verdict->font();
    bold.setBold(true);
    m_verdict->setFont(bold);
    m_layout->addWidget(m_verdict);
}

void DiagnoseResultPanel::present()
{
    m_layout->addStretch(1);
    // Set once filled: the scroll area measures the wrapped labels' heights when it takes the
    // body (a body filled after setWidget() was squeezed, its labels drawn over each other).
    setWidget(m_body); // deletes the previous body
}

QLabel *DiagnoseResultPanel::addText(const QString &text, QLayout *into)
{
    auto *l = new QLabel(text);
    l->setWordWrap(true);
    l->setTextFormat(Qt::PlainText);
    l->setTextInteractionFlags(Qt::TextSelectableByMouse);
    into->addWidget(l);
    return l;
}

void DiagnoseResultPanel::showMessage(const QString &text)
{
    clear();
    m_verdict->setText(text);
    present();
}

void DiagnoseResultPanel::showResult(const diagnose::DiagnoseResult &r)
{
    clear();
    m_verdict->setText(verdictSentence(r));
    for (int i = 0; i < r.faults.size(); ++i) {
        const diagnose::DiagnosedFault &f = r.faults[i];
        auto *box = new QGroupBox(f.id, m_body); // the sentence starts with the title
        box->setObjectName(QStringLiteral("fault-") + f.id);
        auto *v = new QVBoxLayout(box);
        addText(diagnose::DiagnoseOutput::faultSentence(f), v);
        if (!f.evidence.isEmpty())
            addText(tr("Evidence (UID %1): %2").arg(f.uid).arg(f.evidence), v);
        if (!f.affects.isEmpty()) {
            QStringList who;
            for (const diagnose::AffectedClient &a : f.affects)
                who << QStringLiteral("• %1: %2").arg(a.preset, a.sentence);
            addText(tr("Who suffers:") + QLatin1Char('\n') + who.join(QLatin1Char('\n')), v);
        }
        addText(workaroundSentence(f), v);
        auto *row = new QHBoxLayout;
        auto *save = new QPushButton(tr("Save as scenario…"), box);
        save->setObjectName(QStringLiteral("saveScenario-") + f.id);
        QString why;
        if (diagnose::DiagnoseScenario::reproduction(f, r, &why)) {
            save->setToolTip(tr("Save %1 as a scenario that the built-in server reproduces")
                                 .arg(f.id));
        } else {
            save->setEnabled(false);
            save->setToolTip(why);
        }
        connect(save, &QPushButton::clicked, this, [this, i] { Q_EMIT saveScenarioRequested(i); });
        m_saveButtons << save;
        row->addWidget(save);
        if (!save->isEnabled())
            addText(why, row); // the tooltip of a disabled button is easily missed
        else
            row->addStretch(1);
        v->addLayout(row);
        m_layout->addWidget(box);
    }
    for (const QString &w : r.warnings)
        addText(tr("Warning: %1").arg(w), m_layout);
    for (const QString &n : r.notes)
        addText(tr("Note: %1").arg(n), m_layout);
    present();
}

QString DiagnoseResultPanel::verdictText() const
{
    return m_verdict->text();
}

QString DiagnoseResultPanel::plainText() const
{
    QStringList lines;
    for (const QLabel *l : m_body->findChildren<QLabel *>())
        lines << l->text();
    return lines.join(QLatin1Char('\n'));
}

QPushButton *DiagnoseResultPanel::saveButton(int fault) const
{
    return m_saveButtons.value(fault);
}

} // namespace msim::ui
