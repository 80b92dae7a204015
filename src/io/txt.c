/* np.savetxt for numeric text, with NumPy 1.24's rules and messages
   (np.loadtxt: loadtxt.c). */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io/npy.h"

/* ---- savetxt ---- */

typedef struct {
    char text[64];   /* the literal text before the conversion */
    char spec[40];   /* the conversion, "%" flags width precision, ready for printf */
    char conv;       /* its letter */
    int width, prec; /* prec -1: none */
} fmt_piece;

/* A run of digits as a width or precision: Python refuses a precision past
   INT_MAX ("precision too big") and fails to allocate an absurd width
   (MemoryError); nd bounds both at INT_MAX, what printf can write, instead
   of writing gigabytes per value. -1 when too big. */
static int fmt_number(const char **s) {
    long long v = 0;
    for (; **s >= '0' && **s <= '9'; (*s)++)
        if ((v = v * 10 + (**s - '0')) > INT32_MAX) {
            *s += strspn(*s, "0123456789");
            return -1;
        }
    return (int)v;
}

/* Splits a Python %-format into pieces with one conversion each. */
static int parse_fmt(const char *func, const char *fmt, fmt_piece *p, int cap, char *tail,
                     size_t tcap) {
    int n = 0;
    size_t tl = 0;
    for (const char *s = fmt; *s;) {
        if (s[0] == '%' && s[1] == '%') {
            if (tl + 1 < tcap) tail[tl++] = '%';
            s += 2;
            continue;
        }
        if (*s != '%') {
            if (tl + 1 < tcap) tail[tl++] = *s;
            s++;
            continue;
        }
        if (n == cap) return nd__error(ND_ERR_VALUE, func, "fmt has too many %% formats"), -1;
        const char *b = s++;
        s += strspn(s, "#0- +");
        size_t flags = (size_t)(s - b);
        int width = fmt_number(&s), prec = -1;
        if (width < 0) return nd__error(ND_ERR_VALUE, func, "width too big in fmt '%s'", fmt), -1;
        if (*s == '.' && (s++, prec = fmt_number(&s)) < 0)
            return nd__error(ND_ERR_VALUE, func, "precision too big in fmt '%s'", fmt), -1;
        if (*s && strchr("hlL", *s)) s++; /* Python skips one length modifier */
        if (!*s || !strchr("diouxXeEfFgG", *s) || flags > 8)
            return nd__error(ND_ERR_VALUE, func, "unsupported conversion in fmt '%s'", fmt), -1;
        if (prec > INT32_MAX - 3) /* Python's formatting refuses these too */
            return nd__error(ND_ERR_VALUE, func, "precision too large in fmt '%s'", fmt), -1;
        tail[tl] = '\0';
        snprintf(p[n].text, sizeof p[n].text, "%s", tail);
        tl = 0;
        bool integer = strchr("diouxX", *s) != NULL;
        char num[24] = "";
        if (prec >= 0) snprintf(num, sizeof num, ".%d", prec);
        snprintf(p[n].spec, sizeof p[n].spec, "%.*s%d%s%s%c", (int)flags, b, width, num,
                 integer ? "ll" : "", *s);
        p[n].width = width, p[n].prec = prec;
        p[n].conv = *s++;
        n++;
    }
    tail[tl] = '\0';
    return n;
}

static void put_repeat(FILE *f, char c, int64_t n) {
    char run[256];
    memset(run, c, sizeof run);
    for (; n > 0; n -= (int64_t)sizeof run)
        fwrite(run, 1, n < (int64_t)sizeof run ? (size_t)n : sizeof run, f);
}

/* Python's %d/%i/%u/%o/%x/%X of an integer: signed in every base ('%x' %
   -2 is '-2'), the precision as a minimum count of digits (0 still shows
   '0'), the 0 flag padding after sign and prefix even with a precision. */
static void put_int(FILE *f, const fmt_piece *p, long long v) {
    const char *s = p->spec + 1;
    char conv = p->conv;
    bool left = false, zero = false, plus = false, space = false, alt = false;
    for (; *s && strchr("#0- +", *s); s++)
        left |= *s == '-', zero |= *s == '0', plus |= *s == '+', space |= *s == ' ',
            alt |= *s == '#';
    unsigned long long m = v < 0 ? 0ull - (unsigned long long)v : (unsigned long long)v;
    char digits[32];
    snprintf(digits, sizeof digits,
             conv == 'o'   ? "%llo"
             : conv == 'x' ? "%llx"
             : conv == 'X' ? "%llX"
                           : "%llu",
             m);
    const char *sign = v < 0 ? "-" : plus ? "+" : space ? " " : "";
    const char *prefix = !alt          ? ""
                         : conv == 'x' ? "0x"
                         : conv == 'X' ? "0X"
                         : conv == 'o' ? "0o"
                                       : "";
    int64_t nd = (int64_t)strlen(digits), lead = p->prec > nd ? p->prec - nd : 0;
    int64_t len = (int64_t)(strlen(sign) + strlen(prefix)) + lead + nd,
            pad = p->width > len ? p->width - len : 0;
    bool zeros = zero && !left;
    if (!left && !zeros) put_repeat(f, ' ', pad);
    fputs(sign, f);
    fputs(prefix, f);
    if (zeros) put_repeat(f, '0', pad);
    put_repeat(f, '0', lead);
    fputs(digits, f);
    if (left) put_repeat(f, ' ', pad);
}

