// Linear algebra: the naive triple loop against BLAS through nd_matmul;
// nd_matmul against calling cblas_?gemm directly on the same arrays
// (interleaved, median ratio); batches of small matrices through nd's own
// kernels at each ISA level; LAPACK-backed numpy.linalg calls (NumPy peer
// rows in numpy_peer.py).
#include "common.h"

#include <cstdio>
#include <map>
#include <sys/wait.h>
#include <unistd.h>

extern "C" {
#include <cblas.h>
void openblas_set_num_threads(int);
// OpenBLAS's own pool shutdown (its fork handler's); weak: absent in other builds
void blas_thread_shutdown_(void) __attribute__((weak));
}

namespace {

void BM_dgemm(benchmark::State &st, std::string variant, int64_t n, nd_dtype t) {
    int64_t sh[2] = {n, n};
    nd_array *a = ndb::filled(t, 2, sh, -1, 1, 1), *b = ndb::filled(t, 2, sh, -1, 1, 2);
    nd_array *o = nd_zeros(t, 2, sh), *want = nullptr;
    { // the reference: the float64 product of the same values
        nd_array *a64 = nd_astype(a, ND_FLOAT64), *b64 = nd_astype(b, ND_FLOAT64);
        want = nd_matmul(a64, b64, nullptr);
        nd_release(a64), nd_release(b64);
    }
    std::vector<double> got((size_t)(n * n));
    bool plain = variant == "naive" || variant == "blocked"; // plain C loops, not nd
    bool ok = plain || ndb::set_variant(variant == "nd" ? "avx512" : variant);
    if (variant == "nd" && !ok) ok = ndb::set_variant("baseline");
    for (auto _ : st) {
        if (!ok) break;
        if (variant == "naive")
            naive_matmul(static_cast<double *>(nd_data(a)), static_cast<double *>(nd_data(b)),
                         got.data(), n);
        else if (variant == "blocked")
            naive_matmul_blocked(static_cast<double *>(nd_data(a)),
                                 static_cast<double *>(nd_data(b)), got.data(), n);
        else
            nd_matmul(a, b, o);
    }
    ndb::restore();
    if (!ok) st.SkipWithError("variant not available");
    if (!plain) {
        nd_array *o64 = nd_astype(o, ND_FLOAT64);
        std::memcpy(got.data(), nd_data(o64), got.size() * 8);
        nd_release(o64);
    }
    // BLAS sums in another order than the i-j-k loop: agreement to 1e-10
    // (float32: to its own rounding, 1e-4 of the values' scale)
    ndb::check(st, got.data(), static_cast<double *>(nd_data(want)), n * n,
               t == ND_FLOAT32 ? 1e-4 : 1e-10, variant.c_str(), t == ND_FLOAT32 ? 1.0 : 1e-3);
    double nn = (double)n;
    ndb::counters(st, nn * nn, 3 * (double)nd_itemsize(o) * nn * nn, 2 * nn * nn * nn,
                  t == ND_FLOAT32 ? "fma_f32" : "fma");
    nd_release(a), nd_release(b), nd_release(o), nd_release(want);
}

// cblas_?gemm and nd_matmul on the same arrays, alternating, each timed by
// itself; the row reports nd's time and, as "ratio", the median over the
// repetitions of t(cblas) / t(nd) (1 = no overhead; the goal is >= 0.97).
void BM_vs_cblas(benchmark::State &st, bool f32, int threads, int64_t n) {
    int64_t sh[2] = {n, n};
    nd_dtype t = f32 ? ND_FLOAT32 : ND_FLOAT64;
    nd_array *a = ndb::filled(t, 2, sh, -1, 1, 1), *b = ndb::filled(t, 2, sh, -1, 1, 2);
    nd_array *o = nd_zeros(t, 2, sh), *c = nd_zeros(t, 2, sh);
    nd_set_num_threads(threads);
    std::vector<double> ratios;
    int ni = (int)n;
    for (auto _ : st) {
        st.PauseTiming();
        double t0 = ndb::secs();
        if (f32)
            cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, ni, ni, ni, 1.0f,
                        static_cast<float *>(nd_data(a)), ni, static_cast<float *>(nd_data(b)), ni,
                        0.0f, static_cast<float *>(nd_data(c)), ni);
        else
            cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, ni, ni, ni, 1.0,
                        static_cast<double *>(nd_data(a)), ni, static_cast<double *>(nd_data(b)),
                        ni, 0.0, static_cast<double *>(nd_data(c)), ni);
        double t1 = ndb::secs();
        st.ResumeTiming();
        nd_matmul(a, b, o);
        double t2 = ndb::secs();
        ratios.push_back((t1 - t0) / (t2 - t1));
    }
    ndb::restore();
    ndb::median_ratio(st, ratios);
    bool same = false;
    // nd's own GEMM (FMA chains in k order) rounds differently from BLAS:
    // agreement to a few ulps of the row sums (tests/test_gemm.c holds the bound)
    nd_allclose(o, c, f32 ? 1e-4 : 1e-12, f32 ? 1e-4 : 1e-12, false, &same);
    if (!same) st.SkipWithError("nd_matmul differs from cblas on the same arrays");
    double nn = (double)n;
    ndb::counters(st, nn * nn, (f32 ? 12 : 24) * nn * nn, 2 * nn * nn * nn,
                  f32 ? "fma_f32" : "fma"); // float32 against twice the float64 peak
    nd_release(a), nd_release(b), nd_release(o), nd_release(c);
}

