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

#include <type_traits>

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
// selects that path): float64 1e6 sorts ~3% faster.
template <class D, class Traits, typename T>
void SizedBaseCase(D d, Traits st, T *keys, T *keys_end, size_t num, T *buf) {
  const size_t widest = SortConstants::BaseCaseNum(Lanes(d));
  detail::BaseCase(d, st, keys, 2 * num <= widest ? keys + num : keys_end, num, buf);
}

#if HWY_TARGET == HWY_AVX3
// The float64 partition at AVX-512, nd's own: the in-place two-ended scheme
// of vqsort's (hold 8 vectors from each end, always read from the side with
// less room, so writes never overtake reads), with its permute-to-both-ends
// trick (one permutation puts the keys <= pivot first and the rest last; the
// vector is stored at both write fronts), but the permutation comes from a
// table of byte indices widened by one load (vpmovzxbq) where vqsort's
// broadcasts and shifts packed nibbles, and the ragged ends are masked
// vectors. Reading 8 vectors at a time (vqsort: 4) matters most: sorting
// 1e6 float64 went from 0.96x libhwy-contrib's time to 1.05x with it, 1.01x
// with 4 and 0.83x with 2 (interleaved medians).
struct PermTable {
  uint64_t idx[256];  // per mask of lanes <= pivot: those lanes, then the rest
  constexpr PermTable() : idx() {
    for (int m = 0; m < 256; m++) {
      int k = 0;
      for (int pass = 0; pass < 2; pass++)
        for (int i = 0; i < 8; i++)
          if (((m >> i) & 1) != pass) idx[m] |= static_cast<uint64_t>(i) << (8 * k++);
    }
  }
};
static constexpr PermTable kPerm{};

static HWY_INLINE void PutBothEnds(double *keys, __m512d v, __m512d pv, size_t &wl, size_t &wr) {
  const __mmask8 le = _mm512_cmp_pd_mask(v, pv, _CMP_LE_OQ);
  const __m512i idx = _mm512_cvtepu8_epi64(_mm_loadl_epi64(reinterpret_cast<const __m128i *>(&kPerm.idx[le])));
  const __m512d p = _mm512_permutexvar_pd(idx, v);
  const size_t c = static_cast<size_t>(__builtin_popcount(le));
  _mm512_storeu_pd(keys + wl, p);
  _mm512_storeu_pd(keys + wr - 8, p);
  wl += c;
  wr -= 8 - c;
}

// Keys <= pivot first; returns how many. Needs num >= 128 (2U vectors).
static size_t PartitionF64(double *keys, size_t num, double pivot) {
  constexpr size_t U = 8;  // vectors per read; 2U are held (of 32 registers)
  const __m512d pv = _mm512_set1_pd(pivot);
  const size_t end = num & ~size_t{7};
  const __mmask8 tail_lanes = static_cast<__mmask8>((1u << (num - end)) - 1);
  const __m512d tail = _mm512_maskz_loadu_pd(tail_lanes, keys + end);
  __m512d held[2 * U];
  for (size_t u = 0; u < U; u++) {
    held[u] = _mm512_loadu_pd(keys + 8 * u);
    held[U + u] = _mm512_loadu_pd(keys + end - 8 * (U - u));
  }
  size_t rl = 8 * U, rr = end - 8 * U, wl = 0, wr = num;
  while (rr - rl >= 8 * U) {
    __m512d v[U];
    if (rl - wl <= wr - rr) {
      for (size_t u = 0; u < U; u++) v[u] = _mm512_loadu_pd(keys + rl + 8 * u);
      rl += 8 * U;
      hwy::Prefetch(keys + rl + 2 * 8 * U);
    } else {
      rr -= 8 * U;
      for (size_t u = 0; u < U; u++) v[u] = _mm512_loadu_pd(keys + rr + 8 * u);
      hwy::Prefetch(keys + rr - 2 * 8 * U);
    }
    for (size_t u = 0; u < U; u++) PutBothEnds(keys, v[u], pv, wl, wr);
  }
  while (rr - rl >= 8) {
    __m512d v;
    if (rl - wl <= wr - rr) {
      v = _mm512_loadu_pd(keys + rl);
      rl += 8;
    } else {
      rr -= 8;
      v = _mm512_loadu_pd(keys + rr);
    }
    PutBothEnds(keys, v, pv, wl, wr);
  }
  // The ragged pieces (under 8 unread, and the tail) go out through masks
  // while the gap is wide; the held vectors fill it exactly.
  const __mmask8 rest_lanes = static_cast<__mmask8>((1u << (rr - rl)) - 1);
  const __m512d ragged[2] = {_mm512_maskz_loadu_pd(rest_lanes, keys + rl), tail};
  const __mmask8 valid[2] = {rest_lanes, tail_lanes};
  for (int j = 0; j < 2; j++) {
    const __mmask8 le = _mm512_cmp_pd_mask(ragged[j], pv, _CMP_LE_OQ) & valid[j];
    const __mmask8 gt = valid[j] & static_cast<__mmask8>(~le);
    const size_t c = static_cast<size_t>(__builtin_popcount(le));
    const size_t g = static_cast<size_t>(__builtin_popcount(gt));
    _mm512_mask_storeu_pd(keys + wl, static_cast<__mmask8>((1u << c) - 1), _mm512_maskz_compress_pd(le, ragged[j]));
    _mm512_mask_storeu_pd(keys + wr - g, static_cast<__mmask8>((1u << g) - 1), _mm512_maskz_compress_pd(gt, ragged[j]));
    wl += c;
    wr -= g;
  }
  for (size_t u = 0; u < 2 * U; u++) PutBothEnds(keys, held[u], pv, wl, wr);
  return wl;
}
#endif

// vqsort's partition, or nd's own where it has one and the run is long
// enough for it (the sort's runs always are; the thread split's may not be).
template <class D, class Traits, typename T>
HWY_INLINE size_t PartitionRun(D d, Traits st, T *keys, size_t num, Vec<D> pivot, T *buf) {
#if HWY_TARGET == HWY_AVX3
  if constexpr (std::is_same<T, double>::value)
    if (num >= 128) return PartitionF64(keys, num, GetLane(pivot));
#endif
  return detail::Partition(d, st, keys, num, pivot, buf);
}

// detail::Recurse of Highway 1.0.3 with the sized base case above; the pivot
// choice is vqsort's own.
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
  const size_t bound = PartitionRun(d, st, keys, num, pivot, buf);
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
  return static_cast<int64_t>(
      PartitionRun(d, st, reinterpret_cast<T *>(p), static_cast<size_t>(n), Set(d, v), buf));
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
