// SPDX-License-Identifier: MIT
#pragma once

#include <Qt>

namespace msim::ui {

// Every custom item-data role of msim's models, in one enum (DESIGN.md §6).
enum ItemRole {
    SortRole = Qt::UserRole + 1, // the value to sort by (numbers as numbers)
    UidRole,                     // quint32: a message's UID
    VerdictRole,                 // QString: "complete", "truncated", ... or empty when not fetched
    SizeRole,                    // qint64: RFC822.SIZE
    PrefNameRole,                // QString: a pref's name
    PrefDefaultRole,             // QVariant: a pref's 4.x default
    PrefUserSetRole,             // bool: the value differs from the preset/default (highlighted)
    LineKindRole,                // int: net::Transcript::Line::Kind
    OffsetRole,                  // qint64: a stream offset
    ConnectionRole,              // int: which connection of the run
    CellRole,                    // int: index of a matrix cell
    PartRole,                    // int: index of a MIME part in fetch::MimeDamage::parts
};

} // namespace msim::ui
