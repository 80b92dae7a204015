/* Allocation-failure injection across the modules (SQLite's model): each
   representative call runs with its 1st, 2nd, ... allocation failing until
   it succeeds. Every failure must be ND_ERR_NOMEM with no allocation left
   behind and the inputs unchanged; the call that finally succeeds must give
   the same bytes as a run without failures. */
#include <pthread.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "nd_test.h"
#include "nd/io.h"
#include "nd/linalg.h"
#include "nd/random.h"
#include "nd/sort.h"

static char tmp[128];

typedef nd_array *(*nd_call)(nd_array *const *in);

/* dtype, shape and data of a, as .npy bytes (malloc'd; *len set) */
static void *image(const nd_array *a, size_t *len) {
    void *buf = NULL;
    ck_assert_int_eq(nd_npy_to_bytes(a, &buf, len), ND_OK);
    return buf;
}

static bool same_image(const nd_array *a, const void *img, size_t len) {
    size_t n;
    void *b = image(a, &n);
    bool same = n == len && memcmp(b, img, n) == 0;
    free(b);
    return same;
}

static void walk(const char *name, nd_call call, nd_array *const *in, int nin) {
    nd_array *ref = call(in);
    ck_assert_msg(ref != NULL, "%s fails without injected failures: %s", name,
                  nd_last_error_message());
    size_t ref_len, in_len[6];
    void *ref_img = image(ref, &ref_len), *in_img[6];
    nd_release(ref);
    for (int i = 0; i < nin; i++) in_img[i] = image(in[i], &in_len[i]);
    long live = nd_debug_live_allocs();
    long nth = 1;
    for (;; nth++) {
        ck_assert_msg(nth < 100000, "%s never succeeded", name);
        nd_clear_error();
        nd_debug_fail_alloc(nth);
        nd_array *r = call(in);
        long made = nd_debug_fail_alloc(0);
        for (int i = 0; i < nin; i++)
            ck_assert_msg(same_image(in[i], in_img[i], in_len[i]),
                          "%s changed input %d when allocation %ld failed", name, i, nth);
        if (r) {
            ck_assert_msg(made < nth, "%s succeeded although allocation %ld failed", name, nth);
            ck_assert_msg(same_image(r, ref_img, ref_len),
                          "%s: a different result after %ld retries", name, nth);
            nd_release(r);
            ck_assert_int_eq(nd_debug_live_allocs(), live);
            break;
        }
        ck_assert_msg(nd_last_error() == ND_ERR_NOMEM, "%s: allocation %ld failed, got %s (%s)",
                      name, nth, nd_status_name(nd_last_error()), nd_last_error_message());
        ck_assert_msg(nd_debug_live_allocs() == live, "%s leaked after failing allocation %ld",
                      name, nth);
    }
    ck_assert_msg(nth > 1, "%s allocated nothing: the walk tested nothing", name);
    free(ref_img);
    for (int i = 0; i < nin; i++) free(in_img[i]);
}

/* ---- the calls ---- */

