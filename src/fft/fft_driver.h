/* The FFT framework layer (src/fft/fft.c) as the API layer (src/fft/nd.c)
   sees it. */
#ifndef ND_FFT_DRIVER_H
#define ND_FFT_DRIVER_H

#include "core/internal.h"
#include "fft/fft_internal.h"

typedef enum { ND_FFT_C2C, ND_FFT_R2C, ND_FFT_C2R } nd_fft_kind;

/* One 1-D transform of length n along an axis. C2C is forward (an inverse
   conjugates in and out); R2C gives n/2 + 1 values; C2R reads n/2 + 1 and
   gives n reals (the backward, unnormalized direction). scale multiplies
   every output. */
typedef struct {
    nd_fft_kind kind;
    int64_t n;
    bool conj_in, conj_out;
    double scale;
} nd_fft_axis_op;

/* Transforms every line of src along axis into dst, whose shape is src's
   but along axis (the output length) and whose dtype (complex64/128,
   float32/64 for C2R) sets the precision. dst may be src (same shape). */
nd_status nd__fft_axis(const char *func, const nd_array *src, nd_array *dst, int axis,
                       const nd_fft_axis_op *op);

#endif
