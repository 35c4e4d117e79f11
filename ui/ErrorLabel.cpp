// SPDX-License-Identifier: MIT
#include "ui/ErrorLabel.h"

namespace msim::ui {

ErrorLabel::ErrorLabel(QWidget *parent)
    : QLabel(parent)
{
    setObjectName(QStringLiteral("errorLabel"));
    setWordWrap(true);
    setTextFormat(Qt::PlainText);
    setTextInteractionFlags(Qt::TextSelectableByMouse);
    setStyleSheet(QStringLiteral("QLabel { color: #b91c1c; }"));
    hide();
}

void ErrorLabel::setError(const QString &text)
{
    setText(text);
    setVisible(!text.isEmpty());
}

} // namespace msim::ui
