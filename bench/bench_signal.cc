// Signal and polynomials: nd_convolve across the kernel lengths where it
// moves from the register-blocked direct loop to FFTs (the crossover rows,
// m = 8 ... 512 at fixed n), nd_interp on random and sorted queries, and
// nd_polyfit, and two statistics rows: nd_cov of 50 variables and
// nd_histogram2d. NumPy's rows of the same names come from
// bench/numpy_peer.py. Every convolution is checked against a plain double
// loop (outside the timing); interp and polyfit against their defining
// property; cov's diagonal and histogram2d's total against direct sums.
#include "common.h"

namespace {

int64_t sig_n() { return ndb::quick() ? 10000 : 100000; }

void BM_convolve(benchmark::State &st, int64_t n, int64_t m) {
    nd_array *a = ndb::vec(n, -1, 1, 41), *v = ndb::vec(m, -1, 1, 43), *r = nullptr;
    for (auto _ : st) {
        nd_release(r);
        r = nd_convolve(a, v, "full");
    }
    // the reference: c[k] = sum_j v[j] a[k - j]
    const double *pa = static_cast<const double *>(nd_data(a)),
                 *pv = static_cast<const double *>(nd_data(v));
    std::vector<double> want((size_t)(n + m - 1), 0.0);
    for (int64_t j = 0; j < m; j++)
        for (int64_t i = 0; i < n; i++) want[(size_t)(i + j)] += pv[j] * pa[i];
    if (!r || nd_size(r) != n + m - 1)
        st.SkipWithError("nd_convolve failed");
    else
        ndb::check(st, static_cast<const double *>(nd_data(r)), want.data(), n + m - 1, 1e-9,
                   "nd_convolve", 1e-3);
    ndb::counters(st, (double)n, 8.0 * (double)n, 2.0 * (double)n * (double)m, "");
    nd_release(a), nd_release(v), nd_release(r);
}

void BM_interp(benchmark::State &st, int64_t n, bool sorted) {
    nd_array *xp0 = ndb::vec(1000, -5, 5, 47), *xp = nd_sort(xp0, 0), *fp = nd_sin(xp, nullptr);
    nd_array *x0 = ndb::vec(n, -6, 6, 53), *x = sorted ? nd_sort(x0, 0) : nd_copy(x0), *r = nullptr;
    for (auto _ : st) {
        nd_release(r);
        r = nd_interp(x, xp, fp, nullptr, nullptr, NAN);
    }
    // the property: between samples the result lies between their values
    const double *px = static_cast<const double *>(nd_data(x)),
                 *pr = static_cast<const double *>(nd_data(r));
    const double *sx = static_cast<const double *>(nd_data(xp)),
                 *sf = static_cast<const double *>(nd_data(fp));
    for (int64_t i = 0; i < n; i++) {
        const double *hi = std::upper_bound(sx, sx + 1000, px[i]);
        int64_t j = hi - sx;
        double lo_v = j == 0 ? sf[0] : sf[j - 1], hi_v = j == 1000 ? sf[999] : sf[j];
        if (pr[i] < std::fmin(lo_v, hi_v) - 1e-12 || pr[i] > std::fmax(lo_v, hi_v) + 1e-12) {
            st.SkipWithError("nd_interp outside its bracket");
            break;
        }
    }
    ndb::counters(st, (double)n, 16.0 * (double)n, 0, "");
    nd_release(xp0), nd_release(xp), nd_release(fp), nd_release(x0), nd_release(x), nd_release(r);
}

void BM_polyfit(benchmark::State &st, int64_t n) {
    nd_array *x = nd_linspace(-1, 1, n, ND_FLOAT64), *y = ndb::vec(n, -1, 1, 59), *p = nullptr;
    for (auto _ : st) {
        nd_release(p);
        p = nullptr;
        if (nd_polyfit(x, y, 5, NAN, nullptr, ND_POLYFIT_COV_NONE, &p, nullptr, nullptr, nullptr,
                       nullptr, nullptr) != ND_OK)
            break;
    }
    // the property: the residual is orthogonal to the fitted polynomial's basis (x^k)
    if (!p) {
        st.SkipWithError("nd_polyfit failed");
    } else {
        nd_array *fit = nd_polyval(p, x), *res = nd_subtract(y, fit, nullptr);
        const double *px = static_cast<const double *>(nd_data(x)),
                     *pr = static_cast<const double *>(nd_data(res));
        for (int k = 0; k <= 5; k++) {
            double dot = 0, norm = 0;
            for (int64_t i = 0; i < n; i++) {
                double b = std::pow(px[i], k);
                dot += b * pr[i], norm += std::fabs(b * pr[i]);
            }
            if (std::fabs(dot) > 1e-9 * norm) {
                st.SkipWithError("nd_polyfit residual not orthogonal");
                break;
            }
        }
        nd_release(fit), nd_release(res);
    }
    ndb::counters(st, (double)n, 16.0 * (double)n, 0, "");
    nd_release(x), nd_release(y), nd_release(p);
}

// 50 variables (rows) of n / 50 observations each: the centring pass and the
// X X^T product through BLAS.
void BM_cov(benchmark::State &st, int64_t n) {
    const int64_t vars = 50, obs = n / 50, shape[2] = {vars, obs};
    nd_array *flat = ndb::vec(vars * obs, -1, 1, 61), *m = nd_reshape(flat, 2, shape),
             *r = nullptr;
    for (auto _ : st) {
        nd_release(r);
        r = nd_cov(m, nullptr, true, false, ND_DDOF_NONE, nullptr, nullptr);
    }
    // the property: the diagonal is each row's variance (divisor obs - 1)
    if (!r || nd_ndim(r) != 2 || nd_shape(r)[0] != vars) {
        st.SkipWithError("nd_cov failed");
    } else {
        const double *pm = static_cast<const double *>(nd_data(flat)),
                     *pr = static_cast<const double *>(nd_data(r));
        for (int64_t v = 0; v < vars; v++) {
            double mean = 0, ss = 0;
            for (int64_t i = 0; i < obs; i++) mean += pm[v * obs + i];
            mean /= (double)obs;
            for (int64_t i = 0; i < obs; i++)
                ss += (pm[v * obs + i] - mean) * (pm[v * obs + i] - mean);
            if (std::fabs(pr[v * vars + v] - ss / (double)(obs - 1)) > 1e-12) {
                st.SkipWithError("nd_cov diagonal is not the variance");
                break;
            }
        }
    }
    ndb::counters(st, (double)n, 8.0 * (double)n, 2.0 * (double)vars * (double)n, "");
    nd_release(flat), nd_release(m), nd_release(r);
}

// n points into 64 x 64 bins over their own range.
void BM_histogram2d(benchmark::State &st, int64_t n) {
    nd_array *x = ndb::vec(n, -3, 3, 67), *y = ndb::vec(n, -1, 2, 71), *h = nullptr;
    for (auto _ : st) {
        nd_release(h);
        h = nullptr;
        if (nd_histogram2d(x, y, 64, 64, nullptr, false, nullptr, &h, nullptr, nullptr) != ND_OK)
            break;
    }
    // the property: every point lands in one bin (the last bins are closed)
    if (!h || nd_size(h) != 64 * 64) {
        st.SkipWithError("nd_histogram2d failed");
    } else {
        const double *ph = static_cast<const double *>(nd_data(h));
        double total = 0;
        for (int64_t i = 0; i < 64 * 64; i++) total += ph[i];
        if (total != (double)n) st.SkipWithError("nd_histogram2d lost points");
    }
    ndb::counters(st, (double)n, 16.0 * (double)n, 0, "");
    nd_release(x), nd_release(y), nd_release(h);
}

int reg = [] {
    int64_t n = sig_n();
    for (int64_t m : {8, 32, 64, 128, 512})
        benchmark::RegisterBenchmark(
            ("convolve/m" + std::to_string(m) + "/nd/" + std::to_string(n)).c_str(), BM_convolve, n,
            m)
            ->UseRealTime();
    int64_t ni = ndb::quick() ? 100000 : 1000000;
    benchmark::RegisterBenchmark(("interp/random/nd/" + std::to_string(ni)).c_str(), BM_interp, ni,
                                 false)
        ->UseRealTime();
    benchmark::RegisterBenchmark(("interp/sorted/nd/" + std::to_string(ni)).c_str(), BM_interp, ni,
                                 true)
        ->UseRealTime();
    benchmark::RegisterBenchmark(("polyfit/deg5/nd/" + std::to_string(n)).c_str(), BM_polyfit, n)
        ->UseRealTime();
    benchmark::RegisterBenchmark(("cov/rows50/nd/" + std::to_string(n)).c_str(), BM_cov, n)
        ->UseRealTime();
    benchmark::RegisterBenchmark(("histogram2d/b64/nd/" + std::to_string(n)).c_str(),
                                 BM_histogram2d, n)
        ->UseRealTime();
    return 0;
}();

} // namespace

BENCHMARK_MAIN();
