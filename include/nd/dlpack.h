/** @file
 * DLPack interchange (dlpack 0.6, Debian's libdlpack-dev): arrays shared
 * with other libraries (NumPy's np.from_dlpack, PyTorch, ...) without a
 * copy. Not included by nd.h: include it where <dlpack/dlpack.h> exists.
 * @addtogroup io
 * @{ */
#ifndef ND_DLPACK_H
#define ND_DLPACK_H

#include <dlpack/dlpack.h>

#include "nd/core.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Exports an array as a DLPack tensor, without a copy.
 *
 * A DLManagedTensor viewing a's memory (CPU device, strides in elements).
 * The consumer calls its deleter once when done, which releases the
 * reference nd took. Bool arrays (dlpack 0.6 has no bool code), read-only
 * arrays (it has no read-only flag) and byte strides that are not a
 * multiple of the item size are ND_ERR_UNSUPPORTED.
 * @param a  the array.
 * @return a new tensor owning a reference to a; NULL on error. */
ND_API DLManagedTensor *nd_to_dlpack(const nd_array *a);
/** Imports a DLPack tensor as an array, without a copy.
 *
 * A writeable array viewing t's memory. t->deleter(t) runs exactly once,
 * when the last nd view of it goes (not if this call fails: the tensor is
 * then still the caller's). Devices other than the CPU, vector lanes and
 * dtypes nd lacks are ND_ERR_UNSUPPORTED.
 * @param t  the tensor; nd takes it over on success.
 * @return a new reference; NULL on error. */
ND_API nd_array *nd_from_dlpack(DLManagedTensor *t);

/** @} */

#ifdef __cplusplus
}
#endif
#endif
