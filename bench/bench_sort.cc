// Sorting: libc's qsort (the loop a C programmer writes) against nd_sort at
// each ISA level (introsort at scalar and baseline, vqsort at avx2 and
// avx512) and against Highway's own vqsort library (hwy::Sorter from
// libhwy-contrib, the bar), float64 and int32; argsort float64.
// Every variant sorts a fresh copy of the same input inside the timed loop.
#include <hwy/contrib/sort/vqsort.h>

#include "common.h"

namespace {

std::vector<int64_t> sort_sizes() {
    if (ndb::quick()) return {1000, 100000};
    return {1000, 100000, 1000000};
}

template <typename T>
void BM_sort(benchmark::State &st, nd_dtype t, std::string variant, int64_t n) {
    nd_array *src = ndb::vec(n, -1e6, 1e6, 21, t), *work = nd_empty(t, 1, &n);
    nd_array *want = nd_sort(src, 0);
    T *w = static_cast<T *>(nd_data(work));
    const T *s = static_cast<const T *>(nd_data(src));
    hwy::Sorter vq;
    bool ok = variant == "naive" || variant == "vqsort" || ndb::set_variant(variant);
    for (auto _ : st) {
        if (!ok) break;
        std::memcpy(w, s, sizeof(T) * (size_t)n);
        if (variant == "naive") {
            if constexpr (sizeof(T) == 8)
                naive_sort_f64(reinterpret_cast<double *>(w), n);
            else
                naive_sort_i32(reinterpret_cast<int32_t *>(w), n);
        } else if (variant == "vqsort") {
            vq(w, (size_t)n, hwy::SortAscending());
        } else {
            nd_sort_inplace(work, 0);
        }
        benchmark::ClobberMemory();
    }
    ndb::restore();
    if (!ok)
        st.SkipWithError("ISA level not available");
    else if (std::memcmp(w, nd_data(want), sizeof(T) * (size_t)n))
        st.SkipWithError((variant + " gives another order than nd_sort").c_str());
    ndb::counters(st, (double)n, 2.0 * sizeof(T) * (double)n, 0, "");
    nd_release(src), nd_release(work), nd_release(want);
}

// hwy::Sorter and nd_sort on fresh copies of the same input, alternating,
// each timed by itself: the row reports nd's time and, as "ratio", the
// median over the repetitions of t(vqsort) / t(nd) (the goal is >= 1). On a
// shared machine the two plain rows, timed a second apart, drift by more
// than the few percent this compares.
template <typename T> void BM_vs_vqsort(benchmark::State &st, nd_dtype t, int64_t n) {
    nd_array *src = ndb::vec(n, -1e6, 1e6, 21, t), *work = nd_empty(t, 1, &n);
    nd_array *want = nd_sort(src, 0);
    T *w = static_cast<T *>(nd_data(work));
    const T *s = static_cast<const T *>(nd_data(src));
    hwy::Sorter vq;
    std::vector<double> ratios;
    bool same = true;
    for (auto _ : st) {
        st.PauseTiming();
        std::memcpy(w, s, sizeof(T) * (size_t)n);
        double t0 = ndb::secs();
        vq(w, (size_t)n, hwy::SortAscending());
        double t1 = ndb::secs();
        same &= std::memcmp(w, nd_data(want), sizeof(T) * (size_t)n) == 0;
        std::memcpy(w, s, sizeof(T) * (size_t)n);
        st.ResumeTiming();
        double t2 = ndb::secs();
        nd_sort_inplace(work, 0);
        double t3 = ndb::secs();
        ratios.push_back((t1 - t0) / (t3 - t2));
    }
    ndb::median_ratio(st, ratios);
    if (!same || std::memcmp(w, nd_data(want), sizeof(T) * (size_t)n))
        st.SkipWithError("vqsort and nd_sort give different orders");
    ndb::counters(st, (double)n, 2.0 * sizeof(T) * (double)n, 0, "");
    nd_release(src), nd_release(work), nd_release(want);
}

void BM_argsort(benchmark::State &st, std::string variant, int64_t n) {
    nd_array *src = ndb::vec(n, -1, 1, 23), *want = nd_sort(src, 0);
    const double *a = static_cast<const double *>(nd_data(src));
    std::vector<int64_t> idx((size_t)n);
    bool ok = variant == "naive" || ndb::set_variant(variant);
    for (auto _ : st) {
        if (!ok) break;
        if (variant == "naive") {
            naive_argsort_f64(a, idx.data(), n);
        } else { // allocating the result, as np.argsort does
            nd_array *r = nd_argsort(src, 0);
            std::memcpy(idx.data(), nd_data(r), 8 * (size_t)n);
            nd_release(r);
        }
    }
    ndb::restore();
    if (!ok) st.SkipWithError("ISA level not available");
    const double *sv = static_cast<const double *>(nd_data(want));
    for (int64_t i = 0; ok && i < n; i++)
        if (a[idx[(size_t)i]] != sv[i]) {
            st.SkipWithError((variant + ": a[argsort(a)] is not sorted(a)").c_str());
            break;
        }
    ndb::counters(st, (double)n, 16.0 * (double)n, 0, "");
    nd_release(src), nd_release(want);
}

int reg = [] {
    std::vector<std::string> variants = {"naive"};
    for (auto &l : ndb::isa_levels()) variants.push_back(l);
    variants.push_back("threads2"); // sort splits one long lane by partitions; argsort does not
    for (int64_t n : sort_sizes()) {
        for (auto v : variants) {
            benchmark::RegisterBenchmark(("sort/f64/" + v + "/" + std::to_string(n)).c_str(),
                                         BM_sort<double>, ND_FLOAT64, v, n)
                ->UseRealTime();
            benchmark::RegisterBenchmark(("sort/i32/" + v + "/" + std::to_string(n)).c_str(),
                                         BM_sort<int32_t>, ND_INT32, v, n)
                ->UseRealTime();
            benchmark::RegisterBenchmark(("argsort/f64/" + v + "/" + std::to_string(n)).c_str(),
                                         BM_argsort, v, n)
                ->UseRealTime();
        }
        benchmark::RegisterBenchmark(("sort/f64/vqsort/" + std::to_string(n)).c_str(),
                                     BM_sort<double>, ND_FLOAT64, "vqsort", n)
            ->UseRealTime();
        benchmark::RegisterBenchmark(("sort/i32/vqsort/" + std::to_string(n)).c_str(),
                                     BM_sort<int32_t>, ND_INT32, "vqsort", n)
            ->UseRealTime();
        benchmark::RegisterBenchmark(("sort/f64/vs_vqsort/" + std::to_string(n)).c_str(),
                                     BM_vs_vqsort<double>, ND_FLOAT64, n)
            ->UseRealTime();
        benchmark::RegisterBenchmark(("sort/i32/vs_vqsort/" + std::to_string(n)).c_str(),
                                     BM_vs_vqsort<int32_t>, ND_INT32, n)
            ->UseRealTime();
    }
    return 0;
}();

} // namespace

BENCHMARK_MAIN();