static nd_array *c_creation(nd_array *const *in) {
    (void)in;
    nd_array *r = nd_arange(0, 24, 1, ND_INT16);
    nd_array *m = r ? nd_reshape(r, 3, (int64_t[]){2, 3, 4}) : NULL;
    nd_release(r);
    return m;
}
static nd_array *c_linspace(nd_array *const *in) {
    (void)in;
    return nd_linspace(-1, 1, 257, ND_FLOAT32);
}
static nd_array *c_slice_copy(nd_array *const *in) {
    nd_array *v = nd_slice(in[0], "::-2, 1:");
    nd_array *c = v ? nd_copy(v) : NULL;
    nd_release(v);
    return c;
}
/* int32 (5,1) + float32 (1,7) -> float64 broadcast, into a new array */
static nd_array *c_ufunc_cast(nd_array *const *in) { return nd_add(in[0], in[1], NULL); }
static nd_array *c_ufunc_out_cast(nd_array *const *in) {
    nd_array *out = nd_empty(ND_FLOAT64, 2, (int64_t[]){5, 7});
    if (out && nd_multiply(in[0], in[1], out))
        return out; /* out is returned without a new reference */
    nd_release(out);
    return NULL;
}
static nd_array *c_reduce_axis(nd_array *const *in) { return nd_sum(in[2], 0, true, NULL); }
static nd_array *c_reduce_axes(nd_array *const *in) {
    return nd_reduce(ND_OP_MAXIMUM, in[2], 2, (int[]){0, 2}, false, NULL);
}
static nd_array *c_var(nd_array *const *in) { return nd_var(in[2], 1, 1, false, NULL); }
static nd_array *c_cumsum(nd_array *const *in) { return nd_cumsum(in[2], 1, NULL); }
/* (2,1,3,4) @ (5,4,2): batch broadcast to (2,5,3,2) */
static nd_array *c_matmul(nd_array *const *in) { return nd_matmul(in[3], in[4], NULL); }
static nd_array *c_matmul_int(nd_array *const *in) {
    nd_array *a = nd_astype(in[3], ND_INT32);
    nd_array *r = a ? nd_matmul(a, in[4], NULL) : NULL;
    nd_release(a);
    return r;
}
static nd_array *c_solve(nd_array *const *in) { return nd_solve(in[5], in[4]); }
static nd_array *c_svd(nd_array *const *in) {
    nd_array *u = NULL, *s = NULL, *vh = NULL;
    if (nd_svd(in[5], false, &u, &s, &vh)) return NULL;
    nd_release(u), nd_release(vh);
    return s;
}
static nd_array *c_npy_load(nd_array *const *in) {
    char path[300];
    snprintf(path, sizeof path, "%s/a.npy", tmp);
    (void)in;
    return nd_load_npy(path);
}
static nd_array *c_npz_roundtrip(nd_array *const *in) {
    char path[300];
    snprintf(path, sizeof path, "%s/w.npz", tmp);
    char *names[2] = {"x", "y"};
    if (nd_savez(path, 2, names, (nd_array *const[]){in[2], in[3]}, true)) return NULL;
    nd_npz *z = nd_npz_open(path);
    nd_array *r = z ? nd_npz_get(z, "y") : NULL;
    nd_npz_close(z);
    return r;
}
static nd_array *c_loadtxt(nd_array *const *in) {
    char path[300];
    snprintf(path, sizeof path, "%s/t.txt", tmp);
    (void)in;
    return nd_loadtxt(path, ND_FLOAT64, NULL);
}
static nd_array *c_sort(nd_array *const *in) { return nd_argsort_stable(in[2], 1); }
static nd_array *c_unique(nd_array *const *in) {
    nd_array *v = NULL, *inv = NULL;
    if (nd_unique(in[0], &v, NULL, &inv, NULL)) return NULL;
    nd_release(v);
    return inv;
}
static nd_array *c_random(nd_array *const *in) {
    (void)in;
    nd_rng *g = nd_rng_new(12345);
    nd_array *r = g ? nd_normal(g, 1, 2, 2, (int64_t[]){3, 50}, NULL) : NULL;
    nd_rng_free(g);
    return r;
}
static nd_array *c_concatenate_pad(nd_array *const *in) {
    nd_array *c = nd_concatenate(2, (nd_array *const[]){in[2], in[2]}, 1, NULL);
    nd_array *p = c ? nd_pad(c, (int64_t[]){1, 2, 0, 1, 3, 0}, ND_PAD_REFLECT, 0) : NULL;
    nd_release(c);
    return p;
}
static nd_array *c_fancy_index(nd_array *const *in) {
    nd_array *three = nd_lit_i64(3);
    nd_array *mask = three ? nd_greater(in[0], three, NULL) : NULL;
    nd_array *flat =
        mask ? nd_index_get(in[0], 1, (nd_index[]){{.kind = ND_IDX_ARRAY, .array = mask}}) : NULL;
    nd_release(three), nd_release(mask);
    return flat;
}
static nd_array *c_expr(nd_array *const *in) {
    const char *names[2] = {"a", "b"};
    return nd_eval("2*a + sin(b)*b", 2, names, (nd_array *const[]){in[0], in[1]}, NULL);
}

