/* The bottom of src/: error reporting and memory, which every layer above
   (the dispatch table included) may use. Never installed. */
#ifndef ND_BASE_H
#define ND_BASE_H

#include <stdbool.h>
#include <stddef.h>

#include "nd/core.h"

/* ---- errors (error.c) ---- */

/* Sets the thread-local error "func: message" and returns s. */
nd_status nd__error(nd_status s, const char *func, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Reports a NULL argument: keeps a pending error, else sets ND_ERR_NULL. */
nd_status nd__null_arg(const char *func, const char *what);
/* "what[i] is NULL" (an element of an array of pointers), as nd__null_arg. */
nd_status nd__null_item(const char *func, const char *what, long long i);
/* ND_ERR_VALUE "<what> must be non-negative, got <n>" for a count. */
nd_status nd__bad_count(const char *func, const char *what, long long n);
/* Out-of-memory with the byte count that failed. */
nd_status nd__nomem(const char *func, size_t nbytes);

/* ---- allocation (alloc.c): every allocation in nd goes through
   these, so tests can make the Nth one fail. ---- */

void *nd__malloc(size_t n);
void *nd__calloc(size_t count, size_t size);
void *nd__realloc(void *p, size_t n);
void nd__free(void *p);
void *nd__aligned_alloc(size_t n); /* 64-byte aligned; free with nd__aligned_free */
void nd__aligned_free(void *p);
/* Blocks of ND_BIG_BLOCK bytes and more: own mappings (2 MiB-aligned with
   huge pages from 2 MiB on), recently freed ones reused (alloc.c). *mapped receives the size to
   pass to nd__big_free, or 0 for a block from malloc (under ASan or ND_NO_CACHE: free it with
   nd__free). */
#define ND_BIG_BLOCK ((size_t)256 << 10)
void *nd__big_alloc(size_t n, size_t *mapped);
void nd__big_free(void *p, size_t mapped);
/* Per-call work areas, 64-byte aligned: from ND_BIG_BLOCK bytes on they come
   from the big-block cache (a transform that allocates and frees 32 MiB of
   scratch per call would otherwise fault in every page again: glibc maps
   blocks past 32 MiB afresh each time). Free with nd__work_free and the
   *mapped value. */
void *nd__work_alloc(size_t n, size_t *mapped);
void nd__work_free(void *p, size_t mapped);
char *nd__strdup(const char *s);
/* Memory handed to the caller, who releases it with free(): the failure
   point of nd__malloc, but not counted as live. */
void *nd__malloc_for_caller(size_t n);
void *nd__realloc_for_caller(void *p, size_t n);
/* Allocation-failure injection (tests only): the nth allocation from now
   fails (n >= 1); 0 turns injection off. Returns the count of allocations
   made since the last call. */
ND_API long nd_debug_fail_alloc(long nth);
ND_API long nd_debug_live_allocs(void);
/* Bytes held by live arrays, batched per thread: the profiler's
   nd_profile_live_bytes / peak_bytes. The array code reports each array's
   bytes here; the running total of bytes allocated is only kept while the
   tally is on (the profiler turns it on while it runs, so the core never
   calls up into the profiler). */
void nd__array_bytes_alloc(size_t nbytes);
void nd__array_bytes_free(size_t nbytes);
void nd__alloc_tally_set(bool on);
long long nd__alloc_tally(void);
long long nd__live_bytes(void);
long long nd__peak_bytes(void);
void nd__peak_bytes_reset(void);
#endif
