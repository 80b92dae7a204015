/* nd: expr (being written). */
#ifndef ND_EXPR_H
#define ND_EXPR_H
#include "nd/core.h"
#endif
