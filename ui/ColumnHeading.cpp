// SPDX-License-Identifier: MIT
#include "ui/ColumnHeading.h"

#include <QCoreApplication>

namespace msim::ui {

QVariant ColumnHeading::headerData(std::span<const ColumnHeading> headings, const char *context,
                                   int section, int role)
{
    if (section < 0 || size_t(section) >= headings.size())
        return {};
    const ColumnHeading &h = headings[size_t(section)];
    if (role == Qt::DisplayRole)
        return QCoreApplication::translate(context, h.title);
    if (role == Qt::ToolTipRole && h.toolTip)
        return QCoreApplication::translate(context, h.toolTip);
    return {};
}

} // namespace msim::ui
