/* Manipulation and advanced indexing against NumPy: each case is a NumPy
   expression and the nd call that should give the same dtype, shape and
   values (or fail where NumPy raises), over a few fixed arrays that both
   sides build the same way. */
#include <math.h>

#include "nd_numpy_cases.h"

static nd_array *A, *B, *V, *M, *E, *I, *MASK, *S, *J, *R;

static void make_arrays(void) {
    int64_t sa[3] = {2, 3, 4}, sm[2] = {4, 5}, s0 = 0, s3 = 3;
    nd_array *t = nd_arange(0, 24, 1, ND_FLOAT64);
    A = nd_reshape(t, 3, sa); /* A = arange(24.).reshape(2,3,4) */
    nd_release(t);
    t = nd_arange(0, 24, 1, ND_INT32);
    nd_array *t2 = nd_reshape(t, 3, sa);
    B = nd_slice(t2, "::-1, :, ::2"); /* B = arange(24, dtype=int32).reshape(2,3,4)[::-1, :, ::2] */
    nd_release(t), nd_release(t2);
    V = nd_arange(1, 6, 1, ND_FLOAT64); /* V = arange(1., 6.) */
    t = nd_arange(0, 20, 1, ND_INT64);
    M = nd_reshape(t, 2, sm); /* M = arange(20).reshape(4,5) */
    nd_release(t);
    E = nd_empty(ND_FLOAT32, 1, &s0); /* E = zeros(0, float32) */
    int64_t iv[3] = {2, 0, -1};
    I = nd_from_buffer(ND_INT64, 1, &s3, iv); /* I = [2, 0, -1] */
    bool mv[4] = {true, false, true, true};
    int64_t s4 = 4;
    MASK = nd_from_buffer(ND_BOOL, 1, &s4, mv); /* MASK = [T, F, T, T] */
    S = nd_scalar(ND_INT16, &(int16_t){7});     /* S = int16(7) as 0-d */
    int64_t jv[6] = {1, 0, 3, 3, 2, 4}, sj[2] = {2, 3};
    J = nd_from_buffer(ND_INT64, 2, sj, jv); /* J = [[1,0,3],[3,2,4]] */
    bool rv[20];
    for (int i = 0; i < 20; i++) rv[i] = (i * 7) % 3 == 0;
    R = nd_from_buffer(ND_BOOL, 2, sm, rv); /* R = ((arange(20)*7)%3==0).reshape(4,5) */
}

static const char *py_setup = "import numpy as np\n"
                              "A = np.arange(24.).reshape(2,3,4)\n"
                              "B = np.arange(24, dtype=np.int32).reshape(2,3,4)[::-1, :, ::2]\n"
                              "V = np.arange(1., 6.)\n"
                              "M = np.arange(20).reshape(4,5)\n"
                              "E = np.zeros(0, np.float32)\n"
                              "I = np.array([2, 0, -1])\n"
                              "MASK = np.array([True, False, True, True])\n"
                              "S = np.array(7, np.int16)\n"
                              "J = np.array([[1,0,3],[3,2,4]])\n"
                              "R = ((np.arange(20)*7)%3==0).reshape(4,5)\n";

/* Several results as one array: their flattened concatenation. */
static nd_array *joined(int n, nd_array **parts, int st) {
    if (st) return NULL;
    nd_array *f[64];
    for (int i = 0; i < n; i++) f[i] = nd_ravel(parts[i]);
    nd_array *r = nd_concatenate(n, f, 0, NULL);
    for (int i = 0; i < n; i++) nd_release(f[i]), nd_release(parts[i]);
    return r;
}
#define PYJOIN(x) "np.concatenate([np.ravel(p) for p in " x "])"

