/* The .npy header: parse the Python dict literal NumPy writes, and write
   it the way NumPy 1.24 does. Parsing never trusts a number before checking
   it. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "io/npy.h"

static const char MAGIC[6] = {'\x93', 'N', 'U', 'M', 'P', 'Y'};

typedef struct {
    const char *p, *end;
    const char *func;
} cursor;

static void skip_ws(cursor *c) {
    while (c->p < c->end && (*c->p == ' ' || *c->p == '\t' || *c->p == '\n' || *c->p == '\r'))
        c->p++;
}

static nd_status bad(const cursor *c, const char *what) {
    return nd__error(ND_ERR_FORMAT, c->func, "Cannot parse header: %s", what);
}

static bool eat(cursor *c, char ch) {
    skip_ws(c);
    if (c->p < c->end && *c->p == ch) return c->p++, true;
    return false;
}

/* A quoted string into out (at most cap-1 chars). */
static nd_status parse_string(cursor *c, char *out, size_t cap) {
    skip_ws(c);
    if (c->p >= c->end || (*c->p != '\'' && *c->p != '"')) return bad(c, "expected a string");
    char q = *c->p++;
    size_t n = 0;
    while (c->p < c->end && *c->p != q) {
        if (*c->p == '\\' || n + 1 >= cap) return bad(c, "unsupported or overlong string");
        out[n++] = *c->p++;
    }
    if (c->p >= c->end) return bad(c, "unterminated string");
    c->p++;
    out[n] = '\0';
    return ND_OK;
}

static bool match_word(cursor *c, const char *w) {
    skip_ws(c);
    size_t n = strlen(w);
    if ((size_t)(c->end - c->p) < n || memcmp(c->p, w, n) != 0) return false;
    if (c->p + n < c->end && (isalnum((unsigned char)c->p[n]) || c->p[n] == '_')) return false;
    c->p += n;
    return true;
}

static nd_status parse_shape(cursor *c, npy_header *h) {
    if (!eat(c, '(')) return bad(c, "shape is not a tuple");
    h->ndim = 0;
    for (;;) {
        if (eat(c, ')')) return ND_OK;
        skip_ws(c);
        if (c->p >= c->end || !isdigit((unsigned char)*c->p))
            return nd__error(ND_ERR_FORMAT, c->func,
                             "shape is not valid: expected a non-negative integer");
        int64_t v = 0;
        while (c->p < c->end && isdigit((unsigned char)*c->p)) {
            if (nd__mul_ovf(v, 10, &v) || nd__add_ovf(v, *c->p - '0', &v))
                return nd__error(ND_ERR_FORMAT, c->func,
                                 "shape is not valid: dimension overflows int64");
            c->p++;
        }
        if (c->p < c->end && *c->p == 'L') c->p++; /* Python 2 long */
        if (h->ndim >= ND_MAX_DIMS)
            return nd__error(ND_ERR_FORMAT, c->func, "shape is not valid: more than %d dimensions",
                             ND_MAX_DIMS);
        h->shape[h->ndim++] = v;
        if (eat(c, ')')) return ND_OK;
        if (!eat(c, ',')) return bad(c, "expected ',' or ')' in shape");
    }
}

