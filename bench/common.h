// Shared by the benchmark families: inputs, variants, counters, checks.
// Benchmarks call only nd's public C API.
//
// Naming: "<family>/<op>/<variant>/<n>", where variant is one of
//   naive      the loop a programmer writes (bench/naive.c, -O2 -fno-tree-vectorize)
//   scalar, baseline, avx2, avx512   nd capped at that ISA level, 1 thread
//   threads2   nd at its best level with 2 threads
// Counters (per iteration): n (elements), bytes (memory traffic), flops,
// and "limit" naming the machine limit that bounds the row
// (stream_add, stream_copy, read, fma) so the report can state the ratio.
#ifndef ND_BENCH_COMMON_H
#define ND_BENCH_COMMON_H

#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

extern "C" {
#include <nd.h>
// nd's benchmark-only switch (src/core/internal.h): split every elementwise
// run over the pool from `bytes` touched; 0 restores the per-op thresholds.
extern "C" long long nd_debug_flat_threshold(long long bytes);
#include "naive.h"
}

namespace ndb {

inline const std::vector<std::string> &isa_levels() {
    static const std::vector<std::string> v = {"scalar", "baseline", "avx2", "avx512"};
    return v;
}

inline bool quick() { return std::getenv("ND_BENCH_QUICK") != nullptr; }

// Seconds on the steady clock, for rows that time two sides by themselves.
inline double secs() {
    return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

// The "interleaved" rows: the median of the per-repetition ratios, as the
// counter "ratio" the report reads (0 when nothing ran).
inline void median_ratio(benchmark::State &st, std::vector<double> &ratios) {
    std::sort(ratios.begin(), ratios.end());
    st.counters["ratio"] = ratios.empty() ? 0 : ratios[ratios.size() / 2];
}

// Sizes in L1/L2, in L2/L3 and mostly beyond.
inline std::vector<int64_t> sizes() {
    if (quick()) return {1000, 100000};
    return {1000, 100000, 10000000};
}

// A variant: set nd's ISA level and thread count; true if the CPU has it.
inline bool set_variant(const std::string &v) {
    if (v == "threads2") {
        nd_set_isa(nd_isa_best());
        nd_set_num_threads(2);
        return true;
    }
    nd_set_num_threads(1);
    if (nd_set_isa(v.c_str()) != ND_OK) {
        nd_clear_error();
        return false;
    }
    return true;
}

inline void restore() {
    nd_set_isa(nd_isa_best());
    nd_set_num_threads(1);
}

// Deterministic values in [lo, hi).
inline nd_array *filled(nd_dtype t, int ndim, const int64_t *shape, double lo, double hi,
                        uint64_t seed) {
    nd_array *d = nd_empty(ND_FLOAT64, ndim, shape);
    double *p = static_cast<double *>(nd_data(d));
    uint64_t s = seed * 2654435761u + 1;
    for (int64_t i = 0; i < nd_size(d); i++) {
        s = s * 6364136223846793005ULL + 1442695040888963407ULL;
        p[i] = lo + (hi - lo) *
                        ((double)(s >> 11) * 0x1p-53); /* u first: (hi - lo) * 2^53 may overflow */
    }
    if (t == ND_FLOAT64) return d;
    nd_array *r = nd_astype(d, t);
    nd_release(d);
    return r;
}

inline nd_array *vec(int64_t n, double lo = -1, double hi = 1, uint64_t seed = 1,
                     nd_dtype t = ND_FLOAT64) {
    return filled(t, 1, &n, lo, hi, seed);
}

inline void counters(benchmark::State &st, double n, double bytes, double flops,
                     const char *limit) {
    st.counters["n"] = n;
    st.counters["bytes"] = bytes;
    st.counters["flops"] = flops;
    st.SetLabel(limit);
    st.SetItemsProcessed((int64_t)(n * (double)st.iterations()));
    st.SetBytesProcessed((int64_t)(bytes * (double)st.iterations()));
}

// Max |a - b| / max(|b|, floor) over two float64 buffers.
inline double max_rel(const double *a, const double *b, int64_t n, double floor = 1e-300) {
    double m = 0;
    for (int64_t i = 0; i < n; i++) {
        double d = std::fabs(a[i] - b[i]) / std::fmax(std::fabs(b[i]), floor);
        if (!(d <= m)) m = d;
    }
    return m;
}

// Every variant's result is checked against nd's: a wrong or optimized-away
// variant fails its row loudly.
// floor: results near zero are compared absolutely below it.
inline bool check(benchmark::State &st, const double *got, const double *want, int64_t n,
                  double tol, const char *what, double floor = 1e-300) {
    double e = max_rel(got, want, n, floor);
    if (e > tol) {
        char msg[160];
        std::snprintf(msg, sizeof msg, "%s differs from nd: max rel error %g > %g", what, e, tol);
        st.SkipWithError(msg);
        return false;
    }
    return true;
}

} // namespace ndb

#endif
