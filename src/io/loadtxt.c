/* np.loadtxt (NumPy 1.24) for numeric text. The text is bytes, read as
   NumPy reads the same file decoded as UTF-8: universal newlines (\n, \r\n
   and a lone \r each end a line), Unicode whitespace between and around
   fields, and a NUL byte an ordinary character -- a field holding one is
   not a number. Nothing is bounded but a line's length (ND_LOADTXT_MAX_LINE,
   so an endless line such as /dev/zero ends in an error, not in endless
   growth). */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io/npy.h"

/* The longest line read, in bytes (a debug hook lowers it for the tests). */
ND_API int64_t nd_debug_loadtxt_max_line = INT64_C(1) << 30;

typedef struct {
    char *p; /* parsed values, 8 bytes each: double, or int64 holding the target's bits */
    int64_t n, cap;
} values;

static nd_status push(const char *func, values *v, const void *x) {
    if (v->n == v->cap) {
        int64_t cap, bytes;
        if (nd__mul_ovf(v->cap ? v->cap : 512, 2, &cap) || nd__mul_ovf(cap, 8, &bytes))
            return nd__error(ND_ERR_OVERFLOW, func, "too many values");
        char *p = nd__realloc(v->p, (size_t)bytes);
        if (!p) return nd__nomem(func, (size_t)bytes);
        v->p = p, v->cap = cap;
    }
    memcpy(v->p + 8 * v->n++, x, 8);
    return ND_OK;
}

/* The byte length of the whitespace character at p (Python's str.isspace
   on the UTF-8 text: ASCII \t-\r, \x1c-\x1f and space, and the Unicode
   spaces), or 0. */
static size_t space_len(const char *p, const char *end) {
    unsigned char c = (unsigned char)*p;
    if (c == ' ' || (c >= '\t' && c <= '\r') || (c >= 0x1c && c <= 0x1f)) return 1;
    if (c < 0xc2 || end - p < 2) return 0;
    unsigned char d = (unsigned char)p[1];
    if (c == 0xc2) return d == 0x85 || d == 0xa0 ? 2 : 0;
    if (end - p < 3) return 0;
    unsigned char e = (unsigned char)p[2];
    if (c == 0xe1) return d == 0x9a && e == 0x80 ? 3 : 0; /* U+1680 */
    if (c == 0xe2 && d == 0x80) return (e <= 0x8a || e == 0xa8 || e == 0xa9 || e == 0xaf) ? 3 : 0;
    if (c == 0xe2 && d == 0x81) return e == 0x9f ? 3 : 0; /* U+205F */
    if (c == 0xe3) return d == 0x80 && e == 0x80 ? 3 : 0; /* U+3000 */
    return 0;
}

/* The field without the whitespace around it. */
static void trim(const char **s, const char **end) {
    size_t k;
    while (*s < *end && (k = space_len(*s, *end))) *s += k;
    for (bool again = true; again && *s < *end;) {
        again = false;
        for (size_t back = 1; back <= 3 && back <= (size_t)(*end - *s); back++)
            if (space_len(*end - back, *end) == back) {
                *end -= back, again = true;
                break;
            }
    }
}

/* Python's float() without underscores (NumPy's parser): decimal numbers,
   inf, infinity and nan in any case, signed; not hex, not nan(...). */
static bool parse_double(const char *s, size_t len, char *scratch, double *out) {
    const char *d = s + (len && (*s == '+' || *s == '-'));
    size_t dl = len - (size_t)(d - s);
    if (dl == 0 || memchr(s, '(', len) || memchr(s, '_', len) ||
        (dl >= 2 && d[0] == '0' && (d[1] == 'x' || d[1] == 'X')))
        return false;
    memcpy(scratch, s, len);
    scratch[len] = '\0';
    char *end;
    *out = strtod(scratch, &end);
    return end == scratch + len; /* a NUL inside stops strtod early */
}

/* NumPy's str_to_int64/str_to_uint64: optional sign, decimal digits, in
   [lo, hi] (unsigned: no '-'). */
static bool parse_int(const char *s, size_t len, bool is_unsigned, int64_t lo, uint64_t hi,
                      uint64_t *out) {
    bool neg = len && *s == '-';
    if (len && (*s == '+' || *s == '-')) s++, len--;
    if (len == 0 || (neg && is_unsigned)) return false;
    uint64_t limit = neg ? (uint64_t)0 - (uint64_t)lo : hi, v = 0;
    for (size_t i = 0; i < len; i++) {
        if (s[i] < '0' || s[i] > '9') return false;
        unsigned dgt = (unsigned)(s[i] - '0');
        if (v > (limit - dgt) / 10) return false;
        v = v * 10 + dgt;
    }
    *out = neg ? (uint64_t)0 - v : v;
    return true;
}

