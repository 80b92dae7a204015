// .npy save and load throughput (a file in /tmp), against plain write/read
// of the same bytes with stdio.
#include <unistd.h>

#include "common.h"

namespace {

void BM_npy(benchmark::State &st, std::string op, int64_t n) {
    nd_array *a = ndb::vec(n, -1, 1, 8);
    char path[64];
    std::snprintf(path, sizeof path, "/tmp/nd_bench_%d.npy", (int)getpid());
    nd_save_npy(path, a);
    for (auto _ : st) {
        if (op == "save") {
            if (nd_save_npy(path, a) != ND_OK) st.SkipWithError(nd_last_error_message());
        } else if (op == "load") {
            nd_array *b = nd_load_npy(path);
            if (!b || std::memcmp(nd_data(b), nd_data(a), (size_t)n * 8))
                st.SkipWithError("load differs");
            nd_release(b);
        } else { // stdio write of the raw bytes, the baseline
            FILE *f = std::fopen(path, "wb");
            std::fwrite(nd_data(a), 8, (size_t)n, f);
            std::fclose(f);
        }
    }
    unlink(path);
    ndb::counters(st, (double)n, 8.0 * (double)n, 0, "stream_copy");
    nd_release(a);
}

int reg = [] {
    for (int64_t n : ndb::sizes())
        for (std::string op : {"save", "load", "fwrite"})
            benchmark::RegisterBenchmark(("npy/" + op + "/nd/" + std::to_string(n)).c_str(), BM_npy,
                                         op, n)
                ->UseRealTime();
    return 0;
}();

} // namespace

BENCHMARK_MAIN();
