/* Where the three savers (nd_save_npy, nd_savez, nd_savetxt) write, for
   every kind of path NumPy's open(path, "wb") meets: a new name, a regular
   file (replaced atomically, its permission bits kept), a symlink chain (the
   links stay links, the final target gets the data), a dangling symlink
   (its target is created), a character device such as /dev/null (stays
   the device), a FIFO
   (written through to a reader), a directory, a path under a non-directory,
   a read-only directory and a read-only file (as an unprivileged user: root
   ignores permission bits). */
#include <fcntl.h>
#include <pthread.h>
#include <errno.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "nd_test.h"

static char dir[64];

enum { SAVER_NPY, SAVER_NPZ, SAVER_TXT, N_SAVERS };
static const char *saver_name[N_SAVERS] = {"nd_save_npy", "nd_savez", "nd_savetxt"};

static nd_array *sample(void) {
    double v[6] = {1.5, -2, 3.25, 1e300, -0.0, 42};
    return nd_from_buffer(ND_FLOAT64, 2, (int64_t[]){2, 3}, v);
}

static int save(int saver, const char *path, const nd_array *a) {
    switch (saver) {
    case SAVER_NPY:
        return nd_save_npy(path, a);
    case SAVER_NPZ:
        return nd_savez(path, 1, (char *const[]){"x"}, (nd_array *const[]){(nd_array *)a}, false);
    default:
        return nd_savetxt(path, a, NULL);
    }
}

static nd_array *load(int saver, const char *path) {
    if (saver == SAVER_NPY) return nd_load_npy(path);
    if (saver == SAVER_TXT) return nd_loadtxt(path, ND_FLOAT64, NULL);
    nd_npz *z = nd_npz_open(path);
    nd_array *a = z ? nd_npz_get(z, "x") : NULL;
    nd_npz_close(z);
    return a;
}

static void assert_holds(int saver, const char *path, const nd_array *want) {
    nd_array *got = load(saver, path);
    ck_assert_msg(got, "%s: %s", saver_name[saver], nd_last_error_message());
    ck_assert_int_eq(nd_size(got), nd_size(want));
    ck_assert(memcmp(nd_data(got), nd_data(want), (size_t)nd_nbytes(want)) == 0);
    nd_release(got);
}

static char *slurp(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    ck_assert_ptr_nonnull(f);
    size_t cap = 1 << 16, n = 0, got;
    char *b = malloc(cap);
    while ((got = fread(b + n, 1, cap - n, f)) > 0)
        if ((n += got) == cap) b = realloc(b, cap *= 2);
    fclose(f);
    *len = n;
    return b;
}

/* No temporary file is left beside a target. */
static void assert_no_temporaries(const char *in) {
    char cmd[1024];
    snprintf(cmd, sizeof cmd, "ls -a '%s' | grep -q '\\.tmp\\.'", in);
    ck_assert_msg(system(cmd) != 0, "a temporary file was left in %s", in);
}

static void path_of(char *out, size_t cap, int saver, const char *name) {
    snprintf(out, cap, "%s/%d_%s", dir, saver, name);
}

START_TEST(regular_files_are_replaced_keeping_their_mode) {
    nd_array *a = sample(), *b = nd_negative(a, NULL);
    for (int s = 0; s < N_SAVERS; s++) {
        char p[512];
        path_of(p, sizeof p, s, "plain");
        ck_assert_int_eq(save(s, p, a), ND_OK);
        assert_holds(s, p, a);
        struct stat st;
        ck_assert_int_eq(stat(p, &st), 0);
        ck_assert(S_ISREG(st.st_mode));
        ck_assert_int_eq(chmod(p, 0640), 0);
        ck_assert_int_eq(save(s, p, b), ND_OK);
        assert_holds(s, p, b);
        ck_assert_int_eq(stat(p, &st), 0);
        ck_assert_int_eq(st.st_mode & 07777, 0640);
    }
    assert_no_temporaries(dir);
    nd_release(a), nd_release(b);
}
END_TEST

