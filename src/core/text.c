/* nd_to_string: NumPy 1.24's repr with default print options (precision 8,
   floatmode 'maxprec', linewidth 75, threshold 1000, edgeitems 3), ported
   from numpy/core/arrayprint.py: the same width rules per dtype, the same
   line wrapping and summarization. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/internal.h"
#include "common/half.h"

enum { LINEWIDTH = 75, THRESHOLD = 1000, EDGE = 3, PRECISION = 8 };

/* ---- a growable string ---- */

typedef struct {
    char *s;
    size_t len, cap;
    bool failed;
} sbuf;

static void sb_add(sbuf *b, const char *t, size_t n) {
    if (b->failed) return;
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 256;
        while (cap < b->len + n + 1) cap *= 2;
        char *s = nd__realloc_for_caller(b->s, cap); /* the caller free()s the result */
        if (!s) return (void)(b->failed = true);
        b->s = s, b->cap = cap;
    }
    memcpy(b->s + b->len, t, n);
    b->len += n;
    b->s[b->len] = '\0';
}
static void sb_str(sbuf *b, const char *t) { sb_add(b, t, strlen(t)); }
static void sb_spaces(sbuf *b, int n) {
    for (int i = 0; i < n; i++) sb_add(b, " ", 1);
}

/* ---- reading elements as doubles (floats) or integers ---- */

static double get_real(nd_dtype t, const char *p, int part) {
    switch (t) {
    case ND_FLOAT16: {
        uint16_t h;
        memcpy(&h, p, 2);
        return nd_f16_to_f64(h);
    }
    case ND_FLOAT32:
    case ND_COMPLEX64: {
        float f;
        memcpy(&f, p + 4 * part, 4);
        return f;
    }
    default: {
        double d;
        memcpy(&d, p + 8 * part, 8);
        return d;
    }
    }
}

/* true when the decimal text s reads back as x in the float format t */
static bool round_trips(const char *s, double x, nd_dtype t) {
    double r = strtod(s, NULL);
    if (t == ND_FLOAT16) return nd_f64_to_f16(r) == nd_f64_to_f16(x);
    if (t == ND_FLOAT32) return (float)r == (float)x;
    return r == x;
}

/* Shortest digits that read back as x, at most PRECISION after the point
   (dragon4 unique, then rounded to the precision): "%.*f" or "%.*e". */
static void shortest(char *out, size_t cap, double x, nd_dtype t, bool sci) {
    for (int k = 0; k <= PRECISION; k++) {
        snprintf(out, cap, sci ? "%.*e" : "%.*f", k, x);
        if (round_trips(out, x, t)) return;
    }
    snprintf(out, cap, sci ? "%.*e" : "%.*f", PRECISION, x);
}

/* ---- FloatingFormat ---- */

typedef struct {
    nd_dtype t;     /* the real format (float16/32/64) */
    bool sign_plus; /* the imaginary part prints its sign */
    bool exp_format;
    int pad_left, pad_right, precision, exp_size;
    bool any_finite;
} float_fmt;

/* Splits "m.frac" or "m.frace+xx" formatted text into parts. */
static void split_num(const char *s, char *ip, char *fp, char *ep) {
    const char *dot = strchr(s, '.'), *e = strchr(s, 'e');
    size_t il = dot ? (size_t)(dot - s) : (e ? (size_t)(e - s) : strlen(s));
    memcpy(ip, s, il), ip[il] = '\0';
    const char *fs = dot ? dot + 1 : s + il;
    size_t fl = e ? (size_t)(e - fs) : strlen(fs);
    if (!dot) fl = 0;
    memcpy(fp, fs, fl), fp[fl] = '\0';
    strcpy(ep, e ? e + 1 : "");
}

static void trim_zeros(char *fp) {
    size_t n = strlen(fp);
    while (n && fp[n - 1] == '0') fp[--n] = '\0';
}

/* One number as text before padding: int part, fraction, exponent. With
   min_digits (scientific output) NumPy prints exactly `precision` digits
   of the value itself, correctly rounded, not the shortest padded. */
static void format_parts(const float_fmt *f, double x, int precision, bool min_digits, char *ip,
                         char *fp, char *ep) {
    char s[512];
    if (min_digits) {
        snprintf(s, sizeof s, "%.*e", precision, x);
        split_num(s, ip, fp, ep);
    } else {
        shortest(s, sizeof s, x, f->t, f->exp_format);
        split_num(s, ip, fp, ep);
        trim_zeros(fp);
        if ((int)strlen(fp) > precision) fp[precision] = '\0';
    }
    if (f->sign_plus && x >= 0 && !signbit(x)) {
        memmove(ip + 1, ip, strlen(ip) + 1);
        ip[0] = '+';
    }
}

