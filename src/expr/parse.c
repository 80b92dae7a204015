/* The expression parser: recursive descent over Python's precedence,
   emitting nodes in evaluation order. See include/nd/expr.h. */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "expr/expr_internal.h"

static const char *const FUNC = "nd_expr_compile";

enum { MAX_DEPTH = 200 };

typedef struct {
    const char *text, *p;
    int nvars;
    const char *const *names;
    nd_expr *e;
    int depth;
    bool failed;
} parser;

static int column(const parser *P, const char *at) { return (int)(at - P->text) + 1; }

/* Records the first error only; later calls return -1 too. */
static int fail_at(parser *P, const char *at, const char *what) {
    if (!P->failed) {
        P->failed = true;
        if (*at)
            nd__error(ND_ERR_VALUE, FUNC, "%s at column %d", what, column(P, at));
        else
            nd__error(ND_ERR_VALUE, FUNC, "%s at the end (column %d)", what, column(P, at));
    }
    return -1;
}

static void skip_space(parser *P) {
    while (*P->p == ' ' || *P->p == '\t' || *P->p == '\n' || *P->p == '\r') P->p++;
}

/* Consumes tok if it comes next (and, for one-char operators, is not the
   start of a longer one given in not_before). */
static bool accept(parser *P, const char *tok, const char *not_before) {
    skip_space(P);
    size_t n = strlen(tok);
    if (strncmp(P->p, tok, n) != 0) return false;
    if (not_before && P->p[n] && strchr(not_before, P->p[n])) return false;
    P->p += n;
    return true;
}

static int emit(parser *P, en_node nd) {
    nd_expr *e = P->e;
    if (e->n == ND_EXPR_MAX_NODES) return fail_at(P, P->p, "expression too long");
    if (e->n == e->cap) {
        int cap = e->cap ? 2 * e->cap : 16;
        en_node *q = nd__realloc(e->nodes, sizeof *q * (size_t)cap);
        if (!q) {
            P->failed = true;
            nd__nomem(FUNC, sizeof *q * (size_t)cap);
            return -1;
        }
        e->nodes = q;
        e->cap = cap;
    }
    e->nodes[e->n] = nd;
    return e->n++;
}

static bool is_literal(const en_node *n) {
    return n->kind == EN_INT || n->kind == EN_FLOAT || n->kind == EN_COMPLEX;
}
static double real_value(const en_node *n) { return n->kind == EN_INT ? (double)n->ival : n->fval; }

static int emit_op(parser *P, nd_op op, int nargs, int a, int b) {
    if (a < 0 || (nargs > 1 && b < 0)) return -1;
    /* "1+2j" is one complex literal, as Python evaluates it before NumPy
       sees it (weak: float32 * (1+2j) stays complex64). b, the later node,
       becomes the sum; a is left unused. */
    en_node *x = &P->e->nodes[a], *y = nargs > 1 ? &P->e->nodes[b] : NULL;
    if ((op == ND_OP_ADD || op == ND_OP_SUBTRACT) && y && is_literal(x) && is_literal(y) &&
        (x->kind == EN_COMPLEX || y->kind == EN_COMPLEX)) {
        double sign = op == ND_OP_ADD ? 1.0 : -1.0;
        double re = real_value(x) + sign * real_value(y);
        double im = (x->kind == EN_COMPLEX ? x->fimag : 0.0) +
                    sign * (y->kind == EN_COMPLEX ? y->fimag : 0.0);
        *y = (en_node){.kind = EN_COMPLEX, .fval = re, .fimag = im};
        return b;
    }
    return emit(P, (en_node){.kind = EN_OP, .op = op, .nargs = nargs, .args = {a, b}});
}

static int parse_expr(parser *P);

/* ---- functions ---- */

typedef struct {
    const char *name;
    nd_op op;
} alias;
static const alias aliases[] = {{"abs", ND_OP_ABSOLUTE},
                                {"conj", ND_OP_CONJUGATE},
                                {"mod", ND_OP_REMAINDER},
                                {"true_divide", ND_OP_DIVIDE}};