static nd_array *split3(const nd_array *a, int64_t k, int axis, bool eq) {
    nd_array *p[8];
    int st = eq ? nd_split(a, k, axis, p) : nd_array_split(a, k, axis, p);
    return joined((int)k, p, st);
}
static nd_array *split_at(const nd_array *a, int n, const int64_t *ix, int axis) {
    nd_array *p[8];
    return joined(n + 1, p, nd_split_at(a, n, ix, axis, p));
}
static nd_array *nonzero_of(const nd_array *a) {
    nd_array *p[8];
    return joined(a->ndim ? a->ndim : 1, p, nd_nonzero(a, p));
}
static nd_array *mesh(bool ij) {
    nd_array *p[2], *x[2] = {V, I};
    return joined(2, p, nd_meshgrid(2, x, ij, p));
}
static nd_array *bcast(void) {
    nd_array *p[2], *x[2] = {V, M};
    nd_array *m1 = nd_slice(M, ":, :1");
    x[1] = m1;
    nd_array *r = joined(2, p, nd_broadcast_arrays(2, x, p));
    nd_release(m1);
    return r;
}
static nd_array *take_out(nd_dtype t) {
    int64_t sh[2] = {2, 3};
    nd_array *o = nd_zeros(t, 2, sh);
    nd_array *r = nd_take(M, J, ND_AXIS_ALL, o);
    if (!r) nd_release(o);
    return r; /* out itself: the caller releases it */
}
static nd_array *put_copy(const nd_array *idx, const nd_array *vals) {
    nd_array *c = nd_copy(M);
    if (nd_put(c, idx, vals)) return nd_release(c), NULL;
    return c;
}
static nd_array *put_along(void) {
    nd_array *c = nd_copy(M);
    nd_array *j = nd_slice(J, ":, :2"), *jj = nd_concatenate(2, (nd_array *[]){j, j}, 0, NULL);
    nd_array *v2 = nd_slice(V, ":2");
    nd_status s = nd_put_along_axis(c, jj, v2, 1);
    nd_release(j), nd_release(jj), nd_release(v2);
    if (s) return nd_release(c), NULL;
    return c;
}
static nd_array *copyto_where(void) {
    nd_array *c = nd_zeros(ND_FLOAT64, 2, (int64_t[]){4, 5});
    if (nd_copyto(c, M, ND_CAST_SAME_KIND, R)) return nd_release(c), NULL;
    return c;
}
static nd_array *copyto_bad(void) {
    nd_array *c = nd_zeros(ND_INT32, 2, (int64_t[]){4, 5});
    nd_array *f = nd_astype(M, ND_FLOAT64);
    nd_status s = nd_copyto(c, f, ND_CAST_SAME_KIND, NULL);
    nd_release(f);
    if (s) return nd_release(c), NULL;
    return c;
}

#define IX_INT(v) ((nd_index){.kind = ND_IDX_INT, .i = (v)})
#define IX_SL(a, b, c) ((nd_index){.kind = ND_IDX_SLICE, .start = (a), .stop = (b), .step = (c)})
#define IX_ALL IX_SL(ND_SLICE_NONE, ND_SLICE_NONE, ND_SLICE_NONE)
#define IX_ARR(x) ((nd_index){.kind = ND_IDX_ARRAY, .array = (x)})
#define IX_ELL ((nd_index){.kind = ND_IDX_ELLIPSIS})
#define IX_NEW ((nd_index){.kind = ND_IDX_NEWAXIS})
#define NONE ND_SLICE_NONE
#define GET(a, ...)                                                                                \
    nd_index_get(a, (int)(sizeof((nd_index[]){__VA_ARGS__}) / sizeof(nd_index)),                   \
                 (nd_index[]){__VA_ARGS__})

static nd_array *set_copy(nd_array *base, int n, const nd_index *ix, const nd_array *vals) {
    nd_array *c = nd_copy(base);
    if (nd_index_set(c, n, ix, vals)) return nd_release(c), NULL;
    return c;
}
#define SET(a, vals, ...)                                                                          \
    set_copy(a, (int)(sizeof((nd_index[]){__VA_ARGS__}) / sizeof(nd_index)),                       \
             (nd_index[]){__VA_ARGS__}, vals)

static nd_array *I2, *MI, *N1, *C5;
static nd_array *lits[16];
static int nlits;
static nd_array *lit(double v) { return lits[nlits++] = nd_lit_f64(v); } /* released at the end */

