/* The `dist` benchmark family: libnd_dist under mpirun (tools/run-bench.sh
   runs it at 1 and 2 ranks). Strong scaling (a fixed global size) and weak
   scaling (a fixed size per rank) of add, sum, matmul in both modes,
   resplit and .npy writes through MPI-IO; each row carries the messages and bytes one operation sent
   (summed over the ranks, from nd_dist_traffic) so docs/dist-cost-model.md
   can carry them to other rank counts. A ping-pong between ranks 0 and 1
   measures the alpha (latency) and beta (seconds per byte) of that model
   here. Rank 0 prints Google Benchmark's JSON layout (bench_report.py
   reads it): names dist/<op>/<strong|weak>_np<P>/<size>, times the median
   of the repetitions (wall, after a barrier; cpu_time: this process's CPU
   time). ND_BENCH_QUICK=1: small sizes, few repetitions. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "nd/dist.h"

static int rank, nproc, quick, first_row = 1;

static double cpu_now(void) {
    struct timespec t;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

static int cmp(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* what one operation does; returns a result to free, or NULL on error */
typedef nd_darray *(*op_fn)(nd_darray *const *in);

static nd_darray *op_add(nd_darray *const *in) {
    const nd_darray *x[2] = {in[0], in[1]};
    return nd_dist_ufunc(ND_OP_ADD, 2, x);
}
static nd_darray *op_sum(nd_darray *const *in) { return nd_dist_sum(in[0], ND_AXIS_ALL, false); }
static nd_darray *op_mm_repro(nd_darray *const *in) {
    return nd_dist_matmul(in[0], in[1], ND_DIST_MATMUL_REPRODUCIBLE);
}
static nd_darray *op_mm_pdgemm(nd_darray *const *in) {
    return nd_dist_matmul(in[0], in[1], ND_DIST_MATMUL_PDGEMM);
}
static nd_darray *op_resplit(nd_darray *const *in) { return nd_darray_resplit(in[0], 1, NULL); }
/* .npy through MPI-IO: the input itself stands for success (no result) */
static const char *npy_path = "/tmp/nd_bench_dist.npy";
static nd_darray *op_save(nd_darray *const *in) {
    return nd_dist_save_npy(in[0], npy_path) ? NULL : in[0];
}

/* Times op on (m x n) operands split by rows, b of (n x p) for matmul. */
static void row(nd_dist *d, const char *name, op_fn op, const char *scaling, int64_t m, int64_t n,
                int64_t p, double flops) {
    int64_t sa[2] = {m, n}, sb[2] = {p ? n : m, p ? p : n};
    nd_array *a = rank == 0 ? nd_ones(ND_FLOAT64, 2, sa) : NULL;
    nd_array *b = rank == 0 ? nd_full(ND_FLOAT64, 2, sb, 0.5) : NULL;
    nd_darray *in[2] = {nd_darray_scatter(d, a, 0, 0, NULL), nd_darray_scatter(d, b, 0, 0, NULL)};
    nd_release(a), nd_release(b);
    int reps = quick ? 3 : 9;
    double wall[16], cpu[16];
    int64_t msgs = 0, bytes = 0;
    bool ok = in[0] && in[1];
    for (int r = 0; r <= reps && ok; r++) { /* r = 0: a warm-up */
        nd_dist_traffic(d, NULL, NULL, true);
        MPI_Barrier(MPI_COMM_WORLD);
        double t0 = MPI_Wtime(), c0 = cpu_now();
        nd_darray *y = op(in);
        double t1 = MPI_Wtime(), c1 = cpu_now();
        ok = y != NULL;
        if (y != in[0]) nd_darray_free(y);
        if (r) wall[r - 1] = t1 - t0, cpu[r - 1] = c1 - c0;
        nd_dist_traffic(d, &msgs, &bytes, false);
    }
    nd_darray_free(in[0]), nd_darray_free(in[1]);
    int64_t mine[2] = {msgs, bytes}, all[2] = {0, 0};
    MPI_Reduce(mine, all, 2, MPI_INT64_T, MPI_SUM, 0, MPI_COMM_WORLD);
    if (ok) {
        qsort(wall, (size_t)reps, sizeof *wall, cmp), qsort(cpu, (size_t)reps, sizeof *cpu, cmp);
        /* the slowest rank's median decides */
        double w = wall[reps / 2], c = cpu[reps / 2], wmax = 0, cmax = 0;
        MPI_Reduce(&w, &wmax, 1, MPI_DOUBLE, MPI_MAX, 0, MPI_COMM_WORLD);
        MPI_Reduce(&c, &cmax, 1, MPI_DOUBLE, MPI_MAX, 0, MPI_COMM_WORLD);
        if (rank == 0) {
            printf("%s    {\"name\": \"dist/%s/%s_np%d/%lld\", \"run_type\": \"iteration\","
                   " \"iterations\": %d, \"real_time\": %.3f, \"cpu_time\": %.3f,"
                   " \"time_unit\": \"us\", \"n\": %lld, \"flops\": %.0f,"
                   " \"messages\": %lld, \"bytes\": %lld}",
                   first_row ? "" : ",\n", name, scaling, nproc, (long long)(m * n), reps,
                   wmax * 1e6, cmax * 1e6, (long long)(m * n), flops, (long long)all[0],
                   (long long)all[1]);
            first_row = 0;
        }
    } else if (rank == 0) {
        printf("%s    {\"name\": \"dist/%s/%s_np%d/%lld\", \"error_occurred\": true,"
               " \"error_message\": \"%s\"}",
               first_row ? "" : ",\n", name, scaling, nproc, (long long)(m * n),
               nd_last_error_message());
        first_row = 0;
    }
}