/* NumPy's descr strings for nd's dtypes: byte order, kind, size. */
static nd_status parse_descr(const cursor *c, const char *s, npy_header *h) {
    if (strcmp(s, "|O") == 0 || strcmp(s, "O") == 0)
        return nd__error(ND_ERR_FORMAT, c->func, "object arrays (pickled data) are not supported");
    char order = s[0];
    if (order != '<' && order != '>' && order != '|' && order != '=')
        return nd__error(ND_ERR_FORMAT, c->func, "descr is not a valid dtype descriptor: '%s'", s);
    static const struct {
        const char *code;
        nd_dtype t;
    } codes[] = {
        {"b1", ND_BOOL},      {"i1", ND_INT8},        {"i2", ND_INT16},   {"i4", ND_INT32},
        {"i8", ND_INT64},     {"u1", ND_UINT8},       {"u2", ND_UINT16},  {"u4", ND_UINT32},
        {"u8", ND_UINT64},    {"f2", ND_FLOAT16},     {"f4", ND_FLOAT32}, {"f8", ND_FLOAT64},
        {"c8", ND_COMPLEX64}, {"c16", ND_COMPLEX128},
    };
    for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++)
        if (strcmp(s + 1, codes[i].code) == 0) {
            h->dtype = codes[i].t;
            h->swap = order == '>' && nd_dtype_size(h->dtype) > 1;
            return ND_OK;
        }
    return nd__error(ND_ERR_FORMAT, c->func, "descr is not a valid dtype descriptor: '%s'", s);
}

static nd_status parse_dict(cursor *c, npy_header *h) {
    if (!eat(c, '{')) return bad(c, "header is not a dictionary");
    bool seen_descr = false, seen_order = false, seen_shape = false;
    while (!eat(c, '}')) {
        char key[32], val[32];
        if (parse_string(c, key, sizeof key)) return ND_ERR_FORMAT;
        if (!eat(c, ':')) return bad(c, "expected ':'");
        bool *seen = strcmp(key, "descr") == 0           ? &seen_descr
                     : strcmp(key, "fortran_order") == 0 ? &seen_order
                     : strcmp(key, "shape") == 0         ? &seen_shape
                                                         : NULL;
        if (!seen || *seen)
            return nd__error(ND_ERR_FORMAT, c->func,
                             "Header does not contain the correct keys: %s key '%s'",
                             seen ? "duplicate" : "unexpected", key);
        *seen = true;
        if (seen == &seen_descr) {
            if (parse_string(c, val, sizeof val) || parse_descr(c, val, h)) return ND_ERR_FORMAT;
        } else if (seen == &seen_order) {
            if (match_word(c, "True"))
                h->fortran = true;
            else if (match_word(c, "False"))
                h->fortran = false;
            else
                return nd__error(ND_ERR_FORMAT, c->func, "fortran_order is not a valid bool");
        } else if (parse_shape(c, h)) {
            return ND_ERR_FORMAT;
        }
        if (!eat(c, ',')) {
            if (eat(c, '}')) break;
            return bad(c, "expected ',' or '}'");
        }
    }
    if (!seen_descr || !seen_order || !seen_shape)
        return nd__error(ND_ERR_FORMAT, c->func,
                         "Header does not contain the correct keys: missing '%s'",
                         !seen_descr   ? "descr"
                         : !seen_order ? "fortran_order"
                                       : "shape");
    skip_ws(c);
    if (c->p != c->end) return bad(c, "trailing characters after the dictionary");
    return ND_OK;
}

