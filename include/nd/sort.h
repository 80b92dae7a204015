/* nd: sort (being written). */
#ifndef ND_SORT_H
#define ND_SORT_H
#include "nd/core.h"
#endif
