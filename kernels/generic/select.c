/* np.where's selection: out = cond ? a : b, by item size (the values are
   only moved, never interpreted). */
#include "generic/isa_name.h"
#include "generic/loops.h"

typedef struct {
    uint64_t lo, hi;
} item16;

/* Contiguous runs read both values and blend, which vectorizes (the same
   bits as the branch: values are only moved). */
#define SELECT_LOOP(name, T)                                                                       \
    static void name(char *const *args, const int64_t *steps, int64_t n) {                         \
        const int64_t w = (int64_t)sizeof(T);                                                      \
        if (steps[0] == 1 && steps[1] == w && steps[2] == w && steps[3] == w) {                    \
            const uint8_t *c = (const uint8_t *)args[0];                                           \
            const char *pa = args[1], *pb = args[2];                                               \
            char *o = args[3];                                                                     \
            ND_IVDEP for (int64_t i = 0; i < n; i++) {                                             \
                T a = ND_LD(T, pa + i * w), b = ND_LD(T, pb + i * w);                              \
                ND_ST(T, o + i * w, c[i] ? a : b);                                                 \
            }                                                                                      \
            return;                                                                                \
        }                                                                                          \
        for (int64_t i = 0; i < n; i++) {                                                          \
            T v = ND_LD(uint8_t, args[0] + i * steps[0]) ? ND_LD(T, args[1] + i * steps[1])        \
                                                         : ND_LD(T, args[2] + i * steps[2]);       \
            ND_ST(T, args[3] + i * steps[3], v);                                                   \
        }                                                                                          \
    }
SELECT_LOOP(select1, uint8_t)
SELECT_LOOP(select2, uint16_t)
SELECT_LOOP(select4, uint32_t)
SELECT_LOOP(select8, uint64_t)
SELECT_LOOP(select16, item16)

void ND_K(nd_kfill_select)(nd_ktable *t) {
    static const nd_kloop by_size[17] = {
        [1] = select1, [2] = select2, [4] = select4, [8] = select8, [16] = select16};
    static const unsigned char size[ND_NUM_DTYPES] = {1, 1, 2, 4, 8, 1, 2, 4, 8, 2, 4, 8, 8, 16};
    for (int d = 0; d < ND_NUM_DTYPES; d++) t->where[d] = by_size[size[d]];
}