static void float_fill(float_fmt *f, nd_dtype t, bool sign_plus, const double *v, int64_t n) {
    memset(f, 0, sizeof *f);
    f->t = t, f->sign_plus = sign_plus, f->precision = PRECISION, f->exp_size = -1;
    double maxv = 0, minv = INFINITY;
    bool nonzero = false, neginf = sign_plus, nonfinite = false;
    for (int64_t i = 0; i < n; i++) {
        if (!isfinite(v[i])) {
            nonfinite = true;
            neginf |= isinf(v[i]) && v[i] < 0;
            continue;
        }
        f->any_finite = true;
        double a = fabs(v[i]);
        if (a == 0) continue;
        nonzero = true;
        maxv = a > maxv ? a : maxv, minv = a < minv ? a : minv;
    }
    if (nonzero && (maxv >= 1e8 || minv < 0.0001 || maxv / minv > 1000.)) f->exp_format = true;
    char ip[400], fp[400], ep[16];
    if (f->any_finite) {
        int maxfrac = 0, maxint = 0, maxexp = 0;
        for (int64_t i = 0; i < n; i++) {
            if (!isfinite(v[i])) continue;
            format_parts(f, v[i], PRECISION, false, ip, fp, ep);
            maxint = (int)strlen(ip) > maxint ? (int)strlen(ip) : maxint;
            maxfrac = (int)strlen(fp) > maxfrac ? (int)strlen(fp) : maxfrac;
            int el = (int)strlen(ep) - 1; /* digits after the exponent's sign */
            maxexp = el > maxexp ? el : maxexp;
        }
        f->pad_left = maxint;
        if (f->exp_format) {
            f->precision = maxfrac;
            f->exp_size = maxexp;
            f->pad_right = f->exp_size + 2 + f->precision;
        } else {
            f->pad_right = maxfrac;
        }
    }
    if (nonfinite) { /* room for "nan" and "-inf" */
        int offset = f->pad_right + 1, nanlen = 3 + sign_plus, inflen = 3 + neginf;
        if (nanlen - offset > f->pad_left) f->pad_left = nanlen - offset;
        if (inflen - offset > f->pad_left) f->pad_left = inflen - offset;
    }
}

static void float_format(const float_fmt *f, double x, sbuf *b) {
    if (!isfinite(x)) {
        const char *s = isnan(x)       ? (f->sign_plus ? "+nan" : "nan")
                        : x < 0        ? "-inf"
                        : f->sign_plus ? "+inf"
                                       : "inf";
        sb_spaces(b, f->pad_left + f->pad_right + 1 - (int)strlen(s));
        sb_str(b, s);
        return;
    }
    char ip[400], fp[400], ep[16];
    format_parts(f, x, f->precision, f->exp_format, ip, fp, ep);
    sb_spaces(b, f->pad_left - (int)strlen(ip));
    sb_str(b, ip);
    sb_str(b, ".");
    sb_str(b, fp);
    if (f->exp_format) {
        sb_add(b, "e", 1);
        sb_add(b, ep, 1); /* the sign */
        int digits = (int)strlen(ep + 1);
        for (int i = digits; i < f->exp_size; i++) sb_add(b, "0", 1);
        sb_str(b, ep + 1);
    } else {
        sb_spaces(b, f->pad_right - (int)strlen(fp));
    }
}

/* ---- the element formatter for a whole array ---- */

typedef struct {
    nd_dtype t;
    bool zero_d;
    int int_width;
    float_fmt re, im;
} formatter;

static void int_text(nd_dtype t, const char *p, char *out, size_t cap) {
    if (nd__is_unsigned(t)) {
        uint64_t u = 0;
        nd__cast_one(t, p, ND_UINT64, &u);
        snprintf(out, cap, "%llu", (unsigned long long)u);
    } else {
        int64_t i = 0;
        nd__cast_one(t, p, ND_INT64, &i);
        snprintf(out, cap, "%lld", (long long)i);
    }
}

/* The elements the widths are computed from: all, or the edges when the
   array is summarized (NumPy's _leading_trailing). */
typedef struct {
    const char **ptrs;
    int64_t n, cap;
} elem_list;

