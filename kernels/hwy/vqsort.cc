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

// vqsort 1.0.3's base case runs its widest network (16 rows of 8 columns
// for 64-bit keys, of 16 for 32-bit) in place on any run of up to that many
// keys, however short. A run of at most half of it goes through the padded
// copy instead, which sizes the network to the run (keys_end = the run's end
// selects that path): float64 1e6 sorts ~5% faster.
template <class D, class Traits, typename T>
void SizedBaseCase(D d, Traits st, T *keys, T *keys_end, size_t num, T *buf) {
  const size_t widest = SortConstants::BaseCaseNum(Lanes(d));
  detail::BaseCase(d, st, keys, 2 * num <= widest ? keys + num : keys_end, num, buf);
}

// detail::Recurse of Highway 1.0.3 with the sized base case above; the pivot
// choice and the partitions are vqsort's own.
template <class D, class Traits, typename T>
HWY_NOINLINE void SortRun(D d, Traits st, T *keys, T *keys_end, size_t num, T *buf,
                          detail::Generator &rng, size_t levels) {
  using detail::PivotResult;
  if (num <= SortConstants::BaseCaseNum(Lanes(d))) return SizedBaseCase(d, st, keys, keys_end, num, buf);
  detail::DrawSamples(d, st, keys, num, buf, rng);
  Vec<D> pivot;
  PivotResult result = PivotResult::kNormal;
  if (HWY_UNLIKELY(detail::UnsortedSampleEqual(d, st, buf))) {
    pivot = st.SetKey(d, buf);
    size_t second_at = 0;
    if (detail::AllEqual(d, st, pivot, keys, num, &second_at)) return;
    const Vec<D> second = st.SetKey(d, keys + second_at);
    Vec<D> third;
    if (detail::PartitionIfTwoKeys(d, st, pivot, keys, num, second_at, second, third, buf)) return;
    pivot = detail::ChoosePivotForEqualSamples(d, st, keys, num, buf, second, third, result);
  } else {
    detail::SortSamples(d, st, buf);
    if (detail::PartitionIfTwoSamples(d, st, keys, num, buf)) return;
    pivot = detail::ChoosePivotByRank(d, st, buf);
  }
  if (HWY_UNLIKELY(levels == 0)) return detail::HeapSort(st, keys, num);
  const size_t bound = detail::Partition(d, st, keys, num, pivot, buf);
  if (result != PivotResult::kIsFirst) SortRun(d, st, keys, keys_end, bound, buf, rng, levels - 1);
  if (result != PivotResult::kWasLast)
    SortRun(d, st, keys + bound, keys_end, num - bound, buf, rng, levels - 1);
}

template <typename T>
void SortLane(char *p, int64_t n) {
  SortTag<T> d;
  detail::SharedTraits<detail::TraitsLane<detail::OrderAscending<T>>> st;
  HWY_ALIGN T buf[SortConstants::BufNum<T>(HWY_LANES(T))] = {};
  T *keys = reinterpret_cast<T *>(p);
  const size_t num = static_cast<size_t>(n);
  detail::Generator rng(keys, num);
  SortRun(d, st, keys, keys + num, num, buf, rng, 2 * hwy::CeilLog2(num) + 4);
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
