/* The subscript language of np.einsum: labels per operand axis, the
   ellipsis, the implicit or explicit output, and every label's extent.
   Messages are NumPy's C einsum's (its default, optimize=False, path),
   except for mismatched extents, where NumPy's einsum_path words are the
   ones that name the label. */
#include <string.h>

#include "einsum/einsum_internal.h"

static int label_of(char c) {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return 26 + (c - 'a');
    return -1;
}

static char char_of(int l) { return (char)(l < 26 ? 'A' + l : 'a' + (l - 26)); }

/* One term (an operand's or the output's) up to ',', '-' or the end:
   labels into lab (-1 marks where the ellipsis stands), *n their number.
   where names the term in messages. */
static nd_status parse_term(const char *func, const char **sp, int *lab, int *n, bool *ell,
                            const char *where) {
    const char *p = *sp;
    *n = 0;
    *ell = false;
    for (; *p && *p != ',' && *p != '-'; p++) {
        if (*p == ' ') continue;
        if (*p == '.') {
            if (*ell || p[1] != '.' || p[2] != '.')
                return nd__error(ND_ERR_VALUE, func,
                                 "einstein sum subscripts string contains a '.' that is not part "
                                 "of an ellipsis ('...') in %s",
                                 where);
            *ell = true;
            p += 2;
            if (*n >= ND_MAX_DIMS + 1) goto too_many;
            lab[(*n)++] = -1;
            continue;
        }
        int l = label_of(*p);
        if (l < 0)
            return nd__error(ND_ERR_VALUE, func,
                             "invalid subscript '%c' in einstein sum subscripts string, "
                             "subscripts must be letters",
                             *p > 0x20 && *p < 0x7f ? *p : '?');
        if (*n >= ND_MAX_DIMS + 1) goto too_many;
        lab[(*n)++] = l;
    }
    *sp = p;
    return ND_OK;
too_many:
    return nd__error(ND_ERR_VALUE, func, "too many subscripts in einsum (%s)", where);
}

nd_lset nd__ein_opset(const nd_ein_spec *s, int i) {
    nd_lset r = {{0, 0}};
    for (int d = 0; d < s->nlab[i]; d++) nd_lset_add(&r, s->lab[i][d]);
    return r;
}

nd_lset nd__ein_outset(const nd_ein_spec *s) {
    nd_lset r = {{0, 0}};
    for (int d = 0; d < s->nout; d++) nd_lset_add(&r, s->out[d]);
    return r;
}

/* The report's letters for the ellipsis axes: the last unused ones in
   NumPy's symbol order (lower case first). */
static void ellipsis_letters(nd_ein_spec *s, const bool *used) {
    char unused[52];
    int nu = 0;
    for (int k = 0; k < 52; k++) {
        char c = (char)(k < 26 ? 'a' + k : 'A' + (k - 26));
        if (!used[label_of(c)]) unused[nu++] = c;
    }
    for (int j = 0; j < s->nell; j++)
        s->ch[52 + j] = nu - s->nell + j >= 0 ? unused[nu - s->nell + j] : '?';
}

/* Places operand i's labels (ellipsis expanded) and checks its extents. */
static nd_status place_operand(const char *func, nd_ein_spec *s, int i, const nd_array *a,
                               const int *lab, int n, bool ell, int nell_max, bool *seen) {
    int ndim = nd_ndim(a), e = ell ? ndim - (n - 1) : 0;
    if (ell ? e < 0 : n > ndim)
        return nd__error(ND_ERR_VALUE, func,
                         "einstein sum subscripts string contains too many subscripts for "
                         "operand %d",
                         i);
    if (!ell && n < ndim)
        return nd__error(ND_ERR_VALUE, func,
                         "operand has more dimensions than subscripts given in einstein sum, but "
                         "no '...' ellipsis provided to broadcast the extra dimensions.");
    int d = 0;
    for (int k = 0; k < n; k++) {
        if (lab[k] >= 0) {
            s->lab[i][d++] = (uint8_t)lab[k];
            continue;
        }
        for (int j = 0; j < e; j++) s->lab[i][d++] = (uint8_t)(52 + nell_max - e + j);
    }
    s->nlab[i] = ndim;
    const int64_t *sh = nd_shape(a);
    for (d = 0; d < ndim; d++) {
        int l = s->lab[i][d];
        for (int q = 0; q < d; q++)
            if (s->lab[i][q] == l && sh[q] != sh[d])
                return nd__error(ND_ERR_VALUE, func,
                                 "dimensions in operand %d for collapsing index '%c' don't "
                                 "match (%lld != %lld)",
                                 i, s->ch[l], (long long)sh[q], (long long)sh[d]);
        if (!seen[l] || s->size[l] == 1) {
            s->size[l] = sh[d];
        } else if (sh[d] != 1 && sh[d] != s->size[l]) {
            return nd__error(ND_ERR_VALUE, func,
                             "Size of label '%c' for operand %d (%lld) does not match previous "
                             "terms (%lld).",
                             s->ch[l], i, (long long)s->size[l], (long long)sh[d]);
        }
        seen[l] = true;
    }
    return ND_OK;
}

