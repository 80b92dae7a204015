/* Shared helpers for the Check suites. */
#ifndef ND_TEST_H
#define ND_TEST_H

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/internal.h"
#include "nd.h"

#ifndef ND_PYTHON
#define ND_PYTHON "/usr/bin/python3"
#endif
#ifndef ND_TESTS_DIR
#define ND_TESTS_DIR "."
#endif

/* Runs `python3 -c script` (NumPy available) and returns its stdout, malloc'd;
   NULL when python fails. */
static inline char *nd_test_python(const char *script) {
    char path[] = "/tmp/nd_test_py_XXXXXX";
    int fd = mkstemp(path);
    if (fd < 0) return NULL;
    FILE *f = fdopen(fd, "w");
    fputs(script, f);
    fclose(f);
    char cmd[512];
    snprintf(cmd, sizeof cmd, "%s %s", ND_PYTHON, path);
    FILE *p = popen(cmd, "r");
    if (!p) return remove(path), NULL;
    size_t cap = 1 << 16, n = 0;
    char *out = malloc(cap);
    size_t got;
    while ((got = fread(out + n, 1, cap - n - 1, p)) > 0) {
        n += got;
        if (cap - n < 2) out = realloc(out, cap *= 2);
    }
    out[n] = '\0';
    int rc = pclose(p);
    remove(path);
    if (rc != 0) return free(out), NULL;
    return out;
}

/* Asserts a NULL/failing result carries status s. */
#define ck_assert_nd_error(s)                                                                      \
    do {                                                                                           \
        ck_assert_msg(nd_last_error() == (s), "expected %s, got %s (%s)", nd_status_name(s),       \
                      nd_status_name(nd_last_error()), nd_last_error_message());                   \
        nd_clear_error();                                                                          \
    } while (0)

/* Runs one suite and returns the process exit status. */
static inline int nd_test_run(Suite *s) {
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}

/* Runs a suite with a fresh temporary directory, its path written into dir
   before the suite runs, removed with its contents afterwards. */
static inline int nd_test_run_in_tmpdir(Suite *s, char *dir, size_t cap, const char *name) {
    snprintf(dir, cap, "/tmp/nd_test_%s_XXXXXX", name);
    if (!mkdtemp(dir)) return EXIT_FAILURE;
    int rc = nd_test_run(s);
    char cmd[256];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    return system(cmd) == 0 ? rc : EXIT_FAILURE;
}

#endif