START_TEST(symlinks_are_followed_and_stay_links) {
    nd_array *a = sample();
    for (int s = 0; s < N_SAVERS; s++) {
        char target[512], l1[512], l2[512], dangling[512], created[512];
        path_of(target, sizeof target, s, "target");
        path_of(l1, sizeof l1, s, "link1");
        path_of(l2, sizeof l2, s, "link2");
        path_of(dangling, sizeof dangling, s, "dangling");
        path_of(created, sizeof created, s, "created");
        FILE *f = fopen(target, "w");
        fputs("old", f);
        fclose(f);
        /* link2 -> link1 (relative) -> target (absolute) */
        ck_assert_int_eq(symlink(target, l1), 0);
        ck_assert_int_eq(symlink(strrchr(l1, '/') + 1, l2), 0);
        ck_assert_int_eq(save(s, l2, a), ND_OK);
        struct stat st;
        ck_assert_int_eq(lstat(l1, &st), 0);
        ck_assert(S_ISLNK(st.st_mode));
        ck_assert_int_eq(lstat(l2, &st), 0);
        ck_assert(S_ISLNK(st.st_mode));
        ck_assert_int_eq(lstat(target, &st), 0);
        ck_assert(S_ISREG(st.st_mode));
        assert_holds(s, target, a);
        /* a dangling link: its target is created, as open(O_CREAT) does */
        ck_assert_int_eq(symlink(strrchr(created, '/') + 1, dangling), 0);
        ck_assert_int_eq(save(s, dangling, a), ND_OK);
        ck_assert_int_eq(lstat(dangling, &st), 0);
        ck_assert(S_ISLNK(st.st_mode));
        ck_assert_int_eq(lstat(created, &st), 0);
        ck_assert(S_ISREG(st.st_mode));
        assert_holds(s, created, a);
    }
    /* a loop of links is a clean error */
    char x[512], y[512];
    snprintf(x, sizeof x, "%s/loop_x", dir);
    snprintf(y, sizeof y, "%s/loop_y", dir);
    ck_assert_int_eq(symlink(y, x), 0);
    ck_assert_int_eq(symlink(x, y), 0);
    for (int s = 0; s < N_SAVERS; s++) {
        ck_assert_int_eq(save(s, x, a), ND_ERR_IO);
        ck_assert_ptr_nonnull(strstr(nd_last_error_message(), "symbolic links"));
        nd_clear_error();
    }
    assert_no_temporaries(dir);
    nd_release(a);
}
END_TEST

/* A character device. As root, a regression here would replace the
   machine's /dev/null with a regular file, so root tests its own node of
   the same device (1, 3) in the temporary directory; anyone else cannot
   replace /dev/null and tests it directly. */
START_TEST(char_devices_stay_devices) {
    nd_array *a = sample();
    char node[512];
    snprintf(node, sizeof node, "%s/null", dir);
    const char *dev = "/dev/null";
    if (geteuid() == 0) {
        ck_assert_msg(mknod(node, S_IFCHR | 0666, makedev(1, 3)) == 0, "mknod: %s",
                      strerror(errno));
        dev = node;
    }
    struct stat before, after;
    ck_assert_int_eq(stat(dev, &before), 0);
    ck_assert(S_ISCHR(before.st_mode));
    for (int s = 0; s < N_SAVERS; s++) {
        ck_assert_int_eq(save(s, dev, a), ND_OK);
        ck_assert_int_eq(lstat(dev, &after), 0);
        ck_assert(S_ISCHR(after.st_mode));
        ck_assert(after.st_rdev == before.st_rdev && after.st_ino == before.st_ino);
    }
    assert_no_temporaries(dir);
    nd_release(a);
}
END_TEST

typedef struct {
    const char *path;
    char *bytes;
    size_t len;
} fifo_reader;

static void *read_fifo(void *arg) {
    fifo_reader *r = arg;
    r->bytes = slurp(r->path, &r->len);
    return NULL;
}

START_TEST(fifos_are_written_through) {
    nd_array *a = sample();
    for (int s = 0; s < N_SAVERS; s++) {
        char fifo[512], plain[512];
        path_of(fifo, sizeof fifo, s, "fifo");
        path_of(plain, sizeof plain, s, "fifo_ref");
        ck_assert_int_eq(mkfifo(fifo, 0600), 0);
        fifo_reader r = {fifo, NULL, 0};
        pthread_t t;
        ck_assert_int_eq(pthread_create(&t, NULL, read_fifo, &r), 0);
        ck_assert_int_eq(save(s, fifo, a), ND_OK);
        pthread_join(t, NULL);
        struct stat st;
        ck_assert_int_eq(lstat(fifo, &st), 0);
        ck_assert(S_ISFIFO(st.st_mode));
        /* the reader got exactly what a regular save writes */
        ck_assert_int_eq(save(s, plain, a), ND_OK);
        size_t len;
        char *want = slurp(plain, &len);
        ck_assert_uint_eq(r.len, len);
        ck_assert(memcmp(r.bytes, want, len) == 0);
        free(want), free(r.bytes);
    }
    assert_no_temporaries(dir);
    nd_release(a);
}
END_TEST

