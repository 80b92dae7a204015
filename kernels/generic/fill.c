/* The per-ISA entry point: fills the table with this level's kernels. */
#include "generic/isa_name.h"
#include "kernels.h"

void ND_K(nd_kfill_cast)(nd_ktable *t);

void ND_K(nd_kfill)(nd_ktable *t) { ND_K(nd_kfill_cast)(t); }
