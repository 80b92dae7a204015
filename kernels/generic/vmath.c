/* placeholder: nd's own AVX-512 exp/log/sin (float64), being written */
#include "generic/isa_name.h"
#include "kernels.h"

void ND_K(nd_kfill_vmath)(nd_ktable *t) { (void)t; }
