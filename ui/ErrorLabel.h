// SPDX-License-Identifier: MIT
#pragma once

#include <QLabel>

namespace msim::ui {

// A panel's error line (DESIGN.md §1: errors show in the panel, never on stderr): plain text in
// red, wrapped, selectable so it can be pasted into a ticket, hidden while there is no error.
// Its objectName is "errorLabel", for tests and style sheets.
class ErrorLabel : public QLabel
{
    Q_OBJECT
public:
    explicit ErrorLabel(QWidget *parent = nullptr);

    // Shows `text`; an empty text hides the line.
    void setError(const QString &text);
};

} // namespace msim::ui
