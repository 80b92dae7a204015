/* Copies whose stores go around the caches: non-temporal (streaming)
   stores of whole lines, for results far larger than the caches. An
   ordinary store first reads the line it writes (read-for-ownership), so
   a result written once costs two passes over memory; a streaming store
   costs one. The bytes are the same either way: only where they go
   differs. Levels without a wide streaming store copy ordinarily (16-byte
   SSE2 streaming stores measured slower than the ordinary copy). */
#include <string.h>

#include "generic/isa_name.h"
#include "kernels.h"

#if defined(__AVX512F__) || defined(__AVX__)
#include <immintrin.h>
#endif

#if defined(__AVX512F__)
#define VB 64
#elif defined(__AVX__)
#define VB 32
#endif

static void stream_store(char *dst, const char *src, int64_t nbytes) {
#ifdef VB
    /* the head up to dst's first aligned vector, the aligned body streamed,
       the tail: each byte stored once */
    int64_t head = (int64_t)((VB - ((uintptr_t)dst & (VB - 1))) & (VB - 1));
    if (head > nbytes) head = nbytes;
    memcpy(dst, src, (size_t)head);
    int64_t i = head;
    for (; i + VB <= nbytes; i += VB) {
#if VB == 64
        _mm512_stream_si512((void *)(dst + i), _mm512_loadu_si512((const void *)(src + i)));
#else
        _mm256_stream_si256((__m256i *)(void *)(dst + i),
                            _mm256_loadu_si256((const __m256i *)(const void *)(src + i)));
#endif
    }
    memcpy(dst + i, src + i, (size_t)(nbytes - i));
#else
    memcpy(dst, src, (size_t)nbytes);
#endif
}

/* Streaming stores are weakly ordered: the fence makes them visible before
   anything the thread does next (another thread reading the result). Once
   per many copies: a fence after every 8 KiB copy cost ~10% at 1e7. */
static void stream_fence(void) {
#ifdef VB
    _mm_sfence();
#endif
}

void ND_K(nd_kfill_stream)(nd_ktable *t) {
    t->stream_store = stream_store;
    t->stream_fence = stream_fence;
}