/* x86-64's truncating conversions, which NumPy 1.24's C casts of its
   deprecated float fallback compile to: out of range (and NaN) gives the
   "integer indefinite" value, INT32_MIN or INT64_MIN. */
static int64_t cvt32(double d) {
    return d > -2147483649.0 && d < 2147483648.0 ? (int32_t)d : INT32_MIN;
}
static int64_t cvt64(double d) {
    return d >= -9223372036854775808.0 && d < 9223372036854775808.0 ? (int64_t)d : INT64_MIN;
}

static const struct {
    nd_dtype t;
    int64_t lo;
    uint64_t hi;
    bool wide; /* the float fallback converts through int64, else through int32 */
} int_types[] = {
    {ND_INT8, INT8_MIN, INT8_MAX, false},    {ND_INT16, INT16_MIN, INT16_MAX, false},
    {ND_INT32, INT32_MIN, INT32_MAX, false}, {ND_INT64, INT64_MIN, INT64_MAX, true},
    {ND_UINT8, 0, UINT8_MAX, false},         {ND_UINT16, 0, UINT16_MAX, false},
    {ND_UINT32, 0, UINT32_MAX, true},        {ND_UINT64, 0, UINT64_MAX, true},
};

/* One field as dtype t's value into out (a double for floats, else int64
   bits the final cast wraps to t): false when it is not one. */
static bool parse_field(nd_dtype t, const char *s, const char *end, char *scratch, void *out) {
    trim(&s, &end);
    size_t len = (size_t)(end - s);
    if (len == 0) return false;
    if (nd__is_bool(t)) { /* NumPy: an integer, nonzero is true; no float fallback */
        uint64_t v;
        if (!parse_int(s, len, false, INT64_MIN, INT64_MAX, &v)) return false;
        int64_t b = v != 0;
        memcpy(out, &b, 8);
        return true;
    }
    double d;
    if (t == ND_FLOAT16) { /* NumPy reads half through Python's float(): '_' between digits */
        for (size_t i = 0; i < len; i++)
            if (s[i] == '_' && (!i || i + 1 == len || s[i - 1] < '0' || s[i - 1] > '9' ||
                                s[i + 1] < '0' || s[i + 1] > '9'))
                return false;
        char *u = scratch + len + 1; /* the field without underscores, after strtod's copy */
        size_t k = 0;
        for (size_t i = 0; i < len; i++)
            if (s[i] != '_') u[k++] = s[i];
        s = u, len = k;
    }
    if (!nd__is_int(t)) {
        if (!parse_double(s, len, scratch, &d)) return false;
        memcpy(out, &d, 8);
        return true;
    }
    int k = 0;
    while (int_types[k].t != t) k++;
    bool is_unsigned = int_types[k].lo == 0;
    uint64_t v;
    if (!parse_int(s, len, is_unsigned, int_types[k].lo, int_types[k].hi, &v)) {
        if (!parse_double(s, len, scratch, &d)) return false;
        if (t == ND_UINT64)
            v = d >= 9223372036854775808.0
                    ? (uint64_t)cvt64(d - 9223372036854775808.0) ^ (UINT64_C(1) << 63)
                    : (uint64_t)cvt64(d);
        else
            v = (uint64_t)(int_types[k].wide ? cvt64(d) : cvt32(d));
    }
    memcpy(out, &v, 8);
    return true;
}

/* ---- lines ---- */

typedef struct {
    FILE *f;
    char *buf;
    size_t cap;
    bool pending_cr; /* the last line ended in \r: a \n next belongs to it */
} line_reader;

/* The next line into r->buf (its terminator dropped, NULs kept): its
   length, -1 at the end of the text, -2 out of memory, -3 too long. */
static int64_t read_line(line_reader *r) {
    int64_t n = 0;
    for (int c; (c = getc_unlocked(r->f)) != EOF;) {
        if (r->pending_cr) {
            r->pending_cr = false;
            if (c == '\n') continue;
        }
        if (c == '\n') return n;
        if (c == '\r') {
            r->pending_cr = true;
            return n;
        }
        if ((size_t)n + 1 >= r->cap) {
            if (n >= nd_debug_loadtxt_max_line) return -3;
            size_t want = r->cap ? 2 * r->cap : 256;
            char *b = nd__realloc(r->buf, want);
            if (!b) return -2;
            r->buf = b, r->cap = want;
        }
        r->buf[n++] = (char)c;
    }
    return n ? n : -1;
}

/* ---- fields ---- */

typedef struct {
    const char **starts, **ends;
    int cap;
} fields;