// OpenBLAS with its AVX-512 kernels: OpenBLAS picks its kernels once, when
// it is loaded, from OPENBLAS_CORETYPE, so they run in a child process (this
// binary re-run with OPENBLAS_CORETYPE=SkylakeX and ND_BENCH_BLAS_CHILD=1)
// that times one cblas call per request, interleaved with nd_matmul here.
// Requests on its stdin: "f32 n threads"; replies: the call's seconds.
int blas_child() {
    std::map<std::pair<int, int>, std::vector<double>> bufs;
    int f32, n, th;
    while (std::scanf("%d %d %d", &f32, &n, &th) == 3) {
        auto &v = bufs[{f32, n}];
        size_t nn = (size_t)n * (size_t)n;
        if (v.empty()) {
            v.resize(3 * nn); // a, b, c; float32 uses the first half of each
            for (size_t i = 0; i < 3 * nn; i++) v[i] = (double)(i % 13) / 13 - 0.5;
            if (f32)
                for (size_t i = 0; i < 3 * nn; i++)
                    reinterpret_cast<float *>(v.data())[i] = (float)v[i];
        }
        openblas_set_num_threads(th);
        auto call = [&] {
            if (f32) {
                float *p = reinterpret_cast<float *>(v.data());
                cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, n, n, n, 1.0f, p, n, p + nn,
                            n, 0.0f, p + 2 * nn, n);
            } else {
                double *p = v.data();
                cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, n, n, n, 1.0, p, n, p + nn,
                            n, 0.0, p + 2 * nn, n);
            }
        };
        // with threads: an untimed call first starts OpenBLAS's workers
        // (stopped after the previous request, below), so the timed call
        // finds them running, its best case
        if (th > 1) call();
        double t0 = ndb::secs();
        call();
        double t1 = ndb::secs();
        // its idle workers spin for a while after each call; in this other
        // process they would take a core from nd's pool, so stop them
        if (th > 1 && blas_thread_shutdown_) blas_thread_shutdown_();
        std::printf("%.9f\n", t1 - t0);
        std::fflush(stdout);
    }
    return 0;
}

struct child_blas {
    FILE *to = nullptr, *from = nullptr;
    bool start() {
        int in[2], out[2];
        if (pipe(in) || pipe(out)) return false;
        pid_t pid = fork();
        if (pid < 0) return false;
        if (pid == 0) {
            dup2(in[0], 0), dup2(out[1], 1);
            close(in[1]), close(out[0]);
            setenv("OPENBLAS_CORETYPE", "SkylakeX", 1);
            setenv("ND_BENCH_BLAS_CHILD", "1", 1);
            execl("/proc/self/exe", "bench_linalg", (char *)nullptr);
            _exit(127);
        }
        close(in[0]), close(out[1]);
        to = fdopen(in[1], "w"), from = fdopen(out[0], "r");
        return to && from;
    }
    double call(bool f32, int64_t n, int threads) { // seconds, < 0 on failure
        double t = -1;
        if (!to && !start()) return -1;
        std::fprintf(to, "%d %lld %d\n", f32 ? 1 : 0, (long long)n, threads);
        std::fflush(to);
        if (std::fscanf(from, "%lf", &t) != 1) return -1;
        return t;
    }
};