static bool find_op(const char *name, size_t len, nd_op *op) {
    for (int i = 0; i < ND_NUM_OPS; i++) {
        const char *n = nd_op_name((nd_op)i);
        if (strlen(n) == len && memcmp(n, name, len) == 0) return *op = (nd_op)i, true;
    }
    for (size_t i = 0; i < sizeof aliases / sizeof aliases[0]; i++)
        if (strlen(aliases[i].name) == len && memcmp(aliases[i].name, name, len) == 0)
            return *op = aliases[i].op, true;
    return false;
}

static const char *const reductions[] = {NULL, "sum", "mean", "min", "max"};

static er_kind find_reduction(const char *name, size_t len) {
    for (int r = ER_SUM; r <= ER_MAX; r++)
        if (strlen(reductions[r]) == len && memcmp(reductions[r], name, len) == 0)
            return (er_kind)r;
    return ER_NONE;
}

static int parse_call(parser *P, const char *name, size_t len) {
    const char *at = name;
    int args[3], n = 0;
    skip_space(P);
    if (!accept(P, ")", NULL)) {
        for (;;) {
            if (n == 3) return fail_at(P, P->p, "too many arguments");
            if ((args[n++] = parse_expr(P)) < 0) return -1;
            if (accept(P, ")", NULL)) break;
            if (!accept(P, ",", NULL)) return fail_at(P, P->p, "expected ',' or ')'");
        }
    }
    char buf[96];
    if (len == 5 && memcmp(name, "where", 5) == 0) {
        if (n != 3) {
            snprintf(buf, sizeof buf, "function 'where' takes 3 arguments, got %d", n);
            return fail_at(P, at, buf);
        }
        return emit(P,
                    (en_node){.kind = EN_WHERE, .nargs = 3, .args = {args[0], args[1], args[2]}});
    }
    if (find_reduction(name, len) != ER_NONE) {
        snprintf(buf, sizeof buf, "'%.*s' is allowed only as the outermost call", (int)len, name);
        return fail_at(P, at, buf);
    }
    nd_op op;
    if (!find_op(name, len, &op)) {
        snprintf(buf, sizeof buf, "unknown function '%.*s'", (int)(len < 40 ? len : 40), name);
        return fail_at(P, at, buf);
    }
    if (n != nd_op_nin(op)) {
        snprintf(buf, sizeof buf, "function '%.*s' takes %d argument%s, got %d", (int)len, name,
                 nd_op_nin(op), nd_op_nin(op) == 1 ? "" : "s", n);
        return fail_at(P, at, buf);
    }
    return emit_op(P, op, n, args[0], n > 1 ? args[1] : -1);
}

/* ---- atoms ---- */

static int parse_number(parser *P) {
    const char *s = P->p, *q = s;
    bool is_float = false;
    while (isdigit((unsigned char)*q)) q++;
    if (*q == '.') {
        is_float = true;
        q++;
        while (isdigit((unsigned char)*q)) q++;
    }
    if ((*q == 'e' || *q == 'E') && q > s &&
        (isdigit((unsigned char)q[1]) ||
         ((q[1] == '+' || q[1] == '-') && isdigit((unsigned char)q[2])))) {
        is_float = true;
        q += 2;
        while (isdigit((unsigned char)*q)) q++;
    }
    if (q == s || (q == s + 1 && *s == '.')) return fail_at(P, s, "expected a number");
    bool imag = *q == 'j' || *q == 'J'; /* Python's imaginary literal: 2j, 1.5e3J */
    if (isalpha((unsigned char)q[imag]) || q[imag] == '_' || isdigit((unsigned char)q[imag]))
        return fail_at(P, q + imag, "unexpected character in number");
    char buf[400];
    size_t len = (size_t)(q - s);
    if (len >= sizeof buf) return fail_at(P, s, "number too long");
    memcpy(buf, s, len);
    buf[len] = 0;
    P->p = q + imag;
    if (imag) return emit(P, (en_node){.kind = EN_COMPLEX, .fimag = strtod(buf, NULL)});
    if (is_float) return emit(P, (en_node){.kind = EN_FLOAT, .fval = strtod(buf, NULL)});
    errno = 0;
    unsigned long long v = strtoull(buf, NULL, 10);
    if (errno == ERANGE || v > INT64_MAX)
        return fail_at(P, s, "integer literal does not fit in int64");
    return emit(P, (en_node){.kind = EN_INT, .ival = (int64_t)v});
}

