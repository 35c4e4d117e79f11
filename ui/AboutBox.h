// SPDX-License-Identifier: MIT
#pragma once

class QWidget;

namespace msim::ui {

// Help > About msim (DESIGN.md §1): what msim reproduces, the KB Q194998 case it opens with,
// and the steps a support engineer takes.
class AboutBox
{
public:
    static void show(QWidget *parent); // a modal message box
};

} // namespace msim::ui