static const struct {
    const char *name;
    nd_call call;
} calls[] = {
    {"creation (arange + reshape)", c_creation},
    {"linspace", c_linspace},
    {"slice + copy", c_slice_copy},
    {"broadcasting add with a cast", c_ufunc_cast},
    {"multiply into an out of another dtype", c_ufunc_out_cast},
    {"sum over an axis", c_reduce_axis},
    {"max over two axes", c_reduce_axes},
    {"var", c_var},
    {"cumsum", c_cumsum},
    {"matmul with batch broadcasting", c_matmul},
    {"integer matmul", c_matmul_int},
    {"solve (batched)", c_solve},
    {"svd (batched)", c_svd},
    {".npy load", c_npy_load},
    {".npz save and load (deflated)", c_npz_roundtrip},
    {"loadtxt", c_loadtxt},
    {"argsort (stable)", c_sort},
    {"unique with inverse", c_unique},
    {"random normal", c_random},
    {"concatenate + pad", c_concatenate_pad},
    {"boolean mask index", c_fancy_index},
    {"fused expression", c_expr},
};
enum { NCALLS = sizeof calls / sizeof calls[0] };

static nd_array *inputs[6];

static void make_inputs(void) {
    nd_array *i32 = nd_arange(0, 5, 1, ND_INT32);
    inputs[0] = nd_reshape(i32, 2, (int64_t[]){5, 1});
    nd_array *f32 = nd_linspace(-2, 3, 7, ND_FLOAT32);
    inputs[1] = nd_reshape(f32, 2, (int64_t[]){1, 7});
    nd_rng *g = nd_rng_new(7);
    inputs[2] = nd_standard_normal(g, 3, (int64_t[]){4, 6, 5}, NULL);
    inputs[3] = nd_standard_normal(g, 4, (int64_t[]){2, 1, 3, 4}, NULL);
    inputs[4] = nd_standard_normal(g, 3, (int64_t[]){5, 4, 2}, NULL);
    inputs[5] = nd_standard_normal(g, 3, (int64_t[]){5, 4, 4}, NULL);
    nd_rng_free(g);
    nd_release(i32), nd_release(f32);
    for (int i = 0; i < 6; i++) ck_assert_ptr_nonnull(inputs[i]);
    char path[300];
    snprintf(path, sizeof path, "%s/a.npy", tmp);
    ck_assert_int_eq(nd_save_npy(path, inputs[2]), ND_OK);
    snprintf(path, sizeof path, "%s/t.txt", tmp);
    FILE *f = fopen(path, "w");
    for (int r = 0; r < 40; r++) fprintf(f, "%d %g %.17g  # row %d\n", r, r * 0.5, r / 3.0, r);
    fclose(f);
}

START_TEST(each_call_fails_cleanly) {
    make_inputs();
    walk(calls[_i].name, calls[_i].call, inputs, 6);
    for (int i = 0; i < 6; i++) nd_release(inputs[i]);
}
END_TEST

/* nd_to_string hands back malloc'd text: same walk, text compared. */
START_TEST(to_string_fails_cleanly) {
    nd_array *a = nd_linspace(0, 1, 2000, ND_COMPLEX128);
    char *ref = nd_to_string(a);
    ck_assert_ptr_nonnull(ref);
    long live = nd_debug_live_allocs(), nth = 1;
    for (;; nth++) {
        nd_debug_fail_alloc(nth);
        char *s = nd_to_string(a);
        nd_debug_fail_alloc(0);
        ck_assert_int_eq(nd_debug_live_allocs(), live);
        if (s) {
            ck_assert_str_eq(s, ref);
            free(s);
            break;
        }
        ck_assert_nd_error(ND_ERR_NOMEM);
    }
    ck_assert_int_gt(nth, 1);
    free(ref);
    nd_release(a);
}
END_TEST

/* In-place: a failing call leaves out either untouched or fully written,
   never a crash; here out is preallocated and only the cast buffer can fail. */
START_TEST(in_place_failure_keeps_out_valid) {
    nd_array *a = nd_arange(0, 4096, 1, ND_FLOAT32);
    nd_array *out = nd_zeros(ND_FLOAT64, 1, (int64_t[]){4096});
    long live = nd_debug_live_allocs();
    for (long nth = 1; nth < 50; nth++) {
        nd_debug_fail_alloc(nth);
        nd_array *r = nd_sqrt(a, out);
        nd_debug_fail_alloc(0);
        ck_assert_int_eq(nd_debug_live_allocs(), live);
        if (r) break;
        ck_assert_nd_error(ND_ERR_NOMEM);
    }
    for (int64_t i = 0; i < 4096; i += 97)
        ck_assert(nd_get_f64(out, &i) == (double)sqrtf((float)i));
    nd_release(a), nd_release(out);
}
END_TEST