// nd_matmul against OpenBLAS forced to its SkylakeX (AVX-512) kernels in the
// child process, alternating; "ratio" is the median t(OpenBLAS-SKX) / t(nd).
void BM_vs_openblas_skx(benchmark::State &st, bool f32, int threads, int64_t n) {
    static child_blas child;
    int64_t sh[2] = {n, n};
    nd_dtype t = f32 ? ND_FLOAT32 : ND_FLOAT64;
    nd_array *a = ndb::filled(t, 2, sh, -1, 1, 1), *b = ndb::filled(t, 2, sh, -1, 1, 2);
    nd_array *o = nd_zeros(t, 2, sh);
    nd_set_num_threads(threads);
    std::vector<double> ratios;
    bool failed = false;
    for (auto _ : st) {
        st.PauseTiming();
        double tb = child.call(f32, n, threads);
        failed |= tb < 0;
        st.ResumeTiming();
        double t0 = ndb::secs();
        nd_matmul(a, b, o);
        ratios.push_back(tb / (ndb::secs() - t0));
    }
    ndb::restore();
    if (failed)
        st.SkipWithError("the OpenBLAS child process failed");
    else
        ndb::median_ratio(st, ratios);
    double nn = (double)n;
    ndb::counters(st, nn * nn, (f32 ? 12 : 24) * nn * nn, 2 * nn * nn * nn,
                  f32 ? "fma_f32" : "fma"); // float32 against twice the float64 peak
    nd_release(a), nd_release(b), nd_release(o);
}

// (batch, m, m) @ (batch, m, m) float64: nd's batch kernels at each level.
void BM_batched(benchmark::State &st, std::string variant, int64_t batch, int64_t m) {
    int64_t sh[3] = {batch, m, m};
    nd_array *a = ndb::filled(ND_FLOAT64, 3, sh, -1, 1, 3),
             *b = ndb::filled(ND_FLOAT64, 3, sh, -1, 1, 4);
    nd_array *o = nd_zeros(ND_FLOAT64, 3, sh), *want = nd_matmul(a, b, nullptr);
    std::vector<double> got((size_t)(batch * m * m));
    bool ok = variant == "naive" || ndb::set_variant(variant);
    for (auto _ : st) {
        if (!ok) break;
        if (variant == "naive")
            naive_matmul_batch(static_cast<double *>(nd_data(a)), static_cast<double *>(nd_data(b)),
                               got.data(), batch, m);
        else
            nd_matmul(a, b, o);
    }
    ndb::restore();
    if (!ok) st.SkipWithError("ISA level not available");
    if (variant != "naive") std::memcpy(got.data(), nd_data(o), got.size() * 8);
    ndb::check(st, got.data(), static_cast<double *>(nd_data(want)), batch * m * m, 1e-13,
               variant.c_str(), 1e-3);
    double e = (double)(batch * m * m);
    ndb::counters(st, (double)batch, 24 * e, 2 * e * (double)m, "stream_add");
    nd_release(a), nd_release(b), nd_release(o), nd_release(want);
}

// numpy.linalg calls on one well-conditioned n x n matrix (a + sqrt(n) I).
void BM_lapack(benchmark::State &st, std::string op, int64_t n) {
    int64_t sh[2] = {n, n};
    nd_array *r = ndb::filled(ND_FLOAT64, 2, sh, -1, 1, 5), *e = nd_eye(n, n, 0, ND_FLOAT64);
    nd_array *nl = nd_lit_f64(std::sqrt((double)n)), *en = nd_multiply(e, nl, nullptr),
             *a = nd_add(r, en, nullptr);
    nd_array *rt = nd_transpose(a, nullptr), *sym = nd_add(a, rt, nullptr);
    ndb::set_variant("threads2"); // both cores, as NumPy's OpenBLAS uses by default
    bool failed = false;
    for (auto _ : st) {
        nd_array *x = nullptr, *y = nullptr, *z = nullptr;
        if (op == "solve")
            x = nd_solve(a, r);
        else if (op == "inv")
            x = nd_inv(a);
        else if (op == "det")
            x = nd_det(a); // may overflow to inf, as NumPy's: same work
        else if (op == "svd")
            failed |= nd_svd(a, false, &x, &y, &z) != ND_OK;
        else if (op == "eigh")
            failed |= nd_eigh(sym, &x, &y) != ND_OK;
        else if (op == "qr")
            failed |= nd_qr(a, ND_QR_REDUCED, &x, &y) != ND_OK;
        failed |= x == nullptr;
        nd_release(x), nd_release(y), nd_release(z);
    }
    ndb::restore();
    if (failed) st.SkipWithError("the call failed");
    double nn = (double)n;
    ndb::counters(st, nn * nn, 8 * nn * nn, 0, "");
    nd_release(r), nd_release(e), nd_release(nl), nd_release(en), nd_release(a), nd_release(rt),
        nd_release(sym);
}