nd_status nd__npy_parse(const char *func, const uint8_t *buf, size_t len, uint64_t file_size,
                        npy_header *h) {
    memset(h, 0, sizeof *h);
    if (len < 10 || memcmp(buf, MAGIC, 6) != 0)
        return nd__error(ND_ERR_FORMAT, func,
                         "the magic string is not correct; expected b'\\x93NUMPY'");
    int major = buf[6], minor = buf[7];
    if ((major != 1 && major != 2 && major != 3) || minor != 0)
        return nd__error(ND_ERR_FORMAT, func,
                         "we only support format version (1,0), (2,0), and (3,0), not (%d,%d)",
                         major, minor);
    size_t pre = major == 1 ? 10 : 12;
    if (len < pre) return nd__error(ND_ERR_FORMAT, func, "EOF: reading array header length");
    uint64_t hlen = major == 1 ? (uint64_t)(buf[8] | buf[9] << 8)
                               : (uint64_t)buf[8] | (uint64_t)buf[9] << 8 |
                                     (uint64_t)buf[10] << 16 | (uint64_t)buf[11] << 24;
    if (hlen > NPY_MAX_HEADER)
        return nd__error(ND_ERR_FORMAT, func,
                         "Header info length (%llu) is large and may not be safe to load securely",
                         (unsigned long long)hlen);
    if (pre + hlen > len || pre + hlen > file_size)
        return nd__error(ND_ERR_FORMAT, func, "EOF: reading array header, expected %llu bytes",
                         (unsigned long long)hlen);
    const char *text = (const char *)buf + pre;
    if (major < 3)
        for (uint64_t i = 0; i < hlen; i++)
            if ((unsigned char)text[i] > 127)
                return nd__error(ND_ERR_FORMAT, func, "non-ASCII byte in a version %d.0 header",
                                 major);
    cursor c = {text, text + hlen, func};
    if (parse_dict(&c, h)) return ND_ERR_FORMAT;
    int64_t size;
    if (nd__shape_check(func, h->ndim, h->shape, nd_dtype_size(h->dtype), &size)) {
        nd_status s = nd_last_error();
        return nd__error(s == ND_ERR_OVERFLOW ? ND_ERR_FORMAT : s, func,
                         "shape is not valid: the data size overflows");
    }
    h->data_offset = pre + hlen;
    h->nbytes = (uint64_t)size * nd_dtype_size(h->dtype);
    if (file_size - h->data_offset < h->nbytes)
        return nd__error(
            ND_ERR_FORMAT, func, "the file holds %llu data bytes, the header needs %llu",
            (unsigned long long)(file_size - h->data_offset), (unsigned long long)h->nbytes);
    return ND_OK;
}

static const char *descr_of(nd_dtype t) {
    static const char *const d[ND_NUM_DTYPES] = {"|b1", "|i1", "<i2", "<i4", "<i8", "|u1", "<u2",
                                                 "<u4", "<u8", "<f2", "<f4", "<f8", "<c8", "<c16"};
    return d[t];
}

size_t nd__npy_header(const nd_array *a, bool fortran, char *out, size_t cap) {
    char dict[512], shape[400];
    size_t n = 0;
    n += (size_t)snprintf(shape + n, sizeof shape - n, "(");
    for (int i = 0; i < a->ndim; i++)
        n += (size_t)snprintf(shape + n, sizeof shape - n, i ? ", %lld" : "%lld",
                              (long long)a->shape[i]);
    snprintf(shape + n, sizeof shape - n, a->ndim == 1 ? ",)" : ")");
    int len = snprintf(dict, sizeof dict, "{'descr': '%s', 'fortran_order': %s, 'shape': %s, }",
                       descr_of(a->dtype), fortran ? "True" : "False", shape);
    /* NumPy 1.24 reserves room to rewrite the growth axis in place. */
    if (a->ndim > 0) {
        char digits[32];
        int gd =
            snprintf(digits, sizeof digits, "%lld", (long long)a->shape[fortran ? a->ndim - 1 : 0]);
        for (int i = gd; i < 21 && len < (int)sizeof dict - 1; i++) dict[len++] = ' ';
        dict[len] = '\0';
    }
    /* version 1.0 if the length fits 16 bits, else 2.0 */
    size_t hl = (size_t)len + 1, pre = 10;
    size_t pad = 64 - (pre + hl) % 64;
    if (hl + pad > 65535) pre = 12, pad = 64 - (pre + hl) % 64;
    size_t total = pre + hl + pad;
    if (total > cap) return 0;
    memcpy(out, MAGIC, 6);
    out[6] = pre == 10 ? 1 : 2;
    out[7] = 0;
    uint32_t h = (uint32_t)(hl + pad);
    for (size_t i = 0; i < pre - 8; i++) out[8 + i] = (char)(h >> (8 * i));
    memcpy(out + pre, dict, (size_t)len);
    memset(out + pre + len, ' ', pad);
    out[total - 1] = '\n';
    return total;
}