static void collect(const nd_array *a, bool summarize, int axis, const char *p, elem_list *l) {
    if (axis == a->ndim) {
        if (l->n < l->cap) l->ptrs[l->n++] = p;
        return;
    }
    int64_t len = a->shape[axis];
    bool cut = summarize && len > 2 * EDGE;
    for (int64_t i = 0; i < len; i++) {
        if (cut && i == EDGE) i = len - EDGE;
        collect(a, summarize, axis + 1, p + i * a->strides[axis], l);
    }
}

static bool formatter_init(formatter *f, const nd_array *a, bool summarize) {
    memset(f, 0, sizeof *f);
    f->t = a->dtype;
    f->zero_d = a->ndim == 0;
    int64_t cap = 1;
    for (int i = 0; i < a->ndim; i++) {
        int64_t d = summarize && a->shape[i] > 2 * EDGE ? 2 * EDGE : a->shape[i];
        cap *= d;
    }
    elem_list l = {nd__malloc(sizeof(char *) * (size_t)(cap ? cap : 1)), 0, cap};
    double *re = nd__malloc(sizeof(double) * (size_t)(cap ? cap : 1)),
           *im = nd__malloc(sizeof(double) * (size_t)(cap ? cap : 1));
    bool ok = l.ptrs && re && im;
    if (ok) {
        collect(a, summarize, 0, a->data, &l);
        if (nd__is_inexact(a->dtype)) {
            nd_dtype rt = a->dtype == ND_COMPLEX64    ? ND_FLOAT32
                          : a->dtype == ND_COMPLEX128 ? ND_FLOAT64
                                                      : a->dtype;
            for (int64_t i = 0; i < l.n; i++) {
                re[i] = get_real(a->dtype, l.ptrs[i], 0);
                im[i] = nd__is_complex(a->dtype) ? get_real(a->dtype, l.ptrs[i], 1) : 0;
            }
            float_fill(&f->re, rt, false, re, l.n);
            if (nd__is_complex(a->dtype)) float_fill(&f->im, rt, true, im, l.n);
        } else if (nd__is_int(a->dtype)) {
            char s[32];
            for (int64_t i = 0; i < l.n; i++) {
                int_text(a->dtype, l.ptrs[i], s, sizeof s);
                if ((int)strlen(s) > f->int_width) f->int_width = (int)strlen(s);
            }
        }
    }
    nd__free(l.ptrs), nd__free(re), nd__free(im);
    return ok;
}

static void format_elem(const formatter *f, const char *p, sbuf *b) {
    if (f->t == ND_BOOL) {
        sb_str(b, *(const uint8_t *)p ? (f->zero_d ? "True" : " True") : "False");
    } else if (nd__is_int(f->t)) {
        char s[32];
        int_text(f->t, p, s, sizeof s);
        sb_spaces(b, f->int_width - (int)strlen(s));
        sb_str(b, s);
    } else if (nd__is_complex(f->t)) {
        float_format(&f->re, get_real(f->t, p, 0), b);
        sbuf im = {0};
        float_format(&f->im, get_real(f->t, p, 1), &im);
        if (im.failed) return (void)(b->failed = true);
        size_t sp = im.len;
        while (sp && im.s[sp - 1] == ' ') sp--;
        sb_add(b, im.s, sp);
        sb_add(b, "j", 1);
        sb_add(b, im.s + sp, im.len - sp);
        free(im.s);
    } else {
        float_format(&f->re, get_real(f->t, p, 0), b);
    }
}

/* ---- _formatArray ---- */

typedef struct {
    const nd_array *a;
    const formatter *f;
    bool summarize;
    const char *sep;
} layout;

static size_t last_line_len(const sbuf *b) {
    const char *nl = b->s ? strrchr(b->s, '\n') : NULL;
    return nl ? b->len - (size_t)(nl + 1 - b->s) : b->len;
}

/* _extendLine: wrap when the word would pass the width, unless the line
   holds nothing but its indent. */
static void extend_line(sbuf *s, sbuf *line, const char *word, size_t wlen, int width, int indent) {
    if ((int)(line->len + wlen) > width && (int)line->len > indent) {
        size_t n = line->len;
        while (n && line->s[n - 1] == ' ') n--;
        sb_add(s, line->s, n);
        sb_add(s, "\n", 1);
        line->len = 0;
        sb_spaces(line, indent);
    }
    sb_add(line, word, wlen);
}

