/** @file
 * Discrete Fourier transforms: numpy.fft with NumPy 1.24's names and rules.
 *
 * @defgroup fft Discrete Fourier transforms
 * numpy.fft's functions (src/fft, kernels/generic/fft.c).
 *
 * Common to the transforms:
 * - n (1-D) or s (n-D) is the length of the transform along an axis: the
 *   input is cropped or zero-padded to it; n <= 0 (or s NULL) takes the
 *   input's own length (for the inverse real transforms, 2 * (m - 1) from
 *   the m input values). A length below 1 is ND_ERR_VALUE "Invalid number
 *   of FFT data points (0) specified.", as NumPy.
 * - norm is "backward" (NULL: the default; inverses scale by 1/n),
 *   "ortho" (both directions by 1/sqrt(n)) or "forward" (forward
 *   transforms by 1/n); anything else is ND_ERR_VALUE with NumPy's message.
 * - dtypes: float32 and complex64 inputs compute in single precision and
 *   give complex64 / float32 (NumPy 1.24 promotes them to double; nd keeps
 *   the dtype, error bound in docs/accuracy.md); everything else (bool,
 *   integers, float16, float64, complex128) computes in double and gives
 *   complex128 / float64. Real transforms of complex input take the real
 *   part.
 * - Any strides (negative ones included) and any number of other axes,
 *   which are batched; the result is a new C-contiguous array. `out`, when
 *   not NULL, must have the result's shape (ND_ERR_SHAPE) and a dtype the
 *   result casts to under same_kind (ND_ERR_DTYPE); it is written and
 *   returned without a new reference.
 * - Errors: ND_ERR_NULL for a NULL array, ND_ERR_AXIS for an axis out of
 *   bounds, ND_ERR_VALUE as above, ND_ERR_NOMEM. NULL is returned on error.
 * - Results are the same bits at every thread count; the ISA level may
 *   change only the speed (see docs/design.md "FFT").
 * @{ */
#ifndef ND_FFT_H
#define ND_FFT_H

#include "nd/core.h"

