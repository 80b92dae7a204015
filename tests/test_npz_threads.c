/* Threads reading members of one shared nd_npz at once (file and memory
   archives, stored and deflated members): every read succeeds and equals
   the single-threaded read. Runs under ThreadSanitizer too (make tsan). */
#include <pthread.h>

#include "nd_test.h"

static char dir[64];

enum { N_MEMBERS = 6, N_THREADS = 6, ROUNDS = 40 };
static char *names[N_MEMBERS] = {"m0", "m1", "m2", "m3", "m4", "m5"};

typedef struct {
    nd_npz *z;
    nd_array **want;
    int seed, failures;
    char first_error[256];
} worker;

static void *read_members(void *arg) {
    worker *w = arg;
    for (int r = 0; r < ROUNDS; r++) {
        int i = (w->seed + r * 5) % N_MEMBERS;
        nd_array *got = nd_npz_get(w->z, names[i]);
        bool ok = got && nd_nbytes(got) == nd_nbytes(w->want[i]) &&
                  !memcmp(nd_data(got), nd_data(w->want[i]), (size_t)nd_nbytes(got));
        if (!ok && !w->failures++)
            snprintf(w->first_error, sizeof w->first_error, "%s: %s", names[i],
                     got ? "wrong data" : nd_last_error_message());
        nd_release(got);
    }
    return NULL;
}

START_TEST(shared_archive_reads) {
    nd_array *a[N_MEMBERS];
    for (int i = 0; i < N_MEMBERS; i++) /* sizes from 8 bytes to ~2 MiB: some span several chunks */
        a[i] = nd_arange(0, (double)((int64_t)1 << (3 * i + 1)) * (i + 1), 0.75, ND_FLOAT64);
    for (int compress = 0; compress < 2; compress++)
        for (int in_memory = 0; in_memory < 2; in_memory++) {
            char path[128];
            snprintf(path, sizeof path, "%s/t%d.npz", dir, compress);
            ck_assert_int_eq(nd_savez(path, N_MEMBERS, names, a, compress), ND_OK);
            nd_npz *z = nd_npz_open(path);
            if (in_memory) {
                FILE *f = fopen(path, "rb");
                fseek(f, 0, SEEK_END);
                long len = ftell(f);
                ck_assert(len > 0);
                fseek(f, 0, SEEK_SET);
                char *b = malloc((size_t)len);
                ck_assert_int_eq(fread(b, 1, (size_t)len, f), len);
                fclose(f);
                nd_npz_close(z);
                z = nd_npz_from_bytes(b, (size_t)len);
                free(b);
            }
            ck_assert_ptr_nonnull(z);
            worker w[N_THREADS];
            pthread_t t[N_THREADS];
            for (int k = 0; k < N_THREADS; k++) {
                w[k] = (worker){z, a, k, 0, ""};
                ck_assert_int_eq(pthread_create(&t[k], NULL, read_members, &w[k]), 0);
            }
            for (int k = 0; k < N_THREADS; k++) pthread_join(t[k], NULL);
            for (int k = 0; k < N_THREADS; k++)
                ck_assert_msg(w[k].failures == 0,
                              "compress %d memory %d thread %d: %d failed reads, first %s",
                              compress, in_memory, k, w[k].failures, w[k].first_error);
            nd_npz_close(z);
        }
    for (int i = 0; i < N_MEMBERS; i++) nd_release(a[i]);
}
END_TEST

int main(void) {
    Suite *s = suite_create("npz_threads");
    TCase *tc = tcase_create("npz_threads");
    tcase_set_timeout(tc, 300);
    tcase_add_test(tc, shared_archive_reads);
    suite_add_tcase(s, tc);
    return nd_test_run_in_tmpdir(s, dir, sizeof dir, "npz_threads");
}
