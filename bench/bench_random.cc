// Random numbers: NumPy's Generator streams (PCG64 through SeedSequence),
// float64 random and standard_normal into an existing array, at each ISA
// level; "naive" is the loop a programmer writes over a one-value call
// (the same stream, so its result is checked bitwise), and Philox at the
// best level. Every variant draws from a generator seeded alike; its first
// call's result is compared with nd's bitwise, then the timed calls continue
// the stream (as NumPy's rows do with one generator).
#include "common.h"

namespace {

enum Op { RANDOM, NORMAL };

nd_array *draw(Op op, nd_rng *g, nd_array *out) {
    return op == RANDOM ? nd_random(g, 0, nullptr, out) : nd_standard_normal(g, 0, nullptr, out);
}

void BM_random(benchmark::State &st, Op op, std::string variant, int64_t n) {
    nd_array *o = nd_empty(ND_FLOAT64, 1, &n), *want = nd_empty(ND_FLOAT64, 1, &n);
    nd_array *one = nd_empty(ND_FLOAT64, 0, nullptr);
    bool philox = variant == "philox";
    {
        nd_rng *g = philox ? nd_rng_new_philox(7) : nd_rng_new(7);
        draw(op, g, want);
        nd_rng_free(g);
    }
    bool ok = variant == "naive" || philox || ndb::set_variant(variant);
    double *p = static_cast<double *>(nd_data(o));
    nd_rng *g = philox ? nd_rng_new_philox(7) : nd_rng_new(7);
    auto run = [&] {
        if (variant == "naive") {
            for (int64_t i = 0; i < n; i++) {
                draw(op, g, one);
                p[i] = *static_cast<double *>(nd_data(one));
            }
        } else {
            draw(op, g, o);
        }
    };
    bool same = true;
    if (ok) {
        run();
        same = !std::memcmp(p, nd_data(want), 8 * (size_t)n);
    }
    for (auto _ : st) {
        if (!ok) break;
        run();
        benchmark::ClobberMemory();
    }
    nd_rng_free(g);
    ndb::restore();
    if (!ok) st.SkipWithError("ISA level not available");
    else if (!same)
        st.SkipWithError((variant + " draws another stream than nd's").c_str());
    ndb::counters(st, (double)n, 8.0 * (double)n, 0, "fill");
    nd_release(o), nd_release(want), nd_release(one);
}

int reg = [] {
    std::vector<std::string> variants = {"naive"};
    for (auto &l : ndb::isa_levels()) variants.push_back(l);
    variants.push_back("threads2"); // nd does not split these yet: the row shows it
    variants.push_back("philox");
    for (int64_t n : ndb::sizes())
        for (auto v : variants) {
            if (v == "naive" && n > 100000) continue; // 1e7 one-value calls: minutes, same lesson
            benchmark::RegisterBenchmark(("random/random/" + v + "/" + std::to_string(n)).c_str(),
                                         BM_random, RANDOM, v, n)
                ->UseRealTime();
            benchmark::RegisterBenchmark(("random/standard_normal/" + v + "/" + std::to_string(n)).c_str(),
                                         BM_random, NORMAL, v, n)
                ->UseRealTime();
        }
    return 0;
}();

} // namespace

BENCHMARK_MAIN();
