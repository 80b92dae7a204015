// Elementwise arithmetic: the naive loop vs nd at each ISA level and with
// 2 threads; per-call overhead at n=8; temporaries vs out= vs in place;
// a fused expression vs the same ufuncs one by one.
#include "common.h"

namespace {

void BM_binary(benchmark::State &st, std::string op, std::string variant, int64_t n) {
    nd_array *a = ndb::vec(n, -1, 1, 1), *b = ndb::vec(n, -1, 1, 2), *o = ndb::vec(n, 0, 1, 3);
    nd_array *want = op == "add" ? nd_add(a, b, nullptr) : nd_multiply(a, b, nullptr);
    const double *pa = static_cast<double *>(nd_data(a)), *pb = static_cast<double *>(nd_data(b));
    double *po = static_cast<double *>(nd_data(o));
    // the functions are chosen before the loops: a string compare per
    // iteration would be timed with the n = 1000 rows
    auto naive = op == "add" ? naive_add : naive_mul;
    auto fn = op == "add" ? nd_add : nd_multiply;
    if (variant == "naive") {
        for (auto _ : st) {
            naive(pa, pb, po, n);
            benchmark::ClobberMemory();
        }
    } else if (variant == "stream") { // the STREAM add loop on the same arrays: the limit
        for (auto _ : st) {
            stream_add(pa, pb, po, n);
            benchmark::ClobberMemory();
        }
        if (op != "add") nd_add(a, b, want); // the yardstick adds
    } else if (ndb::set_variant(variant)) {
        for (auto _ : st) {
            fn(a, b, o);
            benchmark::ClobberMemory();
        }
        ndb::restore();
    } else {
        st.SkipWithError("ISA level not available");
    }
    ndb::check(st, po, static_cast<double *>(nd_data(want)), n, 0, variant.c_str());
    ndb::counters(st, (double)n, 24.0 * (double)n, (double)n, "stream_add");
    nd_release(a), nd_release(b), nd_release(o), nd_release(want);
}

// One op at one size: "1thread", "2threads" (the pool splits any run, down
// to 4,096-element chunks) or "nd" (two threads, nd's per-op threshold).
void BM_threshold(benchmark::State &st, std::string op, std::string variant, int64_t n) {
    nd_array *a = ndb::vec(n, -1, 1, 1), *b = ndb::vec(n, -1, 1, 2), *o = ndb::vec(n, 0, 1, 3);
    auto run = [&](nd_array *out) {
        return op == "add" ? nd_add(a, b, out) : op == "exp" ? nd_exp(a, out) : nd_sin(a, out);
    };
    nd_array *want = run(nullptr);
    nd_set_num_threads(variant == "1thread" ? 1 : 2);
    long long saved = nd_debug_flat_threshold(variant == "2threads" ? 1 : 0);
    for (auto _ : st) {
        run(o);
        benchmark::ClobberMemory();
    }
    nd_debug_flat_threshold(saved);
    ndb::restore();
    ndb::check(st, static_cast<double *>(nd_data(o)), static_cast<double *>(nd_data(want)), n, 0,
               variant.c_str());
    bool binary = op == "add";
    ndb::counters(st, (double)n, (binary ? 24.0 : 16.0) * (double)n, (double)n,
                  binary ? "stream_add" : "stream_copy");
    nd_release(a), nd_release(b), nd_release(o), nd_release(want);
}

// The cost of a call: n = 8, out given.
void BM_overhead(benchmark::State &st) {
    nd_array *a = ndb::vec(8), *b = ndb::vec(8, -1, 1, 2), *o = ndb::vec(8);
    for (auto _ : st) {
        nd_add(a, b, o);
        benchmark::ClobberMemory();
    }
    ndb::counters(st, 8, 24.0 * 8, 8, "call");
    nd_release(a), nd_release(b), nd_release(o);
}

// The profiler switched on: the same call with per-op accounting.
void BM_overhead_profiled(benchmark::State &st) {
    nd_array *a = ndb::vec(8), *b = ndb::vec(8, -1, 1, 2), *o = ndb::vec(8);
    nd_profile_enable();
    for (auto _ : st) {
        nd_add(a, b, o);
        benchmark::ClobberMemory();
    }
    nd_profile_disable();
    ndb::counters(st, 8, 24.0 * 8, 8, "call");
    nd_release(a), nd_release(b), nd_release(o);
}

// Memory: a*b + c with a new array per op, with out=, and in place.
void BM_memory(benchmark::State &st, std::string variant, int64_t n) {
    nd_array *a = ndb::vec(n, -1, 1, 1), *b = ndb::vec(n, -1, 1, 2), *c = ndb::vec(n, -1, 1, 3);
    nd_array *o = ndb::vec(n), *t = ndb::vec(n);
    nd_array *ab = nd_multiply(a, b, nullptr), *want = nd_add(ab, c, nullptr);
    const double *pa = static_cast<double *>(nd_data(a)), *pb = static_cast<double *>(nd_data(b)),
                 *pc = static_cast<double *>(nd_data(c));
    std::vector<double> got((size_t)n);
    for (auto _ : st) {
        if (variant == "naive") {
            naive_fma3(pa, pb, pc, got.data(), n);
        } else if (variant == "temporaries") {
            nd_array *x = nd_multiply(a, b, nullptr), *y = nd_add(x, c, nullptr);
            std::memcpy(got.data(), nd_data(y), (size_t)n * 8);
            nd_release(x), nd_release(y);
        } else if (variant == "out") {
            nd_multiply(a, b, t);
            nd_add(t, c, o);
        } else { // in place: o = a; o *= b; o += c
            nd_multiply(a, b, o);
            nd_add(o, c, o);
        }
        benchmark::ClobberMemory();
    }
    const double *res = variant == "naive" || variant == "temporaries"
                            ? got.data()
                            : static_cast<double *>(nd_data(o));
    ndb::check(st, res, static_cast<double *>(nd_data(want)), n, variant == "naive" ? 1e-15 : 0,
               variant.c_str());
    ndb::counters(st, (double)n, 32.0 * (double)n, 2.0 * (double)n, "stream_triad");
    nd_release(a), nd_release(b), nd_release(c), nd_release(o), nd_release(t), nd_release(ab),
        nd_release(want);
}

// 2*a + 3*b*b - sin(c): ufuncs one by one vs nd_eval in blocks vs naive.
void BM_fused(benchmark::State &st, std::string variant, int64_t n) {
    nd_array *in[3] = {ndb::vec(n, -1, 1, 1), ndb::vec(n, -1, 1, 2), ndb::vec(n, -3, 3, 3)};
    const char *names[3] = {"a", "b", "c"};
    const char *text = "2*a + 3*b*b - sin(c)";
    nd_array *want = nd_eval(text, 3, names, in, nullptr), *o = ndb::vec(n);
    nd_array *two = nd_lit_f64(2), *three = nd_lit_f64(3);
    std::vector<double> got((size_t)n);
    // The steady state (as bench_peers): the loop compiled on the spot before
    // the timed calls, unless the caller chose ND_JIT itself. A background
    // compile still running when a short run exits crashed the process
    // inside libgccjit during exit's teardown (not nd's code; noted in
    // docs/design.md "Expressions").
    if ((variant == "fused" || variant == "threads2") && !getenv("ND_JIT")) {
        setenv("ND_JIT", "1", 1);
        nd_eval(text, 3, names, in, o);
        unsetenv("ND_JIT");
    }
    if (variant == "threads2") ndb::set_variant("threads2");
    for (auto _ : st) {
        if (variant == "naive") {
            naive_expr(static_cast<double *>(nd_data(in[0])), static_cast<double *>(nd_data(in[1])),
                       static_cast<double *>(nd_data(in[2])), got.data(), n);
        } else if (variant == "ufuncs") {
            nd_array *t1 = nd_multiply(two, in[0], nullptr),
                     *t2 = nd_multiply(three, in[1], nullptr);
            nd_array *t3 = nd_multiply(t2, in[1], nullptr), *t4 = nd_add(t1, t3, nullptr);
            nd_array *t5 = nd_sin(in[2], nullptr);
            nd_subtract(t4, t5, o);
            nd_release(t1), nd_release(t2), nd_release(t3), nd_release(t4), nd_release(t5);
        } else {
            nd_eval(text, 3, names, in, o);
        }
        benchmark::ClobberMemory();
    }
    ndb::restore();
    const double *res = variant == "naive" ? got.data() : static_cast<double *>(nd_data(o));
    // libm's sin against SLEEF's: both within 1 ULP, so results agree to a few ULP of the terms
    ndb::check(st, res, static_cast<double *>(nd_data(want)), n, variant == "naive" ? 1e-14 : 0,
               variant.c_str(), variant == "naive" ? 4.0 : 1e-300);
    ndb::counters(st, (double)n, 32.0 * (double)n, 6.0 * (double)n, "stream_triad");
    for (auto *x : in) nd_release(x);
    nd_release(want), nd_release(o), nd_release(two), nd_release(three);
}

int reg = [] {
    std::vector<std::string> variants = {"naive", "stream"};
    for (auto &l : ndb::isa_levels()) variants.push_back(l);
    variants.push_back("threads2");
    for (std::string op : {"add", "multiply"})
        for (int64_t n : ndb::sizes())
            for (auto &v : variants)
                benchmark::RegisterBenchmark(
                    ("elementwise/" + op + "/" + v + "/" + std::to_string(n)).c_str(), BM_binary,
                    op, v, n)
                    ->UseRealTime();
    // where two threads start to pay, per kind of op: one thread, two threads
    // splitting at any size, and nd's own per-op threshold (src/ufunc/ufunc.c)
    if (!ndb::quick()) {
        for (int64_t n : {16384, 32768, 65536, 131072, 262144, 524288, 1048576, 2097152})
            for (std::string v : {"1thread", "2threads", "nd"})
                benchmark::RegisterBenchmark(
                    ("threshold/add/" + v + "/" + std::to_string(n)).c_str(), BM_threshold,
                    std::string("add"), v, n)
                    ->UseRealTime();
        for (std::string op : {"exp", "sin"})
            for (int64_t n : {2048, 4096, 8192, 16384, 32768, 65536, 131072})
                for (std::string v : {"1thread", "2threads", "nd"})
                    benchmark::RegisterBenchmark(
                        ("threshold/" + op + "/" + v + "/" + std::to_string(n)).c_str(),
                        BM_threshold, op, v, n)
                        ->UseRealTime();
    }
    benchmark::RegisterBenchmark("overhead/add/nd/8", BM_overhead)->UseRealTime();
    benchmark::RegisterBenchmark("overhead/add/nd_profiled/8", BM_overhead_profiled)->UseRealTime();
    for (int64_t n : ndb::sizes())
        for (std::string v : {"naive", "temporaries", "out", "inplace"})
            benchmark::RegisterBenchmark(("memory/a*b+c/" + v + "/" + std::to_string(n)).c_str(),
                                         BM_memory, v, n)
                ->UseRealTime();
    for (int64_t n : ndb::sizes())
        for (std::string v : {"naive", "ufuncs", "fused", "threads2"})
            benchmark::RegisterBenchmark(
                ("fused/2a+3bb-sin(c)/" + v + "/" + std::to_string(n)).c_str(), BM_fused, v, n)
                ->UseRealTime();
    return 0;
}();

} // namespace

BENCHMARK_MAIN();