START_TEST(unwritable_places_fail_cleanly) {
    nd_array *a = sample();
    char file[512], under[600];
    snprintf(file, sizeof file, "%s/not_a_dir", dir);
    FILE *f = fopen(file, "w");
    fclose(f);
    snprintf(under, sizeof under, "%s/x", file);
    for (int s = 0; s < N_SAVERS; s++) {
        ck_assert_int_eq(save(s, under, a), ND_ERR_IO);
        ck_assert_ptr_nonnull(strstr(nd_last_error_message(), "Not a directory"));
        ck_assert_ptr_nonnull(strstr(nd_last_error_message(), under));
        nd_clear_error();
        ck_assert_int_eq(save(s, dir, a), ND_ERR_IO); /* a directory */
        ck_assert_ptr_nonnull(strstr(nd_last_error_message(), "Is a directory"));
        nd_clear_error();
        ck_assert_int_eq(save(s, "", a), ND_ERR_IO);
        nd_clear_error();
    }
    assert_no_temporaries(dir);
    nd_release(a);
}
END_TEST

/* Permission bits stop only an unprivileged user: as root, the check runs
   in a child that becomes nobody (65534). */
START_TEST(read_only_directory_and_file) {
    char ro[512], rofile[512];
    snprintf(ro, sizeof ro, "%s/ro", dir);
    snprintf(rofile, sizeof rofile, "%s/rofile", dir);
    ck_assert_int_eq(chmod(dir, 0755), 0);
    ck_assert_int_eq(mkdir(ro, 0555), 0);
    FILE *f = fopen(rofile, "w");
    fputs("keep", f);
    fclose(f);
    ck_assert_int_eq(chmod(rofile, 0444), 0);
    pid_t pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        if (geteuid() == 0 && (setgid(65534) != 0 || setuid(65534) != 0)) _exit(77);
        nd_array *a = sample();
        int bad = 0;
        for (int s = 0; s < N_SAVERS; s++) {
            char p[600];
            snprintf(p, sizeof p, "%s/x", ro);
            bad |= save(s, p, a) != ND_ERR_IO ||
                   !strstr(nd_last_error_message(), "Permission denied") ||
                   !strstr(nd_last_error_message(), p);
            nd_clear_error();
            bad |= (save(s, rofile, a) != ND_ERR_IO ||
                    !strstr(nd_last_error_message(), "Permission denied"))
                   << 1;
            nd_clear_error();
        }
        nd_release(a);
        _exit(bad);
    }
    int status;
    ck_assert_int_eq(waitpid(pid, &status, 0), pid);
    ck_assert(WIFEXITED(status));
    if (WEXITSTATUS(status) == 77) {
        printf("read_only_directory_and_file: skipped, cannot drop root privileges here\n");
        return;
    }
    ck_assert_msg(WEXITSTATUS(status) == 0, "child reported %d (1: directory, 2: file)",
                  WEXITSTATUS(status));
    size_t len;
    char *kept = slurp(rofile, &len);
    ck_assert(len == 4 && memcmp(kept, "keep", 4) == 0);
    free(kept);
    assert_no_temporaries(ro);
}
END_TEST

int main(void) {
    Suite *s = suite_create("save_paths");
    TCase *tc = tcase_create("save_paths");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, regular_files_are_replaced_keeping_their_mode);
    tcase_add_test(tc, symlinks_are_followed_and_stay_links);
    tcase_add_test(tc, char_devices_stay_devices);
    tcase_add_test(tc, fifos_are_written_through);
    tcase_add_test(tc, unwritable_places_fail_cleanly);
    tcase_add_test(tc, read_only_directory_and_file);
    suite_add_tcase(s, tc);
    return nd_test_run_in_tmpdir(s, dir, sizeof dir, "save_paths");
}