/* The live count is kept per thread: arrays made on a thread that then
   exits, and released on another, must still balance. */
static void *make_arrays(void *out) {
    nd_array **a = out;
    for (int i = 0; i < 4; i++) a[i] = nd_zeros(ND_FLOAT64, 1, (int64_t[]){1000 * (i + 1)});
    return NULL;
}

/* The process's address space in bytes (/proc/self/statm's first field). */
static long long vm_bytes(void) {
    FILE *f = fopen("/proc/self/statm", "r");
    long long pages = -1;
    if (f && fscanf(f, "%lld", &pages) != 1) pages = -1;
    if (f) fclose(f);
    return pages * sysconf(_SC_PAGESIZE);
}

/* In a child (the limit stays there): with the freed-block cache full, an
   address-space limit leaves room for a large array only once the cache
   is returned; the allocation must trim it and succeed. Then an array the
   limit cannot hold at all fails cleanly with ND_ERR_NOMEM. Exit codes
   name the step that failed. */
static int trim_child(void) {
    enum { N = 7 };
    const int64_t block = (int64_t)32 << 20; /* 7 x 32 MiB in the cache (256 MiB at most) */
    nd_memory_trim();
    for (int i = 0; i < N; i++) { /* made together, then dropped: 7 cached mappings */
        static nd_array *held[N];
        int64_t n = block / 8 + i; /* distinct sizes, each reused only for its own */
        held[i] = nd_empty(ND_FLOAT64, 1, &n);
        if (!held[i]) return 10;
        if (i == N - 1)
            for (int j = 0; j < N; j++) nd_release(held[j]);
    }
    long long vm = vm_bytes();
    if (vm <= 0) return 11;
    struct rlimit lim = {(rlim_t)(vm + (64 << 20)), (rlim_t)(vm + (64 << 20))};
    if (setrlimit(RLIMIT_AS, &lim)) return 12;
    /* 160 MiB: more than the 64 MiB of room, less than room + cache */
    int64_t big = ((int64_t)160 << 20) / 8;
    nd_array *a = nd_empty(ND_FLOAT64, 1, &big);
    if (!a) return 13;
    nd_release(a);
    nd_memory_trim();
    int64_t huge = ((int64_t)2 << 30) / 8; /* 2 GiB: over any room left */
    nd_clear_error();
    a = nd_empty(ND_FLOAT64, 1, &huge);
    if (a) return 14;
    if (nd_last_error() != ND_ERR_NOMEM) return 15;
    return 0;
}

/* Under ASan nd keeps no freed-block cache (alloc.c: LeakSanitizer must see
   large arrays), and ASan's allocator aborts at a memory limit: the two
   cache tests are skipped there. */
#if defined(__SANITIZE_ADDRESS__)
#define ND_TEST_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define ND_TEST_ASAN 1
#endif
#endif

START_TEST(full_cache_is_trimmed_before_nomem) {
#ifdef ND_TEST_ASAN
    return;
#endif
    fflush(NULL);
    pid_t pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) _exit(trim_child());
    int st = 0;
    ck_assert_int_eq(waitpid(pid, &st, 0), pid);
    ck_assert_msg(WIFEXITED(st), "the child died (signal %d)", WIFSIGNALED(st) ? WTERMSIG(st) : 0);
    ck_assert_msg(WEXITSTATUS(st) == 0, "step %d failed", WEXITSTATUS(st));
}
END_TEST

/* The allocation walk's calls under an address-space limit at the
   process's current size with the freed-block cache full: any new mapping
   (a large block, a fresh malloc arena or heap top) fits only once the
   cache is returned, which the failing allocation must do. Each call must
   succeed with the same bytes as without the limit. In a child; exit codes
   name the call (100 + index) or the step. Under ASan its allocator aborts
   instead of returning NULL at the limit, so the run is skipped there. */
