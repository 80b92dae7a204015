/* Files: NumPy's .npy format. */
#ifndef ND_IO_H
#define ND_IO_H

#include <stddef.h>

#include "nd/core.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Loads a .npy file of any of the 14 dtypes, format 1.0, 2.0 or 3.0, either
   byte order (converted to native), C or Fortran order (a Fortran-ordered
   file gives an F-contiguous array, as NumPy). Malformed files give
   ND_ERR_FORMAT naming the problem (OS errors ND_ERR_IO); nothing is
   allocated from a header's numbers before they are checked against the
   file's size. Object arrays (pickles) are refused. */
ND_API nd_array *nd_load_npy(const char *path);
/* Writes what numpy.save writes for the same array, byte for byte (format
   1.0 unless the header needs 2.0). Written to a temporary name and renamed,
   so a failure never leaves a partial file under path. */
ND_API int nd_save_npy(const char *path, const nd_array *a);
/* Maps the file's data instead of reading it (np.load(mmap_mode=...)):
   mode "r" is read-only, "c" copy-on-write (writes stay private). The
   mapping lives until the last array viewing it is released. Byte-swapped
   files are ND_ERR_UNSUPPORTED. */
ND_API nd_array *nd_load_npy_mmap(const char *path, const char *mode);
/* The same format in memory: parse a buffer (copies the data), or serialize
   into a malloc'd buffer the caller free()s. */
ND_API nd_array *nd_npy_from_bytes(const void *buf, size_t len);
ND_API int nd_npy_to_bytes(const nd_array *a, void **buf, size_t *len);

#ifdef __cplusplus
}
#endif
#endif
