/* nd and OpenBLAS never oversubscribe: nd calls BLAS from the calling thread
   only (never from a pool worker), and OpenBLAS gets nd's thread count. */
#include "thread/pool.h"

void openblas_set_num_threads(int num_threads);

void nd__blas_set_threads(int n) { openblas_set_num_threads(n); }
