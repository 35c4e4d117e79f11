#include "fetch/Clock.h"
