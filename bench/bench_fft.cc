// FFT: nd_fft / nd_rfft / nd_fftn against FFTW (FFTW_ESTIMATE and
// FFTW_MEASURE plans, planning not timed) on the same arrays; NumPy's rows
// come from bench/numpy_peer.py. FFTW (GPL) is linked into this benchmark
// program only, never into libnd. Variants: "nd" (nd's best ISA level, one
// thread), each ISA level "scalar" .. "avx512" (one thread), "threads2" (best
// level, two threads), "fftw_estimate" / "fftw_measure" (one thread) and
// "fftw_estimate_t2" / "fftw_measure_t2" (two, fftw3_threads); float32 rows
// run FFTW's float plans (fftwf). nd writes into a preallocated out= as FFTW
// writes into its output buffer. Every variant's result is checked against
// nd's (normwise relative error). Under load, trust the interleaved rows
// "fftw_measure_over_nd" (counter ratio, thread CPU time) over the others.
// The lesson row: a naive O(n^2) DFT (twiddle table, one complex multiply-add
// per term) against nd_fft at n = 4096.
#include <fftw3.h>

#include <utility>

#include <complex>
#include <ctime>

#include "common.h"

namespace {

enum Kind { C2C, R2C };

struct Case {
    std::string op; // c2c, r2c, c2c_f32, r2c_f32, c2c_batch_ax1, ...
    Kind kind;
    bool f32;
    std::vector<int64_t> shape;
    int axis; // -1: all axes (nd_fftn / nd_rfftn); else the 1-D axis
};

int64_t prod(const std::vector<int64_t> &s) {
    int64_t p = 1;
    for (int64_t v : s) p *= v;
    return p;
}

// The output shape of a transform: the real one halves the last axis done.
std::vector<int64_t> out_shape(const Case &c) {
    std::vector<int64_t> s = c.shape;
    if (c.kind == R2C) {
        size_t ax = c.axis < 0 ? s.size() - 1 : (size_t)c.axis;
        s[ax] = s[ax] / 2 + 1;
    }
    return s;
}

nd_array *input(const Case &c) {
    nd_dtype real = c.f32 ? ND_FLOAT32 : ND_FLOAT64;
    nd_array *re = ndb::filled(real, (int)c.shape.size(), c.shape.data(), -1, 1, 31);
    if (c.kind == R2C) return re;
    // complex input: real part re, imaginary part another stream
    nd_array *im = ndb::filled(real, (int)c.shape.size(), c.shape.data(), -1, 1, 37);
    nd_array *z = nd_astype(re, c.f32 ? ND_COMPLEX64 : ND_COMPLEX128);
    int64_t n = prod(c.shape);
    if (c.f32) {
        float *p = static_cast<float *>(nd_data(z));
        const float *q = static_cast<const float *>(nd_data(im));
        for (int64_t i = 0; i < n; i++) p[2 * i + 1] = q[i];
    } else {
        double *p = static_cast<double *>(nd_data(z));
        const double *q = static_cast<const double *>(nd_data(im));
        for (int64_t i = 0; i < n; i++) p[2 * i + 1] = q[i];
    }
    nd_release(re), nd_release(im);
    return z;
}

nd_array *nd_run(const Case &c, const nd_array *a, nd_array *out) {
    if (c.axis >= 0)
        return c.kind == C2C ? nd_fft(a, 0, c.axis, nullptr, out)
                             : nd_rfft(a, 0, c.axis, nullptr, out);
    return c.kind == C2C ? nd_fftn(a, 0, nullptr, 0, nullptr, nullptr, out)
                         : nd_rfftn(a, 0, nullptr, 0, nullptr, nullptr, out);
}

// Normwise relative difference of two interleaved complex buffers (as doubles).
template <typename T> double normwise(const T *a, const T *b, int64_t m) {
    double num = 0, den = 0;
    for (int64_t i = 0; i < m; i++) {
        double d = (double)a[i] - (double)b[i];
        num += d * d, den += (double)b[i] * (double)b[i];
    }
    return den > 0 ? std::sqrt(num / den) : std::sqrt(num);
}

// One FFTW plan (double or float API) for a case, over fresh buffers.
template <typename R> struct Fftw;

#define ND_FFTW_IMPL(R, P)                                                                         \
    template <> struct Fftw<R> {                                                                   \
        P##_plan plan = nullptr;                                                                   \
        R *in = nullptr;                                                                           \
        P##_complex *out = nullptr;                                                                \
        Fftw(const Case &c, unsigned flags, int threads) {                                         \
            P##_plan_with_nthreads(threads);                                                       \
            int64_t ni = prod(c.shape) * (c.kind == C2C ? 2 : 1), no = prod(out_shape(c));         \
            in = static_cast<R *>(P##_malloc(sizeof(R) * (size_t)ni));                             \
            out = static_cast<P##_complex *>(P##_malloc(sizeof(P##_complex) * (size_t)no));        \
            auto *cin = reinterpret_cast<P##_complex *>(in);                                       \
            std::vector<int> dims(c.shape.begin(), c.shape.end());                                 \
            int rank = (int)dims.size();                                                           \
            if (c.axis < 0 || rank == 1) {                                                         \
                plan = c.kind == C2C                                                               \
                           ? P##_plan_dft(rank, dims.data(), cin, out, FFTW_FORWARD, flags)        \
                           : P##_plan_dft_r2c(rank, dims.data(), in, out, flags);                  \
            } else { /* 2-D (rows, cols), one axis */                                              \
                int rows = dims[0], cols = dims[1], oc = (int)out_shape(c)[1];                     \
                int orow = (int)out_shape(c)[0];                                                   \
                if (c.axis == 1) {                                                                 \
                    plan = c.kind == C2C                                                           \
                               ? P##_plan_many_dft(1, &cols, rows, cin, nullptr, 1, cols, out,     \
                                                   nullptr, 1, cols, FFTW_FORWARD, flags)          \
                               : P##_plan_many_dft_r2c(1, &cols, rows, in, nullptr, 1, cols, out,  \
                                                       nullptr, 1, oc, flags);                     \
                } else {                                                                           \
                    (void)orow;                                                                    \
                    plan = c.kind == C2C                                                           \
                               ? P##_plan_many_dft(1, &rows, cols, cin, nullptr, cols, 1, out,     \
                                                   nullptr, cols, 1, FFTW_FORWARD, flags)          \
                               : P##_plan_many_dft_r2c(1, &rows, cols, in, nullptr, cols, 1, out,  \
                                                       nullptr, cols, 1, flags);                   \
                }                                                                                  \
            }                                                                                      \
        }                                                                                          \
        void run() { P##_execute(plan); }                                                          \
        ~Fftw() {                                                                                  \
            if (plan) P##_destroy_plan(plan);                                                      \
            P##_free(in), P##_free(out);                                                           \
        }                                                                                          \
    };