static int walk_child(int *trimmed) {
    const int64_t block = ((int64_t)32 << 20) / 8;
    struct rlimit lim;
    if (getrlimit(RLIMIT_AS, &lim)) return 1;
    for (int c = 0; c < NCALLS; c++) {
        make_inputs();
        nd_array *ref = calls[c].call(inputs);
        if (!ref) return 2;
        size_t ref_len;
        void *ref_img = image(ref, &ref_len);
        nd_release(ref);
        nd_array *held[7];
        for (int i = 0; i < 7; i++) {
            int64_t n = block + i;
            if (!(held[i] = nd_empty(ND_FLOAT64, 1, &n))) return 3;
        }
        for (int i = 0; i < 7; i++) nd_release(held[i]);
        long long before = vm_bytes();
        lim.rlim_cur = (rlim_t)before;
        if (setrlimit(RLIMIT_AS, &lim)) return 4;
        nd_array *r = calls[c].call(inputs);
        long long after = vm_bytes();
        lim.rlim_cur = lim.rlim_max;
        if (setrlimit(RLIMIT_AS, &lim)) return 5;
        if (!r) return 100 + c;
        *trimmed += after < before;
        bool same = same_image(r, ref_img, ref_len);
        nd_release(r);
        free(ref_img);
        for (int i = 0; i < 6; i++) nd_release(inputs[i]);
        if (!same) return 100 + c;
        nd_memory_trim();
    }
    return 0;
}

START_TEST(walk_under_memory_limit_with_full_cache) {
#ifdef ND_TEST_ASAN
    return;
#endif
    int fds[2];
    ck_assert_int_eq(pipe(fds), 0);
    fflush(NULL);
    pid_t pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        int trimmed = 0, rc = walk_child(&trimmed);
        if (write(fds[1], &trimmed, sizeof trimmed) != sizeof trimmed) rc = 6;
        _exit(rc);
    }
    close(fds[1]);
    int st = 0, trimmed = -1;
    ck_assert_int_eq(waitpid(pid, &st, 0), pid);
    ck_assert_msg(WIFEXITED(st), "the child died (signal %d)", WIFSIGNALED(st) ? WTERMSIG(st) : 0);
    int rc = WEXITSTATUS(st);
    if (rc >= 100 && rc < 100 + NCALLS)
        ck_abort_msg("%s failed or differed under the limit", calls[rc - 100].name);
    ck_assert_msg(rc == 0, "step %d failed", rc);
    ck_assert_int_eq(read(fds[0], &trimmed, sizeof trimmed), (ssize_t)sizeof trimmed);
    close(fds[0]);
    fprintf(stderr, "memory-limit walk: %d calls, %d needed the cache trimmed\n", (int)NCALLS,
            trimmed);
}
END_TEST

START_TEST(live_count_across_threads) {
    long live = nd_debug_live_allocs();
    nd_array *a[4];
    pthread_t t;
    ck_assert_int_eq(pthread_create(&t, NULL, make_arrays, a), 0);
    ck_assert_int_eq(pthread_join(t, NULL), 0);
    for (int i = 0; i < 4; i++) ck_assert_ptr_nonnull(a[i]);
    ck_assert_int_eq(nd_debug_live_allocs(), live + 4);
    for (int i = 0; i < 4; i++) nd_release(a[i]);
    ck_assert_int_eq(nd_debug_live_allocs(), live);
}
END_TEST

static Suite *alloc_suite(void) {
    Suite *s = suite_create("alloc");
    TCase *tc = tcase_create("failures");
    tcase_set_timeout(tc, 300);
    tcase_add_loop_test(tc, each_call_fails_cleanly, 0, NCALLS);
    tcase_add_test(tc, to_string_fails_cleanly);
    tcase_add_test(tc, in_place_failure_keeps_out_valid);
    tcase_add_test(tc, live_count_across_threads);
    tcase_add_test(tc, full_cache_is_trimmed_before_nomem);
    tcase_add_test(tc, walk_under_memory_limit_with_full_cache);
    suite_add_tcase(s, tc);
    return s;
}

int main(void) { return nd_test_run_in_tmpdir(alloc_suite(), tmp, sizeof tmp, "alloc"); }