static nd_status field_room(const char *func, fields *fs, int need) {
    if (need < fs->cap) return ND_OK;
    if (need >= INT32_MAX / 2) return nd__error(ND_ERR_OVERFLOW, func, "too many columns");
    int cap = fs->cap ? fs->cap : 64;
    while (cap <= need) cap *= 2;
    const char **s = nd__realloc(fs->starts, sizeof *s * (size_t)cap);
    if (s) fs->starts = s;
    const char **e = s ? nd__realloc(fs->ends, sizeof *e * (size_t)cap) : NULL;
    if (!s || !e) return nd__nomem(func, sizeof *s * (size_t)cap);
    fs->ends = e, fs->cap = cap;
    return ND_OK;
}

/* Splits [p, end) on runs of whitespace (delim 0) or on delim; *n gets
   the count. */
static nd_status split(const char *func, const char *p, const char *end, char delim, fields *fs,
                       int *n) {
    *n = 0;
    for (;;) {
        if (!delim) {
            size_t k;
            while (p < end && (k = space_len(p, end))) p += k;
            if (p == end) return ND_OK;
        }
        if (field_room(func, fs, *n)) return nd_last_error();
        fs->starts[*n] = p;
        if (delim) {
            const char *d = memchr(p, delim, (size_t)(end - p));
            p = d ? d : end;
        } else {
            while (p < end && !space_len(p, end)) p++;
        }
        fs->ends[(*n)++] = p;
        if (delim && p == end) return ND_OK;
        if (delim) p++;
    }
}

static bool is_blank(const char *p, const char *end) {
    size_t k;
    while (p < end && (k = space_len(p, end))) p += k;
    return p == end;
}

/* NumPy's checks of the control characters (its TypeError and ValueError). */
static nd_status check_controls(const char *func, char delim, const char *comments) {
    if (delim == '\n' || delim == '\r')
        return nd__error(ND_ERR_VALUE, func,
                         "control character 'delimiter' cannot be a newline (`\\r` or `\\n`).");
    if (!comments) return ND_OK;
    if (!*comments)
        return nd__error(
            ND_ERR_VALUE, func,
            "comments cannot be an empty string. Use comments=None to disable comments.");
    if (comments[1]) return ND_OK; /* a longer comment is cut from each line, whatever it holds */
    if (*comments == '\n' || *comments == '\r')
        return nd__error(ND_ERR_VALUE, func,
                         "control character 'comment' cannot be a newline (`\\r` or `\\n`).");
    if (*comments == delim)
        return nd__error(
            ND_ERR_VALUE, func,
            "The values for control characters 'comment' and 'delimiter' are incompatible");
    if (!delim && space_len(comments, comments + 1))
        return nd__error(
            ND_ERR_VALUE, func,
            "The values for control characters 'delimiter' and 'comment' are incompatible");
    return ND_OK;
}

/* NumPy's _ensure_ndmin_ndarray: squeeze when above ndmin, then at least
   ndmin dimensions (a column for 2). */
static nd_array *ensure_ndmin(nd_array *a, int ndmin) {
    nd_array *r = a;
    if (a->ndim > ndmin) r = nd_squeeze(a, ND_AXIS_ALL);
    if (r && r->ndim < ndmin) {
        nd_array *x = ndmin == 1 ? nd_atleast_1d(r) : nd_atleast_2d(r);
        nd_array *y = x && ndmin == 2 ? nd_transpose(x, NULL) : nd_retain(x);
        nd_release(x);
        if (r != a) nd_release(r);
        r = y;
    }
    if (r != a) nd_release(a);
    return r;
}

typedef struct {
    line_reader in;
    fields fs;
    char *scratch; /* a field's copies for strtod: twice the line */
    size_t scratch_cap;
    values v;
    int64_t rows;
    int ncols;
} load_state;

static nd_status parse_line(const char *func, load_state *s, nd_dtype t, const nd_loadtxt_opts *o,
                            const char *line, const char *end) {
    int n;
    if (split(func, line, end, o->delimiter, &s->fs, &n)) return nd_last_error();
    int want = o->nusecols ? o->nusecols : n;
    if (!o->nusecols && s->ncols >= 0 && n != s->ncols)
        return nd__error(ND_ERR_VALUE, func,
                         "the number of columns changed from %d to %d at row %lld; use `usecols` "
                         "to select a subset and avoid this error",
                         s->ncols, n, (long long)s->rows + 1);
    s->ncols = want;
    for (int k = 0; k < want; k++) {
        int c = o->nusecols ? o->usecols[k] : k;
        if (c < 0) c += n;
        if (c < 0 || c >= n)
            return nd__error(ND_ERR_VALUE, func,
                             "invalid column index %d at row %lld with %d columns", o->usecols[k],
                             (long long)s->rows + 1, n);
        char x[8];
        if (!parse_field(t, s->fs.starts[c], s->fs.ends[c], s->scratch, x)) {
            size_t len = (size_t)(s->fs.ends[c] - s->fs.starts[c]);
            return nd__error(ND_ERR_VALUE, func,
                             "could not convert string '%.*s' to %s at row %lld, column %d.",
                             len > 100 ? 100 : (int)len, s->fs.starts[c], nd_dtype_name(t),
                             (long long)s->rows, c + 1);
        }
        if (push(func, &s->v, x)) return nd_last_error();
    }
    s->rows++;
    return ND_OK;
}