ND_FFTW_IMPL(double, fftw)
ND_FFTW_IMPL(float, fftwf)

template <typename R> void BM_fftw(benchmark::State &st, Case c, unsigned flags, int threads) {
    nd_array *a = input(c), *want = nd_run(c, a, nullptr);
    // FFTW_MEASURE overwrites the buffers while planning: fill after it.
    Fftw<R> f(c, flags, threads);
    if (!f.plan) {
        st.SkipWithError("FFTW could not plan");
        nd_release(a), nd_release(want);
        return;
    }
    int64_t ni = prod(c.shape) * (c.kind == C2C ? 2 : 1), no = 2 * prod(out_shape(c));
    std::memcpy(f.in, nd_data(a), sizeof(R) * (size_t)ni);
    f.run(); // untimed, as nd's rows
    for (auto _ : st) {
        f.run();
        benchmark::ClobberMemory();
    }
    double e =
        normwise(reinterpret_cast<const R *>(f.out), static_cast<const R *>(nd_data(want)), no);
    if (e > (c.f32 ? 1e-5 : 1e-12)) st.SkipWithError("FFTW's result differs from nd's");
    ndb::counters(st, (double)prod(c.shape), 0, 0, "");
    nd_release(a), nd_release(want);
}

template <typename R> void BM_nd(benchmark::State &st, Case c, std::string variant) {
    nd_array *a = input(c), *want = nd_run(c, a, nullptr);
    std::vector<int64_t> os = out_shape(c);
    nd_array *out = nd_empty(nd_get_dtype(want), (int)os.size(), os.data());
    bool ok = variant == "nd" ? (nd_set_isa(nd_isa_best()), nd_set_num_threads(1), true)
                              : ndb::set_variant(variant);
    // two threads: split the lines whatever the array's size (the pool's
    // default leaves small batches serial)
    long long keep = variant == "threads2" ? nd_debug_flat_threshold(1) : -1;
    // one untimed call at this variant: the out= pages' first touches and
    // the level's plan (at quick timings a row may run one iteration, which
    // then paid them: c2c_batch_ax1's 12 ms against 340 us)
    if (ok) ok = nd_run(c, a, out) != nullptr;
    for (auto _ : st) {
        if (!ok || !nd_run(c, a, out)) break;
        benchmark::ClobberMemory();
    }
    if (keep >= 0) nd_debug_flat_threshold(keep);
    ndb::restore();
    if (!ok)
        st.SkipWithError("ISA level not available");
    else if (normwise(static_cast<const R *>(nd_data(out)), static_cast<const R *>(nd_data(want)),
                      2 * prod(os)) > (c.f32 ? 1e-5 : 1e-12))
        st.SkipWithError((variant + "'s result differs from the best level's").c_str());
    ndb::counters(st, (double)prod(c.shape), 0, 0, "");
    nd_release(a), nd_release(want), nd_release(out);
}