static void recurse(const layout *L, int axis, const char *p, int indent, int width, sbuf *out) {
    const nd_array *a = L->a;
    if (axis == a->ndim) return format_elem(L->f, p, out);
    int64_t len = a->shape[axis];
    bool summary = L->summarize && 2 * EDGE < len;
    int64_t lead = summary ? EDGE : 0, trail = summary ? EDGE : len;
    int left = a->ndim - axis;
    sbuf s = {0};
    if (left == 1) {
        int elem_width = width - 1;
        sbuf line = {0}, word = {0};
        sb_spaces(&line, indent);
        for (int64_t k = 0; k < lead + trail; k++) {
            int64_t i = k < lead ? k : len - (lead + trail - k);
            if (summary && k == lead) {
                extend_line(&s, &line, "...", 3, elem_width, indent);
                sb_str(&line, L->sep);
            }
            word.len = 0;
            if (word.s) word.s[0] = '\0';
            recurse(L, axis + 1, p + i * a->strides[axis], indent + 1, width - 1, &word);
            extend_line(&s, &line, word.s ? word.s : "", word.len, elem_width, indent);
            if (k < lead + trail - 1) sb_str(&line, L->sep);
        }
        sb_add(&s, line.s ? line.s : "", line.len);
        if (line.failed || word.failed) s.failed = true; /* found by tests/test_alloc.c */
        free(line.s), free(word.s);
    } else {
        char line_sep[40];
        snprintf(line_sep, sizeof line_sep, ",");
        for (int i = 1; i < left && i < 30; i++) strcat(line_sep, "\n");
        for (int64_t k = 0; k < lead + trail; k++) {
            int64_t i = k < lead ? k : len - (lead + trail - k);
            if (summary && k == lead) {
                sb_spaces(&s, indent);
                sb_str(&s, "...");
                sb_str(&s, line_sep);
            }
            sb_spaces(&s, indent);
            recurse(L, axis + 1, p + i * a->strides[axis], indent + 1, width - 1, &s);
            if (k < lead + trail - 1) sb_str(&s, line_sep);
        }
    }
    /* drop the first line's hanging indent and wrap in brackets */
    sb_str(out, "[");
    if (s.s && (int)s.len >= indent) sb_add(out, s.s + indent, s.len - (size_t)indent);
    sb_str(out, "]");
    if (s.failed) out->failed = true;
    free(s.s);
}

static bool dtype_implied(nd_dtype t) {
    return t == ND_INT64 || t == ND_FLOAT64 || t == ND_COMPLEX128 || t == ND_BOOL;
}

char *nd_to_string(const nd_array *a) {
    static const char *func = "nd_to_string";
    if (!a) return nd__null_arg(func, "a"), NULL;
    int64_t size = nd__shape_prod(a->ndim, a->shape);
    bool skipdtype = dtype_implied(a->dtype) && size > 0;
    sbuf b = {0};
    sb_str(&b, "array(");
    if (size > 0 || (a->ndim == 1 && a->shape[0] == 0)) {
        if (size == 0) {
            sb_str(&b, "[]");
        } else {
            bool summarize = size > THRESHOLD;
            formatter f;
            if (!formatter_init(&f, a, summarize)) b.failed = true;
            layout L = {a, &f, summarize, ", "};
            int width = LINEWIDTH - 1; /* less the suffix, ")" or "," */
            if (!b.failed) recurse(&L, 0, a->data, 7, width, &b);
        }
    } else {
        char shape[400];
        size_t n = (size_t)snprintf(shape, sizeof shape, "(");
        for (int i = 0; i < a->ndim; i++)
            n += (size_t)snprintf(shape + n, sizeof shape - n, i ? ", %lld" : "%lld",
                                  (long long)a->shape[i]);
        snprintf(shape + n, sizeof shape - n, a->ndim == 1 ? ",)" : ")");
        sb_str(&b, "[], shape=");
        sb_str(&b, shape);
    }
    if (skipdtype) {
        sb_str(&b, ")");
    } else {
        char dt[40];
        snprintf(dt, sizeof dt, "dtype=%s)", nd_dtype_name(a->dtype));
        sb_str(&b, ",");
        if ((int)(last_line_len(&b) + strlen(dt) + 1) > LINEWIDTH) {
            sb_str(&b, "\n");
            sb_spaces(&b, 6);
        } else {
            sb_str(&b, " ");
        }
        sb_str(&b, dt);
    }
    if (b.failed) {
        free(b.s);
        nd__nomem(func, b.cap * 2);
        return NULL;
    }
    return b.s;
}

int nd_print(FILE *f, const nd_array *a) {
    if (!f) return nd__null_arg("nd_print", "f");
    char *s = nd_to_string(a);
    if (!s) return nd_last_error();
    int r = fprintf(f, "%s\n", s);
    free(s);
    return r < 0 ? nd__error(ND_ERR_IO, "nd_print", "write failed") : ND_OK;
}