#ifdef __cplusplus
extern "C" {
#endif

/** np.fft.fft: the 1-D discrete Fourier transform along one axis.
 *
 * Complex result, length n along axis (n <= 0: the input's length). Errors:
 * ND_ERR_AXIS, ND_ERR_VALUE (n, norm), ND_ERR_SHAPE / ND_ERR_DTYPE (out).
 * Returns a new array, or `out` without a new reference.
 * @param a  the input, any dtype.   @param n  transform length (<= 0: default).
 * @param axis  the axis, negative counts from the end.
 * @param norm  "backward", "ortho", "forward" or NULL.   @param out  NULL or the destination.
 * @return the transform (NULL on error). */
ND_API nd_array *nd_fft(const nd_array *a, int64_t n, int axis, const char *norm, nd_array *out);
/** np.fft.ifft: the 1-D inverse discrete Fourier transform along one axis.
 *
 * As nd_fft with the positive exponent; "backward" scales by 1/n.
 * @param a  the input.   @param n  transform length (<= 0: default).
 * @param axis  the axis.   @param norm  the normalization or NULL.
 * @param out  NULL or the destination.   @return the transform (NULL on error). */
ND_API nd_array *nd_ifft(const nd_array *a, int64_t n, int axis, const char *norm, nd_array *out);
/** np.fft.rfft: the 1-D transform of real input, n/2 + 1 complex values.
 *
 * A complex input's imaginary part is ignored. Errors as nd_fft.
 * @param a  the input.   @param n  number of real input points (<= 0: default).
 * @param axis  the axis.   @param norm  the normalization or NULL.
 * @param out  NULL or the destination.   @return the transform (NULL on error). */
ND_API nd_array *nd_rfft(const nd_array *a, int64_t n, int axis, const char *norm, nd_array *out);
/** np.fft.irfft: the inverse of nd_rfft, n real values.
 *
 * Reads n/2 + 1 values of the half spectrum (the imaginary parts of the
 * first, and for even n the last, ignored); n <= 0 means 2 * (m - 1).
 * @param a  the half spectrum.   @param n  output length (<= 0: default).
 * @param axis  the axis.   @param norm  the normalization or NULL.
 * @param out  NULL or the destination.   @return the real signal (NULL on error). */
ND_API nd_array *nd_irfft(const nd_array *a, int64_t n, int axis, const char *norm, nd_array *out);
/** np.fft.hfft: the transform of a Hermitian-symmetric signal, n real values.
 *
 * Equals irfft(conj(a), n) with the norm's direction swapped (NumPy's).
 * @param a  the half signal.   @param n  output length (<= 0: 2 * (m - 1)).
 * @param axis  the axis.   @param norm  the normalization or NULL.
 * @param out  NULL or the destination.   @return the real spectrum (NULL on error). */
ND_API nd_array *nd_hfft(const nd_array *a, int64_t n, int axis, const char *norm, nd_array *out);
/** np.fft.ihfft: the inverse of nd_hfft, n/2 + 1 complex values.
 *
 * Equals conj(rfft(a, n)) with the norm's direction swapped (NumPy's).
 * @param a  the real input.   @param n  number of input points (<= 0: default).
 * @param axis  the axis.   @param norm  the normalization or NULL.
 * @param out  NULL or the destination.   @return the half signal (NULL on error). */
ND_API nd_array *nd_ihfft(const nd_array *a, int64_t n, int axis, const char *norm, nd_array *out);

/** np.fft.fftn: the n-D transform over axes, last axis first (NumPy's order).
 *
 * s (ns lengths) and axes (naxes axes) as NumPy's: s NULL takes the input's
 * lengths; axes NULL is all axes, or the last ns when s is given; an axis
 * may repeat. Different ns and naxes is ND_ERR_VALUE "Shape and axes have
 * different lengths.". Returns a new array, or `out` without a new reference.
 * @param a  the input.   @param ns  entries of s.   @param s  lengths or NULL.
 * @param naxes  entries of axes.   @param axes  axes or NULL.
 * @param norm  the normalization or NULL.   @param out  NULL or the destination.
 * @return the transform (NULL on error). */
ND_API nd_array *nd_fftn(const nd_array *a, int ns, const int64_t *s, int naxes, const int *axes,
                         const char *norm, nd_array *out);
/** np.fft.ifftn: the n-D inverse transform (see nd_fftn).
 *
 * @param a  the input.   @param ns  entries of s.   @param s  lengths or NULL.
 * @param naxes  entries of axes.   @param axes  axes or NULL.
 * @param norm  the normalization or NULL.   @param out  NULL or the destination.
 * @return the transform (NULL on error). */
ND_API nd_array *nd_ifftn(const nd_array *a, int ns, const int64_t *s, int naxes, const int *axes,
                          const char *norm, nd_array *out);
/** np.fft.rfftn: rfft along the last axis, then fft along the others.
 *
 * @param a  the real input.   @param ns  entries of s.   @param s  lengths or NULL.
 * @param naxes  entries of axes.   @param axes  axes or NULL.
 * @param norm  the normalization or NULL.   @param out  NULL or the destination.
 * @return the transform (NULL on error). */
ND_API nd_array *nd_rfftn(const nd_array *a, int ns, const int64_t *s, int naxes, const int *axes,
                          const char *norm, nd_array *out);
/** np.fft.irfftn: ifft along all but the last axis, then irfft along it.
 *
 * With s NULL the last length is 2 * (m - 1), as NumPy's.
 * @param a  the half spectrum.   @param ns  entries of s.   @param s  lengths or NULL.
 * @param naxes  entries of axes.   @param axes  axes or NULL.
 * @param norm  the normalization or NULL.   @param out  NULL or the destination.
 * @return the real result (NULL on error). */
ND_API nd_array *nd_irfftn(const nd_array *a, int ns, const int64_t *s, int naxes, const int *axes,
                           const char *norm, nd_array *out);
/** np.fft.fft2: nd_fftn over two axes (default the last two).
 *
 * @param a  the input.   @param s  two lengths or NULL.   @param axes  two axes or NULL.
 * @param norm  the normalization or NULL.   @param out  NULL or the destination.
 * @return the transform (NULL on error). */
ND_API nd_array *nd_fft2(const nd_array *a, const int64_t *s, const int *axes, const char *norm,
                         nd_array *out);
/** np.fft.ifft2: nd_ifftn over two axes (default the last two).
 *
 * @param a  the input.   @param s  two lengths or NULL.   @param axes  two axes or NULL.
 * @param norm  the normalization or NULL.   @param out  NULL or the destination.
 * @return the transform (NULL on error). */
ND_API nd_array *nd_ifft2(const nd_array *a, const int64_t *s, const int *axes, const char *norm,
                          nd_array *out);
/** np.fft.rfft2: nd_rfftn over two axes (default the last two).
 *
 * @param a  the input.   @param s  two lengths or NULL.   @param axes  two axes or NULL.
 * @param norm  the normalization or NULL.   @param out  NULL or the destination.
 * @return the transform (NULL on error). */
ND_API nd_array *nd_rfft2(const nd_array *a, const int64_t *s, const int *axes, const char *norm,
                          nd_array *out);
/** np.fft.irfft2: nd_irfftn over two axes (default the last two).
 *
 * @param a  the input.   @param s  two lengths or NULL.   @param axes  two axes or NULL.
 * @param norm  the normalization or NULL.   @param out  NULL or the destination.
 * @return the transform (NULL on error). */
ND_API nd_array *nd_irfft2(const nd_array *a, const int64_t *s, const int *axes, const char *norm,
                           nd_array *out);

/** np.fft.fftfreq(n, d): the sample frequencies [0, 1, ..., -1] / (d*n).
 *
 * float64, computed as NumPy's (integers times 1/(n*d)). n < 0 is
 * ND_ERR_VALUE "negative dimensions are not allowed"; n*d == 0 is
 * ND_ERR_VALUE "float division by zero".
 * @param n  window length.   @param d  sample spacing.
 * @return a new 1-D array of n values (NULL on error). */
ND_API nd_array *nd_fftfreq(int64_t n, double d);
/** np.fft.rfftfreq(n, d): the n/2 + 1 non-negative frequencies of rfft.
 *
 * float64; errors as nd_fftfreq.
 * @param n  window length.   @param d  sample spacing.
 * @return a new 1-D array (NULL on error). */
ND_API nd_array *nd_rfftfreq(int64_t n, double d);
/** np.fft.fftshift: rolls each of the axes by half its length (n // 2).
 *
 * axes NULL: every axis. Errors: ND_ERR_NULL, ND_ERR_AXIS.
 * @param x  the array.   @param naxes  entries of axes.   @param axes  axes or NULL.
 * @return a new array (NULL on error). */
ND_API nd_array *nd_fftshift(const nd_array *x, int naxes, const int *axes);
/** np.fft.ifftshift: the inverse of nd_fftshift (rolls by -(n // 2)).
 *
 * axes NULL: every axis. Errors: ND_ERR_NULL, ND_ERR_AXIS.
 * @param x  the array.   @param naxes  entries of axes.   @param axes  axes or NULL.
 * @return a new array (NULL on error). */
ND_API nd_array *nd_ifftshift(const nd_array *x, int naxes, const int *axes);

/** @} */

#ifdef __cplusplus
}
#endif

#endif
