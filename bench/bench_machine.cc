// The machine's own limits, measured in the same run as everything else:
// STREAM copy/add/triad, a read-only pass (multi-accumulator sum), a
// store-only fill, and the float64 FMA peak, with 1 and 2 threads. Every
// other row is reported as a fraction of one of these.
#include <immintrin.h>

#include <thread>

#include "common.h"

namespace {

struct Arrays {
    int64_t n;
    double *a, *b, *c;
    explicit Arrays(int64_t n_) : n(n_) {
        a = static_cast<double *>(std::aligned_alloc(64, (size_t)n * 8));
        b = static_cast<double *>(std::aligned_alloc(64, (size_t)n * 8));
        c = static_cast<double *>(std::aligned_alloc(64, (size_t)n * 8));
        for (int64_t i = 0; i < n; i++) a[i] = 1.0 + (double)(i & 7), b[i] = 2.0, c[i] = 0.5;
    }
    ~Arrays() { std::free(a), std::free(b), std::free(c); }
};

double sink;

// _mm512_reduce_add_pd trips a false gcc 12 warning; add the lanes by hand.
double lanes_sum(__m512d v) {
    alignas(64) double t[8];
    _mm512_store_pd(t, v);
    return ((t[0] + t[1]) + (t[2] + t[3])) + ((t[4] + t[5]) + (t[6] + t[7]));
}

// kind: 0 copy, 1 add, 2 triad, 3 read (sum), 4 fill
void part(int kind, Arrays &x, int64_t lo, int64_t hi, double *acc) {
    double *a = x.a, *b = x.b, *c = x.c;
    switch (kind) {
    case 0: { // written out: gcc would call memcpy, which streams differently
        int64_t i = lo;
        for (; i + 8 <= hi; i += 8) _mm512_storeu_pd(c + i, _mm512_loadu_pd(a + i));
        for (; i < hi; i++) c[i] = a[i];
        break;
    }
    case 1:
        for (int64_t i = lo; i < hi; i++) c[i] = a[i] + b[i];
        break;
    case 2:
        for (int64_t i = lo; i < hi; i++) c[i] = a[i] + 3.0 * b[i];
        break;
    case 3: {
        __m512d s[8];
        for (int k = 0; k < 8; k++) s[k] = _mm512_setzero_pd();
        int64_t i = lo;
        for (; i + 64 <= hi; i += 64)
            for (int k = 0; k < 8; k++) s[k] = _mm512_add_pd(s[k], _mm512_loadu_pd(a + i + 8 * k));
        double r = 0;
        for (int k = 0; k < 8; k++) r += lanes_sum(s[k]);
        for (; i < hi; i++) r += a[i];
        *acc = r;
        break;
    }
    default:
        for (int64_t i = lo; i < hi; i++) c[i] = 1.5;
        break;
    }
}

const double traffic[] = {16, 24, 24, 8, 8}; // bytes per element
const char *const names[] = {"stream_copy", "stream_add", "stream_triad", "read", "fill"};

// One set of arrays per size, made once: first touching a gigabyte costs
// seconds on this VM.
Arrays &arrays_for(int64_t n) {
    static std::vector<Arrays *> made;
    for (Arrays *a : made)
        if (a->n == n) return *a;
    made.push_back(new Arrays(n));
    return *made.back();
}

void BM_stream(benchmark::State &st, int kind, int64_t n, int threads) {
    Arrays &x = arrays_for(n);
    double acc[2] = {0, 0};
    for (auto _ : st) {
        if (threads == 1) {
            part(kind, x, 0, n, &acc[0]);
        } else {
            std::thread t(part, kind, std::ref(x), n / 2, n, &acc[1]);
            part(kind, x, 0, n / 2, &acc[0]);
            t.join();
        }
        benchmark::DoNotOptimize(x.c);
        benchmark::ClobberMemory();
    }
    sink = acc[0] + acc[1];
    ndb::counters(st, (double)n, traffic[kind] * (double)n, 0, names[kind]);
}

__attribute__((noinline)) double fma_loop(int64_t iters) {
    __m512d acc[16], x = _mm512_set1_pd(1.0000001), y = _mm512_set1_pd(1e-9);
    for (int k = 0; k < 16; k++) acc[k] = _mm512_set1_pd((double)k);
    for (int64_t i = 0; i < iters; i++) {
#pragma GCC unroll 16
        for (int k = 0; k < 16; k++) acc[k] = _mm512_fmadd_pd(acc[k], x, y);
    }
    double r = 0;
    for (int k = 0; k < 16; k++) r += lanes_sum(acc[k]);
    return r;
}

void BM_fma_peak(benchmark::State &st, int threads) {
    const int64_t iters = 1 << 20;
    double r[2];
    for (auto _ : st) {
        if (threads == 1) {
            r[0] = fma_loop(iters);
        } else {
            std::thread t([&] { r[1] = fma_loop(iters); });
            r[0] = fma_loop(iters);
            t.join();
        }
        benchmark::DoNotOptimize(r);
    }
    // 16 chains x 8 lanes x 2 flops per iteration, per thread
    ndb::counters(st, 0, 0, (double)iters * 16 * 8 * 2 * threads, "fma");
}

int reg = [] {
    std::vector<int64_t> ns = {1000000, 10000000};
    if (!ndb::quick()) ns.push_back(30000000); // 720 MB in all: DRAM only
    for (int kind = 0; kind < 5; kind++)
        for (int64_t n : ns)
            for (int th = 1; th <= 2; th++) {
                std::string name = std::string("machine/") + names[kind] + "/threads" +
                                   std::to_string(th) + "/" + std::to_string(n);
                benchmark::RegisterBenchmark(name.c_str(), BM_stream, kind, n, th)->UseRealTime();
            }
    for (int th = 1; th <= 2; th++)
        benchmark::RegisterBenchmark(
            ("machine/fma_peak/threads" + std::to_string(th) + "/0").c_str(), BM_fma_peak, th)
            ->UseRealTime();
    return 0;
}();

} // namespace

BENCHMARK_MAIN();