static int parse_atom(parser *P) {
    skip_space(P);
    const char *s = P->p;
    if (accept(P, "(", NULL)) {
        int r = parse_expr(P);
        if (r < 0) return -1;
        if (!accept(P, ")", NULL)) return fail_at(P, P->p, "expected ')'");
        return r;
    }
    if (isdigit((unsigned char)*s) || (*s == '.' && isdigit((unsigned char)s[1])))
        return parse_number(P);
    if (isalpha((unsigned char)*s) || *s == '_') {
        const char *q = s;
        while (isalnum((unsigned char)*q) || *q == '_') q++;
        size_t len = (size_t)(q - s);
        P->p = q;
        if (accept(P, "(", NULL)) return parse_call(P, s, len);
        for (int i = 0; i < P->nvars; i++)
            if (strlen(P->names[i]) == len && memcmp(P->names[i], s, len) == 0) {
                P->e->used[i] = true;
                return emit(P, (en_node){.kind = EN_VAR, .var = i});
            }
        char buf[80];
        snprintf(buf, sizeof buf, "unknown name '%.*s'", (int)(len < 40 ? len : 40), s);
        return fail_at(P, s, buf);
    }
    if (!*s) return fail_at(P, s, "expected a number, a name or '('");
    char buf[64];
    snprintf(buf, sizeof buf, "unexpected '%c'", isprint((unsigned char)*s) ? *s : '?');
    return fail_at(P, s, buf);
}

/* ---- operators, by precedence ---- */

static int parse_unary(parser *P);

static int parse_power(parser *P) {
    int a = parse_atom(P);
    if (a < 0) return -1;
    if (accept(P, "**", NULL)) { /* right-associative, binds a unary minus on its right */
        int b = parse_unary(P);
        return emit_op(P, ND_OP_POWER, 2, a, b);
    }
    return a;
}

/* A sign or ~ on a literal makes a literal, as Python evaluates "-2"
   before NumPy sees it ("-2**2" is still -(2**2): the power is not a
   literal). */
static bool fold_literal(parser *P, int r, char sign) {
    en_node *nd = r >= 0 ? &P->e->nodes[r] : NULL;
    if (!nd || !is_literal(nd)) return false;
    if (sign == '~' && nd->kind != EN_INT) return false;
    if (sign == '-' && nd->kind == EN_INT) nd->ival = (int64_t)(0 - (uint64_t)nd->ival);
    if (sign == '-' && nd->kind != EN_INT) nd->fval = -nd->fval, nd->fimag = -nd->fimag;
    if (sign == '~') nd->ival = ~nd->ival;
    return true;
}

static int parse_unary(parser *P) {
    if (++P->depth > MAX_DEPTH) return fail_at(P, P->p, "expression nested too deeply");
    static const struct {
        const char *tok;
        nd_op op;
    } signs[] = {{"-", ND_OP_NEGATIVE}, {"+", ND_OP_POSITIVE}, {"~", ND_OP_INVERT}};
    int r = -2;
    for (int k = 0; k < 3 && r == -2; k++)
        if (accept(P, signs[k].tok, NULL)) {
            r = parse_unary(P);
            if (!fold_literal(P, r, signs[k].tok[0])) r = emit_op(P, signs[k].op, 1, r, -1);
        }
    if (r == -2) r = parse_power(P);
    P->depth--;
    return r;
}

typedef struct {
    const char *tok, *not_before;
    nd_op op;
} binop;

