/* nd: linalg (being written). */
#ifndef ND_LINALG_H
#define ND_LINALG_H
#include "nd/core.h"
#endif