void register_all() {
    using benchmark::RegisterBenchmark;
    bool q = ndb::quick();
    int64_t big = q ? 256 : 1024;
    // the lesson's steps: naive i-j-k, blocked plain C, nd's packed
    // micro-kernels (one thread), the same on two threads
    for (std::string v : {"naive", "blocked", "nd", "threads2"}) {
        auto *b = RegisterBenchmark(("matmul/dgemm/" + v + "/" + std::to_string(big)).c_str(),
                                    BM_dgemm, v, big, ND_FLOAT64);
        b->Unit(benchmark::kMillisecond)->UseRealTime();
        if (v == "naive" || v == "blocked") b->Iterations(1);
    }
    // the size sweep, float32 and float64, one and two threads
    for (int64_t n :
         q ? std::vector<int64_t>{64, 256} : std::vector<int64_t>{64, 128, 256, 512, 1024, 2048})
        for (nd_dtype t : {ND_FLOAT32, ND_FLOAT64})
            for (std::string v : {"nd", "threads2"}) {
                if (t == ND_FLOAT64 && n == big) continue; // registered above
                std::string name = std::string("matmul/") +
                                   (t == ND_FLOAT32 ? "sgemm/" : "dgemm/") + v + "/" +
                                   std::to_string(n);
                RegisterBenchmark(name.c_str(), BM_dgemm, v, n, t)
                    ->Unit(benchmark::kMicrosecond)
                    ->UseRealTime();
            }
    for (int64_t n : q ? std::vector<int64_t>{256} : std::vector<int64_t>{1024, 2048})
        for (bool f32 : {false, true})
            for (int th : {1, 2}) {
                std::string name = std::string("matmul/vs_cblas/") + (f32 ? "f32_" : "f64_") +
                                   std::to_string(th) + "t/" + std::to_string(n);
                RegisterBenchmark(name.c_str(), BM_vs_cblas, f32, th, n)
                    ->Unit(benchmark::kMillisecond)
                    ->Iterations(q           ? 3
                                 : n >= 2048 ? 9
                                             : 25);
            }
    for (int64_t n : q ? std::vector<int64_t>{256} : std::vector<int64_t>{64, 256, 512, 1024, 2048})
        for (bool f32 : {false, true})
            for (int th : {1, 2}) {
                std::string name = std::string("matmul/vs_openblas_skx/") +
                                   (f32 ? "f32_" : "f64_") + std::to_string(th) + "t/" +
                                   std::to_string(n);
                RegisterBenchmark(name.c_str(), BM_vs_openblas_skx, f32, th, n)
                    ->Unit(benchmark::kMillisecond)
                    ->Iterations(q           ? 3
                                 : n >= 2048 ? 9
                                 : n >= 1024 ? 15
                                 : n >= 256  ? 41
                                             : 401); // 64^3: ~10 us a call
            }
    struct {
        int64_t batch, m;
    } bs[] = {{100000, 4}, {10000, 3}, {10000, 8}};
    for (auto s : bs) {
        int64_t batch = q ? s.batch / 10 : s.batch;
        std::vector<std::string> vs = {"naive", "threads2"};
        vs.insert(vs.end(), ndb::isa_levels().begin(), ndb::isa_levels().end());
        for (const std::string &v : vs) {
            std::string m = std::to_string(s.m);
            RegisterBenchmark(
                ("batched/" + m + "x" + m + "/" + v + "/" + std::to_string(batch)).c_str(),
                BM_batched, v, batch, s.m)
                ->Unit(benchmark::kMicrosecond)
                ->UseRealTime();
        }
    }
    for (std::string op : {"solve", "inv", "det", "svd", "eigh", "qr"}) {
        int64_t n = q ? 64 : 300;
        RegisterBenchmark(("lapack/" + op + "/threads2/" + std::to_string(n)).c_str(), BM_lapack,
                          op, n)
            ->Unit(benchmark::kMillisecond)
            ->UseRealTime();
    }
}

} // namespace

int main(int argc, char **argv) {
    if (std::getenv("ND_BENCH_BLAS_CHILD")) return blas_child();
    register_all();
    benchmark::Initialize(&argc, argv);
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