#define CASES(X)                                                                                   \
    X("np.concatenate([A, A], 1)", nd_concatenate(2, (nd_array *[]){A, A}, 1, NULL))               \
    X("np.concatenate([A, B], -1)", nd_concatenate(2, (nd_array *[]){A, B}, -1, NULL))             \
    X("np.concatenate([A, M], None)", nd_concatenate(2, (nd_array *[]){A, M}, ND_AXIS_ALL, NULL))  \
    X("np.concatenate([A, M], 0)", nd_concatenate(2, (nd_array *[]){A, M}, 0, NULL))               \
    X("np.concatenate([A, B], 3)", nd_concatenate(2, (nd_array *[]){A, B}, 3, NULL))               \
    X("np.concatenate([V, E, V])", nd_concatenate(3, (nd_array *[]){V, E, V}, 0, NULL))            \
    X("np.stack([B, B, B], 1)", nd_stack(3, (nd_array *[]){B, B, B}, 1, NULL))                     \
    X("np.stack([V, V], -1)", nd_stack(2, (nd_array *[]){V, V}, -1, NULL))                         \
    X("np.stack([V, I])", nd_stack(2, (nd_array *[]){V, I}, 0, NULL))                              \
    X("np.hstack([V, V])", nd_hstack(2, (nd_array *[]){V, V}))                                     \
    X("np.hstack([A, B])", nd_hstack(2, (nd_array *[]){A, B}))                                     \
    X("np.vstack([V, V])", nd_vstack(2, (nd_array *[]){V, V}))                                     \
    X("np.vstack([M, V])", nd_vstack(2, (nd_array *[]){M, V}))                                     \
    X("np.dstack([M, M])", nd_dstack(2, (nd_array *[]){M, M}))                                     \
    X("np.dstack([V, V])", nd_dstack(2, (nd_array *[]){V, V}))                                     \
    X(PYJOIN("np.split(M, 2, 0)"), split3(M, 2, 0, true))                                          \
    X(PYJOIN("np.split(M, 3, 1)"), split3(M, 3, 1, true))                                          \
    X(PYJOIN("np.array_split(M, 3, 1)"), split3(M, 3, 1, false))                                   \
    X(PYJOIN("np.array_split(V, 4)"), split3(V, 4, 0, false))                                      \
    X(PYJOIN("np.split(M, [1, 3], 1)"), split_at(M, 2, (int64_t[]){1, 3}, 1))                      \
    X(PYJOIN("np.split(M, [-2, 9], 1)"), split_at(M, 2, (int64_t[]){-2, 9}, 1))                    \
    X("np.tile(V, 2)", nd_tile(V, 1, (int64_t[]){2}))                                              \
    X("np.tile(M, (2, 1, 3))", nd_tile(M, 3, (int64_t[]){2, 1, 3}))                                \
    X("np.tile(B, 2)", nd_tile(B, 1, (int64_t[]){2}))                                              \
    X("np.tile(S, (2, 2))", nd_tile(S, 2, (int64_t[]){2, 2}))                                      \
    X("np.repeat(V, 2)", nd_repeat(V, 1, (int64_t[]){2}, ND_AXIS_ALL))                             \
    X("np.repeat(A, [2, 0, 1], 1)", nd_repeat(A, 3, (int64_t[]){2, 0, 1}, 1))                      \
    X("np.repeat(B, 2, 2)", nd_repeat(B, 1, (int64_t[]){2}, 2))                                    \
    X("np.repeat(B, 3)", nd_repeat(B, 1, (int64_t[]){3}, ND_AXIS_ALL))                             \
    X("np.repeat(V.astype(complex), [0, 1, 2, 3, 1])", ({                                          \
          nd_array *c_ = nd_astype(V, ND_COMPLEX128),                                              \
                   *r_ = nd_repeat(c_, 5, (int64_t[]){0, 1, 2, 3, 1}, 0);                          \
          nd_release(c_);                                                                          \
          r_;                                                                                      \
      }))                                                                                          \
    X("np.repeat(M.astype(np.int16).T, 2, 0)", ({                                                  \
          nd_array *c_ = nd_astype(M, ND_INT16), *t_ = nd_transpose(c_, NULL),                     \
                   *r_ = nd_repeat(t_, 1, (int64_t[]){2}, 0);                                      \
          nd_release(c_), nd_release(t_);                                                          \
          r_;                                                                                      \
      }))                                                                                          \
    X("np.repeat(M, [1, 0, 2, 3], 0)", nd_repeat(M, 4, (int64_t[]){1, 0, 2, 3}, 0))                \
    X("np.repeat(B, 3, 1)", nd_repeat(B, 1, (int64_t[]){3}, 1))                                    \
    X("np.repeat(M, [1, 2], 0)", nd_repeat(M, 2, (int64_t[]){1, 2}, 0))                            \
    X("np.pad(M, ((1, 2), (0, 3)))", nd_pad(M, (int64_t[]){1, 2, 0, 3}, ND_PAD_CONSTANT, 0))       \
    X("np.pad(V, 2, constant_values=-1.5)", nd_pad(V, (int64_t[]){2, 2}, ND_PAD_CONSTANT, -1.5))   \
    X("np.pad(M, ((2, 1), (3, 2)), 'edge')", nd_pad(M, (int64_t[]){2, 1, 3, 2}, ND_PAD_EDGE, 0))   \
    X("np.pad(M, ((3, 1), (2, 7)), 'reflect')",                                                    \
      nd_pad(M, (int64_t[]){3, 1, 2, 7}, ND_PAD_REFLECT, 0))                                       \
    X("np.pad(B, ((1, 1), (2, 0), (1, 2)), 'wrap')",                                               \
      nd_pad(B, (int64_t[]){1, 1, 2, 0, 1, 2}, ND_PAD_WRAP, 0))                                    \
    X("np.pad(E, 2, 'edge')", nd_pad(E, (int64_t[]){2, 2}, ND_PAD_EDGE, 0))                        \
    X("np.flip(A, 1)", nd_flip(A, 1))                                                              \
    X("np.flip(B)", nd_flip(B, ND_AXIS_ALL))                                                       \
    X("np.roll(M, 2, 1)", nd_roll(M, 2, 1))                                                        \
    X("np.roll(M, -7)", nd_roll(M, -7, ND_AXIS_ALL))                                               \
    X("np.roll(B, 5, 0)", nd_roll(B, 5, 0))                                                        \
    X("np.rot90(M)", nd_rot90(M, 1, 0, 1))                                                         \
    X("np.rot90(M, 2)", nd_rot90(M, 2, 0, 1))                                                      \
    X("np.rot90(A, 3, (2, 0))", nd_rot90(A, 3, 2, 0))                                              \
    X("np.rot90(A, -1, (1, 2))", nd_rot90(A, -1, 1, 2))                                            \
    X("np.squeeze(A[:, :1, :1])", ({                                                               \
          nd_array *v_ = nd_slice(A, ":, :1, :1"), *r_ = nd_squeeze(v_, ND_AXIS_ALL);              \
          nd_release(v_);                                                                          \
          r_;                                                                                      \
      }))                                                                                          \
    X("np.squeeze(A, 1)", nd_squeeze(A, 1))                                                        \
    X("np.expand_dims(M, 1)", nd_expand_dims(M, 1))                                                \
    X("np.expand_dims(M, -1)", nd_expand_dims(M, -1))                                              \
    X("np.expand_dims(M, 3)", nd_expand_dims(M, 3))                                                \
    X("np.moveaxis(A, 0, -1)", nd_moveaxis(A, 0, -1))                                              \
    X("np.moveaxis(A, 2, 0)", nd_moveaxis(A, 2, 0))                                                \
    X("np.swapaxes(B, 0, 2)", nd_swapaxes(B, 0, 2))                                                \
    X("np.ravel(B)", nd_ravel(B))                                                                  \
    X("B.flatten()", nd_flatten(B))                                                                \
    X("np.atleast_1d(S)", nd_atleast_1d(S))                                                        \
    X("np.atleast_2d(V)", nd_atleast_2d(V))                                                        \
    X("np.atleast_3d(V)", nd_atleast_3d(V))                                                        \
    X("np.atleast_3d(M)", nd_atleast_3d(M))                                                        \
    X("np.atleast_3d(S)", nd_atleast_3d(S))                                                        \
    X(PYJOIN("np.broadcast_arrays(V, M[:, :1])"), bcast())                                         \
    X("np.eye(3, 4, 1, dtype=np.int32)", nd_eye(3, 4, 1, ND_INT32))                                \
    X("np.eye(4, k=-2)", nd_eye(4, -1, -2, ND_FLOAT64))                                            \
    X("np.identity(3, dtype=np.bool_)", nd_identity(3, ND_BOOL))                                   \
    X("np.eye(5, 3, -1, dtype=np.complex128)", nd_eye(5, 3, -1, ND_COMPLEX128))                   \
    X("np.eye(4, 6, 2, dtype=np.float16)", nd_eye(4, 6, 2, ND_FLOAT16))                            \
    X("np.eye(3, 3, 0, dtype=np.complex64)", nd_eye(3, 3, 0, ND_COMPLEX64))                        \
    X("np.eye(6, 4, -3, dtype=np.int8)", nd_eye(6, 4, -3, ND_INT8))                                \
    X("np.eye(0, 3, 1)", nd_eye(0, 3, 1, ND_FLOAT64))                                              \
    X("np.eye(3, 2, 2, dtype=np.uint64)", nd_eye(3, 2, 2, ND_UINT64))                              \
    X("np.diag(V, 1)", nd_diag(V, 1))                                                              \
    X("np.diag(M)", nd_diag(M, 0))                                                                 \
    X("np.diag(M, -2)", nd_diag(M, -2))                                                            \
    X("np.diag(M, 9)", nd_diag(M, 9))                                                              \
    X("np.diagonal(A, 1, 1, 2)", nd_diagonal(A, 1, 1, 2))                                          \
    X("np.diagonal(A, 0, 2, 0)", nd_diagonal(A, 0, 2, 0))                                          \
    X("np.triu(M, 1)", nd_triu(M, 1))                                                              \
    X("np.tril(A, -1)", nd_tril(A, -1))                                                            \
    X("np.triu(V)", nd_triu(V, 0))                                                                 \
    X(PYJOIN("np.meshgrid(V, I)"), mesh(false))                                                    \
    X(PYJOIN("np.meshgrid(V, I, indexing='ij')"), mesh(true))                                      \
    X("np.indices((2, 3))", nd_indices(2, (int64_t[]){2, 3}, ND_INT64))                            \
    X("np.indices((3, 1, 4), np.float32)", nd_indices(3, (int64_t[]){3, 1, 4}, ND_FLOAT32))        \
    X("np.indices((2, 0, 3), np.int8)", nd_indices(3, (int64_t[]){2, 0, 3}, ND_INT8))              \
    X("np.indices((5,), np.complex64)", nd_indices(1, (int64_t[]){5}, ND_COMPLEX64))               \
    X("np.take(M, I)", nd_take(M, I, ND_AXIS_ALL, NULL))                                           \
    X("np.take(M, J, 1)", nd_take(M, J, 1, NULL))                                                  \
    X("np.take(A, I, 0)", nd_take(A, I, 0, NULL))                                                  \
    X("np.take(A, J, -1)", nd_take(A, J, -1, NULL))                                                \
    X("np.take(M, [20])", nd_take(M, I2, ND_AXIS_ALL, NULL))                                       \
    X("np.take(M, J, out=np.zeros((2,3)))", take_out(ND_FLOAT64))                                  \
    X("np.take(M, J, out=np.zeros((2,3), np.int32))", take_out(ND_INT32))                          \
    X("np.compress(MASK, M, 1)", nd_compress(MASK, M, 1, NULL))                                    \
    X("np.compress(MASK, V)", nd_compress(MASK, V, 0, NULL))                                       \
    X("np.compress(MASK, A, 1)", nd_compress(MASK, A, 1, NULL))                                    \
    X("np.take_along_axis(M, J[:, :2].repeat(2, 0), 1)", ({                                        \
          nd_array *j_ = nd_slice(J, ":, :2"), *jj_ = nd_repeat(j_, 1, (int64_t[]){2}, 0),         \
                   *r_ = nd_take_along_axis(M, jj_, 1);                                            \
          nd_release(j_), nd_release(jj_);                                                         \
          r_;                                                                                      \
      }))                                                                                          \
    X("np.take_along_axis(A, I.reshape(1, 1, 3), 2)", ({                                           \
          nd_array *i_ = nd_reshape(I, 3, (int64_t[]){1, 1, 3}), *r_ = nd_take_along_axis(A, i_, 2); \
          nd_release(i_);                                                                          \
          r_;                                                                                      \
      }))                                                                                          \
    X("np.take_along_axis(B, I.reshape(1, 3, 1), 1)", ({                                           \
          nd_array *i_ = nd_reshape(I, 3, (int64_t[]){1, 3, 1}), *r_ = nd_take_along_axis(B, i_, 1); \
          nd_release(i_);                                                                          \
          r_;                                                                                      \
      }))                                                                                          \
    X("np.take_along_axis(M.astype(np.int8).T, J[:1, 2:], 0)", ({                                  \
          nd_array *c_ = nd_astype(M, ND_INT8), *t_ = nd_transpose(c_, NULL),                      \
                   *j_ = nd_slice(J, ":1, 2:"), *r_ = nd_take_along_axis(t_, j_, 0);               \
          nd_release(c_), nd_release(t_), nd_release(j_);                                          \
          r_;                                                                                      \
      }))                                                                                          \
    X("(lambda c: (np.put_along_axis(c, I.reshape(1, 1, 3), -1.0, 2), c)[1])(A.copy())", ({         \
          nd_array *c_ = nd_copy(A), *i_ = nd_reshape(I, 3, (int64_t[]){1, 1, 3}),                 \
                   *v_ = nd_lit_f64(-1.0);                                                         \
          nd_status s_ = nd_put_along_axis(c_, i_, v_, 2);                                         \
          nd_release(i_), nd_release(v_);                                                          \
          if (s_) nd_release(c_), c_ = NULL;                                                       \
          c_;                                                                                      \
      }))                                                                                          \
    X("np.take_along_axis(M, J[:1], 0)", ({                                                        \
          nd_array *j_ = nd_slice(J, ":1"), *r_ = nd_take_along_axis(M, j_, 0);                    \
          nd_release(j_);                                                                          \
          r_;                                                                                      \
      }))                                                                                          \
    X("(lambda c: (np.put(c, I, [9, 8]), c)[1])(M.copy())", put_copy(I, MI))                       \
    X("(lambda c: (np.put(c, J, [-1]), c)[1])(M.copy())", put_copy(J, N1))                         \
    X("(lambda c: (np.put_along_axis(c, np.concatenate([J[:, :2]]*2), V[:2], 1), "                 \
      "c)[1])(M.copy())",                                                                          \
      put_along())                                                                                 \
    X("(lambda c: (np.copyto(c, M, where=R), c)[1])(np.zeros((4,5)))", copyto_where())             \
    X("(lambda c: (np.copyto(c, M.astype(float)), c)[1])(np.zeros((4,5), np.int32))",              \
      copyto_bad())                                                                                \
    X(PYJOIN("np.nonzero(R)"), nonzero_of(R))                                                      \
    X(PYJOIN("np.nonzero(B)"), nonzero_of(B))                                                      \
    X("np.argwhere(R)", nd_argwhere(R))                                                            \
    X("np.flatnonzero(B)", nd_flatnonzero(B))                                                      \
    X("A[1, ::-2, I]", GET(A, IX_INT(1), IX_SL(NONE, NONE, -2), IX_ARR(I)))                        \
    X("A[I[:2], :, J[:, :2]]", ({                                                                  \
          nd_array *i_ = nd_slice(I, ":2"), *j_ = nd_slice(J, ":, :2"),                            \
                   *r_ = GET(A, IX_ARR(i_), IX_ALL, IX_ARR(j_));                                   \
          nd_release(i_), nd_release(j_);                                                          \
          r_;                                                                                      \
      }))                                                                                          \
    X("A[:, I, :2]", GET(A, IX_ALL, IX_ARR(I), IX_SL(NONE, 2, NONE)))                              \
    X("A[..., J]", GET(A, IX_ELL, IX_ARR(J)))                                                      \
    X("A[None, 1, ..., 2]", GET(A, IX_NEW, IX_INT(1), IX_ELL, IX_INT(2)))                          \
    X("M[R]", GET(M, IX_ARR(R)))                                                                   \
    X("M[MASK, 1:]", GET(M, IX_ARR(MASK), IX_SL(1, NONE, NONE)))                                   \
    X("M[:, MASK[:3].repeat(2)[1:]]", ({                                                           \
          nd_array *m3_ = nd_slice(MASK, ":3"), *m6_ = nd_repeat(m3_, 1, (int64_t[]){2}, 0),       \
                   *m5_ = nd_slice(m6_, "1:"), *r_ = GET(M, IX_ALL, IX_ARR(m5_));                  \
          nd_release(m3_), nd_release(m6_), nd_release(m5_);                                       \
          r_;                                                                                      \
      }))                                                                                          \
    X("A[1, I, J[:, :1]]", ({                                                                      \
          nd_array *j_ = nd_slice(J, ":, :1"), *r_ = GET(A, IX_INT(1), IX_ARR(I), IX_ARR(j_));     \
          nd_release(j_);                                                                          \
          r_;                                                                                      \
      }))                                                                                          \
    X("A[I, 1]", GET(A, IX_ARR(I), IX_INT(1)))                                                     \
    X("M[I, J]", GET(M, IX_ARR(I), IX_ARR(J)))                                                     \
    X("M[5]", GET(M, IX_INT(5)))                                                                   \
    X("M[:, [5]]", GET(M, IX_ALL, IX_ARR(C5)))                                                     \
    X("M[MASK[:2]]", ({                                                                            \
          nd_array *m2_ = nd_slice(MASK, ":2"), *r_ = GET(M, IX_ARR(m2_));                         \
          nd_release(m2_);                                                                         \
          r_;                                                                                      \
      }))                                                                                          \
    X("M[1, 2, 3]", GET(M, IX_INT(1), IX_INT(2), IX_INT(3)))                                       \
    X("M[0:4:0]", GET(M, IX_SL(0, 4, 0)))                                                          \
    X("M[-4:100:3, ::-3]", GET(M, IX_SL(-4, 100, 3), IX_SL(NONE, NONE, -3)))                       \
    X("(lambda c: (c.__setitem__((I, slice(1, 3)), -1), c)[1])(M.copy())",                         \
      SET(M, lit(-1), IX_ARR(I), IX_SL(1, 3, NONE)))                                               \
    X("(lambda c: (c.__setitem__(R, V[:4].repeat(2)[:7]), c)[1])(M.copy())", ({                    \
          nd_array *v4_ = nd_slice(V, ":4"), *v8_ = nd_repeat(v4_, 1, (int64_t[]){2}, 0),          \
                   *v7_ = nd_slice(v8_, ":7"), *r_ = SET(M, v7_, IX_ARR(R));                       \
          nd_release(v4_), nd_release(v8_), nd_release(v7_);                                       \
          r_;                                                                                      \
      }))                                                                                          \
    X("(lambda c: (c.__setitem__((Ellipsis, 1), 0.5), c)[1])(A.copy())",                           \
      SET(A, lit(0.5), IX_ELL, IX_INT(1)))                                                         \
    X("(lambda c: (c.__setitem__((1, J), V[:3]), c)[1])(A.copy())", ({                             \
          nd_array *v3_ = nd_slice(V, ":3"), *r_ = SET(A, v3_, IX_INT(1), IX_ARR(J));              \
          nd_release(v3_);                                                                         \
          r_;                                                                                      \
      }))

