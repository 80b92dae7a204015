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

#include <cmath>
#include <limits>
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
// nd's own partition at AVX-512, for every 32- and 64-bit key type: the
// in-place two-ended scheme of vqsort's (hold 8 vectors from each end,
// always read from the side with less room, so writes never overtake
// reads), with its permute-to-both-ends trick (one permutation puts the keys
// <= pivot first and the rest last; the vector is stored at both write
// fronts). 64-bit keys take the permutation from a table of byte indices
// widened by one load (vpmovzxbq) where vqsort broadcasts and shifts packed
// nibbles; 32-bit keys (16 lanes, too many for a table) compress the keys
// <= pivot to the bottom and expand the rest above them. The ragged ends
// are masked vectors. Reading 8 vectors at a time (vqsort: 4) matters most:
// sorting 1e6 float64 went from 0.96x libhwy-contrib's time to 1.05x with
// it, 1.01x with 4 and 0.83x with 2; int32 from 1.01x to 1.14x (interleaved
// medians).
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

// Keys move as integer vectors; only the comparison knows the type.
template <typename T>
static HWY_INLINE unsigned LeMask(__m512i v, __m512i p) {
  if constexpr (std::is_same<T, double>::value)
    return _mm512_cmp_pd_mask(_mm512_castsi512_pd(v), _mm512_castsi512_pd(p), _CMP_LE_OQ);
  if constexpr (std::is_same<T, float>::value)
    return _mm512_cmp_ps_mask(_mm512_castsi512_ps(v), _mm512_castsi512_ps(p), _CMP_LE_OQ);
  if constexpr (std::is_same<T, int64_t>::value) return _mm512_cmple_epi64_mask(v, p);
  if constexpr (std::is_same<T, uint64_t>::value) return _mm512_cmple_epu64_mask(v, p);
  if constexpr (std::is_same<T, int32_t>::value) return _mm512_cmple_epi32_mask(v, p);
  return _mm512_cmple_epu32_mask(v, p);  // uint32_t
}

template <typename T>
static HWY_INLINE __m512i MaskLoad(unsigned m, const T *p) {
  if constexpr (sizeof(T) == 8) return _mm512_maskz_loadu_epi64(static_cast<__mmask8>(m), p);
  return _mm512_maskz_loadu_epi32(static_cast<__mmask16>(m), p);
}

// The lanes of v selected by m, packed, stored at p.
template <typename T>
static HWY_INLINE void CompressStore(T *p, unsigned m, __m512i v) {
  const unsigned first = (1u << __builtin_popcount(m)) - 1;
  if constexpr (sizeof(T) == 8)
    _mm512_mask_storeu_epi64(p, static_cast<__mmask8>(first), _mm512_maskz_compress_epi64(static_cast<__mmask8>(m), v));
  else
    _mm512_mask_storeu_epi32(p, static_cast<__mmask16>(first), _mm512_maskz_compress_epi32(static_cast<__mmask16>(m), v));
}

template <typename T>
static HWY_INLINE void PutBothEnds(T *keys, __m512i v, __m512i pv, size_t &wl, size_t &wr) {
  constexpr size_t L = 64 / sizeof(T);
  const unsigned le = LeMask<T>(v, pv);
  const size_t c = static_cast<size_t>(__builtin_popcount(le));
  __m512i p;
  if constexpr (sizeof(T) == 8) {
    const __m512i idx = _mm512_cvtepu8_epi64(_mm_loadl_epi64(reinterpret_cast<const __m128i *>(&kPerm.idx[le])));
    p = _mm512_permutexvar_epi64(idx, v);
  } else {
    const __mmask16 m = static_cast<__mmask16>(le), top = static_cast<__mmask16>(0xFFFFu << c);
    p = _mm512_mask_expand_epi32(_mm512_maskz_compress_epi32(m, v), top,
                                 _mm512_maskz_compress_epi32(static_cast<__mmask16>(~m), v));
  }
  _mm512_storeu_si512(keys + wl, p);
  _mm512_storeu_si512(keys + wr - L, p);
  wl += c;
  wr -= L - c;
}

// Vectors per read; 2U are held (of 32 registers), so a run needs at least
// PartitionOwnMin<T> keys.
constexpr size_t kOwnU = 8;
template <typename T>
constexpr size_t PartitionOwnMin = 2 * kOwnU * (64 / sizeof(T));

