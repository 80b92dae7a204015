/* Thread-local last error. A success never clears it: a sequence of calls
   can be checked once at the end. */
#include <stdio.h>
#include <string.h>

#include <stdarg.h>
#include <stdio.h>

#include "base/base.h"

#define ND_MSG_CAP 512

static _Thread_local nd_status last_status = ND_OK;
static _Thread_local char last_message[ND_MSG_CAP];

nd_status nd_last_error(void) { return last_status; }

const char *nd_last_error_message(void) { return last_status == ND_OK ? "" : last_message; }

void nd_clear_error(void) {
    last_status = ND_OK;
    last_message[0] = '\0';
}

/* perror's counterpart, for a program's last line: the caller asked for the
   print, so the library still never prints on its own. */
int nd_perror(const char *prefix) {
    if (last_status == ND_OK) return 0;
    if (prefix && *prefix)
        fprintf(stderr, "%s: %s\n", prefix, last_message);
    else
        fprintf(stderr, "%s\n", last_message);
    return 1;
}

static const char *const status_names[] = {
    "ND_OK",         "ND_ERR_NOMEM",  "ND_ERR_NULL",        "ND_ERR_SHAPE",    "ND_ERR_AXIS",
    "ND_ERR_DTYPE",  "ND_ERR_INDEX",  "ND_ERR_VALUE",       "ND_ERR_OVERFLOW", "ND_ERR_IO",
    "ND_ERR_FORMAT", "ND_ERR_LINALG", "ND_ERR_UNSUPPORTED",
};

const char *nd_status_name(nd_status s) {
    if ((unsigned)s >= sizeof status_names / sizeof status_names[0]) return "ND_ERR_UNKNOWN";
    return status_names[s];
}

nd_status nd__error(nd_status s, const char *func, const char *fmt, ...) {
    int n = snprintf(last_message, ND_MSG_CAP, "%s: ", func);
    if (n < 0 || n >= ND_MSG_CAP) n = 0;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(last_message + n, ND_MSG_CAP - (size_t)n, fmt, ap);
    va_end(ap);
    last_status = s;
    return s;
}

nd_status nd__null_arg(const char *func, const char *what) {
    if (last_status != ND_OK) return last_status;
    return nd__error(ND_ERR_NULL, func, "%s is NULL", what);
}

nd_status nd__null_item(const char *func, const char *what, long long i) {
    if (last_status != ND_OK) return last_status;
    return nd__error(ND_ERR_NULL, func, "%s[%lld] is NULL", what, i);
}

nd_status nd__bad_count(const char *func, const char *what, long long n) {
    return nd__error(ND_ERR_VALUE, func, "%s must be non-negative, got %lld", what, n);
}

nd_status nd__nomem(const char *func, size_t nbytes) {
    return nd__error(ND_ERR_NOMEM, func, "Unable to allocate %zu bytes", nbytes);
}

int nd_error_set(nd_status s, const char *msg) {
    if ((unsigned)s >= sizeof status_names / sizeof status_names[0])
        return nd__error(ND_ERR_VALUE, "nd_error_set", "status %d is out of range", (int)s);
    if (s == ND_OK) {
        nd_clear_error();
        return ND_OK;
    }
    snprintf(last_message, ND_MSG_CAP, "%s", msg ? msg : status_names[s]);
    last_status = s;
    return s;
}