static nd_array *run_case(int i) {
    int k = 0;
#define RUN(py, c)                                                                                 \
    if (i == k++) return (c);
    CASES(RUN)
#undef RUN
    return NULL;
}

static const char *const py_cases[] = {
#define PY(py, c) py,
    CASES(PY)
#undef PY
};
enum { NCASES = sizeof py_cases / sizeof py_cases[0] };

START_TEST(vs_numpy) {
    make_arrays();
    int64_t one = 1, two = 2;
    I2 = nd_from_buffer(ND_INT64, 1, &one, (int64_t[]){20});
    MI = nd_from_buffer(ND_INT64, 1, &two, (int64_t[]){9, 8});
    N1 = nd_from_buffer(ND_INT64, 1, &one, (int64_t[]){-1});
    C5 = nd_from_buffer(ND_INT64, 1, &one, (int64_t[]){5});
    nd_test_numpy_cases(py_setup, NCASES, py_cases, run_case);
    for (int k = 0; k < nlits; k++) nd_release(lits[k]);
    nd_array *all[] = {A, B, V, M, E, I, MASK, S, J, R, I2, MI, N1, C5};
    for (size_t k = 0; k < sizeof all / sizeof all[0]; k++) nd_release(all[k]);
}
END_TEST

/* Errors carry NumPy's wording and the right status. */
/* put_along_axis's direct path (src/manip/fancy.c, put_along_direct):
   a, int64 indices and values of one shape, every axis of a 3-D array,
   items of 1, 2, 4 and 8 bytes, indices with negatives and repeats,
   against a loop here (the last write of a repeated index wins, as in
   NumPy's assignment); an index out of bounds leaves a untouched and
   names the first bad index. */
