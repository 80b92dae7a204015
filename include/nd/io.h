/** @file
 * Files: NumPy's .npy and .npz formats, and delimited text.
 *
 * @defgroup io Files and interchange
 * NumPy's .npy and .npz formats, delimited text (np.loadtxt/np.savetxt),
 * and DLPack (src/io). Errors: ND_ERR_IO for the operating system's
 * (naming the path and strerror), ND_ERR_FORMAT for malformed files.
 * @{ */
#ifndef ND_IO_H
#define ND_IO_H

#include <stddef.h>

#include "nd/core.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Loads a .npy file: np.load.
 *
 * Any of the 14 dtypes, format 1.0, 2.0 or 3.0, either byte order
 * (converted to native), C or Fortran order (a Fortran-ordered file gives an
 * F-contiguous array, as NumPy). Malformed files give ND_ERR_FORMAT naming
 * the problem (OS errors ND_ERR_IO); nothing is allocated from a header's
 * numbers before they are checked against the file's size. Object arrays
 * (pickles) are refused.
 * @param path  the file.
 * @return a new reference; NULL on error. */
ND_API nd_array *nd_load_npy(const char *path);
/** Saves an array as a .npy file: np.save, byte for byte.
 *
 * Writes what numpy.save writes for the same array (format 1.0 unless the
 * header needs 2.0). path means what it means to NumPy's open(path, "wb"):
 * symlinks are followed (a dangling one creates its target), FIFOs and
 * devices such as /dev/null are written through (a FIFO without a reader
 * blocks, as in NumPy). A regular file or a new name is written under a
 * temporary name beside it and renamed over it, so a failure never leaves a
 * partial file (an existing file keeps its permission bits; hard links to it
 * keep the old content).
 * @param path  the file.
 * @param a     the array (any layout).
 * @return ND_OK or an error status. */
ND_API int nd_save_npy(const char *path, const nd_array *a);
/** Maps a .npy file's data instead of reading it: np.load(mmap_mode=...).
 *
 * Mode "r" is read-only for good (nd_set_writeable(a, true) is refused, as
 * NumPy refuses it: the mapping would fault), "c" copy-on-write (writes stay
 * private). The mapping lives until the last array viewing it is released.
 * Byte-swapped files are ND_ERR_UNSUPPORTED.
 * @param path  the file.
 * @param mode  "r" or "c".
 * @return a new reference viewing the mapping; NULL on error. */
ND_API nd_array *nd_load_npy_mmap(const char *path, const char *mode);
/** Parses .npy bytes in memory (the data is copied), as nd_load_npy() a file.
 * @param buf  the bytes.  @param len  their count.
 * @return a new reference; NULL on error (ND_ERR_FORMAT for malformed bytes). */
ND_API nd_array *nd_npy_from_bytes(const void *buf, size_t len);
/** Serializes an array as .npy bytes, what nd_save_npy() writes.
 * @param a    the array.
 * @param buf  receives a malloc'd buffer the caller free()s.
 * @param len  receives its length.
 * @return ND_OK or an error status. */
ND_API int nd_npy_to_bytes(const nd_array *a, void **buf, size_t *len);
/** The .npy header nd_save_npy() writes before a C-ordered array's data.
 *
 * The magic string, version, header length and padded dictionary: the
 * first bytes of what nd_save_npy() writes for a C-contiguous array of a's
 * dtype and shape (a's data is not read, so a may be a broadcast view of a
 * scalar standing for an array of any size). libnd_dist writes it before
 * the ranks' pieces.
 * @param a    the array (only its dtype and shape are used).
 * @param buf  receives a malloc'd buffer the caller free()s.
 * @param len  receives its length.
 * @return ND_OK or an error status (ND_ERR_NULL, ND_ERR_NOMEM). */
ND_API int nd_npy_header(const nd_array *a, void **buf, size_t *len);

/* ---- .npz: np.savez / np.savez_compressed / np.load of a zip ---- */

/** An open .npz archive (opaque; nd_npz_open(), nd_npz_close()). */
typedef struct nd_npz nd_npz;
/** Opens a .npz archive and reads its directory: np.load of a zip.
 *
 * Members are read on demand. Stored and deflated members, ZIP64 archives.
 * Corrupt directories, sizes and offsets outside the file, impossible
 * compression ratios and CRC mismatches are ND_ERR_FORMAT naming the
 * problem.
 * @param path  the file.
 * @return a new archive to close with nd_npz_close(); NULL on error. */
ND_API nd_npz *nd_npz_open(const char *path);
/** Opens a .npz archive held in memory (the bytes are copied), as nd_npz_open().
 * @param buf  the bytes.  @param len  their count.
 * @return a new archive to close with nd_npz_close(); NULL on error. */
ND_API nd_npz *nd_npz_from_bytes(const void *buf, size_t len);
/** The member names as np.load shows them (".npy" dropped).
 * @param z  the archive.
 * @param n  receives their count (may be NULL).
 * @return the names, borrowed: valid until nd_npz_close(); NULL on error. */
ND_API const char *const *nd_npz_names(const nd_npz *z, int *n);
/** Reads one member as an array.
 *
 * An unknown name is ND_ERR_VALUE "x is not a file in the archive". Where
 * two members share the name, the last one, as np.load. Threads may read
 * members of one archive at once (no shared file position).
 * @param z     the archive.
 * @param name  the member's name, without ".npy".
 * @return a new reference; NULL on error. */
