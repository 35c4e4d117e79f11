// SPDX-License-Identifier: MIT
#pragma once

#include <QVariant>

#include <span>

namespace msim::ui {

// One column of a table model's horizontal header (DESIGN.md §6: models share their header
// code): its title and, where it has one, its tool tip, as source text looked up in the model's
// translation context (msim ships no translations yet).
struct ColumnHeading
{
    const char *title;
    const char *toolTip = nullptr;

    // The horizontal header data of a model whose columns are `headings`, in column order: the
    // title for Qt::DisplayRole, the tool tip for Qt::ToolTipRole (when the column has one),
    // otherwise (another role, a section out of range) an invalid QVariant. `context` is the
    // translation context, the model's class name (staticMetaObject.className()).
    static QVariant headerData(std::span<const ColumnHeading> headings, const char *context,
                               int section, int role);
};

} // namespace msim::ui
