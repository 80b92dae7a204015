/* nd: manip (being written). */
#ifndef ND_MANIP_H
#define ND_MANIP_H
#include "nd/core.h"
#endif