ND_API nd_array *nd_npz_get(nd_npz *z, const char *name);
/** Sets the most a deflated member may inflate to, in bytes (default 1 GiB).
 *
 * A larger one is ND_ERR_VALUE naming the member and the limit, before any
 * of it is allocated. Stored members are bounded by the file itself. A
 * member read takes its array plus a 1 MiB chunk, no second copy. Set it
 * before threads share the archive.
 * @param z  the archive.  @param max_bytes  the limit.
 * @return ND_OK or an error status. */
ND_API int nd_npz_set_limit(nd_npz *z, uint64_t max_bytes);
/** Closes an archive; the names it gave become invalid.
 * @param z  the archive, or NULL (then nothing happens). */
ND_API void nd_npz_close(nd_npz *z);
/** Saves arrays as a .npz archive: np.savez(path, **{names[i]: arrays[i]}).
 *
 * compress gives np.savez_compressed (deflate at zlib's default level).
 * Each member is what nd_save_npy() writes, named "<name>.npy"; ZIP64
 * records for members or offsets past 4 GiB. Where it writes: as
 * nd_save_npy().
 * @param path      the file.
 * @param n         the number of arrays.
 * @param names     n member names.
 * @param arrays    n arrays.
 * @param compress  deflate the members.
 * @return ND_OK or an error status. */
ND_API int nd_savez(const char *path, int n, char *const *names, nd_array_list arrays,
                    bool compress);

/* ---- text: np.loadtxt / np.savetxt ---- */

/** np.loadtxt's keywords; a zeroed struct (or NULL) gives NumPy's defaults. */
typedef struct {
    char delimiter;       /**< The field delimiter; 0: runs of whitespace. */
    const char *comments; /**< The comment prefix; NULL: "#". */
    bool no_comments;     /**< No comments at all (comments=None). */
    int64_t skiprows;     /**< Raw lines skipped first, comments included. */
    int nusecols;         /**< Entries in usecols; 0: every column. */
    const int *usecols;   /**< The columns to read; negative counts from the end. */
    int64_t max_rows;     /**< The data rows to read (not lines); 0: all. */
    int ndmin;            /**< The least dimensions of the result: 0, 1 or 2. */
} nd_loadtxt_opts;
/** Loads numbers from a text file: np.loadtxt(path, dtype=t, ...).
 *
 * The file is read as NumPy reads it: `\n`, `\r\n` and a lone `\r` end lines;
 * a NUL byte is an ordinary character (a field holding one is not a
 * number); no limit on a field's length or the number of columns; a line
 * longer than 1 GiB is ND_ERR_VALUE (an endless input such as /dev/zero
 * ends in that error). A comment equal to the delimiter (or whitespace
 * when whitespace delimits), an empty comment string and a newline as
 * delimiter or comment are ND_ERR_VALUE, as NumPy refuses them.
 * Numbers as Python's float() reads them (no hex), integers and bool
 * directly or through a float (NumPy's deprecated fallback); the result is
 * squeezed as NumPy's (one row or column gives 1-D, one value 0-d) unless
 * ndmin says otherwise. Errors are NumPy's: "could not convert string 'x'
 * to float64 at row 1, column 2.", "the number of columns changed from 2
 * to 3 at row 2; ...". Complex columns are ND_ERR_UNSUPPORTED.
 * @param path  the file.
 * @param t     the result's dtype.
 * @param opts  the keywords, or NULL for NumPy's defaults.
 * @return a new reference; NULL on error. */
ND_API nd_array *nd_loadtxt(const char *path, nd_dtype t, const nd_loadtxt_opts *opts);

/** np.savetxt's keywords; zeroed (or NULL) gives its defaults. */
typedef struct {
    const char *fmt; /**< One % conversion for every column, or one per column; NULL: "%.18e". */
    const char *delimiter;       /**< Between columns; NULL: " ". */
    const char *newline;         /**< After each line; NULL: `"\n"`. */
    const char *header, *footer; /**< Text after the last line, commented (NULL: none). */
    const char *comments;        /**< The prefix of header and footer lines; NULL: "# ". */
} nd_savetxt_opts;
/** @var nd_savetxt_opts::header
 * Text before the first line, commented (NULL: none). */
/** Saves a 1-D or 2-D array as text: np.savetxt(path, a, ...).
 *
 * Writes a 1-D (one value per line) or 2-D array as np.savetxt does, byte
 * for byte for the integer and float conversions (d i o u x X e E f F g G,
 * one h/l/L length modifier skipped as Python does). Formats Python refuses
 * are ND_ERR_VALUE before anything is written (o/x/X of floats, a precision
 * past INT_MAX - 3); so is a width past INT_MAX, where Python would try to
 * build a string of gigabytes;
 * where it writes: as nd_save_npy().
 * @param path  the file.
 * @param a     the array.
 * @param opts  the keywords, or NULL for NumPy's defaults.
 * @return ND_OK or an error status. */
ND_API int nd_savetxt(const char *path, const nd_array *a, const nd_savetxt_opts *opts);

/** @} */

#ifdef __cplusplus
}
#endif
#endif
