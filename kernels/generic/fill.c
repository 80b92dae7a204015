/* The per-ISA entry point: fills the table with this level's kernels. */
#include "generic/isa_name.h"
#include "kernels.h"

#define ND_FAMILIES(X)                                                                             \
    X(cast)                                                                                        \
    X(ew_int)                                                                                      \
    X(ew_float)                                                                                    \
    X(ew_complex) X(ew_math) X(vm_exp) X(vm_log) X(vm_trig) X(vm_atan) X(vm_pow) X(vm_complex) X(vm_exp64) X(vm_exp_f32) \
        X(vm_log_f32) X(vm_trig_f32)                                                               \
        X(select) X(mask) X(tile) X(reduce) X(matmul) X(gemm) X(sort) X(random) X(rng_expm1) X(rng_pow) \
            X(fft) X(stream)
#define DECLARE(f) void ND_K(nd_kfill_##f)(nd_ktable * t);
ND_FAMILIES(DECLARE)

void ND_K(nd_kfill)(nd_ktable *t) {
#define CALL(f) ND_K(nd_kfill_##f)(t);
    ND_FAMILIES(CALL)
}
