/* Reductions and cumulative ops (being written). */
#ifndef ND_REDUCE_H
#define ND_REDUCE_H
#include "nd/core.h"
#endif