typedef struct {
    const nd_array *a; /* 2-D float64 (or int64 for integer dtypes) */
    const nd_savetxt_opts *o;
    fmt_piece *p;
    int np;
    const char *tail, *delim, *newline, *comments;
} txt_job;

static void write_commented(FILE *f, const char *comments, const char *text, const char *newline) {
    fputs(comments, f);
    for (const char *s = text; *s; s++) {
        fputc(*s, f);
        if (*s == '\n') fputs(comments, f);
    }
    fputs(newline, f);
}

static nd_status write_text(FILE *f, void *ctx) {
    const txt_job *j = ctx;
    static const char *func = "nd_savetxt";
    if (j->o->header && *j->o->header) write_commented(f, j->comments, j->o->header, j->newline);
    int64_t rows = j->a->shape[0], cols = j->a->shape[1];
    bool ints = j->a->dtype == ND_INT64;
    for (int64_t r = 0; r < rows; r++) {
        for (int64_t c = 0; c < cols; c++) {
            const fmt_piece *p = &j->p[j->np == 1 ? 0 : c];
            if (j->np == 1 && c > 0) fputs(j->delim, f);
            fputs(p->text, f);
            const char *e = j->a->data + (r * cols + c) * 8;
            bool integer = strchr("diouxX", p->conv) != NULL;
            if (ints) {
                int64_t v;
                memcpy(&v, e, 8);
                if (integer)
                    put_int(f, p, (long long)v);
                else
                    fprintf(f, p->spec, (double)v);
            } else {
                double v;
                memcpy(&v, e, 8);
                if (isnan(v)) v = NAN; /* Python prints nan, never -nan */
                if (integer && !isfinite(v))
                    return nd__error(ND_ERR_VALUE, func, "cannot convert float %s to integer",
                                     isnan(v) ? "NaN" : "infinity");
                if (integer && !(v > -9.2e18 && v < 9.2e18)) /* (long long)v would be undefined */
                    return nd__error(ND_ERR_UNSUPPORTED, func,
                                     "an integer format for %g, beyond int64", v);
                if (integer)
                    put_int(f, p, (long long)v);
                else
                    fprintf(f, p->spec, v);
            }
        }
        fputs(j->tail, f);
        fputs(j->newline, f);
    }
    if (j->o->footer && *j->o->footer) write_commented(f, j->comments, j->o->footer, j->newline);
    return ferror(f) ? nd__error(ND_ERR_IO, func, "cannot write: %s", strerror(errno)) : ND_OK;
}

int nd_savetxt(const char *path, const nd_array *a, const nd_savetxt_opts *o) {
    static const char *func = "nd_savetxt";
    nd_savetxt_opts def = {0};
    if (!o) o = &def;
    if (!path || !a) return nd__null_arg(func, path ? "a" : "path");
    if (a->ndim != 1 && a->ndim != 2)
        return nd__error(ND_ERR_VALUE, func, "Expected 1D or 2D array, got %dD array instead",
                         a->ndim);
    if (nd__is_complex(a->dtype))
        return nd__error(ND_ERR_UNSUPPORTED, func, "complex arrays are not supported");
    const char *fmt = o->fmt ? o->fmt : "%.18e";
    fmt_piece p[64];
    char tail[64];
    int np = parse_fmt(func, fmt, p, 64, tail, sizeof tail);
    if (np < 0) return nd_last_error();
    int64_t cols = a->ndim == 2 ? a->shape[1] : 1, pct = 0; /* NumPy counts every '%', "%%" too */
    for (const char *s = fmt; *s; s++) pct += *s == '%';
    if ((pct != 1 && pct != cols) || (np != 1 && np != cols))
        return nd__error(ND_ERR_VALUE, func, "fmt has wrong number of %% formats:  %s", fmt);
    /* Python's %o %x %X take integers only (%d %i %u truncate a float) */
    for (int k = 0; k < np && !nd__is_int(a->dtype) && !nd__is_bool(a->dtype); k++)
        if (strchr("oxX", p[k].conv))
            return nd__error(ND_ERR_VALUE, func, "%%%c format: an integer is required, not float",
                             p[k].conv);
    nd_dtype vt = nd__is_int(a->dtype) && a->dtype != ND_UINT64 ? ND_INT64 : ND_FLOAT64;
    if (nd__is_bool(a->dtype)) vt = ND_INT64;
    nd_array *col =
        a->ndim == 1 ? nd_reshape(a, 2, (int64_t[]){a->shape[0], 1}) : nd_retain((nd_array *)a);
    nd_array *v = col ? nd_astype(col, vt) : NULL, *c = v ? nd_copy(v) : NULL;
    nd_release(col), nd_release(v);
    if (!c) return nd_last_error();
    txt_job j = {c,
                 o,
                 p,
                 np,
                 tail,
                 o->delimiter ? o->delimiter : " ",
                 o->newline ? o->newline : "\n",
                 o->comments ? o->comments : "# "};
    nd_status st = nd__save_atomic(func, path, write_text, &j);
    nd_release(c);
    return st;
}