// Keys <= pivot first; returns how many. Needs num >= PartitionOwnMin<T>.
template <typename T>
static size_t PartitionOwn(T *keys, size_t num, T pivot) {
  constexpr size_t U = kOwnU, L = 64 / sizeof(T);
  __m512i pv;
  if constexpr (sizeof(T) == 8) {
    int64_t bits;
    memcpy(&bits, &pivot, 8);
    pv = _mm512_set1_epi64(bits);
  } else {
    int32_t bits;
    memcpy(&bits, &pivot, 4);
    pv = _mm512_set1_epi32(bits);
  }
  const size_t end = num & ~(L - 1);
  const unsigned tail_lanes = (1u << (num - end)) - 1;
  const __m512i tail = MaskLoad(tail_lanes, keys + end);
  __m512i held[2 * U];
  for (size_t u = 0; u < U; u++) {
    held[u] = _mm512_loadu_si512(keys + L * u);
    held[U + u] = _mm512_loadu_si512(keys + end - L * (U - u));
  }
  size_t rl = L * U, rr = end - L * U, wl = 0, wr = num;
  while (rr - rl >= L * U) {
    __m512i v[U];
    if (rl - wl <= wr - rr) {
      for (size_t u = 0; u < U; u++) v[u] = _mm512_loadu_si512(keys + rl + L * u);
      rl += L * U;
      hwy::Prefetch(keys + rl + 2 * L * U);
    } else {
      rr -= L * U;
      for (size_t u = 0; u < U; u++) v[u] = _mm512_loadu_si512(keys + rr + L * u);
      hwy::Prefetch(keys + rr - 2 * L * U);
    }
    for (size_t u = 0; u < U; u++) PutBothEnds(keys, v[u], pv, wl, wr);
  }
  while (rr - rl >= L) {
    __m512i v;
    if (rl - wl <= wr - rr) {
      v = _mm512_loadu_si512(keys + rl);
      rl += L;
    } else {
      rr -= L;
      v = _mm512_loadu_si512(keys + rr);
    }
    PutBothEnds(keys, v, pv, wl, wr);
  }
  // The ragged pieces (under L unread, and the tail) go out through masks
  // while the gap is wide; the held vectors fill it exactly.
  const unsigned rest_lanes = (1u << (rr - rl)) - 1;
  const __m512i ragged[2] = {MaskLoad(rest_lanes, keys + rl), tail};
  const unsigned valid[2] = {rest_lanes, tail_lanes};
  for (int j = 0; j < 2; j++) {
    const unsigned le = LeMask<T>(ragged[j], pv) & valid[j], gt = valid[j] & ~le;
    CompressStore(keys + wl, le, ragged[j]);
    wl += static_cast<size_t>(__builtin_popcount(le));
    wr -= static_cast<size_t>(__builtin_popcount(gt));
    CompressStore(keys + wr, gt, ragged[j]);
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
  if constexpr (sizeof(T) == 4 || sizeof(T) == 8)
    if (num >= PartitionOwnMin<T>) return PartitionOwn(keys, num, GetLane(pivot));
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
    const T sample = buf[0];  // PartitionIfTwoKeys may overwrite buf
    size_t second_at = 0;
    if (detail::AllEqual(d, st, pivot, keys, num, &second_at)) return;
    const Vec<D> second = st.SetKey(d, keys + second_at);
    Vec<D> third;
    if (detail::PartitionIfTwoKeys(d, st, pivot, keys, num, second_at, second, third, buf)) return;
    pivot = detail::ChoosePivotForEqualSamples(d, st, keys, num, buf, second, third, result);
    // The sample is the largest key: the pivot must be the float just below
    // it, so that only keys equal to it go right (and are left unsorted, as
    // equal). Highway 1.0.3's PrevValue gives sample - DBL_EPSILON, which
    // skips the keys in between (0: [-1.1e-16, -1, 0 x127] came out
    // unsorted, NumPy's quantile test found it) or equals the sample (>= 2).
    if constexpr (std::is_floating_point<T>::value)
      if (result == PivotResult::kWasLast)
        pivot = Set(d, std::nextafter(sample, -std::numeric_limits<T>::infinity()));
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

// The pivot sampler's seed, from the length alone. Highway's own
// (Sorter::Fill24Bytes in libhwy_contrib) mixes in the time and a heap
// address: equal keys that differ in bits (-0.0 and 0.0, NaN payloads) would
// land in a different order from run to run, and linking libhwy for it runs
// libhwy's constructor, whose RDTSCP valgrind cannot execute. A fixed seed
// does not open a quadratic case: past 2 log2(n) + 4 levels the recursion
// turns to heapsort.
static inline uint64_t PivotSeed(size_t num) {
  uint64_t z = static_cast<uint64_t>(num) + 0x9E3779B97F4A7C15ull;  // splitmix64
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

template <typename T>
void SortLane(char *p, int64_t n) {
  SortTag<T> d;
  detail::SharedTraits<detail::TraitsLane<detail::OrderAscending<T>>> st;
  HWY_ALIGN T buf[SortConstants::BufNum<T>(HWY_LANES(T))] = {};
  T *keys = reinterpret_cast<T *>(p);
  const size_t num = static_cast<size_t>(n);
  detail::Generator rng(PivotSeed(num));
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

// Highway's Sort for 128-bit keys, seeded as SortLane is.
void SortPairs(uint64_t *p, int64_t n) {
  SortTag<uint64_t> d;
  detail::SharedTraits<detail::Traits128<detail::OrderAscending128>> st;
  HWY_ALIGN uint64_t buf[SortConstants::BufNum<uint64_t>(HWY_LANES(uint64_t))] = {};
  const size_t num = static_cast<size_t>(n) * 2;
  if (detail::HandleSpecialCases(d, st, p, num)) return;
  detail::Generator rng(PivotSeed(num));
  detail::Recurse(d, st, p, p + num, num, buf, rng, 2 * hwy::CeilLog2(num) + 4);
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
