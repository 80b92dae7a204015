/* Per-ISA symbol names: the same source compiled with -DND_ISA_NAME=avx2
   defines nd_kfill_cast_avx2 and so on. */
#ifndef ND_ISA_NAME_H
#define ND_ISA_NAME_H
#ifndef ND_ISA_NAME
#error "kernels are compiled once per ISA level with -DND_ISA_NAME=<level>"
#endif
#define ND_KCAT_(a, b) a##_##b
#define ND_KCAT(a, b) ND_KCAT_(a, b)
#define ND_K(name) ND_KCAT(name, ND_ISA_NAME)
#endif
