// The C/C++ peers: the libraries a C/C++ programmer would pick instead of nd
// (Eigen 3.4; xtensor with xsimd), on the same arrays and sizes as nd's rows,
// in ONE process with nd: each round times nd, then each peer, one thread,
// by the thread's CPU time (on a shared host the wall clock also counts the
// time other processes hold the core); a ratio is the median of the
// per-round ratios t(peer) / t(nd) (> 1: nd is faster).
//
// Row "<family>/<op>/vs_peers/<n>": its time is nd's (median per call);
// counters peer_<name>_ns (the peer's median per call) and peer_<name>_ratio
// for each peer that has the operation (xtensor has no matrix product
// without xtensor-blas, Eigen no sort). tools/bench_report.py makes them
// rows "<family>/<op>/<name>/<n>" beside nd's and NumPy's. Every peer's
// result is checked against nd's.
//
// Built only with the benchmark, only when Eigen and xtensor are found, at
// -O3 -march=native (what a user of those header libraries compiles with;
// their SIMD paths are chosen at compile time).
#include "common.h"

#include <ctime>
#include <functional>

#include <Eigen/Dense>

#include <xtensor/xadapt.hpp>
#include <xtensor/xmath.hpp>
#include <xtensor/xnoalias.hpp>
#include <xtensor/xsort.hpp>
#include <xtensor/xtensor.hpp>

