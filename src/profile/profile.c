/* Per (op, dtype) counters under a lock (only taken while profiling); the
   live/peak array bytes and the allocation tally are counted below the
   core, in base/alloc.c. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/internal.h"
#include "nd/machine.h"
#include "nd/profile.h"
#include "profile/profile.h"

#define MAX_ENTRIES 512

typedef struct {
    const char *op;
    nd_dtype dtype;
    long long calls, elements, bytes_read, bytes_written, alloc_bytes;
    double seconds;
    const char *isa;
    int threads;
} entry;

atomic_int nd__profiling;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static entry entries[MAX_ENTRIES];
static int nentries;

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

long long nd_profile_peak_bytes(void) { return nd__peak_bytes(); }
long long nd_profile_live_bytes(void) { return nd__live_bytes(); }
void nd_profile_reset_peak(void) { nd__peak_bytes_reset(); }

void nd__prof_begin(nd_prof_mark *m) {
    m->alloc0 = nd__alloc_tally();
    m->t0 = now();
}

void nd__prof_end(const nd_prof_mark *m, const char *op, nd_dtype t, int64_t n, int64_t bytes_read,
                  int64_t bytes_written) {
    double dt = now() - m->t0;
    long long alloc = nd__alloc_tally() - m->alloc0;
    pthread_mutex_lock(&lock);
    entry *e = NULL;
    for (int i = 0; i < nentries && !e; i++)
        if (entries[i].op == op && entries[i].dtype == t) e = &entries[i];
    if (!e && nentries < MAX_ENTRIES) {
        e = &entries[nentries++];
        memset(e, 0, sizeof *e);
        e->op = op;
        e->dtype = t;
    }
    if (e) {
        e->calls++;
        e->elements += n;
        e->bytes_read += bytes_read;
        e->bytes_written += bytes_written;
        e->alloc_bytes += alloc;
        e->seconds += dt;
        e->isa = nd_isa();
        e->threads = nd_get_num_threads();
    }
    pthread_mutex_unlock(&lock);
}

/* The core's tally of allocated bytes runs while profiling (per-op
   temporaries), turned on before the ops start looking at it. */
void nd_profile_enable(void) {
    nd__alloc_tally_set(true);
    atomic_store(&nd__profiling, 1);
}
void nd_profile_disable(void) {
    atomic_store(&nd__profiling, 0);
    nd__alloc_tally_set(false);
}

void nd_profile_reset(void) {
    pthread_mutex_lock(&lock);
    nentries = 0;
    pthread_mutex_unlock(&lock);
}

static int by_time(const void *a, const void *b) {
    double x = ((const entry *)a)->seconds, y = ((const entry *)b)->seconds;
    return x < y ? 1 : x > y ? -1 : 0;
}

int nd_profile_report(FILE *f) {
    if (!f) return nd__null_arg("nd_profile_report", "f");
    pthread_mutex_lock(&lock);
    entry *copy = nd__malloc(sizeof(entry) * (size_t)(nentries ? nentries : 1));
    int n = nentries;
    if (copy) memcpy(copy, entries, sizeof(entry) * (size_t)n);
    pthread_mutex_unlock(&lock);
    if (!copy) return nd__nomem("nd_profile_report", sizeof(entry) * (size_t)n);
    qsort(copy, (size_t)n, sizeof(entry), by_time);
    int w = fprintf(f, "%-16s %-10s %8s %12s %9s %9s %10s %10s %7s %-8s %3s %9s\n", "op", "dtype",
                    "calls", "elements", "MB read", "MB write", "total ms", "mean us", "GB/s",
                    "isa", "thr", "MB alloc");
    for (int i = 0; i < n && w >= 0; i++) {
        const entry *e = &copy[i];
        double gbs =
            e->seconds > 0 ? (double)(e->bytes_read + e->bytes_written) / e->seconds / 1e9 : 0;
        w = fprintf(f, "%-16s %-10s %8lld %12lld %9.1f %9.1f %10.3f %10.2f %7.1f %-8s %3d %9.1f\n",
                    e->op, nd_dtype_name(e->dtype), e->calls, e->elements,
                    (double)e->bytes_read / 1e6, (double)e->bytes_written / 1e6, e->seconds * 1e3,
                    e->seconds / (double)e->calls * 1e6, gbs, e->isa, e->threads,
                    (double)e->alloc_bytes / 1e6);
    }
    if (w >= 0)
        w = fprintf(f, "peak live array memory: %.1f MB\n", (double)nd_profile_peak_bytes() / 1e6);
    nd__free(copy);
    return w < 0 ? nd__error(ND_ERR_IO, "nd_profile_report", "write failed") : ND_OK;
}

static void report_at_exit(void) { nd_profile_report(stderr); }

__attribute__((constructor)) static void profile_from_env(void) {
    const char *v = getenv("ND_PROFILE");
    if (v && *v && strcmp(v, "0") != 0) {
        nd_profile_enable();
        atexit(report_at_exit);
    }
}
