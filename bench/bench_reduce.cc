// Reductions: the classic hand-written summation loop vs nd_sum (pairwise,
// vectorized, threaded), over a whole array and along each axis of a 2-D
// array; max; cumsum.
#include "common.h"

namespace {

// The read-only pass and nd_sum on the same array, alternating, each timed
// by itself, one thread: the row reports nd's time and, as "ratio", the
// median over the repetitions of t(read) / t(sum) (the goal is >= 0.9).
void BM_sum_vs_read(benchmark::State &st, int64_t n) {
    nd_array *a = ndb::vec(n, -1, 1, 11), *o = nd_zeros(ND_FLOAT64, 0, nullptr);
    const double *p = static_cast<double *>(nd_data(a));
    nd_set_num_threads(1);
    std::vector<double> ratios;
    for (auto _ : st) {
        st.PauseTiming();
        double t0 = ndb::secs();
        benchmark::DoNotOptimize(stream_read(p, n));
        double t1 = ndb::secs();
        st.ResumeTiming();
        nd_sum(a, ND_AXIS_ALL, false, o);
        double t2 = ndb::secs();
        ratios.push_back((t1 - t0) / (t2 - t1));
    }
    ndb::restore();
    ndb::median_ratio(st, ratios);
    double want = stream_read(p, n), got = nd_get_f64(o, nullptr);
    if (!(std::fabs(got - want) <= 1e-9 * (double)n))
        st.SkipWithError("nd_sum differs from the read-only pass's sum");
    ndb::counters(st, (double)n, 8.0 * (double)n, (double)n, "read");
    nd_release(a), nd_release(o);
}

void BM_sum(benchmark::State &st, std::string op, std::string variant, int64_t n) {
    nd_array *a = ndb::vec(n, -1, 1, 11), *o = nd_zeros(ND_FLOAT64, 0, nullptr);
    bool mx = op == "max";
    nd_array *want =
        mx ? nd_max(a, ND_AXIS_ALL, false, nullptr) : nd_sum(a, ND_AXIS_ALL, false, nullptr);
    const double *p = static_cast<double *>(nd_data(a));
    double got = 0;
    bool ok =
        variant == "naive" || variant == "nd_new" || variant == "read" || ndb::set_variant(variant);
    // chosen before the loop: string compares per iteration would be timed
    // with the 1000-element sum
    enum {
        NAIVE,
        READ,
        NEW,
        OUT
    } kind = variant == "naive"    ? NAIVE
             : variant == "read"   ? READ
             : variant == "nd_new" ? NEW
                                   : OUT;
    double (*naive)(const double *, int64_t) = mx ? naive_max : naive_sum;
    nd_array *(*red)(const nd_array *, int, bool, nd_array *) = mx ? nd_max : nd_sum;
    for (auto _ : st) {
        if (!ok) break;
        if (kind == NAIVE) {
            got = naive(p, n);
            benchmark::DoNotOptimize(got);
        } else if (kind == READ) { // the read-only limit on the same array
            benchmark::DoNotOptimize(stream_read(p, n));
            got = nd_get_f64(want, nullptr);
        } else if (kind == NEW) { // allocating the 0-d result, like x.sum()
            nd_array *r = red(a, ND_AXIS_ALL, false, nullptr);
            got = nd_get_f64(r, nullptr);
            nd_release(r);
        } else {
            red(a, ND_AXIS_ALL, false, o);
            got = nd_get_f64(o, nullptr);
        }
    }
    ndb::restore();
    if (!ok) st.SkipWithError("ISA level not available");
    double w = nd_get_f64(want, nullptr);
    // the naive running sum is less accurate: allowed n * eps relative to sum |x|
    double tol = variant == "naive" && !mx
                     ? (double)n * 2.3e-16 * (double)n / std::fmax(std::fabs(w), 1e-300)
                     : 0;
    ndb::check(st, &got, &w, 1, tol, variant.c_str());
    ndb::counters(st, (double)n, 8.0 * (double)n, (double)n, "read");
    nd_release(a), nd_release(o), nd_release(want);
}

void BM_axis(benchmark::State &st, int axis, std::string variant) {
    int64_t r = ndb::quick() ? 400 : 4000, c = ndb::quick() ? 250 : 2500, sh[2] = {r, c};
    nd_array *a = ndb::filled(ND_FLOAT64, 2, sh, -1, 1, 3);
    int64_t on = axis == 0 ? c : r;
    nd_array *o = nd_zeros(ND_FLOAT64, 1, &on), *want = nd_sum(a, axis, false, nullptr);
    std::vector<double> got((size_t)on);
    bool ok = variant == "naive" || ndb::set_variant(variant);
    for (auto _ : st) {
        if (!ok) break;
        if (variant == "naive")
            (axis == 0 ? naive_sum_axis0 : naive_sum_axis1)(static_cast<double *>(nd_data(a)), r, c,
                                                            got.data());
        else
            nd_sum(a, axis, false, o);
        benchmark::ClobberMemory();
    }
    ndb::restore();
    if (!ok) st.SkipWithError("ISA level not available");
    const double *res = variant == "naive" ? got.data() : static_cast<double *>(nd_data(o));
    ndb::check(st, res, static_cast<double *>(nd_data(want)), on, variant == "naive" ? 1e-9 : 0,
               variant.c_str());
    ndb::counters(st, (double)(r * c), 8.0 * (double)(r * c), (double)(r * c), "read");
    nd_release(a), nd_release(o), nd_release(want);
}

// nd_sum along axis 0 and along axis 1 of the same C-order array,
// alternating, one thread: the row reports the axis-0 time and, as "ratio",
// the median of t(axis 0) / t(axis 1) (the goal is <= ~1.1).
void BM_axis_vs(benchmark::State &st) {
    int64_t r = ndb::quick() ? 400 : 4000, c = ndb::quick() ? 250 : 2500, sh[2] = {r, c};
    nd_array *a = ndb::filled(ND_FLOAT64, 2, sh, -1, 1, 3);
    nd_array *o0 = nd_zeros(ND_FLOAT64, 1, &c), *o1 = nd_zeros(ND_FLOAT64, 1, &r);
    nd_set_isa(nd_isa_best());
    nd_set_num_threads(1);
    std::vector<double> ratios;
    for (auto _ : st) {
        st.PauseTiming();
        double t0 = ndb::secs();
        nd_sum(a, 1, false, o1);
        double t1 = ndb::secs();
        st.ResumeTiming();
        nd_sum(a, 0, false, o0);
        double t2 = ndb::secs();
        ratios.push_back((t2 - t1) / (t1 - t0));
    }
    ndb::restore();
    ndb::median_ratio(st, ratios);
    // the two sums of all values agree (each is pairwise; not bitwise)
    nd_array *s0 = nd_sum(o0, ND_AXIS_ALL, false, nullptr),
             *s1 = nd_sum(o1, ND_AXIS_ALL, false, nullptr);
    if (!(std::fabs(nd_get_f64(s0, nullptr) - nd_get_f64(s1, nullptr)) <= 1e-9 * (double)(r * c)))
        st.SkipWithError("axis 0 and axis 1 sums disagree");
    ndb::counters(st, (double)(r * c), 8.0 * (double)(r * c), (double)(r * c), "read");
    nd_release(a), nd_release(o0), nd_release(o1), nd_release(s0), nd_release(s1);
}

void BM_cumsum(benchmark::State &st, std::string variant, int64_t n) {
    nd_array *a = ndb::vec(n, -1, 1, 4), *o = ndb::vec(n), *want = nd_cumsum(a, 0, nullptr);
    std::vector<double> got((size_t)n);
    bool ok = variant == "naive" || ndb::set_variant(variant);
    for (auto _ : st) {
        if (!ok) break;
        if (variant == "naive")
            naive_cumsum(static_cast<double *>(nd_data(a)), got.data(), n);
        else
            nd_cumsum(a, 0, o);
        benchmark::ClobberMemory();
    }
    ndb::restore();
    if (!ok) st.SkipWithError("ISA level not available");
    // nd compensates, the naive running sum drifts: compare loosely
    const double *res = variant == "naive" ? got.data() : static_cast<double *>(nd_data(o));
    const double *w = static_cast<double *>(nd_data(want));
    double worst = 0;
    for (int64_t i = 0; i < n; i++) worst = std::fmax(worst, std::fabs(res[i] - w[i]));
    if (!(worst <= (variant == "naive" ? 1e-16 * (double)n * (double)n : 0)))
        st.SkipWithError("cumsum differs from nd");
    ndb::counters(st, (double)n, 16.0 * (double)n, (double)n, "stream_copy");
    nd_release(a), nd_release(o), nd_release(want);
}

// The algorithm lesson in numbers: the error of a float32 sum, running vs
// pairwise, against a long double reference (not a speed row).
void BM_sum_error(benchmark::State &st, std::string variant, int64_t n) {
    nd_array *a = ndb::vec(n, 0, 1, 12, ND_FLOAT32);
    const float *p = static_cast<float *>(nd_data(a));
    long double exact = 0;
    for (int64_t i = 0; i < n; i++) exact += p[i];
    float got = 0;
    for (auto _ : st) {
        if (variant == "naive") {
            got = naive_sum_f32(p, n);
        } else {
            nd_array *r = nd_sum(a, ND_AXIS_ALL, false, nullptr);
            got = (float)nd_get_f64(r, nullptr);
            nd_release(r);
        }
        benchmark::DoNotOptimize(got);
    }
    st.counters["rel_err"] = (double)(std::fabs((long double)got - exact) / exact);
    ndb::counters(st, (double)n, 4.0 * (double)n, (double)n, "read");
    nd_release(a);
}

int reg = [] {
    for (int64_t n : {ndb::quick() ? (int64_t)100000 : (int64_t)10000000})
        for (std::string v : {"naive", "pairwise"})
            benchmark::RegisterBenchmark(
                ("accuracy/sum_f32/" + v + "/" + std::to_string(n)).c_str(), BM_sum_error, v, n)
                ->UseRealTime();
    std::vector<std::string> variants = {"naive"};
    for (auto &l : ndb::isa_levels()) variants.push_back(l);
    variants.push_back("threads2");
    for (std::string op : {"sum", "max"})
        for (int64_t n : ndb::sizes()) {
            for (auto &v : variants)
                benchmark::RegisterBenchmark(
                    ("reduce/" + op + "/" + v + "/" + std::to_string(n)).c_str(), BM_sum, op, v, n)
                    ->UseRealTime();
            benchmark::RegisterBenchmark(("reduce/" + op + "/nd_new/" + std::to_string(n)).c_str(),
                                         BM_sum, op, std::string("nd_new"), n)
                ->UseRealTime();
            if (op == "sum")
                benchmark::RegisterBenchmark(("reduce/sum/read/" + std::to_string(n)).c_str(),
                                             BM_sum, op, std::string("read"), n)
                    ->UseRealTime();
            if (op == "sum" && n >= 1000000)
                benchmark::RegisterBenchmark(("reduce/sum/vs_read/" + std::to_string(n)).c_str(),
                                             BM_sum_vs_read, n)
                    ->UseRealTime();
        }
    for (int axis = 0; axis < 2; axis++)
        for (std::string v : {"naive", "scalar", "avx512", "threads2"})
            benchmark::RegisterBenchmark(("reduce/sum_axis" + std::to_string(axis) + "/" + v + "/" +
                                          (ndb::quick() ? "100000" : "10000000"))
                                             .c_str(),
                                         BM_axis, axis, v)
                ->UseRealTime();
    benchmark::RegisterBenchmark(
        ("reduce/sum_axis0/vs_axis1/" + std::string(ndb::quick() ? "100000" : "10000000")).c_str(),
        BM_axis_vs)
        ->UseRealTime();
    for (int64_t n : ndb::sizes())
        for (auto &v : variants) // threads2: one long run split in its fixed blocks
            benchmark::RegisterBenchmark(("cumsum/cumsum/" + v + "/" + std::to_string(n)).c_str(),
                                         BM_cumsum, v, n)
                ->UseRealTime();
    return 0;
}();

} // namespace

BENCHMARK_MAIN();
