// SPDX-License-Identifier: MIT
#pragma once

#include "net/NameTable.h"

namespace msim::fetch {

// How a message's download was made (DESIGN.md §4 `strategy`): None when it never began.
enum class Strategy { None, Chunked, Whole };
inline constexpr auto kStrategyNames =
    net::nameTable<Strategy>({{Strategy::Chunked, "chunked"}, {Strategy::Whole, "whole"}});

} // namespace msim::fetch
