// SPDX-License-Identifier: MIT
#include "fetch/Clock.h"