nd_status nd__ein_parse(const char *func, const char *subscripts, int nop,
                        const nd_array *const *ops, nd_ein_spec *s) {
    if (!subscripts) return nd__null_arg(func, "subscripts");
    if (nop < 1)
        return nd__error(ND_ERR_VALUE, func,
                         "must specify the einstein sum subscripts string and at least one "
                         "operand");
    if (nop > ND_EIN_MAXOP)
        return nd__error(ND_ERR_VALUE, func, "too many operands (%d), at most %d", nop,
                         ND_EIN_MAXOP);
    if (!ops) return nd__null_arg(func, "ops");
    for (int i = 0; i < nop; i++)
        if (!ops[i]) return nd__null_item(func, "ops", i);
    memset(s, 0, sizeof *s);
    s->nop = nop;
    int lab[ND_EIN_MAXOP][ND_MAX_DIMS + 1], n[ND_EIN_MAXOP];
    bool ell[ND_EIN_MAXOP];
    const char *p = subscripts;
    char where[32];
    int nterm = 0;
    for (;;) {
        if (nterm == nop)
            return nd__error(ND_ERR_VALUE, func,
                             "more operands provided to einstein sum function than specified in "
                             "the subscripts string");
        snprintf(where, sizeof where, "operand %d", nterm);
        nd_status st = parse_term(func, &p, lab[nterm], &n[nterm], &ell[nterm], where);
        if (st) return st;
        nterm++;
        if (*p != ',') break;
        p++;
    }
    if (nterm < nop)
        return nd__error(ND_ERR_VALUE, func,
                         "fewer operands provided to einstein sum function than specified in the "
                         "subscripts string");
    int olab[ND_MAX_DIMS + 1], on = 0;
    bool oell = false, explicit_out = false;
    if (*p == '-') {
        if (p[1] != '>')
            return nd__error(ND_ERR_VALUE, func,
                             "einstein sum subscript string does not contain proper '->' output "
                             "specified");
        p += 2;
        explicit_out = true;
        nd_status st = parse_term(func, &p, olab, &on, &oell, "the output");
        if (st) return st;
        if (*p)
            return nd__error(ND_ERR_VALUE, func,
                             "invalid subscript '%c' in einstein sum subscripts string, "
                             "subscripts must be letters",
                             *p);
    }
    /* the ellipsis length: the longest over the operands */
    int count[52] = {0};
    bool used[52] = {false};
    for (int i = 0; i < nop; i++) {
        int ne = 0;
        for (int k = 0; k < n[i]; k++)
            if (lab[i][k] >= 0) count[lab[i][k]]++, used[lab[i][k]] = true, ne++;
        if (ell[i] && nd_ndim(ops[i]) - ne > s->nell) s->nell = nd_ndim(ops[i]) - ne;
    }
    for (int l = 0; l < 52; l++) s->ch[l] = char_of(l);
    ellipsis_letters(s, used);
    bool seen[ND_EIN_NLAB] = {false};
    for (int i = 0; i < nop; i++) {
        nd_status st = place_operand(func, s, i, ops[i], lab[i], n[i], ell[i], s->nell, seen);
        if (st) return st;
    }
    if (!explicit_out) {
        for (int j = 0; j < s->nell; j++) s->out[s->nout++] = (uint8_t)(52 + j);
        for (int l = 0; l < 52; l++)
            if (count[l] == 1) s->out[s->nout++] = (uint8_t)l;
    } else {
        bool in_out[52] = {false};
        for (int k = 0; k < on; k++) {
            if (olab[k] < 0) {
                for (int j = 0; j < s->nell; j++) s->out[s->nout++] = (uint8_t)(52 + j);
                continue;
            }
            int l = olab[k];
            if (in_out[l])
                return nd__error(ND_ERR_VALUE, func,
                                 "einstein sum subscripts string includes output subscript '%c' "
                                 "multiple times",
                                 s->ch[l]);
            if (!count[l])
                return nd__error(ND_ERR_VALUE, func,
                                 "einstein sum subscripts string included output subscript '%c' "
                                 "which never appeared in an input",
                                 s->ch[l]);
            in_out[l] = true;
            s->out[s->nout++] = (uint8_t)l;
        }
        if (!oell && s->nell > 0)
            return nd__error(ND_ERR_VALUE, func,
                             "output has more dimensions than subscripts given in einstein sum, "
                             "but no '...' ellipsis provided to broadcast the extra dimensions.");
    }
    if (s->nout > ND_MAX_DIMS)
        return nd__error(ND_ERR_SHAPE, func, "the output would have %d dimensions, more than %d",
                         s->nout, ND_MAX_DIMS);
    return ND_OK;
}

nd_status nd__ein_mode(const char *func, const char *optimize, nd_ein_mode dflt, nd_ein_mode *m) {
    static const struct {
        const char *name;
        nd_ein_mode mode;
    } names[] = {{"none", ND_EIN_NONE},
                 {"false", ND_EIN_NONE},
                 {"greedy", ND_EIN_GREEDY},
                 {"true", ND_EIN_GREEDY},
                 {"optimal", ND_EIN_OPTIMAL}};
    if (!optimize) {
        *m = dflt;
        return ND_OK;
    }
    for (size_t k = 0; k < sizeof names / sizeof names[0]; k++)
        if (!strcmp(optimize, names[k].name)) {
            *m = names[k].mode;
            return ND_OK;
        }
    return nd__error(ND_ERR_VALUE, func, "Path name %s not found", optimize);
}