static nd_status load_lines(const char *func, load_state *s, nd_dtype t, const nd_loadtxt_opts *o,
                            const char *comments) {
    size_t clen = comments ? strlen(comments) : 0;
    for (int64_t lineno = 0;; lineno++) {
        int64_t got = read_line(&s->in);
        if (got == -1)
            return ferror(s->in.f) ? nd__error(ND_ERR_IO, func, "cannot read: %s", strerror(errno))
                                   : ND_OK;
        if (got == -2) return nd__nomem(func, s->in.cap * 2);
        if (got == -3)
            return nd__error(ND_ERR_VALUE, func, "line %lld is longer than %lld bytes",
                             (long long)lineno + 1, (long long)nd_debug_loadtxt_max_line);
        if (lineno < o->skiprows) continue;
        if (o->max_rows > 0 && s->rows >= o->max_rows) return ND_OK;
        const char *line = s->in.buf ? s->in.buf : "", *end = line + got;
        for (const char *c = line; clen && c + clen <= end; c++)
            if (*c == *comments && !memcmp(c, comments, clen)) {
                end = c;
                break;
            }
        /* no data on this line: NumPy skips a line of whitespace only when
           whitespace delimits, else only an empty one */
        if (o->delimiter ? end == line : is_blank(line, end)) continue;
        if (2 * ((size_t)got + 1) > s->scratch_cap) { /* a field's two copies (float16's below) */
            char *b = nd__realloc(s->scratch, 2 * ((size_t)got + 1));
            if (!b) return nd__nomem(func, 2 * ((size_t)got + 1));
            s->scratch = b, s->scratch_cap = 2 * ((size_t)got + 1);
        }
        if (parse_line(func, s, t, o, line, end)) return nd_last_error();
    }
}

nd_array *nd_loadtxt(const char *path, nd_dtype t, const nd_loadtxt_opts *o) {
    static const char *func = "nd_loadtxt";
    nd_loadtxt_opts def = {0};
    if (!o) o = &def;
    if (!path) return nd__null_arg(func, "path"), NULL;
    if (nd__check_dtype(func, t)) return NULL;
    if (nd__is_complex(t))
        return nd__error(ND_ERR_UNSUPPORTED, func, "complex columns are not supported"), NULL;
    if (o->ndmin < 0 || o->ndmin > 2)
        return nd__error(ND_ERR_VALUE, func, "Illegal value of ndmin keyword: %d", o->ndmin), NULL;
    if (o->nusecols < 0 || (o->nusecols && !o->usecols))
        return nd__error(ND_ERR_VALUE, func, "bad usecols"), NULL;
    const char *comments = o->no_comments ? NULL : o->comments ? o->comments : "#";
    if (check_controls(func, o->delimiter, comments)) return NULL;
    load_state s = {.ncols = -1};
    if (!(s.in.f = fopen(path, "rb")))
        return nd__error(ND_ERR_IO, func, "cannot open '%s': %s", path, strerror(errno)), NULL;
    nd_status st = load_lines(func, &s, t, o, comments);
    fclose(s.in.f);
    nd__free(s.in.buf), nd__free(s.scratch);
    nd__free(s.fs.starts), nd__free(s.fs.ends);
    nd_array *r = NULL;
    if (!st) {
        /* with no rows, usecols still gives the columns, as NumPy */
        int64_t shape[2] = {s.rows, s.ncols >= 0 ? s.ncols : o->nusecols};
        nd_dtype vt = nd__is_int(t) || nd__is_bool(t) ? ND_INT64 : ND_FLOAT64;
        nd_array *raw = s.rows || o->nusecols ? nd_from_buffer(vt, 2, shape, s.rows ? s.v.p : "")
                                              : nd_empty(vt, 1, (int64_t[]){0});
        nd_array *typed = raw && t != vt ? nd_astype(raw, t) : nd_retain(raw);
        nd_release(raw);
        r = typed ? ensure_ndmin(typed, o->ndmin) : NULL;
    }
    nd__free(s.v.p);
    return r;
}