START_TEST(put_along_direct_path) {
    static const nd_dtype ts[] = {ND_UINT8, ND_INT16, ND_FLOAT32, ND_FLOAT64};
    int64_t shape[3] = {3, 4, 5}, n = 60;
    uint64_t st = 7;
    for (size_t ti = 0; ti < 4; ti++)
        for (int axis = -1; axis < 3; axis++) {
            int ax = axis < 0 ? 2 : axis;
            nd_dtype t = ts[ti];
            size_t w = nd_dtype_size(t);
            nd_array *a = nd_zeros(t, 3, shape), *v = nd_empty(t, 3, shape),
                     *ix = nd_empty(ND_INT64, 3, shape);
            unsigned char *vp = nd_data(v), *want = calloc((size_t)n, w);
            int64_t *ip = nd_data(ix);
            for (size_t b = 0; b < (size_t)n * w; b++) vp[b] = (unsigned char)(b * 7 + 3);
            for (int64_t k = 0; k < n; k++) {
                st = st * 6364136223846793005ULL + 1442695040888963407ULL;
                int64_t len = shape[ax];
                ip[k] = (int64_t)((st >> 33) % (uint64_t)(2 * len)) - len;
            }
            /* the reference: element k at (o, j, q) goes to (o, idx, q) along ax */
            for (int64_t k = 0; k < n; k++) {
                int64_t c[3] = {k / 20, k / 5 % 4, k % 5};
                c[ax] = ip[k] < 0 ? ip[k] + shape[ax] : ip[k];
                memcpy(want + (size_t)(c[0] * 20 + c[1] * 5 + c[2]) * w, vp + (size_t)k * w, w);
            }
            ck_assert_int_eq(nd_put_along_axis(a, ix, v, axis), ND_OK);
            ck_assert_msg(!memcmp(nd_data(a), want, (size_t)n * w), "%s axis %d",
                          nd_dtype_name(t), axis);
            /* out of bounds at element 37 (and 50): nothing written */
            nd_array *before = nd_copy(a);
            int64_t keep = ip[37], keep2 = ip[50];
            ip[37] = shape[ax], ip[50] = -shape[ax] - 1;
            ck_assert_int_eq(nd_put_along_axis(a, ix, v, axis), ND_ERR_INDEX);
            char msg[96];
            snprintf(msg, sizeof msg, "index %lld is out of bounds for axis %d with size %lld",
                     (long long)shape[ax], ax, (long long)shape[ax]);
            ck_assert_ptr_nonnull(strstr(nd_last_error_message(), msg));
            ck_assert(!memcmp(nd_data(a), nd_data(before), (size_t)n * w));
            nd_clear_error();
            ip[37] = keep, ip[50] = keep2;
            nd_release(a), nd_release(v), nd_release(ix), nd_release(before);
            free(want);
        }
}
END_TEST