/* One precedence level: left-associative operators of the table. */
static int parse_level(parser *P, int level);

static const binop level_ops[][6] = {
    {{"<=", NULL, ND_OP_LESS_EQUAL},
     {">=", NULL, ND_OP_GREATER_EQUAL},
     {"==", NULL, ND_OP_EQUAL},
     {"!=", NULL, ND_OP_NOT_EQUAL},
     {"<", "<", ND_OP_LESS},
     {">", ">", ND_OP_GREATER}},
    {{"|", NULL, ND_OP_BITWISE_OR}},
    {{"^", NULL, ND_OP_BITWISE_XOR}},
    {{"&", NULL, ND_OP_BITWISE_AND}},
    {{"+", NULL, ND_OP_ADD}, {"-", NULL, ND_OP_SUBTRACT}},
    {{"//", NULL, ND_OP_FLOOR_DIVIDE},
     {"*", "*", ND_OP_MULTIPLY},
     {"/", NULL, ND_OP_DIVIDE},
     {"%", NULL, ND_OP_REMAINDER}},
};
enum { NLEVELS = sizeof level_ops / sizeof level_ops[0] };

static int parse_level(parser *P, int level) {
    if (level == NLEVELS) return parse_unary(P);
    int a = parse_level(P, level + 1);
    while (a >= 0) {
        const binop *hit = NULL;
        for (int k = 0; k < 6 && level_ops[level][k].tok; k++)
            if (accept(P, level_ops[level][k].tok, level_ops[level][k].not_before)) {
                hit = &level_ops[level][k];
                break;
            }
        if (!hit) break;
        a = emit_op(P, hit->op, 2, a, parse_level(P, level + 1));
    }
    return a;
}

static int parse_expr(parser *P) {
    if (++P->depth > MAX_DEPTH) return fail_at(P, P->p, "expression nested too deeply");
    int r = parse_level(P, 0);
    P->depth--;
    return r;
}

/* "sum(...)" and friends around the whole text. */
static er_kind outer_reduction(parser *P) {
    skip_space(P);
    const char *s = P->p, *q = s;
    while (isalnum((unsigned char)*q) || *q == '_') q++;
    er_kind r = find_reduction(s, (size_t)(q - s));
    if (r == ER_NONE) return ER_NONE;
    const char *save = P->p;
    P->p = q;
    if (!accept(P, "(", NULL)) {
        P->p = save;
        return ER_NONE;
    }
    return r;
}

void nd_expr_free(nd_expr *e) {
    if (!e) return;
    nd__free(e->nodes);
    nd__free(e->used);
    free(atomic_load(&e->types));
    nd__free(e);
}

nd_expr *nd_expr_compile(const char *text, int nvars, const char *const *names) {
    if (!text) return nd__null_arg(FUNC, "text"), NULL;
    if (nvars < 0) return nd__bad_count(FUNC, "nvars", nvars), NULL;
    if (nvars > 0 && !names) return nd__null_arg(FUNC, "names"), NULL;
    for (int i = 0; i < nvars; i++)
        if (!names[i]) return nd__null_item(FUNC, "names", i), NULL;
    nd_expr *e = nd__calloc(1, sizeof *e);
    if (e) e->used = nd__calloc((size_t)(nvars ? nvars : 1), sizeof(bool));
    if (!e || !e->used) {
        nd_expr_free(e);
        return nd__nomem(FUNC, sizeof *e), NULL;
    }
    e->nvars = nvars;
    parser P = {.text = text, .p = text, .nvars = nvars, .names = names, .e = e};
    e->reduce = outer_reduction(&P);
    int root = parse_expr(&P);
    if (root >= 0 && e->reduce != ER_NONE && !accept(&P, ")", NULL))
        root = fail_at(&P, P.p, "expected ')'");
    skip_space(&P);
    if (root >= 0 && *P.p) root = fail_at(&P, P.p, "unexpected text after the expression");
    if (root < 0) {
        nd_expr_free(e);
        return NULL;
    }
    return e;
}
