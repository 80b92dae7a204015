/* Hand-vectorized FFT passes (kernels/x86/fft_*.c), overlaid on the
   generic passes by the generic fill of their level (kernels/generic/fft.c):
   the same arithmetic per element in the same order, so the same bits. */
#ifndef ND_FFT_X86_H
#define ND_FFT_X86_H

#include "kernels.h"

void nd_kfill_fftx_avx512(nd_ktable *t);
void nd_kfill_fftx_avx2(nd_ktable *t);

#endif
