// SPDX-License-Identifier: MIT
#include "ui/ExplanationPanel.h"

#include "net/Printable.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QScrollArea>
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
    , m_scroll(new QScrollArea)
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
    m_scroll->setWidget(m_body);
    m_scroll->setWidgetResizable(true);
    m_scroll->setFrameShape(QFrame::NoFrame);
    m_scroll->setMaximumHeight(kMaxBodyHeight);
    m_scroll->setVisible(false);
    m_apply->setObjectName(QStringLiteral("applyWorkaround"));
    m_apply->setToolTip(tr("Set the workaround's prefs in the settings pane and fetch this "
                           "message again on a new connection"));
    connect(m_toggle, &QToolButton::toggled, this, &ExplanationPanel::setExpanded);
    connect(m_apply, &QPushButton::clicked, this,
            [this] { Q_EMIT workaroundRequested(m_explanation.workaroundSets); });

    auto *top = new QHBoxLayout;
    top->setContentsMargins(0, 0, 0, 0);
    top->addWidget(m_toggle, 0, Qt::AlignTop);
    top->addWidget(m_headline, 1);
    top->addWidget(m_apply, 0, Qt::AlignTop);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 0, 4, 0);
    layout->setSpacing(2);
    layout->addLayout(top);
    layout->addWidget(m_scroll);
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
    m_scroll->setMinimumHeight(
        on ? std::min(m_body->heightForWidth(std::max(m_scroll->viewport()->width(), 300)),
                      int(kMinOpenHeight))
           : 0);
    m_scroll->setVisible(on);
}

bool ExplanationPanel::isExpanded() const
{
    return m_toggle->isChecked();
}

} // namespace msim::ui
