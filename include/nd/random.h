/* nd: random (being written). */
#ifndef ND_RANDOM_H
#define ND_RANDOM_H
#include "nd/core.h"
#endif