namespace {

using Vec = Eigen::Map<Eigen::ArrayXd>;
using VecF = Eigen::Map<Eigen::ArrayXf>;
using RowMat = Eigen::Map<Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>>;
using Mat4 = Eigen::Map<Eigen::Matrix<double, 4, 4, Eigen::RowMajor>>;

double cpu_now() {
    timespec t;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}
double wall_now() {
    timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

template <class T> T *ptr(nd_array *a) { return static_cast<T *>(nd_data(a)); }

// xtensor views of nd's buffers (no copy, no ownership)
auto xvec(nd_array *a) {
    return xt::adapt(ptr<double>(a), (size_t)nd_size(a), xt::no_ownership(),
                     std::array<size_t, 1>{(size_t)nd_size(a)});
}
auto xvecf(nd_array *a) {
    return xt::adapt(ptr<float>(a), (size_t)nd_size(a), xt::no_ownership(),
                     std::array<size_t, 1>{(size_t)nd_size(a)});
}
auto xmat(nd_array *a, int64_t r, int64_t c) {
    return xt::adapt(ptr<double>(a), (size_t)(r * c), xt::no_ownership(),
                     std::array<size_t, 2>{(size_t)r, (size_t)c});
}

struct Peer {
    std::string name;
    std::function<void()> run;
    std::function<const double *()> result; // nullptr: compared by `close`
};

// One case: nd and its peers, each writing its own output.
struct Case {
    std::function<void()> nd;
    std::function<const double *()> nd_result;
    int64_t nres = 0;   // elements compared
    double tol = 0;     // max relative difference from nd's result
    double floor = 1.0; // below it, absolute
    std::vector<Peer> peers;
    std::function<void()> release;
    int threads = 1; // nd's; above 1 every side is timed by the wall clock
};

// Rounds of nd, then each peer, k calls each (k sized from nd's time so one
// side takes >= ~0.2 ms: the clock's own cost stays out of small rows).
void run_case(benchmark::State &st, Case &c, double n, double bytes, double flops,
              const char *limit) {
    nd_set_isa(nd_isa_best());
    nd_set_num_threads(c.threads);
    // one thread: its CPU time (robust on a shared host); more: the wall
    // clock, which alone counts the other thread's work
    double (*now)() = c.threads > 1 ? wall_now : cpu_now;
    c.nd();
    for (auto &p : c.peers) p.run(); // warm: first touch, plans, caches
    double t0 = now();
    c.nd();
    double one = now() - t0;
    int k = one > 2e-4 ? 1 : (int)std::min(100000.0, 2e-4 / std::max(one, 1e-8)) + 1;
    std::vector<double> tnd;
    std::vector<std::vector<double>> tp(c.peers.size()), ratio(c.peers.size());
    for (auto _ : st) {
        double a = now();
        for (int i = 0; i < k; i++) c.nd();
        double t = (now() - a) / k;
        tnd.push_back(t);
        st.SetIterationTime(t);
        for (size_t j = 0; j < c.peers.size(); j++) {
            double b = now();
            for (int i = 0; i < k; i++) c.peers[j].run();
            double tj = (now() - b) / k;
            tp[j].push_back(tj);
            ratio[j].push_back(tj / std::max(t, 1e-12));
        }
    }
    ndb::restore();
    auto median = [](std::vector<double> v) {
        std::sort(v.begin(), v.end());
        return v.empty() ? 0.0 : v[v.size() / 2];
    };
    const double *want = c.nd_result();
    for (size_t j = 0; j < c.peers.size(); j++) {
        const std::string &nm = c.peers[j].name;
        st.counters["peer_" + nm + "_ns"] = 1e9 * median(tp[j]);
        st.counters["peer_" + nm + "_ratio"] = median(ratio[j]);
        const double *got = c.peers[j].result();
        if (c.nres == 1 &&
            !(std::fabs(*got - *want) <= c.tol * std::fmax(std::fabs(*want), c.floor))) {
            char msg[160];
            std::snprintf(msg, sizeof msg, "%s's %.17g differs from nd's %.17g", nm.c_str(), *got,
                          *want);
            st.SkipWithError(msg);
            break;
        }
        if (!ndb::check(st, got, want, c.nres, c.tol, nm.c_str(), c.floor)) break;
    }
    st.counters["nd_ns"] = 1e9 * median(tnd);
    ndb::counters(st, n, bytes, flops, limit);
    c.release();
}

std::vector<nd_array *> vecs(int count, int64_t n, double lo, double hi, nd_dtype t = ND_FLOAT64) {
    std::vector<nd_array *> v;
    for (int i = 0; i < count; i++) v.push_back(ndb::vec(n, lo, hi, (uint64_t)(i + 1), t));
    return v;
}

void release_all(std::vector<nd_array *> &v) {
    for (auto *a : v) nd_release(a);
}

// ---- elementwise, transcendentals, fused expressions ------------------------

// a + b, a*b + c (nd: two ufunc calls into out=), one output per side
void BM_binary(benchmark::State &st, bool triad, int64_t n) {
    auto v = vecs(3, n, -1, 1);
    nd_array *on = ndb::vec(n), *oe = ndb::vec(n), *ox = ndb::vec(n), *t = ndb::vec(n);
    Case c;
    if (triad)
        c.nd = [&] { nd_multiply(v[0], v[1], t), nd_add(t, v[2], on); };
    else
        c.nd = [&] { nd_add(v[0], v[1], on); };
    c.nd_result = [&] { return ptr<double>(on); };
    c.nres = n;
    c.tol = triad ? 1e-15 : 0; // -march=native may contract a*b + c into one rounding
    c.peers.push_back({"eigen",
                       [&] {
                           Vec a(ptr<double>(v[0]), n), b(ptr<double>(v[1]), n),
                               cc(ptr<double>(v[2]), n), o(ptr<double>(oe), n);
                           if (triad)
                               o = a * b + cc;
                           else
                               o = a + b;
                       },
                       [&] { return (const double *)ptr<double>(oe); }});
    c.peers.push_back({"xtensor",
                       [&] {
                           auto a = xvec(v[0]), b = xvec(v[1]), cc = xvec(v[2]), o = xvec(ox);
                           if (triad)
                               xt::noalias(o) = a * b + cc;
                           else
                               xt::noalias(o) = a + b;
                       },
                       [&] { return (const double *)ptr<double>(ox); }});
    c.release = [&] {
        release_all(v), nd_release(on), nd_release(oe), nd_release(ox), nd_release(t);
    };
    run_case(st, c, (double)n, (triad ? 32.0 : 24.0) * (double)n, (triad ? 2.0 : 1.0) * (double)n,
             triad ? "stream_triad" : "stream_add");
}

// exp, log, sin over numpy_peer.py's ranges
void BM_unary(benchmark::State &st, int fn, int64_t n) {
    static const double lo[] = {-700, 1e-300, -1e4}, hi[] = {700, 1e300, 1e4};
    nd_array *x = ndb::vec(n, lo[fn], hi[fn], 7);
    nd_array *on = ndb::vec(n), *oe = ndb::vec(n), *ox = ndb::vec(n);
    nd_array *(*ndf)(const nd_array *, nd_array *) = fn == 0 ? nd_exp : fn == 1 ? nd_log : nd_sin;
    Case c;
    c.nd = [&] { ndf(x, on); };
    c.nd_result = [&] { return ptr<double>(on); };
    c.nres = n;
    c.tol = 1e-13; // each within a few ULP of the true value
    c.floor = 1e-300;
    c.peers.push_back({"eigen",
                       [&] {
                           Vec a(ptr<double>(x), n), o(ptr<double>(oe), n);
                           if (fn == 0)
                               o = a.exp();
                           else if (fn == 1)
                               o = a.log();
                           else
                               o = a.sin();
                       },
                       [&] { return (const double *)ptr<double>(oe); }});
    c.peers.push_back({"xtensor",
                       [&] {
                           auto a = xvec(x), o = xvec(ox);
                           if (fn == 0)
                               xt::noalias(o) = xt::exp(a);
                           else if (fn == 1)
                               xt::noalias(o) = xt::log(a);
                           else
                               xt::noalias(o) = xt::sin(a);
                       },
                       [&] { return (const double *)ptr<double>(ox); }});
    c.release = [&] { nd_release(x), nd_release(on), nd_release(oe), nd_release(ox); };
    run_case(st, c, (double)n, 16.0 * (double)n, (double)n, "stream_copy");
}

// The fused expressions through nd_eval (as it is on this branch) against
// the expression templates: one loop, the whole expression in registers.
enum Fused { F_SIN, F_TRIAD, F_DOT3, F_POLY5 };
const char *fused_text[] = {"2*a + 3*b*b - sin(c)", "a*b + c", "a*x + b*y + c*z",
                            "((((0.5*x - 1.5)*x + 2.5)*x - 0.75)*x + 1.25)*x - 3"};

void BM_fused(benchmark::State &st, int which, int64_t n, int threads) {
    int nv = which == F_DOT3 ? 6 : which == F_POLY5 ? 1 : 3;
    auto v = vecs(nv, n, -1, 1);
    if (which == F_SIN) { // c over (-3, 3), as in bench_elementwise's row
        nd_release(v[2]);
        v[2] = ndb::vec(n, -3, 3, 3);
    }
    static const char *n3[] = {"a", "b", "c"}, *n6[] = {"a", "b", "c", "x", "y", "z"},
                      *n1[] = {"x"};
    const char *const *names = which == F_DOT3 ? n6 : which == F_POLY5 ? n1 : n3;
    nd_array *on = ndb::vec(n), *oe = ndb::vec(n), *ox = ndb::vec(n);
    nd_expr *e = nd_expr_compile(fused_text[which], nv, names);
    Case c;
    c.nd = [&] { nd_expr_eval(e, v.data(), on); };
    c.nd_result = [&] { return ptr<double>(on); };
    c.nres = n;
    c.tol = 1e-14;
    c.peers.push_back({"eigen",
                       [&] {
                           Vec o(ptr<double>(oe), n), a(ptr<double>(v[0]), n);
                           if (which == F_POLY5) {
                               o = ((((0.5 * a - 1.5) * a + 2.5) * a - 0.75) * a + 1.25) * a - 3;
                               return;
                           }
                           Vec b(ptr<double>(v[1]), n), cc(ptr<double>(v[2]), n);
                           if (which == F_SIN) {
                               o = 2 * a + 3 * b * b - cc.sin();
                           } else if (which == F_TRIAD) {
                               o = a * b + cc;
                           } else {
                               Vec x(ptr<double>(v[3]), n), y(ptr<double>(v[4]), n),
                                   z(ptr<double>(v[5]), n);
                               o = a * x + b * y + cc * z;
                           }
                       },
                       [&] { return (const double *)ptr<double>(oe); }});
    c.peers.push_back({"xtensor",
                       [&] {
                           auto o = xvec(ox), a = xvec(v[0]);
                           if (which == F_POLY5) {
                               xt::noalias(o) =
                                   ((((0.5 * a - 1.5) * a + 2.5) * a - 0.75) * a + 1.25) * a - 3.0;
                               return;
                           }
                           auto b = xvec(v[1]), cc = xvec(v[2]);
                           if (which == F_SIN) {
                               xt::noalias(o) = 2.0 * a + 3.0 * b * b - xt::sin(cc);
                           } else if (which == F_TRIAD) {
                               xt::noalias(o) = a * b + cc;
                           } else {
                               auto x = xvec(v[3]), y = xvec(v[4]), z = xvec(v[5]);
                               xt::noalias(o) = a * x + b * y + cc * z;
                           }
                       },
                       [&] { return (const double *)ptr<double>(ox); }});
    c.release = [&] {
        nd_expr_free(e);
        release_all(v), nd_release(on), nd_release(oe), nd_release(ox);
    };
    if (!e) {
        st.SkipWithError("nd_expr_compile failed");
        c.release();
        return;
    }
    // The steady state a program evaluating the expression again and again
    // gets (the background compile starts on the first call from 2^18
    // elements, once the calls add up to 2^18 elements below that): the loop
    // compiled here on the spot, unless the caller chose ND_JIT itself.
    // jit_first_eval_ms: that evaluation's time, the compile included when
    // the loop is not cached yet (the first size of each expression).
    if (!getenv("ND_JIT")) {
        setenv("ND_JIT", "1", 1);
        double t0 = wall_now();
        nd_expr_eval(e, v.data(), on);
        st.counters["jit_first_eval_ms"] = 1e3 * (wall_now() - t0);
        unsetenv("ND_JIT");
    }
    c.threads = threads;
    static const double flops[] = {6, 2, 5, 10};
    run_case(st, c, (double)n, 8.0 * (nv + 1) * (double)n, flops[which] * (double)n,
             "stream_triad");
}

// ---- reductions -------------------------------------------------------------

// sum of a float64 or float32 vector: the results compared against nd's
// pairwise sum within the error bound of a blocked float sum
void BM_sum(benchmark::State &st, bool f32, int64_t n) {
    nd_array *x = ndb::vec(n, -1, 1, 11, f32 ? ND_FLOAT32 : ND_FLOAT64);
    nd_array *o = nd_zeros(f32 ? ND_FLOAT32 : ND_FLOAT64, 0, nullptr);
    double rn = 0, re = 0, rx = 0;
    Case c;
    c.nd = [&] { nd_sum(x, ND_AXIS_ALL, false, o); };
    c.nd_result = [&] { return (rn = nd_get_f64(o, nullptr), (const double *)&rn); };
    c.nres = 1;
    // |error| <= ~log2(n) eps sum|x| for pairwise/blocked sums; sum|x| ~ n/2
    c.tol = (f32 ? 1e-6 : 1e-14) * (double)n;
    c.floor = 1.0;
    if (f32) {
        c.peers.push_back({"eigen",
                           [&] {
                               float s = VecF(ptr<float>(x), n).sum();
                               benchmark::DoNotOptimize(s);
                               re = s;
                           },
                           [&] { return (const double *)&re; }});
        c.peers.push_back({"xtensor",
                           [&] {
                               float s = xt::sum(xvecf(x), xt::evaluation_strategy::immediate)();
                               benchmark::DoNotOptimize(s);
                               rx = s;
                           },
                           [&] { return (const double *)&rx; }});
    } else {
        c.peers.push_back({"eigen",
                           [&] {
                               double v = Vec(ptr<double>(x), n).sum();
                               benchmark::DoNotOptimize(v);
                               re = v;
                           },
                           [&] { return (const double *)&re; }});
        c.peers.push_back({"xtensor",
                           [&] {
                               double v = xt::sum(xvec(x), xt::evaluation_strategy::immediate)();
                               benchmark::DoNotOptimize(v);
                               rx = v;
                           },
                           [&] { return (const double *)&rx; }});
    }
    c.release = [&] { nd_release(x), nd_release(o); };
    run_case(st, c, (double)n, (f32 ? 4.0 : 8.0) * (double)n, (double)n, "read");
}

// sum along axis 0 or 1 of a C-order 4000 x 2500 float64 array
void BM_sum_axis(benchmark::State &st, int axis) {
    int64_t r = ndb::quick() ? 400 : 4000, cl = ndb::quick() ? 250 : 2500, sh[2] = {r, cl};
    nd_array *a = ndb::filled(ND_FLOAT64, 2, sh, -1, 1, 3);
    int64_t on_ = axis == 0 ? cl : r;
    nd_array *on = nd_zeros(ND_FLOAT64, 1, &on_), *oe = nd_zeros(ND_FLOAT64, 1, &on_),
             *ox = nd_zeros(ND_FLOAT64, 1, &on_);
    Case c;
    c.nd = [&] { nd_sum(a, axis, false, on); };
    c.nd_result = [&] { return ptr<double>(on); };
    c.nres = on_;
    c.tol = 1e-15 * (double)(axis == 0 ? r : cl); // blocked vs pairwise order
    c.floor = 1.0;
    c.peers.push_back({"eigen",
                       [&] {
                           RowMat m(ptr<double>(a), r, cl);
                           if (axis == 0)
                               Eigen::Map<Eigen::RowVectorXd>(ptr<double>(oe), cl) =
                                   m.colwise().sum();
                           else
                               Eigen::Map<Eigen::VectorXd>(ptr<double>(oe), r) = m.rowwise().sum();
                       },
                       [&] { return (const double *)ptr<double>(oe); }});
    c.peers.push_back({"xtensor",
                       [&] {
                           auto m = xmat(a, r, cl);
                           auto o = xvec(ox);
                           xt::noalias(o) =
                               xt::sum(m, {(size_t)axis}, xt::evaluation_strategy::immediate);
                       },
                       [&] { return (const double *)ptr<double>(ox); }});
    c.release = [&] { nd_release(a), nd_release(on), nd_release(oe), nd_release(ox); };
    run_case(st, c, (double)(r * cl), 8.0 * (double)(r * cl), (double)(r * cl), "read");
}

// ---- transposes, matrix products, sort --------------------------------------

// a + a.T and a contiguous copy of a.T, k x k float64
void BM_transpose(benchmark::State &st, bool add, int64_t k) {
    int64_t sh[2] = {k, k};
    nd_array *a = ndb::filled(ND_FLOAT64, 2, sh, -1, 1, 5), *at = nd_transpose(a, nullptr);
    nd_array *on = nd_empty(ND_FLOAT64, 2, sh), *oe = nd_empty(ND_FLOAT64, 2, sh),
             *ox = nd_empty(ND_FLOAT64, 2, sh);
    Case c;
    if (add)
        c.nd = [&] { nd_add(a, at, on); };
    else
        c.nd = [&] { nd_copyto(on, at, ND_CAST_NO, nullptr); };
    c.nd_result = [&] { return ptr<double>(on); };
    c.nres = k * k;
    c.peers.push_back({"eigen",
                       [&] {
                           RowMat m(ptr<double>(a), k, k), o(ptr<double>(oe), k, k);
                           if (add)
                               o.noalias() = m + m.transpose();
                           else
                               o.noalias() = m.transpose();
                       },
                       [&] { return (const double *)ptr<double>(oe); }});
    c.peers.push_back({"xtensor",
                       [&] {
                           auto m = xmat(a, k, k), o = xmat(ox, k, k);
                           if (add)
                               xt::noalias(o) = m + xt::transpose(m);
                           else
                               xt::noalias(o) = xt::transpose(m);
                       },
                       [&] { return (const double *)ptr<double>(ox); }});
    c.release = [&] {
        nd_release(a), nd_release(at), nd_release(on), nd_release(oe), nd_release(ox);
    };
    run_case(st, c, (double)(k * k), (add ? 24.0 : 16.0) * (double)(k * k), (double)(k * k),
             add ? "stream_add" : "stream_copy");
}

// float64 matrix product, n x n (xtensor has none without xtensor-blas)
void BM_matmul(benchmark::State &st, int64_t n) {
    int64_t sh[2] = {n, n};
    nd_array *a = ndb::filled(ND_FLOAT64, 2, sh, -1, 1, 1),
             *b = ndb::filled(ND_FLOAT64, 2, sh, -1, 1, 2);
    nd_array *on = nd_empty(ND_FLOAT64, 2, sh), *oe = nd_empty(ND_FLOAT64, 2, sh);
    Case c;
    c.nd = [&] { nd_matmul(a, b, on); };
    c.nd_result = [&] { return ptr<double>(on); };
    c.nres = n * n;
    c.tol = 1e-12 * (double)n;
    c.peers.push_back({"eigen",
                       [&] {
                           RowMat x(ptr<double>(a), n, n), y(ptr<double>(b), n, n),
                               o(ptr<double>(oe), n, n);
                           o.noalias() = x * y;
                       },
                       [&] { return (const double *)ptr<double>(oe); }});
    c.release = [&] { nd_release(a), nd_release(b), nd_release(on), nd_release(oe); };
    run_case(st, c, (double)(n * n), 24.0 * (double)(n * n), 2.0 * (double)n * n * n, "fma");
}

// a batch of 4 x 4 float64 products (Eigen: fixed-size matrices in a loop)
void BM_batched(benchmark::State &st, int64_t batch) {
    int64_t sh[3] = {batch, 4, 4};
    nd_array *a = ndb::filled(ND_FLOAT64, 3, sh, -1, 1, 3),
             *b = ndb::filled(ND_FLOAT64, 3, sh, -1, 1, 4);
    nd_array *on = nd_empty(ND_FLOAT64, 3, sh), *oe = nd_empty(ND_FLOAT64, 3, sh);
    Case c;
    c.nd = [&] { nd_matmul(a, b, on); };
    c.nd_result = [&] { return ptr<double>(on); };
    c.nres = 16 * batch;
    c.tol = 1e-14;
    c.peers.push_back({"eigen",
                       [&] {
                           double *x = ptr<double>(a), *y = ptr<double>(b), *o = ptr<double>(oe);
                           for (int64_t i = 0; i < batch; i++)
                               Mat4(o + 16 * i).noalias() = Mat4(x + 16 * i) * Mat4(y + 16 * i);
                       },
                       [&] { return (const double *)ptr<double>(oe); }});
    c.release = [&] { nd_release(a), nd_release(b), nd_release(on), nd_release(oe); };
    run_case(st, c, (double)batch, 24.0 * 16 * (double)batch, 2.0 * 64 * (double)batch,
             "stream_add");
}

// sort float64 into a new array (xtensor's xt::sort: std::sort on a copy;
// Eigen has no sort)
void BM_sort(benchmark::State &st, int64_t n) {
    nd_array *x = ndb::vec(n, -1e6, 1e6, 21), *sn = nullptr;
    xt::xtensor<double, 1> sx;
    Case c;
    c.nd = [&] {
        if (sn) nd_release(sn);
        sn = nd_sort(x, 0);
    };
    c.nd_result = [&] { return (const double *)ptr<double>(sn); };
    c.nres = n;
    c.peers.push_back(
        {"xtensor", [&] { sx = xt::sort(xvec(x)); }, [&] { return (const double *)sx.data(); }});
    c.release = [&] { nd_release(x), nd_release(sn); };
    run_case(st, c, (double)n, 16.0 * (double)n, 0, "");
}

int reg = [] {
    using benchmark::RegisterBenchmark;
    auto add = [](const std::string &name, auto fn, auto... args) {
        // a fixed number of rounds: each round runs k calls of every side,
        // so Google Benchmark's own iteration count would be k times too long
        return RegisterBenchmark(name.c_str(), fn, args...)
            ->UseManualTime()
            ->Iterations(ndb::quick() ? 3 : 15);
    };
    std::vector<int64_t> sizes = ndb::sizes();
    for (int64_t n : sizes) {
        std::string s = std::to_string(n);
        add("elementwise/add/vs_peers/" + s, BM_binary, false, n);
        add("memory/a*b+c/vs_peers/" + s, BM_binary, true, n);
        if (n >= 100000) {
            const char *fn[] = {"exp", "log", "sin"};
            for (int f = 0; f < 3; f++)
                add(std::string("math/") + fn[f] + "/vs_peers/" + s, BM_unary, f, n);
            const char *fo[] = {"2a+3bb-sin(c)", "a*b+c", "ax+by+cz", "poly5"};
            for (int f = 0; f < 4; f++)
                add(std::string("fused/") + fo[f] + "/vs_peers/" + s, BM_fused, f, n, 1);
            // nd on two threads against the peers on one (neither Eigen nor
            // xtensor, as Debian builds them, threads an elementwise loop)
            for (int f = 0; f < 4; f++)
                add(std::string("fused/") + fo[f] + "/vs_peers_threads2/" + s, BM_fused, f, n, 2);
            add("reduce/sum/vs_peers/" + s, BM_sum, false, n);
            add("reduce/sum_f32/vs_peers/" + s, BM_sum, true, n);
        }
    }
    std::string rc = ndb::quick() ? "100000" : "10000000";
    add("reduce/sum_axis0/vs_peers/" + rc, BM_sum_axis, 0);
    add("reduce/sum_axis1/vs_peers/" + rc, BM_sum_axis, 1);
    int64_t k = ndb::quick() ? 500 : 3000;
    add("layout/a+a.T/vs_peers/" + std::to_string(k * k), BM_transpose, true, k);
    add("layout/a.T_copy/vs_peers/" + std::to_string(k * k), BM_transpose, false, k);
    for (int64_t n :
         ndb::quick() ? std::vector<int64_t>{64, 256}
                      : std::vector<int64_t>{64, 128, 256, 512, 1024, 2048}) {
        auto *b = add("matmul/dgemm/vs_peers/" + std::to_string(n), BM_matmul, n);
        if (n >= 1024) b->Iterations(n >= 2048 ? 3 : 7); // ~0.1-0.5 s per round
    }
    int64_t batch = ndb::quick() ? 10000 : 100000;
    add("batched/4x4/vs_peers/" + std::to_string(batch), BM_batched, batch);
    int64_t ns = ndb::quick() ? 100000 : 1000000;
    add("sort/f64/vs_peers/" + std::to_string(ns), BM_sort, ns);
    return 0;
}();

} // namespace

BENCHMARK_MAIN();
