// Layout: a transposed operand (a + a.T, cache-blocked in nd) against the
// contiguous a + a and the naive double loop; broadcasting a column and a
// row (col + row) against the naive loop; casts.
#include "common.h"

namespace {

void BM_transposed(benchmark::State &st, std::string variant, int64_t n) {
    int64_t sh[2] = {n, n};
    nd_array *a = ndb::filled(ND_FLOAT64, 2, sh, -1, 1, 5),
             *o = ndb::filled(ND_FLOAT64, 2, sh, 0, 1, 6);
    nd_array *t = nd_transpose(a, nullptr), *want = nd_add(a, t, nullptr);
    std::vector<double> got;
    bool plain = variant == "contiguous";
    nd_set_num_threads(1); /* threads2 below sets its own */
    if (variant == "naive") got.resize((size_t)(n * n));
    if (variant == "threads2") ndb::set_variant("threads2");
    for (auto _ : st) {
        if (variant == "naive")
            naive_add_transposed(static_cast<double *>(nd_data(a)), n, got.data());
        else
            nd_add(a, plain ? a : t, o);
        benchmark::ClobberMemory();
    }
    ndb::restore();
    if (!plain) {
        const double *res = variant == "naive" ? got.data() : static_cast<double *>(nd_data(o));
        ndb::check(st, res, static_cast<double *>(nd_data(want)), n * n, 0, variant.c_str());
    }
    ndb::counters(st, (double)(n * n), 24.0 * (double)(n * n), (double)(n * n), "stream_add");
    nd_release(a), nd_release(o), nd_release(t), nd_release(want);
}

// a + a and a + a.T alternating into the same out, each timed by itself:
// the row reports the transposed add's time and, as "ratio", the median over
// the repetitions of t(a + a.T) / t(a + a), so that the machine's drift
// between two rows does not enter the comparison.
void BM_transposed_vs(benchmark::State &st, int64_t n) {
    int64_t sh[2] = {n, n};
    nd_array *a = ndb::filled(ND_FLOAT64, 2, sh, -1, 1, 5),
             *o = ndb::filled(ND_FLOAT64, 2, sh, 0, 1, 6);
    nd_array *t = nd_transpose(a, nullptr), *want = nd_add(a, t, nullptr);
    std::vector<double> ratios;
    nd_set_num_threads(1);
    for (auto _ : st) {
        st.PauseTiming();
        double t0 = ndb::secs();
        nd_add(a, a, o);
        double t1 = ndb::secs();
        st.ResumeTiming();
        nd_add(a, t, o);
        double t2 = ndb::secs();
        ratios.push_back((t2 - t1) / (t1 - t0));
    }
    ndb::median_ratio(st, ratios);
    ndb::check(st, static_cast<double *>(nd_data(o)), static_cast<double *>(nd_data(want)), n * n,
               0, "vs_contiguous");
    ndb::counters(st, (double)(n * n), 24.0 * (double)(n * n), (double)(n * n), "stream_add");
    nd_release(a), nd_release(o), nd_release(t), nd_release(want);
}

void BM_outer(benchmark::State &st, std::string variant) {
    int64_t r = ndb::quick() ? 400 : 4000, c = ndb::quick() ? 250 : 2500, cs[2] = {r, 1},
            rs[2] = {1, c}, os[2] = {r, c};
    nd_array *col = ndb::filled(ND_FLOAT64, 2, cs, -1, 1, 1),
             *row = ndb::filled(ND_FLOAT64, 2, rs, -1, 1, 2);
    nd_array *o = ndb::filled(ND_FLOAT64, 2, os, 0, 1, 3), *want = nd_add(col, row, nullptr);
    std::vector<double> got((size_t)(r * c));
    if (variant == "threads2") ndb::set_variant("threads2");
    for (auto _ : st) {
        if (variant == "naive")
            naive_add_outer(static_cast<double *>(nd_data(col)),
                            static_cast<double *>(nd_data(row)), r, c, got.data());
        else
            nd_add(col, row, o);
        benchmark::ClobberMemory();
    }
    ndb::restore();
    const double *res = variant == "naive" ? got.data() : static_cast<double *>(nd_data(o));
    ndb::check(st, res, static_cast<double *>(nd_data(want)), r * c, 0, variant.c_str());
    ndb::counters(st, (double)(r * c), 8.0 * (double)(r * c), (double)(r * c), "fill");
    nd_release(col), nd_release(row), nd_release(o), nd_release(want);
}

void BM_cast(benchmark::State &st, std::string variant, int64_t n) {
    nd_array *a = ndb::vec(n, -1e3, 1e3, 9), *o = ndb::vec(n, 0, 1, 2, ND_FLOAT32);
    nd_array *want = nd_astype(a, ND_FLOAT32);
    std::vector<float> got((size_t)n);
    bool ok = variant == "naive" || ndb::set_variant(variant);
    for (auto _ : st) {
        if (!ok) break;
        if (variant == "naive")
            naive_cast_f32(static_cast<double *>(nd_data(a)), got.data(), n);
        else
            nd_assign(o, a);
        benchmark::ClobberMemory();
    }
    ndb::restore();
    if (!ok) st.SkipWithError("ISA level not available");
    const float *res = variant == "naive" ? got.data() : static_cast<float *>(nd_data(o));
    if (std::memcmp(res, nd_data(want), (size_t)n * 4) != 0)
        st.SkipWithError("cast differs from nd_astype");
    ndb::counters(st, (double)n, 12.0 * (double)n, 0, "stream_copy");
    nd_release(a), nd_release(o), nd_release(want);
}

int reg = [] {
    int64_t n = ndb::quick() ? 500 : 3000;
    for (std::string v : {"naive", "contiguous", "blocked", "threads2"})
        benchmark::RegisterBenchmark(("layout/a+a.T/" + v + "/" + std::to_string(n * n)).c_str(),
                                     BM_transposed, v, n)
            ->UseRealTime();
    benchmark::RegisterBenchmark(("layout/a+a.T/vs_contiguous/" + std::to_string(n * n)).c_str(),
                                 BM_transposed_vs, n)
        ->UseRealTime();
    for (std::string v : {"naive", "nd", "threads2"})
        benchmark::RegisterBenchmark(
            ("broadcast/col+row/" + v + "/" + (ndb::quick() ? "100000" : "10000000")).c_str(),
            BM_outer, v)
            ->UseRealTime();
    std::vector<std::string> variants = {"naive"};
    for (auto &l : ndb::isa_levels()) variants.push_back(l);
    variants.push_back("threads2");
    for (int64_t m : ndb::sizes())
        for (auto &v : variants)
            benchmark::RegisterBenchmark(("cast/f64->f32/" + v + "/" + std::to_string(m)).c_str(),
                                         BM_cast, v, m)
                ->UseRealTime();
    return 0;
}();

} // namespace

BENCHMARK_MAIN();