/* alpha and beta between ranks 0 and 1: half the round trip of n bytes */
static void pingpong(void) {
    static const int sizes[] = {8, 1024, 65536, 1 << 20, 8 << 20};
    for (int s = 0; s < 5; s++) {
        int n = sizes[s], reps = quick ? 5 : s < 3 ? 200 : 30;
        char *buf = calloc((size_t)n, 1);
        double ts[256];
        for (int r = 0; r <= reps; r++) {
            MPI_Barrier(MPI_COMM_WORLD);
            double t0 = MPI_Wtime();
            if (rank == 0) {
                MPI_Send(buf, n, MPI_BYTE, 1, 1, MPI_COMM_WORLD);
                MPI_Recv(buf, n, MPI_BYTE, 1, 1, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
            } else if (rank == 1) {
                MPI_Recv(buf, n, MPI_BYTE, 0, 1, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
                MPI_Send(buf, n, MPI_BYTE, 0, 1, MPI_COMM_WORLD);
            }
            if (r) ts[r - 1] = (MPI_Wtime() - t0) / 2;
        }
        free(buf);
        qsort(ts, (size_t)reps, sizeof *ts, cmp);
        if (rank == 0) {
            /* the minimum too: on a loaded host the median is mostly
               waiting for the other rank to be scheduled */
            printf("%s    {\"name\": \"dist/pingpong/np%d/%d\", \"run_type\": \"iteration\","
                   " \"iterations\": %d, \"real_time\": %.3f, \"cpu_time\": %.3f,"
                   " \"time_unit\": \"us\", \"bytes\": %d, \"min_us\": %.3f}",
                   first_row ? "" : ",\n", nproc, n, reps, ts[reps / 2] * 1e6, ts[reps / 2] * 1e6,
                   n, ts[0] * 1e6);
            first_row = 0;
        }
    }
}

int main(int argc, char **argv) {
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &nproc);
    quick = getenv("ND_BENCH_QUICK") != NULL;
    nd_dist *d = nd_dist_create(MPI_COMM_WORLD);
    if (!d) {
        fprintf(stderr, "bench_dist: %s\n", nd_last_error_message());
        MPI_Finalize();
        return 1;
    }
    if (rank == 0) printf("{\n  \"context\": {\"ranks\": %d},\n  \"benchmarks\": [\n", nproc);
    int64_t e = quick ? 256 : 2048;    /* elementwise: e x e strong, e/2 rows per rank weak */
    int64_t mm = quick ? 128 : 768;    /* matmul: mm^3 strong */
    double cube = cbrt((double)nproc); /* weak matmul: the flops per rank fixed */
    int64_t mw = (int64_t)((double)(quick ? 128 : 512) * cube);
    for (int w = 0; w < 2; w++) {
        const char *sc = w ? "weak" : "strong";
        int64_t rows = w ? e / 2 * nproc : e, k = w ? mw : mm;
        row(d, "add", op_add, sc, rows, e, 0, (double)(rows * e));
        row(d, "sum", op_sum, sc, rows, e, 0, (double)(rows * e));
        row(d, "resplit", op_resplit, sc, rows, e, 0, 0);
        row(d, "save_npy", op_save, sc, rows, e, 0, (double)(rows * e));
        row(d, "matmul_repro", op_mm_repro, sc, k, k, k, 2.0 * (double)k * (double)k * (double)k);
        row(d, "matmul_pdgemm", op_mm_pdgemm, sc, k, k, k, 2.0 * (double)k * (double)k * (double)k);
    }
    if (nproc >= 2) pingpong();
    if (rank == 0) printf("\n  ]\n}\n");
    nd_dist_free(d);
    if (rank == 0) remove(npy_path);
    MPI_Finalize();
    return 0;
}