// CPU seconds of the calling thread (the interleaved rows time one thread
// while other processes share the cores).
double thread_cpu() {
    timespec t;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

// The interleaved row: nd (best level, one thread) and FFTW_MEASURE (one
// thread) timed in turn within each repetition, thread CPU time; the counter
// "ratio" is the median of t(FFTW_MEASURE) / t(nd) (> 1: nd is faster).
template <typename R> void BM_vs_fftw(benchmark::State &st, Case c) {
    nd_array *a = input(c), *want = nd_run(c, a, nullptr);
    std::vector<int64_t> os = out_shape(c);
    nd_array *out = nd_empty(nd_get_dtype(want), (int)os.size(), os.data());
    Fftw<R> f(c, FFTW_MEASURE, 1);
    if (!f.plan) {
        st.SkipWithError("FFTW could not plan");
        nd_release(a), nd_release(want), nd_release(out);
        return;
    }
    int64_t ni = prod(c.shape) * (c.kind == C2C ? 2 : 1);
    std::memcpy(f.in, nd_data(a), sizeof(R) * (size_t)ni);
    nd_set_isa(nd_isa_best());
    nd_set_num_threads(1);
    std::vector<double> ratios;
    bool ok = nd_run(c, a, out) != nullptr; // untimed: out='s first touches
    f.run();
    for (auto _ : st) {
        double t0 = thread_cpu();
        ok = ok && nd_run(c, a, out);
        double t1 = thread_cpu();
        f.run();
        double t2 = thread_cpu();
        benchmark::ClobberMemory();
        if (t1 > t0) ratios.push_back((t2 - t1) / (t1 - t0));
    }
    ndb::restore();
    ndb::median_ratio(st, ratios);
    if (!ok)
        st.SkipWithError("nd failed");
    else if (normwise(reinterpret_cast<const R *>(f.out), static_cast<const R *>(nd_data(out)),
                      2 * prod(os)) > (c.f32 ? 1e-5 : 1e-12))
        st.SkipWithError("FFTW's result differs from nd's");
    ndb::counters(st, (double)prod(c.shape), 0, 0, "");
    nd_release(a), nd_release(want), nd_release(out);
}

// The textbook DFT: n^2 complex multiply-adds over a table of the n twiddles.
void BM_naive_dft(benchmark::State &st, int64_t n) {
    Case c{"c2c", C2C, false, {n}, 0};
    nd_array *a = input(c), *want = nd_run(c, a, nullptr);
    const auto *x = static_cast<const std::complex<double> *>(nd_data(a));
    std::vector<std::complex<double>> w((size_t)n), y((size_t)n);
    for (int64_t k = 0; k < n; k++)
        w[(size_t)k] = std::polar(1.0, -2 * M_PI * (double)k / (double)n);
    for (auto _ : st) {
        for (int64_t k = 0; k < n; k++) {
            std::complex<double> s = 0;
            for (int64_t j = 0, idx = 0; j < n; j++, idx = (idx + k) % n)
                s += x[j] * w[(size_t)idx];
            y[(size_t)k] = s;
        }
        benchmark::ClobberMemory();
    }
    if (normwise(reinterpret_cast<const double *>(y.data()),
                 static_cast<const double *>(nd_data(want)), 2 * n) > 1e-9)
        st.SkipWithError("the naive DFT differs from nd_fft");
    ndb::counters(st, (double)n, 0, 0, "");
    nd_release(a), nd_release(want);
}

std::string size_name(const Case &c) { return std::to_string(prod(c.shape)); }

int reg = [] {
    bool q = ndb::quick();
    fftw_init_threads();
    fftwf_init_threads();
    fftw_set_timelimit(q ? 0.05 : 1.0);
    fftwf_set_timelimit(q ? 0.05 : 1.0);
    std::vector<Case> cases;
    std::vector<int64_t> lens = {1024, 65536, 1048576, 1000, 59049, 78125, 30030, 1000003};
    std::vector<int64_t> lens32 = {1024, 65536, 1048576, 1000, 30030};
    if (q) lens = {1024, 1000, 30030}, lens32 = {1024, 1000};
    for (int64_t n : lens) {
        cases.push_back({"c2c", C2C, false, {n}, 0});
        cases.push_back({"r2c", R2C, false, {n}, 0});
    }
    int64_t b = q ? 100 : 1000;
    int64_t d2 = q ? 128 : 1024, d3 = q ? 32 : 128;
    for (bool f32 : {false, true}) {
        std::string t = f32 ? "_f32" : "";
        cases.push_back({"c2c_batch_ax1" + t, C2C, f32, {b, 1024}, 1});
        cases.push_back({"c2c_batch_ax0" + t, C2C, f32, {b, 1024}, 0});
        cases.push_back({"r2c_batch_ax1" + t, R2C, f32, {b, 1024}, 1});
        cases.push_back({"r2c_batch_ax0" + t, R2C, f32, {b, 1024}, 0});
        cases.push_back({"c2c_2d" + t, C2C, f32, {d2, d2}, -1});
        cases.push_back({"r2c_2d" + t, R2C, f32, {d2, d2}, -1});
        cases.push_back({"c2c_3d" + t, C2C, f32, {d3, d3, d3}, -1});
        cases.push_back({"r2c_3d" + t, R2C, f32, {d3, d3, d3}, -1});
    }
    for (int64_t n : lens32) {
        cases.push_back({"c2c_f32", C2C, true, {n}, 0});
        cases.push_back({"r2c_f32", R2C, true, {n}, 0});
    }
    std::vector<std::string> nd_variants = {"nd", "threads2"};
    for (const std::string &v : ndb::isa_levels()) nd_variants.push_back(v);
    const std::pair<std::string, std::pair<unsigned, int>> fftw_variants[] = {
        {"fftw_estimate", {FFTW_ESTIMATE, 1}},
        {"fftw_measure", {FFTW_MEASURE, 1}},
        {"fftw_estimate_t2", {FFTW_ESTIMATE, 2}},
        {"fftw_measure_t2", {FFTW_MEASURE, 2}}};
    for (const Case &c : cases) {
        std::string tail = "/" + size_name(c);
        for (const std::string &v : nd_variants) {
            auto fn = c.f32 ? BM_nd<float> : BM_nd<double>;
            benchmark::RegisterBenchmark(("fft/" + c.op + "/" + v + tail).c_str(), fn, c, v)
                ->UseRealTime();
        }
        for (const auto &[v, ft] : fftw_variants) {
            auto fn = c.f32 ? BM_fftw<float> : BM_fftw<double>;
            benchmark::RegisterBenchmark(("fft/" + c.op + "/" + v + tail).c_str(), fn, c, ft.first,
                                         ft.second)
                ->UseRealTime();
        }
        auto fn = c.f32 ? BM_vs_fftw<float> : BM_vs_fftw<double>;
        benchmark::RegisterBenchmark(("fft/" + c.op + "/fftw_measure_over_nd" + tail).c_str(), fn,
                                     c)
            ->UseRealTime();
    }
    int64_t nl = q ? 512 : 4096;
    benchmark::RegisterBenchmark(("fft/dft/naive/" + std::to_string(nl)).c_str(), BM_naive_dft, nl)
        ->UseRealTime();
    Case l{"dft", C2C, false, {nl}, 0};
    benchmark::RegisterBenchmark(("fft/dft/nd/" + std::to_string(nl)).c_str(), BM_nd<double>, l,
                                 std::string("nd"))
        ->UseRealTime();
    return 0;
}();

} // namespace

BENCHMARK_MAIN();
