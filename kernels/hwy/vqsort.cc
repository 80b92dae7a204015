// vqsort (Highway's vectorized quicksort, header-only part of libhwy-dev)
// compiled for the AVX2 and AVX-512 targets only, each reached through its
// own namespace so nd's dispatch, not Highway's, picks the level: capping
// nd at avx2 sorts with the AVX2 build. Highway compiles each target with
// function attributes, so no global -m flags leak into shared inline code.
#undef HWY_DISABLED_TARGETS
#define HWY_DISABLED_TARGETS (HWY_SSSE3 | HWY_SSE4)
#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "hwy/vqsort.cc"
#include "hwy/foreach_target.h"  // IWYU pragma: keep

#include <string.h>

#include "hwy/contrib/sort/traits-inl.h"
#include "hwy/contrib/sort/traits128-inl.h"
#include "hwy/contrib/sort/vqsort-inl.h"
#include "hwy/highway.h"

HWY_BEFORE_NAMESPACE();
namespace hwy {
namespace HWY_NAMESPACE {
#if VQSORT_ENABLED  // not for the scalar baseline Highway always builds
namespace nd {

template <typename T>
void SortLane(char *p, int64_t n) {
  SortTag<T> d;
  detail::SharedTraits<detail::TraitsLane<detail::OrderAscending<T>>> st;
  Sort(d, st, reinterpret_cast<T *>(p), static_cast<size_t>(n), static_cast<T *>(nullptr));
}

template <typename T>
int64_t SplitLane(char *p, int64_t n, const char *pivot) {
  SortTag<T> d;
  detail::SharedTraits<detail::TraitsLane<detail::OrderAscending<T>>> st;
  HWY_ALIGN T buf[SortConstants::BufNum<T>(HWY_LANES(T))] = {};
  T v;
  memcpy(&v, pivot, sizeof v);
  return static_cast<int64_t>(detail::Partition(d, st, reinterpret_cast<T *>(p),
                                                static_cast<size_t>(n), Set(d, v), buf));
}

void SortPairs(uint64_t *p, int64_t n) {
  SortTag<uint64_t> d;
  detail::SharedTraits<detail::Traits128<detail::OrderAscending128>> st;
  Sort(d, st, p, static_cast<size_t>(n) * 2, static_cast<uint64_t *>(nullptr));
}

}  // namespace nd
#endif
}  // namespace HWY_NAMESPACE
}  // namespace hwy
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
#include "kernels.h"

#define ND_VQSORT_FILL(level, ns)                                  \
  extern "C" void nd_kfill_vqsort_##level(nd_ktable *t) {         \
    t->sort[ND_INT16] = hwy::ns::nd::SortLane<int16_t>;           \
    t->sort[ND_UINT16] = hwy::ns::nd::SortLane<uint16_t>;         \
    t->sort[ND_INT32] = hwy::ns::nd::SortLane<int32_t>;           \
    t->sort[ND_UINT32] = hwy::ns::nd::SortLane<uint32_t>;         \
    t->sort[ND_INT64] = hwy::ns::nd::SortLane<int64_t>;           \
    t->sort[ND_UINT64] = hwy::ns::nd::SortLane<uint64_t>;         \
    t->sort[ND_FLOAT32] = hwy::ns::nd::SortLane<float>;           \
    t->sort[ND_FLOAT64] = hwy::ns::nd::SortLane<double>;          \
    t->sort_split[ND_INT16] = hwy::ns::nd::SplitLane<int16_t>;    \
    t->sort_split[ND_UINT16] = hwy::ns::nd::SplitLane<uint16_t>;  \
    t->sort_split[ND_INT32] = hwy::ns::nd::SplitLane<int32_t>;    \
    t->sort_split[ND_UINT32] = hwy::ns::nd::SplitLane<uint32_t>;  \
    t->sort_split[ND_INT64] = hwy::ns::nd::SplitLane<int64_t>;    \
    t->sort_split[ND_UINT64] = hwy::ns::nd::SplitLane<uint64_t>;  \
    t->sort_split[ND_FLOAT32] = hwy::ns::nd::SplitLane<float>;    \
    t->sort_split[ND_FLOAT64] = hwy::ns::nd::SplitLane<double>;   \
    t->sort_pairs = hwy::ns::nd::SortPairs;                       \
  }
ND_VQSORT_FILL(avx2, N_AVX2)
ND_VQSORT_FILL(avx512, N_AVX3)
#endif
