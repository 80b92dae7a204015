/* nd: a NumPy-like n-dimensional array library for C. See docs/design.md. */
#ifndef ND_H
#define ND_H
#include "nd/version.h"
#include "nd/core.h"
#include "nd/view.h"
#include "nd/machine.h"
#include "nd/ufunc.h"
#include "nd/iter.h"
#include "nd/reduce.h"
#include "nd/profile.h"
#include "nd/io.h"
#include "nd/manip.h"
#include "nd/expr.h"
#include "nd/linalg.h"
#include "nd/sort.h"
#include "nd/random.h"
#include "nd/fft.h"
#include "nd/einsum.h"
#include "nd/signal.h"
#include "nd/poly.h"
#include "nd/stats.h"
#include "nd/select.h"
#endif