START_TEST(errors) {
    make_arrays();
    ck_assert_ptr_null(nd_concatenate(2, (nd_array *[]){A, M}, 0, NULL));
    ck_assert_str_eq(nd_last_error_message(), "nd_concatenate: all the input array dimensions "
                                              "except for the concatenation axis must match "
                                              "exactly, but along dimension 0, the array at index "
                                              "0 has 3 dimension(s) and the array at index "
                                              "1 has 2 dimension(s)");
    nd_clear_error();
    ck_assert_ptr_null(nd_take(M, J, 2, NULL));
    ck_assert_nd_error(ND_ERR_AXIS);
    int64_t big = 20;
    nd_array *bi = nd_from_buffer(ND_INT64, 1, &(int64_t){1}, &big);
    ck_assert_ptr_null(nd_take(M, bi, ND_AXIS_ALL, NULL));
    ck_assert_str_eq(nd_last_error_message(),
                     "nd_take: index 20 is out of bounds for axis 0 with size 20");
    ck_assert_nd_error(ND_ERR_INDEX);
    nd_index ix[2] = {IX_ALL, IX_ARR(bi)};
    ck_assert_ptr_null(nd_index_get(M, 2, ix));
    ck_assert_str_eq(nd_last_error_message(),
                     "nd_index_get: index 20 is out of bounds for axis 1 with size 5");
    ck_assert_nd_error(ND_ERR_INDEX);
    nd_array *p[3];
    ck_assert_int_eq(nd_split(M, 3, 0, p), ND_ERR_VALUE);
    ck_assert_str_eq(nd_last_error_message(),
                     "nd_split: array split does not result in an equal division");
    nd_clear_error();
    nd_index three[3] = {IX_INT(0), IX_INT(0), IX_INT(0)};
    ck_assert_ptr_null(nd_index_get(M, 3, three));
    ck_assert_str_eq(
        nd_last_error_message(),
        "nd_index_get: too many indices for array: array is 2-dimensional, but 3 were indexed");
    ck_assert_nd_error(ND_ERR_INDEX);
    nd_array *fidx = nd_astype(I, ND_FLOAT64);
    nd_index fx[1] = {IX_ARR(fidx)};
    ck_assert_ptr_null(nd_index_get(M, 1, fx));
    ck_assert_nd_error(ND_ERR_INDEX);
    nd_array *ro = nd_broadcast_to(V, 2, (int64_t[]){3, 5});
    ck_assert_int_ne(nd_put(ro, I, V), ND_OK);
    nd_clear_error();
    /* allocation failures: nothing leaks */
    long live = nd_debug_live_allocs();
    for (long k = 1; k < 40; k++) {
        nd_debug_fail_alloc(k);
        nd_index gx[3] = {IX_INT(1), IX_SL(NONE, NONE, -1), IX_ARR(I)};
        nd_array *r1 = nd_index_get(A, 3, gx),
                 *r2 = nd_pad(M, (int64_t[]){1, 2, 3, 4}, ND_PAD_REFLECT, 0),
                 *r3 = nd_concatenate(2, (nd_array *[]){A, B}, 2, NULL);
        nd_debug_fail_alloc(0);
        nd_release(r1), nd_release(r2), nd_release(r3);
        nd_clear_error();
        ck_assert_int_eq(nd_debug_live_allocs(), live);
    }
    nd_release(bi), nd_release(fidx), nd_release(ro);
    nd_array *all[] = {A, B, V, M, E, I, MASK, S, J, R};
    for (size_t k = 0; k < sizeof all / sizeof all[0]; k++) nd_release(all[k]);
}
END_TEST

int main(void) {
    Suite *s = suite_create("manip");
    TCase *tc = tcase_create("manip");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, vs_numpy);
    tcase_add_test(tc, errors);
    tcase_add_test(tc, put_along_direct_path);
    suite_add_tcase(s, tc);
    return nd_test_run(s);
}
