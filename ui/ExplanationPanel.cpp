// SPDX-License-Identifier: MIT
#include "ui/ExplanationPanel.h"

#include "net/Printable.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QToolButton>
#include <QVBoxLayout>

namespace msim::ui {

namespace {

// Catalogue text is msim's and a user's own file: shown as text, never as markup.
QString html(const QString &s)
{
    return net::printable::text(s).toHtmlEscaped();
}

QString bodyHtml(const diagnose::Explanation &x)
{
    QString out;
    for (const diagnose::Explanation::Item &i : x.items) {
        out += QStringLiteral("<p style='margin:2px 0'><b>%1</b><br>%2").arg(html(i.title), html(i.cause));
        if (!i.reports.isEmpty())
            out += QStringLiteral("<br><i>%1</i>").arg(html(i.reports));
        if (!i.servers.isEmpty())
            out += QStringLiteral("<br>%1").arg(html(i.servers));
        if (!i.workaround.isEmpty())
            out += QStringLiteral("<br><b>%1</b> %2").arg(ExplanationPanel::tr("Workaround:"), html(i.workaround));
        if (!i.serverFix.isEmpty())
            out += QStringLiteral("<br><b>%1</b> %2").arg(ExplanationPanel::tr("Fix on the server:"), html(i.serverFix));
        out += QStringLiteral("</p>");
    }
    return out;
}

} // namespace

ExplanationPanel::ExplanationPanel(QWidget *parent)
    : QWidget(parent)
    , m_toggle(new QToolButton)
    , m_headline(new QLabel)
    , m_body(new QLabel)
    , m_apply(new QPushButton(tr("Apply workaround and fetch again")))
{
    setObjectName(QStringLiteral("explanationPanel"));
    m_toggle->setObjectName(QStringLiteral("explanationToggle"));
    m_toggle->setText(tr("What this means"));
    m_toggle->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_toggle->setCheckable(true);
    m_toggle->setAutoRaise(true);
    m_toggle->setArrowType(Qt::RightArrow);
    m_headline->setTextFormat(Qt::PlainText);
    m_headline->setWordWrap(true);
    m_headline->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_body->setTextFormat(Qt::RichText);
    m_body->setWordWrap(true);
    m_body->setTextInteractionFlags(Qt::TextBrowserInteraction);
    m_body->setOpenExternalLinks(false);
    m_body->setVisible(false);
    m_apply->setObjectName(QStringLiteral("applyWorkaround"));
    m_apply->setToolTip(tr("Set the workaround's prefs in the settings pane and fetch this "
                           "message again on a new connection"));
    connect(m_toggle, &QToolButton::toggled, this, &ExplanationPanel::setExpanded);
    connect(m_apply, &QPushButton::clicked, this,
            [this] { Q_EMIT workaroundRequested(m_explanation.workaroundSets); });

    // The headline takes the whole width under the toggle and the button (a narrow window
    // squeezed it into a column between them).
    auto *top = new QHBoxLayout;
    top->setContentsMargins(0, 0, 0, 0);
    top->addWidget(m_toggle);
    top->addStretch(1);
    top->addWidget(m_apply);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 0, 4, 0);
    layout->setSpacing(2);
    layout->addLayout(top);
    layout->addWidget(m_headline);
    layout->addWidget(m_body);
    // Open from the start: the cause, the report, the workaround and the fix are what the
    // first screen must say (the message view scrolls it when the window is small).
    m_toggle->setChecked(true);
    clear();
}

void ExplanationPanel::explain(const fetch::MessageOutcome &m, net::Security security,
                               const QString &client)
{
    m_explanation = diagnose::Explanation::of(m, security, client);
    if (m_explanation.headline.isEmpty()) {
        clear();
        return;
    }
    m_headline->setText(net::printable::text(m_explanation.headline));
    m_body->setText(bodyHtml(m_explanation));
    m_toggle->setEnabled(!m_explanation.items.isEmpty());
    m_apply->setVisible(!m_explanation.workaroundSets.isEmpty());
    m_apply->setToolTip(tr("Sets %1 in the settings pane, then fetches this message again on a "
                           "new connection")
                            .arg(m_explanation.workaroundSets.join(QStringLiteral(", "))));
    setExpanded(isExpanded());
    setVisible(true);
}

void ExplanationPanel::hideWorkaroundButton()
{
    m_apply->setVisible(false);
}

void ExplanationPanel::clear()
{
    m_explanation = {};
    m_headline->clear();
    m_body->clear();
    m_apply->setVisible(false);
    setVisible(false);
}

void ExplanationPanel::setExpanded(bool expanded)
{
    const bool on = expanded && !m_explanation.items.isEmpty();
    if (m_toggle->isChecked() != expanded)
        m_toggle->setChecked(expanded); // calls back once with the same value
    m_toggle->setArrowType(on ? Qt::DownArrow : Qt::RightArrow);
    m_body->setVisible(on);
}

bool ExplanationPanel::isExpanded() const
{
    return m_toggle->isChecked();
}

} // namespace msim::ui
