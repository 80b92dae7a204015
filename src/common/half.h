/* IEEE binary16 conversions, round to nearest even, with subnormals, inf and
   NaN. float64 -> float16 rounds once, directly from the double (never
   through float32, which would round twice). */
#ifndef ND_HALF_H
#define ND_HALF_H

#include <stdint.h>
#include <string.h>

/* Shift right by s (1..63) rounding to nearest, ties to even. */
static inline uint64_t nd_rne_shift(uint64_t v, int s) {
    uint64_t r = v >> s, rem = v & ((UINT64_C(1) << s) - 1), half = UINT64_C(1) << (s - 1);
    if (rem > half || (rem == half && (r & 1))) r++;
    return r;
}

/* Shared by both widths: the magnitude's bits ax, the width's exponent bias
   and mantissa bits. */
static inline uint16_t nd_bits_to_half(uint64_t ax, uint16_t sign, int bias, int mbits,
                                       uint64_t inf_bits) {
    if (ax >= inf_bits) {
        if (ax == inf_bits) return sign | 0x7c00;
        uint16_t payload = (uint16_t)((ax >> (mbits - 10)) & 0x3ff);
        return sign | 0x7e00 | payload; /* quiet, keeping the top payload bits */
    }
    int e = (int)(ax >> mbits); /* biased exponent */
    if (e - bias >= 16) return sign | 0x7c00;
    if (e - bias >= -14) { /* normal half (may round up to inf) */
        uint64_t r = ax - ((uint64_t)(bias - 15) << mbits);
        return sign | (uint16_t)nd_rne_shift(r, mbits - 10);
    }
    /* subnormal half: the value in units of 2^-24 */
    if (e - bias < -25) return sign;
    uint64_t m = (ax & ((UINT64_C(1) << mbits) - 1)) | (UINT64_C(1) << mbits);
    int s = mbits - 10 + (-14 - (e - bias)); /* >= mbits-9, <= mbits+1 */
    return sign | (uint16_t)nd_rne_shift(m, s);
}

static inline uint16_t nd_f32_to_f16(float f) {
    uint32_t x;
    memcpy(&x, &f, 4);
    return nd_bits_to_half(x & 0x7fffffffu, (uint16_t)((x >> 16) & 0x8000), 127, 23, 0x7f800000u);
}

static inline uint16_t nd_f64_to_f16(double d) {
    uint64_t x;
    memcpy(&x, &d, 8);
    return nd_bits_to_half(x & UINT64_C(0x7fffffffffffffff), (uint16_t)((x >> 48) & 0x8000), 1023,
                           52, UINT64_C(0x7ff0000000000000));
}

static inline float nd_f16_to_f32(uint16_t h) {
    uint32_t sign = (uint32_t)(h & 0x8000) << 16, e = (h >> 10) & 0x1f, m = h & 0x3ff, x;
    if (e == 0x1f) {
        x = sign | 0x7f800000u | (m << 13);
    } else if (e != 0) {
        x = sign | ((e + 112) << 23) | (m << 13);
    } else if (m == 0) {
        x = sign;
    } else { /* subnormal: normalize */
        int shift = 0;
        while (!(m & 0x400)) m <<= 1, shift++;
        x = sign | ((uint32_t)(113 - shift) << 23) | ((m & 0x3ff) << 13);
    }
    float f;
    memcpy(&f, &x, 4);
    return f;
}

static inline double nd_f16_to_f64(uint16_t h) { return (double)nd_f16_to_f32(h); }

#endif
